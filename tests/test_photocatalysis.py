"""Photocatalysis arithmetic on the review's numbers: optical gaps, Table 1 at any pH, feasibility,
formula masses, and the pictures, each derived value marked as derived."""

from __future__ import annotations

from decimal import Decimal

import molmass
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, XSD

from msckg.namespaces import MSC, MSCR, QUDT, UNIT
from msckg.paths import project_layout
from msckg.photocatalysis import nernst, optics
from msckg.photocatalysis.derived import DERIVATIONS, derived_quantities
from msckg.photocatalysis.feasibility import GAP_NOTE, assess
from msckg.photocatalysis.ladder import BandEdges, Gap, draw_ladder
from msckg.photocatalysis.lookup import half_reactions
from msckg.photocatalysis.massspec import FormulaError, mass_report, to_molmass
from msckg.photocatalysis.isotope_plot import draw_pattern
from msckg.photocatalysis.reactions import from_graph
from msckg.query.answers import answer

QK = "http://qudt.org/vocab/quantitykind/"
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-", "svg": b"<?xml"}


def _quantity(built, subject, prop):
    """(value, units, kinds, derivation) of the one derived quantity subject --prop--> q."""
    g = built.inferred
    (q,) = list(g.objects(subject, prop))
    value = g.value(q, QUDT.numericValue)
    units = set(g.objects(q, QUDT.hasUnit))
    kinds = set(g.objects(q, QUDT.hasQuantityKind))
    derivations = {g.value(ax, MSC.derivedBy) for ax in g.subjects(OWL.annotatedSource, subject)
                   if g.value(ax, OWL.annotatedProperty) == prop and g.value(ax, OWL.annotatedTarget) == q}
    return q, value, units, kinds, derivations


# -- optical gaps -------------------------------------------------------------------------------

def test_an_msc_name_gives_its_absorption_peak_and_photon_energy():
    assert optics.peak_wavelength_nm("MSC-399") == 399
    assert optics.peak_wavelength_nm("sMSC-360") == 360
    assert optics.peak_wavelength_nm("MSC-399 → MSC-422") is None  # a step, not a cluster
    assert optics.optical_gap_ev(399) == Decimal("3.11")
    assert optics.optical_gap_ev(422) == Decimal("2.94")


@pytest.mark.parametrize("cluster, gap", [("MSC-399", "3.11"), ("MSC-422", "2.94")])
def test_the_build_derives_the_optical_gap_of_each_named_cluster(built, cluster, gap):
    q, value, units, kinds, derivations = _quantity(built, MSCR[cluster], MSC.hasOpticalGap)
    assert value == Literal(gap, datatype=XSD.decimal)
    assert units == {UNIT.EV} and kinds == {URIRef(QK + "Energy")}
    assert derivations == {MSCR["derivation-optical-gap-from-name"]}
    rule = str(built.inferred.value(MSCR["derivation-optical-gap-from-name"], MSC.derivationRule))
    assert "1239.84" in rule and "CODATA" in rule and "does not place the band edges" in rule
    assert (MSCR[cluster], MSC.hasOpticalGap, q) not in built.asserted


def test_derived_quantities_stay_out_of_the_asserted_graph(built):
    for prop in (MSC.hasOpticalGap, MSC.hasPotentialAtPH, MSC.hasMolarMass, MSC.valueHoldsAtPH):
        assert not list(built.asserted.subject_objects(prop)), prop
        assert list(built.inferred.subject_objects(prop)), prop


# -- Table 1 at any pH and its stated pH ---------------------------------------------------------

def test_water_oxidation_is_the_ph_0_value_in_a_ph_7_column(built):
    stated = MSCR["table1-reaction-1-E0"]
    # the review's number is kept as stated ...
    assert built.asserted.value(stated, QUDT.numericValue) == Literal(Decimal("1.23"))
    assert built.asserted.value(stated, MSC.atPH) == Literal(Decimal("7.0"))
    # ... the check finds that it holds at pH 0 and says why
    assert built.inferred.value(stated, MSC.valueHoldsAtPH) == Literal("0.0", datatype=XSD.decimal)
    notes = [str(built.inferred.value(ax, MSC.interpretationNote))
             for ax in built.inferred.subjects(OWL.annotatedSource, stated)]
    assert any("INCONSISTENT" in n and "+0.82 V" in n for n in notes)
    # ... and the pH 7 value, +0.82 V, is derived beside it
    at7 = URIRef(str(stated) + "-at-pH7")
    assert built.inferred.value(at7, QUDT.numericValue) == Literal("0.82", datatype=XSD.decimal)
    assert built.inferred.value(at7, MSC.atPH) == Literal("7.0", datatype=XSD.decimal)
    assert built.inferred.value(at7, QUDT.hasUnit) == UNIT.V
    assert built.inferred.value(at7, MSC.computedFrom) == stated


def test_the_ph_check_finds_water_oxidation_wrong_and_proton_reduction_right(built):
    checks = {c.reaction.kind: c for c in nernst.check_table(from_graph(built.ontology + built.asserted
                                                                        + built.inferred))}
    assert checks["water oxidation"].status == "inconsistent"
    assert checks["water oxidation"].holds_at_ph == 0
    assert checks["water oxidation"].corrected == Decimal("0.82")
    assert checks["proton reduction"].status == "consistent"  # −0.41 V = 0 − 0.0592 × 7
    assert checks["CO2 reduction"].status == "unchecked"
    assert nernst.E0_O2_H2O == Decimal("1.229")


def test_every_half_reaction_gets_its_ph_0_potential_and_co2_radical_anion_does_not_move(built):
    at0 = {str(r): built.inferred.value(q, QUDT.numericValue)
           for r, q in built.inferred.subject_objects(MSC.hasPotentialAtPH)
           if built.inferred.value(q, MSC.atPH) == Literal("0.0", datatype=XSD.decimal)}
    table = {f"{MSCR}table1-reaction-{n}": v for n, v in
             [(1, "1.23"), (2, "-1.90"), (3, "-0.12"), (4, "-0.20"), (5, "-0.07"), (6, "0.03"), (7, "0.17"), (8, "0.00")]}
    assert {k: Decimal(str(v)) for k, v in at0.items()} == {k: Decimal(v) for k, v in table.items()}
    slope = built.inferred.value(URIRef(f"{MSCR}table1-reaction-2-E0-at-pH0"), MSC.nernstSlope)
    assert Decimal(str(slope)) == 0


@pytest.mark.parametrize("ph", ["0", "3.5", "7", "14"])
def test_the_stored_query_and_the_python_nernst_agree_at_any_ph(store, catalog, ph):
    reactions = half_reactions(store, project_layout().queries, ph)
    rows = answer(store, catalog["potentials-at-ph"], {"pH": ph}).rows
    by_sparql = {str(r["reaction"]): Decimal(str(r["E"])).quantize(Decimal("0.01")) for r in rows}
    by_python = {r.iri: nernst.potential_at_ph(r, ph) for r in reactions}
    assert by_sparql == by_python


@pytest.mark.parametrize("ph, expected", [("0", "1.23"), ("7", "0.82"), ("14", "0.40")])
def test_water_oxidation_moves_from_its_ph_0_value(store, ph, expected):
    (water,) = [r for r in half_reactions(store, project_layout().queries, ph) if r.kind == "water oxidation"]
    assert nernst.potential_at_ph(water, ph) == Decimal(expected)  # 1.23 − 0.0592 × pH


def test_potentials_command_prints_table_1_at_the_ph_asked(cli):
    result = cli("photocatalysis", "potentials", "--ph", "0")
    assert result.exit_code == 0, result.output
    assert "+1.23" in result.output and "holds at pH 0*" in result.output and "+0.17" in result.output


def test_check_command_reports_the_water_oxidation_entry(cli):
    result = cli("photocatalysis", "check")
    assert result.exit_code == 0
    assert "INCONSISTENT" in result.output and "+0.82 V" in result.output
    assert "1 consistent, 1 inconsistent, 6 not checkable" in result.output


# -- feasibility -------------------------------------------------------------------------------

def test_methane_at_minus_0_24_v_is_reachable_from_a_cb_at_minus_0_5_v(store):
    result = assess(half_reactions(store, project_layout().queries, 7), cb="-0.5", vb="1.8", ph=7)
    steps = {s.reaction.product: s for s in result.reductions}
    assert steps["CH4"].potential == Decimal("-0.24") and steps["CH4"].reachable
    assert steps["CH4"].driving_force == Decimal("0.26")
    assert not steps["CO"].reachable and not steps["CO2•−"].reachable
    (water,) = result.oxidations
    assert water.potential == Decimal("0.82") and water.driving_force == Decimal("0.98")
    assert GAP_NOTE in result.notes


def test_the_feasibility_query_gives_the_same_answer_as_the_command(store, catalog, cli):
    rows = answer(store, catalog["cq21-feasibility"], {"cb": "-0.5", "vb": "1.8", "pH": "7"}).rows
    by_product = {str(r["productLabel"]): (Decimal(str(r["drivingForce"])), r["reachable"].toPython())
                  for r in rows}
    assert by_product["CH4"] == (Decimal("0.26"), True)
    assert by_product["O2"] == (Decimal("0.98"), True)
    assert by_product["CO"][1] is False
    output = cli("photocatalysis", "feasibility", "--cb", "-0.5", "--vb", "1.8").output
    assert "CH4" in output and "+0.26" in output and "optical gap alone does not place the bands" in output


def test_feasibility_at_ph_0_moves_every_proton_coupled_step(cli):
    output = cli("photocatalysis", "feasibility", "--cb", "-0.5", "--ph", "0").output
    assert "+0.17" in output and "-1.90" in output  # CH4 moved by +0.41 V, CO2/CO2•− did not


def test_no_band_edges_are_invented_for_a_cluster_without_a_source(cli):
    result = cli("photocatalysis", "feasibility", "--cluster", "MSC-399")
    assert result.exit_code == 2
    assert "no band edges of MSC-399 from a source" in result.output
    assert "3.11 eV" in result.output and "does not place them" in result.output


def test_a_valence_band_above_the_conduction_band_is_refused(cli):
    result = cli("photocatalysis", "feasibility", "--cb", "-0.5", "--vb", "-1.0")
    assert result.exit_code == 2 and "must lie below the conduction band" in result.output


# -- formula masses and mass spectrometry ------------------------------------------------------

def test_cdse13_formula_mass_in_the_graph_is_molmass_s(built):
    expected = molmass.Formula("(CdSe)13")
    _, value, units, kinds, derivations = _quantity(built, MSCR.CdSe13, MSC.hasMolarMass)
    assert value.datatype == XSD.decimal
    assert float(value) == pytest.approx(expected.mass, abs=0.006)
    assert units == {UNIT["GM-PER-MOL"]} and kinds == {URIRef(QK + "MolarMass")}
    assert derivations == {MSCR["derivation-formula-mass-molmass"]}
    _, peak, peak_units, _, _ = _quantity(built, MSCR.CdSe13, MSC.hasMostAbundantPeakMass)
    assert float(peak) == pytest.approx(expected.spectrum().peak.mass, abs=1e-4)
    assert peak_units == {UNIT.DA}
    _, mono, _, _, _ = _quantity(built, MSCR.CdSe13, MSC.hasMonoisotopicMass)
    assert float(mono) == pytest.approx(expected.monoisotopic_mass, abs=1e-4)


def test_masses_only_for_definite_species(built):
    with_mass = set(built.inferred.subjects(MSC.hasMolarMass, None))
    assert {MSCR.CdSe13, MSCR.CdSe33, MSCR.CdSe34, MSCR.Cd6Se6, MSCR["ZnSe-PCs"], MSCR.Cu2Se,
            MSCR["Cu8-anion"], MSCR.Cd2plus} <= with_mass
    assert MSCR["photocat-anionic-metal-clusters"] not in with_mass  # "Mn−" stands for M(n)−, not Mn
    assert MSCR.Cd not in with_mass and MSCR.Se not in with_mass     # elements
    assert MSCR["CdS-nanoplatelets"] not in with_mass                # a composition, not a formula unit


def test_the_sources_flattened_charges_read_with_the_charge_number():
    assert to_molmass("Cd2+", 2) == "[Cd]2+"
    assert to_molmass("Cu8−", -1) == "[Cu8]-"
    with pytest.raises(FormulaError):
        to_molmass("Mn2+:(Cd0.5Zn0.5Se)13")
    with pytest.raises(FormulaError):
        to_molmass("Ag(111)")


def test_a_charge_state_divides_the_mass_by_the_charge():
    neutral, dianion = mass_report("(CdSe)13"), mass_report("(CdSe)13", charge=-2)
    assert dianion.charge == -2
    assert dianion.most_abundant.mz == pytest.approx(dianion.most_abundant.mass / 2)
    assert neutral.most_abundant.mass_number == dianion.most_abundant.mass_number


def test_ms_prints_masses_peak_and_pattern_of_a_named_cluster(cli, tmp_path):
    out = tmp_path / "cdse34.png"
    result = cli("ms", "(CdSe)34", "--top", "5", "--plot", str(out))
    assert result.exit_code == 0, result.output
    for words in ("monoisotopic mass", "average mass", "most abundant peak", "isotope pattern, 5 tallest",
                  "6507.09"):
        assert words in result.output
    assert out.read_bytes().startswith(MAGIC["png"])


def test_ms_with_a_charge_and_a_bad_formula(cli):
    result = cli("ms", "Cd6Se6", "--charge", "-1", "--top", "3")
    assert result.exit_code == 0 and "charge -1" in result.output and "m/z" in result.output
    result = cli("ms", "Xq2")
    assert result.exit_code == 2 and "molmass cannot read formula 'Xq2'" in result.output
    result = cli("ms", "MSC-399")
    assert result.exit_code == 1 and "no formula in the graph" in result.output


# -- catalysts by product ----------------------------------------------------------------------

def test_co2_into_co_names_the_photocatalyst_the_experiment_and_the_rate(cli):
    result = cli("photocatalysis", "co2-into", "CO")
    assert result.exit_code == 0, result.output
    for words in ("photocatalyst: CdS/TiO2:Cu hollow spheres", "reported by experiment", "781.3",
                  "xenon lamp", "ref. 24"):
        assert words in result.output


def test_co2_into_methanol_is_a_computational_report(cli, store, catalog):
    result = cli("photocatalysis", "co2-into", "CH3OH")
    assert "reported by computation" in result.output and "ref. 68" in result.output
    rows = answer(store, catalog["cq20-co2-conversions"], {"product": str(MSCR.CH3OH)}).rows
    assert {str(r["role"]) for r in rows if str(r["aspect"]) == "study"} == {"computation"}


# -- the hook for other builds -----------------------------------------------------------------

def test_derived_quantities_is_self_contained_for_any_build(built):
    graph = derived_quantities(built.ontology + built.asserted + built.inferred)
    for d in DERIVATIONS:
        assert (d.iri, RDF.type, MSC.Derivation) in graph
    for ax in graph.subjects(RDF.type, OWL.Axiom):
        assert graph.value(ax, MSC.derivedBy) in {d.iri for d in DERIVATIONS}
    named = {t for t in graph if not any(isinstance(x, BNode) for x in t)}
    assert named and named <= set(built.inferred)


# -- pictures ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_the_ladder_is_drawn_in_each_format(cli, tmp_path, fmt):
    out = tmp_path / f"ladder.{fmt}"
    result = cli("photocatalysis", "ladder", "--ph", "7", "--cb", "-0.5", "--vb", "1.8",
                 "--cluster", "MSC-399", "--cluster", "MSC-422", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(MAGIC[fmt]) and len(data) > 10_000
    if fmt == "svg":  # text stays text, with its sub- and superscripts typeset
        text = data.decode()
        assert "CO" in text and "CH" in text and "not placed" in text


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_the_isotope_pattern_is_drawn_in_each_format(tmp_path, fmt):
    out = draw_pattern(mass_report("(CdSe)34"), tmp_path / f"pattern.{fmt}")
    data = out.read_bytes()
    assert data.startswith(MAGIC[fmt]) and len(data) > 5_000


def test_the_same_ladder_twice_is_the_same_file(store, tmp_path):
    reactions = half_reactions(store, project_layout().queries, 7)
    files = []
    for name in ("one.svg", "two.svg"):
        files.append(draw_ladder(reactions, 7, tmp_path / name, bands=[BandEdges("x", Decimal("-0.5"))],
                                 gaps=[Gap("MSC-399", Decimal("3.11"))]).read_bytes())
    assert files[0] == files[1]


def test_a_picture_format_not_drawn_is_a_clear_error(cli, tmp_path):
    result = cli("photocatalysis", "ladder", "--out", str(tmp_path / "ladder.gif"))
    assert result.exit_code == 2 and "use .png, .svg or .pdf" in result.output


@pytest.mark.parametrize("module", ["optics", "massspec", "typeset"])
def test_the_examples_in_the_docstrings_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"msckg.photocatalysis.{module}"))
    assert result.attempted > 0 and result.failed == 0
