"""The Store interface over any SPARQL 1.1 endpoint, through SPARQLWrapper.

Parameters are bound exactly as in the embedded store (``bind_values``: a VALUES
block of RDF terms), so a value can never become query text. The embedded store
answers with the union of all graphs as its default graph; to give the same
answers anywhere, every request names the msckg graphs through the SPARQL
protocol (``default-graph-uri`` and ``named-graph-uri``), which any SPARQL 1.1
endpoint honours. ``graphs=None`` uses the endpoint's own dataset instead.
The large-graph build keeps each derivation's triples in a graph of its own
(graph/inferred/<derivation>); those graphs are listed in graph/inferred, and are
named too.
"""

from __future__ import annotations

import json
import socket
import urllib.error
from collections.abc import Mapping, Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from SPARQLWrapper import ASK, JSON, POST, SELECT, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (EndPointInternalError, EndPointNotFound, QueryBadFormed,
                                            SPARQLWrapperException, Unauthorized, URITooLong)

from msckg.errors import InputError
from msckg.namespaces import GRAPH
from msckg.query.store import Row, StoreError, bind_values

MSCKG_GRAPHS: tuple[str, ...] = tuple(str(GRAPH[part]) for part in ("ontology", "asserted", "inferred", "mappings",
                                                                    "findings"))
_DERIVED_GRAPHS = "SELECT DISTINCT ?g WHERE { ?g <https://w3id.org/msckg/ontology/derivedBy> ?derivation }"


class EndpointStore:
    """A remote SPARQL 1.1 query endpoint (for example http://127.0.0.1:7878/query)."""

    def __init__(self, url: str, *, timeout: float = 30.0, graphs: Sequence[str] | None = MSCKG_GRAPHS):
        if not url.startswith(("http://", "https://")):
            raise InputError(f"endpoint {url!r} is not an http(s) URL",
                             hint="for example --endpoint http://127.0.0.1:7878/query")
        self.url = url
        self.timeout = timeout
        self.graphs = tuple(graphs) if graphs is not None else None
        self._derived: tuple[str, ...] | None = None if self.graphs and str(GRAPH.inferred) in self.graphs else ()

    def _dataset(self) -> tuple[str, ...]:
        """The graphs to name: those given, and the derivation graphs that graph/inferred lists."""
        if self.graphs is None:
            return ()
        if self._derived is None:
            self._derived = ()  # the look-up below names graph/inferred alone
            index = self._request(_DERIVED_GRAPHS, SELECT, graphs=(str(GRAPH.inferred),))
            self._derived = tuple(sorted(b["g"]["value"] for b in index["results"]["bindings"]
                                         if b["g"]["value"].startswith(str(GRAPH.inferred) + "/")))
        return self.graphs + tuple(g for g in self._derived if g not in self.graphs)

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        result = self._request(bind_values(query, bindings), SELECT)
        if "results" not in result:
            raise StoreError(f"endpoint {self.url} did not answer with SELECT results",
                             hint="run SELECT queries with select(), ASK with ask()")
        return [{name: term_from_json(value) for name, value in binding.items()}
                for binding in result["results"]["bindings"]]

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = self._request(bind_values(query, bindings), ASK)
        if "boolean" not in result:
            raise StoreError(f"endpoint {self.url} did not answer with an ASK result")
        return bool(result["boolean"])

    def _request(self, query: str, form: str, graphs: Sequence[str] | None = None) -> dict:
        graphs = self._dataset() if graphs is None else graphs
        client = SPARQLWrapper(self.url)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setReturnFormat(JSON)
        client.setOnlyConneg(True)
        client.setTimeout(self.timeout)
        for graph in graphs:
            client.addDefaultGraph(graph)
            client.addNamedGraph(graph)
        client.setQuery(query)
        client.queryType = form  # SPARQLWrapper guesses the form from keywords anywhere in the text
        try:
            response = client.query().response
            return json.loads(response.read().decode("utf-8"))
        except QueryBadFormed as exc:
            raise InputError(f"the endpoint rejected the query: {_detail(exc)}",
                             where=self.url, hint="fix the query") from None
        except (EndPointNotFound, URITooLong, Unauthorized, EndPointInternalError) as exc:
            raise StoreError(f"endpoint {self.url} failed: {type(exc).__name__}: {_detail(exc)}") from None
        except urllib.error.HTTPError as exc:
            raise StoreError(f"endpoint {self.url} answered HTTP {exc.code}: {_detail(exc)}") from None
        except urllib.error.URLError as exc:
            raise StoreError(f"endpoint {self.url} is not reachable: {_reason(exc.reason)}",
                             hint="is the server running? start one with 'msckg serve'") from None
        except (TimeoutError, socket.timeout):
            raise StoreError(f"endpoint {self.url} did not answer within {self.timeout:g} s",
                             hint="a larger --timeout, or a smaller query") from None
        except (ConnectionError, OSError) as exc:
            raise StoreError(f"endpoint {self.url} is not reachable: {_reason(exc)}",
                             hint="is the server running? start one with 'msckg serve'") from None
        except SPARQLWrapperException as exc:
            raise StoreError(f"endpoint {self.url} failed: {_detail(exc)}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise StoreError(f"endpoint {self.url} answered with something that is not SPARQL JSON: {exc}"
                             ) from None


def term_from_json(value: Mapping[str, str]) -> Node:
    """An rdflib term from a SPARQL 1.1 JSON results binding (plain literals as xsd:string)."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        return Literal(value["value"], datatype=URIRef(value.get("datatype", str(XSD.string))))
    raise StoreError(f"unknown term type {kind!r} in SPARQL JSON results")


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    return str(reason)


def _detail(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, urllib.error.HTTPError):
        try:
            text = exc.read().decode("utf-8", "replace") or text
        except OSError:
            pass
    text = " ".join(text.split())
    for marker in ("Response:", "b'", 'b"'):
        if marker in text:
            text = text.split(marker, 1)[1].strip(" '\"")
    return text[:300]
