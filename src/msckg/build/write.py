"""Write a built graph under build/, deterministically and atomically.

Everything is written to a temporary sibling folder first; only when all
outputs exist is it swapped in place of build/, with SIGINT and SIGTERM held
back during the swap. An interrupted or failed build leaves build/ as it was.
Serialization uses pyoxigraph (fast) on triples sorted by their N-Triples form,
with blank nodes labelled by content, so the bytes are the same every build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from msckg.build.headers import catalog_xml, ontology_version, part_header
from msckg.canon import stable_bnodes
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


def publish(build_dir: Path, fill: Callable[[Path], None]) -> None:
    """Fill a fresh temporary folder, then swap it in for build_dir."""
    build_dir = build_dir.resolve()
    build_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{build_dir.name}.new-", dir=build_dir.parent))
    staging.chmod(0o755)
    try:
        fill(staging)
        _swap(staging, build_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.old-{os.getpid()}"
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
