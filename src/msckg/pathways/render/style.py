"""What a drawing shows, shared by every format: node and arrow labels, colours, legend."""

from __future__ import annotations

import re

import hashlib
import textwrap
from dataclasses import dataclass

import networkx as nx

from msckg.pathways.graph import STEP, local_name, ref_numbers, split

DEFAULT_TITLE = "Synthesis and transformation pathways of II–VI magic-size clusters"

# colour-blind-safe colours (Okabe–Ito and Tol), one per step kind of the ontology
KIND_COLOURS: dict[str, str] = {
    "Synthesis": "#0072B2",
    "TemplateFormation": "#56B4E9",
    "TemplateGrowth": "#332288",
    "LigandExchangeRelease": "#E69F00",
    "PrecursorCompoundTransformation": "#CC79A7",
    "Isomerization": "#D55E00",
    "IonExchange": "#AA4499",
    "CationExchange": "#882255",
    "AnionExchange": "#AA4499",
    "LayerByLayerGrowth": "#009E73",
    "ConversionToLargerNanostructure": "#999933",
    "Doping": "#8C510A",
    "Transformation": "#44546A",
    "Step": "#6E6E6E",
}
# for kinds a new paper adds below msc:Step and below no coloured kind
_SPARE = ("#117733", "#4477AA", "#AA3377", "#661100", "#228833", "#6A3D9A", "#B15928", "#1F78B4")

# fill, border, shape (Graphviz names) per species category
CATEGORY_STYLES: dict[str, tuple[str, str, str]] = {
    "cluster": ("#FFF4CC", "#B8860B", "ellipse"),
    "precursor compound": ("#FDE0C5", "#C0601A", "ellipse"),
    "nanostructure": ("#DDF2E3", "#2E7D4F", "box"),
    "template": ("#E8E8F4", "#5A5A8C", "box"),
    "precursor": ("#F4F4F4", "#666666", "box"),
    "molecule": ("#F4F4F4", "#666666", "box"),
    "material": ("#E3EEF9", "#3B6EA5", "box"),
    "ion": ("#F4F4F4", "#666666", "box"),
    "chemical entity": ("#F4F4F4", "#666666", "box"),
    "other": ("#FFFFFF", "#666666", "box"),
    STEP: ("#FFFFFF", "#999999", "note"),
}
CATEGORY_NAMES = {"cluster": "cluster (MSC)", "precursor compound": "precursor compound",
                  "nanostructure": "larger nanostructure", "template": "template",
                  "precursor": "precursor", "molecule": "molecule", "material": "material",
                  "ion": "ion", "chemical entity": "chemical entity", "other": "other",
                  STEP: "step with unstated precursors or product"}


def kind_colour(data: dict) -> str:
    """The colour of a step: its kind's, else that of the nearest coloured kind above it."""
    kind = data.get("kind", "Step")
    if kind in KIND_COLOURS and kind not in ("Step", "Transformation"):
        return KIND_COLOURS[kind]
    above = [local_name(c) for c in split(data.get("step_classes"))]
    for preferred in above:
        if preferred in KIND_COLOURS and preferred not in ("Step", "Transformation", kind):
            return KIND_COLOURS[preferred]
    if kind in KIND_COLOURS:
        return KIND_COLOURS[kind]
    digest = int(hashlib.sha1(kind.encode()).hexdigest(), 16)
    return _SPARE[digest % len(_SPARE)]


def text_colour(colour: str, factor: float = 0.78) -> str:
    """A darker shade of an arrow colour, for its text (light kinds stay readable on white)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(int(r * factor), int(g * factor), int(b * factor))


def refs_text(refs: str) -> str:
    """'ref. 50', 'refs 48, 49', 'refs 32–37' (ranges of three or more joined)."""
    numbers = ref_numbers(refs)
    if not numbers:
        return ""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}–{r[-1]}" if len(r) >= 3 else ", ".join(map(str, r)) for r in runs]
    return ("ref. " if len(numbers) == 1 else "refs ") + ", ".join(parts)


def wrap(text: str, width: int = 24) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [text]


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789+-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻")
# a count after an element symbol or a closing bracket (Cu2Se, (CdSe)13, TiO2), not a decimal
_COUNT = re.compile(r"(?<=[A-Za-z)\]])(\d+)(?![\d.])")
# a charge at the end of a formula word (Mn2+, Cu+, CO2•−) or of the formula in a compound
# word (Mn2+-doped)
_CHARGE = re.compile(r"(?<=[A-Za-z)\]\d•])(\d*\+|[\-−])(?=$|[\s,;:)]|-[a-z])")


def typeset(text: str) -> str:
    """Formulas as chemists write them: counts as subscripts, charges as superscripts
    (Cu2Se -> Cu₂Se, Mn2+ -> Mn²⁺, (CdSe)13 -> (CdSe)₁₃); names such as MSC-399 stay."""
    words = []
    for word in text.split(" "):
        if re.search(r"[A-Z]", word) and not re.match(r"^(MSC|NU|ref|Fig)", word):
            charge = _CHARGE.search(word)
            if charge:
                word = word[:charge.start()] + charge.group(1).translate(_SUP) + word[charge.end():]
            word = _COUNT.sub(lambda m: m.group(1).translate(_SUB), word)
            word = re.sub(r"(?<=[₀-₉]),(\d+)\b", lambda m: "," + m.group(1).translate(_SUB), word)
        words.append(word)
    return " ".join(words)


def node_parts(graph: nx.MultiDiGraph, node: str) -> tuple[list[str], str]:
    """A node's name lines (as the review writes it) and its formula if the name lacks it."""
    data = graph.nodes[node]
    label = data.get("label") or local_name(node)
    if data.get("node_type") == STEP:
        refs = refs_text(data.get("refs", ""))
        return wrap(label, 30) + ([refs] if refs else []), ""
    formula = data.get("formula") or ""
    if formula and _squash(formula) in _squash(label):
        formula = ""
    return wrap(typeset(label), 22), typeset(formula)


def node_lines(graph: nx.MultiDiGraph, node: str) -> list[str]:
    lines, formula = node_parts(graph, node)
    return lines + ([formula] if formula else [])


def edge_lines(graph: nx.MultiDiGraph, u: str, v: str, data: dict) -> list[str]:
    """Kind, reagents, stimuli and conditions, and the review's references for one arrow.

    Arrows leaving a step node carry no text: the node names the step.
    """
    if graph.nodes[u].get("node_type") == STEP:
        return []
    lines = [data.get("kind_label") or data.get("kind", "step")]
    if data.get("substeps"):
        lines[0] += " (overall)"
    reagents = split(data.get("reagents_short")) or split(data.get("reagents"))
    if reagents:
        lines += wrap("+ " + ", ".join(typeset(r) for r in reagents), 30)
    setting = split(data.get("stimuli")) + split(data.get("conditions"))
    if setting:
        lines += wrap(", ".join(setting), 30)
    refs = refs_text(data.get("refs", ""))
    if refs:
        lines.append(refs)
    return lines


def labelled_edges(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    """The arrows that carry their step's text: one per (step, product), so that a step with
    two inputs (metal salt + amine -> template) is labelled once, not twice."""
    chosen: dict[tuple[str, str], str] = {}
    for u, v, key in sorted(graph.edges(keys=True)):
        if graph.nodes[u].get("node_type") == STEP:
            continue
        chosen.setdefault((key, v), u)
    return {(u, v, key) for (key, v), u in chosen.items()}


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str


def legend(graph: nx.MultiDiGraph) -> list[LegendEntry]:
    """One entry per step kind drawn, in the order of the ontology's list, then by name."""
    seen: dict[str, LegendEntry] = {}
    for _, _, data in graph.edges(data=True):
        label = data.get("kind_label") or data.get("kind", "step")
        seen.setdefault(label, LegendEntry(label, kind_colour(data)))
    for _, data in graph.nodes(data=True):
        if data.get("node_type") == STEP:
            label = data.get("kind_label") or data.get("kind", "step")
            seen.setdefault(label, LegendEntry(label, kind_colour(data)))
    order = {c: i for i, c in enumerate(KIND_COLOURS.values())}
    return sorted(seen.values(), key=lambda e: (order.get(e.colour, 99), e.label))


def categories(graph: nx.MultiDiGraph) -> list[str]:
    present = {data.get("category", "other") for _, data in graph.nodes(data=True)}
    return [c for c in CATEGORY_STYLES if c in present]


def node_style(graph: nx.MultiDiGraph, node: str) -> tuple[str, str, str]:
    data = graph.nodes[node]
    if data.get("node_type") == STEP:
        return ("#FFFFFF", kind_colour(data), "note")
    return CATEGORY_STYLES.get(data.get("category", "other"), CATEGORY_STYLES["other"])


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


# --- long series and connected pieces ----------------------------------------------------

# A chain of more than SERIES_FOLD species, one after another (cluster after cluster of a growth
# series), wraps onto rows of at most SERIES_FOLD, balanced (9 -> 3 rows of 3, not 4 + 4 + 1), in
# the drawings and in the text of routes: four named species with their arrow texts are about as
# wide as a screen, so the nine-cluster series of Mule et al. reads as three rows of three.
SERIES_FOLD = 4


def fold(items: list, per_row: int = SERIES_FOLD) -> list[list]:
    """Items in balanced rows of at most per_row: 9 -> [3, 3, 3], 5 -> [3, 2], 4 -> [4]."""
    if len(items) <= per_row:
        return [list(items)] if items else []
    rows = -(-len(items) // per_row)
    size = -(-len(items) // rows)
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def species_chains(graph: nx.MultiDiGraph) -> list[list[str]]:
    """Maximal chains of species in which each one is made only from the one before and leads
    only to the one after (arrows between species; steps drawn as nodes do not break a chain)."""
    between = nx.DiGraph()
    between.add_edges_from((u, v) for u, v in graph.edges()
                           if u != v and graph.nodes[u].get("node_type") != STEP
                           and graph.nodes[v].get("node_type") != STEP)
    links = {u: v for u, v in between.edges() if between.out_degree(u) == 1 and between.in_degree(v) == 1}
    targets = set(links.values())
    chains = []
    for start in sorted(links):
        if start in targets:
            continue
        chain = [start]
        while chain[-1] in links:
            chain.append(links[chain[-1]])
        chains.append(chain)
    return chains


def long_series(graph: nx.MultiDiGraph, per_row: int = SERIES_FOLD) -> list[list[list[str]]]:
    """The chains too long for one row, each as its rows (see fold)."""
    return [fold(chain, per_row) for chain in species_chains(graph) if len(chain) > per_row]


def pieces(graph: nx.MultiDiGraph) -> list[list[str]]:
    """The connected pieces of the map (nodes sorted), the largest first, then by main species."""
    found = [sorted(c, key=str) for c in nx.weakly_connected_components(graph)]
    return sorted(found, key=lambda c: (-len(c), -graph.subgraph(c).number_of_edges(),
                                        piece_title(graph, c)))


def main_species(graph: nx.MultiDiGraph, nodes: list[str]) -> str:
    """The species a piece is about: the one that leads to most others, the earliest on its
    routes on a tie (then by name); a step only when the piece has no species."""
    sub = graph.subgraph(nodes)
    chosen = [n for n in nodes if graph.nodes[n].get("node_type") != STEP] or list(nodes)
    dag = nx.DiGraph(sub)
    dag.remove_edges_from([e for e in nx.selfloop_edges(dag)])
    try:
        order = {n: i for i, n in enumerate(nx.lexicographical_topological_sort(dag, key=str))}
    except nx.NetworkXUnfeasible:  # a cycle: no route order, names decide
        order = {}
    return min(chosen, key=lambda n: (-dag.out_degree(n), order.get(n, 0),
                                      graph.nodes[n].get("label") or local_name(n), n))


def piece_title(graph: nx.MultiDiGraph, nodes: list[str]) -> str:
    """'(CdSe)₃₃ · 5 species, 4 steps': the main species and the size of the piece."""
    main = main_species(graph, nodes)
    label = graph.nodes[main].get("label") or local_name(main)
    species = sum(1 for n in nodes if graph.nodes[n].get("node_type") != STEP)
    steps = len({k for _, _, k in graph.subgraph(nodes).edges(keys=True)}
                | {n for n in nodes if graph.nodes[n].get("node_type") == STEP})
    return (f"{typeset(label)} · {species} species, {steps} step{'s' if steps != 1 else ''}")
