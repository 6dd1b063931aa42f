"""Run queries on the built store in worker processes that are killed at the time limit.

Oxigraph cannot stop a running query from outside: its own timeout is checked
only between results, so a cross-join ``COUNT(*)`` runs on past it, and a query
that overflows the stack kills the process that runs it. Here each query runs in
a worker process (one store opened read-only per worker); the caller waits at
most ``timeout_s`` and then kills the worker and starts another. At most
``concurrency`` queries run at once; a request that finds no free worker within
``queue_wait_s`` is refused as busy.

A worker belongs to one *generation* of the store: the identity of the folder
``build/store`` (inode and modification time of the folder and of RocksDB's
``CURRENT`` file). ``msckg build`` swaps in a new folder and ``msckg import``
writes new files, so either changes the generation; a worker of an older
generation is retired before its next query, and the next query is answered by a
worker that opened the new store. A missing store is refused (no stale answers).

Every failure is a ``QueryFailed`` with the HTTP status a server should answer.
"""

from __future__ import annotations

import multiprocessing
import json
import queue
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.term import Node

from msckg.namespaces import PREFIXES
from msckg.query.limits import MAX_NESTING, MAX_QUERY_CHARS, QueryShape, check_query
from msckg.query.store import Row, StoreError, bind_values


class QueryFailed(StoreError):
    """A query that was not answered; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, *, status: int, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.status = status


@dataclass(frozen=True)
class Limits:
    """The bounds of every query: time, concurrency, result size, text size and nesting."""

    timeout_s: float = 30.0
    concurrency: int = 2
    queue_wait_s: float = 2.0
    max_result_bytes: int = 32 * 1024 * 1024
    max_chars: int = MAX_QUERY_CHARS
    max_depth: int = MAX_NESTING
    allow_service: tuple[str, ...] = ()
    memory_bytes: int | None = 4 * 1024 ** 3  # address space of one worker
    start_timeout_s: float = 60.0

    def check(self, text: str) -> QueryShape:
        return check_query(text, max_chars=self.max_chars, max_depth=self.max_depth,
                           allow_service=self.allow_service)


def store_generation(location: Path) -> tuple | None:
    """What identifies one store on disk; None when there is none."""
    try:
        folder = location.stat()
        current = (location / "CURRENT").stat()
    except OSError:
        return None
    return (folder.st_dev, folder.st_ino, folder.st_mtime_ns, current.st_ino, current.st_mtime_ns)


@dataclass(frozen=True)
class Job:
    """One request to a worker. kind: 'results' (serialized, for the endpoint) or 'select' (rows)."""

    kind: str
    query: str
    media_type: str = "application/sparql-results+json"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 0


# --- the worker process ---------------------------------------------------------------

class _Overflow(Exception):
    pass


class _BoundedBuffer:
    """A file-like sink that refuses to grow past a limit (the result size bound)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.limit and self.size > self.limit:
            raise _Overflow()
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _worker_main(location: str, connection, memory_bytes: int | None) -> None:  # runs in the child
    import resource

    import pyoxigraph as ox

    from msckg.query.store import EmbeddedStore

    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        store = ox.Store.read_only(location)
    except OSError as exc:
        connection.send(("error", 503, f"cannot open the store: {exc}"))
        return
    embedded = EmbeddedStore(store)
    connection.send(("ready",))
    while True:
        try:
            job: Job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(_run(store, embedded, job, ox))
        except MemoryError:
            connection.send(("error", 507, "the query needed more memory than a worker may use"))


_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _bounded(triples, max_bytes: int):
    """The triples, stopping with _Overflow once their N-Triples text alone passes the bound."""
    size = 0
    for triple in triples:
        size += len(str(triple))
        if max_bytes and size > max_bytes:
            raise _Overflow()
        yield triple


def _run(store, embedded, job: Job, ox) -> tuple:
    if job.kind == "select":
        try:
            return ("rows", embedded.select(job.query))
        except Exception as exc:  # an InputError for a syntax error, a StoreError ...
            return ("error", 400, str(exc))
    graphs = {}
    if job.default_graphs:
        graphs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        graphs["use_default_graph_as_union"] = True
    if job.named_graphs:
        graphs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, **graphs)
    except SyntaxError as exc:
        return ("error", 400, f"SPARQL syntax error: {exc}")
    except (OSError, ValueError, RuntimeError) as exc:
        return ("error", 400, f"the query could not run: {exc}")
    sink = _BoundedBuffer(job.max_bytes)
    try:
        if isinstance(result, ox.QueryBoolean):
            kind = "boolean"
            fmt = ox.QueryResultsFormat.from_media_type(job.media_type) or ox.QueryResultsFormat.JSON
            result.serialize(sink, fmt)
        elif isinstance(result, ox.QuerySolutions):
            kind = "solutions"
            fmt = ox.QueryResultsFormat.from_media_type(job.media_type) or ox.QueryResultsFormat.JSON
            result.serialize(sink, fmt)
        else:
            kind = "triples"
            fmt = ox.RdfFormat.from_media_type(job.media_type) or ox.RdfFormat.N_TRIPLES
            if fmt == ox.RdfFormat.TURTLE:  # with the project's prefixes, for people reading it
                ox.serialize(_bounded(result, job.max_bytes), sink, fmt, prefixes=_PREFIXES)
            else:
                result.serialize(sink, fmt)
    except _Overflow:
        return ("error", 507, f"the answer is larger than {job.max_bytes:,} bytes")
    except (OSError, ValueError, RuntimeError) as exc:
        return ("error", 500, f"the query failed while running: {exc}")
    return ("bytes", kind, fmt.media_type, b"".join(sink.parts))


# --- the pool, in the serving process ---------------------------------------------------

@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: object
    generation: tuple | None
    ready: bool = False

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)
        try:
            self.connection.close()
        except OSError:
            pass


@dataclass
class QueryService:
    """Queries on the store at ``location``, each in a worker within ``limits``."""

    location: Path
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        self.location = Path(self.location)
        self._context = multiprocessing.get_context("forkserver")
        # the fork server imports the store stack once; each worker is then a cheap fork of it
        self._context.set_forkserver_preload(["msckg.query.store"])
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(self.limits.concurrency):
            self._idle.put(None)  # a slot: a worker is started when first needed
        self._closed = False

    # the Store interface, for pages and stored queries
    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        text = bind_values(query, bindings)
        self.limits.check(text)
        reply = self._submit(Job(kind="select", query=text))
        return reply[1]

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        reply = self.run(bind_values(query, bindings), "application/sparql-results+json")
        return bool(json.loads(reply.body)["boolean"])

    def run(self, query: str, media_type: str, *, default_graphs: Iterable[str] = (),
            named_graphs: Iterable[str] = ()) -> Reply:
        """The serialized answer of a query (results or triples) in the media type asked for."""
        self.limits.check(query)
        reply = self._submit(Job(kind="results", query=query, media_type=media_type,
                                 default_graphs=tuple(default_graphs), named_graphs=tuple(named_graphs),
                                 max_bytes=self.limits.max_result_bytes))
        _, kind, media, body = reply
        return Reply(kind=kind, media_type=media, body=body)

    def warm_up(self) -> None:
        """Start every worker now and wait until each has opened the store (not on the first query)."""
        slots = [self._idle.get() for _ in range(self.limits.concurrency)]
        try:
            for index, slot in enumerate(slots):
                slots[index] = None  # if it fails, _fresh has killed what it had
                slots[index] = self._fresh(slot)
        finally:
            for slot in slots:
                self._idle.put(slot)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.kill()

    def __enter__(self) -> QueryService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # the pool
    def _submit(self, job: Job) -> tuple:
        if self._closed:
            raise QueryFailed("the query service is closed", status=503)
        try:
            worker = self._idle.get(timeout=self.limits.queue_wait_s)
        except queue.Empty:
            raise QueryFailed(f"all {self.limits.concurrency} query workers are busy", status=503,
                              hint="try again in a moment") from None
        slot, worker = worker, None
        try:
            worker = self._fresh(slot)  # on failure it has killed what it started or was given
            worker.connection.send(job)
            if not worker.connection.poll(self.limits.timeout_s):
                worker.kill()
                worker = None
                raise QueryFailed(f"the query ran longer than {self.limits.timeout_s:g} s and was stopped",
                                  status=504, hint="narrow the query or add a LIMIT")
            try:
                reply = worker.connection.recv()
            except (EOFError, OSError):
                worker.kill()
                worker = None
                raise QueryFailed("the query engine died while running the query", status=500,
                                  hint="the query may be too deep or too large for the engine") from None
        finally:
            self._idle.put(worker if worker is not None and worker.alive() else None)
        if reply[0] == "error":
            raise QueryFailed(reply[2], status=reply[1])
        return reply

    def _fresh(self, worker: _Worker | None) -> _Worker:
        """A started, ready worker on the current store (retiring one of an older store)."""
        generation = store_generation(self.location)
        if generation is None:
            if worker is not None:
                worker.kill()
            raise QueryFailed("no built store", status=503, hint="run 'msckg build' first")
        if worker is not None and (worker.generation != generation or not worker.alive()):
            worker.kill()
            worker = None
        if worker is None:
            worker = self._start(generation)
        if not worker.ready:
            if not worker.connection.poll(self.limits.start_timeout_s):
                worker.kill()
                raise QueryFailed("a query worker did not start", status=503)
            try:
                message = worker.connection.recv()
            except (EOFError, OSError):
                worker.kill()
                raise QueryFailed("a query worker died while starting", status=503) from None
            if message[0] != "ready":
                worker.kill()
                raise QueryFailed(message[2], status=message[1], hint="run 'msckg build' first")
            worker.ready = True
        return worker

    def _start(self, generation: tuple) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, daemon=True,
                                        args=(str(self.location), child, self.limits.memory_bytes))
        process.start()
        child.close()
        return _Worker(process=process, connection=parent, generation=generation)


@dataclass(frozen=True)
class Reply:
    kind: str  # solutions, boolean or triples
    media_type: str
    body: bytes
