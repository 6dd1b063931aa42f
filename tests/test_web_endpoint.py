"""The hardened SPARQL endpoint of 'msckg serve', probed the way the review of the old server was.

Each finding against the old server (Oxigraph's own, behind 'msckg serve') is
reproduced here on a loopback port and must now be refused or bounded:

* SERVICE made the server fetch any URL (request forgery): now a 400, and the
  target (a loopback listener started here) receives nothing;
* 3,000 nested groups overflowed the stack and killed the server (and segfaulted
  'msckg query'): now a 400 that says why, and the server goes on answering;
* a cross-join ran on past --timeout and came back as a 200 with an error row:
  now its worker is killed at the limit and the answer is a 504; more queries
  than workers get a 503, never a 200;
* after a rebuild the server answered from the deleted store: now the next query
  is answered from the new one, and so is a write into the store in place.
"""

from __future__ import annotations

import http.server
import json
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from msckg.paths import project_layout
from msckg.query.limits import QueryRefused, check_query
from msckg.query.workers import Limits, QueryService
from msckg.web.app import WebApp
from msckg.web.serving import BackgroundServer, make_web_server
from tests.helpers import run_cli

NESTED = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MARK = "ASK { <urn:msckg:test:new> <urn:msckg:test:in> <urn:msckg:test:build> }"


def serve(build: Path, **limits) -> BackgroundServer:
    service = QueryService(build / "store", Limits(**limits))
    app = WebApp(project_layout(), service, build=build)
    server = BackgroundServer(make_web_server(app, "127.0.0.1", 0, request_timeout=10))
    server.service = service
    return server


def get(url: str, accept: str = "application/sparql-results+json", timeout: float = 60):
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def sparql(base: str, query: str, accept: str = "application/sparql-results+json", timeout: float = 60):
    return get(base + "/query?query=" + urllib.parse.quote(query), accept, timeout)


@pytest.fixture(scope="module")
def server(build_dir):
    with serve(build_dir, timeout_s=3, concurrency=2, queue_wait_s=0.5) as running:
        yield running
    running.service.close()


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (the base class's name)
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["secret"]},"results":{"bindings":[{"secret":{"type":"literal","value":"internal"}}]}}')

    do_POST = do_GET

    def log_message(self, *args):
        pass


def test_a_service_call_to_a_loopback_target_is_refused_and_never_sent(server):
    target = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=target.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{target.server_address[1]}/sparql"
        status, body = sparql(server.base, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?secret ?p ?o }} }}")
        assert status == 400
        assert f"SERVICE <{url}>" in body and "refused" in body
        hidden = f"PREFIX x: <http://127.0.0.1:{target.server_address[1]}/> SELECT * WHERE {{ SERVICE SILENT x:sparql {{ ?s ?p ?o }} }}"
        assert sparql(server.base, hidden)[0] == 400
        assert sparql(server.base, "SELECT * WHERE { BIND(<http://127.0.0.1/> AS ?u) SERVICE ?u { ?s ?p ?o } }")[0] == 400
    finally:
        target.shutdown()
        target.server_close()
    assert _Recorder.hits == []


def test_an_operator_may_allow_one_service_target():
    allowed = "http://127.0.0.1:9999/sparql"
    text = f"SELECT * WHERE {{ SERVICE <{allowed}> {{ ?s ?p ?o }} }}"
    assert check_query(text, allow_service=[allowed]).services == (allowed,)
    with pytest.raises(QueryRefused):
        check_query(text.replace("9999", "9998"), allow_service=[allowed])


def test_three_thousand_nested_groups_get_a_400_and_the_server_lives_on(server):
    status, body = sparql(server.base, NESTED)
    assert status == 400
    assert "nests brackets 3000 deep, more than the limit of 64" in body
    assert sparql(server.base, "ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":true}')


def test_an_over_long_query_gets_a_400_that_says_why(server):
    status, body = sparql(server.base, "SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000)
    assert status == 400 and "more than the limit of 20,000" in body


def test_the_embedded_query_refuses_deep_nesting_instead_of_crashing(build_dir, tmp_path):
    deep = tmp_path / "deep.rq"
    deep.write_text(NESTED, encoding="utf-8")
    done = run_cli("query", str(deep), build_dir=build_dir, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("msckg: error: the query nests brackets 3000 deep")


def test_a_runaway_cross_join_is_killed_at_the_limit_with_a_504(server):
    status, body = sparql(server.base, CROSS_JOIN)
    assert status == 504
    assert "ran longer than 3 s and was stopped" in body
    assert "cancelled" not in body
    assert sparql(server.base, "ASK { ?s ?p ?o }")[0] == 200  # a fresh worker took its place


def test_more_runaway_queries_than_workers_never_get_a_200(server):
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = sorted(status for status, _ in pool.map(lambda _: sparql(server.base, CROSS_JOIN), range(4)))
    assert set(statuses) <= {503, 504} and 504 in statuses
    assert sparql(server.base, "ASK { ?s ?p ?o }")[0] == 200


def test_an_answer_over_the_size_bound_is_refused_not_cut(build_dir):
    with serve(build_dir, timeout_s=20, max_result_bytes=10_000) as small:
        status, body = sparql(small.base, "SELECT * WHERE { ?s ?p ?o }", accept="text/csv")
        assert status == 507 and "larger than 10,000 bytes" in body
        assert sparql(small.base, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", accept="text/csv")[0] == 200
    small.service.close()


def test_updates_are_refused(server):
    form = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
    for path in ("/update", "/query"):
        request = urllib.request.Request(server.base + path, data=form, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
    status, body = sparql(server.base, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status == 400 and "read-only" in body


def _copy_build(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("LOCK"))
    return target


def _mark(store: Path) -> None:
    writable = ox.Store(str(store))
    writable.add(ox.Quad(ox.NamedNode("urn:msckg:test:new"), ox.NamedNode("urn:msckg:test:in"),
                         ox.NamedNode("urn:msckg:test:build"), ox.NamedNode("urn:msckg:test:graph")))
    writable.flush()
    del writable


def test_a_rebuild_while_serving_is_answered_from_the_new_store(build_dir, tmp_path):
    build = _copy_build(build_dir, tmp_path / "build")
    with serve(build, timeout_s=20) as running:
        assert json.loads(sparql(running.base, MARK)[1])["boolean"] is False
        fresh = _copy_build(build_dir, tmp_path / ".build.new")
        _mark(fresh / "store")
        build.rename(tmp_path / ".build.old")  # the swap 'msckg build' does
        fresh.rename(build)
        shutil.rmtree(tmp_path / ".build.old")
        assert json.loads(sparql(running.base, MARK)[1])["boolean"] is True
        shutil.rmtree(build)  # no build at all: refused, not answered from a deleted store
        status, body = sparql(running.base, MARK)
        assert status == 503 and "no built store" in body
    running.service.close()


def test_a_write_into_the_served_store_is_seen_by_the_next_query(build_dir, tmp_path):
    build = _copy_build(build_dir, tmp_path / "build")
    with serve(build, timeout_s=20) as running:
        assert json.loads(sparql(running.base, MARK)[1])["boolean"] is False
        _mark(build / "store")  # what 'msckg import' does while serving
        assert json.loads(sparql(running.base, MARK)[1])["boolean"] is True
    running.service.close()
