"""Ontology headers for the parts of a build, so that each file opens as OWL on its own.

A part (asserted facts, inferred facts, mappings, ...) is an ontology of its own: its
IRI is its named-graph IRI, its version IRI sits under ``https://w3id.org/msckg/release/``
(outside the term namespace), and it imports the msckg ontology, so that Protégé and the
OWL API read its object and data properties as such and not as annotations. The build
folder's ``catalog-v001.xml`` maps the ontology's IRI to ``ontology.ttl``.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

ONTOLOGY = URIRef("https://w3id.org/msckg/ontology")
RELEASE = "https://w3id.org/msckg/release/"
GRAPH_BASE = "https://w3id.org/msckg/graph/"
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")

_TITLES = {
    "asserted": "the facts of the sources, each with its evidence",
    "inferred": "what the reasoner, the OWL 2 RL closure and the rules derive, each with its derivation",
    "mappings": "mappings of msckg terms to external vocabularies (SSSOM)",
}


def ontology_version(ontology: Graph) -> str:
    """The ontology's owl:versionInfo (the release every part of a build belongs to)."""
    version = ontology.value(ONTOLOGY, OWL.versionInfo)
    return str(version) if version is not None else "0"


def part_iri(part: str) -> URIRef:
    return URIRef(GRAPH_BASE + part)


def part_version_iri(part: str, version: str) -> URIRef:
    return URIRef(f"{RELEASE}{version}/graph/{part}")


def part_header(part: str, version: str) -> list[tuple]:
    """The header triples of a part other than the ontology."""
    iri = part_iri(part)
    title = _TITLES.get(part, f"the {part} part of the graph")
    return [
        (iri, RDF.type, OWL.Ontology),
        (iri, OWL.versionIRI, part_version_iri(part, version)),
        (iri, OWL.versionInfo, Literal(version)),
        (iri, OWL.imports, ONTOLOGY),
        (iri, RDFS.label, Literal(f"msckg {part}: {title}", lang="en")),
        (iri, DCTERMS.license, LICENSE),
    ]


def catalog_xml(parts: list[str], version: str) -> str:
    """Protégé's XML catalog for a build folder: every part's IRI and version IRI to its file."""
    entries = [(str(ONTOLOGY), "ontology.ttl"), (f"{RELEASE}{version}/ontology", "ontology.ttl")]
    for part in parts:
        if part != "ontology":
            entries += [(str(part_iri(part)), f"{part}.ttl"), (str(part_version_iri(part, version)), f"{part}.ttl")]
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
             "<!-- msckg build: the parts' ontology IRIs resolve to the files of this folder. -->",
             '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">']
    lines += [f'    <uri name="{name}" uri="{uri}"/>' for name, uri in entries]
    lines.append("</catalog>")
    return "\n".join(lines) + "\n"
