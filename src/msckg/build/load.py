"""Read the ontology and the data files into rdflib graphs, with clear errors."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF
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
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or any(path.is_relative_to(s) for s in skip) or path.name.startswith("."):
            continue
        if path.name == CATALOG:
            continue
        suffix = path.suffix.lower()
        if suffix in RDF_FORMATS:
            found.append(path)
        elif suffix not in NON_RDF_ALLOWED:
            raise InputError(f"file format '{suffix or path.name}' is not read by the build",
                             where=str(path),
                             hint="write RDF as " + ", ".join(sorted(RDF_FORMATS)) +
                                  " (or move the file out of the folder)")
    return found


def parse_file(path: Path, graph: Graph | None = None) -> Graph:
    graph = graph if graph is not None else bind_prefixes(Graph())
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"file format '{path.suffix}' is not read by the build", where=str(path),
                         hint="use one of " + ", ".join(sorted(RDF_FORMATS)))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file is missing", where=str(path), hint="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"file cannot be read ({exc})", where=str(path),
                         hint="check permissions and that the file is UTF-8 text") from None
    try:
        graph.parse(data=text, format=fmt, publicID=path.as_uri())
    except BadSyntax as exc:
        line = text.count("\n", 0, exc._i) + 1 if hasattr(exc, "_i") else exc.lines + 1
        raise InputError(f"malformed {fmt}: {exc._why}", where=f"{path}:{line}",
                         hint="fix the syntax at that line") from None
    except Exception as exc:  # parsers of other formats raise their own types
        raise InputError(f"malformed {fmt}: {exc}", where=str(path),
                         hint="fix the syntax; validate the file with rapper or riot") from None
    return graph


def load_ontology(layout: Layout) -> Graph:
    """The ontology with its import modules (ontology/imports/) merged in, as ROBOT merges:
    one ontology header, no owl:imports of the modules it now contains."""
    graph = bind_prefixes(Graph())
    for path in rdf_files(layout.ontology):
        if path.name.startswith("shapes"):
            continue
        parse_file(path, graph)
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


def load_data(layout: Layout, extra: list[Path] | None = None) -> Graph:
    graph = bind_prefixes(Graph())
    for path in rdf_files(layout.data, skip=(layout.sources,)) + list(extra or []):
        parse_file(path, graph)
    return graph
