"""Listing queries answer a page at a time: LIMIT and OFFSET from validated whole numbers."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import URIRef

from msckg.errors import InputError
from msckg.query.answers import Page, answer, comparable, default_page
from msckg.query.catalog import DEFAULT_PAGE, load_catalog, parse_query_file
from msckg.query.store import bind_values
from tests.helpers import run_cli


def test_every_listing_query_is_paged(layout):
    catalog = load_catalog(layout.queries)
    not_paged = {name for name, q in catalog.items() if not q.paged}
    # the facts, extras, source summary and closed-world findings of one entity, read whole by 'msckg describe'
    assert not_paged == {"describe-facts", "describe-extras", "describe-source", "describe-findings"}
    assert catalog["cq10-half-reactions"].page_size == DEFAULT_PAGE
    # a listing paged by key says how many keys a page holds (cq07: 25 steps, each with all its rows)
    assert catalog["cq07-pathway-edges"].page_size == 25


def test_the_pages_of_a_listing_put_together_give_every_row(store, layout):
    query = load_catalog(layout.queries)["cq01-clusters"]
    everything = answer(store, query).rows
    assert len(everything) > 25
    pages, offset = [], 0
    while True:
        result = answer(store, query, page=Page(10, offset))
        pages.extend(result.rows)
        if not result.more:
            break
        offset += 10
    assert len(pages) == len(everything)
    assert comparable(pages) == comparable(everything)


def test_a_default_page_holds_the_header_s_number_of_rows(store, layout):
    query = load_catalog(layout.queries)["lib/all-names".split("/")[-1]]
    page = default_page(query)
    result = answer(store, query, page=page)
    assert page == Page(DEFAULT_PAGE, 0) and len(result.rows) == DEFAULT_PAGE and result.more
    assert default_page(query, everything=True) is None


@pytest.mark.parametrize("limit, offset", [(0, 0), (-1, 0), (10, -5), ("10; DROP ALL", 0), (True, 0)])
def test_a_page_is_whole_numbers_only(limit, offset):
    with pytest.raises(InputError):
        Page(limit, offset)


def test_a_paged_header_must_say_true_or_a_number(tmp_path):
    bad = tmp_path / "q.rq"
    bad.write_text("#+ title: t\n#+ paged: lots\nSELECT ?s WHERE { ?s ?p ?o }\n")
    with pytest.raises(InputError, match="paged"):
        parse_query_file(bad)
    own = tmp_path / "own.rq"
    own.write_text("#+ title: t\n#+ paged: true\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 5\n")
    with pytest.raises(InputError, match="own LIMIT"):
        parse_query_file(own)


def test_the_cli_answers_a_page_and_says_how_to_get_the_next(build_dir, layout):
    page = run_cli("query", "cq10-half-reactions", "--limit", "3", "--format", "csv", build_dir=build_dir)
    assert page.returncode == 0, page.stderr
    assert len(page.stdout.strip().splitlines()) == 1 + 3  # header and three rows
    assert "--offset 3" in page.stderr and "--all" in page.stderr
    everything = run_cli("query", "cq01-clusters", "--all", "--format", "csv", build_dir=build_dir)
    assert len(everything.stdout.strip().splitlines()) > 4 and everything.stderr == ""


# --- pages of keys: a listing whose rows are dear pages by the entities (steps, names) it lists

KEYED = ("cq01-clusters", "cq02-doped-alloyed-clusters", "cq04-experiment-vs-computation", "cq06-transformations",
         "cq07-pathway-edges", "cq09-characterization", "cq10-half-reactions", "all-names",
         "source-coverage")


def _pages(store, query, limit, given=None):
    pages, offset = [], 0
    while True:
        result = answer(store, query, given, page=Page(limit, offset))
        pages.append(result)
        if not result.more:
            return pages
        offset += limit


def test_the_heavy_listings_page_by_key(layout):
    catalog = load_catalog(layout.queries)
    assert {name for name, q in catalog.items() if q.page_key} >= set(KEYED)
    assert catalog["cq07-pathway-edges"].page_key == "step"
    assert catalog["cq01-clusters"].page_key == "cluster"


def test_a_parameter_that_picks_rows_still_picks_them_on_a_keyed_page(store, layout):
    # cq09 with technique SAXS: the characterizations that use SAXS, and of each only its SAXS
    # row, whether the parameter is substituted or comes as a VALUES block
    query = load_catalog(layout.queries)["cq09-characterization"]
    given = {"technique": "https://w3id.org/msckg/resource/SAXS"}
    for on in (store, _ValuesStore(store)):
        rows = answer(on, query, given).rows
        assert rows and {row["techniqueNode"] for row in rows} == {URIRef(given["technique"])}
        assert comparable([row for page in _pages(on, query, 2, given) for row in page.rows]) == comparable(rows)


@pytest.mark.parametrize("name", KEYED)
def test_a_page_of_keys_holds_every_row_of_its_keys_and_the_pages_make_the_whole(store, layout, name):
    query = load_catalog(layout.queries)[name]
    key = query.page_key
    everything = answer(store, query).rows
    keys = {row[key] for row in everything}
    limit = 7 if len(keys) > 14 else 3  # the review holds 7 characterizations
    assert len(keys) > limit
    pages = _pages(store, query, limit)
    seen: set = set()
    for number, page in enumerate(pages):
        page_keys = {row[key] for row in page.rows}
        assert not page_keys & seen  # a key is on one page only
        seen |= page_keys
        if number < len(pages) - 1:
            assert len(page_keys) == limit  # a full page: that many keys, each with all its rows
        # a page is exactly the rows of the whole answer that belong to its keys
        assert comparable(page.rows, unordered_concat=True) == comparable(
            [row for row in everything if row[key] in page_keys], unordered_concat=True)
    assert seen == keys
    assert comparable([row for page in pages for row in page.rows], unordered_concat=True) \
        == comparable(everything, unordered_concat=True)


def test_a_page_of_keys_comes_in_the_order_of_the_whole_answer(store, layout):
    # the keys of a page are cut in the store's order (sorting every key first is what keyed
    # pages avoid); the page's rows are sorted by the query's ORDER BY, as the whole answer is:
    # cq07 sorts by step, so a page lists its steps in the order they have in the whole answer
    query = load_catalog(layout.queries)["cq07-pathway-edges"]
    everything = [row["step"] for row in answer(store, query).rows]
    for page in _pages(store, query, 5):
        steps = [row["step"] for row in page.rows]
        assert steps == sorted(steps) == [step for step in everything if step in set(steps)]


def _keys_in_order(rows, key):
    return list(dict.fromkeys(row[key] for row in rows))


@pytest.mark.parametrize("name, given", [
    ("cq02-doped-alloyed-clusters", {}),  # clusters by label
    ("cq02-doped-alloyed-clusters", {"dopant": "https://w3id.org/msckg/resource/Mn2plus"}),
    ("cq10-half-reactions", {}),  # half-reactions by potential, the lowest first
])
def test_a_listing_that_sorts_its_keys_pages_through_the_whole_answer_in_order(store, layout, name, given):
    # these two cut their keys from the answer's own order (a few thousand keys at 10^6 sort
    # cheaply), so the first page holds the first clusters or reactions of the whole answer,
    # and the pages put together list the keys in the whole answer's order
    query = load_catalog(layout.queries)[name]
    for on in (store, _ValuesStore(store)):
        everything = answer(on, query, given).rows
        pages = _pages(on, query, 1, given)
        assert len(pages) > 2
        together = [row for page in pages for row in page.rows]
        assert _keys_in_order(together, query.page_key) == _keys_in_order(everything, query.page_key)
        assert comparable(together) == comparable(everything) == comparable(answer(store, query, given).rows)


@pytest.mark.parametrize("given", [{}, {"cb": "-1.2"}, {"protonReduction": "false"}])
def test_a_sorted_listing_paged_by_rows_pages_through_the_whole_answer_in_its_order(store, layout, given):
    # cq11 sorts by driving force, then product, then reaction: the order is total, so the
    # pages, one row each, put together are the whole answer row for row, in both bindings
    query = load_catalog(layout.queries)["cq11-reachable-products"]
    for on in (store, _ValuesStore(store)):
        everything = answer(on, query, given).rows
        assert len(everything) > 2
        together, offset = [], 0
        while True:
            page = answer(on, query, given, page=Page(1, offset))
            together.extend(page.rows)
            if not page.more:
                break
            offset += 1
        assert together == everything
        forces = [row["drivingForce"].toPython() for row in everything]
        assert forces == sorted(forces, reverse=True)


def _assert_full_pages_make_the_whole(store, on, query, given, everything, *, limit, at_least):
    """The pages of a keyed query with given parameters: at least that many, each but the last
    holding limit keys, together the whole answer, which is the embedded store's own answer."""
    pages = _pages(on, query, limit, given)
    assert len(pages) >= at_least
    assert all(len({row[query.page_key] for row in page.rows}) == limit for page in pages[:-1])
    assert comparable([row for page in pages for row in page.rows]) == comparable(everything)
    assert comparable(everything) == comparable(answer(store, query, given).rows)


class _ValuesStore:
    """The embedded store reached as an endpoint is: every parameter as a VALUES block."""

    def __init__(self, store):
        self.store = store

    def select(self, query, bindings=None):
        return self.store.select(bind_values(query, bindings))


@pytest.mark.parametrize("binding", ["substitution", "values"])
def test_a_parameter_picks_the_keys_before_the_page_is_cut(store, layout, binding):
    # CdSe clusters only: every page is full of CdSe clusters, whether the store substitutes the
    # parameter or an endpoint reads it from a VALUES block
    query = load_catalog(layout.queries)["cq01-clusters"]
    on = store if binding == "substitution" else _ValuesStore(store)
    given = {"metal": "https://w3id.org/msckg/resource/Cd", "chalcogen": "https://w3id.org/msckg/resource/Se"}
    everything = answer(on, query, given).rows
    assert everything and all(
        any(r["cluster"] == row["cluster"] and r.get("metalElement") == URIRef(given["metal"]) for r in everything)
        for row in everything)
    _assert_full_pages_make_the_whole(store, on, query, given, everything, limit=4, at_least=2)


@pytest.mark.parametrize("binding", ["substitution", "values"])
def test_a_parameter_is_handed_on_from_the_key_sub_select(store, layout, binding):
    # search-entities: the text picks a page of entities in the key sub-select, which hands it on
    # to pick the names that matched, whether it is substituted or comes as a VALUES block
    query = load_catalog(layout.queries)["search-entities"]
    on = store if binding == "substitution" else _ValuesStore(store)
    given = {"text": "CdSe"}
    everything = answer(on, query, given).rows
    assert everything and all("cdse" in str(row["matched"]).lower() for row in everything)
    _assert_full_pages_make_the_whole(store, on, query, given, everything, limit=5, at_least=3)


def test_a_keyed_header_needs_its_page_line_and_a_page_line_needs_a_key(tmp_path):
    no_line = tmp_path / "no-line.rq"
    no_line.write_text("#+ title: t\n#+ paged: {key: s}\nSELECT ?s WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } }\n")
    with pytest.raises(InputError, match="# PAGE"):
        parse_query_file(no_line)
    no_key = tmp_path / "no-key.rq"
    no_key.write_text("#+ title: t\n#+ paged: true\nSELECT ?s WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p ?o }\n# PAGE\n } }\n")
    with pytest.raises(InputError, match="page key"):
        parse_query_file(no_key)
    wrong_key = tmp_path / "wrong-key.rq"
    wrong_key.write_text("#+ title: t\n#+ paged: {key: x}\nSELECT ?s WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p ?o }\n# PAGE\n } }\n")
    with pytest.raises(InputError, match="not a variable"):
        parse_query_file(wrong_key)


def test_the_cli_counts_a_keyed_page_in_keys(build_dir):
    page = run_cli("query", "cq07-pathway-edges", "--limit", "2", "--format", "csv", build_dir=build_dir)
    assert page.returncode == 0, page.stderr
    rows = list(csv.DictReader(io.StringIO(page.stdout)))
    assert len({row["step"] for row in rows}) == 2 < len(rows)  # two steps, with every row of each
    assert "?step values 1-2" in page.stderr and "--offset 2" in page.stderr


def test_an_unsorted_listing_pages_through_the_whole_answer_in_the_store_s_order(store, layout):
    # species-across-sources has no ORDER BY (sorting every fact first would cost what paging
    # saves): its pages, put together in order, are the whole answer in the same order, because
    # the engine's order is stable for one store
    query = load_catalog(layout.queries)["species-across-sources"]
    everything = answer(store, query).rows
    pages = _pages(store, query, 40)
    assert len(pages) > 3
    assert [row for page in pages for row in page.rows] == everything


@pytest.mark.parametrize("binding", ["substitution", "values"])
def test_the_basis_picks_the_clusters_before_a_page_of_cq04_is_cut(store, layout, binding):
    # clusters reported by experiment only: each page holds that many of them, whether the
    # basis is substituted or comes as a VALUES block (it picks the keys in the key sub-select)
    query = load_catalog(layout.queries)["cq04-experiment-vs-computation"]
    on = store if binding == "substitution" else _ValuesStore(store)
    given = {"basis": "experiment"}
    everything = answer(on, query, given).rows
    assert everything and {str(row["reportedBy"]) for row in everything} == {"experiment"}
    _assert_full_pages_make_the_whole(store, on, query, given, everything, limit=3, at_least=3)
