"""SVG picture of the map (Graphviz 'dot' if on PATH, else the matplotlib layout)."""

from __future__ import annotations

import networkx as nx

from msckg.pathways.render import RenderOptions, register
from msckg.pathways.render._graphviz import draw


@register("svg", suffix=".svg", description="SVG picture (Graphviz if installed, else matplotlib)")
def render_svg(graph: nx.MultiDiGraph, options: RenderOptions) -> bytes:
    return draw(graph, "svg", options)
