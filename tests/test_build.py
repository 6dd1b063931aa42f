"""The build: complete outputs, inferred triples apart, byte-identical twice."""

from __future__ import annotations

import json

from rdflib import Dataset, Graph
from rdflib.namespace import OWL, PROV, RDF

from msckg.namespaces import MSC, GRAPH
from tests.helpers import run_cli


def test_build_writes_the_graph_in_turtle_ntriples_trig_and_nquads(build_dir):
    for name in ("ontology", "asserted", "inferred", "msckg"):
        assert (build_dir / f"{name}.ttl").stat().st_size > 0
        assert (build_dir / f"{name}.nt").stat().st_size > 0
    union = Graph().parse(build_dir / "msckg.ttl")
    assert len(union) == len(Graph().parse(build_dir / "msckg.nt", format="nt"))
    ds = Dataset()
    ds.parse(build_dir / "msckg.trig", format="trig")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {str(GRAPH.ontology), str(GRAPH.asserted), str(GRAPH.inferred)} <= graphs


def test_every_inferred_triple_is_outside_the_asserted_graph_and_names_its_derivation(built):
    assert len(built.inferred) > 0
    axioms = set(built.inferred.subjects(RDF.type, OWL.Axiom))
    for ax in axioms:
        triple = tuple(built.inferred.value(ax, p) for p in
                       (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget))
        assert triple not in built.asserted
        assert built.inferred.value(ax, MSC.derivedBy) is not None


def test_summary_counts_triples_classes_individuals_and_facts_per_source(build_dir, built):
    summary = json.loads((build_dir / "summary.json").read_text())
    assert summary["triples"]["asserted"] == len(built.asserted)
    assert summary["classes"] > 100
    assert summary["individuals_per_class"]["MagicSizeCluster"] >= 5
    assert summary["facts_per_reference"]["ref. 44"] >= 3
    assert summary["facts_per_section"]["li2023-sec2"] > 20


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for target in (first, second):
        result = run_cli("build", "--out", str(target))
        assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in first.iterdir() if p.is_file())
    assert "msckg.ttl" in files and "SHA256SUMS" in files
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
