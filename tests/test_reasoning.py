"""What the reasoners derive from the review's facts, and that HermiT and Pellet agree."""

from __future__ import annotations

import pytest
from rdflib import Graph

from msckg.build.pipeline import build
from msckg.namespaces import MSC, MSCR
from msckg.build.reason import infer, rl_closure


def _members(select, cls: str) -> set[str]:
    rows = select(f"SELECT ?x WHERE {{ GRAPH <https://w3id.org/msckg/graph/inferred> {{ ?x a msc:{cls} }} }}")
    return {str(r["x"]).rsplit("/", 1)[-1] for r in rows}


def test_doped_clusters_are_inferred_from_their_dopants(select):
    assert {"MnxCd13-xSe13", "CoxCd13-xSe13", "Mn-CdZnSe13-MSC"} <= _members(select, "DopedCluster")
    assert "CdSe13" not in _members(select, "DopedCluster")


def test_the_cd_zn_selenide_cluster_is_inferred_alloyed(select):
    assert _members(select, "AlloyedCluster") == {"Mn-CdZnSe13-MSC"}


def test_cdse_clusters_are_inferred_from_cadmium_and_selenium(select):
    cdse = _members(select, "CdSeCluster")
    assert {"CdSe33", "CdSe34", "Cd6Se6", "MnxCd13-xSe13"} <= cdse
    assert {f"Mule-CdSe-MSC-{n}" for n in range(1, 10)} <= cdse
    assert "CdS13" in _members(select, "CdSCluster")
    assert "ZnSe-PCs" in _members(select, "ZnSeCluster")
    assert "MSC-399" not in cdse  # the review gives no composition for MSC-399


def _computation_only(select) -> set[str]:
    rows = select("""SELECT DISTINCT ?x WHERE {
        GRAPH <https://w3id.org/msckg/graph/findings> { ?x msc:reportedOnlyByComputation ?study } }""")
    return {str(r["x"]).rsplit("/", 1)[-1] for r in rows}


def test_calculated_species_are_found_reported_only_by_computation(select):
    # model v2: a closed-world finding of the rule layer, in its own graph, not an OWL type
    only = _computation_only(select)
    assert {"Cd6Se6", "Cd6Se6-at-NU-1000", "Cu6-anion", "CuN-MoS2-Ag111"} <= only
    assert "MSC-399" not in only and "CdSe33" not in only


def test_a_precursor_reaches_every_downstream_species(select):
    # model v2: the template route starts from metal salts as a kind and ends in (ME)n clusters as a
    # kind (class axioms of its steps); the property chain follows it between its individuals
    rows = select("SELECT ?b WHERE { mscr:bilayer-template msc:canBeConvertedInto ?b }")
    reached = {str(r["b"]).rsplit("/", 1)[-1] for r in rows}
    assert {"MEn-cluster-in-template"} <= reached
    rows = select("SELECT ?b WHERE { mscr:Mule-CdSe-MSC-1 msc:canBeConvertedInto ?b }")
    assert {str(r["b"]).rsplit("/", 1)[-1] for r in rows} == {f"Mule-CdSe-MSC-{n}" for n in range(2, 10)}
    rows = select("SELECT ?a WHERE { mscr:Cu2Se msc:canBeFormedFrom ?a }")
    assert {"CdSe33", "CdSe34"} <= {str(r["a"]).rsplit("/", 1)[-1] for r in rows}


def test_co2_reduction_products_are_classified_by_electrons_transferred(select):
    assert "CO" in _members(select, "TwoElectronCO2ReductionProduct")
    assert "HCOOH" in _members(select, "TwoElectronCO2ReductionProduct")
    assert "CH4" in _members(select, "EightElectronCO2ReductionProduct")
    assert "CH3OH" in _members(select, "SixElectronCO2ReductionProduct")
    assert "HCHO" in _members(select, "FourElectronCO2ReductionProduct")


def _roles(select, cls: str) -> set[tuple[str, str]]:
    rows = select(f"""SELECT ?bearer ?context WHERE {{
        ?bearer obo:RO_0000087 ?role . ?role a msc:{cls} ; msc:roleInContext ?context }}""")
    return {(str(r["bearer"]).rsplit("/", 1)[-1], str(r["context"]).rsplit("/", 1)[-1]) for r in rows}


def test_host_frameworks_and_photocatalysts_are_roles_in_their_context(select):
    # model v2: a host framework or a photocatalyst is a role borne in one composite or reaction
    assert ("NU-1000", "Cd6Se6-at-NU-1000") in _roles(select, "HostFrameworkRole")
    assert "Cd6Se6-at-NU-1000" in _members(select, "SupportedCluster")
    assert ("CdS-TiO2-Cu-hollow-spheres", "photocat-CTC-CO2-H2S-conversion") in _roles(select, "PhotocatalystRole")


def test_every_inferred_fact_names_its_derivation(select):
    rows = select("""SELECT ?ax WHERE { GRAPH <https://w3id.org/msckg/graph/inferred> {
        ?ax a owl:Axiom FILTER NOT EXISTS { ?ax msc:derivedBy ?d } } }""")
    assert rows == []


def test_hermit_and_pellet_give_the_same_inferences(built):
    base = built.ontology + built.asserted
    closed = {}
    for reasoner in ("hermit", "pellet"):
        direct = infer(base, reasoner)
        closed[reasoner] = set(direct) | set(rl_closure(base + direct))
    assert closed["hermit"] == closed["pellet"]
    assert len(closed["hermit"]) > 500
