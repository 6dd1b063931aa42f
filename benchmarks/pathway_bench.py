"""Route finding and reachability on synthetic transformation graphs (seeded).

    python benchmarks/pathway_bench.py                      # 10^3, 10^4, 10^5 edges
    python benchmarks/pathway_bench.py --sizes 1000 --repeat 25 --seed 7
    python benchmarks/pathway_bench.py --query --sizes 1000,10000   # also the SPARQL edge query

A synthetic map is shaped like the review's: species in 40 generations (precursors,
clusters, larger structures), each step taking a species to one of the next three
generations, one step in ten with a second input (template + precursor), one in
forty going back (cycles), kinds and reagents drawn from the ontology's step
kinds. The graph is built from edge-query-shaped rows by the same code as
'msckg pathway' (build_graph), so the numbers are those of the command.

Timed, each as the median over --repeat random questions (seeded):
  build       rows -> MultiDiGraph
  route 1     the shortest route between two connected species (limit 1)
  routes 10   the ten shortest routes between them (at most 10 steps)
  no route    a pair with no route (late generation back to a middle one): time to say so
  reachable   everything made from an early species (first quarter of the generations),
              with a shortest route to each ('reached': how many, median)
  into        everything a late species (last quarter) is made from ('upstream': how many)
With --query: the stored query cq07-pathway-edges on an in-memory Oxigraph store
holding the ontology and the synthetic steps as RDF, plus building the graph from it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from msckg.pathways import analysis  # noqa: E402
from msckg.pathways.graph import build_graph  # noqa: E402

MSC = "https://w3id.org/msckg/ontology/"
EX = "https://example.org/bench/"
KINDS = ["PrecursorCompoundTransformation", "Isomerization", "CationExchange", "AnionExchange",
         "LayerByLayerGrowth", "ConversionToLargerNanostructure", "TemplateGrowth", "Doping"]
REAGENTS = ["octylamine", "acetic acid", "oleylamine", "[(CH3CN)4Cu]PF6", "diphenylphosphine", "TOP"]
GENERATIONS = 40


def synthetic_steps(n_edges: int, seed: int) -> list[dict]:
    """Steps (step, kind, inputs, output, reagent, condition) giving about n_edges edges."""
    rng = random.Random(seed)
    n_species = max(20, n_edges // 2)
    generation = [i * GENERATIONS // n_species for i in range(n_species)]
    by_generation: dict[int, list[int]] = {}
    for i, g in enumerate(generation):
        by_generation.setdefault(g, []).append(i)
    steps, edges, k = [], 0, 0
    while edges < n_edges:
        u = rng.randrange(n_species)
        if rng.random() < 0.025:  # a step back: cycles exist
            v = rng.randrange(n_species)
        else:
            gen = min(GENERATIONS - 1, generation[u] + rng.randint(1, 3))
            v = rng.choice(by_generation[gen])
        if u == v:
            continue
        inputs = [u]
        if rng.random() < 0.1:
            inputs.append(rng.choice(by_generation[generation[u]]))
        inputs = sorted(set(inputs) - {v})
        steps.append({"step": f"{EX}step{k}", "kind": rng.choice(KINDS), "inputs": inputs, "output": v,
                      "reagent": rng.choice(REAGENTS) if rng.random() < 0.6 else None,
                      "condition": "room temperature" if rng.random() < 0.3 else None,
                      "ref": rng.randint(1, 80)})
        edges += len(inputs)
        k += 1
    return steps


def rows_of(steps: list[dict]) -> list[dict[str, str]]:
    """The steps as the edge query would return them (plain text values)."""
    rows = []
    for s in steps:
        for u in s["inputs"]:
            row = {"step": s["step"], "stepLabel": s["step"].rsplit("/", 1)[-1],
                   "kind": MSC + s["kind"], "kindLabel": s["kind"], "stepClasses": f"{MSC}{s['kind']}; {MSC}Step",
                   "input": f"{EX}s{u}", "inputLabel": f"species {u}", "inputCategory": "cluster",
                   "output": f"{EX}s{s['output']}", "outputLabel": f"species {s['output']}",
                   "outputCategory": "cluster", "refs": str(s["ref"])}
            if s["reagent"]:
                row["reagents"] = row["reagentsShort"] = s["reagent"]
            if s["condition"]:
                row["conditions"] = s["condition"]
            rows.append(row)
    return rows


def turtle_of(steps: list[dict]) -> str:
    out = [f"@prefix msc: <{MSC}> .", f"@prefix ex: <{EX}> .",
           "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    species = {u for s in steps for u in s["inputs"]} | {s["output"] for s in steps}
    for i in sorted(species):
        out.append(f'ex:s{i} a msc:MagicSizeCluster ; rdfs:label "species {i}"@en .')
    for n, reagent in enumerate(REAGENTS):
        out.append(f'ex:r{n} a msc:Molecule ; rdfs:label "{reagent}"@en .')
    out.append('ex:rt a msc:Condition ; msc:conditionText "room temperature" .')
    for s in steps:
        name = s["step"].rsplit("/", 1)[-1]
        body = [f"ex:{name} a msc:{s['kind']}"]
        body += [f"msc:hasInput ex:s{u}" for u in s["inputs"]]
        body.append(f"msc:hasOutput ex:s{s['output']}")
        if s["reagent"]:
            body.append(f"msc:usesReagent ex:r{REAGENTS.index(s['reagent'])}")
        if s["condition"]:
            body.append("msc:hasCondition ex:rt")
        out.append(" ;\n    ".join(body) + " .")
    return "\n".join(out) + "\n"


def timed(func, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.2f}" if values else "-"


def bench_size(n_edges: int, seed: int, repeat: int, query: bool) -> dict[str, str]:
    steps = synthetic_steps(n_edges, seed)
    rows = rows_of(steps)
    build_times = []
    for _ in range(3):
        t, graph = timed(build_graph, rows)
        build_times.append(t)
    rng = random.Random(seed + 1)
    nodes = sorted(graph)
    generation = {n: int(n.rsplit("s", 1)[-1]) * GENERATIONS // max(20, n_edges // 2) for n in nodes}
    one, ten, none, reach, into, reached = [], [], [], [], [], []
    attempts = 0
    while len(one) < repeat and attempts < repeat * 50:
        attempts += 1
        source = rng.choice(nodes)
        downstream = [r for r in analysis.reachable(graph, [source], max_steps=8) if r.distance >= 3]
        if not downstream:
            continue
        target = rng.choice(downstream).node
        t, found = timed(analysis.routes, graph, [source], [target], max_steps=10, limit=1)
        assert found
        one.append(t)
        t, _ = timed(analysis.routes, graph, [source], [target], max_steps=10, limit=10)
        ten.append(t)
    attempts = 0
    middle = [n for n in nodes if GENERATIONS // 4 <= generation[n] < GENERATIONS // 2]
    late = [n for n in nodes if generation[n] >= 3 * GENERATIONS // 4]
    while len(none) < repeat and attempts < repeat * 50:
        attempts += 1  # from a late generation back to a middle one: only cycles could lead there
        source, target = rng.choice(late), rng.choice(middle)
        t, found = timed(analysis.routes, graph, [source], [target], max_steps=10, limit=1)
        if not found:
            none.append(t)
    early = [n for n in nodes if generation[n] < GENERATIONS // 4]
    upstream = []
    for _ in range(repeat):  # the big questions: from an early precursor, into a late product
        t, got = timed(analysis.reachable, graph, [rng.choice(early)])
        reach.append(t)
        reached.append(len(got))
        t, got = timed(analysis.into, graph, [rng.choice(late)])
        into.append(t)
        upstream.append(len(got))
    result = {"edges": str(graph.number_of_edges()), "species": str(len(graph)),
              "build ms": median_ms(build_times), "route 1 ms": median_ms(one),
              "routes 10 ms": median_ms(ten), "no route ms": median_ms(none),
              "reachable ms": median_ms(reach), "reached": f"{statistics.median(reached):.0f}",
              "into ms": median_ms(into), "upstream": f"{statistics.median(upstream):.0f}"}
    if query:
        result.update(bench_query(steps))
    return result


def bench_query(steps: list[dict]) -> dict[str, str]:
    import pyoxigraph as ox

    from msckg.query.catalog import find_query
    from msckg.pathways.graph import load_rows
    from msckg.query.store import EmbeddedStore

    raw = ox.Store()
    raw.load(path=str(ROOT / "ontology" / "msckg.ttl"), format=ox.RdfFormat.TURTLE)
    raw.load(input=turtle_of(steps).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    store = EmbeddedStore(raw)
    find_query(ROOT / "queries", "cq07-pathway-edges")
    times = []
    for _ in range(3):
        t, rows = timed(load_rows, store, ROOT / "queries")
        times.append(t)
    t, graph = timed(build_graph, rows)
    return {"cq07 ms": median_ms(times), "rows": str(len(rows)), "graph from rows ms": f"{t * 1000:.2f}"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="edge counts, comma-separated")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=15, help="questions per size (medians over them)")
    parser.add_argument("--query", action="store_true", help="also time the SPARQL edge query")
    args = parser.parse_args(argv)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        results.append(bench_size(size, args.seed, args.repeat, args.query))
        print(f"done {size} edges", file=sys.stderr, flush=True)
    columns = list(results[0])
    widths = {c: max(len(c), *(len(r.get(c, "")) for r in results)) for c in columns}
    print(f"seed {args.seed}, {args.repeat} questions per size, medians; python {sys.version.split()[0]}")
    print("  ".join(c.rjust(widths[c]) for c in columns))
    for r in results:
        print("  ".join(r.get(c, "").rjust(widths[c]) for c in columns))


if __name__ == "__main__":
    main()
