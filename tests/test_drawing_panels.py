"""The whole map drawn so a chemist can read it at screen size: one panel per connected piece,
the largest first, each titled by its main species; long series (the nine CdSe clusters of
Mule et al.) folded into rows; the same bytes on every run."""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess

import networkx as nx
import pytest

from msckg.pathways.graph import pathway_graph
from msckg.pathways.render import RenderOptions, render
from msckg.pathways.render import _matplotlib, _panels
from msckg.pathways.render.dot import dot_source
from msckg.pathways.render.style import SERIES_FOLD, fold, long_series, piece_title, pieces
from msckg.pathways.report import TEXT_WIDTH, chain_lines
from tests.helpers import run_cli

PNG = b"\x89PNG\r\n\x1a\n"
MULE = "CdSe MSC, size {} of 9 (Mule et al. series)"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")


@pytest.fixture(scope="module")
def graph(store, layout) -> nx.MultiDiGraph:
    return pathway_graph(store, layout.queries)


def by_label(graph, text: str) -> str:
    (node,) = [n for n, d in graph.nodes(data=True) if d.get("label") == text]
    return node


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


# --- folding long series -------------------------------------------------------------------------

def test_a_series_folds_into_balanced_rows_of_at_most_four():
    assert SERIES_FOLD == 4
    assert fold(list("123456789")) == [list("123"), list("456"), list("789")]  # not 4 + 4 + 1
    assert fold(list("12345")) == [list("123"), list("45")]
    assert fold(list("1234")) == [list("1234")]  # short enough: one row


def test_the_nine_mule_clusters_are_the_one_long_series_folded_in_three_rows(graph):
    (rows,) = long_series(graph)
    assert [[graph.nodes[n]["label"] for n in row] for row in rows] == \
        [[MULE.format(i) for i in r] for r in ((1, 2, 3), (4, 5, 6), (7, 8, 9))]


@needs_dot
def test_graphviz_puts_each_row_of_the_series_under_the_one_before(graph):
    piece = graph.subgraph(pieces(graph)[0]).copy()
    plain = subprocess.run(["dot", "-Tplain"], input=dot_source(piece, "t").encode(), capture_output=True,
                           check=True).stdout.decode()
    ids = {node: f"n{i}" for i, node in enumerate(sorted(piece, key=str))}
    where = {f[1]: (float(f[2]), float(f[3])) for f in (l.split() for l in plain.splitlines()) if f[0] == "node"}
    at = {i: where[ids[by_label(piece, MULE.format(i))]] for i in range(1, 10)}
    assert len({round(x, 1) for x, _ in at.values()}) == 3  # three columns, not nine
    for first, below in ((1, 4), (4, 7), (2, 5), (3, 6)):
        assert at[first][0] == pytest.approx(at[below][0]) and at[below][1] < at[first][1]  # y up


def test_matplotlib_puts_each_row_of_the_series_under_the_one_before(graph):
    placed, _, _ = _matplotlib.layout(graph.subgraph(pieces(graph)[0]).copy())
    at = {i: placed.pos[by_label(graph, MULE.format(i))] for i in range(1, 10)}
    for first, below in ((1, 4), (4, 7), (3, 6), (6, 9)):
        assert at[first][0] == pytest.approx(at[below][0]) and at[below][1] < at[first][1]


def test_a_long_chain_of_names_in_text_wraps_as_the_drawing_does():
    names = [MULE.format(i) for i in range(1, 10)]
    lines = chain_lines(names, "Route 1 (8 steps): ", "    ")
    assert len(lines) > 1 and all(len(line) <= TEXT_WIDTH for line in lines)
    assert all(line.count("CdSe MSC") <= SERIES_FOLD for line in lines)
    joined = " ".join(line.strip() for line in lines).removeprefix("Route 1 (8 steps): ")
    assert joined == " → ".join(names)  # nothing lost, in order
    assert chain_lines(["metal salt", "template"], "via ", "  ") == ["via metal salt → template"]


def test_the_route_through_the_series_prints_in_short_lines(build_dir):
    done = run_cli("pathway", "routes", MULE.format(1), MULE.format(9), "--max-steps", "10", build_dir=build_dir)
    assert done.returncode == 0, done.stderr
    route = done.stdout.split("\n\n")[1].split("\n    CdSe MSC, size 1 of 9 (Mule et al. series) ──")[0]
    assert all(len(line) <= TEXT_WIDTH for line in route.splitlines())
    assert all(MULE.format(i) in route for i in range(1, 10))


# --- one panel per connected piece --------------------------------------------------------------

def test_pieces_largest_first_titled_by_their_main_species(graph):
    found = pieces(graph)
    assert len(found) > 5 and [len(p) for p in found] == sorted((len(p) for p in found), reverse=True)
    assert sum(len(p) for p in found) == len(graph)
    titles = [piece_title(graph, p) for p in found]
    assert titles[0].startswith(MULE.format(1))  # the series starts at its smallest cluster
    assert "(CdSe)₃₃ · 4 species, 4 steps" in titles  # (CdSe)33 and what it becomes, typeset


def test_panels_are_packed_in_rows_no_wider_than_a_screen():
    places, width, height = _panels.pack([(300, 100), (900, 400), (800, 300), (500, 200), (400, 100)],
                                         row_width=1800, gap=20)
    assert places[1].y > places[0].y  # the header (title and legend) has a row of its own
    assert places[2].y == places[1].y and places[3].y > places[1].y  # 900 + 800 fit, 500 more do not
    assert width <= 1800 and height == places[3].y + 200


@needs_dot
def test_the_whole_map_in_svg_has_a_titled_panel_per_piece(graph):
    svg = render(graph, "svg", RenderOptions(engine="graphviz")).decode()
    found = pieces(graph)
    assert svg.count('<svg id="panel') == 1 + len(found)  # the header, then the pieces
    text = html.unescape(svg)  # Graphviz writes '-' as &#45;
    for number, piece in enumerate(found, 1):
        title = f"{number}. {piece_title(graph, piece)}"
        assert title in text, title
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert len(ids) == len(set(ids))  # each panel's ids made its own


@needs_dot
def test_the_whole_map_in_png_is_about_a_screen_wide(graph):
    png = render(graph, "png", RenderOptions(engine="graphviz"))
    width, _ = png_size(png)
    assert png.startswith(PNG) and width <= _panels.SCREEN_PX + 2 * _panels.GAP_PX
    # each panel keeps Graphviz's own size (labels at their point size): the widest piece alone
    widest = max(png_size(render(graph.subgraph(p).copy(), "png", RenderOptions(engine="graphviz")))[0]
                 for p in pieces(graph)[:3])
    assert widest <= width


def test_matplotlib_titles_and_frames_each_piece(graph):
    placed, width, _ = _matplotlib.layout(graph)
    assert [t[4] for t in placed.titles] == [f"{i}. {piece_title(graph, p)}"
                                             for i, p in enumerate(pieces(graph), 1)]
    assert width <= max(_matplotlib.SCREEN_IN, max(t[2] for t in placed.titles)) + 1e-6
    svg = render(graph, "svg", RenderOptions(engine="matplotlib")).decode()
    assert "1. CdSe MSC, size 1 of 9" in svg


@pytest.mark.parametrize("engine", ["matplotlib", pytest.param("graphviz", marks=needs_dot)])
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_same_map_gives_the_same_bytes(graph, engine, fmt):
    first = render(graph, fmt, RenderOptions(engine=engine))
    assert render(graph.copy(), fmt, RenderOptions(engine=engine)) == first


@needs_dot
def test_the_graphviz_panels_are_the_same_in_every_fresh_python(build_dir):
    from tests.test_names import _in_fresh_pythons

    code = ("import sys, msckg; from msckg.pathways.render import RenderOptions, render; "
            "g = msckg.open_graph().pathway_graph(); "
            "sys.stdout.buffer.write(render(g, 'png', RenderOptions(engine='graphviz')))")
    (drawing,) = _in_fresh_pythons(code, build_dir)  # three hash seeds, one picture
    assert drawing.startswith(PNG)
