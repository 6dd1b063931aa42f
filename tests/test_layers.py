"""The package's layers are a contract: the flow runs commands > build > links, pathways >
query > foundations, and nothing below the shells (CLI commands, Python API) imports them.
The contract is in pyproject.toml ([tool.importlinter]); lint-imports checks it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(src: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(src))
    return subprocess.run([str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def linter() -> Path:
    if not LINT.exists():
        pytest.skip(f"lint-imports not installed beside {sys.executable} (pip install import-linter)")
    return LINT


def test_the_package_keeps_its_layers(linter):
    result = lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, back_import", [
    ("query/store.py", "import msckg.build.pipeline"),       # the query side reaching into the build
    ("build/load.py", "import msckg.commands.main"),         # the core importing the CLI
    ("errors.py", "import msckg.query.store"),               # a foundation importing a stage
    ("pathways/graph.py", "import msckg.links.mappings"),    # two siblings leaning on each other
])
def test_a_back_import_breaks_the_contract(linter, tmp_path, module, back_import):
    shutil.copytree(ROOT / "src" / "msckg", tmp_path / "msckg",
                    ignore=shutil.ignore_patterns("__pycache__"))
    planted = tmp_path / "msckg" / module
    planted.write_text(planted.read_text(encoding="utf-8") + f"\n{back_import}  # planted\n",
                       encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "planted" not in result.stderr
    assert module.replace("/", ".").removesuffix(".py") in result.stdout
