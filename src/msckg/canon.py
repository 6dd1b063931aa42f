"""Stable blank-node labels, so that serializations are byte-identical across builds.

OWL's RDF mapping only makes tree-shaped blank nodes (axiom annotations,
restrictions, lists). A node's label is a hash of its content (bottom-up) and
of where it hangs (top-down), which is linear in the graph's size; rdflib's
general canonicalization is kept as a fallback for graphs with blank-node cycles.
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph
from rdflib.term import Node


class _Cycle(Exception):
    pass


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def stable_bnodes(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The graph's triples with blank nodes renamed by content and position."""
    try:
        return _relabel(graph)
    except _Cycle:
        return list(to_canonical_graph(graph))


def _relabel(graph: Graph) -> list[tuple[Node, Node, Node]]:
    triples = list(graph)  # one pass over the store: rdflib's iteration costs more than the hashing
    labels = blank_node_labels(triples, lambda t: isinstance(t, BNode), lambda t: t.n3())
    renamed = {node: BNode(name) for node, name in labels.items()}
    return [(renamed.get(s, s), p, renamed.get(o, o)) for s, p, o in triples]


def blank_node_labels(triples, is_blank, text) -> dict:
    """Each blank node of triples -> its stable label ("b" + 24 hex digits).

    Works on any term objects: is_blank tells a blank node, text gives a term's
    N-Triples form (rdflib's n3(), pyoxigraph's str()), so the rdflib writer and
    the store-native build give a node the same label. Raises _Cycle on a
    blank-node cycle.
    """
    outgoing: dict = {}
    incoming: dict = {}
    for s, p, o in triples:
        if is_blank(s):
            outgoing.setdefault(s, []).append((p, o))
        if is_blank(o):
            incoming.setdefault(o, []).append((s, p))
    content: dict = {}
    visiting: set = set()

    def content_of(node) -> str:
        if node in content:
            return content[node]
        if node in visiting:
            raise _Cycle()
        visiting.add(node)
        parts = sorted(text(p) + " " + (content_of(o) if is_blank(o) else text(o))
                       for p, o in outgoing.get(node, []))
        visiting.discard(node)
        content[node] = _digest("content", *parts)
        return content[node]

    nodes = set(outgoing) | set(incoming)
    for node in nodes:
        content_of(node)
    label: dict = {}

    def label_of(node) -> str:
        if node in label:
            return label[node]
        if node in visiting:
            raise _Cycle()
        visiting.add(node)
        contexts = sorted((label_of(s) if is_blank(s) else text(s)) + " " + text(p)
                          for s, p in incoming.get(node, []))
        visiting.discard(node)
        label[node] = _digest("label", content[node], *contexts)
        return label[node]

    for node in nodes:
        label_of(node)
    return {node: "b" + digest[:24] for node, digest in label.items()}
