"""Answers as text a chemist reads, or as JSON a program reads."""

from __future__ import annotations

import networkx as nx

from msckg.pathways.analysis import Branch, Hop, Reach, Route, StepInfo
from msckg.pathways.graph import display_name, local_name, ref_numbers, split, step_ends, steps
from msckg.pathways.render.style import SERIES_FOLD, refs_text

ARROW = "→"


TEXT_WIDTH = 100  # a folded series of names keeps its lines this short, where names allow


def chain_lines(names: list[str], first: str, indent: str, width: int = TEXT_WIDTH) -> list[str]:
    """A series of names joined by arrows, folded as the drawings fold a series: at most
    style.SERIES_FOLD names a line, and a new line before one would pass `width` characters
    ('first A → B →', then 'indent C → D'). A name longer than a line gets a line of its own."""
    lines: list[str] = []
    row: list[str] = []
    for name in names:
        lead = first if not lines else indent
        if row and (len(row) == SERIES_FOLD
                    or len(lead + f" {ARROW} ".join(row + [name]) + f" {ARROW}") > width):
            lines.append(lead + f" {ARROW} ".join(row) + f" {ARROW}")
            row = []
        row.append(name)
    lines.append((first if not lines else indent) + f" {ARROW} ".join(row))
    return lines


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return display_name(graph, node)


def _names(graph: nx.MultiDiGraph, nodes: list[str], most: int = 4) -> str:
    if not nodes:
        return "(not stated)"
    shown = " + ".join(_name(graph, n) for n in nodes[:most])
    return shown + (f" + {len(nodes) - most} more" if len(nodes) > most else "")


def hop_json(graph: nx.MultiDiGraph, hop: Hop) -> dict:
    d = hop.data
    return {
        "from": hop.source, "from_name": _name(graph, hop.source),
        "to": hop.target, "to_name": _name(graph, hop.target),
        "step": hop.step, "step_label": d.get("step_label", ""),
        "kind": d.get("kind", ""), "kind_label": d.get("kind_label", ""),
        "reagents": split(d.get("reagents")), "stimuli": split(d.get("stimuli")),
        "conditions": split(d.get("conditions")), "strategies": split(d.get("strategies")),
        "refs": ref_numbers(d.get("refs")), "sentences": split(d.get("sentences")),
        "substeps": split(d.get("substeps")),
    }


def route_json(graph: nx.MultiDiGraph, route: Route) -> dict:
    return {"steps": len(route), "species": [{"iri": n, "name": _name(graph, n)} for n in route.nodes],
            "hops": [hop_json(graph, h) for h in route.hops]}


def _hop_lines(graph: nx.MultiDiGraph, hop: Hop, indent: str = "    ") -> list[str]:
    d = hop.data
    lines = [f"{indent}{_name(graph, hop.source)} ──{_kind(hop)}──▶ {_name(graph, hop.target)}"]
    more = indent + "    "
    for title, field in (("reagents", "reagents"), ("stimuli", "stimuli"), ("conditions", "conditions")):
        items = split(d.get(field))
        if items:
            lines.append(f"{more}{title}: {', '.join(items)}")
    refs = refs_text(d.get("refs", ""))
    lines.append(f"{more}step: {d.get('step_label', local_name(hop.step))}" + (f" [{refs}]" if refs else ""))
    return lines


def routes_text(graph: nx.MultiDiGraph, sources: list[str], targets: list[str], found: list[Route],
                limit: int) -> str:
    head = f"{len(found)} route{'s' if len(found) != 1 else ''} from {names_slash(graph, sources)} " \
           f"to {names_slash(graph, targets)}, shortest first"
    if len(found) >= limit:
        head += f" (first {limit}; raise --limit for more)"
    out = [head + ":", ""]
    for i, route in enumerate(found, 1):
        out += chain_lines([_name(graph, n) for n in route.nodes],
                           f"Route {i} ({len(route)} step{'s' if len(route) != 1 else ''}): ", "    ")
        for hop in route.hops:
            out += _hop_lines(graph, hop)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def names_slash(graph: nx.MultiDiGraph, nodes: list[str]) -> str:
    return " / ".join(_name(graph, n) for n in nodes)


def _kind(hop: Hop) -> str:
    kind = hop.data.get("kind_label") or hop.data.get("kind", "step")
    return kind + (" (overall)" if hop.data.get("substeps") else "")


def _route_summary(graph: nx.MultiDiGraph, route: Route, indent: str) -> list[str]:
    """'by kind → kind ×n' and, when there are intermediates, 'via A → B'."""
    runs: list[list] = []
    for hop in route.hops:
        if runs and runs[-1][0] == _kind(hop):
            runs[-1][1] += 1
        else:
            runs.append([_kind(hop), 1])
    kinds = " → ".join(k + (f" ×{n}" if n > 1 else "") for k, n in runs)
    refs = sorted({n for h in route.hops for n in ref_numbers(h.data.get("refs"))})
    ref = f"  [{refs_text('; '.join(map(str, refs)))}]" if refs else ""
    lines = [f"{indent}by {kinds}{ref}"]
    middle = [_name(graph, n) for n in route.nodes[1:-1]]
    if len(middle) > 4:
        middle = middle[:2] + [f"… ({len(middle) - 3} more) …"] + middle[-1:]
    if middle:
        lines += chain_lines(middle, f"{indent}via ", indent + "    ")
    return lines


def reach_text(graph: nx.MultiDiGraph, start: list[str], reached: list[Reach], upstream: bool) -> str:
    names = names_slash(graph, start)
    species_reached = [r for r in reached if r.is_species]
    open_steps = [r for r in reached if not r.is_species]
    if upstream:
        head = (f"{names} can be made from {len(species_reached)} species" if species_reached
                else f"no species in the graph is a precursor of {names}")
    else:
        head = (f"{len(species_reached)} species can be made from {names}" if species_reached
                else f"nothing in the graph is made from {names}")
    out = [head + (":" if species_reached else ".")]
    for r in species_reached:
        out.append(f"  {r.distance} step{'s' if r.distance != 1 else ' '}  {_name(graph, r.node)}")
        out += _route_summary(graph, r.route, " " * 11)
    if open_steps:
        out.append("")
        out.append("steps with no stated precursors upstream:")
        for r in open_steps:
            data = graph.nodes[r.node]
            out.append(f"  {data.get('kind_label', '')}: {data.get('label', local_name(r.node))}"
                       f" {ARROW} {_name(graph, r.route.hops[0].target) if r.route.hops else ''}")
    return "\n".join(out) + "\n"


def reach_json(graph: nx.MultiDiGraph, start: list[str], reached: list[Reach], upstream: bool) -> dict:
    key = "into" if upstream else "from"
    return {key: [{"iri": n, "name": _name(graph, n)} for n in start],
            "reached": [{"iri": r.node, "name": _name(graph, r.node) if r.is_species
                         else graph.nodes[r.node].get("label", ""),
                         "is_species": r.is_species, "steps": r.distance,
                         "route": route_json(graph, r.route)} for r in reached]}


def branches_text(graph: nx.MultiDiGraph, found: list[Branch]) -> str:
    out = [f"{len(found)} branch point{'s' if len(found) != 1 else ''} (species leading to two or more products):"]
    for b in found:
        out.append(f"  {_name(graph, b.node)} {ARROW} {len(b.product_species)} products")
        for hop in sorted(b.products, key=lambda h: (_name(graph, h.target), h.step)):
            refs = refs_text(hop.data.get("refs", ""))
            out.append(f"      {ARROW} {_name(graph, hop.target)}   ({_kind(hop)}{', ' + refs if refs else ''})")
    return "\n".join(out) + "\n"


def branches_json(graph: nx.MultiDiGraph, found: list[Branch]) -> list[dict]:
    return [{"iri": b.node, "name": _name(graph, b.node), "products": b.product_species,
             "hops": [hop_json(graph, h) for h in b.products]} for b in found]


def series_text(graph: nx.MultiDiGraph, found: list[Route]) -> str:
    if not found:
        return "no growth series (chains of layer-by-layer growth) in the graph\n"
    out = []
    for i, route in enumerate(found, 1):
        refs = sorted({n for h in route.hops for n in ref_numbers(h.data.get("refs"))})
        ref = f" [{refs_text('; '.join(map(str, refs)))}]" if refs else ""
        out.append(f"Growth series {i}: {len(route.nodes)} clusters, {len(route)} "
                   f"{route.hops[0].data.get('kind_label', 'growth')} steps{ref}")
        for n, node in enumerate(route.nodes, 1):
            out.append(f"  {n:>2}. {_name(graph, node)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def series_json(graph: nx.MultiDiGraph, found: list[Route]) -> list[dict]:
    return [route_json(graph, r) for r in found]


def missing_text(graph: nx.MultiDiGraph, found: list[StepInfo]) -> str:
    out = [f"{len(found)} step{'s' if len(found) != 1 else ''} for which the sources state "
           "no condition or stimulus:"]
    for s in found:
        refs = refs_text(s.data.get("refs", ""))
        out.append(f"  {s.data.get('kind_label', '')}: {s.data.get('step_label', local_name(s.step))}"
                   + (f" [{refs}]" if refs else ""))
        out.append(f"      {_names(graph, s.inputs)} {ARROW} {_names(graph, s.outputs)}")
    return "\n".join(out) + "\n"


def missing_json(graph: nx.MultiDiGraph, found: list[StepInfo]) -> list[dict]:
    return [{"step": s.step, "step_label": s.data.get("step_label", ""), "kind": s.data.get("kind", ""),
             "inputs": s.inputs, "outputs": s.outputs, "refs": ref_numbers(s.data.get("refs"))}
            for s in found]


def map_text(graph: nx.MultiDiGraph) -> str:
    """Every step of the map, one line each, grouped by kind."""
    all_steps = steps(graph)
    n_species = sum(1 for _, d in graph.nodes(data=True) if d.get("node_type", "species") == "species")
    out = [f"Transformation map: {n_species} species, {len(all_steps)} steps", ""]
    by_kind: dict[str, list[tuple[str, dict]]] = {}
    for step, data in all_steps.items():
        by_kind.setdefault(data.get("kind_label") or data.get("kind", "step"), []).append((step, data))
    for kind in sorted(by_kind):
        out.append(f"{kind}:")
        for step, data in sorted(by_kind[kind], key=lambda s: s[1].get("step_label", "")):
            inputs, outputs = step_ends(graph, step)
            extras = split(data.get("reagents")) + split(data.get("stimuli")) + split(data.get("conditions"))
            refs = refs_text(data.get("refs", ""))
            out.append(f"  {_names(graph, inputs)} {ARROW} {_names(graph, outputs)}")
            detail = "; ".join(extras)
            out.append(f"      {data.get('step_label', local_name(step))}"
                       + (f" · {detail}" if detail else "") + (f" [{refs}]" if refs else ""))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def map_json(graph: nx.MultiDiGraph) -> list[dict]:
    result = []
    for step, data in sorted(steps(graph).items()):
        inputs, outputs = step_ends(graph, step)
        result.append({"step": step, "step_label": data.get("step_label", ""), "kind": data.get("kind", ""),
                       "kind_label": data.get("kind_label", ""), "inputs": inputs, "outputs": outputs,
                       "reagents": split(data.get("reagents")), "stimuli": split(data.get("stimuli")),
                       "conditions": split(data.get("conditions")), "refs": ref_numbers(data.get("refs"))})
    return result
