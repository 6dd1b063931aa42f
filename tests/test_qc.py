"""The ontology QC gate: every part of the build is OWL 2 DL (checked with the OWL API), and
the ROBOT-style report checks of queries/qc/ find nothing. Each check is shown to fail on a
planted violation, so a green gate means something."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from msckg.links.export import PARTS, export
from msckg.qc.profile import build_imports, check_profile, checker_unavailable
from msckg.qc.report import run_checks
from msckg.query.formats import readable
from msckg.query.store import EmbeddedStore
from rdflib import URIRef

MSC = "https://w3id.org/msckg/ontology/"
MSCR = "https://w3id.org/msckg/resource/"


@pytest.fixture(scope="module")
def owlapi():
    reason = checker_unavailable()
    if reason:
        pytest.skip("OWL 2 DL profile check skipped: " + reason)


@pytest.fixture(scope="module")
def build_profiles(owlapi, build_dir: Path) -> dict:
    """Each Turtle file of the build, checked on its own (one OWL API run for all)."""
    files = sorted(build_dir.glob("*.ttl"))
    return {Path(r.path).stem: r for r in check_profile(files, build_imports(build_dir))}


def test_every_file_of_the_build_is_owl2_dl(build_profiles):
    assert set(build_profiles) >= {"ontology", "asserted", "inferred", "mappings", "msckg"}
    for report in build_profiles.values():
        assert report.violations == [], (report.path, report.violations[:5])
        assert report.axioms > 0


def test_each_part_names_itself_and_imports_the_ontology(build_profiles):
    reports = build_profiles
    assert reports["asserted"].ontology == "https://w3id.org/msckg/graph/asserted"
    assert reports["inferred"].ontology == "https://w3id.org/msckg/graph/inferred"
    assert reports["ontology"].ontology == "https://w3id.org/msckg/ontology"


def test_every_exported_part_is_owl2_dl(owlapi, build_dir: Path, tmp_path: Path):
    files = []
    for fmt in ("ttl", "rdfxml", "ofn"):
        for part in PARTS:
            out = tmp_path / f"{part}.{fmt}"
            out.write_bytes(export(build_dir, fmt, part))
            files.append(out)
    for report in check_profile(files, build_imports(build_dir)):
        assert report.violations == [], (report.path, report.violations[:5])


def test_a_part_without_its_import_is_not_owl2_dl(owlapi, build_dir: Path, tmp_path: Path):
    # The same asserted part read without the ontology: its properties are undeclared.
    shutil.copy(build_dir / "asserted.ttl", tmp_path / "asserted.ttl")
    [report] = check_profile([tmp_path / "asserted.ttl"], {})
    kinds = {kind for kind, _ in report.violations}
    assert "UseOfUndeclaredAnnotationProperty" in kinds or "UseOfUndeclaredObjectProperty" in kinds


def test_a_property_used_as_object_and_annotation_property_is_caught(owlapi, build_dir: Path, tmp_path: Path):
    # What the graph did before: it re-declared PROV-O's object property prov:wasDerivedFrom as
    # an annotation property to put it on axioms; with PROV-O's own declaration imported, that
    # is illegal punning.
    planted = tmp_path / "planted.ttl"
    planted.write_text(f"""
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<urn:planted> a owl:Ontology ; owl:imports <https://w3id.org/msckg/ontology> .
prov:wasDerivedFrom a owl:AnnotationProperty .
<{MSCR}CdSe13> a <{MSC}MagicSizeCluster> .
[] a owl:Axiom ; owl:annotatedSource <{MSCR}CdSe13> ; owl:annotatedProperty <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ;
   owl:annotatedTarget <{MSC}MagicSizeCluster> ; prov:wasDerivedFrom <{MSCR}li2023-sec1-08> .
""", encoding="utf-8")
    [report] = check_profile([planted], build_imports(build_dir))
    assert report.violations, "an object property used as an annotation must leave OWL 2 DL"


def test_the_report_checks_find_nothing_in_the_build(store: EmbeddedStore, layout):
    results = run_checks(store, layout.queries)
    assert {r.name for r in results} >= {
        "missing-label", "missing-definition", "duplicate-label", "multiple-labels",
        "undeclared-annotation-property", "class-without-parent", "exactmatch-kind-mismatch"}
    assert {r.name: r.rows for r in results if not r.passed} == {}


PLANTED = f"""
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<{MSC}PlantedNoLabel> a owl:Class ; rdfs:subClassOf <{MSC}MagicSizeCluster> ; skos:definition "planted"@en .
<{MSC}PlantedNoDefinition> a owl:Class ; rdfs:subClassOf <{MSC}MagicSizeCluster> ; rdfs:label "planted without definition"@en .
<{MSC}PlantedOrphan> a owl:Class ; rdfs:label "planted orphan"@en ; skos:definition "planted"@en .
<{MSC}PlantedTwoLabels> a owl:Class ; rdfs:subClassOf <{MSC}MagicSizeCluster> ; skos:definition "planted"@en ;
    rdfs:label "planted one"@en , "planted two"@en .
<{MSCR}planted-twin> a owl:NamedIndividual ; rdfs:label "planted orphan"@en .
<{MSC}PlantedNoDefinition> <{MSC}plantedUndeclared> "a note" .
<{MSCR}CdSe13> skos:exactMatch <http://purl.obolibrary.org/obo/CHEBI_99999> .
"""

# three mixes of msc:hasProduct and msc:hasTargetProduct, each a stated fact (its axiom names a sentence):
# CO stated both ways; syngas, the mixture of the target products CO and H2, as a further product;
# a catalysed reaction whose only stated product is a bare hasProduct
_STATED = "<https://w3id.org/msckg/ontology/statedIn> <https://w3id.org/msckg/resource/li2023-sec5-13>"
PLANTED_PRODUCTS = "".join(
    f"""<{MSCR}{reaction}> <{MSC}{prop}> <{MSCR}{product}> .
[ <http://www.w3.org/2002/07/owl#annotatedSource> <{MSCR}{reaction}> ;
  <http://www.w3.org/2002/07/owl#annotatedProperty> <{MSC}{prop}> ;
  <http://www.w3.org/2002/07/owl#annotatedTarget> <{MSCR}{product}> ; {_STATED} ] .
""" for reaction, prop, product in (
        ("planted-both", "hasProduct", "CO"), ("planted-both", "hasTargetProduct", "CO"),
        ("planted-syngas", "hasTargetProduct", "CO"), ("planted-syngas", "hasTargetProduct", "H2"),
        ("planted-syngas", "hasProduct", "syngas"),
        ("planted-no-target", "hasCatalyst", "noble-metals"), ("planted-no-target", "hasProduct", "multicarbon-compounds")))

EXPECTED = {
    "missing-label": f"{MSC}PlantedNoLabel",
    "missing-definition": f"{MSC}PlantedNoDefinition",
    "class-without-parent": f"{MSC}PlantedOrphan",
    "multiple-labels": f"{MSC}PlantedTwoLabels",
    "duplicate-label": f"{MSCR}planted-twin",
    "undeclared-annotation-property": f"{MSC}plantedUndeclared",
    "exactmatch-kind-mismatch": "http://purl.obolibrary.org/obo/CHEBI_99999",
    "product-vs-target-product": f"{MSCR}planted-both",
}


@pytest.fixture(scope="module")
def planted_store(build_dir: Path) -> EmbeddedStore:
    store = ox.Store()
    store.bulk_load(path=str(build_dir / "msckg.nq"), format=ox.RdfFormat.N_QUADS)
    store.load(PLANTED.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:planted"))
    store.load(PLANTED_PRODUCTS.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:planted"))
    return EmbeddedStore(store)


@pytest.mark.parametrize("check", sorted(EXPECTED))
def test_each_report_check_fails_on_a_planted_violation(planted_store, layout, check):
    [result] = [r for r in run_checks(planted_store, layout.queries) if r.name == check]
    assert not result.passed
    shown = " ".join(v for row in result.rows for v in row.values())
    assert readable(URIRef(EXPECTED[check])) in shown or EXPECTED[check] in shown, result.rows


def test_the_product_check_names_each_kind_of_mix(planted_store, layout):
    [result] = [r for r in run_checks(planted_store, layout.queries) if r.name == "product-vs-target-product"]
    problems: dict[str, set[str]] = {}
    for row in result.rows:
        problems.setdefault(row["reaction"], set()).add(row["problem"])
    assert problems == {
        readable(URIRef(MSCR + "planted-both")): {"stated both as a product and as the target product"},
        readable(URIRef(MSCR + "planted-syngas")): {"a mixture of the reaction's own target products stated as a further product"},
        readable(URIRef(MSCR + "planted-no-target")): {"a CO2 reduction or catalysed reaction whose stated products name no target product"},
    }
