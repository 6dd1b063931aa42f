"""Drawing without Graphviz: a layered left-to-right layout drawn with matplotlib.

Each connected part of the map is laid out in columns (longest path from its
sources; a source sits just before what it feeds). An arrow that spans several
columns gets a waypoint in each column it crosses, so it runs through free
space rather than over nodes. Rows are ordered by the barycentre of their
neighbours (few crossings) and then relaxed towards them (straight chains).
A gap between columns is as wide as the widest arrow text in it. A step with
no stated precursors that makes species in several columns sits on a row
above them and feeds them from a bus line. A long series (style.SERIES_FOLD) takes the columns
of its first row again on each row, each row under the one before, and the arrow that wraps
from a row's end to the next row's start runs between the rows. The parts are packed into
shelves about a screen wide, largest first, each framed and titled by its main species.
Sizes are inches and the figure is drawn at the size of the layout, so text
keeps its point size however big the map is (up to a maximum, then scaled).
"""

from __future__ import annotations

import io
from functools import lru_cache
from dataclasses import dataclass, field

import networkx as nx

from msckg.pathways.graph import STEP
from msckg.pathways.render.style import (CATEGORY_NAMES, CATEGORY_STYLES, categories, edge_lines,
                                         kind_colour, legend, long_series, node_parts, node_style,
                                         piece_title, pieces, text_colour)

NODE_PT = 8.5
PANEL_PT = 9.5
EDGE_PT = 7.0
LINE_IN = 1.22 / 72  # line height per point, in inches
COLUMN_GAP = 0.5
ROW_GAP = 0.22
SHELF_GAP = 0.7
MAX_FIG_IN = 150.0
BEND = 0.3  # an arrow reaches the row it goes to within this share of the gap, then runs straight
LABEL_PAD = 0.04

Point = tuple[float, float]


@dataclass
class _Box:
    w: float
    h: float


def _text_box(lines: list[str], size: float, pad: float, italic: bool = False) -> _Box:
    width = max((_width(l, size, italic) for l in lines), default=0.1) + 2 * pad
    height = max(len(lines), 1) * size * LINE_IN + 2 * pad
    return _Box(width, height)


@lru_cache(maxsize=8192)
def _width(text: str, size: float, italic: bool = False) -> float:
    """The width of one line of text in inches, as matplotlib's renderer sets it."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = _renderer(RendererAgg)
    prop = FontProperties(family="DejaVu Sans", size=size, style="italic" if italic else "normal")
    width, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
    return width / 72.0


@lru_cache(maxsize=1)
def _renderer(cls):
    return cls(10, 10, 72)


def _node_box(graph: nx.MultiDiGraph, node: str) -> _Box:
    lines, formula = node_parts(graph, node)
    shape = node_style(graph, node)[2]
    size = EDGE_PT if shape == "note" else NODE_PT
    box = _text_box(lines + ([formula] if formula else []), size, 0.35 * size / 72, italic=shape == "note")
    if shape == "ellipse":  # matplotlib's ellipse around a text box is √2 wider and taller
        box = _Box(box.w * 1.42, box.h * 1.42)
    return box


@dataclass
class _Part:
    pos: dict[str, Point]
    boxes: dict[str, _Box]
    waypoints: dict[tuple[str, str, str], list[Point]]
    spread: set[str]
    width: float = 0.0
    height: float = 0.0
    label_gap: dict[tuple[str, str, str], float] = field(default_factory=dict)
    titles: list[tuple[float, float, float, float, str, frozenset]] = field(default_factory=list)  # x, top, w, h, text, nodes
    wraps: set[tuple[str, str]] = field(default_factory=set)  # arrows from a row's end to the next row

    def shift(self, dx: float, dy: float) -> None:
        self.pos = {n: (x + dx, y + dy) for n, (x, y) in self.pos.items()}
        self.waypoints = {e: [(x + dx, y + dy) for x, y in pts] for e, pts in self.waypoints.items()}


def _layers(component: nx.DiGraph, series: list[list[list[str]]] | None = None) -> dict[str, int]:
    """Column of each node: longest path from the sources, with sources pulled right.

    A long series (rows of style.fold) takes the columns of its first row again on each row:
    the arrow from the end of a row to the start of the next is left out of the layering.
    """
    series = series or []
    wraps = {(row[-1], nxt[0]) for rows in series for row, nxt in zip(rows, rows[1:])}
    dag = nx.DiGraph(component)
    dag.remove_edges_from([e for e in wraps if dag.has_edge(*e)])
    while True:  # break each cycle at one of its edges
        try:
            cycle = nx.find_cycle(dag)
        except nx.NetworkXNoCycle:
            break
        dag.remove_edge(*cycle[-1][:2])
    order = list(nx.lexicographical_topological_sort(dag, key=str))
    layer: dict[str, int] = {}
    for node in order:
        layer[node] = max((layer[p] + 1 for p in dag.predecessors(node)), default=0)
    fixed: set[str] = set()
    for rows in series:  # each row starts in the column of the first
        base = layer[rows[0][0]]
        for row in rows:
            for j, node in enumerate(row):
                layer[node] = base + j
                fixed.add(node)
    if fixed:  # what follows a folded series moves up to just after it
        for node in order:
            if node not in fixed:
                layer[node] = max((layer[p] + 1 for p in dag.predecessors(node)), default=0)
    for node in dag:
        succs = list(dag.successors(node))
        if succs and node not in fixed and not any(True for _ in dag.predecessors(node)):
            layer[node] = max(0, min(layer[s] for s in succs) - 1)
    return layer


def _place_component(graph: nx.MultiDiGraph, component: set[str]) -> _Part:
    # nodes and edges in sorted order: a subgraph view of a set iterates in hash order, which
    # gave another layout in every run
    nodes = sorted(component, key=str)
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in nodes)
    sub.add_edges_from(sorted(graph.subgraph(component).edges(keys=True, data=True),
                              key=lambda e: (str(e[0]), str(e[1]), str(e[2]))))
    series = long_series(sub)
    layer = _layers(nx.DiGraph(sub), series)
    boxes = {n: _node_box(graph, n) for n in nodes}
    spread = {n for n in nodes if graph.nodes[n].get("node_type") == STEP
              and len({layer[s] for s in sub.successors(n)}) > 1}

    # the ordering graph: real nodes and a waypoint per column an arrow crosses
    order = nx.DiGraph()
    order.add_nodes_from(n for n in nodes if n not in spread)
    chains: dict[tuple[str, str, str], list[tuple]] = {}
    for u, v, key in sub.edges(keys=True):
        if u in spread or layer[v] <= layer[u]:
            continue
        dummies = [("~", u, v, key, c) for c in range(layer[u] + 1, layer[v])]
        for d in dummies:
            layer[d] = d[4]
            boxes[d] = _Box(0.05, 0.12)
        path = [u] + dummies + [v]
        nx.add_path(order, path)
        chains[(u, v, key)] = dummies

    columns: dict[int, list] = {}
    seen: set = set()
    # an undirected copy, not to_undirected(as_view=True): the view lists neighbours as a set,
    # in hash order, which gave another layout in every run
    undirected = nx.Graph()
    undirected.add_nodes_from(order)
    undirected.add_edges_from(order.edges())
    for start in sorted((n for n in order if order.in_degree(n) == 0), key=lambda n: (layer[n], str(n))):
        for n in nx.dfs_preorder_nodes(undirected, source=start):
            if n not in seen:
                seen.add(n)
                columns.setdefault(layer[n], []).append(n)
    for n in order:
        if n not in seen:
            columns.setdefault(layer[n], []).append(n)
    for sweep in range(12):  # barycentre ordering, alternately forwards and backwards
        forward = sweep % 2 == 0
        index = {n: i for col in columns.values() for i, n in enumerate(col)}
        for c in (sorted(columns) if forward else sorted(columns, reverse=True)):
            nbrs = order.predecessors if forward else order.successors

            def centre(n, nbrs=nbrs):
                found = [index[m] for m in nbrs(n)]
                return sum(found) / len(found) if found else index[n]

            columns[c] = sorted(columns[c], key=lambda n: (centre(n), index[n]))
            index.update({n: i for i, n in enumerate(columns[c])})
    for rows in series:  # the rows of a folded series one under the other, in order
        for c, col in columns.items():
            mine = [n for row in rows for n in row if n in col]
            slots = sorted(col.index(n) for n in mine)
            for slot, n in zip(slots, mine):
                col[slot] = n

    # x: column centres, gaps as wide as the widest arrow text leaving the column
    ncols = max(layer[n] for n in order) + 1 if len(order) else 1
    col_w = [max((boxes[n].w for n in columns.get(c, [])), default=0.0) for c in range(ncols)]
    gap = [COLUMN_GAP] * ncols
    label_h: dict = {}  # height of the arrow text on the first leg ending at a node or waypoint
    for u, v, key, data in sub.edges(keys=True, data=True):
        if u in spread or layer[v] <= layer[u]:
            continue
        lines = edge_lines(graph, u, v, data)
        if not lines:
            continue
        box = _text_box(lines, EDGE_PT, LABEL_PAD)
        gap[layer[u]] = max(gap[layer[u]], (box.w + 0.3) / (1 - BEND))
        end = chains[(u, v, key)][0] if chains[(u, v, key)] else v
        label_h[end] = max(label_h.get(end, 0.0), box.h)
    xs, x = [], 0.0
    for c in range(ncols):
        xs.append(x + col_w[c] / 2)
        x += col_w[c] + gap[c]

    # y: stacked rows, then relaxed towards the neighbours' rows keeping order and spacing
    # the rows of a folded series leave room between them for the arrow that wraps to the next row
    row_of = {n: (i, r) for i, rows in enumerate(series) for r, row in enumerate(rows) for n in row}
    wraps = {(row[-1], nxt[0]) for rows in series for row, nxt in zip(rows, rows[1:])}
    wrap_h: dict[tuple[int, int], float] = {}
    for u, v, key, data in sub.edges(keys=True, data=True):
        if (u, v) in wraps:
            lines = edge_lines(graph, u, v, data)
            wrap_h[row_of[u]] = max(wrap_h.get(row_of[u], 0.0),
                                    _text_box(lines, EDGE_PT, LABEL_PAD).h + 0.1 if lines else 0.2)

    def spacing(a, b) -> float:
        room = max(boxes[a].h + boxes[b].h, label_h.get(a, 0.0) + label_h.get(b, 0.0)) / 2 + ROW_GAP
        if a in row_of and b in row_of and row_of[a][0] == row_of[b][0] and row_of[a][1] != row_of[b][1]:
            room += wrap_h.get(row_of[a], 0.0)
        return room

    y: dict = {}
    for c, col in columns.items():
        acc = 0.0
        for i, n in enumerate(col):
            if i:
                acc -= spacing(col[i - 1], n)
            y[n] = acc
    for sweep in range(30):
        for c in (sorted(columns) if sweep % 2 == 0 else sorted(columns, reverse=True)):
            col = columns[c]
            want = []
            for n in col:
                found = [y[m] for m in undirected.neighbors(n)]
                want.append(sum(found) / len(found) if found else y[n])
            placed = []
            for i, n in enumerate(col):
                placed.append(want[i] if i == 0 else min(want[i], placed[-1] - spacing(col[i - 1], n)))
            shift = sum(w - p for w, p in zip(want, placed)) / len(col)
            # shifting the whole column is free; undo overshoot above by the same amount
            for n, p in zip(col, placed):
                y[n] = p + shift

    pos = {n: (xs[layer[n]], y[n]) for n in order if not isinstance(n, tuple)}
    # an arrow crosses a column level, from its left to its right edge, at its waypoint's row
    waypoints = {e: [p for d in ds for p in ((xs[layer[d]] - col_w[layer[d]] / 2, y[d]),
                                             (xs[layer[d]] + col_w[layer[d]] / 2, y[d]))]
                 for e, ds in chains.items()}
    if spread:  # a row above, left of the first column it feeds
        top = max(pos[n][1] + boxes[n].h / 2 for n in pos)
        for n in sorted(spread):
            outs = [s for s in sub.successors(n) if s in pos]
            first = min(outs, key=lambda s: pos[s][0])
            x0 = pos[first][0] - boxes[first].w / 2 + boxes[n].w / 2
            pos[n] = (x0, top + 0.25 + boxes[n].h / 2)
            top = pos[n][1] + boxes[n].h / 2
    part = _Part(pos, {n: boxes[n] for n in nodes}, waypoints, spread, wraps=wraps)
    left = min(x - part.boxes[n].w / 2 for n, (x, _) in pos.items())
    right = max(x + part.boxes[n].w / 2 for n, (x, _) in pos.items())
    # the extent: nodes, and the rows of waypoints with the arrow text that may sit on them
    ends = [(y_ + part.boxes[n].h / 2, y_ - part.boxes[n].h / 2)
            for n, (_, y_) in pos.items()]
    for e, ds in chains.items():
        for d in ds:
            half = max(boxes[d].h, label_h.get(d, 0.0)) / 2
            ends.append((y[d] + half, y[d] - half))
    top = max(hi for hi, _ in ends)
    bottom = min(lo for _, lo in ends)
    part.shift(-left, -top)
    part.width, part.height = right - left, top - bottom
    return part


PANEL_TITLE_IN = 0.32  # the height of a piece's title line, above its panel
SCREEN_IN = 1800 / 110  # rows of pieces are about a screen wide at the PNG's 110 dpi


def layout(graph: nx.MultiDiGraph) -> tuple[_Part, float, float]:
    """Every node's centre (inches, top-left at 0,0, y up), arrow waypoints, total size.

    The connected pieces are laid out one by one and packed into rows about a screen wide,
    largest first; with more than one, each gets a title (its main species) and a frame,
    kept in the returned part's titles."""
    chosen = pieces(graph)
    parts = [_place_component(graph, set(c)) for c in chosen]
    titled = len(parts) > 1
    head = PANEL_TITLE_IN if titled else 0.0
    shelf_width = max([p.width for p in parts] + [SCREEN_IN])
    merged = _Part({}, {}, {}, set())
    x = y = shelf_h = total_w = 0.0
    for number, (nodes, part) in enumerate(zip(chosen, parts), 1):
        if x > 0 and x + part.width > shelf_width + 1e-9:
            y -= shelf_h + SHELF_GAP
            x = shelf_h = 0.0
        part.shift(x, y - head)
        merged.pos.update(part.pos)
        merged.boxes.update(part.boxes)
        merged.waypoints.update(part.waypoints)
        merged.spread |= part.spread
        merged.wraps |= part.wraps
        if titled:
            title = f"{number}. {piece_title(graph, nodes)}"
            merged.titles.append((x, y, max(part.width, _width(title, PANEL_PT) + 0.1), part.height + head, title,
                                  frozenset(nodes)))
            width = max(part.width, _width(title, PANEL_PT) + 0.1)
        else:
            width = part.width
        total_w = max(total_w, x + width)
        x += width + SHELF_GAP * 1.6
        shelf_h = max(shelf_h, part.height + head)
    return merged, total_w, -y + shelf_h


def _curve(points: list[Point]):
    """A path through the points: each leg bends to the next row early, then runs level, so
    the arrow text can sit on the level part, in line with where the arrow goes."""
    from matplotlib.path import Path

    verts = [points[0]]
    codes = [Path.MOVETO]
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        dx = x2 - x1
        if abs(y2 - y1) < 1e-6 or dx <= 0:
            verts.append((x2, y2))
            codes.append(Path.LINETO)
            continue
        verts += [(x1 + dx * BEND / 2, y1), (x1 + dx * BEND / 2, y2), (x1 + dx * BEND, y2), (x2, y2)]
        codes += [Path.CURVE4] * 3 + [Path.LINETO]
    return Path(verts, codes)


def _bus(start: Point, end: Point):
    from matplotlib.path import Path

    return Path([start, (end[0], start[1]), end], [Path.MOVETO, Path.LINETO, Path.LINETO])


def _covered(pos: dict[str, Point], boxes: dict[str, _Box], node: str, bus_y: float) -> bool:
    """Whether another node stands between the bus line above and this node."""
    x, y = pos[node]
    half = boxes[node].w / 2
    return any(m != node and abs(mx - x) < half + boxes[m].w / 2 and y < my < bus_y
               for m, (mx, my) in pos.items())


def _side_drop(start: Point, end: Point, aside: float = 0.1):
    """From the bus down beside the nodes above, into the node's left side."""
    from matplotlib.path import Path

    x = end[0] - aside
    return Path([start, (x, start[1]), (x, end[1]), end], [Path.MOVETO] + [Path.LINETO] * 3)


def _wrap(start: Point, end: Point, y_mid: float, out: float = 0.15):
    """Out of the row's last node, down to between the rows, back left, down into the next row's first."""
    from matplotlib.path import Path

    x = start[0] + out
    return Path([start, (x, start[1]), (x, y_mid), (end[0], y_mid), end], [Path.MOVETO] + [Path.LINETO] * 4)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def draw_pages(graph: nx.MultiDiGraph, title: str) -> bytes:
    """A PDF with a page per connected piece of the map, the largest first."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_pdf import PdfPages

    if len(graph) == 0:
        raise ValueError("nothing to draw")
    pieces = sorted((sorted(c, key=str) for c in nx.weakly_connected_components(graph)),
                    key=lambda c: (-len(c), c[0]))
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"CreationDate": None, "ModDate": None}) as pages:
        for number, piece in enumerate(pieces, 1):
            name = f"{title} (part {number} of {len(pieces)})" if len(pieces) > 1 else title
            draw(graph.subgraph(piece).copy(), "pdf", name, pages=pages)
    return buffer.getvalue()


def draw(graph: nx.MultiDiGraph, fmt: str, title: str, pages=None) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch

    if len(graph) == 0:
        raise ValueError("nothing to draw")
    placed, width, height = layout(graph)
    pos, boxes = placed.pos, placed.boxes
    entries = legend(graph)
    cats = categories(graph)
    has_overall = any(d.get("substeps") for _, _, d in graph.edges(data=True))
    n_handles = len(entries) + len(cats) + int(has_overall)
    margin, title_h = 0.35, 0.45
    fig_w = max(width + 2 * margin, 8.0, 0.12 * len(title) + 2 * margin)  # the title is never cut
    ncol = max(1, min(n_handles, int((fig_w - 2 * margin) // 2.6)))
    legend_h = 0.35 + -(-n_handles // ncol) * 0.19 + 0.2
    fig_h = height + 2 * margin + title_h + legend_h
    scale = min(1.0, MAX_FIG_IN / max(fig_w, fig_h))
    fs = scale
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "msckg",
                                "font.family": "DejaVu Sans"}):
        fig = plt.figure(figsize=(fig_w * scale, fig_h * scale))
        ax = fig.add_axes((margin / fig_w, margin / fig_h, width / fig_w, height / fig_h))
        ax.set_xlim(0, width)
        ax.set_ylim(-height, 0)
        ax.axis("off")
        taken: list[tuple[float, float, float, float]] = []
        from matplotlib.patches import Rectangle

        for x0, top, w, h, text, _ in placed.titles:  # a title per connected piece
            ax.text(x0, top - 0.04, text, ha="left", va="top", fontsize=PANEL_PT * fs, color="#222222",
                    parse_math=False, zorder=4)
            taken.append((x0, top - PANEL_TITLE_IN, x0 + w, top))
        for node, (x, y) in pos.items():
            lines, formula = node_parts(graph, node)
            fill, border, shape = node_style(graph, node)
            is_step = graph.nodes[node].get("node_type") == STEP
            size = EDGE_PT if is_step else NODE_PT
            style = {"ellipse": "ellipse", "note": "square"}.get(shape, "round")
            ax.text(x, y, "\n".join(lines + ([formula] if formula else [])), ha="center", va="center",
                    zorder=3, fontsize=size * fs, style="italic" if is_step else "normal",
                    color="#222222", linespacing=1.15, parse_math=False,
                    bbox={"boxstyle": f"{style},pad=0.35", "fc": fill, "ec": border, "lw": 1.1 * fs,
                          "ls": "--" if is_step else "-"})
            b = boxes[node]
            taken.append((x - b.w / 2, y - b.h / 2, x + b.w / 2, y + b.h / 2))

        def port(node: str, side: int) -> Point:
            x, y = pos[node]
            return (x + side * boxes[node].w / 2, y)

        edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
        # the arrow of each (step, product) that carries the text: the one nearest the product's row
        carrier: dict[tuple[str, str], tuple[str, str, str]] = {}
        for u, v, key, _ in edges:
            if u in placed.spread or graph.nodes[u].get("node_type") == STEP:
                continue
            best = carrier.get((key, v))
            if best is None or abs(pos[u][1] - pos[v][1]) < abs(pos[best[0]][1] - pos[v][1]):
                carrier[(key, v)] = (u, v, key)
        carriers = set(carrier.values())
        parallel: dict[tuple[str, str], int] = {}
        labels = []
        for u, v, key, data in edges:
            colour = kind_colour(data)
            n = parallel.get((u, v), 0)
            parallel[(u, v)] = n + 1
            offset = 0.09 * ((n + 1) // 2) * (1 if n % 2 else -1)
            lw = (1.0 if graph.nodes[u].get("node_type") == STEP else 1.7) * fs
            common = {"arrowstyle": "-|>", "mutation_scale": 11 * fs, "color": colour, "lw": lw, "zorder": 2,
                      "linestyle": "--" if data.get("substeps") else "-", "shrinkA": 0, "shrinkB": 0,
                      "clip_on": False}  # a drop beside the first column runs just left of the axes
            first_leg: tuple[Point, Point] | None = None
            if u in placed.spread:
                end = (pos[v][0], pos[v][1] + boxes[v].h / 2)
                if _covered(pos, boxes, v, port(u, 1)[1]):  # another node above it: drop beside them
                    end = port(v, -1)
                    arrow = FancyArrowPatch(path=_side_drop(port(u, 1), end), **common)
                else:
                    arrow = FancyArrowPatch(path=_bus(port(u, 1), end), **common)
            elif (u, v) in placed.wraps:  # the end of a row to the start of the next, between them
                a = port(u, 1)
                b = (pos[v][0], pos[v][1] + boxes[v].h / 2)
                y_mid = (pos[u][1] - boxes[u].h / 2 + b[1]) / 2
                arrow = FancyArrowPatch(path=_wrap(a, b, y_mid), **common)
                first_leg = ((a[0], y_mid), (b[0], y_mid))
            elif pos[v][0] > pos[u][0] + 1e-6:
                a, b = port(u, 1), port(v, -1)
                a, b = (a[0], a[1] + offset), (b[0], b[1] + offset)
                points = [a] + placed.waypoints.get((u, v, key), []) + [b]
                arrow = FancyArrowPatch(path=_curve(points), **common)
                first_leg = (points[0], points[1])
            else:  # a step back or within a column: an arc below
                arrow = FancyArrowPatch((pos[u][0], pos[u][1] - boxes[u].h / 2),
                                        (pos[v][0], pos[v][1] - boxes[v].h / 2),
                                        connectionstyle="arc3,rad=0.35", **common)
                first_leg = ((pos[u][0], pos[u][1] - boxes[u].h / 2 - 0.3),
                             (pos[v][0], pos[v][1] - boxes[v].h / 2 - 0.3))
            ax.add_patch(arrow)
            lines = edge_lines(graph, u, v, data)
            if lines and (u, v, key) in carriers and first_leg is not None:
                labels.append((first_leg, lines, colour, frozenset((u, v))))
        label_rects = []
        for (a, b), lines, colour, ends in labels:  # on the level part of the first leg, else near it
            box = _text_box(lines, EDGE_PT, LABEL_PAD)
            level = a[0] + (b[0] - a[0]) * BEND
            cx0 = (level + b[0]) / 2
            lift = box.h / 2 + 0.06
            best = None
            for cx, cy in ((cx0, b[1]), (cx0, b[1] + lift), (cx0, b[1] - lift),
                           ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), (cx0, b[1] + 2 * lift),
                           (cx0, b[1] - 2 * lift)):
                rect = (cx - box.w / 2, cy - box.h / 2, cx + box.w / 2, cy + box.h / 2)
                cost = sum(_overlap(rect, r) for r in taken)
                if best is None or cost < best[0] - 1e-9:
                    best = (cost, cx, cy, rect)
                if cost == 0:
                    break
            _, cx, cy, rect = best
            taken.append(rect)
            label_rects.append((rect, ends))
            ax.text(cx, cy, "\n".join(lines), ha="center", va="center", fontsize=EDGE_PT * fs,
                    color=text_colour(colour), zorder=4, linespacing=1.1, parse_math=False,
                    bbox={"boxstyle": f"round,pad={LABEL_PAD * 72 / EDGE_PT:.2f}", "fc": "white",
                          "ec": "none", "alpha": 0.92})
        for x0, top, w, h, _, nodes in placed.titles:  # a frame round each piece and its texts
            left, bottom, right = x0, top - h, x0 + w
            for n in nodes:
                bx, by = pos[n]
                left = min(left, bx - boxes[n].w / 2 - 0.1)
                right = max(right, bx + boxes[n].w / 2)
                bottom = min(bottom, by - boxes[n].h / 2)
            for rect, piece_nodes in label_rects:
                if piece_nodes & nodes:
                    left, right = min(left, rect[0]), max(right, rect[2])
                    bottom = min(bottom, rect[1])
            ax.add_patch(Rectangle((left - 0.12, bottom - 0.12), right - left + 0.24, top - bottom + 0.24,
                                   fill=False, ec="#BBBBBB", lw=0.8 * fs, zorder=1, clip_on=False))
        handles = [Line2D([0], [0], color=e.colour, lw=2.5, label=e.label) for e in entries]
        handles += [Patch(facecolor=CATEGORY_STYLES[c][0], edgecolor=CATEGORY_STYLES[c][1],
                          label=CATEGORY_NAMES.get(c, c)) for c in cats]
        if has_overall:
            handles.append(Line2D([0], [0], color="#555555", lw=1.7, ls="--",
                                  label="overall step (its parts drawn too)"))
        fig.legend(handles=handles, loc="upper left", ncol=ncol, frameon=False, fontsize=8 * fs,
                   bbox_to_anchor=(margin / fig_w, 1 - title_h / fig_h), alignment="left",
                   title="arrow colour: step kind · box: species", title_fontsize=8.5 * fs)
        fig.suptitle(title, x=margin / fig_w, ha="left", y=1 - 0.12 / fig_h, va="top",
                     fontsize=13 * fs, fontweight="bold")
        buffer = io.BytesIO()
        if pages is not None:  # a page of a multi-page PDF
            pages.savefig(fig, facecolor="white")
        else:
            fig.savefig(buffer, format=fmt, dpi=110, facecolor="white",
                        metadata={"Date": None} if fmt == "svg" else None)
        plt.close(fig)
    return buffer.getvalue()
