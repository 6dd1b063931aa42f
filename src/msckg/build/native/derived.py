"""What the native build derives after the rules: the derived quantities and the findings part.

Derived quantities (msckg.photocatalysis.derived, the arithmetic of the photocatalysis layer)
are computed by the same code as in the rdflib build, reading a view of the store's ontology,
asserted and inferred graphs. Their facts then take the native form: each fact in the named
graph of its derivation (graph/inferred/<derivation>). What is not a derived fact goes into
graph/inferred, the index: the labels and types that name the derived quantities, and the
owl:Axiom of every derived fact that carries an interpretation note (with its msc:derivedBy as
well), so that the note stays on its fact.

The findings of the rules whose header says ``#+ graph: findings`` (closed-world, model v2)
are written as in the rdflib build: their own part graph/findings, each finding with an
owl:Axiom naming its rule (few triples; the part is then the same bytes in both builds).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode
from rdflib.namespace import OWL, RDF

from msckg.build.reason import Derivation
from msckg.build.rules import Rule
from msckg.namespaces import MSC
from msckg.photocatalysis.derived import DERIVATIONS, derived_quantities
from msckg.query.store import to_oxigraph

from msckg.build.native.dataset import ASSERTED, FINDINGS, INFERRED, INFERRED_PREFIX, ONTOLOGY, derivation_graph
from msckg.build.native.view import store_view

_AXIOM_PARTS = (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)


def add_derived_quantities(store: ox.Store, folder: Path) -> tuple[list[Derivation], list[tuple[ox.NamedNode, Path]]]:
    """pipeline.add_derived_quantities on the store. The arithmetic derivations, and the files
    (N-Triples in folder) the outputs must write their graphs from.

    The store keeps numeric literals by value ("360.0"^^xsd:decimal comes back as "360"), so the
    derived facts are written from files, as computed; the store holds them too, for the summary."""
    inferred = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(INFERRED_PREFIX)]
    out = derived_quantities(store_view(store, [ONTOLOGY, ASSERTED, *inferred]))
    axioms = set(out.subjects(RDF.type, OWL.Axiom))
    quads, facts = [], set()
    for ax in axioms:
        s, p, o = (out.value(ax, part) for part in _AXIOM_PARTS)
        facts.add((s, p, o))
        derivation = out.value(ax, MSC.derivedBy)
        quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), derivation_graph(str(derivation))))
    for s, p, o in out:
        if s in axioms:
            if (s, MSC.interpretationNote, None) not in out:
                continue  # its graph says which derivation made the fact
        elif (s, p, o) in facts:
            continue  # a derived fact: in its derivation's graph
        quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), INFERRED))
    by_graph: dict[ox.NamedNode, list[ox.Triple]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(ox.Triple(q.subject, q.predicate, q.object))
    files = []
    for i, (graph, triples) in enumerate(sorted(by_graph.items(), key=lambda kv: kv[0].value)):
        path = folder / f"derived-{i}.nt"
        with path.open("wb") as f:
            ox.serialize(sorted(triples, key=str), f, format=ox.RdfFormat.N_TRIPLES)
        files.append((graph, path))
    store.extend(q for q in quads if q.graph_name != INFERRED)  # the index is written from its file only
    return [Derivation(iri=d.iri, label=d.label, rule=d.rule) for d in DERIVATIONS], files


def move_findings(store: ox.Store, rules: list[Rule]) -> None:
    """The triples of the findings rules, from their derivation graphs into graph/findings, annotated."""
    store.add_graph(FINDINGS)
    for rule in rules:
        if rule.graph != "findings":
            continue
        graph = derivation_graph(str(rule.iri))
        quads = []
        for q in list(store.quads_for_pattern(None, None, None, graph)):
            ax = to_oxigraph(BNode())
            quads += [ox.Quad(q.subject, q.predicate, q.object, FINDINGS),
                      ox.Quad(ax, to_oxigraph(RDF.type), to_oxigraph(OWL.Axiom), FINDINGS),
                      ox.Quad(ax, to_oxigraph(OWL.annotatedSource), q.subject, FINDINGS),
                      ox.Quad(ax, to_oxigraph(OWL.annotatedProperty), q.predicate, FINDINGS),
                      ox.Quad(ax, to_oxigraph(OWL.annotatedTarget), q.object, FINDINGS),
                      ox.Quad(ax, to_oxigraph(MSC.derivedBy), to_oxigraph(rule.iri), FINDINGS)]
        store.remove_graph(graph)
        store.extend(quads)
