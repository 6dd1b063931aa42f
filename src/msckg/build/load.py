"""Read the ontology and the data files into rdflib graphs, with clear errors."""

from __future__ import annotations

from collections.abc import Callable

import logging
import math
import os
import re
import stat
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax

from msckg.errors import InputError
from msckg.namespaces import bind_prefixes
from msckg.paths import Layout

# Formats the build reads, by file ending.
RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".owl": "xml", ".rdf": "xml", ".jsonld": "json-ld"}
# Files that may sit in data/ and are read by other steps or are documentation.
NON_RDF_ALLOWED = {".md", ".tsv", ".toml", ".txt", ".yaml"}
# Protégé's XML catalog (it maps import IRIs to the local import modules).
CATALOG = "catalog-v001.xml"


def rdf_files(folder: Path, *, skip: tuple[Path, ...] = ()) -> list[Path]:
    """RDF files below folder, sorted; refuses files in formats nobody reads."""
    if not folder.is_dir():
        raise InputError("folder is missing", where=str(folder),
                         hint="run from a checkout of msckg, or set MSCKG_ROOT")
    found: list[Path] = []
    for path in _walk(folder):
        if any(path.is_relative_to(s) for s in skip) or path.name.startswith("."):
            continue
        if path.name == CATALOG:
            continue
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            raise InputError(f"file cannot be read ({exc.strerror})", where=str(path),
                             hint="check permissions, or remove a broken link") from None
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):  # a named pipe would block the build for ever
            raise InputError("is not a regular file (a pipe, socket or device)", where=str(path),
                             hint="move it out of the folder")
        suffix = path.suffix.lower()
        if suffix in RDF_FORMATS:
            found.append(path)
        elif suffix not in NON_RDF_ALLOWED:
            raise InputError(f"file format '{suffix or path.name}' is not read by the build",
                             where=str(path),
                             hint="write RDF as " + ", ".join(sorted(RDF_FORMATS)) +
                                  " (or move the file out of the folder)")
    return found


def _walk(folder: Path) -> list[Path]:
    """Every path below folder, sorted; a folder that cannot be listed is an error, not skipped."""
    def refuse(exc: OSError) -> None:
        raise InputError(f"folder cannot be read ({exc.strerror})", where=str(exc.filename),
                         hint="check its permissions (the build reads every file below data/)")

    found: list[Path] = []
    for here, dirs, files in os.walk(folder, onerror=refuse, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(here) / name for name in dirs + files)
    return sorted(found)


@contextmanager
def _quiet_rdflib():
    """rdflib logs a traceback for every ill-typed literal; check_literals reports them in one line."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def parse_file(path: Path, graph: Graph | None = None) -> Graph:
    graph = graph if graph is not None else bind_prefixes(Graph())
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"file format '{path.suffix}' is not read by the build", where=str(path),
                         hint="use one of " + ", ".join(sorted(RDF_FORMATS)))
    try:
        text = path.read_bytes().decode("utf-8")
        text = text.removeprefix("\ufeff")  # a byte-order mark some editors write: not part of the text
    except FileNotFoundError:
        raise InputError("file is missing", where=str(path), hint="check the path") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise InputError(f"file is not UTF-8 text (byte {exc.object[exc.start]:#04x})", where=f"{path}:{line}",
                         hint="save the file as UTF-8") from None
    except OSError as exc:
        raise InputError(f"file cannot be read ({exc.strerror or exc})", where=str(path),
                         hint="check permissions") from None
    try:
        with _quiet_rdflib():
            graph.parse(data=text, format=fmt, publicID=path.as_uri())
    except BadSyntax as exc:
        line = text.count("\n", 0, exc._i) + 1 if hasattr(exc, "_i") else exc.lines + 1
        raise InputError(f"malformed {fmt}: {exc._why}", where=f"{path}:{line}",
                         hint="fix the syntax at that line") from None
    except Exception as exc:  # parsers of other formats raise their own types
        raise InputError(f"malformed {fmt}: {exc}", where=str(path),
                         hint="fix the syntax; validate the file with rapper or riot") from None
    return graph


def ontology_files(layout: Layout) -> list[Path]:
    return [p for p in rdf_files(layout.ontology) if not p.name.startswith("shapes")]


def load_ontology(layout: Layout) -> Graph:
    """The ontology with its import modules (ontology/imports/) merged in, as ROBOT merges:
    one ontology header, no owl:imports of the modules it now contains."""
    graph = bind_prefixes(Graph())
    files = ontology_files(layout)
    for path in files:
        parse_file(path, graph)
    check_literals(graph, files)
    check_labels(graph, files)
    check_class_cycles(graph, files)
    return merge_import_modules(graph)


def merge_import_modules(graph: Graph) -> Graph:
    """Drop the headers of ontologies that another ontology of the graph imports."""
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    for importer in ontologies:
        for module in list(graph.objects(importer, OWL.imports)):
            if module in ontologies and module != importer:
                graph.remove((importer, OWL.imports, module))
                graph.remove((module, None, None))
    return graph


def load_data(layout: Layout, extra: list[Path] | None = None,
              progress: Callable[[int, int], None] | None = None) -> Graph:
    """The data files parsed into one graph; progress(done, total) after each file."""
    graph = bind_prefixes(Graph())
    files = rdf_files(layout.data, skip=(layout.sources,)) + list(extra or [])
    for number, path in enumerate(files, 1):
        parse_file(path, graph)
        if progress is not None:
            progress(number, len(files))
    check_literals(graph, files)
    check_labels(graph, files)
    return graph


# xsd:double and xsd:float values beyond their range are refused: the OWL reasoners reject them
_FLOATS = {XSD.double, XSD.float}


def check_literals(graph: Graph, files: list[Path]) -> None:
    """Every typed literal is a value of its datatype ("abc"^^xsd:decimal is not)."""
    with _quiet_rdflib():
        for literal in sorted({o for o in graph.objects() if isinstance(o, Literal) and o.datatype}):
            dt = _short(literal.datatype)
            if literal.ill_typed:
                raise InputError(f'"{literal}" is not a valid {dt}',
                                 where=locate(files, f'"{literal}"^^', f'"{literal}"'),
                                 hint=f"write a value of {dt}, or choose the datatype that fits it")
            if literal.datatype in _FLOATS and isinstance(literal.value, float) and math.isinf(literal.value) \
                    and str(literal) not in ("INF", "+INF", "-INF"):
                # rdflib reads "1e999" as inf: find the number as written
                where, written = _infinite_number(files)
                raise InputError(f'"{written}" is out of the range of {dt}', where=where,
                                 hint=f"write a value {dt} can hold (at most about 1.8e308)")


_WRITTEN_FLOAT = re.compile(r'"([^"]*)"\^\^(?:xsd:(?:double|float)|<http://www\.w3\.org/2001/XMLSchema#(?:double|float)>)')


def _infinite_number(files: list[Path]) -> tuple[str, str]:
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _WRITTEN_FLOAT.finditer(text):
            try:
                if math.isinf(float(match.group(1))) and match.group(1).lstrip("+-") != "INF":
                    return f"{path}:{text.count(chr(10), 0, match.start()) + 1}", match.group(1)
            except ValueError:
                continue
    return (str(files[0]) if files else "data"), "inf"


def check_labels(graph: Graph, files: list[Path]) -> None:
    """One rdfs:label per language: two labels make one IRI answer to another thing's name."""
    seen: dict[tuple, Literal] = {}
    for subject, label in sorted(graph.subject_objects(RDFS.label)):
        if not isinstance(label, Literal) or not isinstance(subject, URIRef):
            continue
        key = (subject, label.language)
        if key in seen and seen[key] != label:
            raise InputError(f"{subject} has two labels, {str(seen[key])!r} and {str(label)!r}",
                             where=locate(files, f'"{label}"@', f'"{label}"'),
                             hint="keep one rdfs:label per language; give other names as skos:altLabel")
        seen.setdefault(key, label)


def check_class_cycles(graph: Graph, files: list[Path]) -> None:
    """No rdfs:subClassOf cycle between named classes: it would make the classes one class."""
    supers: dict[URIRef, set[URIRef]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
            supers.setdefault(sub, set()).add(sup)
    done: set[URIRef] = set()
    for start in sorted(supers):
        path: list[URIRef] = []
        on_path: set[URIRef] = set()
        stack = [(start, iter(sorted(supers.get(start, ()))))]
        path.append(start)
        on_path.add(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            if child in on_path:
                cycle = path[path.index(child):] + [child]
                names = " < ".join(_short(c) for c in cycle)
                local = _short(cycle[-1]).split(":")[-1]
                raise InputError(f"subClassOf cycle {names}: the classes would be one class",
                                 where=locate(files, f"subClassOf {_short(cycle[-1])}", f"subClassOf :{local}",
                                              f"subClassOf <{cycle[-1]}>", local),
                                 hint="remove one rdfs:subClassOf of the cycle (use owl:equivalentClass "
                                      "if they are one class)")
            if child not in done:
                path.append(child)
                on_path.add(child)
                stack.append((child, iter(sorted(supers.get(child, ())))))


def locate(files: list[Path], *needles: str) -> str:
    """file:line where the first of the needles found stands (the first file if none is)."""
    texts = []
    for path in files:
        try:
            texts.append((path, path.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    for needle in needles:
        for path, text in texts:
            at = text.find(needle)
            if at >= 0:
                return f"{path}:{text.count(chr(10), 0, at) + 1}"
    return str(files[0]) if files else "data"


def _short(iri) -> str:
    from msckg.namespaces import PREFIXES

    for prefix, ns in PREFIXES.items():
        if str(iri).startswith(str(ns)):
            return f"{prefix}:{str(iri)[len(str(ns)):]}"
    return f"<{iri}>"
