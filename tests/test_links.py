"""Links to external vocabularies: the report, and checks of the SSSOM mapping table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from msckg.links.report import (CATEGORIES, SHARED_EXACT_TARGETS, Problem, double_exact_matches, expand,
                         links_report, mapping_problems, missing_triples, read_rows, shared_exact_problems,
                         shared_exact_targets, sssom_schema_problems, undefined_subjects, unknown_prefixes)
from msckg.errors import InputError
from msckg.links.mappings import NO_TERM, mapping_files, read_mapping_table, read_sssom
from msckg.query.store import EmbeddedStore
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ROOT / "data" / "mappings"
TABLE = MAPPINGS / "msckg.sssom.tsv"
MSC = "https://w3id.org/msckg/ontology/"
MSCR = "https://w3id.org/msckg/resource/"



@pytest.fixture(scope="module")
def rows():
    return read_rows(TABLE)


@pytest.fixture(scope="module")
def report(store):
    return links_report(store, MAPPINGS)


def _category(report, key):
    return next(c for c in report.categories if c.category.key == key)


# --- the report ---------------------------------------------------------------------------

def test_the_report_sorts_entities_into_categories_by_their_types(report):
    assert [c.category.key for c in report.categories] == [c.key for c in CATEGORIES] + ["other"]
    where = {e.iri: c.category.key for c in report.categories for e in c.entities}
    assert where[MSCR + "TOF-MS"] == "techniques"
    assert where[MSC + "MassSpectrometry"] == "techniques"
    assert where[MSCR + "CdSe13"] == "materials"
    assert where[MSC + "MagicSizeCluster"] == "materials"
    assert where[MSCR + "CO2"] == "species"
    assert where[MSCR + "Cd"] == "species"
    assert where[MSC + "Isomerization"] == "reactions"
    assert where["http://qudt.org/vocab/unit/V"] == "units"
    assert where[MSC + "Person"] == "sources"


def test_units_are_qudt_iris_and_count_as_mapped(report):
    units = _category(report, "units")
    # V, kJ/mol, %, yr, nm, µmol/(g h), count; FRACTION (model v2: the Cd0.5Zn0.5 metal fractions);
    # eV, Da, g/mol (derived quantities)
    assert len(units.entities) == 11
    assert all(e.status == "mapped" for e in units.entities)
    assert dict(units.resources(report.namer)) == {"unit": 11}


def test_mapped_entities_name_their_resources(report):
    species = _category(report, "species").resources(report.namer)
    assert species["CHEBI"] >= 30 and species["wikidata"] == 12 and species["pubchem.compound"] == 20
    techniques = _category(report, "techniques").resources(report.namer)
    assert techniques["CHMO"] >= 9
    tof = next(e for e in _category(report, "techniques").entities if e.iri == MSCR + "TOF-MS")
    # model v2: the TOF-MS the review used is an individual, CHMO's term a class: a close match
    assert tof.targets == [("http://www.w3.org/2004/02/skos/core#closeMatch",
                            "http://purl.obolibrary.org/obo/CHMO_0000580")]


def test_checked_and_unchecked_are_told_apart(report):
    materials = _category(report, "materials")
    checked = {e.iri for e in materials.by_status("unmapped-checked")}
    assert MSC + "MagicSizeCluster" in checked and MSC + "Nanoribbon" in checked
    unchecked = {e.iri for e in materials.by_status("unchecked")}
    assert MSCR + "CdSe13" in unchecked


def test_every_row_of_the_table_is_counted_in_the_report(report, rows):
    status = {e.iri: e.status for c in report.categories for e in c.entities}
    for row in rows:
        iri = expand(TABLE, row["subject_id"])
        expected = "unmapped-checked" if row["object_id"] == NO_TERM else "mapped"
        assert status.get(iri) == expected, row["subject_id"]


def test_the_report_needs_no_named_graphs_so_it_works_on_an_endpoint(build_dir, report):
    """A store holding the union of the graphs in its default graph gives the same figures."""
    flat = EmbeddedStore.from_file(build_dir / "msckg.nt")
    assert links_report(flat, MAPPINGS).to_json() == report.to_json()


def test_links_cli_prints_text_json_and_lists(build_dir):
    text = run_cli("links", build_dir=build_dir)
    assert text.returncode == 0, text.stderr
    assert "techniques" in text.stdout and "unchecked" in text.stdout
    listed = run_cli("links", "--format", "json", "--list", "unchecked", build_dir=build_dir)
    data = json.loads(listed.stdout)
    materials = next(c for c in data["categories"] if c["key"] == "materials")
    assert any(e["id"] == "mscr:CdSe13" for e in materials["list"]["unchecked"])
    assert data["totals"]["entities"] == sum(c["entities"] for c in data["categories"])


# --- the mapping table ----------------------------------------------------------------------

def test_the_table_validates_with_sssom():
    assert mapping_files(MAPPINGS) == [TABLE]
    assert sssom_schema_problems(TABLE) == []


def test_the_build_reads_every_table_as_sssom_py_does():
    # the build reads the tables without sssom-py (its import alone is a fifth of a build);
    # sssom-py is the judge: same rows, same cells, same expanded IRIs
    for path in mapping_files(MAPPINGS):
        table = read_mapping_table(path)
        msdf = read_sssom(path)
        columns = {c for _, row in table.rows for c in row}  # sssom-py also copies set-level slots into rows
        theirs = [{k: str(v) for k, v in r.items() if k in columns and v is not None and v == v and str(v) != ""}
                  for r in msdf.df.to_dict("records")]
        key = lambda row: sorted(row.items())  # noqa: E731 (sssom-py sorts the rows)
        assert sorted((row for _, row in table.rows), key=key) == sorted(theirs, key=key)
        assert table.metadata["mapping_set_id"] == msdf.metadata["mapping_set_id"]
        for line, row in table.rows:
            for column in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
                assert table.expand(row[column], line) == msdf.converter.expand(row[column], strict=True)


def test_a_curie_outside_the_curie_map_is_an_error_at_its_line(tmp_path):
    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text(TABLE.read_text().replace("#   MOP: http://purl.obolibrary.org/obo/MOP_\n", ""))
    line = next(n for n, text in enumerate(bad.read_text().splitlines(), 1) if "\tMOP:" in text)
    table = read_mapping_table(bad)
    row = next(r for n, r in table.rows if n == line)
    with pytest.raises(InputError) as error:
        table.expand(row["object_id"], line)
    assert f"bad.sssom.tsv:{line}" in str(error.value) and "curie_map" in str(error.value)


def test_a_row_with_a_missing_cell_is_an_error_at_its_line(tmp_path):
    bad = tmp_path / "bad.sssom.tsv"
    lines = TABLE.read_text().splitlines()
    header = next(n for n, text in enumerate(lines) if not text.startswith("#"))
    lines[header + 1] = "\t".join(lines[header + 1].split("\t")[:-2])
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as error:
        read_mapping_table(bad)
    assert f"bad.sssom.tsv:{header + 2}" in str(error.value)


def test_every_prefix_is_known_to_bioregistry_except_our_own(rows):
    assert unknown_prefixes(TABLE, rows) == []


def test_an_unknown_prefix_is_reported(tmp_path, rows):
    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text(TABLE.read_text().replace("#   ENM: http", "#   NOTAREALPREFIX: http://x/\n#   ENM: http"))
    assert [p.message for p in unknown_prefixes(bad, rows)] == ["bad.sssom.tsv: prefix 'NOTAREALPREFIX' "
                                                               "is not in bioregistry"]


def test_no_entity_has_two_exact_matches_in_one_resource(rows):
    assert double_exact_matches(rows) == []
    tof = next(r for r in rows if r["subject_id"] == "mscr:TOF-MS")
    exact = dict(tof, predicate_id="skos:exactMatch")  # model v2 made TOF-MS a closeMatch; plant exactMatch
    doubled = [r for r in rows if r is not tof] + [exact, dict(exact, object_id="CHMO:0000470")]
    assert [str(p) for p in double_exact_matches(doubled)] == [
        "exact-per-resource: mscr:TOF-MS has 2 exactMatch targets in CHMO: CHMO:0000470, CHMO:0000580"]


def test_no_two_entities_share_an_exact_target_except_the_documented_ones(rows):
    assert shared_exact_problems(rows) == []
    tof = next(r for r in rows if r["subject_id"] == "mscr:TOF-MS")
    exact = dict(tof, predicate_id="skos:exactMatch")  # model v2 made TOF-MS a closeMatch; plant exactMatch
    shared = [r for r in rows if r is not tof] + [exact, dict(exact, subject_id="mscr:LDI-MS")]
    assert [str(p) for p in shared_exact_problems(shared)] == [
        "shared-exact: CHMO:0000580 is the exactMatch of mscr:LDI-MS, mscr:TOF-MS"]


def test_each_documented_shared_target_is_still_needed_and_its_reason_holds(rows, select):
    # model v2: a class and its individual are not one kind, so none may share an exactMatch
    assert shared_exact_targets(rows) == {}
    shared = shared_exact_targets(rows)
    for target, subjects, reason in SHARED_EXACT_TARGETS:
        assert shared.get(target) == set(subjects), target
        assert "class and its generic individual" in reason
        classes = [s for s in subjects if s.startswith("msc:")]
        individuals = [s for s in subjects if s.startswith("mscr:")]
        assert len(classes) == 1 and len(individuals) == 1
        typed = select(f"SELECT ?label WHERE {{ {individuals[0]} a {classes[0]} ; rdfs:label ?label }}")
        assert typed, f"{individuals[0]} is not a {classes[0]}"


def test_every_mapped_subject_is_defined_in_the_graph(store, rows):
    undefined = {p.message.split()[0] for p in undefined_subjects(store, TABLE, rows)}
    assert undefined == set()


def test_every_mapping_is_a_triple_of_the_built_graph(store, rows):
    assert missing_triples(store, TABLE, rows) == []
    assert len(rows) == 140


def test_all_checks_together_find_no_problem(store):
    assert mapping_problems(store, MAPPINGS, schema=False) == []
