"""The project's namespaces and the vocabularies it uses, bound in one place."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

MSC = Namespace("https://w3id.org/msckg/ontology/")
MSCR = Namespace("https://w3id.org/msckg/resource/")
GRAPH = Namespace("https://w3id.org/msckg/graph/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
VANN = Namespace("http://purl.org/vocab/vann/")
QUANTITYKIND = Namespace("http://qudt.org/vocab/quantitykind/")
OBO = Namespace("http://purl.obolibrary.org/obo/")  # BFO/RO terms of the role pattern (model v2)

ONTOLOGY_IRI = "https://w3id.org/msckg/ontology"

PREFIXES: dict[str, Namespace] = {
    "msc": MSC,
    "mscr": MSCR,
    "qudt": QUDT,
    "unit": UNIT,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "bibo": BIBO,
    "vann": VANN,
    "quantitykind": QUANTITYKIND,
    "obo": OBO,
}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def turtle_prefixes() -> str:
    """@prefix lines for every bound namespace, to head Turtle written as text."""
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items())
