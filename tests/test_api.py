"""The Python API for notebooks: its docstring examples run here against the session's build."""

from __future__ import annotations

import doctest
import subprocess
import sys

import pytest

import msckg
import msckg.api
from msckg.errors import MsckgError


@pytest.fixture()
def built_project(build_dir, monkeypatch):
    monkeypatch.setenv("MSCKG_BUILD_DIR", str(build_dir))
    return build_dir


def test_the_docstring_examples_run(built_project):
    result = doctest.testmod(msckg.api, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8
    assert result.failed == 0


def test_rows_become_a_dataframe(built_project):
    pandas = pytest.importorskip("pandas")
    frame = msckg.open_graph().query("cq10-half-reactions").to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) == 8 and "E0" in frame.columns


def test_an_unknown_name_is_a_clear_error(built_project):
    with pytest.raises(MsckgError) as caught:
        msckg.open_graph().query("no-such-query")
    assert "no-such-query" in str(caught.value)


def test_import_msckg_loads_no_graph_library():
    probe = "import sys, msckg; print([m for m in ('rdflib', 'networkx', 'owlready2') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_build_graph_writes_a_build(tmp_path):
    summary = msckg.build_graph(reasoner="rl", out=tmp_path / "build")
    assert summary["triples"]["asserted"] > 10000
    assert (tmp_path / "build" / "store").is_dir()
