"""Graphviz DOT source: species as nodes, steps as coloured arrows with kind, reagents,
conditions and references, and a legend of the step kinds."""

from __future__ import annotations

import html

import networkx as nx

from msckg.pathways.graph import STEP
from msckg.pathways.render import RenderOptions, register
from msckg.pathways.render.style import (CATEGORY_NAMES, CATEGORY_STYLES, categories, edge_lines,
                                         kind_colour, labelled_edges, legend, long_series, node_lines, node_parts,
                                         node_style, text_colour)

FONT = "Helvetica"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_source(graph: nx.MultiDiGraph, title: str, with_legend: bool = True, title_size: int = 16) -> str:
    """The DOT text of the graph: long series folded into rows (style.SERIES_FOLD), the legend
    in a box of its own unless with_legend is False (the panels of the whole map share one)."""
    ids = {node: f"n{i}" for i, node in enumerate(sorted(graph, key=str))}
    folds, fold_edges = _folding(graph, ids)
    out = [
        "digraph pathways {",
        f"  graph [rankdir=LR, newrank=true, nodesep=0.3, ranksep=0.55, fontname={_quote(FONT)},"
        f" fontsize={title_size}, labelloc=t, labeljust=l, label={_quote(title)}, pad=0.3];",
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
        if (u, v) in fold_edges:  # from the end of a row back to the start of the next
            attrs.append("constraint=false")
        out.append(f"  {ids[u]} -> {ids[v]} [{', '.join(attrs)}];")
    out += folds
    if with_legend:
        out += _legend(graph)
    out.append("}")
    return "\n".join(out) + "\n"


def _folding(graph: nx.MultiDiGraph, ids: dict[str, str]) -> tuple[list[str], set[tuple[str, str]]]:
    """Lines that put each row of a long series under the one before (the first species of the
    rows share a column, ordered by invisible arrows), and the arrows that wrap to a new row."""
    lines: list[str] = []
    wraps: set[tuple[str, str]] = set()
    for rows in long_series(graph):
        heads = [row[0] for row in rows]
        lines.append("  { rank=same; " + " ".join(f"{ids[h]};" for h in heads) + " }")
        for above, below in zip(heads, heads[1:]):
            lines.append(f"  {ids[above]} -> {ids[below]} [style=invis];")
        wraps |= {(row[-1], nxt[0]) for row, nxt in zip(rows, rows[1:])}
    return lines, wraps


def legend_source(graph: nx.MultiDiGraph, title: str, columns: int = 5) -> str:
    """A DOT graph of the title and the legend alone, its entries in rows of `columns`: the
    header of the whole map drawn as panels."""
    cells = [(f"BGCOLOR=\"{e.colour}\"", e.label) for e in legend(graph)]
    kinds_end = len(cells)
    for c in categories(graph):  # a swatch with the box's border, dashed for a step drawn as a node
        fill, border, shape = CATEGORY_STYLES[c]
        dashed = " STYLE=\"dashed\"" if shape == "note" else ""
        cells.append((f"BGCOLOR=\"{fill}\" BORDER=\"1\" COLOR=\"{border}\"{dashed}", CATEGORY_NAMES.get(c, c)))
    rows = []
    for name, part in (("step kinds (arrow colour)", cells[:kinds_end]), ("species (box colour)", cells[kinds_end:])):
        rows.append(f"<TR><TD COLSPAN=\"{2 * columns}\" ALIGN=\"LEFT\"><B>{_esc(name)}</B></TD></TR>")
        for start in range(0, len(part), columns):
            chunk = part[start:start + columns]
            row = "".join(f"<TD {swatch} WIDTH=\"24\"> </TD><TD ALIGN=\"LEFT\">{_esc(label)}</TD>"
                          for swatch, label in chunk)
            row += "<TD></TD><TD></TD>" * (columns - len(chunk))
            rows.append(f"<TR>{row}</TR>")
    if any(d.get("substeps") for _, _, d in graph.edges(data=True)):
        rows.append(f"<TR><TD>- -</TD><TD COLSPAN=\"{2 * columns - 1}\" ALIGN=\"LEFT\">"
                    "overall step (its parts drawn too)</TD></TR>")
    table = ("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"3\">"
             + "".join(rows) + "</TABLE>")
    return "\n".join([
        "digraph legend {",
        f"  graph [fontname={_quote(FONT)}, fontsize=18, labelloc=t, labeljust=l, label={_quote(title)}, pad=0.2];",
        f"  legend [shape=plaintext, fontname={_quote(FONT)}, fontsize=10, label=<{table}>];",
        "}"]) + "\n"


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
