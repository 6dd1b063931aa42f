"""Write an on-disk store in a process of its own: ``python -m msckg.query.load_store FOLDER``.

The native build loads its on-disk store while its main thread writes the output files. In a thread
of the same process the load's parsing (a Python object per quad, batch by batch, see
store.create_store_from) held the GIL against the writer: at 10^6 triples the write took 44 s
instead of 27 s. A process of its own has its own interpreter. The files come on stdin as JSON,
one ``[path, graph IRI or null]`` per file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from msckg.errors import MsckgError
from msckg.query.store import create_store_from


def create_store_apart(folder: Path, files: list[tuple[Path, ox.NamedNode | None]]) -> None:
    """create_store_from(folder, files) in a child process; its failure is an error naming the store."""
    spec = json.dumps([[str(path), None if graph is None else graph.value] for path, graph in files])
    done = subprocess.run([sys.executable, "-m", "msckg.query.load_store", str(folder)], input=spec,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise MsckgError(f"loading the on-disk store failed: {last}", where=str(folder),
                         hint="check the free disk space and memory, then build again")


def main(argv: list[str]) -> int:
    files = [(Path(path), None if graph is None else ox.NamedNode(graph)) for path, graph in json.load(sys.stdin)]
    create_store_from(Path(argv[0]), files)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
