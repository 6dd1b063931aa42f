"""Tables for people list the values of a column in one row where the rows differ in that column
only (the metals of an alloyed cluster, the references of a contribution); csv, tsv and json,
for programs, keep one row per solution; --ungrouped shows the table one row per solution."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from msckg.commands.main import main
from msckg.query.answers import answer
from msckg.query.catalog import find_query, load_catalog
from msckg.query.formats import column_units, group_rows, readable, render, spell_out

R = "https://w3id.org/msckg/resource/"


@pytest.fixture
def cli(build_dir, monkeypatch):
    monkeypatch.setenv("MSCKG_BUILD_DIR", str(build_dir))
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def cells(result) -> list[tuple[str, ...]]:
    return [tuple(readable(row[v]) if v in row else "" for v in result.variables) for row in result.rows]


def table_rows(text: str) -> list[list[str]]:
    """The body of a printed table, each row split into its stripped cells."""
    lines = text.splitlines()
    return [[c.strip() for c in line.split(" | ")] for line in lines[2:-1]]


def test_an_alloyed_cluster_is_one_row_listing_its_metals():
    rows = [{"cluster": URIRef(R + "Mn-CdZnSe13-MSC"), "metal": Literal("zinc")},
            {"cluster": URIRef(R + "Mn-CdZnSe13-MSC"), "metal": Literal("cadmium")},
            {"cluster": URIRef(R + "CdSe33"), "metal": Literal("cadmium")}]
    text = render("table", ["cluster", "metal"], rows)
    assert table_rows(text) == [["mscr:Mn-CdZnSe13-MSC", "cadmium, zinc"], ["mscr:CdSe33", "cadmium"]]
    assert text.splitlines()[-1] == "(2 rows grouping 3 solutions; --ungrouped for one row each)"
    ungrouped = render("table", ["cluster", "metal"], rows, grouped=False)
    assert len(table_rows(ungrouped)) == 3 and ungrouped.splitlines()[-1] == "(3 rows)"
    assert render("csv", ["cluster", "metal"], rows).count("\n") == 1 + 3  # programs: one row each


def test_values_are_sorted_numbers_in_numeric_order_and_never_repeated():
    grouped = group_rows([("Kasuya et al.", "44"), ("Buhro et al.", "48"), ("Buhro et al.", "9"),
                          ("Buhro et al.", "48"), ("Buhro et al.", "47")])
    assert grouped == [[("Kasuya et al.",), ("44",)], [("Buhro et al.",), ("9", "47", "48")]]


def test_an_unbound_cell_is_not_merged_with_a_value():
    grouped = group_rows([("(CdSe)33", "cadmium"), ("(CdSe)33", "")])
    assert len(grouped) == 2


def test_rows_that_differ_in_two_columns_stay_apart():
    # Cd with method A and Zn with method B are two facts, not every combination
    grouped = group_rows([("x", "Cd", "A"), ("x", "Zn", "B")])
    assert spell_out(grouped) == {("x", "Cd", "A"), ("x", "Zn", "B")} and len(grouped) == 2


def test_a_full_combination_folds_into_one_row():
    grouped = group_rows([("x", "Cd", "A"), ("x", "Zn", "A"), ("x", "Cd", "B"), ("x", "Zn", "B")])
    assert grouped == [[("x",), ("Cd", "Zn"), ("A", "B")]]


def test_grouping_the_stored_queries_of_the_review_loses_nothing(store, layout):
    """Every stored query that runs without parameters: the grouped table spells out exactly the
    solutions, and grouping happens (on at least the alloyed cluster's metals)."""
    grouped_any = False
    for query in load_catalog(layout.queries).values():
        if any(p.required for p in query.parameters):
            continue
        result = answer(store, query, {}, queries=layout.queries, page=None)
        if result.form == "ASK":
            continue
        solutions = cells(result)
        grouped = group_rows(solutions, result.variables)
        assert spell_out(grouped, column_units(solutions, result.variables)) == set(solutions), query.name
        grouped_any |= len(grouped) < len(set(solutions))
    assert grouped_any


def test_cq02_lists_the_two_metals_of_the_alloyed_cluster_in_one_row(cli, store, layout):
    query = find_query(layout.queries, "cq02-doped-alloyed-clusters")
    solutions = answer(store, query, {}, queries=layout.queries).rows
    alloy = [r for r in solutions if str(r["cluster"]) == R + "Mn-CdZnSe13-MSC"]
    assert sorted(str(r["metalLabel"]) for r in alloy) == ["cadmium", "zinc"]  # two solutions

    table = cli("query", "cq02-doped-alloyed-clusters", "--wide").output
    header = [c.strip() for c in table.splitlines()[0].split(" | ")]
    rows = table_rows(table)
    mine = [r for r in rows if r[header.index("cluster")] == "mscr:Mn-CdZnSe13-MSC"]
    assert len(mine) == 1 and mine[0][header.index("metalLabel")] == "cadmium, zinc"
    assert len(rows) < len(solutions) and "grouping" in table.splitlines()[-1]

    ungrouped = cli("query", "cq02-doped-alloyed-clusters", "--wide", "--ungrouped").output
    assert len(table_rows(ungrouped)) == len(solutions)
    listed = list(csv.DictReader(io.StringIO(cli("query", "cq02-doped-alloyed-clusters", "--format", "csv").output)))
    assert len(listed) == len(solutions)  # programs get one row per solution


def test_the_help_says_which_formats_are_grouped(cli):
    text = " ".join(cli("query", "--help").output.split())
    assert "always one row per solution" in text and "--ungrouped" in text


def test_the_first_column_what_a_row_is_about_is_never_a_list():
    # two clusters with the same metal stay two rows
    assert len(group_rows([("mscr:CdSe33", "cadmium"), ("mscr:CdSe34", "cadmium")])) == 2


def test_an_element_and_its_label_are_listed_together_in_the_same_order():
    rows = [("mscr:Mn-CdZnSe13-MSC", "mscr:Zn", "zinc"), ("mscr:Mn-CdZnSe13-MSC", "mscr:Cd", "cadmium"),
            ("mscr:CdSe33", "mscr:Cd", "cadmium")]
    names = ["cluster", "metalElement", "metalLabel"]
    assert column_units(rows, names) == [[0], [1, 2]]  # the IRI and its label: one value spelt twice
    grouped = group_rows(rows, names)
    assert grouped[0] == [("mscr:Mn-CdZnSe13-MSC",), ("mscr:Cd", "mscr:Zn"), ("cadmium", "zinc")]
    assert spell_out(grouped, column_units(rows, names)) == set(rows)
    # without the names to tell they are a pair, two columns that differ keep their rows apart
    assert len(group_rows(rows)) == 3


def test_cq01_lists_both_metals_of_the_alloyed_cluster_in_one_row(cli):
    table = cli("query", "cq01-clusters", "--all", "--wide").output
    header = [c.strip() for c in table.splitlines()[0].split(" | ")]
    (alloy,) = [r for r in table_rows(table) if r[0] == "mscr:Mn-CdZnSe13-MSC"]
    assert alloy[header.index("metalElement")] == "mscr:Cd, mscr:Zn"
    assert alloy[header.index("metalLabel")] == "cadmium, zinc"
