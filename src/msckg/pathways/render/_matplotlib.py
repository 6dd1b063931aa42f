"""Drawing without Graphviz: a layered left-to-right layout drawn with matplotlib.

Each connected part of the map is laid out in columns (longest path from its
sources; sources sit just before what they feed), rows within a column ordered
by the barycentre of their neighbours to keep crossings few, and the parts are
packed into shelves. Column gaps are as wide as the arrow labels between them,
so labels do not run into nodes. Sizes are in inches: the figure is drawn at
the size of the layout, so text stays at its point size however big the map.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import networkx as nx

from msckg.pathways.graph import STEP
from msckg.pathways.render.style import (CATEGORY_NAMES, CATEGORY_STYLES, categories, edge_lines,
                                         kind_colour, legend, node_parts, node_style)

NODE_PT = 8.5
EDGE_PT = 7.0
CHAR_IN = 0.58 / 72  # average glyph width per point of font size, in inches
LINE_IN = 1.25 / 72  # line height per point, in inches
COLUMN_GAP = 0.45
ROW_GAP = 0.3
SHELF_GAP = 0.6
MAX_FIG_IN = 120.0


@dataclass
class _Box:
    w: float
    h: float


def _text_box(lines: list[str], size: float, pad: float) -> _Box:
    width = max((len(l) for l in lines), default=1) * size * CHAR_IN + 2 * pad
    height = max(len(lines), 1) * size * LINE_IN + 2 * pad
    return _Box(width, height)


def _node_box(graph: nx.MultiDiGraph, node: str) -> _Box:
    lines, formula = node_parts(graph, node)
    shape = node_style(graph, node)[2]
    box = _text_box(lines + ([formula] if formula else []), NODE_PT if shape != "note" else EDGE_PT, 0.09)
    if shape == "ellipse":  # the ellipse around a text box is wider and taller
        box = _Box(box.w * 1.22, box.h * 1.3)
    return box


def _edge_box(graph: nx.MultiDiGraph, u: str, v: str, data: dict) -> _Box:
    lines = edge_lines(graph, u, v, data)
    return _text_box(lines, EDGE_PT, 0.04) if lines else _Box(0.0, 0.0)


def _layers(component: nx.DiGraph) -> dict[str, int]:
    """Column of each node: longest path from the sources, with sources pulled right."""
    dag = nx.DiGraph(component)
    while True:  # break cycles at an edge of each one found
        try:
            cycle = nx.find_cycle(dag)
        except nx.NetworkXNoCycle:
            break
        dag.remove_edge(*cycle[-1][:2])
    layer: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        preds = list(dag.predecessors(node))
        layer[node] = max((layer[p] + 1 for p in preds), default=0)
    for node in dag:
        succs = list(dag.successors(node))
        if not list(dag.predecessors(node)) and succs:
            layer[node] = max(0, min(layer[s] for s in succs) - 1)
    return layer


def _order(component: nx.DiGraph, layer: dict[str, int]) -> dict[int, list[str]]:
    columns: dict[int, list[str]] = {}
    for node in nx.dfs_preorder_nodes(component.to_undirected(as_view=True),
                                      source=min(component, key=lambda n: (layer[n], n))):
        columns.setdefault(layer[node], []).append(node)
    for node in component:  # nodes the walk did not reach (none in a connected part)
        if node not in columns.get(layer[node], []):
            columns.setdefault(layer[node], []).append(node)
    for sweep in range(8):
        forward = sweep % 2 == 0
        keys = sorted(columns) if forward else sorted(columns, reverse=True)
        for col in keys:
            nodes = columns[col]
            pos = {n: i for c in columns.values() for i, n in enumerate(c)}

            def centre(n: str) -> float:
                nbrs = list(component.predecessors(n)) if forward else list(component.successors(n))
                return sum(pos[m] for m in nbrs) / len(nbrs) if nbrs else pos[n]

            columns[col] = sorted(nodes, key=lambda n: (centre(n), pos[n]))
    return columns


@dataclass
class _Placed:
    pos: dict[str, tuple[float, float]]
    width: float
    height: float
    spread: set[str]  # step nodes drawn above their outputs (they feed several columns)


def _place_component(graph: nx.MultiDiGraph, nodes: set[str]) -> _Placed:
    component = nx.DiGraph(graph.subgraph(nodes))
    layer = _layers(component)
    # a step node that feeds several columns sits on a row of its own above them
    spread = {n for n in component if graph.nodes[n].get("node_type") == STEP
              and len({layer[s] for s in component.successors(n)}) > 1}
    main = component.subgraph([n for n in component if n not in spread])
    columns = _order(main, layer) if len(main) else {}
    boxes = {n: _node_box(graph, n) for n in component}
    ncols = max(layer.values()) + 1
    col_w = [max((boxes[n].w for n in columns.get(c, [])), default=0.0) for c in range(ncols)]
    gap = [COLUMN_GAP] * ncols
    row_h = max((b.h for b in boxes.values()), default=0.3)
    for u, v, data in graph.subgraph(nodes).edges(data=True):
        if u in spread or layer[v] <= layer[u]:
            continue
        label = _edge_box(graph, u, v, data)
        span = layer[v] - layer[u]
        gap[layer[u]] = max(gap[layer[u]], (label.w + 0.25) / span)
        row_h = max(row_h, label.h)
    xs, x = [], 0.0
    for c in range(ncols):
        xs.append(x + col_w[c] / 2)
        x += col_w[c] + gap[c]
    width = x - gap[-1]
    dy = row_h + ROW_GAP
    rows = max((len(c) for c in columns.values()), default=1)
    pos = {}
    for c, col_nodes in columns.items():
        offset = (rows - len(col_nodes)) / 2
        for i, n in enumerate(col_nodes):
            pos[n] = (xs[c], -(offset + i) * dy)
    height = (rows - 1) * dy + row_h
    if spread:  # shift the main rows down, put the spread step nodes on top
        top = dy
        for n in pos:
            pos[n] = (pos[n][0], pos[n][1] - top)
        for n in spread:
            outs = [pos[s][0] for s in component.successors(n) if s in pos]
            pos[n] = ((min(outs) + max(outs)) / 2 if outs else 0.0, 0.0)
        height += top
    # normalise: left edge at 0, top edge at 0
    min_x = min(p[0] - boxes[n].w / 2 for n, p in pos.items())
    max_y = max(p[1] + boxes[n].h / 2 for n, p in pos.items())
    pos = {n: (p[0] - min_x, p[1] - max_y) for n, p in pos.items()}
    width = max(p[0] + boxes[n].w / 2 for n, p in pos.items())
    height = -min(p[1] - boxes[n].h / 2 for n, p in pos.items())
    return _Placed(pos, width, height, spread)


def layout(graph: nx.MultiDiGraph) -> tuple[dict[str, tuple[float, float]], float, float, set[str]]:
    """Positions (inches, y up, top at 0) of every node, the total width and height."""
    parts = [_place_component(graph, set(c)) for c in nx.weakly_connected_components(graph)]
    parts.sort(key=lambda p: (-p.width * p.height, -p.width))
    shelf_width = max([p.width for p in parts] + [sum(p.width for p in parts) ** 0.5 * 2.5, 8.0])
    pos: dict[str, tuple[float, float]] = {}
    spread: set[str] = set()
    x = y = shelf_h = 0.0
    total_w = 0.0
    for part in parts:
        if x > 0 and x + part.width > shelf_width:
            y -= shelf_h + SHELF_GAP
            x = shelf_h = 0.0
        for n, (px, py) in part.pos.items():
            pos[n] = (px + x, py + y)
        spread |= part.spread
        x += part.width + SHELF_GAP * 1.5
        total_w = max(total_w, x - SHELF_GAP * 1.5)
        shelf_h = max(shelf_h, part.height)
    return pos, total_w, -y + shelf_h, spread


def draw(graph: nx.MultiDiGraph, fmt: str, title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch

    if len(graph) == 0:
        raise ValueError("nothing to draw")
    pos, width, height, spread = layout(graph)
    entries = legend(graph)
    cats = categories(graph)
    legend_rows = max(1, -(-(len(entries) + len(cats) + 2) // max(1, int(width // 2.6) or 1)))
    legend_h = 0.3 + legend_rows * 0.2
    margin, title_h = 0.35, 0.45
    fig_w = max(width + 2 * margin, 7.0)
    fig_h = height + 2 * margin + title_h + legend_h
    scale = min(1.0, MAX_FIG_IN / max(fig_w, fig_h))
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "msckg", "font.family": "DejaVu Sans"}):
        fig = plt.figure(figsize=(fig_w * scale, fig_h * scale))
        ax = fig.add_axes((margin / fig_w, margin / fig_h, width / fig_w,
                           height / fig_h))
        ax.set_xlim(0, width)
        ax.set_ylim(-height, 0)
        ax.axis("off")
        fs = scale  # font scale when the map had to be shrunk
        texts = {}
        for node, (x, y) in pos.items():
            lines, formula = node_parts(graph, node)
            fill, border, shape = node_style(graph, node)
            body = "\n".join(lines + ([formula] if formula else []))
            is_step = graph.nodes[node].get("node_type") == STEP
            box = {"ellipse": "ellipse,pad=0.35", "note": "square,pad=0.35"}.get(shape, "round,pad=0.35")
            texts[node] = ax.text(x, y, body, ha="center", va="center", zorder=3,
                                  fontsize=(EDGE_PT if is_step else NODE_PT) * fs,
                                  style="italic" if is_step else "normal", color="#222222",
                                  bbox={"boxstyle": box, "fc": fill, "ec": border,
                                        "lw": 1.1, "ls": "--" if is_step else "-"})
        fig.canvas.draw()  # size the node boxes so that arrows stop at their edges
        pairs: dict[tuple[str, str], int] = {}
        for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
            index = pairs.get((u, v), 0) + pairs.get((v, u), 0)
            pairs[(u, v)] = pairs.get((u, v), 0) + 1
            rad = (0.18 * ((index + 1) // 2) * (1 if index % 2 else -1)) if index else 0.0
            if u in spread:
                rad = 0.12
            colour = kind_colour(data)
            from_step = graph.nodes[u].get("node_type") == STEP
            arrow = FancyArrowPatch(pos[u], pos[v], arrowstyle="-|>", mutation_scale=11 * fs,
                                    color=colour, lw=(1.0 if from_step else 1.7) * fs, zorder=2,
                                    connectionstyle=f"arc3,rad={rad}",
                                    linestyle="--" if data.get("substeps") else "-",
                                    patchA=texts[u].get_bbox_patch(), patchB=texts[v].get_bbox_patch(),
                                    shrinkA=1, shrinkB=1)
            ax.add_patch(arrow)
            lines = edge_lines(graph, u, v, data)
            if not lines:
                continue
            (x1, y1), (x2, y2) = pos[u], pos[v]
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            mx, my = mx + rad * (y2 - y1) / 2, my - rad * (x2 - x1) / 2
            ax.text(mx, my, "\n".join(lines), ha="center", va="center", fontsize=EDGE_PT * fs,
                    color=_darker(colour), zorder=4, linespacing=1.1,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.88})
        handles = [Line2D([0], [0], color=e.colour, lw=2.5, label=e.label) for e in entries]
        handles += [Patch(facecolor=CATEGORY_STYLES[c][0], edgecolor=CATEGORY_STYLES[c][1],
                          label=CATEGORY_NAMES.get(c, c)) for c in cats]
        if any(d.get("substeps") for _, _, d in graph.edges(data=True)):
            handles.append(Line2D([0], [0], color="#555555", lw=1.7, ls="--",
                                  label="overall step (its parts drawn too)"))
        ncol = max(1, min(len(handles), int(fig_w // 2.6)))
        fig.legend(handles=handles, loc="upper left", ncol=ncol, frameon=False,
                   fontsize=8 * fs, bbox_to_anchor=(margin / fig_w, 1 - title_h / fig_h),
                   title="step kinds (arrow colour) and species", title_fontsize=8.5 * fs,
                   alignment="left")
        fig.suptitle(title, x=margin / fig_w, ha="left", y=1 - 0.12 / fig_h, va="top",
                     fontsize=13 * fs, fontweight="bold")
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=110, facecolor="white",
                    metadata={"Date": None} if fmt == "svg" else None)
        plt.close(fig)
    return buffer.getvalue()


def _darker(colour: str, factor: float = 0.8) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(int(r * factor), int(g * factor), int(b * factor))
