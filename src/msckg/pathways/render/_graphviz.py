"""Run Graphviz 'dot' on the DOT source, when it is installed.

A map of one connected piece is one drawing. A map of several pieces (the whole map) is drawn
as panels (see _panels): a header with the title and the legend, then each piece laid out on
its own, titled by its main species, largest first.
"""

from __future__ import annotations

import shutil
import subprocess

import networkx as nx

from msckg.errors import InputError
from msckg.pathways.render import RenderOptions
from msckg.pathways.render import _matplotlib, _panels
from msckg.pathways.render.dot import dot_source, legend_source
from msckg.pathways.render.style import piece_title, pieces


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
    parts = pieces(graph)
    if len(parts) <= 1:
        return _run(binary, fmt, dot_source(graph, options.title))
    sources = [legend_source(graph, options.title)]
    for number, nodes in enumerate(parts, 1):
        title = f"{number}. {piece_title(graph, nodes)}"
        sources.append(dot_source(graph.subgraph(nodes).copy(), title, with_legend=False, title_size=13))
    drawn = [_run(binary, fmt, s) for s in sources]
    framed = [False] + [True] * len(parts)
    if fmt == "png":
        return _panels.compose_png(drawn, framed)
    return _panels.compose_svg([d.decode("utf-8") for d in drawn], framed)


def _run(binary: str, fmt: str, source: str) -> bytes:
    done = subprocess.run([binary, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=300)
    if done.returncode != 0:
        raise InputError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}",
                         hint="try --engine matplotlib")
    return done.stdout
