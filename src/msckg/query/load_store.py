"""Write an on-disk store in a process of its own: ``python -m msckg.query.load_store FOLDER``.

The native build loads its on-disk store while its main thread writes the output files. In a thread
of the same process the load's parsing (a Python object per quad, batch by batch, see
create_store_from) held the GIL against the writer: at 10^6 triples the write took 44 s
instead of 27 s. A process of its own has its own interpreter. The files come on stdin as JSON,
one ``[path, graph IRI or null]`` per file. This module imports pyoxigraph only (no rdflib), so that
the child starts in about 0.1 s: the review's build is not slower for it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from msckg.errors import MsckgError


LOAD_BATCH = 200_000  # quads per bulk_extend: one bulk_load of a 10^6 file held 1.2 GB, batches 0.35 GB


def create_store_from(folder: Path, files: list[tuple[Path, ox.NamedNode | None]]) -> None:
    """Write an on-disk store from files: an N-Quads file (graph None) as it is, an N-Triples file
    into the named graph given with it. Each file's blank nodes are its own.

    A file is parsed as one stream (one parser renames its blank nodes, consistently within the file)
    and stored in batches: Store.bulk_load buffers a whole file in memory, which was most of the native
    build's peak at 10^6 triples, and it cannot be fed in pieces, since each call would give the same
    blank node a new name."""
    store = ox.Store(str(folder))
    for path, graph in files:
        syntax = ox.RdfFormat.N_QUADS if graph is None else ox.RdfFormat.N_TRIPLES
        try:
            parsed = ox.parse(path=str(path), format=syntax, rename_blank_nodes=True)
            quads = parsed if graph is None else (ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed)
            while batch := list(islice(quads, LOAD_BATCH)):
                store.bulk_extend(batch)
        except (OSError, SyntaxError) as exc:  # the parser's message has no file name
            raise MsckgError(f"cannot load into the store: {exc}", where=str(path),
                             hint="build again; if it repeats, check the free disk space") from None
    store.flush()
    store.optimize()
    del store


def create_store_apart(folder: Path, files: list[tuple[Path, ox.NamedNode | None]]) -> None:
    """create_store_from(folder, files) in a child process; its failure is an error naming the store."""
    spec = json.dumps([[str(path), None if graph is None else graph.value] for path, graph in files])
    done = subprocess.run([sys.executable, "-m", "msckg.query.load_store", str(folder)], input=spec,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        # MsckgError.exit_code: the child's own one-line error, with its hint; anything else is a
        # crash (a signal such as the out-of-memory killer's, or a traceback, which exits with 1)
        own = done.returncode == MsckgError.exit_code
        raise MsckgError(f"loading the on-disk store failed: {last}", where=str(folder),
                         hint=None if own else "check the free disk space and memory, then build again")


USAGE = "usage: python -m msckg.query.load_store FOLDER < FILES.json  (JSON: [[path, graph IRI or null], ...])"


def main(argv: list[str]) -> int:
    try:
        if len(argv) != 1:
            raise MsckgError("give the store folder, and the files as JSON on standard input", hint=USAGE)
        try:
            files = [(Path(path), None if graph is None else ox.NamedNode(graph))
                     for path, graph in json.load(sys.stdin)]
        except (ValueError, TypeError) as exc:  # bad JSON, a wrong shape, or an invalid IRI
            raise MsckgError(f"the file list on standard input is not usable: {exc}", hint=USAGE) from None
        create_store_from(Path(argv[0]), files)
    except MsckgError as exc:  # one line for the parent's error (a traceback's last line says less)
        print(exc, file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
