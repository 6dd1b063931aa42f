"""Loading the on-disk store in batches, and in a child process (query/load_store.py)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from msckg.errors import MsckgError
from msckg.query import load_store
from msckg.query.load_store import create_store_apart, create_store_from

GRAPH = ox.NamedNode("https://example.org/graph/g")


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _two_files(tmp_path: Path) -> list[tuple[Path, ox.NamedNode | None]]:
    # the same label _:a in both files: two blank nodes, one per file; within a file one node
    triples = _write(tmp_path / "part.nt", ['_:a <https://example.org/p> "1" .',
                                            '_:a <https://example.org/q> "2" .'])
    quads = _write(tmp_path / "more.nq", ['_:a <https://example.org/p> "3" <https://example.org/graph/h> .'])
    return [(triples, GRAPH), (quads, None)]


def _subjects(store: ox.Store) -> dict[str, set]:
    found: dict[str, set] = {}
    for quad in store:
        found.setdefault(quad.object.value, set()).add((quad.subject, quad.graph_name))
    return found


def test_batches_keep_each_files_blank_nodes_its_own_across_batch_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(load_store, "LOAD_BATCH", 1)  # every quad a batch of its own
    create_store_from(tmp_path / "store", _two_files(tmp_path))
    found = _subjects(ox.Store.read_only(str(tmp_path / "store")))
    (first, graph_1), = found["1"]
    (second, graph_2), = found["2"]
    (third, graph_3), = found["3"]
    assert first == second, "one label in one file is one blank node, whatever the batch"
    assert first != third, "the same label in another file is another blank node"
    assert graph_1 == graph_2 == GRAPH and graph_3 == ox.NamedNode("https://example.org/graph/h")


def test_the_child_process_writes_the_same_store(tmp_path):
    create_store_apart(tmp_path / "store", _two_files(tmp_path))
    store = ox.Store.read_only(str(tmp_path / "store"))
    assert len(store) == 3
    assert {q.object.value for q in store} == {"1", "2", "3"}


def test_a_failed_load_in_the_child_is_an_error_naming_the_store(tmp_path):
    missing = tmp_path / "gone.nt"
    with pytest.raises(MsckgError) as error:
        create_store_apart(tmp_path / "store", [(missing, GRAPH)])
    assert str(tmp_path / "store") in str(error.value)
    assert "loading the on-disk store failed" in str(error.value)
    assert "gone.nt" in str(error.value)  # the child's own message names the file
