"""The web application (WSGI): linked-data pages, the query page, search, and a guarded SPARQL endpoint.

Routes (every one read-only):

=====================================  ==============================================
``/``                                  home page
``/resource/<id>[.ttl|.nt|.jsonld]``   an individual: HTML, or RDF by Accept or suffix
``/ontology[/<id>][.ttl|...]``         the ontology, or one class or property
``/graph/<name>[.ttl|.nt|.jsonld]``    one named graph of the build, for download
``/search?q=``                         entities by name, sentences by words
``/queries``, ``/queries/<name>``      stored queries: form, a page of the answer
                                       (``?offset=&limit=``), CSV/JSON download
``/entities[?offset=&limit=]``         the entity index, a page at a time
``/cq``                                the competency questions answered live
``/pathways``, ``/pathway/<id>[.svg]`` the synthesis map around a species
``/docs/ontology``                     the whole ontology as one page (pyLODE, if installed)
``/sparql``                            a SPARQL box (HTML)
``/query``                             the SPARQL 1.1 protocol (GET, POST)
``/update``, ``/store``                refused (403): the graph is read-only
=====================================  ==============================================

Every query, from a page or from a client, runs in the worker pool of
``msckg.query.workers`` and within its limits; a refused or failed query is
answered with its 4xx/5xx status and a one-line reason, never as a 200.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, quote

from rdflib import URIRef

from msckg.errors import InputError, MsckgError, NotFoundError
from msckg.namespaces import GRAPH, MSC, MSCR, ONTOLOGY_IRI
from msckg.paths import Layout
from msckg.query.limits import QueryRefused
from msckg.query.store import bind_values
from msckg.query.workers import QueryFailed, QueryService, store_generation
from msckg.web import negotiation as neg
from msckg.web.pages import GRAPH_NAMES, not_found
from msckg.web.site import PageNotFound, Site, answer_json, table_from_json

MAX_BODY = 256 * 1024
_SAFE_ID = re.compile(r"[A-Za-z0-9._~\-]+")
_STATIC = {"style.css": "text/css; charset=utf-8"}


class Response:
    def __init__(self, status: int, body: bytes | str, content_type: str = "text/html; charset=utf-8",
                 headers: Iterable[tuple[str, str]] = ()):
        self.status = status
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.headers = [("Content-Type", content_type), ("Content-Length", str(len(self.body))),
                        ("X-Content-Type-Options", "nosniff"), *headers]


def _text(status: int, message: str) -> Response:
    return Response(status, message.rstrip("\n") + "\n", "text/plain; charset=utf-8")


class WebApp:
    """The WSGI callable over the build of ``layout`` (its store under build/store)."""

    def __init__(self, layout: Layout, service: QueryService, *, build: Path | None = None):
        self.layout = layout
        self.build = Path(build or layout.build).resolve()
        self.service = service
        self._sites: dict = {}
        self._lock = threading.Lock()

    # a Site per store generation: the synthesis map is read once per build
    def site(self) -> Site:
        generation = store_generation(self.build / "store")
        with self._lock:
            site = self._sites.get(generation)
            if site is None:
                summary = {}
                try:
                    summary = json.loads((self.build / "summary.json").read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    pass
                site = Site(self.service, self.layout, summary=summary, build=self.build)
                self._sites = {generation: site}
            return site

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        try:
            response = self.dispatch(environ)
        except PageNotFound as exc:
            response = self._not_found(exc, environ)
        except QueryFailed as exc:
            response = self._failure(exc.status, str(exc), environ)
        except QueryRefused as exc:
            response = self._failure(400, str(exc), environ)
        except NotFoundError as exc:
            response = self._not_found(exc, environ)
        except MsckgError as exc:
            response = self._failure(400, str(exc), environ)
        reason = HTTPStatus(response.status).phrase
        start_response(f"{response.status} {reason}", response.headers)
        return [response.body] if environ.get("REQUEST_METHOD") != "HEAD" else [b""]

    def _wants_html(self, environ: dict) -> bool:
        return "text/html" in environ.get("HTTP_ACCEPT", "")

    def _failure(self, status: int, message: str, environ: dict) -> Response:
        if self._wants_html(environ) and not environ.get("PATH_INFO", "").startswith("/query"):
            return Response(status, self.site().message(HTTPStatus(status).phrase, message))
        return _text(status, message)

    def _not_found(self, exc: NotFoundError, environ: dict) -> Response:
        if self._wants_html(environ) or not environ.get("HTTP_ACCEPT"):
            here = environ.get("PATH_INFO", "/").strip("/")
            return Response(404, self.site().not_found_page(exc, here if "/" in here else "notfound"))
        hint = getattr(exc, "suggestions", [])
        return _text(404, exc.message + (f" (closest names: {', '.join(hint)})" if hint else ""))

    # --- routing -------------------------------------------------------------------------
    def dispatch(self, environ: dict) -> Response:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/") or "/"
        params = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).items()}
        accept = environ.get("HTTP_ACCEPT")
        if path.startswith(("/update", "/store")) and method not in ("GET", "HEAD"):
            return _text(403, "this endpoint is read-only: updates and graph uploads are refused")
        if path == "/query":
            return self.sparql_protocol(environ, method, params)
        if method == "POST" and path == "/sparql":
            form = self._form(environ)
            return self.sparql_box(form.get("query", ""))
        if method not in ("GET", "HEAD"):
            return Response(405, "only GET and HEAD", "text/plain; charset=utf-8", [("Allow", "GET, HEAD")])
        site = self.site()
        parts = [p for p in path.split("/") if p]
        if not parts:
            return Response(200, site.home())
        head, rest = parts[0], parts[1:]
        if head == "static" and len(rest) == 1 and rest[0] in _STATIC:
            data = resources.files("msckg.web").joinpath("static", rest[0]).read_bytes()
            return Response(200, data, _STATIC[rest[0]], [("Cache-Control", "max-age=3600")])
        if head == "resource" and len(rest) == 1:
            return self.linked(rest[0], "resource", accept)
        if head == "ontology" and len(rest) <= 1:
            return self.linked(rest[0] if rest else "", "ontology", accept)
        if head == "graph" and len(rest) == 1:
            return self.graph(rest[0], accept)
        pages = {"search": lambda: site.search(params.get("q", "")), "entities": lambda: site.index(params),
                 "sources": site.sources, "graphs": site.graphs, "pathways": site.pathways,
                 "cq": site.competency, "queries": site.query_list,
                 "sparql": lambda: self.sparql_box(params.get("query", ""), page_only=True)}
        if head in pages and not rest:
            page = pages[head]()
            return page if isinstance(page, Response) else Response(200, page)
        if head == "docs" and rest == ["ontology"]:
            return Response(200, site.ontology_document())
        if head == "queries" and len(rest) == 1:
            return self.stored(rest[0], params)
        if head == "pathway" and len(rest) == 1:
            name = rest[0]
            if name.endswith(".svg"):
                local = name[:-4]
                svg = site.pathway_svg(None if local == "all" else self._id(local))
                return Response(200, svg, "image/svg+xml")
            return Response(200, site.pathway(self._id(name)))
        raise PageNotFound(f"no page at {path}")

    def _id(self, text: str) -> str:
        if not _SAFE_ID.fullmatch(text):
            raise PageNotFound(f"{text!r} is not an id of this graph")
        return text

    def _form(self, environ: dict) -> dict[str, str]:
        body = self._body(environ)
        return {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}

    def _body(self, environ: dict) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            raise QueryFailed(f"the request body has {length:,} bytes, more than {MAX_BODY:,}", status=413)
        return environ["wsgi.input"].read(length) if length > 0 else b""

    # --- linked data -------------------------------------------------------------------------
    def linked(self, name: str, folder: str, accept: str | None) -> Response:
        local, suffix = neg.split_suffix(name)
        if local and not _SAFE_ID.fullmatch(local):
            raise PageNotFound(f"{local!r} is not an id of this graph")
        rep = neg.choose_representation(accept, suffix)
        if rep is None:
            return _text(406, "available as text/html, text/turtle, application/n-triples, application/ld+json")
        vary = [("Vary", "Accept")] if suffix is None else []
        site = self.site()
        if folder == "ontology" and not local:
            if rep is neg.HTML:
                return Response(200, site.ontology(), headers=vary)
            return self.graph("ontology." + rep.suffix, None)
        if rep is neg.HTML:
            page = site.resource(local) if folder == "resource" else site.term(local)
            return Response(200, page, headers=vary)
        iri = str((MSCR if folder == "resource" else MSC)[local])
        if not site.store.select("SELECT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } } LIMIT 1", {"x": URIRef(iri)}):
            raise PageNotFound(f"the graph has no {folder} {local!r}", not_found(site.store, site.queries, local))
        text = (self.layout.queries / "web" / "rdf.rq").read_text(encoding="utf-8")
        reply = self.service.run(bind_values(text, {"entity": URIRef(iri)}), rep.media_type)
        return Response(200, reply.body, rep.content_type, vary)

    def graph(self, name: str, accept: str | None) -> Response:
        local, suffix = neg.split_suffix(name)
        if local not in GRAPH_NAMES:
            raise PageNotFound(f"the build has no graph {local!r} (graphs: {', '.join(GRAPH_NAMES)})")
        rep = neg.choose_representation(accept, suffix)
        if rep is None or rep is neg.HTML:
            return Response(200, self.site().graphs())
        if rep.suffix in ("ttl", "nt"):
            # only these eight names are read, and only from the build folder
            try:
                data = (self.build / f"{local}.{rep.suffix}").read_bytes()
            except OSError:
                raise QueryFailed("no built graph", status=503, hint="run 'msckg build' first") from None
            return Response(200, data, rep.content_type)
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH[local]}> {{ ?s ?p ?o }} }}"
        return Response(200, self.service.run(query, rep.media_type).body, rep.content_type)

    # --- queries -------------------------------------------------------------------------------
    def stored(self, name: str, params: dict[str, str]) -> Response:
        site = self.site()
        fmt = params.pop("format", None)
        run = params.pop("run", None) is not None
        if fmt in ("csv", "json"):
            from msckg.query.formats import csv_format

            result = site.run_stored(name, params)
            if fmt == "json":
                return Response(200, answer_json(result), "application/sparql-results+json; charset=utf-8",
                                [("Content-Disposition", f'attachment; filename="{name}.json"')])
            if result.form == "ASK":
                body = "answer\n" + ("true" if result.boolean else "false") + "\n"
            else:
                body = csv_format(result.variables, result.rows)
            return Response(200, body, "text/csv; charset=utf-8",
                            [("Content-Disposition", f'attachment; filename="{name}.csv"')])
        if fmt is not None:
            raise InputError(f"unknown download format {fmt!r}", hint="use csv or json")
        status, page = site.query_reply(name, params, run)
        return Response(status, page)

    def sparql_box(self, text: str, page_only: bool = False) -> Response:
        site = self.site()
        if not text.strip():
            return Response(200, site.sparql_page(text, None, None, self.service.limits))
        try:
            reply = self.service.run(text, neg.RESULTS_JSON.media_type)
        except (QueryFailed, QueryRefused) as exc:
            status = getattr(exc, "status", 400)
            return Response(status, site.sparql_page(text, None, str(exc), self.service.limits))
        if reply.kind == "triples":
            return Response(200, site.sparql_page(text, None, "a CONSTRUCT or DESCRIBE query: ask /query for RDF",
                                                  self.service.limits))
        return Response(200, site.sparql_page(text, table_from_json(json.loads(reply.body)), None,
                                              self.service.limits))

    def sparql_protocol(self, environ: dict, method: str, params: dict[str, str]) -> Response:
        """SPARQL 1.1 Protocol query operation (GET, POST form, POST application/sparql-query)."""
        query_string = environ.get("QUERY_STRING", "")
        lists = parse_qs(query_string, keep_blank_values=True)
        if method == "POST":
            kind = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
            if kind == "application/sparql-query":
                text = self._body(environ).decode("utf-8", "replace")
            elif kind == "application/x-www-form-urlencoded":
                form = parse_qs(self._body(environ).decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form:
                    return _text(403, "this endpoint is read-only: updates are refused")
                lists = {**lists, **form}
                text = form.get("query", [""])[-1]
            else:
                return _text(415, "send the query as application/sparql-query or a form field 'query'")
        elif method in ("GET", "HEAD"):
            text = params.get("query", "")
        else:
            return Response(405, "GET or POST", "text/plain; charset=utf-8", [("Allow", "GET, POST")])
        if not text.strip():
            return _text(400, "no query: pass it as the parameter 'query'")
        self.service.limits.check(text)  # QueryRefused -> 400 with the reason, before anything parses it
        graph_form = _looks_like_graph_query(text)
        rep = neg.choose_results(environ.get("HTTP_ACCEPT"), graph=graph_form)
        if rep is None:
            return _text(406, "no result format you accept: " +
                         ", ".join(r.media_type for r in (neg.GRAPH_FORMATS if graph_form else neg.RESULT_FORMATS)))
        reply = self.service.run(text, rep.media_type, default_graphs=lists.get("default-graph-uri", []),
                                 named_graphs=lists.get("named-graph-uri", []))
        media = reply.media_type
        content_type = media + ("; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media
                                else "")
        return Response(200, reply.body, content_type)


def _looks_like_graph_query(text: str) -> bool:
    """CONSTRUCT or DESCRIBE (answered as RDF), judged from the first keyword after the prologue."""
    from msckg.query.limits import tokens

    for token in tokens(text):
        if token.kind == "name":
            word = token.text.lower()
            if word in ("prefix", "base"):
                continue
            if word in ("construct", "describe"):
                return True
            if word in ("select", "ask"):
                return False
    return False


def resource_url(iri: str) -> str:
    """The path this server answers an IRI of the graph at ('/resource/CdSe13')."""
    for namespace, folder in ((str(MSCR), "resource"), (str(MSC), "ontology"), (str(GRAPH), "graph")):
        if iri.startswith(namespace):
            return f"/{folder}/{quote(iri[len(namespace):])}"
    if iri == ONTOLOGY_IRI:
        return "/ontology"
    raise InputError(f"{iri} is not an IRI of this graph")
