"""Stream the outputs of a native build, sorted, with stable blank nodes.

The files and their bytes follow build/write.py: every part and their union as
Turtle and N-Triples, sorted by N-Triples line; msckg.nq sorted by N-Quads line;
msckg.trig part by part; blank nodes labelled by content (canon.blank_node_labels,
the labels the rdflib writer gives). Sorting is done by the system's ``sort`` in
byte order (LC_ALL=C, which is the code-point order of Python's sort on UTF-8),
so no part is held in Python as a list; pyoxigraph parses and serializes.

A part is read from sources: N-Triples copies of the parsed input files (the
store keeps numeric literals by value, so asserted facts are not read back from
it) or named graphs of the store (what the build derived).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from sys import intern
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from msckg.build.headers import catalog_xml, part_header
from msckg.build.write import _HEADER, _PREFIXES, write_checksums
from msckg.query.store import to_oxigraph
from msckg.canon import _Cycle, blank_node_labels
from msckg.errors import MsckgError

# one source of a part: (its graph in the dataset, an N-Triples file or None to dump the store's graph)
Source = tuple[ox.NamedNode, Path | None]


def _sort(inputs: list[Path], output: Path, tmp: Path, merge: bool = False) -> None:
    """Sorted unique lines of inputs into output, in byte order."""
    env = dict(os.environ, LC_ALL="C")
    argv = ["sort", "-u", "-S", "200M", "-T", str(tmp), "-o", str(output)] + (["-m"] if merge else [])
    subprocess.run(argv + [str(p) for p in inputs], check=True, env=env)


def _triples(path: Path) -> Iterator[ox.Quad]:
    """The triples of an N-Triples file (as quads of the default graph, which the serializers take)."""
    return ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)


def _terms(line: str) -> tuple[str, str, str]:
    """Subject, predicate and object of an N-Triples line as pyoxigraph writes it (one space apart;
    an IRI or blank node label holds no space, so only the object may)."""
    s, p, o = line.split(" ", 2)
    return s, p, o[:-2]  # without " ."


def _relabel(raw: list[Path], out: list[Path]) -> None:
    """Copy each raw file to out with blank nodes renamed by content over the whole part.

    Works on the lines as text: each term's text is its N-Triples form, which is what
    canon.blank_node_labels hashes (str() of a pyoxigraph term), without a term object per triple.
    """
    def blank_triples() -> Iterator[tuple[str, str, str]]:
        # read once, as blank_node_labels reads them; a blank node's label and a predicate recur
        # on many lines: one string each (sys.intern) keeps the labelling's memory small
        for path in raw:
            with path.open(encoding="utf-8") as f:
                for line in f:
                    if "_:" in line:
                        s, p, o = _terms(line.rstrip("\n"))
                        if s.startswith("_:") or o.startswith("_:"):
                            yield intern(s), intern(p), intern(o) if o.startswith("_:") else o

    try:
        labels = blank_node_labels(blank_triples(), lambda t: t.startswith("_:"), lambda t: t)
    except _Cycle:
        raise MsckgError("a blank-node cycle in the data: the native build cannot label it stably",
                         hint="build with a DL reasoner (--reasoner hermit), which canonicalizes any graph") from None
    nodes = {node: "_:" + name for node, name in labels.items()}
    for src, dst in zip(raw, out):
        if not nodes:
            shutil.copyfile(src, dst)
            continue
        with src.open(encoding="utf-8") as f, dst.open("w", encoding="utf-8") as g:
            for line in f:
                if "_:" in line:
                    s, p, o = _terms(line.rstrip("\n"))
                    line = f"{nodes.get(s, s)} {p} {nodes.get(o, o)} .\n"
                g.write(line)


def _turtle(nt: Path, out: Path) -> None:
    with out.open("wb") as f:
        f.write(_HEADER)
        if nt.stat().st_size:
            f.flush()
            ox.serialize(_triples(nt), f, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)


def _trig(quads: list[Path], joined: Path, out: Path) -> None:
    """TriG of the parts, part by part: the N-Quads of each part's sorted sources, in order, joined
    into one file that pyoxigraph parses and serializes without a Python object per quad."""
    with joined.open("wb") as dst:
        for path in quads:
            with path.open("rb") as src:
                shutil.copyfileobj(src, dst, 1 << 20)
    with out.open("wb") as f:
        f.write(_HEADER)
        if joined.stat().st_size:
            f.flush()
            ox.serialize(ox.parse(path=str(joined), format=ox.RdfFormat.N_QUADS), f, format=ox.RdfFormat.TRIG,
                         prefixes=_PREFIXES)


def _with_graph(nt: Path, graph: ox.NamedNode, out: Path) -> None:
    """N-Triples lines as N-Quads lines of graph (sorted input stays sorted)."""
    suffix = f" <{graph.value}> .\n".encode()
    with nt.open("rb") as src, out.open("wb") as dst:
        dst.writelines(line[:-3] + suffix for line in src if line.strip())


def _ontology_version(store: ox.Store) -> str:
    from msckg.build.native.dataset import ONTOLOGY

    owl = "http://www.w3.org/2002/07/owl#"
    for q in store.quads_for_pattern(ox.NamedNode("https://w3id.org/msckg/ontology"),
                                     ox.NamedNode(owl + "versionInfo"), None, ONTOLOGY):
        return q.object.value
    return "0"


@dataclass
class PartFiles:
    """Each part's sources as N-Triples files in a scratch folder, each part's header last but the
    ontology's (the union leaves those out), and the ontology's version: all the writing needs, so
    that the working store can be let go once they are dumped. dump_parts gives them as the store
    held them, prepare_outputs relabelled and sorted."""

    tmp: Path
    sources: dict[str, list[tuple[Path, ox.NamedNode]]]
    version: str


def dump_parts(store: ox.Store, parts: dict[str, list[Source]]) -> PartFiles:
    """What the store holds of each part, and each part's header (the store's last use)."""
    tmp = Path(tempfile.mkdtemp(prefix="msckg-native-"))
    try:
        version = _ontology_version(store)
        sources: dict[str, list[tuple[Path, ox.NamedNode]]] = {}
        for name, part in parts.items():
            sources[name] = []
            for i, (graph, path) in enumerate(part):
                if path is None:
                    path = tmp / f"{name}-{i}.dump.nt"
                    store.dump(str(path), ox.RdfFormat.N_TRIPLES, from_graph=graph)
                sources[name].append((path, graph))
            # every part but the ontology carries its ontology header (as write.write_outputs does)
            if name != "ontology":
                header = tmp / f"{name}-header.nt"
                with header.open("wb") as out:
                    ox.serialize([ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in part_header(name, version)],
                                 out, format=ox.RdfFormat.N_TRIPLES)
                sources[name].append((header, part[0][0]))
        return PartFiles(tmp, sources, version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def prepare_outputs(dumped: PartFiles) -> PartFiles:
    """Relabel the blank nodes of each dumped part by content and sort each source, in byte order."""
    tmp = dumped.tmp
    sorted_sources: dict[str, list[tuple[Path, ox.NamedNode]]] = {}
    for name, sources in dumped.sources.items():
        out = [tmp / f"{name}-{i}.labelled.nt" for i in range(len(sources))]
        _relabel([path for path, _ in sources], out)
        sorted_sources[name] = []
        for i, ((_, graph), path) in enumerate(zip(sources, out)):
            done = tmp / f"{name}-{i}.nt"
            _sort([path], done, tmp)
            path.unlink()
            sorted_sources[name].append((done, graph))
    return PartFiles(tmp, sorted_sources, dumped.version)


def write_prepared(prepared: PartFiles, folder: Path, summary: Callable[[dict[str, int]], dict]) -> dict:
    """Write the files of the prepared parts into folder; summary(sizes of the parts) gives summary.json.
    The summary."""
    tmp, sorted_sources, version = prepared.tmp, prepared.sources, prepared.version
    # the union keeps the ontology's header only (as write.write_outputs does)
    union_inputs = [p for name, sources in sorted_sources.items()
                    for p, _ in (sources if name == "ontology" else sources[:-1])]
    quads = []
    for name, sources in sorted_sources.items():
        for i, (path, graph) in enumerate(sources):
            quads.append(tmp / f"{name}-{i}.nq")
            _with_graph(path, graph, quads[-1])
    _sort(quads, folder / "msckg.nq", tmp, merge=True)
    sizes = {}
    for name, sources in sorted_sources.items():
        nt = folder / f"{name}.nt"
        _sort([p for p, _ in sources], nt, tmp, merge=True)
        _turtle(nt, folder / f"{name}.ttl")
        with nt.open("rb") as f:
            sizes[name] = sum(1 for _ in f) - (len(part_header(name, version)) if name != "ontology" else 0)
    _sort(union_inputs, folder / "msckg.nt", tmp, merge=True)
    _turtle(folder / "msckg.nt", folder / "msckg.ttl")
    _trig(quads, tmp / "parts.nq", folder / "msckg.trig")
    (folder / "catalog-v001.xml").write_text(catalog_xml(list(sorted_sources), version), encoding="utf-8")
    result = summary(sizes)
    (folder / "summary.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    write_checksums(folder)
    return result
