"""An Oxigraph server to publish to, and publishing the built graph to any Graph Store.

``msckg serve`` no longer runs Oxigraph's server (it cannot turn federation off,
and its timeout does not stop a running query): it serves through
``msckg.web`` and the worker pool of ``msckg.query.workers``. ``OxigraphServer``
remains as a writable Graph Store target (tests, and trying ``msckg publish``):
it starts the ``oxigraph`` command-line server (installed with the ``oxigraph``
package next to the Python interpreter) and stops it again; it waits, within a
bounded time, until the server answers. ``publish`` sends each
named graph of ``build/msckg.nq`` to a store that speaks the SPARQL 1.1 Graph
Store HTTP Protocol, one request per graph.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from msckg.errors import InputError
from msckg.query.store import StoreError


def oxigraph_command() -> str:
    """The oxigraph CLI: the one installed beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError("the oxigraph server is not installed", hint="pip install oxigraph")
    return found


def stop_process(process: subprocess.Popen | None, grace: float) -> None:
    """Terminate a child server, and kill it if it has not gone after grace seconds."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=grace)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@dataclass
class OxigraphServer:
    """An Oxigraph SPARQL server on host:port over the store in `location`.

    read_only serves an existing store (``serve-read-only``) and refuses updates;
    otherwise the server is writable (``serve``) and creates the store if needed.
    The default graph of its queries is the union of all graphs.
    """

    location: Path
    host: str = "127.0.0.1"
    port: int = 0
    read_only: bool = True
    timeout_s: int | None = 30
    process: subprocess.Popen | None = field(default=None, init=False, repr=False)
    _log: IO[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    @property
    def store_url(self) -> str:
        return self.base + "/store"

    def command(self) -> list[str]:
        if self.port == 0:
            self.port = free_port(self.host)
        command = [oxigraph_command(), "serve-read-only" if self.read_only else "serve",
                   "--location", str(self.location), "--bind", f"{self.host}:{self.port}",
                   "--union-default-graph"]
        if self.timeout_s:
            command += ["--timeout-s", str(self.timeout_s)]
        return command

    def start(self, wait: float = 20.0) -> OxigraphServer:
        if self.read_only and not self.location.is_dir():
            raise InputError("no built store", where=str(self.location), hint="run 'msckg build' first")
        self._log = tempfile.TemporaryFile()  # not a pipe: a chatty server must never block on it
        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=self._log)
        try:
            self._wait_until_it_answers(wait)
        except BaseException:  # a signal or a timeout while starting must not leave an orphan server
            self.stop()
            raise
        return self

    def _wait_until_it_answers(self, wait: float) -> None:
        assert self.process is not None and self._log is not None
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                error = self._log.read().decode("utf-8", "replace").strip()
                raise StoreError(f"the oxigraph server stopped at start: {error.splitlines()[-1] if error else '?'}",
                                 where=str(self.location))
            if _answers(self.query_url):
                return
            time.sleep(0.05)
        raise StoreError(f"the oxigraph server did not answer within {wait:g} s", where=self.base)

    def wait(self) -> int:
        """Block until the server ends (Ctrl-C stops it); its exit code."""
        assert self.process is not None
        try:
            return self.process.wait()
        except KeyboardInterrupt:
            self.stop()
            return 0

    def stop(self, grace: float = 5.0) -> None:
        stop_process(self.process, grace)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(self, *exc) -> None:
        self.stop()


def _answers(query_url: str) -> bool:
    request = urllib.request.Request(query_url + "?query=" + urllib.parse.quote("ASK {}"),
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


# --- Graph Store Protocol --------------------------------------------------------

def graphs_of(nquads: Path) -> dict[str | None, list[ox.Triple]]:
    """The triples of each named graph of an N-Quads file (None: the default graph)."""
    if not nquads.is_file():
        raise InputError("no built graph", where=str(nquads), hint="run 'msckg build' first")
    graphs: dict[str | None, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs[name].append(quad.triple)
    return dict(graphs)


def publish(nquads: Path, store_url: str, *, method: str = "PUT", timeout: float = 120.0) -> dict[str, int]:
    """Send every graph of the N-Quads file to the Graph Store at store_url; triples per graph.

    PUT replaces each graph with the built one; POST adds to what the store holds.
    """
    if method not in ("PUT", "POST"):
        raise InputError(f"unknown Graph Store method {method!r}", hint="use PUT or POST")
    if not store_url.startswith(("http://", "https://")):
        raise InputError(f"graph store {store_url!r} is not an http(s) URL",
                         hint="for example --endpoint http://127.0.0.1:7878/store")
    sent = {}
    for graph, triples in sorted(graphs_of(nquads).items(), key=lambda item: item[0] or ""):
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        separator = "&" if "?" in store_url else "?"
        target = store_url + separator + ("default" if graph is None
                                          else "graph=" + urllib.parse.quote(graph, safe=""))
        request = urllib.request.Request(target, data=body, method=method,
                                         headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            raise StoreError(f"graph store {store_url} refused graph {graph or 'default'}: "
                             f"HTTP {exc.code} {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"graph store {store_url} is not reachable: {reason}",
                             hint="is the store running, and is this its Graph Store URL?") from None
        sent[graph or "default"] = len(triples)
    return sent
