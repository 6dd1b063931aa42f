"""Write a built graph under build/, deterministically and atomically.

Everything is written to a temporary sibling folder first; only when all
outputs exist is it swapped in place of build/, with SIGINT and SIGTERM held
back during the swap. An interrupted or failed build leaves build/ as it was.
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

from rdflib import Graph

from msckg.canon import stable_bnodes
from msckg.namespaces import GRAPH, bind_prefixes

NAMED_GRAPHS = {"ontology": GRAPH.ontology, "asserted": GRAPH.asserted, "inferred": GRAPH.inferred,
                "mappings": GRAPH.mappings}


def canonical(graph: Graph) -> Graph:
    """Same triples, blank nodes relabelled by content, so output is byte-stable."""
    result = bind_prefixes(Graph())
    for triple in stable_bnodes(graph):
        result.add(triple)
    return result


def sorted_ntriples(graph: Graph) -> str:
    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
    return "\n".join(line for line in lines if line.strip()) + "\n"


def write_turtle(graph: Graph, path: Path, header: str = "") -> None:
    text = graph.serialize(format="turtle", encoding="utf-8").decode("utf-8")
    path.write_text(header + text, encoding="utf-8")


def write_outputs(parts: dict[str, Graph], summary: dict, folder: Path,
                  extra: Callable[[Path], None] | None = None) -> None:
    """Write each named part, their union, the named-graph dataset and the summary."""
    canon = {name: canonical(g) for name, g in parts.items()}
    union = bind_prefixes(Graph())
    for g in canon.values():
        for triple in g:
            union.add(triple)
    header = "# msckg build output; generated, do not edit. Inferred triples are those\n" \
             "# annotated with prov:wasGeneratedBy (see inferred.ttl).\n"
    for name, g in canon.items():
        write_turtle(g, folder / f"{name}.ttl", header)
        (folder / f"{name}.nt").write_text(sorted_ntriples(g), encoding="utf-8")
    write_turtle(union, folder / "msckg.ttl", header)
    (folder / "msckg.nt").write_text(sorted_ntriples(union), encoding="utf-8")
    nquads = []
    for name, g in canon.items():
        graph_iri = f"<{NAMED_GRAPHS[name]}>"
        for line in sorted_ntriples(g).splitlines():
            nquads.append(line[:-1].rstrip() + f" {graph_iri} .")
    (folder / "msckg.nq").write_text("\n".join(sorted(nquads)) + "\n", encoding="utf-8")
    (folder / "msckg.trig").write_text(_trig(canon), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n",
                                         encoding="utf-8")
    write_checksums(folder)
    if extra is not None:
        extra(folder)


def _trig(canon: dict[str, Graph]) -> str:
    """TriG with the named graphs in a fixed order (rdflib's Dataset order varies)."""
    prefixes: dict[str, str] = {}
    bodies = []
    for name, g in canon.items():
        text = g.serialize(format="turtle", encoding="utf-8").decode("utf-8")
        body = []
        for line in text.splitlines():
            if line.startswith("@prefix"):
                prefixes[line] = line
            elif line.strip():
                body.append("    " + line)
            else:
                body.append("")
        bodies.append(f"<{NAMED_GRAPHS[name]}> {{\n" + "\n".join(body).rstrip() + "\n}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(bodies)


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
