"""The whole build of a project: build the graph, summarise it and publish ``build/`` atomically.

One function for the three shells that build (the CLI, the Python API and the tests' fixtures).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from msckg.build.pipeline import STAGES as GRAPH_STAGES, BuiltGraph, build
from msckg.build.summary import summarize
from msckg.build.write import exclusive_build, publish, write_outputs
from msckg.paths import Layout
from msckg.query.store import create_store


# the stages build_project() reports: those of the graph, then writing the folder
STAGES = (*GRAPH_STAGES, "writing")


def write_build(built: BuiltGraph, target: Path) -> dict:
    """Write every part, the summary, checksums and the store; swap them into target. The summary."""
    summary = summarize(built)

    def fill(folder: Path) -> None:
        write_outputs(built.parts(), summary, folder,
                      extra=lambda f: create_store(f / "store", f / "msckg.nq"))

    publish(target, fill)
    return summary


def build_project(layout: Layout, reasoner: str = "hermit", extra_data: list[Path] | None = None,
                  out: Path | None = None, progress: Callable[..., None] | None = None) -> tuple[dict, Path]:
    """Build the project's graph and write it to out (default: the layout's build folder).

    Returns the summary and the folder written. Nothing is written if any step fails.
    """
    target = out or layout.build
    with exclusive_build(target):  # one build at a time, from loading to the swap
        if reasoner == "rl":  # large graphs: the store-native build (build/native), same checks and outputs
            from msckg.build.native.pipeline import build_native, write_native_build

            if progress is not None:
                progress("building with the store-native OWL 2 RL path")
            return write_native_build(build_native(layout, extra_data=extra_data), target), target
        built = build(layout, reasoner=reasoner, extra_data=extra_data, progress=progress)
        if progress is not None:
            progress(f"writing {target}")
        return write_build(built, target), target
