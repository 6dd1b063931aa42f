"""Write a built graph under build/, deterministically and atomically.

Everything is written to a temporary sibling folder first; only when all
outputs exist is it swapped in place of build/. Where Linux offers it the swap
is one renameat2(RENAME_EXCHANGE), so build/ is never absent, even if the build
is killed with SIGKILL at any moment; elsewhere two renames, with SIGINT and
SIGTERM held back between them, and a build/ found missing beside a
``.build.old-*`` is restored at the next start. An interrupted or failed build
leaves build/ as it was; a full disk is one line, not a traceback.

One build at a time writes a folder: the build holds an flock on the folder that
holds build/ (no lock file is left behind); a second build is refused with a message. At the start of a build, stale ``.build.new-*``,
``.build.old-*`` and ``.build.work-*`` folders of killed builds are removed. The
build's temporary files (the reasoner's) live in ``.build.work-PID``, and the Java
child of the reasoner dies with the build (PR_SET_PDEATHSIG).
Serialization uses pyoxigraph (fast) on triples sorted by their N-Triples form,
with blank nodes labelled by content, so the bytes are the same every build.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from msckg.build.headers import catalog_xml, ontology_version, part_header
from msckg.atomic import exchange
from msckg.canon import stable_bnodes
from msckg.errors import InputError, MsckgError
from msckg.namespaces import GRAPH, PREFIXES
from msckg.query.store import to_oxigraph

NAMED_GRAPHS = {"ontology": GRAPH.ontology, "asserted": GRAPH.asserted, "inferred": GRAPH.inferred,
                "mappings": GRAPH.mappings, "findings": GRAPH.findings}
_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items()}
_HEADER = ("# msckg build output; generated, do not edit. Inferred triples are those annotated\n"
           "# with msc:derivedBy (graph https://w3id.org/msckg/graph/inferred).\n").encode()


def sorted_triples(graph: Graph) -> list[ox.Triple]:
    """The graph's triples as pyoxigraph terms, stable blank nodes, sorted by N-Triples form."""
    triples = {ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in stable_bnodes(graph)}
    return sorted(triples, key=str)


def _serialize(items: list, fmt: ox.RdfFormat, prefixes: bool) -> bytes:
    if not items:
        return b""
    return ox.serialize(items, format=fmt, prefixes=_PREFIXES if prefixes else None)


def write_outputs(parts: dict[str, Graph], summary: dict, folder: Path,
                  extra: Callable[[Path], None] | None = None) -> None:
    """Write each named part, their union, the named-graph dataset and the summary.

    Every part other than the ontology gets an ontology header that imports the ontology
    (so each file is OWL on its own); the union keeps the ontology's header only.
    """
    version = ontology_version(parts["ontology"]) if "ontology" in parts else "0"
    sorted_parts = {name: sorted_triples(g) for name, g in parts.items()}
    union = sorted(set().union(*sorted_parts.values()), key=str)
    for name in sorted_parts:
        if name != "ontology":
            header = {ox.Triple(*(to_oxigraph(term) for term in t)) for t in part_header(name, version)}
            sorted_parts[name] = sorted(header | set(sorted_parts[name]), key=str)
    for name, triples in list(sorted_parts.items()) + [("msckg", union)]:
        (folder / f"{name}.ttl").write_bytes(_HEADER + _serialize(triples, ox.RdfFormat.TURTLE, True))
        (folder / f"{name}.nt").write_bytes(_serialize(triples, ox.RdfFormat.N_TRIPLES, False))
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(str(NAMED_GRAPHS[name])))
             for name, triples in sorted_parts.items() for t in triples]
    (folder / "msckg.nq").write_bytes(_serialize(sorted(quads, key=str), ox.RdfFormat.N_QUADS, False))
    (folder / "msckg.trig").write_bytes(_HEADER + _serialize(quads, ox.RdfFormat.TRIG, True))
    (folder / "catalog-v001.xml").write_text(catalog_xml(list(sorted_parts), version), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n",
                                         encoding="utf-8")
    write_checksums(folder)
    if extra is not None:
        extra(folder)


def write_checksums(folder: Path) -> None:
    """SHA256SUMS of the deterministic outputs (the database folder store/ is not one)."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != "SHA256SUMS":
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}")
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


class BuildBusyError(MsckgError):
    """Another build is writing the same folder."""

    exit_code = 1


_HELD: set[Path] = set()  # folders this process holds locked (a build holds its lock while it publishes)


def _sibling(target: Path, kind: str) -> str:
    return f".{target.name}.{kind}-"


@contextmanager
def exclusive_build(target: Path) -> Iterator[Path]:
    """Hold the build lock of target for the whole build; clean what killed builds left.

    Yields the build's work folder; tempfile writes there meanwhile (the reasoner's files)."""
    target = target.resolve()
    lock_path = target.parent
    if lock_path in _HELD:  # already held by this process
        yield Path(tempfile.gettempdir())
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise InputError(f"cannot open the folder of the build ({exc.strerror})", where=str(lock_path),
                         hint="check that the folder exists and is readable") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildBusyError("another build is writing this folder", where=str(target),
                                 hint="wait for it to finish (or stop it), then build again") from None
        _HELD.add(lock_path)
        recover(target)
        work = Path(tempfile.mkdtemp(prefix=_sibling(target, "work"), dir=target.parent))
        previous_tempdir = tempfile.tempdir
        tempfile.tempdir = str(work)
        try:
            yield work
        finally:
            tempfile.tempdir = previous_tempdir
            shutil.rmtree(work, ignore_errors=True)
            _HELD.discard(lock_path)
    finally:
        os.close(handle)


def recover(target: Path) -> None:
    """Restore build/ if a killed two-rename swap left it absent; remove stale temporary folders."""
    stale = sorted(p for p in target.parent.iterdir()
                   if p.is_dir() and any(p.name.startswith(_sibling(target, k)) for k in ("new", "old", "work")))
    if not target.exists():
        olds = [p for p in stale if p.name.startswith(_sibling(target, "old"))]
        if olds:
            newest = max(olds, key=lambda p: p.stat().st_mtime)
            newest.rename(target)
            stale.remove(newest)
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)


def publish(build_dir: Path, fill: Callable[[Path], None]) -> None:
    """Fill a fresh temporary folder, then swap it in for build_dir (under the build lock)."""
    build_dir = build_dir.resolve()
    with exclusive_build(build_dir):
        _publish(build_dir, fill)


def _publish(build_dir: Path, fill: Callable[[Path], None]) -> None:
    try:
        staging = Path(tempfile.mkdtemp(prefix=_sibling(build_dir, "new"), dir=build_dir.parent))
        staging.chmod(0o755)
    except OSError as exc:
        raise InputError(f"cannot write the build ({exc.strerror})", where=str(build_dir.parent),
                         hint="check that the folder is writable and the disk has space") from None
    try:
        try:
            fill(staging)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EIO, errno.EFBIG):
                raise InputError(f"cannot write the build ({exc.strerror})", where=str(build_dir),
                                 hint="free disk space (or check permissions) and build again; "
                                      "the previous build is unchanged") from None
            raise
        _swap(staging, build_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    if target.exists() and exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the previous build
        return
    old = target.parent / f"{_sibling(target, 'old')}{os.getpid()}"
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        if target.exists():
            target.rename(old)
        staging.rename(target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
