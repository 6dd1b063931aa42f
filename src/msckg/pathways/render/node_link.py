"""JSON in networkx's node-link form ({"nodes": [...], "edges": [...]}), every attribute kept."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from msckg.pathways.render import RenderOptions, register


@register("json", suffix=".json", description="networkx node-link JSON (every attribute)")
def render_json(graph: nx.MultiDiGraph, options: RenderOptions) -> bytes:
    data = nx.node_link_data(graph, edges="edges")
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_json(path: Path | str) -> nx.MultiDiGraph:
    """A node-link JSON file written here, back as the same MultiDiGraph."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, edges="edges", directed=True, multigraph=True)
