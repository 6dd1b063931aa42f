"""build/summary.py's figures, counted by the store (the same keys and the same order)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from msckg.build.provenance import RECORD_CLASSES
from msckg.build.reason import Derivation
from msckg.namespaces import MSC, MSCR

from msckg.build.native.checks import _fact_filter
from msckg.build.native.dataset import ASSERTED, INFERRED_PREFIX, ONTOLOGY

_P = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX owl: <http://www.w3.org/2002/07/owl#>\n" \
     "PREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX msc: <https://w3id.org/msckg/ontology/>\n"


# the annotated triple ?s ?p ?o is a fact, as checks.check_provenance reads facts
FACT = _fact_filter()


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _count(store: ox.Store, graphs: list[ox.NamedNode]) -> int:
    return sum(1 for g in graphs for _ in store.quads_for_pattern(None, None, None, g))


def _rows(store: ox.Store, query: str):
    return list(store.query(_P + query))


def derived_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The derivations' named graphs, by name."""
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)
                   and g.value.startswith(INFERRED_PREFIX)), key=lambda g: g.value)


def with_sizes(sizes: dict[str, int], figures: dict) -> dict:
    """The summary: the figures of asserted_figures and derived_figures with the triples of each written part."""
    return {"triples": {**sizes, "total": sum(sizes.values())}, **figures}


def asserted_figures(store: ox.Store) -> dict:
    """The figures of the summary that read only the ontology and the asserted graph (so they may be
    counted beside the reasoning, which writes neither)."""
    a, o = ASSERTED.value, ONTOLOGY.value
    skipped = " ".join(f"<{c}>" for c in sorted(RECORD_CLASSES))
    individuals = Counter()
    for row in _rows(store, f"""SELECT ?s ?o WHERE {{ GRAPH <{a}> {{ ?s a ?o }}
            FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{MSCR}") && isIRI(?o))  # not a restriction (model v2)
            FILTER (?o NOT IN (owl:NamedIndividual, owl:Axiom, {skipped.replace('> <', '>, <')})) }}"""):
        individuals[_local(row[1].value)] += 1
    per_reference: Counter[str] = Counter()
    for row in _rows(store, f"""SELECT ?ref ?number (COUNT(*) AS ?n) WHERE {{
            {{ SELECT DISTINCT ?s ?p ?o ?ref WHERE {{ GRAPH <{a}> {{ ?ax a owl:Axiom ; owl:annotatedSource ?s ;
                 owl:annotatedProperty ?p ; owl:annotatedTarget ?o ; msc:supportedByReference ?ref {FACT} }} }} }}
            OPTIONAL {{ GRAPH <{a}> {{ ?ref msc:referenceNumber ?number }} }}
        }} GROUP BY ?ref ?number"""):
        key = f"ref. {row[1].value}" if row[1] is not None else _local(row[0].value)
        per_reference[key] += int(row[2].value)
    per_section: Counter[str] = Counter()
    for row in _rows(store, f"""SELECT ?section (COUNT(*) AS ?n) WHERE {{
            {{ SELECT DISTINCT ?s ?p ?o ?section WHERE {{ GRAPH <{a}> {{ ?ax a owl:Axiom ; owl:annotatedSource ?s ;
                 owl:annotatedProperty ?p ; owl:annotatedTarget ?o ; msc:statedIn ?evidence {FACT}
                 OPTIONAL {{ ?evidence msc:inSection ?part }} }}
                 BIND (COALESCE(?part, "background") AS ?section) }} }}
        }} GROUP BY ?section"""):
        key = row[0].value if isinstance(row[0], ox.Literal) else _local(row[0].value)
        per_section[key] += int(row[1].value)

    def ontology_count(kind: str, iri_only: bool = False) -> int:
        test = "FILTER isIRI(?c)" if iri_only else ""
        return int(next(iter(_rows(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH <{o}> {{ ?c a {kind} {test} }} }}")))[0].value)

    return {
        "classes": ontology_count("owl:Class", iri_only=True),
        "object_properties": ontology_count("owl:ObjectProperty"),
        "datatype_properties": ontology_count("owl:DatatypeProperty"),
        "individuals_per_class": dict(sorted(individuals.items())),
        "facts_per_reference": dict(sorted(per_reference.items(),
                                           key=lambda kv: (int(kv[0].split()[-1]) if kv[0].startswith("ref.") else 10**6, kv[0]))),
        "facts_per_section": dict(sorted(per_section.items())),
    }


def derived_figures(store: ox.Store, facts: int, derivations: list[Derivation]) -> dict:
    """The figures of the summary that count what the build derived (a few per cent of the triples)."""
    derived = derived_graphs(store)
    inferred_types = Counter()
    for g in derived:
        for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None, g):
            if q.object.value not in (str(MSC.Derivation),):
                inferred_types[_local(q.object.value)] += 1
    return {
        "facts": facts,
        "inferred_facts": sum(_count(store, [g]) for g in derived),
        "derivations": [d.label for d in derivations],
        "inferred_types_per_class": dict(sorted(inferred_types.items())),
    }


def count_facts(store: ox.Store) -> int:
    """Asserted facts (each sourced, once the provenance check has passed): distinct annotated triples
    that are facts (provenance.asserted_facts: not an annotation property such as qudt:numericValue,
    not a record's or OWL structure's triple)."""
    row = next(iter(_rows(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        GRAPH <{ASSERTED.value}> {{ ?ax a owl:Axiom ; owl:annotatedSource ?s ; owl:annotatedProperty ?p ;
                                    owl:annotatedTarget ?o {FACT} }} }} }}""")))
    return int(row[0].value)
