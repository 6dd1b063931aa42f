"""Where things are: every path derives from the project folder, found the way git finds its
repository.

The project folder is, in this order:

1. ``--project DIR`` (the CLI sets ``MSCKG_ROOT`` from it) or the ``MSCKG_ROOT`` variable;
2. the nearest folder at or above the working directory that holds ``msckg.toml``
   (``msckg init DIR`` writes one; the checkout has one);
3. the checkout this package runs from (an editable install);
4. the review shipped inside the installed package (ontology, data, queries as package data).

The build output is ``build/`` of the project, or ``MSCKG_BUILD_DIR``, or ``--out``; for the
packaged review, whose folder is read-only in site-packages, it is under the user's cache folder
(``$XDG_CACHE_HOME/msckg/build``, by default ``~/.cache/msckg/build``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MARKER = "msckg.toml"
_CHECKOUT = Path(__file__).resolve().parents[2]
_PACKAGED = Path(__file__).resolve().parent / "project"


@dataclass(frozen=True)
class Layout:
    root: Path
    packaged: bool = False  # the review shipped in the package: build output goes to the cache

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sources(self) -> Path:
        return self.root / "data" / "sources"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def build(self) -> Path:
        if "MSCKG_BUILD_DIR" in os.environ:
            return Path(os.environ["MSCKG_BUILD_DIR"])
        return user_cache() / "build" if self.packaged else self.root / "build"


def user_cache() -> Path:
    """The user's cache folder for msckg (XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "msckg"


def _is_project(folder: Path) -> bool:
    return (folder / "ontology").is_dir() and (folder / "queries").is_dir()


def find_project(start: Path | None = None) -> Path | None:
    """The nearest folder at or above start (default: the working directory) with msckg.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    return None


def project_layout(root: Path | None = None) -> Layout:
    """The project's layout (see the module's docstring for how the folder is found)."""
    if root is None and os.environ.get("MSCKG_ROOT"):
        root = Path(os.environ["MSCKG_ROOT"])
    if root is None:
        root = find_project()
    if root is None and _is_project(_CHECKOUT) and (_CHECKOUT / "pyproject.toml").is_file():
        root = _CHECKOUT
    if root is None and _is_project(_PACKAGED):
        return Layout(_PACKAGED, packaged=True)
    if root is None:
        root = _CHECKOUT
    return Layout(Path(root).resolve())
