"""Write a command's output file whole, or say in one line why not.

A regular file is written to a temporary sibling and renamed over the target, so a
failed write never leaves half a file. A special file that exists (a device such as
/dev/stdout, a named pipe) is written through, never replaced by a regular file. The
folder must exist: a mistyped path is an error, not a new tree of folders.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from msckg.errors import InputError


def check_writable(out: Path) -> None:
    """Refuse, before any work is done, an output path that cannot be written."""
    if str(out).strip() in ("", "."):
        raise InputError("--out is empty", hint="give a file name, e.g. --out msckg.ttl")
    try:
        mode = out.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", where=str(out), hint="check the path") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError("is a folder", where=str(out), hint="give a file name inside it")
    if mode is None and not out.parent.is_dir():
        raise InputError(f"folder {str(out.parent)!r} does not exist", where=str(out),
                         hint="create the folder first, or check the path")


def write_output(out: Path, data: bytes) -> None:
    """Write data to out (see the module's docstring); InputError in one line on failure."""
    check_writable(out)
    try:
        if out.exists() and not out.is_file():  # a device or pipe: write through it
            with open(out, "wb") as handle:
                handle.write(data)
            return
        temporary = out.with_name(f".{out.name}.partial-{os.getpid()}")
        try:
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(out)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", where=str(out),
                         hint="free disk space or choose another path") from None
