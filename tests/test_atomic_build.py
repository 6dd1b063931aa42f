"""A build that fails or is interrupted part-way leaves the previous build/ as it was."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from msckg.build.write import exclusive_build, publish, recover
from msckg.errors import InputError


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


def _children(pid: int) -> list[int]:
    """Every descendant of pid (read from /proc), e.g. the reasoner's Java process."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        todo += kids
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and uses renameat2 (Linux)")
@pytest.mark.parametrize("moment", ["loading", "reasoning", "writing"])
def test_a_build_killed_with_sigkill_keeps_a_usable_build(tmp_path, build_dir, moment):
    """kill -9 at any moment: build/ is there, whole (the previous build or the new one), it
    answers describe, the reasoner's Java dies with the build, and the next build start removes
    what the killed one left."""
    from tests.helpers import run_cli

    target = tmp_path / "build"
    shutil.copytree(build_dir, target)
    before = _tree(target)
    env = dict(os.environ, MSCKG_BUILD_DIR=str(target))
    proc = subprocess.Popen([sys.executable, "-m", "msckg", "build"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    java: list[int] = []
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        kids = _children(proc.pid)
        staged = [p for p in tmp_path.iterdir() if p.name.startswith(".build.new-")]
        if moment == "loading" and time.monotonic() > deadline - 238:
            break
        if moment == "reasoning" and kids:
            java = kids
            break
        if moment == "writing" and staged and any(f.is_file() for s in staged for f in s.iterdir()):
            break
        time.sleep(0.05)
    proc.kill()
    proc.communicate(timeout=60)
    if moment == "reasoning" and not java:
        pytest.skip("the reasoner had no child process to catch")
    time.sleep(1.0)
    assert not [pid for pid in java if _alive(pid)], "the reasoner's Java process outlived the build"
    assert target.is_dir(), "build/ is absent after kill -9"
    after = _tree(target)
    if after != before:  # the new build was swapped in whole: its checksums hold
        sums = (target / "SHA256SUMS").read_text().split("\n")
        for line in filter(None, sums):
            digest, name = line.split("  ")
            assert hashlib.sha256((target / name).read_bytes()).hexdigest() == digest, name
    described = run_cli("describe", "(CdSe)13", build_dir=target)
    assert described.returncode == 0 and "(CdSe)13" in described.stdout, described.stderr
    with exclusive_build(target):  # what the next build does first
        pass
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_a_second_build_at_once_is_refused_with_a_message(tmp_path):
    from tests.helpers import run_cli

    target = tmp_path / "build"
    publish(target, lambda f: (f / "msckg.ttl").write_text("old\n"))
    with exclusive_build(target):
        result = run_cli("build", build_dir=target)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"msckg: error: {target}: another build is writing this folder "
        "(wait for it to finish (or stop it), then build again)"]
    assert _tree(target) == {"msckg.ttl": b"old\n"}


def test_a_build_folder_left_absent_by_a_killed_swap_is_restored(tmp_path):
    """Where the file system cannot exchange two folders the swap is two renames; a kill
    between them leaves build/ absent beside .build.old-PID: the next build puts it back."""
    old = tmp_path / ".build.old-4242"
    old.mkdir()
    (old / "msckg.ttl").write_text("previous\n")
    (tmp_path / ".build.new-abc").mkdir()
    recover(tmp_path / "build")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]
    assert (tmp_path / "build" / "msckg.ttl").read_text() == "previous\n"


def test_a_full_disk_while_writing_is_one_line_and_keeps_the_previous_build(tmp_path):
    target = tmp_path / "build"
    publish(target, lambda f: (f / "msckg.ttl").write_text("old\n"))

    def disk_full(folder: Path) -> None:
        (folder / "msckg.ttl").write_text("new, incomplete\n")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(InputError, match=r"cannot write the build \(No space left on device\)"):
        publish(target, disk_full)
    assert _tree(target) == {"msckg.ttl": b"old\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["build"]
