"""Names as chemists type them -> entities: the one matcher of describe, pathway and query parameters.

A name is compared in a normal form that ignores what chemists vary and keeps what changes the
species: case, spaces, hyphens, en dashes and underscores are ignored, Unicode sub- and
superscripts are read as digits and signs (``(CdSe)₁₃`` is ``(CdSe)13``, ``Mn²⁺`` is ``Mn2+``),
and a charge sign at the end is kept (``Mn−``, the anionic clusters, is not manganese ``Mn``;
``CO2-`` is not CO2). Every name an entity has counts: its label, alternative labels and formula.
``(CdSe)33/34`` names both (CdSe)33 and (CdSe)34.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from msckg.errors import InputError
from msckg.namespaces import PREFIXES
from msckg.query.store import Store

# dashes and minus signs that chemists type for one another
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212\u2796\uFE63\uFF0D]")
# a sign at the very end is a charge: after an element symbol, a count, a bracket or a radical dot
_CHARGE = re.compile(r"(?<=[\w)\]\u2022\u00b7])\s*([-+]+)$")
_IGNORED = re.compile(r"[\s\-_]")
# "(CdSe)33/34", "(CdSe)33,34" or "(CdSe)33 and 34": the same formula with either count
_ALTERNATIVES = re.compile(
    r"^(?P<stem>.*?\D)(?P<first>\d+)\s*(?:/|,|\band\b|&)\s*(?P<rest>\d+(?:\s*(?:/|,)\s*\d+)*)$")


def normalize_name(text: str) -> str:
    """The form in which names are compared (see the module's docstring).

    >>> normalize_name("(CdSe)₁₃"), normalize_name("Cd₁₃Se₁₃")
    ('(cdse)13', 'cd13se13')
    >>> normalize_name("Mn²⁺"), normalize_name("Mn−"), normalize_name("Mn"), normalize_name("MSC-399")
    ('mn2+', 'mn-', 'mn', 'msc399')
    """
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", text)).strip().lower()
    charge = _CHARGE.search(text)
    sign = charge.group(1) if charge else ""
    body = text[:charge.start()] if charge else text
    return _IGNORED.sub("", body) + sign


@dataclass
class NameIndex:
    """Every name of every entity (sentences excepted), by normal form."""

    entities: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> {iri: label}
    rank: dict[str, int] = field(default_factory=dict)  # key -> best rank of its names (0 label ...)
    shown: dict[str, str] = field(default_factory=dict)  # key -> the name as written
    suggestible: set[str] = field(default_factory=set)  # keys of names worth suggesting

    @classmethod
    def of(cls, store: Store, queries: Path) -> "NameIndex":
        from msckg.query.catalog import find_query

        index = cls()
        rows = store.select(find_query(queries, "entity-names").text)
        # best rank first: a label or alternative label outranks a formula of another entity
        for row in sorted(rows, key=lambda r: (int(r["rank"].toPython()),)
                          + tuple(str(r.get(k, "")) for k in ("entity", "name", "label"))):
            name, label, rank = str(row["name"]), row.get("label"), int(row["rank"].toPython())
            if label is None:
                continue
            key = normalize_name(name)
            if not key or index.rank.setdefault(key, rank) < rank:
                continue
            index.entities.setdefault(key, {}).setdefault(str(row["entity"]), str(label))
            index.shown.setdefault(key, name)
            if row.get("reference") is None:
                index.suggestible.add(key)
        return index

    def lookup(self, text: str) -> list[tuple[str, str]]:
        """(iri, label) of every entity the text names, sorted by label; [] if none."""
        found = self._exact(text)
        if not found:
            match = _ALTERNATIVES.match(unicodedata.normalize("NFKC", text).strip())
            if match:
                counts = [match["first"]] + re.split(r"\s*[/,]\s*", match["rest"])
                parts = [self._exact(match["stem"] + n) for n in counts]
                if all(parts):
                    found = {iri: label for part in parts for iri, label in part.items()}
        return sorted(found.items(), key=lambda kv: (kv[1], kv[0]))

    def _exact(self, text: str) -> dict[str, str]:
        return dict(self.entities.get(normalize_name(text), {}))

    def closest(self, text: str, n: int = 5, among: Iterable[str] | None = None) -> list[str]:
        """The names closest to text (of the given entities only, if among is given)."""
        keys = sorted(self.suggestible)
        if among is not None:
            wanted = set(among)
            keys = [k for k in keys if wanted & set(self.entities[k])]
        needle = normalize_name(text)
        close = difflib.get_close_matches(needle, keys, n=n, cutoff=0.5)
        contains = sorted((k for k in keys if len(needle) > 2 and (needle in k or (len(k) > 2 and k in needle))),
                          key=len)
        return [self.shown[k] for k in dict.fromkeys(close + contains)][:n]


def find_entities(store: Store, queries: Path, text: str) -> list[tuple[str, str]]:
    """(iri, label) of every entity named text."""
    return NameIndex.of(store, queries).lookup(text)


def suggest(store: Store, queries: Path, text: str, n: int = 5) -> list[str]:
    """The names closest to text."""
    return NameIndex.of(store, queries).closest(text, n)


_SCHEME = re.compile(r"^(?:https?|urn|file|ftp|mailto|tag|doi|info):", re.IGNORECASE)


def parse_iri(text: str) -> URIRef | None:
    """An absolute IRI, or a CURIE of the project's prefixes expanded; None if text is neither.

    >>> parse_iri("mscr:Mn2plus"), parse_iri("Mn2+")
    (rdflib.term.URIRef('https://w3id.org/msckg/resource/Mn2plus'), None)
    """
    import pyoxigraph as ox

    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        text = str(PREFIXES[prefix]) + local
    elif not _SCHEME.match(text):
        return None
    try:
        return URIRef(ox.NamedNode(text).value)  # Oxigraph checks the IRI (RFC 3987)
    except ValueError:
        return None


def resolve_iri(store: Store, queries: Path, name: str, text: str, index: NameIndex | None = None) -> URIRef:
    """The IRI a parameter value means: an IRI, a CURIE (mscr:CdSe13) or a name (Mn2+, (CdSe)₁₃).

    A name must name one entity; an unknown or ambiguous one is an InputError (exit 2).
    """
    if not text.strip():
        raise InputError(f"parameter {name} is empty", hint=f"give an IRI, a CURIE such as mscr:CdSe13 or a name")
    if _SCHEME.match(text) or (text.partition(":")[0] in PREFIXES):
        iri = parse_iri(text)
        if iri is None:
            raise InputError(f"parameter {name}={text!r} is not a valid iri",
                             hint="give an absolute IRI without spaces or control characters, "
                                  "a CURIE such as mscr:CdSe13, or a name")
        return iri
    index = index or NameIndex.of(store, queries)
    found = index.lookup(text)
    if len(found) == 1:
        return URIRef(found[0][0])
    if found:
        choices = ", ".join(f"{label} ({_curie(iri)})" for iri, label in found[:5])
        raise InputError(f"parameter {name}={text!r} names {len(found)} entities: {choices}",
                         hint="give one of them as a CURIE")
    close = index.closest(text)
    raise InputError(f"parameter {name}={text!r} names no entity",
                     hint=("closest names: " + "; ".join(close)) if close
                     else "give an IRI, a CURIE such as mscr:CdSe13, or a name 'msckg describe' knows")


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and prefix:
            return f"{prefix}:{iri[len(str(ns)):]}"
    return f"<{iri}>"
