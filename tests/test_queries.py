"""The stored-query layer: catalog headers, 'msckg queries' and 'msckg query', formats, parameters.

CLI tests run the click command in-process against the session's build
(MSCKG_BUILD_DIR), so no test rebuilds the graph.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from msckg.query.answers import answer, comparable, projected_variables, query_form
from msckg.query.catalog import load_catalog
from msckg.commands.main import main
from msckg.errors import InputError
from msckg.query.formats import FORMATS, render
from msckg.paths import project_layout

OWNED = [f"cq{n:02d}" for n in range(1, 18) if n not in (7, 8)] + [
    "search-entities", "facts-of-reference", "inferred-vs-asserted"]

INJECTIONS = [
    '"', "'", '\\', "}", "{", '" } UNION { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o . } #", "} UNION {", "line one\nline two", '"""', "?s ?p ?o",
    '") } } SELECT * WHERE { ?s ?p ?o } #', "<http://example.org/x>",
]


def owned_queries(catalog):
    found = [q for q in catalog.values() if any(q.name.startswith(prefix) for prefix in OWNED)]
    assert len(found) == len(OWNED)
    return found


def test_every_stored_query_parses_and_is_select_or_ask(catalog):
    for query in catalog.values():
        assert query_form(query.text) in ("SELECT", "ASK"), query.name


def test_owned_query_headers_have_title_description_cq_and_documented_parameters(catalog):
    for query in owned_queries(catalog):
        assert query.title and query.title != query.name, query.name
        assert len(query.description) > 40, query.name
        if query.name.startswith("cq"):
            assert query.cq == (f"CQ{query.name[2:4]}",), query.name
            assert query.path.name.startswith(query.name[:4] + "-")
        for param in query.parameters:
            assert param.example is not None and param.description, (query.name, param.name)
            assert param.required or param.default is not None or param.type in ("iri", "string", "boolean"), \
                (query.name, param.name)
            param.to_term(param.example)  # the example is a valid value of the declared type
            assert f"?{param.name}" in query.text, (query.name, param.name)


def test_cq_file_names_are_cqnn_short_name():
    names = [p.name for p in project_layout().queries.glob("cq*.rq")]
    assert all(len(n) > 9 and n[2:4].isdigit() and n[4] == "-" for n in names)


def test_queries_lists_the_catalog(cli):
    result = cli("queries")
    assert result.exit_code == 0
    for name in OWNED:
        assert name in result.output
    assert "--param ref=<integer>  (required; example 44)" in result.output
    only = cli("queries", "--cq", "CQ10")
    assert only.output.startswith("cq10-half-reactions") and "cq11" not in only.output


def test_query_prints_a_table_by_default(cli):
    result = cli("query", "cq10-half-reactions")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split(" | ")[0].strip() == "reaction"
    assert "mscr:table1-reaction-2" in lines[2] and "-1.9" in lines[2]
    assert lines[-1] == "(8 rows)"


def test_query_formats_csv_tsv_json(cli):
    rows = list(csv.DictReader(io.StringIO(cli("query", "cq10-half-reactions", "--format", "csv").output)))
    assert [row["E0"] for row in rows] == ["-1.9", "-0.61", "-0.53", "-0.48", "-0.41", "-0.38", "-0.24", "1.23"]
    assert rows[0]["product"] == "https://w3id.org/msckg/resource/CO2-radical-anion"
    tsv = cli("query", "cq10-half-reactions", "--format", "tsv").output.splitlines()
    assert tsv[0].split("\t")[:2] == ["?reaction", "?kind"]
    assert tsv[1].split("\t")[0] == "<https://w3id.org/msckg/resource/table1-reaction-2>"
    assert '"-1.9"^^<http://www.w3.org/2001/XMLSchema#decimal>' in tsv[1]
    doc = json.loads(cli("query", "cq10-half-reactions", "--format", "json").output)
    assert doc["head"]["vars"][0] == "reaction"
    first = doc["results"]["bindings"][0]
    assert first["E0"] == {"type": "literal", "value": "-1.9", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert first["productLabel"] == {"type": "literal", "value": "CO2•−", "xml:lang": "en"}


def test_formats_are_a_registry_looked_up_by_name():
    assert {"table", "csv", "tsv", "json"} <= set(FORMATS)
    rows = [{"x": URIRef("urn:a"), "y": Literal('say "hi"\nthen', lang="en")}, {"x": URIRef("urn:b")}]
    assert render("tsv", ["x", "y"], rows).splitlines()[1] == '<urn:a>\t"say \\"hi\\"\\nthen"@en'
    assert render("csv", ["x", "y"], rows).splitlines()[-1] == "urn:b,"
    with pytest.raises(InputError, match="unknown result format"):
        render("xml", ["x"], rows)


def test_query_runs_a_query_file_with_parameters(cli, tmp_path):
    path = tmp_path / "potential.rq"
    path.write_text("#+ title: potential of one product\n#+ parameters:\n#+   product:\n#+     type: iri\n"
                    "#+     required: true\n#+     example: https://w3id.org/msckg/resource/CH4\n"
                    "PREFIX msc: <https://w3id.org/msckg/ontology/>\nPREFIX qudt: <http://qudt.org/schema/qudt/>\n"
                    "SELECT ?E0 WHERE { ?r msc:hasTargetProduct ?product ; "
                    "msc:hasStandardPotential/qudt:numericValue ?E0 }\n", encoding="utf-8")
    result = cli("query", str(path), "--param", "product=https://w3id.org/msckg/resource/CH4", "--format", "csv")
    assert result.exit_code == 0 and result.output == "E0\n-0.24\n"


@pytest.mark.parametrize("args, message", [
    (("query", "no-such-query"), "no stored query named 'no-such-query'"),
    (("query", "cq10-half-reaction"), "did you mean cq10-half-reactions"),
    (("query", "missing.rq"), "no such query file"),
    (("query", "cq14-facts-of-reference"), "needs parameter 'ref'"),
    (("query", "cq14-facts-of-reference", "--param", "reference=44"), "has no parameter 'reference'"),
    (("query", "cq14-facts-of-reference", "--param", "ref=forty-four"), "is not a valid integer"),
    (("query", "cq11-reachable-products", "--param", "cb=-0.5 V"), "is not a valid decimal"),
    (("query", "cq01-clusters", "--param", "metal=urn:x> } UNION {"), "is not a valid iri"),
    (("query", "cq10-half-reactions", "--param", "noequals"), "is not NAME=VALUE"),
    (("query", "cq11-reachable-products", "-p", "cb=1", "-p", "cb=2"), "given twice"),
    (("query", "cq10-half-reactions", "--format", "xml"), "Invalid value for '--format'"),
])
def test_usage_errors_give_one_clear_line_and_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_syntax_error_in_a_query_file_exits_2(cli, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?x WHERE { ?x ?p }\n", encoding="utf-8")
    result = cli("query", str(path))
    assert result.exit_code == 2
    assert result.output.startswith("msckg: error: SPARQL syntax error")


def test_parameters_are_bound_as_terms_not_pasted(store, catalog):
    query = catalog["search-entities"]
    honest = answer(store, query, {"text": "CdSe33"}).rows
    assert {str(row["entity"]) for row in honest} >= {"https://w3id.org/msckg/resource/CdSe33"}
    for value in INJECTIONS:
        rows = answer(store, query, {"text": value}).rows
        # the value is only matched against names: every row's name holds it (an apostrophe
        # finds "Li's 113Cd NMR"), and the other strings, found in no name, give no row at all
        assert all(value.lower() in str(row["matched"]).lower() for row in rows), value
        if value != "'":
            assert rows == [], value


@pytest.mark.parametrize("name, param", [
    ("cq04-experiment-vs-computation", "basis"), ("cq13-mechanisms", "basis"),
    ("cq16-challenges-prospects", "kind"), ("cq17-mappings", "status"),
])
def test_injection_through_filter_parameters_gives_no_extra_rows(store, catalog, name, param):
    """An enumerated parameter refuses any value but its own (a misspelt kind is an error, not
    an empty answer); a value that got past it could still only be a value."""
    query = catalog[name]
    unfiltered = comparable(answer(store, query, {}).rows)
    for value in INJECTIONS:
        if next(p for p in query.parameters if p.name == param).allowed:
            with pytest.raises(InputError, match="is not one of its values"):
                answer(store, query, {param: value})
            continue
        rows = comparable(answer(store, query, {param: value}).rows)
        assert rows == [], (name, value)
        assert len(rows) <= len(unfiltered)


def test_projected_variables_come_from_the_query_text():
    assert projected_variables("SELECT ?b ?a WHERE { ?a ?p ?b }") == ["b", "a"]
    with pytest.raises(InputError, match="SPARQL syntax error"):
        query_form("SELECT WHERE {")


def test_every_owned_query_answers_with_its_example_values(store, catalog):
    for query in owned_queries(catalog):
        given = {p.name: str(p.example) for p in query.parameters if p.required}
        result = answer(store, query, given)
        assert result.rows, query.name
        with_examples = {p.name: str(p.example) for p in query.parameters}
        answer(store, query, with_examples)  # every example value is accepted


def test_query_reads_the_build_dir_it_is_given(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MSCKG_BUILD_DIR", str(tmp_path / "nothing"))
    result = CliRunner().invoke(main, ["query", "cq10-half-reactions"])
    assert result.exit_code == 2 and "no built store" in result.output


def test_repository_queries_folder_is_where_the_catalog_reads():
    assert (project_layout().queries / "cq10-half-reactions.rq").is_file()
    assert Path(load_catalog(project_layout().queries)["cq10-half-reactions"].path).name == "cq10-half-reactions.rq"
