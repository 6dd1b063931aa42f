"""Pair every asserted fact with the axiom annotation that sources it.

A fact is a class or property assertion about a named individual, or a class
axiom that states what the source says of a kind (``C rdfs:subClassOf D``, where
D may be a restriction; an individual typed by a restriction). Its source is
an ``owl:Axiom`` with ``owl:annotatedSource/Property/Target`` equal to the fact
(the target may be the restriction's blank node) and ``msc:statedIn``
naming a source sentence (or a background document). The triples inside a
restriction are its structure, not facts. An annotation (a label, a statement
about a kind) needs no source, but may carry one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF
from rdflib.term import Node

from msckg.axioms import Triple
from msckg.errors import ProvenanceError
from msckg.namespaces import MSC


# Bibliographic records are the provenance; their types need no source.
RECORD_CLASSES = {MSC.SourceSentence, MSC.CitedSentence, MSC.DocumentPart, MSC.CitedReference, MSC.Document, MSC.Review,
                  MSC.Derivation}
# Triples that only describe OWL structure, not facts.
_STRUCTURAL_TYPES = {OWL.Axiom, OWL.AllDifferent, OWL.NamedIndividual, OWL.Ontology}
_AXIOM_PARTS = {OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}


@dataclass(frozen=True)
class SourcedFact:
    triple: Triple
    sentences: tuple[URIRef, ...]
    references: tuple[URIRef, ...]


def annotation_properties(ontology: Graph) -> set[Node]:
    return set(ontology.subjects(RDF.type, OWL.AnnotationProperty))


def class_expressions(data: Graph) -> set[Node]:
    """Blank nodes that are anonymous class expressions (restrictions, intersections) or lists."""
    found = {s for s in data.subjects(RDF.type, OWL.Restriction) if isinstance(s, BNode)}
    found |= {s for s in data.subjects(RDF.type, OWL.Class) if isinstance(s, BNode)}
    found |= set(data.subjects(RDF.first, None))
    found |= {s for s in data.subjects(OWL.inverseOf, None) if isinstance(s, BNode)}  # inverse property
    return found


def asserted_facts(data: Graph, ontology: Graph) -> Iterator[Triple]:
    """The triples of data that are facts about individuals or class axioms about kinds."""
    annotations = annotation_properties(ontology)
    axioms = set(data.subjects(RDF.type, OWL.Axiom))
    lists = class_expressions(data)
    # Sentences and documents are the provenance: their PROV-O statements (prov:value,
    # prov:wasQuotedFrom) describe the record, they are not facts of the literature.
    records = {s for cls in RECORD_CLASSES for s in data.subjects(RDF.type, cls)}
    for s, p, o in data:
        if s in axioms or s in lists or s in records or p in annotations or p in _AXIOM_PARTS:
            continue
        if p == RDF.type and (o in _STRUCTURAL_TYPES or o in RECORD_CLASSES):
            continue
        if p == OWL.distinctMembers or (p == RDF.type and o == OWL.AllDifferent):
            continue
        yield (s, p, o)


def axiom_index(data: Graph) -> dict[Triple, list[Node]]:
    """Map each annotated triple to the axiom nodes that annotate it."""
    index: dict[Triple, list[Node]] = {}
    for ax in data.subjects(RDF.type, OWL.Axiom):
        parts = [data.value(ax, prop) for prop in (OWL.annotatedSource, OWL.annotatedProperty,
                                                    OWL.annotatedTarget)]
        if any(part is None for part in parts):
            raise ProvenanceError("owl:Axiom lacks annotatedSource, annotatedProperty or "
                                  "annotatedTarget", where=_describe(ax, data),
                                  hint="give all three, equal to the asserted triple")
        index.setdefault(tuple(parts), []).append(ax)  # type: ignore[arg-type]
    return index


def sourced_facts(data: Graph, ontology: Graph) -> list[SourcedFact]:
    """Every fact with its source sentences; raises on the first unsourced one."""
    index = axiom_index(data)
    known_sources = set(data.subjects(RDF.type, MSC.SourceSentence)) | set(
        data.subjects(RDF.type, MSC.CitedSentence)) | set(
        data.subjects(RDF.type, MSC.Document)) | set(data.subjects(RDF.type, MSC.Review))
    facts = sorted(asserted_facts(data, ontology))
    asserted = set(facts)
    result: list[SourcedFact] = []
    for triple in facts:
        s, p, o = triple
        if isinstance(s, BNode):
            raise ProvenanceError(f"fact with a blank-node subject ({_short(p)} {_short(o)})",
                                  where=_describe(s, data),
                                  hint="give the individual an IRI under https://w3id.org/msckg/resource/")
        axioms = index.get(triple)
        if not axioms:
            raise ProvenanceError(f"fact has no source: {_short(s)} {_short(p)} {_short(o)}",
                                  where=str(s),
                                  hint="add an owl:Axiom annotation with msc:statedIn "
                                       "naming the source sentence (see data/README.md)")
        sentences: list[URIRef] = []
        references: list[URIRef] = []
        for ax in axioms:
            sentences.extend(data.objects(ax, MSC.statedIn))
            references.extend(data.objects(ax, MSC.supportedByReference))
        if not sentences:
            raise ProvenanceError(f"fact's axiom names no evidence: {_short(s)} {_short(p)} {_short(o)}",
                                  where=str(s),
                                  hint="add msc:statedIn <source sentence> to its owl:Axiom")
        for sentence in sentences:
            if sentence not in known_sources:
                raise ProvenanceError(f"evidence {sentence} is not a known source sentence or document",
                                      where=str(s),
                                      hint="use a sentence IRI from data/<source>/sentences.ttl")
        result.append(SourcedFact(triple, tuple(sorted(set(sentences))),
                                  tuple(sorted(set(references)))))
    for triple, axioms in index.items():
        if triple not in asserted and triple not in data:
            raise ProvenanceError("an owl:Axiom annotates a triple that is not asserted: "
                                  + " ".join(_short(t) for t in triple),
                                  where=str(triple[0]),
                                  hint="assert the triple too, or fix the annotated source, "
                                       "property or target")
    return result


def _short(node: Node) -> str:
    if isinstance(node, Literal):
        return repr(str(node))
    text = str(node)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1] if not text.endswith(sep) else text
    return text


def _describe(node: Node, graph: Graph) -> str:
    label = ", ".join(f"{_short(p)} {_short(o)}" for p, o in list(graph.predicate_objects(node))[:3])
    return f"blank node [{label}]"
