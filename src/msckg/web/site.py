"""The pages of the site, as HTML text, for the server and for ``msckg site`` alike.

``Site`` turns a site path (``resource/CdSe13``, ``ontology/MagicSizeCluster``,
``pathway/Cu2Se``, ``cq`` ...) into a page. It asks the graph through the Store
interface only; a name that is not in the graph raises ``PageNotFound`` with
the closest names, which the server answers as a 404 page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import RDF

from msckg.errors import MsckgError, NotFoundError
from msckg.namespaces import GRAPH, MSC, MSCR
from msckg.paths import Layout
from msckg.pathways import analysis, report
from msckg.pathways.graph import display_name, is_species, pathway_graph, species
from msckg.pathways.render import RenderOptions, render
from msckg.query.answers import Answer, answer
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

    def index(self) -> str:
        grouped: dict[str, list[dict]] = {}
        for item in pages.resources(self.store, self.queries):
            kind = item["types"][0] if item["types"] else "other"
            grouped.setdefault(kind, []).append(item)
        groups = sorted(grouped.items(), key=lambda kv: kv[0].lower())
        return self.page("index.html", "entities", title="Every entity", groups=groups)

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
                         sections=sections, findings=description.findings,
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
        query = pages.stored_query(self.queries, name)
        given = {k: v for k, v in values.items() if k in {p.name for p in query.parameters} and v != ""}
        return answer(self.store, query, given)

    def query_page(self, name: str, values: Mapping[str, str], run: bool) -> str:
        query = pages.stored_query(self.queries, name)
        known = {p.name for p in query.parameters}
        values = {k: v for k, v in values.items() if k in known}
        result, error = None, None
        needs = [p for p in query.parameters if p.required and p.default is None and not values.get(p.name)]
        if run or (self.static and not needs) or (not query.parameters):
            try:
                result = table_of(self.run_stored(name, values))
            except MsckgError as exc:
                error = str(exc)
        return self.page("query.html", f"queries/{name}", title=query.title, query=query, values=values,
                         answer=result, error=error)

    def competency(self) -> str:
        catalog = pages.catalog(self.queries)
        sections: dict[str, list[dict]] = {}
        for question in pages.competency_questions(self.questions):
            answers = []
            for query in sorted(catalog.values(), key=lambda q: q.name):
                if question["id"].upper() in (c.upper() for c in query.cq):
                    entry = {"query": query, "answer": None, "error": None}
                    try:
                        given = {p.name: str(p.example) for p in query.parameters
                                 if p.required and p.default is None and p.example is not None}
                        entry["answer"] = table_of(answer(self.store, query, given))
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


def answer_json(result: Answer) -> str:
    from msckg.query.formats import json_format, render_boolean

    if result.form == "ASK":
        return render_boolean("json", bool(result.boolean))
    return json_format(result.variables, result.rows)


__all__ = ["PageNotFound", "Site", "Table", "answer_json", "json", "table_from_json", "table_of"]
