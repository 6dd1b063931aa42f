"""Species as chemists type them (`ZnSe PCs`, `(CdSe)33`, `MSC-399`, `(CdSe)33/34`) -> graph nodes."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import networkx as nx

from msckg.query.describe import find_entities, normalize_name, suggest
from msckg.errors import NotFoundError
from msckg.pathways.graph import is_species, local_name, species
from msckg.query.store import Store

# "(CdSe)33/34", "(CdSe)33,34" or "(CdSe)33 and 34": the same formula with either count
_ALTERNATIVES = re.compile(r"^(?P<stem>.*?\D)(?P<first>\d+)\s*(?:/|,|\band\b|&)\s*(?P<rest>\d+(?:\s*(?:/|,)\s*\d+)*)$")


def resolve_species(graph: nx.MultiDiGraph, text: str, store: Store | None = None,
                    queries: Path | None = None) -> list[str]:
    """The species nodes named text; NotFoundError with the closest species names if none."""
    found = _lookup(graph, text, store, queries)
    if found:
        return found
    match = _ALTERNATIVES.match(text.strip())
    if match:
        counts = [match["first"]] + re.split(r"\s*[/,]\s*", match["rest"])
        parts = [_lookup(graph, match["stem"] + n, store, queries) for n in counts]
        if all(parts):
            return sorted({n for part in parts for n in part})
    named = find_entities(store, queries, text) if store is not None and queries is not None else []
    close = suggest_species(graph, text, store=store, queries=queries)
    hint = ("closest species: " + "; ".join(close)) if close else "'msckg pathway --all' lists the species"
    if named:
        labels = ", ".join(label for _, label in named[:3])
        raise NotFoundError(f"{text!r} names {labels}: not the input or output of any step", hint=hint)
    raise NotFoundError(f"no species is named {text!r}", hint=hint)


def _lookup(graph: nx.MultiDiGraph, text: str, store: Store | None, queries: Path | None) -> list[str]:
    """Exact names first: labels, then labels and alternative labels in the store, then formulas."""
    needle = normalize_name(text)
    if not needle:
        return []
    nodes = species(graph)
    hits = [n for n in nodes if normalize_name(graph.nodes[n].get("label", "")) == needle]
    if not hits and store is not None and queries is not None:
        hits = [iri for iri, _ in find_entities(store, queries, text) if iri in graph and is_species(graph, iri)]
    if not hits:
        hits = [n for n in nodes if needle in {normalize_name(graph.nodes[n].get("formula") or ""),
                                              normalize_name(local_name(n))}]
    return sorted(set(hits))


def suggest_species(graph: nx.MultiDiGraph, text: str, n: int = 5, store: Store | None = None,
                    queries: Path | None = None) -> list[str]:
    """The names of the species closest to text: their labels and formulas, and with a store
    also their alternative labels (as 'Mule CdSe MSC 1')."""
    by_norm: dict[str, str] = {}
    for node in species(graph):
        data = graph.nodes[node]
        for name in (data.get("label"), data.get("formula")):
            if name:
                by_norm.setdefault(normalize_name(name), name)
    needle = normalize_name(text)
    close = difflib.get_close_matches(needle, list(by_norm), n=n, cutoff=0.5)
    contains = [k for k in by_norm if len(needle) > 2 and (needle in k or (len(k) > 2 and k in needle))]
    ordered = [by_norm[k] for k in dict.fromkeys(close + sorted(contains, key=len))]
    if store is not None and queries is not None:
        known = set(species(graph))
        others = [name for name in suggest(store, queries, text, n=2 * n)
                  if any(iri in known for iri, _ in find_entities(store, queries, name))]
        ordered = list(dict.fromkeys(others + ordered))
    return ordered[:n]
