"""msckg as a user installs it: a wheel (not editable) in a fresh virtual environment, run from a
folder that is no checkout, answers from the review it ships; 'msckg init' makes a project of
one's own that commands find from inside it; --project and MSCKG_ROOT name one explicitly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.helpers import run_cli

CHECKOUT = Path(__file__).resolve().parents[1]


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MSCKG_ROOT", "MSCKG_BUILD_DIR", "PYTHONPATH")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv with the wheel built from a copy of the checkout (so setuptools' build/lib never
    lands in the checkout's build/, the graph's output folder)."""
    if shutil.which("git") is None or not (CHECKOUT / ".git").exists():
        pytest.skip("needs a git checkout to know which files the wheel is built from")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=CHECKOUT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        origin, copy = CHECKOUT / name, source / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():
            copy.symlink_to(os.readlink(origin))
        elif origin.is_file():
            shutil.copy2(origin, copy)
    checkout_build = sorted(p.name for p in (CHECKOUT / "build").iterdir()) if (CHECKOUT / "build").is_dir() else []
    wheel = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"),
                            str(source)], capture_output=True, text=True, timeout=600)
    if wheel.returncode != 0:
        pytest.skip(f"the wheel could not be built here (no setuptools>=77 from the index?): "
                    f"{wheel.stderr.strip().splitlines()[-1:]}")
    assert (sorted(p.name for p in (CHECKOUT / "build").iterdir()) if (CHECKOUT / "build").is_dir()
            else []) == checkout_build, "building the wheel touched the checkout's build/"
    (built,) = (tmp / "dist").glob("msckg-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    # the dependencies come from the test environment (read as a plain path: its editable msckg
    # hook is not run), msckg itself only from the wheel
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                    "--no-deps", str(built)], check=True, capture_output=True, timeout=600)
    return venv


def test_the_installed_wheel_builds_and_describes_the_review_it_ships(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    msckg = str(installed / "bin" / "msckg")
    where = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "import msckg.paths as p; l = p.project_layout(); print(l.root); print(l.build)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    root, build = where.stdout.splitlines()
    assert "site-packages" in root and not root.startswith(str(CHECKOUT))
    assert build == str(tmp_path / "cache" / "msckg" / "build")
    built = subprocess.run([msckg, "build"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr
    described = subprocess.run([msckg, "describe", "(CdSe)13"], cwd=elsewhere, env=env, capture_output=True,
                               text=True, timeout=300)
    assert described.returncode == 0, described.stderr
    assert described.stdout.startswith("(CdSe)13  <https://w3id.org/msckg/resource/CdSe13>")
    assert list(elsewhere.iterdir()) == [], "the installed msckg wrote into the working folder"


def test_init_makes_a_project_that_commands_find_from_inside_it(tmp_path):
    project = tmp_path / "mine"
    made = run_cli("init", str(project))
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in project.iterdir()) == ["data", "msckg.toml", "ontology", "queries"]
    assert (project / "data" / "sources" / "sample" / "layout.toml").is_file()
    inside = project / "data"
    checked = subprocess.run([sys.executable, "-m", "msckg", "check"], cwd=inside, env=_clean_env(),
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stderr
    assert "0 data triples" in checked.stdout  # its own empty data, not the review's
    listed = subprocess.run([sys.executable, "-m", "msckg", "--project", str(project), "coverage"],
                            cwd=tmp_path, env=_clean_env(), capture_output=True, text=True, timeout=300)
    assert listed.returncode == 0, listed.stderr
    assert "source sample" in listed.stdout and "li2023" not in listed.stdout
    again = run_cli("init", str(project))
    assert again.returncode == 2 and "already an msckg project" in again.stderr


def test_msckg_root_still_names_the_project(tmp_path):
    project = tmp_path / "mine"
    assert run_cli("init", str(project)).returncode == 0
    result = subprocess.run([sys.executable, "-m", "msckg", "coverage"], cwd=tmp_path,
                            env=_clean_env(MSCKG_ROOT=str(project)), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "source sample" in result.stdout, result.stderr
