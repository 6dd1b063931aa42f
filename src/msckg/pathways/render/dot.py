"""Graphviz DOT source: species as nodes, steps as coloured arrows with kind, reagents,
conditions and references, and a legend of the step kinds."""

from __future__ import annotations

import html

import networkx as nx

from msckg.pathways.graph import STEP
from msckg.pathways.render import RenderOptions, register
from msckg.pathways.render.style import (CATEGORY_NAMES, CATEGORY_STYLES, categories, edge_lines,
                                         kind_colour, labelled_edges, legend, node_lines, node_parts,
                                         node_style, text_colour)

FONT = "Helvetica"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_source(graph: nx.MultiDiGraph, title: str) -> str:
    ids = {node: f"n{i}" for i, node in enumerate(sorted(graph, key=str))}
    out = [
        "digraph pathways {",
        f"  graph [rankdir=LR, newrank=true, nodesep=0.3, ranksep=0.55, fontname={_quote(FONT)},"
        f" fontsize=16, labelloc=t, label={_quote(title)}, pad=0.3];",
        f"  node [fontname={_quote(FONT)}, fontsize=11, penwidth=1.2, margin=\"0.12,0.06\"];",
        f"  edge [fontname={_quote(FONT)}, fontsize=9, penwidth=1.8, arrowsize=0.8];",
    ]
    for node in sorted(graph, key=lambda n: ids[n]):
        fill, border, shape = node_style(graph, node)
        lines = node_lines(graph, node)
        data = graph.nodes[node]
        if data.get("node_type") == STEP:
            label = "<" + "<BR/>".join(f"<I>{_esc(l)}</I>" for l in lines) + ">"
            attrs = f"shape=note, style=\"filled,dashed\", fillcolor=\"{fill}\", color=\"{border}\", fontsize=9"
        else:
            first, formula = node_parts(graph, node)
            body = "<BR/>".join(_esc(l) for l in first)
            if formula:
                body += f"<BR/><FONT POINT-SIZE=\"9\" COLOR=\"#444444\">{_esc(formula)}</FONT>"
            label = f"<{body}>"
            style = "filled,rounded" if shape == "box" else "filled"
            attrs = f"shape={shape}, style=\"{style}\", fillcolor=\"{fill}\", color=\"{border}\""
        out.append(f"  {ids[node]} [label={label}, {attrs}, tooltip={_quote(node)}];")
    carriers = labelled_edges(graph)
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2])):
        colour = kind_colour(data)
        lines = edge_lines(graph, u, v, data) if (u, v, key) in carriers else []
        attrs = [f"color=\"{colour}\"", f"fontcolor=\"{text_colour(colour)}\"", f"tooltip={_quote(data.get('step_label', key))}"]
        if lines:
            rows = [f"<B>{_esc(lines[0])}</B>"] + [_esc(l) for l in lines[1:]]
            attrs.append("label=<" + "<BR/>".join(rows) + ">")
        if data.get("substeps"):
            attrs.append("style=dashed")
        if graph.nodes[u].get("node_type") == STEP:
            attrs.append("penwidth=1.0")
        out.append(f"  {ids[u]} -> {ids[v]} [{', '.join(attrs)}];")
    out += _legend(graph)
    out.append("}")
    return "\n".join(out) + "\n"


def _legend(graph: nx.MultiDiGraph) -> list[str]:
    entries = legend(graph)
    if not entries:
        return []
    rows = ["<TR><TD COLSPAN=\"2\"><B>step kinds</B></TD></TR>"]
    for e in entries:
        rows.append(f"<TR><TD BGCOLOR=\"{e.colour}\" WIDTH=\"24\"> </TD><TD ALIGN=\"LEFT\">{_esc(e.label)}</TD></TR>")
    rows.append("<TR><TD COLSPAN=\"2\"><B>species</B></TD></TR>")
    for cat in categories(graph):
        fill, border, _ = CATEGORY_STYLES[cat]
        rows.append(f"<TR><TD BGCOLOR=\"{fill}\" WIDTH=\"24\"> </TD>"
                    f"<TD ALIGN=\"LEFT\">{_esc(CATEGORY_NAMES.get(cat, cat))}</TD></TR>")
    if any(d.get("substeps") for _, _, d in graph.edges(data=True)):
        rows.append("<TR><TD>- -</TD><TD ALIGN=\"LEFT\">overall step (its parts drawn too)</TD></TR>")
    table = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">" + "".join(rows) + "</TABLE>"
    return ["  subgraph cluster_legend {", "    label=\"\"; color=\"#BBBBBB\";",
            f"    legend [shape=plaintext, fontsize=10, label=<{table}>];", "  }"]


@register("dot", suffix=".dot", description="Graphviz DOT source")
def render_dot(graph: nx.MultiDiGraph, options: RenderOptions) -> bytes:
    return dot_source(graph, options.title).encode("utf-8")
