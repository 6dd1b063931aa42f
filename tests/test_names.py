"""Names as a chemist types them: one matcher for describe, pathway and query parameters.

Sub- and superscripts are read as digits and signs, a charge sign at the end is kept (the anion is
not the element), and a parameter of type iri takes a name or a CURIE as well as an IRI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from msckg.pathways.graph import pathway_graph
from msckg.pathways.resolve import resolve_species
from msckg.query.answers import answer, comparable
from msckg.query.catalog import find_query
from msckg.query.describe import describe
from msckg.query.names import NameIndex, normalize_name, parse_iri
from tests.helpers import run_cli

R = "https://w3id.org/msckg/resource/"


@pytest.fixture(scope="module")
def index(store, layout) -> NameIndex:
    return NameIndex.of(store, layout.queries)


@pytest.mark.parametrize("typed, plain", [
    ("(CdSe)₁₃", "(CdSe)13"), ("Cd₁₃Se₁₃", "Cd13Se13"), ("Cu₂Se", "Cu2Se"), ("Mn²⁺", "Mn2+"),
    ("MSC–399", "MSC-399"), ("ZnSe  PCs", "znse pcs"),
])
def test_sub_and_superscripts_dashes_and_spaces_do_not_matter(typed, plain):
    assert normalize_name(typed) == normalize_name(plain)


@pytest.mark.parametrize("ion, neutral", [("Mn−", "Mn"), ("CO2-", "CO2"), ("Mn2+", "Mn2")])
def test_a_charge_sign_makes_another_name(ion, neutral):
    assert normalize_name(ion) != normalize_name(neutral)


@pytest.mark.parametrize("typed, iri", [
    ("(CdSe)₁₃", "CdSe13"), ("Cd₁₃Se₁₃", "CdSe13"), ("Cu₂Se", "Cu2Se"), ("Mn²⁺", "Mn2plus"),
])
def test_describe_finds_names_typed_with_subscripts(store, layout, typed, iri):
    assert [d.iri for d in describe(store, layout.queries, typed)] == [R + iri]


def test_the_anionic_clusters_are_not_manganese(index):
    assert R + "Mn" not in {iri for iri, _ in index.lookup("Mn−")}
    assert {iri for iri, _ in index.lookup("Mn")} == {R + "Mn"}
    assert R + "CO2" not in {iri for iri, _ in index.lookup("CO2-")}


def test_describe_and_pathway_both_read_either_count(store, layout):
    both = {R + "CdSe33", R + "CdSe34"}
    assert {d.iri for d in describe(store, layout.queries, "(CdSe)33/34")} == both
    graph = pathway_graph(store, layout.queries)
    assert set(resolve_species(graph, "(CdSe)₃₃/₃₄", store, layout.queries)) == both


def test_a_label_outranks_another_entitys_formula(index):
    """'(ME)n' is the formula of two entities but the alternative label of one."""
    # model v2: (ME)n names a kind, the class msc:MEnCluster
    assert [iri for iri, _ in index.lookup("(ME)n")] == ["https://w3id.org/msckg/ontology/MEnCluster"]


@pytest.mark.parametrize("given", ["Mn2+", "Mn²⁺", "mscr:Mn2plus", R + "Mn2plus"])
def test_an_iri_parameter_takes_a_name_a_curie_or_the_iri(store, layout, given):
    query = find_query(layout.queries, "cq02-doped-alloyed-clusters")
    by_iri = comparable(answer(store, query, {"dopant": R + "Mn2plus"}, queries=layout.queries).rows)
    assert by_iri, "the review's Mn2+-doped clusters"
    assert comparable(answer(store, query, {"dopant": given}, queries=layout.queries).rows) == by_iri


def test_curies_of_the_project_prefixes_are_expanded_and_bad_iris_refused():
    assert str(parse_iri("mscr:CdSe13")) == R + "CdSe13"
    assert str(parse_iri("https://w3id.org/msckg/resource/CdSe13")) == R + "CdSe13"
    for bad in ("http://x y", "https://w3id.org/a\tb", "Mn2+", "(CdSe)13", ""):
        assert parse_iri(bad) is None, bad


def test_an_enumerated_parameter_takes_its_values_in_any_case(store, layout):
    query = find_query(layout.queries, "cq16-challenges-prospects")
    assert query.parameters[0].allowed == ("challenge", "prospect")
    rows = answer(store, query, {"kind": "Prospect"}).rows
    assert rows and {str(r["itemKind"]) for r in rows} == {"prospect"}


def test_queries_take_a_cq_as_a_number(build_dir):
    result = run_cli("queries", "--cq", "10", build_dir=build_dir)
    assert result.returncode == 0 and result.stdout.startswith("cq10-half-reactions")


def test_drawing_from_a_species_shows_the_other_inputs_of_its_steps(build_dir, tmp_path):
    """(CdSe)33 and (CdSe)34 are converted together: the drawing from one shows the other."""
    result = run_cli("pathway", "draw", "--from", "(CdSe)33", "--format", "json", build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    assert '"https://w3id.org/msckg/resource/CdSe34"' in result.stdout


def test_a_species_nothing_is_made_from_is_said_so(build_dir):
    result = run_cli("pathway", "draw", "--from", "MSC-422", "--format", "json", build_dir=build_dir)
    assert result.returncode == 1
    assert "nothing in the map is made from 'MSC-422'" in result.stderr and "--to" in result.stderr


def test_a_mermaid_file_may_end_in_mermaid(build_dir, tmp_path):
    out = tmp_path / "map.mermaid"
    result = run_cli("pathway", "draw", "--out", str(out), build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    assert "flowchart LR" in out.read_text(encoding="utf-8")


def _in_fresh_pythons(code: str, build_dir) -> set[bytes]:
    outputs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, MSCKG_BUILD_DIR=str(build_dir))
        outputs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                   check=True, timeout=300).stdout)
    return outputs


def test_the_matplotlib_drawing_is_the_same_every_run(build_dir):
    code = ("import sys, msckg; from msckg.pathways.render import RenderOptions, render; "
            "g = msckg.open_graph().pathway_graph(); "
            "sys.stdout.buffer.write(render(g, 'svg', RenderOptions(engine='matplotlib')))")
    (drawing,) = _in_fresh_pythons(code, build_dir)
    assert drawing.startswith(b"<?xml")


def test_the_ofn_export_is_the_same_every_run_with_the_version_iri_in_its_header(build_dir):
    code = ("import sys; from msckg.links.export import export; from msckg.paths import project_layout; "
            "l = project_layout(); sys.stdout.buffer.write(export(l.build, 'ofn', 'ontology', l.data / 'mappings'))")
    (ofn,) = _in_fresh_pythons(code, build_dir)
    assert b"Ontology(<https://w3id.org/msckg/ontology> <https://w3id.org/msckg/release/0.1.0/ontology>\n" in ofn
    assert b"Annotation(owl:versionIRI" not in ofn


def test_removing_an_import_gives_its_disk_space_back(build_dir, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(build_dir, build)
    size = lambda: sum(p.stat().st_size for p in (build / "store").rglob("*") if p.is_file())  # noqa: E731
    before = size()
    big = tmp_path / "big.nt"
    big.write_text("".join(f'<http://example.org/s{i}> <http://example.org/p> "{"x" * 200} {i}" .\n'
                           for i in range(50_000)), encoding="utf-8")
    assert run_cli("import", str(big), "--name", "big", build_dir=build).returncode == 0
    grown = size()
    assert grown > before + 5_000_000
    result = run_cli("import", "--remove", "big", build_dir=build)
    assert result.returncode == 0, result.stderr
    assert size() < before + (grown - before) // 4


@pytest.mark.parametrize("plain, drawn", [
    ("Cu2Se", "Cu₂Se"), ("Mn2+", "Mn²⁺"), ("(CdSe)33,34", "(CdSe)₃₃,₃₄"), ("Ag1−", "Ag₁⁻"),
    ("CO2•−", "CO₂•⁻"), ("Mn2+-doped", "Mn²⁺-doped"), ("Cd-based", "Cd-based"), ("MSC-399", "MSC-399"), ("NU-1000", "NU-1000"), ("CdSe MSC, size 1 of 9", "CdSe MSC, size 1 of 9"),
])
def test_drawings_typeset_formulas(plain, drawn):
    from msckg.pathways.render.style import typeset

    assert typeset(plain) == drawn


def test_the_pdf_map_has_a_page_per_connected_piece(store, layout):
    import networkx as nx

    from msckg.pathways.render import render

    graph = pathway_graph(store, layout.queries)
    pdf = render(graph, "pdf")
    assert pdf.startswith(b"%PDF")
    pieces = nx.number_weakly_connected_components(graph)
    assert pieces > 1 and f"/Count {pieces}".encode() in pdf  # the page tree holds one page per piece
    assert render(graph, "pdf") == pdf  # the same bytes every time
