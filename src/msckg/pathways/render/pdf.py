"""PDF of the map: a page per connected piece, the largest first, so each piece is drawn at a
size its labels can be read (the matplotlib layout; PNG and SVG show the pieces as panels of one
page instead)."""

from __future__ import annotations

import networkx as nx

from msckg.pathways.render import RenderOptions, register
from msckg.pathways.render import _matplotlib


@register("pdf", suffix=".pdf", binary=True, description="PDF, a page per connected piece of the map")
def render_pdf(graph: nx.MultiDiGraph, options: RenderOptions) -> bytes:
    return _matplotlib.draw_pages(graph, options.title)
