"""The term, quote and provenance checks of load_inputs, as SPARQL over the working store.

They raise the same errors as the rdflib checks (vocabulary.py, evidence.py,
provenance.py): what they compare is small (declared terms, sentence records),
so the messages and hints come from the same functions; what grows with the
data (every fact and its axiom) is found by the store.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from msckg.build.evidence import check_quotes
from msckg.build.provenance import RECORD_CLASSES, _STRUCTURAL_TYPES
from msckg.build.sourcetext import Source
from msckg.build.vocabulary import _CHECKED, _DECLARING_TYPES, check_terms
from msckg.errors import ProvenanceError
from msckg.namespaces import MSC, QUDT
from msckg.query.store import from_oxigraph

from msckg.build.native.dataset import ASSERTED, ONTOLOGY

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX msc: <https://w3id.org/msckg/ontology/>
"""
# Properties whose IRI objects name a unit (issue 11 moves qudt:unit to qudt:hasUnit).
_UNIT_PROPERTIES = (QUDT.unit, QUDT.hasUnit)


def _iris(store: ox.Store, query: str) -> set[URIRef]:
    return {URIRef(row[0].value) for row in store.query(PREFIXES + query)
            if isinstance(row[0], ox.NamedNode)}


def _values(terms) -> str:
    return " ".join(f"<{t}>" for t in terms)


def check_vocabulary(store: ox.Store, files: list[Path]) -> None:
    namespaces = " || ".join(f'STRSTARTS(STR(?t), "{ns}")' for ns in _CHECKED)
    used = _iris(store, f"""SELECT DISTINCT ?t WHERE {{
        {{ SELECT DISTINCT ?t WHERE {{ GRAPH <{ASSERTED.value}> {{ ?s ?t ?o }} }} }}
        UNION {{ GRAPH <{ASSERTED.value}> {{ ?s ?p ?t VALUES ?p {{ rdf:type {_values(_UNIT_PROPERTIES)} }} }} }}
        FILTER (isIRI(?t) && ({namespaces})) }}""")
    declared = _iris(store, f"""SELECT DISTINCT ?s WHERE {{ GRAPH <{ONTOLOGY.value}> {{
        ?s a ?kind VALUES ?kind {{ {_values(_DECLARING_TYPES)} <{QUDT.Unit}> }} }} }}""")
    check_terms(used, declared, files)


def check_sentences(store: ox.Store, sources: dict[str, Source]) -> None:
    """The quote check of evidence.py on the sentence records (a few per paper) read from the store."""
    records = Graph()
    for row in store.query(PREFIXES + f"""SELECT ?s ?value ?part WHERE {{ GRAPH <{ASSERTED.value}> {{
            ?s a msc:SourceSentence OPTIONAL {{ ?s prov:value ?value }} OPTIONAL {{ ?s msc:inSection ?part }} }} }}"""):
        s = from_oxigraph(row[0])
        records.add((s, RDF.type, MSC.SourceSentence))
        if row[1] is not None:
            records.add((s, URIRef("http://www.w3.org/ns/prov#value"), from_oxigraph(row[1])))
        if row[2] is not None:
            records.add((s, MSC.inSection, from_oxigraph(row[2])))
    check_quotes(records, sources)


# A fact: an asserted triple about an individual, not OWL structure or a bibliographic record
# (provenance.asserted_facts). ?s ?p ?o are bound by the triple pattern before this filter. Inside
# a GRAPH block the patterns read that graph; outside one, give graph (the asserted graph's IRI).
def _fact_filter(graph: str | None = None) -> str:
    def of(pattern: str) -> str:
        return f"GRAPH <{graph}> {{ {pattern} }}" if graph else pattern

    skipped_types = _values(sorted(_STRUCTURAL_TYPES | RECORD_CLASSES))
    return f"""
        FILTER (?p NOT IN (owl:annotatedSource, owl:annotatedProperty, owl:annotatedTarget, owl:distinctMembers))
        FILTER (!(?p = rdf:type && ?o IN ({skipped_types.replace('> <', '>, <')})))
        FILTER NOT EXISTS {{ GRAPH <{ONTOLOGY.value}> {{ ?p a owl:AnnotationProperty }} }}
        FILTER NOT EXISTS {{ {of("?s a owl:Axiom")} }}
        FILTER NOT EXISTS {{ {of("?s rdf:first ?first")} }}
        FILTER NOT EXISTS {{ {of("?s a ?classExpression")} FILTER (isBlank(?s) && ?classExpression IN (owl:Restriction, owl:Class)) }}
        FILTER NOT EXISTS {{ {of("?s owl:inverseOf ?inverse")} FILTER isBlank(?s) }}
        FILTER NOT EXISTS {{ {of("?s a ?record")} FILTER (?record IN ({_values(sorted(RECORD_CLASSES)).replace('> <', '>, <')})) }}"""


def _first(store: ox.Store, query: str):
    for row in store.query(PREFIXES + query):
        return [from_oxigraph(v) if v is not None else None for v in row]
    return None


def _short(node) -> str:
    from msckg.build.provenance import _short as short

    return short(node)


def _describe_blank(store: ox.Store, node) -> str:
    rows = store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{ASSERTED.value}> {{ {ox.BlankNode(str(node))} ?p ?o }} }} LIMIT 3")
    label = ", ".join(f"{_short(from_oxigraph(r[0]))} {_short(from_oxigraph(r[1]))}" for r in rows)
    return f"blank node [{label}]"


def check_provenance(store: ox.Store) -> None:
    """provenance.sourced_facts over the store: raise on the first unsourced fact or stray axiom."""
    g = ASSERTED.value
    bad = _first(store, f"""SELECT ?ax WHERE {{ GRAPH <{g}> {{ ?ax a owl:Axiom
        FILTER (NOT EXISTS {{ ?ax owl:annotatedSource ?x1 }} || NOT EXISTS {{ ?ax owl:annotatedProperty ?x2 }}
                || NOT EXISTS {{ ?ax owl:annotatedTarget ?x3 }}) }} }} LIMIT 1""")
    if bad:
        raise ProvenanceError("owl:Axiom lacks annotatedSource, annotatedProperty or annotatedTarget",
                              where=_describe_blank(store, bad[0]) if not isinstance(bad[0], URIRef)
                              else str(bad[0]), hint="give all three, equal to the asserted triple")
    axiom = "?ax a owl:Axiom ; owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o ."
    # The two fact queries take away the axioms' own triples (most of the graph) by one MINUS each
    # before the fact filter's tests, which then run on the few triples left (10^6 triples: 3.1 s
    # and 5.3 s with the tests on every triple, 1.4 s and 2.2 s like this).
    bad = _first(store, f"""SELECT ?s ?p ?o WHERE {{
        {{ SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o FILTER isBlank(?s) }}
                                   MINUS {{ GRAPH <{g}> {{ ?s a owl:Axiom }} }} }} }}
        {_fact_filter(g)} }} ORDER BY ?p ?o LIMIT 1""")
    if bad:
        s, p, o = bad
        raise ProvenanceError(f"fact with a blank-node subject ({_short(p)} {_short(o)})",
                              where=_describe_blank(store, s),
                              hint="give the individual an IRI under https://w3id.org/msckg/resource/")
    # a fact with a blank-node subject has been refused above, so only IRI subjects are left to test
    bad = _first(store, f"""SELECT ?s ?p ?o WHERE {{
        {{ SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o FILTER (!isBlank(?s)) }}
                                   MINUS {{ GRAPH <{g}> {{ {axiom} }} }} }} }}
        {_fact_filter(g)} }} ORDER BY ?s ?p ?o LIMIT 1""")
    if bad:
        s, p, o = bad
        raise ProvenanceError(f"fact has no source: {_short(s)} {_short(p)} {_short(o)}", where=str(s),
                              hint="add an owl:Axiom annotation with msc:statedIn "
                                   "naming the source sentence (see data/README.md)")
    bad = _first(store, f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ {axiom} }}
        MINUS {{ GRAPH <{g}> {{ {axiom} ?ax msc:statedIn ?evidence }} }} }}
        ORDER BY ?s ?p ?o LIMIT 1""")
    if bad:
        s, p, o = bad
        raise ProvenanceError(f"fact's axiom names no evidence: {_short(s)} {_short(p)} {_short(o)}",
                              where=str(s), hint="add msc:statedIn <source sentence> to its owl:Axiom")
    bad = _first(store, f"""SELECT ?evidence ?s WHERE {{ GRAPH <{g}> {{ ?ax a owl:Axiom ;
            owl:annotatedSource ?s ; msc:statedIn ?evidence
        FILTER NOT EXISTS {{ ?evidence a ?kind VALUES ?kind {{ msc:SourceSentence msc:CitedSentence msc:Document msc:Review }} }}
        }} }} ORDER BY ?s ?evidence LIMIT 1""")
    if bad:
        evidence, s = bad
        raise ProvenanceError(f"evidence {evidence} is not a known source sentence or document", where=str(s),
                              hint="use a sentence IRI from data/<source>/sentences.ttl")
    # an axiom whose triple is not asserted (annotation assertions may be annotated too)
    # NOT EXISTS here, not MINUS: with all three terms bound it is one index lookup per axiom (1.1 s at
    # 10^6 triples), where MINUS hashes the whole graph (4.6 s)
    bad = _first(store, f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ {axiom} FILTER NOT EXISTS {{ ?s ?p ?o }} }} }}
        ORDER BY ?s ?p ?o LIMIT 1""")
    if bad:
        raise ProvenanceError("an owl:Axiom annotates a triple that is not asserted: "
                              + " ".join(_short(t) for t in bad), where=str(bad[0]),
                              hint="assert the triple too, or fix the annotated source, property or target")
