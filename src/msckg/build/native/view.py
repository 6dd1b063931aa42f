"""An rdflib graph that reads named graphs of the working store, without copying them.

The derived quantities (msckg.photocatalysis.derived) and the curation tables
(build/curation.py, build/reconcile.py) are written against rdflib's Graph API and
look up a few triple patterns each; this read-only view answers those patterns from
the pyoxigraph store, so the native build runs the same code as the rdflib build
without an rdflib copy of a large graph (about 2 KB per triple).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.store import Store

from msckg.query.store import from_oxigraph, to_oxigraph


def _term(term):
    """A term as rdflib parses it: a plain literal stays plain (Oxigraph gives it xsd:string,
    which rdflib keeps apart from the plain literal a derived fact copies)."""
    node = from_oxigraph(term)
    if isinstance(node, Literal) and node.datatype is not None and str(node.datatype) == str(XSD.string):
        return Literal(str(node))
    return node


def _once(converted: dict, term, convert):
    """convert(term), made once per term in converted."""
    found = converted.get(term)
    if found is None:
        found = converted[term] = convert(term)
    return found


class _StoreView(Store):
    """rdflib's Store interface over some named graphs of a pyoxigraph store (read only)."""

    def __init__(self, store: ox.Store, graphs: Iterable[ox.NamedNode]):
        super().__init__()
        self._store = store
        self._graphs = list(graphs)

    def triples(self, triple_pattern, context=None) -> Iterator:
        given_s, given_p, given_o = triple_pattern
        s, p, o = (None if t is None else to_oxigraph(t) for t in triple_pattern)
        # A position the pattern gives is answered with the caller's own term, and a term that
        # recurs in one answer (the class of every individual, a predicate) is converted once:
        # making rdflib terms is most of what a scan of a large graph costs here. An object
        # literal is converted all the same, so that it reads as rdflib parses it (see _term).
        given_o = given_o if isinstance(given_o, URIRef) else None
        converted: dict = {}
        seen = set() if len(self._graphs) > 1 else None
        for graph in self._graphs:
            for q in self._store.quads_for_pattern(s, p, o, graph):
                if seen is not None:
                    triple = ox.Triple(q.subject, q.predicate, q.object)
                    if triple in seen:
                        continue
                    seen.add(triple)
                yield (given_s if given_s is not None else from_oxigraph(q.subject),
                       given_p if given_p is not None else _once(converted, q.predicate, from_oxigraph),
                       given_o if given_o is not None else _once(converted, q.object, _term)), iter(())

    def __len__(self, context=None) -> int:
        return sum(len(list(self._store.quads_for_pattern(None, None, None, g))) for g in self._graphs)

    def add(self, triple, context, quoted=False):
        raise TypeError("a view of the working store is read only")

    def remove(self, triple, context=None):
        raise TypeError("a view of the working store is read only")

    def contexts(self, triple=None):
        return iter(())

    def bind(self, prefix, namespace, override=True, replace=False):  # rdflib's Graph binds its defaults
        pass

    def namespace(self, prefix):
        return None

    def prefix(self, namespace):
        return None

    def namespaces(self):
        return iter(())


def store_view(store: ox.Store, graphs: Iterable[ox.NamedNode]) -> Graph:
    """The union of graphs (each triple once) as a read-only rdflib Graph."""
    return Graph(store=_StoreView(store, graphs), bind_namespaces="none")
