"""Species as chemists type them (`ZnSe PCs`, `(CdSe)33`, `MSC-399`, `(CdSe)33/34`) -> graph nodes."""

from __future__ import annotations

import difflib
from pathlib import Path

import networkx as nx

from msckg.query.names import NameIndex, normalize_name
from msckg.errors import NotFoundError
from msckg.pathways.graph import is_species, local_name, species
from msckg.query.store import Store


def resolve_species(graph: nx.MultiDiGraph, text: str, store: Store | None = None,
                    queries: Path | None = None) -> list[str]:
    """The species nodes named text; NotFoundError with the closest species names if none.

    Names are matched as describe matches them (msckg.query.names), including "(CdSe)33/34"."""
    index = NameIndex.of(store, queries) if store is not None and queries is not None else None
    needle = normalize_name(text)
    # a species' own label first (a name may also be another entity's alternative label)
    found = sorted(n for n in species(graph) if needle and normalize_name(graph.nodes[n].get("label", "")) == needle)
    named = [iri for iri, _ in index.lookup(text)] if index is not None else []
    if not found:
        found = sorted({iri for iri in named if iri in graph and is_species(graph, iri)})
    if not found:
        found = _by_node_names(graph, text)
    if found:
        return found
    close = suggest_species(graph, text, index=index)
    hint = ("closest species: " + "; ".join(close)) if close else "'msckg pathway --all' lists the species"
    if named:
        labels = ", ".join(label for _, label in index.lookup(text)[:3])
        raise NotFoundError(f"{text!r} names {labels}: not the input or output of any step", hint=hint)
    raise NotFoundError(f"no species is named {text!r}", hint=hint)


def _by_node_names(graph: nx.MultiDiGraph, text: str) -> list[str]:
    """Without a store (or for nodes the store does not name): labels, formulas, local names."""
    needle = normalize_name(text)
    if not needle:
        return []
    return sorted(n for n in species(graph)
                  if needle in {normalize_name(graph.nodes[n].get(k) or "") for k in ("label", "formula")}
                  | {normalize_name(local_name(n))})


def suggest_species(graph: nx.MultiDiGraph, text: str, n: int = 5, store: Store | None = None,
                    queries: Path | None = None, index: NameIndex | None = None) -> list[str]:
    """The names of the species closest to text: their labels and formulas, and with a store
    also their alternative labels (as 'Mule CdSe MSC 1')."""
    if index is None and store is not None and queries is not None:
        index = NameIndex.of(store, queries)
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
    if index is not None:
        ordered = list(dict.fromkeys(index.closest(text, n=2 * n, among=species(graph)) + ordered))
    return ordered[:n]
