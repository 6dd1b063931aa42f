"""Integration: the stored queries through a real Oxigraph server, and the server's limits.

A writable Oxigraph server on a free loopback port receives the built graph by
'msckg publish' (SPARQL 1.1 Graph Store Protocol); every stored query is then run
through SPARQLWrapper and must give the rows the embedded store gives. 'msckg
serve' is started as the user starts it and must refuse updates. Every server
started here is stopped here.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from msckg.errors import InputError
from msckg.query.answers import answer, comparable
from msckg.query.catalog import load_catalog
from msckg.commands.main import main
from msckg.query.endpoint import EndpointStore
from msckg.paths import project_layout
from msckg.query.server import OxigraphServer, free_port
from msckg.query.store import StoreError
from tests.test_queries import INJECTIONS


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(project_layout().queries)


@pytest.fixture(scope="module")
def published(build_dir, tmp_path_factory):
    """A writable Oxigraph server holding the built graph, published through the Graph Store Protocol."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db", read_only=False)
    with server:
        env = {"MSCKG_BUILD_DIR": str(build_dir)}
        result = CliRunner(env=env).invoke(main, ["publish", "--endpoint", server.store_url],
                                           catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "https://w3id.org/msckg/graph/asserted:" in result.output
        yield server
    assert server.process.poll() is not None  # stopped


@pytest.fixture(scope="module")
def endpoint(published):
    return EndpointStore(published.query_url, timeout=30)


def same(rows):
    """Rows as compared across engines (GROUP_CONCAT order is engine-specific, see comparable)."""
    return comparable(rows, unordered_concat=True)


def _example_values(query):
    return {p.name: str(p.example) for p in query.parameters if p.required}


def test_publish_sends_every_named_graph(published, build_dir):
    request = urllib.request.Request(published.query_url + "?query=" + urllib.parse.quote(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"),
        headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        counts = dict(line.split(",") for line in response.read().decode().split("\r\n")[1:] if line)
    expected = {"ontology", "asserted", "inferred", "mappings", "findings"}
    assert {g.rsplit("/", 1)[1] for g in counts} == expected
    quads = sum(1 for line in (build_dir / "msckg.nq").open(encoding="utf-8") if line.strip())
    assert sum(int(n) for n in counts.values()) == quads


def test_every_stored_query_gives_the_same_rows_through_the_endpoint(store, endpoint, catalog):
    differ = []
    for query in catalog.values():
        given = _example_values(query)
        embedded = answer(store, query, given)
        remote = answer(endpoint, query, given)
        assert remote.variables == embedded.variables, query.name
        if same(remote.rows) != same(embedded.rows):
            differ.append(query.name)
        assert embedded.rows or query.name.startswith(("cq07", "cq08")), query.name
    assert differ == []


def test_parameters_with_every_example_value_agree_through_the_endpoint(store, endpoint, catalog):
    for query in catalog.values():
        given = {p.name: str(p.example) for p in query.parameters if p.example is not None}
        assert same(answer(endpoint, query, given).rows) == same(answer(store, query, given).rows), \
            query.name


def test_injection_through_parameters_gives_no_extra_rows_and_no_error(store, endpoint, catalog):
    """A text parameter is only a value on the endpoint too; an enumerated one (basis, kind,
    status) refuses every value but its own before anything is sent."""
    for name, param in (("search-entities", "text"), ("cq04-experiment-vs-computation", "basis"),
                        ("cq16-challenges-prospects", "kind"), ("cq17-mappings", "status")):
        query = catalog[name]
        for value in INJECTIONS:
            if name != "search-entities":  # no basis, kind or status is spelled like that
                with pytest.raises(InputError, match="is not one of its values"):
                    answer(endpoint, query, {param: value})
                continue
            remote = answer(endpoint, query, {param: value}).rows
            assert all(value.lower() in str(row["matched"]).lower() for row in remote)
            assert comparable(remote) == comparable(answer(store, query, {param: value}).rows), value


def test_query_command_with_endpoint(published, build_dir):
    result = CliRunner(env={"MSCKG_BUILD_DIR": str(build_dir)}).invoke(
        main, ["query", "cq11-reachable-products", "--endpoint", published.query_url, "--format", "csv"])
    assert result.exit_code == 0, result.output
    products = [line.split(",")[0].rsplit("/", 1)[1] for line in result.output.splitlines()[1:]]
    assert products == ["CH4", "CH3OH", "H2", "HCHO"]


def test_a_dead_endpoint_gives_a_clear_error_within_the_timeout():
    dead = EndpointStore(f"http://127.0.0.1:{free_port()}/query", timeout=2)
    started = time.monotonic()
    with pytest.raises(StoreError, match="is not reachable: connection refused"):
        dead.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert time.monotonic() - started < 2


def test_a_silent_endpoint_times_out_with_a_clear_error(build_dir):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        started = time.monotonic()
        with pytest.raises(StoreError, match="did not answer within 1 s"):
            EndpointStore(url, timeout=1).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        assert time.monotonic() - started < 5
        result = CliRunner(env={"MSCKG_BUILD_DIR": str(build_dir)}).invoke(
            main, ["query", "cq10-half-reactions", "--endpoint", url, "--timeout", "1"])
    assert result.exit_code == 2
    assert result.output.startswith("msckg: error: endpoint http://127.0.0.1:") and "did not answer" in result.output


def test_an_endpoint_rejecting_the_query_is_an_input_error(endpoint):
    from msckg.errors import InputError

    with pytest.raises(InputError, match="the endpoint rejected the query"):
        endpoint.select("SELECT ?x WHERE { ?x ?p }")


@pytest.fixture(scope="module")
def served(build_dir):
    """'msckg serve' as a user starts it, on a free loopback port; stopped (SIGTERM) at the end."""
    port = free_port()
    env = dict(os.environ, MSCKG_BUILD_DIR=str(build_dir))
    process = subprocess.Popen([sys.executable, "-m", "msckg", "serve", "--port", str(port), "--timeout", "5"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/query"
    try:
        ready = process.stdout.readline()  # serve prints its URL once the server answers, or ends
        assert ready.startswith("SPARQL endpoint: "), ready + process.stdout.read()
        urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5).close()
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        process.stdout.close()
    with pytest.raises(OSError):  # the oxigraph server went with it
        urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1)


def test_serve_answers_sparql_through_sparqlwrapper(served, store, catalog):
    remote = EndpointStore(f"http://127.0.0.1:{served}/query", timeout=10)
    query = catalog["cq10-half-reactions"]
    assert comparable(answer(remote, query).rows) == comparable(answer(store, query).rows)
    plain = EndpointStore(f"http://127.0.0.1:{served}/query", timeout=10, graphs=None)  # its union default graph
    assert comparable(answer(plain, query).rows) == comparable(answer(store, query).rows)


def test_serve_refuses_updates(served):
    base = f"http://127.0.0.1:{served}"
    update = urllib.request.Request(base + "/update", method="POST",
                                    data=urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
                                    .encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(update, timeout=5)
    assert refused.value.code == 403
    put = urllib.request.Request(base + "/store?default", method="PUT", data=b"<urn:a> <urn:b> <urn:c> .",
                                 headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError) as refused_put:
        urllib.request.urlopen(put, timeout=5)
    assert refused_put.value.code == 403
    client = SPARQLWrapper(base + "/query", updateEndpoint=base + "/update")
    client.setMethod(POST)
    client.setQuery("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client.query()
    ask = EndpointStore(base + "/query", timeout=10)
    assert ask.ask("ASK { ?s ?p ?o }") is True  # nothing was deleted


def test_a_server_that_fails_to_start_is_not_left_running(build_dir):
    server = OxigraphServer(build_dir / "store", port=free_port())
    with pytest.raises(StoreError, match="did not answer within 0 s"):
        server.start(wait=0)
    assert server.process.poll() is not None


def test_serve_terminated_while_starting_takes_its_server_with_it(build_dir):
    """SIGTERM as soon as the port answers, before 'msckg serve' has noticed: no orphan server."""
    port = free_port()
    env = dict(os.environ, MSCKG_BUILD_DIR=str(build_dir))
    process = subprocess.Popen([sys.executable, "-m", "msckg", "serve", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.005)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=1)
