"""One node per species across sources: find entities of different sources that look alike.

A curation table joins a species to another source's by using the same id (one
IRI). Two different IRIs that look like one species are *likely duplicates*:

* the same formula (msc:formula, compared without case, spaces or dashes);
* a shared name (label or alternative label, compared the same way);
* the same MSC-nnn (or sMSC-, dMSC-, PC-nnn) name with the same composition, or
  with the composition of one of them unknown.

The same MSC name with two different compositions (CdS MSC-360 and CdSe
MSC-360) is no duplicate: it is reported as a name shared by two species.
A pair a curator marked distinct (``distinct_from`` -> ``owl:differentFrom``)
is resolved; the build fails on any other (see :func:`check_reconciled`).
Only pairs in which at least one entity comes from a curation table are
compared, so the review's own Turtle is taken as it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from msckg.build.curation import MSC_NAME, Compiled
from msckg.errors import ProvenanceError
from msckg.namespaces import MSC


@dataclass(frozen=True)
class Candidate:
    entity: URIRef  # the table entity
    other: URIRef
    reason: str
    status: str  # "unresolved", "marked distinct", "name shared, compositions differ"
    where: str  # file:line of the entity's row


def normalised_name(text: str) -> str:
    return re.sub(r"[\s\-–−‐_]", "", text.casefold())


def _names(graph: Graph, iri: URIRef) -> set[str]:
    names = {normalised_name(str(o)) for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(iri, p)}
    return {n for n in names if n}


def _composition(graph: Graph, iri: URIRef) -> frozenset[str]:
    return frozenset(str(e).rsplit("/", 1)[-1] for p in (MSC.hasMetalElement, MSC.hasChalcogenElement)
                     for e in graph.objects(iri, p))


# a name that is an MSC or PC name, with the composition in front or not ("CdS MSC-360", "PC-299");
# a longer phrase that only mentions one ("precursor compound of MSC-360") is not
_WHOLE_NAME = re.compile(r"^(?:(?:[A-Z][a-z]?){2,3}[\s-]*)?" + MSC_NAME.pattern + "$")


def _msc_names(graph: Graph, iri: URIRef) -> set[str]:
    found = set()
    for p in (RDFS.label, SKOS.altLabel, MSC.absorptionPeakName):
        for o in graph.objects(iri, p):
            m = _WHOLE_NAME.match(str(o).strip())
            if m:
                found.add(f"{m.group(1)}-{m.group(2)}")
    return found


def _chemical(graph: Graph, ontology: Graph) -> set[URIRef]:
    """Individuals typed with a kind of chemical entity (asserted types, ontology hierarchy)."""
    kinds = set(ontology.transitive_subjects(RDFS.subClassOf, MSC.ChemicalEntity))
    return {s for s, o in graph.subject_objects(RDF.type) if o in kinds and isinstance(s, URIRef)}


def candidates(data: Graph, ontology: Graph, compiled: Compiled) -> list[Candidate]:
    """Likely duplicates between each table entity and every entity of another source."""
    chemical = _chemical(data, ontology)
    distinct = {frozenset(pair) for pair in data.subject_objects(OWL.differentFrom)}
    by_name: dict[str, set[URIRef]] = {}
    by_formula: dict[str, set[URIRef]] = {}
    by_msc: dict[str, set[URIRef]] = {}
    for iri in chemical:
        for n in _names(data, iri):
            by_name.setdefault(n, set()).add(iri)
        for f in data.objects(iri, MSC.formula):
            by_formula.setdefault(normalised_name(str(f)), set()).add(iri)
        for m in _msc_names(data, iri):
            by_msc.setdefault(m, set()).add(iri)
    found: dict[tuple[URIRef, URIRef], Candidate] = {}
    for iri, rows in sorted(compiled.declared.items()):
        if iri not in chemical:
            continue
        own_sources = {key for key, _ in rows}
        where = rows[0][1].where
        reasons: dict[URIRef, list[str]] = {}
        for n in _names(data, iri):
            for other in by_name.get(n, ()):
                reasons.setdefault(other, []).append(f"shared name {n!r}")
        for f in data.objects(iri, MSC.formula):
            for other in by_formula.get(normalised_name(str(f)), ()):
                reasons.setdefault(other, []).append(f"same formula {str(f)!r}")
        mine = _composition(data, iri)
        shared_name_only: dict[URIRef, str] = {}
        for m in _msc_names(data, iri):
            for other in by_msc.get(m, ()):
                theirs = _composition(data, other)
                if mine and theirs and mine != theirs:
                    shared_name_only[other] = (f"name {m} shared, compositions differ "
                                               f"({_formula(mine)} vs {_formula(theirs)})")
                else:
                    reasons.setdefault(other, []).append(
                        f"same name {m}, composition {_formula(mine) or 'not stated'} and "
                        f"{_formula(theirs) or 'not stated'}")
        for other, why in reasons.items():
            if other == iri or _same_source(other, own_sources, compiled):
                continue
            if other in shared_name_only:
                why = [w for w in why if not w.startswith("shared name")] or why
                # a shared bare name such as "MSC-360" between two compositions is the collision
                if all(w.startswith("shared name") for w in reasons[other]):
                    continue
            pair = tuple(sorted((iri, other)))
            status = "marked distinct" if frozenset((iri, other)) in distinct else "unresolved"
            entity, against, at = _oriented(iri, other, where, compiled)
            found.setdefault(pair, Candidate(entity, against, "; ".join(dict.fromkeys(why)), status, at))
        for other, why in shared_name_only.items():
            if other == iri or _same_source(other, own_sources, compiled):
                continue
            pair = tuple(sorted((iri, other)))
            if pair not in found:
                found[pair] = Candidate(iri, other, why, "name shared, compositions differ", where)
    for a, b in data.subject_objects(OWL.differentFrom):  # curators' marks the rules above did not need
        pair = tuple(sorted((a, b)))
        if a in compiled.declared and pair not in found:
            note = next((str(n) for ax in data.subjects(OWL.annotatedSource, a)
                         if data.value(ax, OWL.annotatedTarget) == b
                         for n in data.objects(ax, MSC.interpretationNote)), "")
            found[pair] = Candidate(a, b, f"curator: {note}", "marked distinct", compiled.row_of(a).where)
    return sorted(found.values(), key=lambda c: (c.status != "unresolved", str(c.entity), str(c.other)))


def _oriented(iri: URIRef, other: URIRef, where: str, compiled: Compiled) -> tuple[URIRef, URIRef, str]:
    """The pair as (newer entity, the one it resembles, the newer one's row): a node other sources
    (or the Turtle) already share is the reference, the entity a single table adds is the suspect."""
    def weight(x: URIRef) -> int:
        return (x in compiled.turtle_known) * 100 + len({k for k, _ in compiled.declared.get(x, [])})
    if other in compiled.declared and weight(other) < weight(iri):
        return other, iri, compiled.row_of(other).where
    return iri, other, where


def _same_source(other: URIRef, own_sources: set[str], compiled: Compiled) -> bool:
    """Whether other is declared only by tables of the sources the entity itself comes from."""
    rows = compiled.declared.get(other)
    return bool(rows) and other not in compiled.turtle_known and {k for k, _ in rows} <= own_sources


def _formula(elements: frozenset[str]) -> str:
    order = {e: i for i, e in enumerate(("Zn", "Cd", "Hg", "Mn", "Co", "Cu", "Ag", "Au", "O", "S", "Se", "Te"))}
    return "".join(sorted(elements, key=lambda e: (order.get(e, 99), e)))


def check_reconciled(data: Graph, ontology: Graph, compiled: Compiled) -> list[Candidate]:
    """Raise on the first likely duplicate no curator has resolved; return every candidate."""
    found = candidates(data, ontology, compiled)
    for c in found:
        if c.status == "unresolved":
            other = str(c.other).rsplit("/", 1)[-1]
            raise ProvenanceError(
                f"entity {str(c.entity).rsplit('/', 1)[-1]!r} is likely the same species as "
                f"mscr:{other} ({c.reason})", where=c.where,
                hint=f"use id {other} to join them (one node), or put {other} in distinct_from "
                     "with a note saying why they differ; 'msckg reconcile' lists every case")
    return found
