"""Small helpers the tests share: run the CLI in a subprocess against a chosen root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, root: Path | None = None, build_dir: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if root is not None:
        env["MSCKG_ROOT"] = str(root)
    if build_dir is not None:
        env["MSCKG_BUILD_DIR"] = str(build_dir)
    return subprocess.run([sys.executable, "-m", "msckg", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)
