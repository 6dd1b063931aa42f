"""msckg export: every syntax reads back as the same graph."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyhornedowl
import pytest
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, XSD

from msckg.links.export import declarations, export, horned_ontology, part_graph
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ROOT / "data" / "mappings"
RDFLIB_FORMAT = {"ttl": "turtle", "rdfxml": "xml", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def whole(build_dir) -> Graph:
    return part_graph(build_dir, "all")


@pytest.fixture(scope="module")
def ofn_all(build_dir) -> str:
    return export(build_dir, "ofn", "all").decode()


def _plain(graph: Graph) -> Graph:
    """RDF 1.1: "x" and "x"^^xsd:string are one literal; rdflib keeps them apart."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("fmt", ["ttl", "rdfxml", "jsonld"])
def test_the_whole_graph_reads_back_with_the_same_number_of_triples(build_dir, whole, fmt):
    data = export(build_dir, fmt, "all")
    back = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
    assert len(back) == len(whole) > 20000


@pytest.mark.parametrize("fmt", ["ttl", "rdfxml", "jsonld"])
def test_a_part_reads_back_as_the_same_graph(build_dir, fmt):
    original = part_graph(build_dir, "mappings")
    back = Graph().parse(data=export(build_dir, fmt, "mappings"), format=RDFLIB_FORMAT[fmt])
    assert len(back) == len(original) > 1000
    assert isomorphic(back, original)


def test_json_ld_uses_the_project_prefixes_as_context(build_dir):
    data = json.loads(export(build_dir, "jsonld", "mappings"))
    assert data["@context"]["msc"] == "https://w3id.org/msckg/ontology/"
    assert data["@context"]["mscr"] == "https://w3id.org/msckg/resource/"
    ids = {node["@id"] for node in data["@graph"]}
    assert "mscr:TOF-MS" in ids


def test_the_same_build_exports_the_same_bytes(build_dir):
    for fmt in ("ttl", "jsonld", "ofn"):
        assert export(build_dir, fmt, "mappings") == export(build_dir, fmt, "mappings"), fmt


def test_ofn_reads_back_with_py_horned_owl_and_keeps_every_axiom(ofn_all, whole):
    text = ofn_all
    assert text.startswith("Prefix(") and "Ontology(<https://w3id.org/msckg/ontology>" in text
    back = pyhornedowl.open_ontology_from_string(text, "ofn")
    built = horned_ontology(whole)
    assert {str(a) for a in back.get_axioms()} == {str(a) for a in built.get_axioms()}
    # every owl:Axiom node is an annotated axiom: facts stated by two sentences stay two axioms
    axiom_nodes = len(set(whole.subjects(RDF.type, OWL.Axiom)))
    annotated = [a for a in back.get_axioms() if a.ann and "Declaration" not in str(a.component)]
    assert len(annotated) == axiom_nodes
    assert "DisjointClasses(msc:ChemicalEntity msc:Process msc:InformationEntity" in text


def test_ofn_as_rdf_again_holds_the_same_named_triples_and_annotations(ofn_all, whole):
    back = pyhornedowl.open_ontology_from_string(ofn_all, "ofn")
    again = _plain(Graph().parse(data=back.save_to_string("owl"), format="xml"))
    original = _plain(whole)

    def named(graph):  # py-horned-owl writes an n-ary DisjointClasses as owl:disjointWith pairs
        return {t for t in graph if not any(isinstance(x, BNode) for x in t) and t[1] != OWL.disjointWith}

    assert named(again) == named(original)
    assert len(set(again.subjects(RDF.type, OWL.Axiom))) == len(set(original.subjects(RDF.type, OWL.Axiom)))


def test_ofn_of_the_mappings_round_trips_as_the_same_graph(build_dir):
    original = part_graph(build_dir, "mappings") + declarations(part_graph(build_dir, "ontology"))
    back = pyhornedowl.open_ontology_from_string(export(build_dir, "ofn", "mappings").decode(), "ofn")
    again = Graph().parse(data=back.save_to_string("owl"), format="xml")
    again.remove((None, RDF.type, OWL.Ontology))
    original.remove((None, RDF.type, OWL.Ontology))  # the part's own header (model v2: self-contained parts)
    assert len(again) == len(original)
    assert isomorphic(_plain(again), _plain(original))


def test_sssom_export_is_the_mapping_table(build_dir):
    from sssom.parsers import parse_sssom_table

    data = export(build_dir, "sssom", "mappings", mappings_folder=MAPPINGS)
    exported = parse_sssom_table(io.StringIO(data.decode()))
    source = parse_sssom_table(str(MAPPINGS / "msckg.sssom.tsv"))
    key = ["subject_id", "predicate_id", "object_id", "object_label", "comment"]
    assert len(exported.df) == len(source.df) == 140
    assert sorted(map(tuple, exported.df[key].fillna("").values.tolist())) == \
        sorted(map(tuple, source.df[key].fillna("").values.tolist()))
    assert exported.metadata["mapping_set_id"] == "https://w3id.org/msckg/mappings/msckg.sssom.tsv"


def test_export_cli_writes_a_file_and_refuses_a_part_sssom_has_not(build_dir, tmp_path):
    out = tmp_path / "mappings.ttl"
    result = run_cli("export", "--format", "ttl", "--part", "mappings", "--out", str(out), build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    assert len(Graph().parse(out)) == len(part_graph(build_dir, "mappings"))
    refused = run_cli("export", "--format", "sssom", "--part", "ontology", build_dir=build_dir)
    assert refused.returncode == 2 and "mappings only" in refused.stderr
