"""The working store of a native build: parse the project's files into named graphs.

Graph names are those of the written dataset (ontology, asserted, mappings), plus
one graph per derivation under ``graph/inferred/`` and scratch graphs under
``graph/work/`` that are dropped before writing.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from msckg.errors import InputError
from msckg.namespaces import GRAPH

_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".owl": ox.RdfFormat.RDF_XML,
            ".rdf": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}
_NAMES = {ox.RdfFormat.TURTLE: "turtle", ox.RdfFormat.N_TRIPLES: "nt", ox.RdfFormat.RDF_XML: "xml",
          ox.RdfFormat.JSON_LD: "json-ld"}

ONTOLOGY = ox.NamedNode(str(GRAPH.ontology))
ASSERTED = ox.NamedNode(str(GRAPH.asserted))
INFERRED = ox.NamedNode(str(GRAPH.inferred))  # the index of derivations
MAPPINGS = ox.NamedNode(str(GRAPH.mappings))
FINDINGS = ox.NamedNode(str(GRAPH.findings))  # closed-world findings of the rules, as in the rdflib build
INFERRED_PREFIX = str(GRAPH.inferred) + "/"


def derivation_graph(derivation_iri: str) -> ox.NamedNode:
    """The named graph that holds what one derivation inferred."""
    return ox.NamedNode(INFERRED_PREFIX + derivation_iri.rstrip("/").rsplit("/", 1)[-1])


def work_graph(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{GRAPH}work/{name}")


def load_file(store: ox.Store, path: Path, graph: ox.NamedNode, copy: BinaryIO | None = None,
              copier: Executor | None = None) -> Future | None:
    """Parse one RDF file into graph; errors name the file and line, as the rdflib loader does.

    The store keeps numeric literals by value (pyoxigraph writes "8.0"^^xsd:decimal back as "8"
    and "2"^^xsd:nonNegativeInteger as xsd:integer), which serves the checks and the reasoning but
    not the outputs: copy, if given, receives the file's triples as parsed, in N-Triples. With a
    copier (an executor of one thread, so copies keep the files' order) the copy is written there,
    beside the next file's load (both are Rust and let go of the GIL); its future is returned.
    """
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"file format '{path.suffix}' is not read by the build", where=str(path),
                         hint="use one of " + ", ".join(sorted(_FORMATS)))
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except FileNotFoundError:
        raise InputError("file is missing", where=str(path), hint="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"file cannot be read ({exc})", where=str(path),
                         hint="check permissions and that the file is UTF-8 text") from None
    name = _NAMES[fmt]
    try:
        # bulk_load gives the blank nodes of each call fresh ids: labelled blank nodes stay local to
        # their file, as rdflib parses them (tests/test_native_build.py checks it)
        store.bulk_load(data, fmt, base_iri=path.as_uri(), to_graph=graph)
        if copy is not None:
            def write_copy() -> None:
                ox.serialize(quads_again(data, fmt, path) if b"_:" in data else ox.parse(data, fmt, base_iri=path.as_uri()),
                             copy, format=ox.RdfFormat.N_TRIPLES)
            if copier is not None:
                return copier.submit(write_copy)
            write_copy()
    except SyntaxError as exc:
        line = f":{exc.lineno}" if exc.lineno else ""
        message = str(exc.msg).split(": ", 1)[-1]
        raise InputError(f"malformed {name}: {message}", where=f"{path}{line}",
                         hint="fix the syntax at that line") from None
    return None


def quads_again(data: bytes, fmt: ox.RdfFormat, path: Path):
    # a second parse with fresh blank-node ids: the copy's labels are replaced by content labels anyway
    return ox.parse(data, fmt, base_iri=path.as_uri(), rename_blank_nodes=True)


def new_store() -> ox.Store:
    return ox.Store()
