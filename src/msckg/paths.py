"""Where things are: every path derives from the project root, not the cwd."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Layout:
    root: Path

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
        return Path(os.environ.get("MSCKG_BUILD_DIR", self.root / "build"))


def project_layout(root: Path | None = None) -> Layout:
    """The project's layout; MSCKG_ROOT overrides the checkout it runs from."""
    if root is None:
        root = Path(os.environ.get("MSCKG_ROOT", _PACKAGE_ROOT))
    return Layout(Path(root).resolve())
