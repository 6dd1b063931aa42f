"""OWL axiom annotations: the one way the graph attaches provenance to a triple.

A foundation, because the build (sources, derivations) and the links (mapping
justifications) both annotate triples this way.
"""

from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


def add_annotated(graph: Graph, triple: Triple, annotations: list[tuple[Node, Node]]) -> None:
    """Add a triple and an owl:Axiom that annotates it (provenance, derivation, mapping data)."""
    s, p, o = triple
    graph.add(triple)
    ax = BNode()
    graph.add((ax, RDF.type, OWL.Axiom))
    graph.add((ax, OWL.annotatedSource, s))
    graph.add((ax, OWL.annotatedProperty, p))
    graph.add((ax, OWL.annotatedTarget, o))
    for prop, value in annotations:
        graph.add((ax, prop, value))
