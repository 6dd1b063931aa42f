"""Questions a chemist asks of the transformation graph.

Routes between species (every simple path up to a number of steps, shortest
first), what can be made from a precursor, what a product can be made from,
branch points, growth series and steps whose conditions the sources leave out.
All of them work on the graph of :mod:`msckg.pathways.graph` and look at
species only (step nodes, which stand for an unstated input or output, are
ends, never stops on a route).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from msckg.pathways.graph import (STEP, is_species, local_name, species, split, step_ends,
                                  steps)

DEFAULT_MAX_STEPS = 10
DEFAULT_LIMIT = 50
GROWTH_KIND = "LayerByLayerGrowth"


@dataclass(frozen=True)
class Hop:
    """One step of a route: source --step--> target."""

    source: str
    target: str
    step: str
    data: dict = field(compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class Route:
    hops: tuple[Hop, ...]

    @property
    def nodes(self) -> list[str]:
        return [self.hops[0].source] + [h.target for h in self.hops] if self.hops else []

    @property
    def steps(self) -> list[str]:
        return [h.step for h in self.hops]

    @property
    def kinds(self) -> list[str]:
        return [h.data.get("kind", "") for h in self.hops]

    def __len__(self) -> int:
        return len(self.hops)


@dataclass(frozen=True)
class Reach:
    """A species (or a step with no stated input) reached, how far, and one shortest route."""

    node: str
    distance: int
    route: Route
    is_species: bool = True


@dataclass(frozen=True)
class Branch:
    node: str
    products: tuple[Hop, ...]  # one hop per (product, step)

    @property
    def product_species(self) -> list[str]:
        return sorted({h.target for h in self.products})


def _hop(graph: nx.MultiDiGraph, u: str, v: str, key: str) -> Hop:
    return Hop(u, v, key, graph.edges[u, v, key])


def _distances(graph: nx.MultiDiGraph, start: Iterable[str], *, reverse: bool,
               limit: int | None = None) -> dict[str, int]:
    """Hop distances from (or, reverse, to) the start nodes, through species only."""
    adjacency = graph.pred if reverse else graph.succ
    dist = {n: 0 for n in start}
    queue = deque(dist)
    while queue:
        node = queue.popleft()
        d = dist[node]
        if limit is not None and d >= limit:
            continue
        if d > 0 and not is_species(graph, node):
            continue
        for other in adjacency[node]:
            if other not in dist:
                dist[other] = d + 1
                queue.append(other)
    return dist


def routes(graph: nx.MultiDiGraph, sources: Iterable[str], targets: Iterable[str],
           max_steps: int = DEFAULT_MAX_STEPS, limit: int = DEFAULT_LIMIT) -> list[Route]:
    """Simple routes from any source to any target, at most max_steps steps, shortest first.

    Parallel steps between the same two species are different routes. A route
    stops at the first target it meets and never passes through another source.
    At most ``limit`` routes are returned.
    """
    source_list = [s for s in dict.fromkeys(sources) if s in graph]
    target_set = {t for t in targets if t in graph}
    if not source_list or not target_set or limit <= 0:
        return []
    to_target = _distances(graph, target_set, reverse=True, limit=max_steps)
    source_set = set(source_list)
    starts = [s for s in source_list if s not in target_set and s in to_target]
    if not starts:
        return []
    found: list[Route] = []
    succ = graph.succ

    def walk(node: str, length: int, path: list[Hop], on_path: set[str]) -> None:
        remaining = length - len(path)
        for other, keys in succ[node].items():
            if other in on_path or other in source_set:
                continue
            if other in target_set:
                if remaining == 1:
                    for key in keys:
                        found.append(Route(tuple(path) + (Hop(node, other, key, keys[key]),)))
                        if len(found) >= limit:
                            return
                continue
            if remaining <= 1 or to_target.get(other, remaining) > remaining - 1:
                continue
            if not is_species(graph, other):
                continue
            on_path.add(other)
            for key in keys:
                path.append(Hop(node, other, key, keys[key]))
                walk(other, length, path, on_path)
                path.pop()
                if len(found) >= limit:
                    break
            on_path.discard(other)
            if len(found) >= limit:
                return

    shortest = min(to_target[s] for s in starts)
    for length in range(max(shortest, 1), max_steps + 1):
        for start in starts:
            if to_target[start] <= length:
                walk(start, length, [], {start})
            if len(found) >= limit:
                return found
    return found


def _tree(graph: nx.MultiDiGraph, start: Iterable[str], *, reverse: bool,
          max_steps: int | None) -> list[Reach]:
    """Breadth-first: every node reached from (reverse: reaching) start, with a shortest route."""
    adjacency = graph.pred if reverse else graph.succ
    hops: dict[str, tuple[Hop, ...]] = {n: () for n in start if n in graph}
    queue = deque(hops)
    reached = []
    while queue:
        node = queue.popleft()
        route = hops[node]
        d = len(route)
        if d > 0:
            species_node = is_species(graph, node)
            reached.append(Reach(node, d, Route(route), species_node))
            if not species_node:
                continue
        if max_steps is not None and d >= max_steps:
            continue
        for other, keys in adjacency[node].items():
            if other not in hops:
                key = next(iter(keys))
                if reverse:  # the route runs from other to the start: prepend
                    hops[other] = (Hop(other, node, key, keys[key]),) + route
                else:
                    hops[other] = route + (Hop(node, other, key, keys[key]),)
                queue.append(other)
    return reached


def reachable(graph: nx.MultiDiGraph, sources: Iterable[str],
              max_steps: int | None = None) -> list[Reach]:
    """Every species that can be made from the sources, nearest first, with a shortest route."""
    return [r for r in _tree(graph, sources, reverse=False, max_steps=max_steps) if r.is_species]


def into(graph: nx.MultiDiGraph, targets: Iterable[str], max_steps: int | None = None) -> list[Reach]:
    """Everything the targets can be made from, nearest first: species, and steps with no
    stated input (``is_species`` False) that make them or an upstream species."""
    return _tree(graph, targets, reverse=True, max_steps=max_steps)


def branch_points(graph: nx.MultiDiGraph) -> list[Branch]:
    """Species that lead to two or more different product species."""
    found = []
    for node in species(graph):
        hops = tuple(_hop(graph, node, v, k) for v, keys in graph.succ[node].items()
                     if is_species(graph, v) for k in keys)
        if len({h.target for h in hops}) >= 2:
            found.append(Branch(node, hops))
    return sorted(found, key=lambda b: (-len(b.product_species), graph.nodes[b.node].get("label", "")))


def step_kinds(graph: nx.MultiDiGraph) -> set[str]:
    """Every step class (local name) of the map's steps: their kinds and the classes above them."""
    kinds: set[str] = set()
    for _, _, data in graph.edges(data=True):
        kinds |= {local_name(c) for c in split(data.get("step_classes"))}
        if data.get("kind"):
            kinds.add(data["kind"])
    return kinds


def growth_series(graph: nx.MultiDiGraph, kind: str = GROWTH_KIND) -> list[Route]:
    """Maximal chains of steps of the given kind (or a kind below it), longest first."""
    chain = nx.MultiDiGraph()
    for u, v, key, data in graph.edges(keys=True, data=True):
        classes = {local_name(c) for c in split(data.get("step_classes"))} | {data.get("kind")}
        if kind in classes and is_species(graph, u) and is_species(graph, v):
            chain.add_edge(u, v, key=key)
    series = []
    for start in sorted(n for n in chain if chain.in_degree(n) == 0):
        stack = [(start, ())]
        while stack:
            node, hops = stack.pop()
            nexts = [(v, k) for v, keys in chain.succ[node].items() for k in keys
                     if v not in {h.source for h in hops} | {start}]
            if not nexts:
                if hops:
                    series.append(Route(hops))
                continue
            for v, k in nexts:
                stack.append((v, hops + (_hop(graph, node, v, k),)))
    return sorted(series, key=lambda r: (-len(r), r.nodes))


@dataclass(frozen=True)
class StepInfo:
    step: str
    data: dict
    inputs: list[str]
    outputs: list[str]


def missing_conditions(graph: nx.MultiDiGraph) -> list[StepInfo]:
    """Steps for which the sources state neither a condition nor a stimulus."""
    found = []
    for step, data in steps(graph).items():
        if not data.get("conditions") and not data.get("stimuli"):
            inputs, outputs = step_ends(graph, step)
            found.append(StepInfo(step, data, inputs, outputs))
    return sorted(found, key=lambda s: (s.data.get("kind_label", ""), s.data.get("step_label", "")))


def subgraph(graph: nx.MultiDiGraph, sources: Iterable[str] | None = None,
             targets: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The part of the map downstream of sources, upstream of targets, or between them."""
    sources = list(sources or [])
    targets = list(targets or [])
    if not sources and not targets:
        return graph.copy()
    keep: set[str] | None = None
    if sources:
        down = set(sources) | {r.node for r in _tree(graph, sources, reverse=False, max_steps=None)}
        keep = down | _co_reactants(graph, down)
    if targets:
        up = set(targets) | {r.node for r in _tree(graph, targets, reverse=True, max_steps=None)}
        keep = up if keep is None else (keep & up) | set(sources) | set(targets)
    return graph.subgraph(keep).copy()


def _co_reactants(graph: nx.MultiDiGraph, kept: set[str]) -> set[str]:
    """The other inputs of the steps that lead into kept nodes (A + B -> C drawn from A shows B)."""
    steps = {key for u, v, key in graph.edges(keys=True) if u in kept and v in kept}
    return {u for u, v, key in graph.edges(keys=True) if key in steps and v in kept and u not in kept}


def route_graph(graph: nx.MultiDiGraph, found: Iterable[Route]) -> nx.MultiDiGraph:
    """The graph made of the hops of some routes (for drawing them)."""
    out = nx.MultiDiGraph(**graph.graph)
    for route in found:
        for hop in route.hops:
            for node in (hop.source, hop.target):
                out.add_node(node, **graph.nodes[node])
            out.add_edge(hop.source, hop.target, key=hop.step, **hop.data)
    return out


__all__ = ["Branch", "Hop", "Reach", "Route", "StepInfo", "STEP", "branch_points", "growth_series",
           "into", "missing_conditions", "reachable", "route_graph", "routes", "subgraph"]
