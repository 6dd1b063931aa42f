"""Write the built graph (or one part of it) in another syntax.

Formats: Turtle and RDF/XML (pyoxigraph, sorted triples as in build/, so the
same build exports the same bytes), JSON-LD (rdflib, with an @context of the
project's prefixes, nodes and values sorted), OWL functional syntax
(py-horned-owl) and the SSSOM mapping table (sssom-py). Parts: the complete
graph or one of the build's named graphs (ontology, asserted, inferred,
mappings), read from build/*.nt; blank nodes keep the build's labels.

OWL functional syntax: py-horned-owl (2.0) reads RDF/XML into OWL axioms, with
two losses that ``horned_ontology`` repairs: where the RDF annotates one triple
with several owl:Axiom nodes (a fact stated by two sentences, each with its own
references) its reader keeps only one of them, so the others are added back as
axioms of their own; and it drops owl:AllDisjointClasses, which is added back
as an n-ary DisjointClasses axiom. A part other than 'all' and 'ontology' is
given the ontology's entity declarations, which OWL needs to read it.
(py-horned-owl's RDF *writer* turns an n-ary DisjointClasses into owl:disjointWith
pairs from its first class only; read the OFN with an OWL API tool such as
ROBOT or Protégé, or export rdfxml, when an RDF form is wanted.)
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from msckg.errors import InputError
from msckg.links.mappings import mapping_files
from msckg.namespaces import PREFIXES, bind_prefixes
from msckg.query.store import from_oxigraph

FORMATS = ("ttl", "rdfxml", "jsonld", "ofn", "sssom")
PARTS = ("all", "ontology", "asserted", "inferred", "mappings", "findings")
SUFFIX = {"ttl": ".ttl", "rdfxml": ".owl", "jsonld": ".jsonld", "ofn": ".ofn", "sssom": ".sssom.tsv"}
EXTRA_PREFIXES = {"obo": "http://purl.obolibrary.org/obo/", "semapv": "https://w3id.org/semapv/vocab/"}
_MARKER = URIRef("urn:msckg:export:axiom-group")
_DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                      RDFS.Datatype, OWL.NamedIndividual)


def prefixes() -> dict[str, str]:
    out = {name: str(ns) for name, ns in PREFIXES.items()}
    out.update(EXTRA_PREFIXES)
    return out


def part_file(build: Path, part: str) -> Path:
    if part not in PARTS:
        raise InputError(f"no part {part!r}", hint="use one of " + ", ".join(PARTS))
    path = build / ("msckg.nt" if part == "all" else f"{part}.nt")
    if not path.is_file():
        raise InputError("the build has no such file", where=str(path), hint="run 'msckg build' first")
    return path


def part_triples(build: Path, part: str) -> list[ox.Triple]:
    """The part's triples, sorted, with the build's blank-node labels."""
    quads = ox.parse(path=str(part_file(build, part)), format=ox.RdfFormat.N_TRIPLES)
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)


def part_graph(build: Path, part: str) -> Graph:
    """The part as an rdflib graph; plain literals stay plain (not typed xsd:string)."""
    graph = Graph()
    for t in part_triples(build, part):
        obj = from_oxigraph(t.object)
        if isinstance(obj, Literal) and obj.datatype == XSD.string:
            obj = Literal(str(obj))
        graph.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), obj))
    bind_prefixes(graph)
    for name, ns in EXTRA_PREFIXES.items():
        graph.bind(name, ns)
    return graph


def export(build: Path, fmt: str, part: str = "all", mappings_folder: Path | None = None) -> bytes:
    """The part of the build in the format, as bytes."""
    if fmt not in FORMATS:
        raise InputError(f"no export format {fmt!r}", hint="use one of " + ", ".join(FORMATS))
    if fmt == "sssom":
        if part not in ("all", "mappings"):
            raise InputError(f"the SSSOM table holds the mappings only, not part {part!r}",
                             hint="use --part mappings (or all)")
        if mappings_folder is None:
            raise InputError("no mappings folder given", hint="pass the project's data/mappings")
        return to_sssom(mappings_folder)
    if fmt in ("ttl", "rdfxml"):
        triples = part_triples(build, part)
        syntax = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.RDF_XML
        return ox.serialize(triples, format=syntax, prefixes=prefixes()) if triples else b""
    graph = part_graph(build, part)
    if fmt == "jsonld":
        return to_jsonld(graph)
    if part not in ("all", "ontology"):
        graph += declarations(part_graph(build, "ontology"))
    return to_ofn(graph)


def to_jsonld(graph: Graph) -> bytes:
    """JSON-LD with the project's prefixes as @context; nodes and values in a fixed order."""
    data = json.loads(graph.serialize(format="json-ld", context=prefixes(), auto_compact=True))
    return (json.dumps(_ordered(data), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _ordered(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _ordered(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_ordered(v) for v in value]
        if key == "@list":  # an RDF list: its order is its meaning
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def declarations(ontology: Graph) -> Graph:
    out = Graph()
    for kind in _DECLARATION_TYPES:
        for entity in ontology.subjects(RDF.type, kind):
            if isinstance(entity, URIRef):
                out.add((entity, RDF.type, kind))
    return out


# --- OWL functional syntax ---------------------------------------------------------------

def _annotations(graph: Graph, axiom: BNode) -> list[tuple[URIRef, object]]:
    skip = {RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
    return sorted(((p, o) for p, o in graph.predicate_objects(axiom) if p not in skip), key=str)


def _axiom_groups(graph: Graph) -> dict[tuple, list[BNode]]:
    """owl:Axiom nodes by the axiom they annotate. A restriction is compared by its structure, since
    two equal restrictions written as two blank nodes (one per source sentence) are one OWL axiom."""
    groups: dict[tuple, list[BNode]] = defaultdict(list)
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        key = (graph.value(axiom, OWL.annotatedSource), graph.value(axiom, OWL.annotatedProperty),
               _structure(graph, graph.value(axiom, OWL.annotatedTarget)))
        groups[key].append(axiom)
    return groups


def _structure(graph: Graph, node, seen: tuple = ()):
    if not isinstance(node, BNode) or node in seen:
        return node
    return tuple(sorted((str(p), _structure(graph, o, seen + (node,))) for p, o in graph.predicate_objects(node)))


def _horned_value(term):
    from pyhornedowl import model as m

    if isinstance(term, URIRef):
        return m.IRI.parse(str(term))
    if isinstance(term, Literal):
        if term.language:
            return m.LanguageLiteral(str(term), term.language)
        if term.datatype and term.datatype != XSD.string:
            return m.DatatypeLiteral(str(term), m.IRI.parse(str(term.datatype)))
        return m.SimpleLiteral(str(term))
    raise InputError(f"an axiom annotation with a blank-node value ({term}) cannot be written as OFN",
                     hint="export as rdfxml or ttl")


def _horned_annotations(pairs):
    from pyhornedowl import model as m

    return [m.Annotation(m.AnnotationProperty(m.IRI.parse(str(p))), _horned_value(o)) for p, o in pairs]


def horned_ontology(graph: Graph):
    """The graph as a py-horned-owl ontology, with every owl:Axiom annotation set kept."""
    import pyhornedowl

    work = Graph()
    for triple in graph:
        work.add(triple)
    extra: dict[str, list[list[tuple]]] = {}
    groups = [(key, axioms) for key, axioms in _axiom_groups(graph).items() if len(axioms) > 1]
    for number, (_, axioms) in enumerate(sorted(groups, key=lambda kv: tuple(map(str, kv[0])))):
        ordered = sorted(axioms, key=lambda ax: [tuple(map(str, pair)) for pair in _annotations(graph, ax)])
        work.add((ordered[0], _MARKER, Literal(str(number))))
        extra[str(number)] = [_annotations(graph, ax) for ax in ordered[1:]]
        for axiom in ordered[1:]:
            work.remove((axiom, None, None))
    disjoint = _take_all_disjoint_classes(graph, work)
    work.add((_MARKER, RDF.type, OWL.AnnotationProperty))
    xml = _sorted_rdfxml(work)
    ontology = pyhornedowl.open_ontology_from_string(xml, "rdf")
    for classes, pairs in disjoint:
        ontology.add_component(_disjoint_classes(classes), _horned_annotations(pairs))
    marker = str(_MARKER)
    restored = 0
    for annotated in list(ontology.get_axioms()):
        marks = [a for a in annotated.ann if str(a.ap.first) == marker]
        if not marks:
            continue
        component = annotated.component
        kept = [a for a in annotated.ann if str(a.ap.first) != marker]
        ontology.remove_component(component)
        ontology.add_component(component, kept)
        # two structurally equal axioms (a kind's class axiom stated in two files, model v2) are one
        # component in py-horned-owl, carrying the marks of both groups
        for mark in marks:
            for pairs in extra[mark.av.literal]:
                ontology.add_component(component, _horned_annotations(pairs))
        restored += len(marks)
    if restored != len(extra):
        raise InputError(f"OFN export lost axiom annotations ({restored} of {len(extra)} groups found)",
                         hint="export as rdfxml or ttl")
    for annotated in list(ontology.get_axioms()):
        if "DeclareAnnotationProperty" in type(annotated.component).__name__ \
                and marker in str(annotated.component):
            ontology.remove_component(annotated.component)
    for name, ns in prefixes().items():
        ontology.prefix_mapping.add_prefix(name, ns)
    return ontology


def _sorted_rdfxml(graph: Graph) -> str:
    """RDF/XML of the triples in sorted order, ontology header first. rdflib writes them in hash
    order, and py-horned-owl then read the version IRI as the ontology's in some runs and as an
    annotation in others."""
    from msckg.query.store import to_oxigraph

    triples = sorted({ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph}, key=str)
    header = [t for t in triples if (URIRef(t.subject.value) if isinstance(t.subject, ox.NamedNode) else None)
              in set(graph.subjects(RDF.type, OWL.Ontology))]
    rest = [t for t in triples if t not in set(header)]
    return ox.serialize(header + rest, format=ox.RdfFormat.RDF_XML).decode("utf-8")


def _take_all_disjoint_classes(graph: Graph, work: Graph) -> list[tuple[list[URIRef], list[tuple]]]:
    """Remove each owl:AllDisjointClasses of named classes from work; its classes and annotations."""
    from rdflib.collection import Collection

    found = []
    for node in sorted(graph.subjects(RDF.type, OWL.AllDisjointClasses), key=str):
        head = graph.value(node, OWL.members)
        classes = list(Collection(graph, head)) if head is not None else []
        if not classes or not all(isinstance(c, URIRef) for c in classes):
            raise InputError("an owl:AllDisjointClasses of class expressions cannot be written as OFN here",
                             hint="export as rdfxml or ttl")
        pairs = sorted(((p, o) for p, o in graph.predicate_objects(node) if p not in (RDF.type, OWL.members)),
                       key=str)
        work.remove((node, None, None))
        item = head
        while item is not None and item != RDF.nil:
            following = graph.value(item, RDF.rest)
            work.remove((item, None, None))
            item = following
        found.append((classes, pairs))
    return found


def _disjoint_classes(classes: list[URIRef]):
    from pyhornedowl import model as m

    return m.DisjointClasses([m.Class(m.IRI.parse(str(c))) for c in classes])


def to_ofn(graph: Graph) -> bytes:
    return horned_ontology(graph).save_to_string("ofn").encode("utf-8")


# --- SSSOM ------------------------------------------------------------------------------

def to_sssom(mappings_folder: Path) -> bytes:
    """The mapping tables as one SSSOM/TSV table, written by sssom-py."""
    from sssom.util import merge_msdf
    from sssom.writers import write_table

    from msckg.links.mappings import read_sssom

    paths = mapping_files(mappings_folder)
    if not paths:
        raise InputError("no *.sssom.tsv mapping tables", where=str(mappings_folder),
                         hint="see data/mappings/README.md")
    tables = [read_sssom(path) for path in paths]
    msdf = tables[0] if len(tables) == 1 else merge_msdf(*tables)
    buffer = io.StringIO()
    write_table(msdf, buffer)
    return buffer.getvalue().encode("utf-8")
