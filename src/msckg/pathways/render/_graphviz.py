"""Run Graphviz 'dot' on the DOT source, when it is installed."""

from __future__ import annotations

import shutil
import subprocess

import networkx as nx

from msckg.errors import InputError
from msckg.pathways.render import RenderOptions
from msckg.pathways.render import _matplotlib
from msckg.pathways.render.dot import dot_source


def dot_binary() -> str | None:
    return shutil.which("dot")


def draw(graph: nx.MultiDiGraph, fmt: str, options: RenderOptions) -> bytes:
    """SVG or PNG bytes: Graphviz if asked for or (auto) on PATH, else matplotlib."""
    binary = dot_binary()
    if options.engine == "graphviz" and binary is None:
        raise InputError("Graphviz 'dot' is not on PATH",
                         hint="install Graphviz, or use --engine matplotlib (or auto)")
    if options.engine == "matplotlib" or binary is None:
        return _matplotlib.draw(graph, fmt, options.title)
    done = subprocess.run([binary, f"-T{fmt}"], input=dot_source(graph, options.title).encode("utf-8"),
                          capture_output=True, timeout=300)
    if done.returncode != 0:
        raise InputError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}",
                         hint="try --engine matplotlib")
    return done.stdout
