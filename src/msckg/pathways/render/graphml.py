"""GraphML: the graph with every node and edge attribute, for Gephi, yEd or Cytoscape."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from msckg.pathways.render import RenderOptions, register


@register("graphml", suffix=".graphml", description="GraphML (every attribute; Gephi, yEd, Cytoscape)")
def render_graphml(graph: nx.MultiDiGraph, options: RenderOptions) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def read_graphml(path: Path | str) -> nx.MultiDiGraph:
    """A GraphML file written here, back as the same MultiDiGraph (edge keys are step IRIs)."""
    return nx.read_graphml(path, force_multigraph=True)
