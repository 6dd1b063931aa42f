"""The pages of the site, as HTML text, for the server and for ``msckg site`` alike.

``Site`` turns a site path (``resource/CdSe13``, ``ontology/MagicSizeCluster``,
``pathway/Cu2Se``, ``cq`` ...) into a page. It asks the graph through the Store
interface only; a name that is not in the graph raises ``PageNotFound`` with
the closest names, which the server answers as a 404 page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import RDF

from msckg.errors import InputError, MsckgError, NotFoundError
from msckg.namespaces import GRAPH, MSC, MSCR
from msckg.paths import Layout
from msckg.pathways import analysis, report
from msckg.pathways.graph import display_name, is_species, pathway_graph, species
from msckg.pathways.render import RenderOptions, render
from msckg.query.answers import Answer, Page, answer, default_page
from msckg.query.catalog import StoredQuery
from msckg.query.describe import explained_once, findings_about
from msckg.query.formats import readable
from msckg.query.store import Store
from msckg.web import pages
from msckg.web.ontology_doc import ontology_document, pylode_available
from msckg.web.render import render_page

HOME_GROUPS = (("Magic-size clusters", "MagicSizeCluster"), ("Catalysts and composites", "Photocatalyst"),
               ("Techniques", "CharacterizationTechnique"), ("Reactions", "ReductionHalfReaction"))
GRAPH_WHAT = {"ontology": "the ontology (TBox): classes, properties, axioms",
              "asserted": "the facts the sources state, each with its evidence axiom",
              "inferred": "what the reasoner and rules derived, each with its derivation",
              "mappings": "mappings to external vocabularies (SSSOM)"}
# The most rows (or, for a query paged by key, keys) one page of the site answers: a page's
# size comes from the query header (msckg.query.answers.default_page, as in the CLI); ?limit=
# may ask for up to this many, so that no URL makes the server list a whole large answer.
MAX_PAGE = 1000
ENTITY_PAGE = 200  # entities of one page of the entity index (the size in queries/web/resources-page.rq)
PAGE_WORDS = ("offset", "limit")  # URL parameters of a page, apart from a query's own parameters
_WHOLE = re.compile(r"[0-9]{1,9}")
PLURAL = {"class": "Classes", "object property": "Object properties", "datatype property": "Datatype properties",
          "annotation property": "Annotation properties"}


class PageNotFound(NotFoundError):
    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


@dataclass(frozen=True)
class Table:
    """An answer as a template shows it: cells with text and, for IRIs, where they link."""

    form: str
    variables: list[str]
    cells: list[list[dict]]
    boolean: bool | None = None


def table_of(result: Answer) -> Table:
    cells = [[{"text": readable(row[v]) if v in row else "",
               "iri": str(row[v]) if v in row and isinstance(row[v], URIRef) else None}
              for v in result.variables] for row in result.rows]
    return Table(form=result.form, variables=result.variables, cells=cells, boolean=result.boolean)


def table_from_json(data: Mapping) -> Table:
    """A table from SPARQL 1.1 JSON results (the SPARQL box's answer)."""
    if "boolean" in data:
        return Table(form="ASK", variables=[], cells=[], boolean=bool(data["boolean"]))
    variables = list(data["head"]["vars"])
    cells = []
    for binding in data["results"]["bindings"]:
        row = []
        for v in variables:
            term = binding.get(v)
            if term is None:
                row.append({"text": "", "iri": None})
            elif term["type"] == "uri":
                row.append({"text": readable(URIRef(term["value"])), "iri": term["value"]})
            else:
                row.append({"text": " ".join(term["value"].split()), "iri": None})
        cells.append(row)
    return Table(form="SELECT", variables=variables, cells=cells)


def page_numbers(values: Mapping[str, str]) -> tuple[int | None, int]:
    """limit (None: the query's own page size) and offset from a page's URL, as whole numbers.

    >>> page_numbers({"offset": "100", "limit": "50"})
    (50, 100)
    """
    numbers: dict[str, int | None] = {}
    for word in PAGE_WORDS:
        text = (values.get(word) or "").strip()
        if text and not _WHOLE.fullmatch(text):
            raise InputError(f"{word}={text[:40]!r} is not a whole number of rows",
                             hint=f"for example ?offset=100&limit=50; a limit is 1 to {MAX_PAGE}")
        numbers[word] = int(text) if text else None
    limit = numbers["limit"]
    if limit is not None and not 1 <= limit <= MAX_PAGE:
        raise InputError(f"limit={limit} is not between 1 and {MAX_PAGE}",
                         hint=f"a page of the site holds at most {MAX_PAGE} rows; 'msckg query NAME --all' gives every row")
    return limit, numbers["offset"] or 0


SAME_IN_THE_PLURAL = {"species"}  # page keys of the stored queries that English leaves as they are


def plural(word: str) -> str:
    """The plural of a page key's name (cluster, step, reaction, entity, source, species)."""
    if word in SAME_IN_THE_PLURAL:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + ("es" if word.endswith("s") else "s")


def paging_of(query: StoredQuery, result: Answer, limit_given: int | None,
              values: Mapping[str, str] | None = None) -> dict | None:
    """What a page shows and where its neighbours are ({path, params}, as pager.html links them,
    keeping the query's parameter values): None for a query answered whole.

    A page of a keyed query counts keys (clusters, steps), each with all its rows; the
    offsets of the links count the same units, as --offset does in the CLI."""
    page = result.page
    if page is None:
        return None
    key = result.page_key
    units = len({row.get(key) for row in result.rows}) if key else len(result.rows)
    unit = plural(key) if key else "rows"
    keep = {**(values or {}), "run": 1, **({"limit": limit_given} if limit_given is not None else {})}

    def near(offset: int) -> dict:
        return {"path": f"queries/{query.name}", "params": {**keep, "offset": offset}}

    return {"size": page.limit, "offset": page.offset, "count": units, "rows": len(result.rows),
            "unit": unit, "key": key, "first": page.offset + 1, "last": page.offset + units,
            "previous": near(max(0, page.offset - page.limit)) if page.offset else None,
            "next": near(page.offset + page.limit) if result.more else None,
            "more": result.more, "default_size": query.page_size}


class Site:
    """Pages of the graph in ``store``; ``static`` writes links between files, not URLs."""

    def __init__(self, store: Store, layout: Layout, *, static: bool = False,
                 questions: Path | None = None, summary: Mapping | None = None, build: Path | None = None):
        self.store = store
        self.layout = layout
        # the build whose files the pages read (ontology.ttl for pyLODE): a server may serve a
        # build other than the project's own build/ folder
        self.build = Path(build) if build is not None else layout.build
        self.queries = layout.queries
        self.static = static
        self.questions = questions or (layout.root / "docs" / "competency-questions.md")
        self.summary = dict(summary or {})
        self._map: nx.MultiDiGraph | None = None
        self._document: str | None = None

    def page(self, template: str, here: str, **context) -> str:
        return render_page(template, here=here, static=self.static, **context)

    @property
    def map(self) -> nx.MultiDiGraph:
        if self._map is None:
            self._map = pathway_graph(self.store, self.queries)
        return self._map

    # --- home, index, search -------------------------------------------------------
    def home(self) -> str:
        # (no list of every entity here: the page shows ten members of each group and the
        # summary's triple counts; reading every labelled individual took 9 s at 10^6 triples)
        groups = []
        for title, cls in HOME_GROUPS:
            members = pages.term_relations(self.store, self.queries, str(MSC[cls]), most=10)
            found = {**members.get("member (asserted)", {"items": [], "more": 0})}
            inferred = members.get("member (inferred)")
            if not found["items"] and inferred:
                found = inferred
            if found["items"]:
                groups.append({"title": title, **found})
        return self.page("home.html", "", title="Home", groups=groups, summary=self.summary)

    def index(self, values: Mapping[str, str] | None = None) -> str:
        """One page of the entity index (ENTITY_PAGE entities, or ?limit=), grouped by kind."""
        limit, offset = page_numbers(values or {})
        return self.index_page(Page(limit or ENTITY_PAGE, offset), given_limit=limit)[0]

    def index_page(self, page: Page, given_limit: int | None = None) -> tuple[str, bool]:
        """The entity index page at page.offset, and whether a next page may hold more.

        The server links pages by ?offset=; the static site writes them as numbered files
        (entities.html, entities-2.html ...; see entity_index_path)."""
        items, more = pages.resources_page(self.store, self.queries, page)
        grouped: dict[str, list[dict]] = {}
        for item in items:
            kind = item["types"][0] if item["types"] else "other"
            grouped.setdefault(kind, []).append(item)
        groups = sorted(grouped.items(), key=lambda kv: kv[0].lower())
        number = page.offset // page.limit + 1
        here = entity_index_path(number) if self.static else "entities"
        keep = {"limit": given_limit} if given_limit is not None else {}

        def near(offset: int) -> dict:
            if self.static:
                return {"path": entity_index_path(offset // page.limit + 1), "params": {}}
            return {"path": "entities", "params": {**keep, "offset": offset}}

        paging = {"first": page.offset + 1, "last": page.offset + len(items), "count": len(items),
                  "size": page.limit,
                  "previous": near(max(0, page.offset - page.limit)) if page.offset else None,
                  "next": near(page.offset + page.limit) if more else None}
        return self.page("index.html", here, title="Every entity" if number == 1 else f"Every entity, page {number}",
                         groups=groups, paging=paging), more

    def search(self, text: str) -> str:
        result = pages.search(self.store, self.queries, text) if text.strip() else None
        return self.page("search.html", "search", title=f"Search: {text}" if text else "Search", result=result)

    # --- resources ---------------------------------------------------------------------
    def resource(self, local: str) -> str:
        iri = str(MSCR[local])
        head = pages.heading(self.store, self.queries, iri)
        if not head.exists:
            raise PageNotFound(f"the graph has no resource {local!r}",
                               pages.not_found(self.store, self.queries, local))
        path = f"resource/{local}"
        kind = pages.kind_of_page(head)
        if kind == "sentence":
            sentence = pages.sentence_details(self.store, self.queries, iri) or {"text": "", "section": None,
                                                                                  "source": None, "index": None}
            return self.page("sentence.html", path, title=head.label, head=head, sentence=sentence,
                             facts=pages.supported_facts(self.store, self.queries, iri))
        if kind in ("source", "reference"):
            return self.page("source.html", path, title=head.label, head=head, kind=kind,
                             metadata=pages.source_metadata(self.store, self.queries, iri),
                             findings=explained_once(findings_about(self.store, self.queries, iri)),
                             facts=pages.supported_facts(self.store, self.queries, iri))
        return self.entity(iri, head, path)

    def entity(self, iri: str, head: pages.Heading, path: str) -> str:
        description = pages.describe(self.store, self.queries, iri, head.label)
        facts = description.facts
        type_facts = [f for f in facts if f.direction == "out" and f.property == str(RDF.type)]
        classes = [{"iri": f.object, "label": f.other_label, "inferred": f.inferred} for f in type_facts]
        classes.sort(key=lambda c: (c["inferred"], c["label"].lower()))
        others = [f for f in facts if f not in type_facts]
        sections = [("Facts", [f for f in others if f.direction == "out" and not f.inferred]),
                    ("Inferred (by a reasoner or rule; not stated by a source)",
                     [f for f in others if f.direction == "out" and f.inferred]),
                    ("Referenced by", [f for f in others if f.direction == "in"])]
        notes = pages.evidence_notes(description)
        return self.page("entity.html", path, title=head.label, head=head, path=path, classes=classes,
                         sections=sections, findings=explained_once(description.findings),
                         notes=notes, numbers={n["sentence"]: n["number"] for n in notes},
                         value=pages.fact_value, links=pages.external_links(self.store, self.queries, iri),
                         on_map=iri in self.map and is_species(self.map, iri))

    def term(self, local: str) -> str:
        iri = str(MSC[local])
        head = pages.heading(self.store, self.queries, iri)
        if not head.exists:
            raise PageNotFound(f"the ontology has no term {local!r}", pages.not_found(self.store, self.queries, local))
        kinds = [pages.ONTOLOGY_KINDS[t["iri"]] for t in head.types if t["iri"] in pages.ONTOLOGY_KINDS]
        path = f"ontology/{local}"
        return self.page("term.html", path, title=head.label, head=head, path=path, kind=", ".join(kinds),
                         relations=pages.term_relations(self.store, self.queries, iri),
                         links=pages.external_links(self.store, self.queries, iri))

    def ontology(self) -> str:
        terms = pages.ontology_terms(self.store, self.queries)
        by_kind = []
        for kind in PLURAL:
            chosen = sorted((t for t in terms if t["kind"] == kind), key=lambda t: t["label"].lower())
            if chosen:
                by_kind.append((kind, chosen))
        return self.page("ontology.html", "ontology", title="Ontology", by_kind=by_kind, plural=PLURAL,
                         has_document=pylode_available())

    def ontology_document(self) -> str:
        """The whole ontology as one page (pyLODE), made once per Site."""
        if self._document is None:
            document = ontology_document(self.build / "ontology.ttl")
            if document is None:
                raise PageNotFound("the ontology document needs pyLODE (pip install -e '.[docs]')")
            self._document = document
        return self._document

    def sources(self) -> str:
        items = pages.resources(self.store, self.queries)
        sources = [i for i in items if "Review" in i["types"] or any(t.endswith("Source") and t != "SourceSentence"
                                                                     for t in i["types"])]
        references = sorted((i for i in items if "CitedReference" in i["types"]),
                            key=lambda i: int(''.join(c for c in i["iri"].rsplit("ref", 1)[-1] if c.isdigit()) or 0))
        return self.page("sources.html", "sources", title="Sources", sources=sources, references=references)

    def graphs(self) -> str:
        items = [{"name": n, "iri": str(GRAPH[n]), "what": GRAPH_WHAT[n]} for n in pages.GRAPH_NAMES]
        return self.page("graphs.html", "graphs", title="Graphs", graphs=items)

    # --- pathways -----------------------------------------------------------------------
    def map_node(self, local: str) -> str:
        iri = str(MSCR[local])
        if iri not in self.map or not is_species(self.map, iri):
            raise PageNotFound(f"{local!r} is not a species on the synthesis map",
                               pages.not_found(self.store, self.queries, local))
        return iri

    def pathways(self) -> str:
        rows = []
        for node in sorted(species(self.map), key=lambda n: display_name(self.map, n).lower()):
            up = [n for n in self.map.predecessors(node) if is_species(self.map, n)]
            down = [n for n in self.map.successors(node) if is_species(self.map, n)]
            rows.append({"id": pages.local_name(node), "name": display_name(self.map, node),
                         "upstream": len(set(up)), "downstream": len(set(down))})
        return self.page("pathways.html", "pathways", title="Pathways", species=rows)

    def pathway(self, local: str) -> str:
        iri = self.map_node(local)
        into = report.reach_json(self.map, [iri], analysis.into(self.map, [iri]), upstream=True)
        out = report.reach_json(self.map, [iri], analysis.reachable(self.map, [iri]), upstream=False)
        name = display_name(self.map, iri)
        return self.page("pathway.html", f"pathway/{local}", title=f"Pathways of {name}", name=name, iri=iri,
                         into=into, out=out)

    def pathway_svg(self, local: str | None) -> bytes:
        """The map around a species (everything upstream and downstream of it), or all of it."""
        if local is None:
            return render(self.map, "svg", RenderOptions())
        iri = self.map_node(local)
        around = nx.compose(analysis.subgraph(self.map, targets=[iri]), analysis.subgraph(self.map, sources=[iri]))
        name = display_name(self.map, iri)
        return render(around, "svg", RenderOptions(title=f"steps into and out of {name}"))

    # --- queries --------------------------------------------------------------------------
    def query_list(self) -> str:
        return self.page("queries.html", "queries", title="Stored queries",
                         queries=sorted(pages.catalog(self.queries).values(), key=lambda q: q.name))

    def run_stored(self, name: str, values: Mapping[str, str]) -> Answer:
        """The page of a stored query the URL asks for (?offset=, ?limit=), by default its first
        page (the CLI's default_page); a query that is not paged answers every row."""
        query = pages.stored_query(self.queries, name)
        given = {k: v for k, v in values.items() if k in {p.name for p in query.parameters} and v != ""}
        limit, offset = page_numbers(values)
        return answer(self.store, query, given, page=default_page(query, limit, offset))

    def query_page(self, name: str, values: Mapping[str, str], run: bool) -> str:
        return self.query_reply(name, values, run)[1]

    def query_reply(self, name: str, values: Mapping[str, str], run: bool) -> tuple[int, str]:
        """The query page and its HTTP status: 400 when a value (of a parameter or of the page)
        is not one the query takes, with the form and the reason on the page."""
        query = pages.stored_query(self.queries, name)
        known = {p.name for p in query.parameters}
        chosen = {k: v for k, v in values.items() if k in known}
        page_values = {k: v for k, v in values.items() if k in PAGE_WORDS and k not in known}
        result, error, status, paging = None, None, 200, None
        needs = [p for p in query.parameters if p.required and p.default is None and not chosen.get(p.name)]
        if run or (self.static and not needs) or (not query.parameters) or page_values:
            try:
                found = self.run_stored(name, {**chosen, **page_values})
                result = table_of(found)
                paging = paging_of(query, found, page_numbers(page_values)[0], chosen)
            except InputError as exc:
                error, status = str(exc), 400
            except MsckgError as exc:
                error = str(exc)
        return status, self.page("query.html", f"queries/{name}", title=query.title, query=query, values=chosen,
                                 answer=result, error=error, paging=paging,
                                 page_values={k: v for k, v in page_values.items() if v and error is None})

    def competency(self) -> str:
        catalog = pages.catalog(self.queries)
        sections: dict[str, list[dict]] = {}
        for question in pages.competency_questions(self.questions):
            answers = []
            for query in sorted(catalog.values(), key=lambda q: q.name):
                if question["id"].upper() in (c.upper() for c in query.cq):
                    entry = {"query": query, "answer": None, "error": None, "paging": None, "given": {}}
                    try:
                        given = {p.name: str(p.example) for p in query.parameters
                                 if p.required and p.default is None and p.example is not None}
                        found = answer(self.store, query, given, page=default_page(query))  # its first page
                        entry["answer"] = table_of(found)
                        entry["paging"] = paging_of(query, found, None)
                        entry["given"] = given
                    except MsckgError as exc:
                        entry["error"] = str(exc)
                    answers.append(entry)
            sections.setdefault(question["section"], []).append({**question, "answers": answers})
        return self.page("cq.html", "cq", title="Competency questions", sections=list(sections.items()))

    def sparql_page(self, text: str, result: Table | None, error: str | None, limits) -> str:
        return self.page("sparql.html", "sparql", title="SPARQL", text=text, answer=result, error=error,
                         limits=limits)

    def message(self, title: str, message: str, here: str = "error") -> str:
        return self.page("error.html", here, title=title, message=message)

    def not_found_page(self, exc: PageNotFound | NotFoundError, here: str) -> str:
        return self.page("notfound.html", here, title="Not found", message=exc.message,
                         suggestions=getattr(exc, "suggestions", []))


def entity_index_path(number: int) -> str:
    """The site path of page ``number`` (from 1) of the entity index in the static site."""
    return "entities" if number == 1 else f"entities-{number}"


def answer_json(result: Answer) -> str:
    from msckg.query.formats import json_format, render_boolean

    if result.form == "ASK":
        return render_boolean("json", bool(result.boolean))
    return json_format(result.variables, result.rows)


__all__ = ["ENTITY_PAGE", "MAX_PAGE", "PageNotFound", "Site", "Table", "answer_json", "entity_index_path", "json",
           "page_numbers", "paging_of", "table_from_json", "table_of"]
