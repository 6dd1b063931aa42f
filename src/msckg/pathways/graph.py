"""The transformation graph: species as nodes, steps as edges, built from one stored query.

The stored query ``cq07-pathway-edges`` gives a row per (step, kind, input,
output); this module turns the rows into a :class:`networkx.MultiDiGraph`:

* a node per species (IRI), with ``label``, ``formula``, ``classes`` (most
  specific msc classes, local names) and ``category`` (cluster, precursor
  compound, nanostructure, template, precursor, ...);
* an edge input -> output per step, keyed by the step IRI, with the step's
  ``kind`` (most specific step class), reagents, stimuli, conditions,
  strategies, reference numbers and source sentences.

A step that states no input (a synthesis from unnamed precursors) or no output
(doping told without its product) still belongs on the map: the step itself
becomes a node (``node_type`` "step") on the open side. Analyses look at
species only; drawings show these step nodes as small notes.

Every attribute is a string (lists are joined with ``SEP``), so that GraphML and
node-link JSON hold the graph exactly and read back equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import networkx as nx
from rdflib.term import Node

from msckg.query.catalog import find_query
from msckg.query.store import Store

EDGE_QUERY = "cq07-pathway-edges"
SEP = "; "
GRAPH_NAME = "msckg transformation pathways"

SPECIES = "species"
STEP = "step"

# step attributes, carried by every edge of the step (and by its node, if it has one)
STEP_FIELDS = ("step", "step_label", "kind", "kind_label", "kinds", "step_classes",
               "reagents", "reagents_short", "reagent_iris", "stimuli", "conditions",
               "strategies", "refs", "sentences", "evidence", "substeps")

# a step with two unrelated kinds (doping and synthesis) is drawn in the less generic one
_GENERIC_KINDS = ("Step", "Transformation", "Synthesis")


def local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def split(value: str | None) -> list[str]:
    """The items of a joined attribute ('' -> [])."""
    if not value:
        return []
    return [item for item in value.split(SEP) if item]


def join(items: Iterable[str]) -> str:
    return SEP.join(items)


def ref_numbers(value: str | None) -> list[int]:
    return sorted({int(n) for n in split(value) if n.strip().isdigit()})


def load_rows(store: Store, queries: Path) -> list[dict[str, str]]:
    """The rows of the edge query, each value as plain text."""
    rows = store.select(find_query(queries, EDGE_QUERY).text)
    return [{k: _text(v) for k, v in row.items() if v is not None} for row in rows]


def pathway_graph(store: Store, queries: Path) -> nx.MultiDiGraph:
    """The transformation graph of everything in the store (asked through the Store interface)."""
    return build_graph(load_rows(store, queries))


def build_graph(rows: Iterable[Mapping[str, str]]) -> nx.MultiDiGraph:
    steps: dict[str, dict] = {}
    for row in rows:
        iri = row["step"]
        step = steps.get(iri)
        if step is None:
            step = steps[iri] = {"row": row, "kinds": {}, "inputs": {}, "outputs": {}}
        if row.get("kind"):
            step["kinds"][local_name(row["kind"])] = row.get("kindLabel") or local_name(row["kind"])
        if row.get("input"):
            step["inputs"][row["input"]] = _species(row, "input")
        if row.get("output"):
            step["outputs"][row["output"]] = _species(row, "output")

    graph = nx.MultiDiGraph(name=GRAPH_NAME)
    for iri in sorted(steps):
        step = steps[iri]
        attrs = _step_attributes(iri, step["row"], step["kinds"])
        for node, data in list(step["inputs"].items()) + list(step["outputs"].items()):
            if node not in graph:
                graph.add_node(node, **data)
        inputs, outputs = sorted(step["inputs"]), sorted(step["outputs"])
        if not inputs or not outputs:
            graph.add_node(iri, node_type=STEP, label=attrs["step_label"], formula="",
                           classes=join(local_name(c) for c in split(attrs["step_classes"])),
                           category=STEP, open_end="input" if not inputs else "output",
                           **{k: v for k, v in attrs.items() if k != "step_label"})
        for source in inputs or [iri]:
            for target in outputs or [iri]:
                if source != target:
                    graph.add_edge(source, target, key=iri, **attrs)
    return graph


def _species(row: Mapping[str, str], side: str) -> dict[str, str]:
    iri = row[side]
    classes = sorted({local_name(c) for c in split(row.get(f"{side}Classes"))})
    return {"node_type": SPECIES, "label": row.get(f"{side}Label") or local_name(iri),
            "formula": row.get(f"{side}Formula", ""), "classes": join(classes),
            "category": row.get(f"{side}Category", "other")}


def _step_attributes(iri: str, row: Mapping[str, str], kinds: dict[str, str]) -> dict[str, str]:
    names = sorted(kinds, key=lambda k: (k in _GENERIC_KINDS, k)) or ["Step"]
    kind = names[0]
    labels = dict(kinds) or {"Step": "step"}
    evidence = sorted(line for line in (row.get("sentenceTexts") or "").split("\n") if line)
    return {
        "step": iri,
        "step_label": row.get("stepLabel") or local_name(iri),
        "kind": kind,
        "kind_label": labels[kind],
        "kinds": join(names),
        "step_classes": join(sorted(split(row.get("stepClasses")))),
        "reagents": join(sorted(split(row.get("reagents")), key=str.lower)),
        "reagents_short": join(sorted(split(row.get("reagentsShort")), key=str.lower)),
        "reagent_iris": join(sorted(split(row.get("reagentIris")))),
        "stimuli": join(sorted(split(row.get("stimuli")))),
        "conditions": join(sorted(split(row.get("conditions")))),
        "strategies": join(sorted(split(row.get("strategies")))),
        "refs": join(str(n) for n in ref_numbers(row.get("refs"))),
        "sentences": join(sorted(split(row.get("sentences")))),
        "evidence": "\n".join(evidence),
        "substeps": join(sorted(split(row.get("substeps")))),
    }


def _text(value: Node) -> str:
    return str(value)


def is_species(graph: nx.MultiDiGraph, node: str) -> bool:
    return graph.nodes[node].get("node_type", SPECIES) == SPECIES


def species(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n in graph if is_species(graph, n)]


def steps(graph: nx.MultiDiGraph) -> dict[str, dict]:
    """Every step of the graph with its attributes (from its edges or its node)."""
    found: dict[str, dict] = {}
    for _, _, key, data in graph.edges(keys=True, data=True):
        found.setdefault(key, {f: data.get(f, "") for f in STEP_FIELDS})
    for node, data in graph.nodes(data=True):
        if data.get("node_type") == STEP and node not in found:
            found[node] = {f: data.get(f, "") for f in STEP_FIELDS}
            found[node]["step_label"] = data.get("label", local_name(node))
    return found


def step_ends(graph: nx.MultiDiGraph, step: str) -> tuple[list[str], list[str]]:
    """The input and output species of a step."""
    inputs, outputs = set(), set()
    for u, v, key in graph.edges(keys=True):
        if key == step:
            if is_species(graph, u):
                inputs.add(u)
            if is_species(graph, v):
                outputs.add(v)
    return sorted(inputs), sorted(outputs)


def display_name(graph: nx.MultiDiGraph, node: str) -> str:
    """How a chemist names the species: its label (and formula when the label lacks it)."""
    data = graph.nodes[node]
    label = data.get("label") or local_name(node)
    formula = data.get("formula") or ""
    if formula and _squash(formula) not in _squash(label):
        return f"{label} ({formula})"
    return label


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
