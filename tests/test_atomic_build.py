"""A build that fails or is interrupted part-way leaves the previous build/ as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from msckg.build.write import publish


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_failure_while_writing_keeps_the_previous_build(tmp_path):
    target = tmp_path / "build"
    publish(target, lambda f: (f / "msckg.ttl").write_text("old\n"))
    before = _tree(target)

    def half_written(folder: Path) -> None:
        (folder / "msckg.ttl").write_text("new, incomplete\n")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        publish(target, half_written)
    assert _tree(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_a_finished_build_replaces_the_previous_one_whole(tmp_path):
    target = tmp_path / "build"
    publish(target, lambda f: (f / "a.ttl").write_text("1\n"))
    publish(target, lambda f: (f / "b.ttl").write_text("2\n"))
    assert _tree(target) == {"b.ttl": b"2\n"}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("delay", [0.5, 2.5])
def test_an_interrupted_build_keeps_the_previous_build(tmp_path, signum, delay):
    target = tmp_path / "build"
    target.mkdir()
    (target / "msckg.ttl").write_text("# previous build\n")
    before = _tree(target)
    env = dict(os.environ, MSCKG_BUILD_DIR=str(target))
    proc = subprocess.Popen([sys.executable, "-m", "msckg", "build"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(signum)
    proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the build finished before the signal arrived")
    assert _tree(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["build"], "a staging folder was left behind"
