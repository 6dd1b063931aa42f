"""Load an external ontology (or an extract of one) into the built store as a named graph.

The ontology goes into ``https://w3id.org/msckg/graph/external/<name>`` of
build/store, next to the build's own graphs, so stored queries can follow its
hierarchy through our mappings (see queries/techniques-by-superclass.rq).
Formats: Turtle, N-Triples, RDF/XML (.owl/.rdf/.xml), JSON-LD, N-Quads/TriG
(flattened into the one graph), and through py-horned-owl OBO (.obo), OWL
functional syntax (.ofn), Manchester syntax (.omn) and OWL/XML (.owx). A .owl
file is read as whatever its first characters say (RDF/XML, OWL/XML or OFN).

Imports belong to one build: ``msckg build`` writes a fresh build/ and so drops
them; import again after a build. build/imports.json lists what is imported
(it is not part of SHA256SUMS, which covers the build's own outputs only).
Importing a name again replaces that graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from msckg.atomic import exchange
from msckg.errors import InputError, NotFoundError
from msckg.namespaces import GRAPH
from msckg.query.store import StoreError

EXTERNAL = str(GRAPH) + "external/"
RECORD = "imports.json"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

_OX = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
       "jsonld": ox.RdfFormat.JSON_LD, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
       "n3": ox.RdfFormat.N3}
_RDF_FORMATS = {".ttl": "turtle", ".nt": "ntriples", ".rdf": "rdfxml", ".xml": "rdfxml", ".owl": "rdfxml",
                ".jsonld": "jsonld", ".json": "jsonld", ".nq": "nquads", ".trig": "trig", ".n3": "n3"}
_HORNED = {".obo": "obo", ".ofn": "ofn", ".omn": "omn", ".owx": "owx"}


@dataclass(frozen=True)
class Imported:
    name: str
    graph: str
    file: str
    format: str
    triples: int
    sha256: str


def graph_iri(name: str) -> str:
    return EXTERNAL + check_name(name)


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise InputError(f"import name {name!r} is not usable in a graph IRI",
                         hint="use letters, digits, '.', '_' and '-' (e.g. chmo)")
    return name


def default_name(path: Path) -> str:
    stem = path.name.split(".")[0].lower()
    return re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-._") or "external"


def detect_format(path: Path) -> str:
    """'horned:<syntax>' (read by py-horned-owl) or one of the RDF syntaxes pyoxigraph reads."""
    suffix = path.suffix.lower()
    if suffix in _HORNED:
        return "horned:" + _HORNED[suffix]
    if suffix in (".owl", ".xml", ".rdf"):
        head = _head(path)
        if head.startswith(("Prefix(", "Ontology(")):
            return "horned:ofn"
        if re.search(r"<(owl:)?Ontology\b[^>]*xmlns(:owl)?=\"http://www\.w3\.org/2002/07/owl#\"", head) \
                and "rdf:RDF" not in head:
            return "horned:owx"
    if suffix in _RDF_FORMATS:
        return _RDF_FORMATS[suffix]
    raise InputError(f"cannot import a {suffix or 'extension-less'} file", where=str(path),
                     hint="give .owl/.rdf (RDF/XML), .ttl, .nt, .jsonld, .obo, .ofn, .omn or .owx")


def _head(path: Path, size: int = 4096) -> str:
    with path.open("rb") as handle:
        text = handle.read(size).decode("utf-8", errors="replace")
    text = re.sub(r"<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*(\[.*?\])?\s*>", "", text, flags=re.DOTALL)
    return re.sub(r"^(\s|#[^\n]*\n)*", "", text)


# XML entities may expand to at most this many characters (a billion-laughs file expands to 10^9)
MAX_ENTITY_CHARS = 100_000
# no literal of an imported ontology is longer than this (definitions and comments are far shorter)
MAX_LITERAL_CHARS = 1_000_000
_ENTITY = re.compile(r"""<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(?:(["'])(.*?)\3|SYSTEM|PUBLIC)""", re.DOTALL)
_REFERENCE = re.compile(r"[&%]([A-Za-z_][\w.-]*);")


def check_entities(path: Path) -> None:
    """Refuse an XML file whose DTD entities expand beyond MAX_ENTITY_CHARS (billion laughs)
    or refer to outside files; the parsers would expand them without bound."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20).decode("utf-8", errors="replace")
    if "<!ENTITY" not in head:
        return
    subset = head.split("]>", 1)[0] if "]>" in head else head
    values: dict[str, str] = {}
    for match in _ENTITY.finditer(subset):
        if match.group(3) is None:
            raise InputError(f"the file declares an external XML entity {match.group(2)!r}", where=str(path),
                             hint="imports read no outside files: remove the SYSTEM/PUBLIC entity")
        values[match.group(2)] = match.group(4)
    sizes: dict[str, int] = {}

    def size(name: str, seen: tuple[str, ...] = ()) -> int:
        if name in sizes:
            return sizes[name]
        if name in seen:
            raise InputError(f"XML entity {name!r} refers to itself", where=str(path), hint="fix the DTD")
        text = values.get(name, "")
        total = len(_REFERENCE.sub("", text))
        for ref in _REFERENCE.findall(text):
            total += size(ref, seen + (name,)) if ref in values else 0
            if total > MAX_ENTITY_CHARS:
                break
        sizes[name] = total
        return total

    for name in values:
        if size(name) > MAX_ENTITY_CHARS:
            raise InputError(f"XML entity {name!r} expands to more than {MAX_ENTITY_CHARS:,} characters "
                             "(an entity-expansion bomb?)", where=str(path),
                             hint="imports refuse nested entity expansion; expand or remove the entities")


def read_triples(path: Path, fmt: str) -> Iterator[ox.Triple]:
    """The file's triples as they are parsed (a dataset's quads lose their graph), never all in
    memory at once; a syntax error is raised when the parser reaches it."""
    if fmt in ("rdfxml", "horned:owx") or path.suffix.lower() in (".owl", ".rdf", ".xml", ".owx"):
        check_entities(path)
    if fmt.startswith("horned:"):
        rdf_format, source = _OX["rdfxml"], {"input": _via_horned_owl(path, fmt.split(":", 1)[1])}
    else:
        rdf_format, source = _OX[fmt], {"path": str(path)}
    try:
        for quad in ox.parse(format=rdf_format, base_iri=path.resolve().as_uri(), rename_blank_nodes=False,
                             **source):
            yield _bounded(ox.Triple(quad.subject, quad.predicate, quad.object), path)
    except SyntaxError as exc:
        raise InputError(f"not valid {rdf_format.name}: {exc}", where=str(path),
                         hint="check the file, or give it the extension of its syntax") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc}", where=str(path), hint="check the path") from None


def _fresh(term, salt: str):
    return ox.BlankNode(f"{salt}{term.value}") if isinstance(term, ox.BlankNode) else term


def _bounded(triple: ox.Triple, path: Path) -> ox.Triple:
    obj = triple.object
    if isinstance(obj, ox.Literal) and len(obj.value) > MAX_LITERAL_CHARS:
        raise InputError(f"a literal of {len(obj.value):,} characters (more than {MAX_LITERAL_CHARS:,})",
                         where=str(path), hint="imports hold ontologies; remove the oversized value")
    return triple


def _via_horned_owl(path: Path, syntax: str) -> bytes:
    try:
        import pyhornedowl
    except ImportError:  # pragma: no cover - a dependency
        raise InputError(f"reading {syntax.upper()} needs py-horned-owl", where=str(path),
                         hint="pip install py-horned-owl, or convert to OWL (RDF/XML) with ROBOT: "
                              "robot convert --input FILE --output FILE.owl") from None
    try:
        ontology = pyhornedowl.open_ontology_from_file(str(path), syntax)
        return ontology.save_to_string("owl").encode("utf-8")
    except FileNotFoundError:
        raise InputError("no such file", where=str(path), hint="check the path") from None
    except (ValueError, OSError) as exc:
        message = str(exc).splitlines()[0][:300]
        raise InputError(f"not valid {syntax.upper()} (py-horned-owl: {message})", where=str(path),
                         hint="check the file, or convert it to OWL (RDF/XML) with ROBOT: "
                              "robot convert --input FILE --output FILE.owl") from None


def _open_writable(store_path: Path) -> ox.Store:
    if not store_path.is_dir():
        raise InputError("no built store", where=str(store_path), hint="run 'msckg build' first")
    try:
        return ox.Store(str(store_path))
    except OSError as exc:
        raise StoreError(f"cannot open the store for writing: {exc}",
                         where=str(store_path), hint="stop any process that has it open (msckg serve?)") from None


IMPORT_STAGES = ("checking", "importing")  # the stages import_file reports
_REPORT_EVERY = 5000  # triples between two progress reports


def import_file(build: Path, path: Path, name: str | None = None,
                progress: Callable[..., None] | None = None) -> Imported:
    """Read the file, then replace graph external/<name> in build/store with its triples.

    progress(stage) is told the stages of IMPORT_STAGES as they start, and progress("importing",
    done, total) the triples written so far out of those the first reading counted."""
    report = progress or (lambda stage, done=None, total=None: None)
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", where=str(path), hint="check the path")
    name = check_name(name or default_name(path))
    fmt = detect_format(path)
    # first pass: the whole file parses (constant memory), so a bad file changes nothing
    report(IMPORT_STAGES[0])
    total = sum(1 for _ in read_triples(path, fmt))
    if not total:
        raise InputError("the file holds no triples", where=str(path), hint="check the file")
    graph = ox.NamedNode(graph_iri(name))
    store = _open_writable(build / "store")
    try:
        replacing = store.contains_named_graph(graph)
        if replacing:
            store.remove_graph(graph)
        # blank nodes: one fresh label per file, as rename_blank_nodes would give, kept across the
        # streamed batches (the parser keeps the file's own labels)
        salt = hashlib.sha256(f"{path.resolve()}:{os.getpid()}:{os.urandom(8).hex()}".encode()).hexdigest()[:16]
        report(IMPORT_STAGES[1], 0, total)
        store.bulk_extend(ox.Quad(_fresh(t.subject, salt), t.predicate, _fresh(t.object, salt), graph)
                          for t in _counted(read_triples(path, fmt), total, report))
        store.flush()
        count = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")))
        triples_count = int(count["n"].value)
    except OSError as exc:
        raise InputError(f"cannot write the store ({exc.strerror or exc})", where=str(build / "store"),
                         hint="free disk space and import again") from None
    finally:
        del store
    record = Imported(name=name, graph=str(graph.value), file=str(path.resolve()), format=fmt,
                      triples=triples_count,
                      sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    entries = {e.name: e for e in list_imports(build)}
    entries[name] = record
    _write_record(build, entries.values())
    return record


def _counted(triples: Iterable, total: int, report: Callable[..., None]) -> Iterator:
    """The triples, passed on unchanged, with a progress report every _REPORT_EVERY and at the end."""
    done = 0
    for done, triple in enumerate(triples, 1):
        if done % _REPORT_EVERY == 0:
            report(IMPORT_STAGES[1], done, total)
        yield triple
    report(IMPORT_STAGES[1], done, total)


def remove_import(build: Path, name: str) -> None:
    entries = {e.name: e for e in list_imports(build)}
    graph = ox.NamedNode(graph_iri(name))
    store = _open_writable(build / "store")
    try:
        if not store.contains_named_graph(graph):
            raise NotFoundError(f"no imported graph named {name!r}",
                                hint="imported: " + (", ".join(sorted(entries)) or "none"))
    finally:
        del store
    _rebuild_without(build / "store", graph)
    entries.pop(name, None)
    _write_record(build, entries.values())


def _rebuild_without(store_path: Path, graph: ox.NamedNode) -> None:
    """Copy every other graph into a fresh store and swap it in: Oxigraph never deletes the strings
    of removed triples, so removing a graph in place keeps its space on the disk."""
    fresh_path = Path(tempfile.mkdtemp(prefix=".store.new-", dir=store_path.parent))
    try:
        old, fresh = ox.Store.read_only(str(store_path)), ox.Store(str(fresh_path))
        fresh.bulk_extend(q for q in old.quads_for_pattern(None, None, None) if q.graph_name != graph)
        fresh.flush()
        fresh.optimize()
        del old, fresh
        if not exchange(fresh_path, store_path):
            aside = store_path.with_name(f".store.old-{os.getpid()}")
            store_path.rename(aside)
            fresh_path.rename(store_path)
            fresh_path = aside
    except OSError as exc:
        raise InputError(f"cannot rewrite the store ({exc.strerror or exc})", where=str(store_path),
                         hint="free disk space; the store is unchanged") from None
    finally:
        shutil.rmtree(fresh_path, ignore_errors=True)


def list_imports(build: Path) -> list[Imported]:
    path = build / RECORD
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Imported(**item) for item in data["imports"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"unreadable import record: {exc}", where=str(path),
                         hint="delete it and import again") from None


def _write_record(build: Path, entries) -> None:
    items = sorted((asdict(e) for e in entries), key=lambda e: e["name"])
    target = build / RECORD
    temporary = target.with_name(f".{RECORD}.{os.getpid()}")
    temporary.write_text(json.dumps({"imports": items}, indent=2) + "\n", encoding="utf-8")
    temporary.replace(target)
