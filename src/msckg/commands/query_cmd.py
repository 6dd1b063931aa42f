from __future__ import annotations

from pathlib import Path

import click

from msckg.query.answers import answer, default_page
from msckg.query.catalog import StoredQuery, find_query, load_catalog, parse_query_file
from msckg.errors import InputError, NotFoundError
from msckg.query.formats import FORMATS, render, render_boolean
from msckg.paths import project_layout
from msckg.query.store import EmbeddedStore, Store


@click.command()
@click.option("--cq", "only_cq", default=None, help="Only the queries that answer this CQ (for example CQ10).")
def queries(only_cq: str | None) -> None:
    """List the stored queries: name, competency question, title and parameters."""
    catalog = load_catalog(project_layout().queries)
    wanted = _cq_id(only_cq) if only_cq else None
    chosen = [q for q in catalog.values() if wanted is None or wanted in (_cq_id(c) for c in q.cq)]
    if not chosen:
        known = sorted({c for q in catalog.values() for c in q.cq})
        raise InputError(f"no stored query answers {only_cq!r}",
                         hint="competency questions: " + ", ".join(known))
    for query in chosen:
        click.echo(f"{query.name}  [{', '.join(query.cq) or '-'}]  {query.title}")
        for param in query.parameters:
            need = "required" if param.required else (f"default {param.default}" if param.default is not None
                                                       else "optional")
            kind = "|".join(param.allowed) if param.allowed else param.type
            text = f"    --param {param.name}=<{kind}>  ({need}; example {param.example})"
            click.echo(text + (f"  {param.description}" if param.description else ""))
        if query.paged:
            unit = f"values of ?{query.page_key}, each with all its rows" if query.page_key else "rows"
            click.echo(f"    pages of {query.page_size} {unit}: --limit N --offset M, or --all")


@click.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value (repeatable); it is bound as an RDF term, never pasted into the query.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="table", show_default=True,
              help="table for people (rows that differ in one column only are grouped into one row "
                   "listing the values); csv, tsv and json for programs, always one row per solution.")
@click.option("--endpoint", default=None, metavar="URL",
              help="A SPARQL 1.1 query endpoint instead of the embedded store under build/.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for the endpoint.")
@click.option("--service-dataset", is_flag=True,
              help="With --endpoint: query the endpoint's own default graph instead of naming the msckg graphs.")
@click.option("--wide", is_flag=True, help="table: show every cell whole (by default a table fits the terminal).")
@click.option("--ungrouped", is_flag=True,
              help="table: one row per solution, as csv and json give them (no grouping of values into lists).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Rows of the page, for a listing query (default: its header's page size).")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Rows to skip before the page, for a listing query.")
@click.option("--all", "everything", is_flag=True, help="Every row of a listing query, not a page.")
def query(name: str, params: tuple[str, ...], fmt: str, endpoint: str | None, timeout: float,
          service_dataset: bool, wide: bool, ungrouped: bool, limit: int | None, offset: int,
          everything: bool) -> None:
    """Run the stored query NAME (see 'msckg queries') or a query file FILE.rq."""
    layout = project_layout()
    stored = _find(layout.queries, name)
    given = _parse_params(params)
    page = default_page(stored, limit, offset, everything)
    store = _store(layout.build / "store", endpoint, timeout, service_dataset)
    result = answer(store, stored, given, queries=layout.queries, page=page)
    if result.form == "ASK":
        click.echo(render_boolean(fmt, bool(result.boolean)), nl=False)
    else:
        import shutil
        import sys

        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        click.echo(render(fmt, result.variables, result.rows, width=width, wide=wide,
                          grouped=not ungrouped), nl=False)
        if result.more:  # to stderr, so that csv and json on stdout stay clean
            counted = f"?{stored.page_key} values" if stored.page_key else "rows"
            click.echo(f"msckg: {counted} {offset + 1}-{offset + page.limit}; next page: --offset "
                       f"{offset + page.limit}, everything: --all", err=True)


def _cq_id(text: str) -> str:
    """'10', 'cq10', 'CQ 10' and 'CQ10' are one competency question."""
    digits = text.strip().upper().removeprefix("CQ").strip()
    return f"CQ{int(digits):02d}" if digits.isdigit() else text.strip().upper()


def _find(folder: Path, name: str) -> StoredQuery:
    if name.endswith(".rq"):
        path = Path(name)
        if not path.is_file():
            raise InputError("no such query file", where=name, hint="give a path to a .rq file or a stored query name")
        return parse_query_file(path)
    try:
        return find_query(folder, name)
    except NotFoundError as exc:  # a wrong name is a usage error here: exit 2
        raise InputError(exc.message, where=exc.where, hint=exc.hint) from None


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    given: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"--param {item!r} is not NAME=VALUE", hint="for example --param ref=44")
        if key in given:
            raise InputError(f"parameter {key!r} is given twice", hint="give each parameter once")
        given[key] = value
    return given


def _store(path: Path, endpoint: str | None, timeout: float, service_dataset: bool) -> Store:
    if endpoint is None:
        return EmbeddedStore.open(path)
    from msckg.query.endpoint import MSCKG_GRAPHS, EndpointStore

    return EndpointStore(endpoint, timeout=timeout, graphs=None if service_dataset else MSCKG_GRAPHS)
