"""Mermaid flowchart (for Markdown pages): species as nodes, steps as coloured, labelled links."""

from __future__ import annotations

import networkx as nx

from msckg.pathways.graph import STEP
from msckg.pathways.render import RenderOptions, register
from msckg.pathways.render.style import (CATEGORY_NAMES, CATEGORY_STYLES, categories, edge_lines,
                                         kind_colour, labelled_edges, legend, node_lines, node_style,
                                         text_colour)


def _text(lines: list[str]) -> str:
    """Label text for inside double quotes: Mermaid entity codes for the characters it parses."""
    safe = [l.replace("&", "#amp;").replace('"', "#quot;").replace("|", "#124;")
            .replace("<", "#lt;").replace(">", "#gt;") for l in lines]
    return "<br/>".join(safe)


def mermaid_source(graph: nx.MultiDiGraph, title: str) -> str:
    ids = {node: f"n{i}" for i, node in enumerate(sorted(graph, key=str))}
    out = ["---", f"title: {title}", "---", "flowchart LR"]
    for node in sorted(graph, key=lambda n: ids[n]):
        text = _text(node_lines(graph, node))
        if graph.nodes[node].get("node_type") == STEP:
            out.append(f'  {ids[node]}[/"{text}"/]')
        elif node_style(graph, node)[2] == "ellipse":
            out.append(f'  {ids[node]}(["{text}"])')
        else:
            out.append(f'  {ids[node]}["{text}"]')
    styles = []
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2]))
    carriers = labelled_edges(graph)
    for index, (u, v, key, data) in enumerate(edges):
        lines = edge_lines(graph, u, v, data) if (u, v, key) in carriers else []
        arrow = "-.->" if data.get("substeps") else "-->"
        out.append(f'  {ids[u]} {arrow}|"{_text(lines)}"| {ids[v]}' if lines else f"  {ids[u]} {arrow} {ids[v]}")
        colour = kind_colour(data)
        styles.append(f"  linkStyle {index} stroke:{colour},stroke-width:2px,color:{text_colour(colour)}")
    out += styles
    # species categories as classes
    for cat in categories(graph):
        fill, border, _ = CATEGORY_STYLES[cat]
        out.append(f"  classDef {_class(cat)} fill:{fill},stroke:{border},color:#222")
        members = [ids[n] for n, d in graph.nodes(data=True) if d.get("category", "other") == cat]
        if members:
            out.append(f"  class {','.join(sorted(members))} {_class(cat)}")
    # the legend: one box per step kind in its colour, one per species category
    entries = legend(graph)
    if entries:
        out.append('  subgraph legend["Legend"]')
        out.append("    direction TB")
        for i, e in enumerate(entries):
            out.append(f'    k{i}["{_text([e.label])}"]:::kind{i}')
        for cat in categories(graph):
            out.append(f'    c_{_class(cat)}["{_text([CATEGORY_NAMES.get(cat, cat)])}"]:::{_class(cat)}')
        out.append("  end")
        for i, e in enumerate(entries):
            out.append(f"  classDef kind{i} fill:{e.colour},stroke:{e.colour},color:#fff")
    return "\n".join(out) + "\n"


def _class(category: str) -> str:
    return "cat_" + "".join(ch if ch.isalnum() else "_" for ch in category)


@register("mermaid", suffix=".mmd", also=(".mermaid",), description="Mermaid flowchart (Markdown)")
def render_mermaid(graph: nx.MultiDiGraph, options: RenderOptions) -> bytes:
    return mermaid_source(graph, options.title).encode("utf-8")
