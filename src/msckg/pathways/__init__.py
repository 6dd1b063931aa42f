"""Transformation pathways: the synthesis map of the graph as a networkx graph, questions
about it (routes, reachability, branch points, growth series, missing conditions) and
drawings of it (Graphviz DOT, SVG, PNG, GraphML, node-link JSON, Mermaid)."""

from msckg.pathways.graph import build_graph, load_rows, pathway_graph

__all__ = ["build_graph", "load_rows", "pathway_graph"]
