"""Run a stored query on any store and return its answer as data.

The query is checked (and its projected variables read) by parsing it with an
empty in-memory Oxigraph store, so a syntax error is reported the same way
whatever engine will answer, and before anything is sent to an endpoint.

>>> from pathlib import Path
>>> from msckg.query.catalog import StoredQuery
>>> q = StoredQuery(name="t", path=Path("t.rq"), title="t", text="SELECT ?x ?y WHERE { ?x ?p ?y }")
>>> query_form(q.text), projected_variables(q.text)
('SELECT', ['x', 'y'])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from msckg.paths import project_layout
from msckg.query.catalog import PAGE_MARK, StoredQuery
from msckg.query.names import NameIndex, parse_iri, resolve_iri
from msckg.errors import InputError
from msckg.query.limits import check_nesting
from msckg.query.store import Row, Store, bind_values


@dataclass(frozen=True)
class Page:
    """Rows limit..limit+offset of an answer. Pages are cut from the engine's order of the
    solutions, which is stable for one store (use ORDER BY in the query for an order of meaning)."""

    limit: int
    offset: int = 0

    def __post_init__(self) -> None:
        for name, value in (("limit", self.limit), ("offset", self.offset)):
            if isinstance(value, bool) or not isinstance(value, int) or value < (1 if name == "limit" else 0):
                raise InputError(f"page {name} {value!r} is not a whole number"
                                 + (" above 0" if name == "limit" else " of 0 or more"),
                                 hint="for example --limit 100 --offset 200")

    def apply(self, text: str, keyed: bool = False) -> str:
        """The query with LIMIT and OFFSET (from the validated integers, never from text): appended,
        or for a query paged by key on each of its '# PAGE' lines, which cut one page of keys."""
        cut = f"LIMIT {int(self.limit)} OFFSET {int(self.offset)}"
        if keyed:
            return PAGE_MARK.sub(lambda _: cut, text)
        return f"{text.rstrip()}\n{cut}\n"


@dataclass(frozen=True)
class Answer:
    query: str
    form: str  # SELECT or ASK
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    page: Page | None = None  # the page answered, or None for every row
    page_key: str | None = None  # for a page of keys: the key variable (the page counts its values)

    @property
    def more(self) -> bool:
        """Whether a next page may hold rows (this page is full: limit rows, or limit keys)."""
        if self.page is None:
            return False
        if self.page_key is not None:
            return len({row.get(self.page_key) for row in self.rows}) >= self.page.limit
        return len(self.rows) >= self.page.limit


def _parse(text: str):
    check_nesting(text)  # before the parser, which overflows its stack on deep nesting
    try:
        return ox.Store().query(text)
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error: {exc}", hint="fix the query") from None


# The form and columns of a query text, parsed once: a page of the site or of the CLI asks the
# same stored texts again, and parsing a long one (cq07) cost about 8 ms each time.
@lru_cache(maxsize=512)
def _form_and_variables(text: str) -> tuple[str, tuple[str, ...]]:
    result = _parse(text)
    if isinstance(result, ox.QuerySolutions):
        return "SELECT", tuple(v.value for v in result.variables)
    if isinstance(result, ox.QueryBoolean):
        return "ASK", ()
    return "CONSTRUCT", ()


def query_form(text: str) -> str:
    return _form_and_variables(text)[0]


def projected_variables(text: str) -> list[str]:
    return list(_form_and_variables(text)[1])


def default_page(query: StoredQuery, limit: int | None = None, offset: int = 0,
                 everything: bool = False) -> Page | None:
    """The page to answer: None (every row) for a query that is not paged or when everything is asked."""
    if everything:
        return None
    if not query.paged:
        if limit is not None or offset:
            raise InputError(f"query {query.name!r} is not paged", hint="it answers every row; drop --limit/--offset")
        return None
    return Page(limit if limit is not None else int(query.page_size), offset)


def answer(store: Store, query: StoredQuery, given: Mapping[str, str] | None = None,
           queries: Path | None = None, page: Page | None = None) -> Answer:
    """Bind the given parameter values (text, typed by the query header) and run the query.

    An iri parameter may be given as an IRI, a CURIE or a name, matched in the store as
    describe matches names (queries: the folder of the matcher's query; default the project's).
    page: rows to answer (see default_page); None answers every row."""
    index: list[NameIndex] = []

    def resolve(name: str, text: str) -> URIRef:
        if not index and parse_iri(text) is None:
            index.append(NameIndex.of(store, queries or project_layout().queries))
        return resolve_iri(store, queries or project_layout().queries, name, text, index[0] if index else None)

    bindings: dict[str, Node] = query.bindings(dict(given or {}), resolve)
    bound_text = bind_values(query.text, bindings)
    form = query_form(bound_text)
    if form == "ASK":
        return Answer(query=query.name, form=form, boolean=store.ask(query.text, bindings))
    if form != "SELECT":
        raise InputError(f"query {query.name!r} is a {form} query", where=str(query.path),
                         hint="stored queries are SELECT or ASK queries")
    variables = projected_variables(bound_text)
    text = page.apply(query.text, keyed=query.page_key is not None) if page is not None else query.text
    rows = store.select(text, bindings)
    return Answer(query=query.name, form=form, variables=variables, rows=rows, page=page,
                  page_key=query.page_key if page is not None else None)


def comparable(rows: list[Row], *, unordered_concat: bool = False) -> list[tuple]:
    """Rows as a sorted list of hashable tuples, for comparing the answers of two engines.

    SPARQL leaves the order of GROUP_CONCAT undefined, so two correct engines may
    join the same values in another order: with unordered_concat, a string is
    compared as the sorted list of its parts between "; " or newlines.

    Blank nodes are masked (each store labels them its own way); numbers compare by
    value and datatype (engines spell 7.0 as 7 or 7.0); other literals as lexical
    form, datatype (xsd:string when none) and language.
    """
    def key(term: Node) -> tuple:
        if isinstance(term, URIRef):
            return ("iri", str(term))
        if isinstance(term, BNode):
            return ("bnode",)
        if isinstance(term, Literal) and isinstance(term.value, (int, float, Decimal)) \
                and not isinstance(term.value, bool):
            return ("number", float(term.value), str(term.datatype))  # 7 and 7.0 are one decimal
        if isinstance(term, Literal):
            datatype = "" if term.language else str(term.datatype or XSD.string)
            text = str(term)
            if unordered_concat:
                text = "\u241f".join(sorted(re.split(r"; |\n", text)))
            return ("literal", text, datatype, term.language or "")
        return ("other", str(term))

    return sorted(tuple(sorted((name, key(value)) for name, value in row.items())) for row in rows)
