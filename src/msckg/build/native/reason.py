"""Reasoning fed from the working store: HermiT on the ontology, the OWL 2 RL closure, the rules.

The derivations and what each keeps are those of build/reason.py and build/rules.py
(the same view of the graph, the same filter of the closure, the rule files of
queries/rules/ run to a fixpoint); only the data stay in the store. Each derived
triple goes into its derivation's named graph; a triple found by an earlier
derivation is not repeated by a later one, as in the DL path.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from msckg.build.reason import RL_DERIVATION, TBOX_DERIVATION, Derivation, infer
from msckg.build.rules import Rule, rounds_needed, run_rule
from msckg.namespaces import MSC
from msckg.query.store import from_oxigraph, to_oxigraph

from msckg.build.native.dataset import ASSERTED, ONTOLOGY, derivation_graph, work_graph

VIEW = work_graph("reasoning-view")


def graph_of(store: ox.Store, graph: ox.NamedNode) -> Graph:
    """One named graph of the store as an rdflib graph (for the small ontology only)."""
    g = Graph()
    for q in store.quads_for_pattern(None, None, None, graph):
        g.add((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object)))
    return g


def ontology_entailments(store: ox.Store) -> list[tuple]:
    """What HermiT entails from the ontology graph (it only reads the store)."""
    return sorted(infer(graph_of(store, ONTOLOGY), "hermit"))


def add_ontology_entailments(store: ox.Store, triples: list[tuple]) -> None:
    _add(store, triples, TBOX_DERIVATION)


def _add(store: ox.Store, triples, derivation: Derivation) -> int:
    graph = derivation_graph(str(derivation.iri))
    quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph) for s, p, o in triples]
    store.extend(quads)
    return len(quads)


def _make_view(store: ox.Store) -> None:
    """reason.reasoning_view as an update: logical axioms and facts, without annotations."""
    sources = ", ".join(f"<{g}>" for g in (ONTOLOGY.value, ASSERTED.value,
                                           derivation_graph(str(TBOX_DERIVATION.iri)).value))
    store.update(f"""PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        INSERT {{ GRAPH <{VIEW.value}> {{ ?s ?p ?o }} }} WHERE {{
          GRAPH ?g {{ ?s ?p ?o }} FILTER (?g IN ({sources}))
          FILTER (!(?p = rdf:type && ?o = owl:AnnotationProperty))
          # MINUS, not FILTER NOT EXISTS: one anti-join each (2.9 s at 10^6 triples, against 5.7 s for a
          # test per triple); ?p and ?s are always bound, so both forms keep the same triples
          MINUS {{ GRAPH ?g2 {{ ?p a owl:AnnotationProperty }} FILTER (?g2 IN ({sources})) }}
          MINUS {{ GRAPH ?g3 {{ ?s a ?skip }} FILTER (?g3 IN ({sources}))
                   VALUES ?skip {{ owl:Axiom <{MSC.SourceSentence}> }} }}
        }}""")


def rl_closure(store: ox.Store) -> int:
    """The OWL 2 RL closure (reasonable) of the view, kept as reason.rl_closure keeps it."""
    import reasonable

    _make_view(store)
    classes = {URIRef(q.subject.value) for q in store.quads_for_pattern(
        None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OWL.Class)), VIEW) if isinstance(q.subject, ox.NamedNode)}
    with tempfile.TemporaryDirectory(prefix="msckg-rl-") as tmp:
        path = Path(tmp) / "view.ttl"
        store.dump(str(path), ox.RdfFormat.TURTLE, from_graph=VIEW)
        reasoner = reasonable.PyReasoner()
        reasoner.load_file(str(path))
        closed = reasoner.reason()
    tbox = derivation_graph(str(TBOX_DERIVATION.iri))
    graph = derivation_graph(str(RL_DERIVATION.iri))
    kept = set()
    keep = individual_fact_test(classes)
    named: dict[URIRef, ox.NamedNode] = {}  # each IRI once: NamedNode() checks the IRI, which costs more than a lookup
    known = named.get

    def node(term: URIRef) -> ox.NamedNode:
        found = named[term] = ox.NamedNode(term)
        return found

    # one pass over some 6 * 10^5 triples at 10^6: written out flat, as each call costs
    for s, p, o in closed:
        if not keep(s, p, o):
            continue
        # keep() let through IRIs only
        s, p, o = known(s) or node(s), known(p) or node(p), known(o) or node(o)
        if ox.Quad(s, p, o, VIEW) in store or ox.Quad(s, p, o, tbox) in store:
            continue
        kept.add(ox.Quad(s, p, o, graph))
    del closed
    store.extend(kept)
    store.remove_graph(VIEW)
    return len(kept)


def individual_fact_test(classes: set):
    """reason._is_individual_fact with its constants looked up once (rdflib's namespace attributes
    cost more than the test itself, once per closure triple)."""
    from rdflib import BNode, Literal
    from rdflib.namespace import RDFS, SKOS

    from msckg.namespaces import MSCR

    resource, skos = str(MSCR), str(SKOS)
    type_, skipped_objects, same_as = RDF.type, {OWL.Thing, OWL.NamedIndividual}, OWL.sameAs
    skipped_properties = {RDFS.label, RDFS.comment}

    def keep(s, p, o) -> bool:
        if not isinstance(s, URIRef) or not s.startswith(resource):
            return False
        if isinstance(o, (Literal, BNode)) or o in skipped_objects or p == same_as:
            return False
        if p == type_ and o not in classes:
            return False
        return p not in skipped_properties and not p.startswith(skos)

    return keep


def apply_rules(store: ox.Store, rules: list[Rule]) -> dict[Rule, int]:
    """rules.apply_rules on the store: each CONSTRUCT over the union of every graph, to a fixpoint."""
    counts = {rule: 0 for rule in rules}
    for _ in range(rounds_needed(rules)):
        added = 0
        for rule in rules:
            graph = ox.NamedNode(derivation_graph(str(rule.iri)).value)
            new = set()
            for t in run_rule(store, rule, use_default_graph_as_union=True):
                if next(store.quads_for_pattern(t.subject, t.predicate, t.object, None), None) is None:
                    new.add(ox.Quad(t.subject, t.predicate, t.object, graph))
            store.extend(new)
            counts[rule] += len(new)
            added += len(new)
        if not added:
            break
    return counts
