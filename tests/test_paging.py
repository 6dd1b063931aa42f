"""Listing queries answer a page at a time: LIMIT and OFFSET from validated whole numbers."""

from __future__ import annotations

import pytest

from msckg.errors import InputError
from msckg.query.answers import Page, answer, comparable, default_page
from msckg.query.catalog import DEFAULT_PAGE, load_catalog, parse_query_file
from tests.helpers import run_cli


def test_every_listing_query_is_paged(layout):
    catalog = load_catalog(layout.queries)
    not_paged = {name for name, q in catalog.items() if not q.paged}
    # the facts, extras, source summary and closed-world findings of one entity, read whole by 'msckg describe'
    assert not_paged == {"describe-facts", "describe-extras", "describe-source", "describe-findings"}
    assert catalog["cq07-pathway-edges"].page_size == DEFAULT_PAGE


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
    page = run_cli("query", "cq01-clusters", "--limit", "3", "--format", "csv", build_dir=build_dir)
    assert page.returncode == 0, page.stderr
    assert len(page.stdout.strip().splitlines()) == 1 + 3  # header and three rows
    assert "--offset 3" in page.stderr and "--all" in page.stderr
    everything = run_cli("query", "cq01-clusters", "--all", "--format", "csv", build_dir=build_dir)
    assert len(everything.stdout.strip().splitlines()) > 4 and everything.stderr == ""
