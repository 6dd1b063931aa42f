"""Median latency of every stored query on three engines, at the review's size and on synthetic graphs.

    python benchmarks/query_bench.py                      # review, 1e4 and 1e5 quads
    python benchmarks/query_bench.py --with-1e6           # also 1e6 (minutes; rdflib skipped there)
    python benchmarks/query_bench.py --sizes 20000 --repeats 3 --json out.json

Engines: the embedded Oxigraph store (msckg.query.store.EmbeddedStore), rdflib's own
SPARQL engine over an in-memory Dataset whose default graph is the union, and an
Oxigraph server (``oxigraph serve-read-only``) on a free loopback port reached
through SPARQLWrapper (msckg.query.endpoint.EndpointStore). Every engine runs the same
text (parameters bound by the same VALUES block), and each measured run includes
turning the answer into rows of rdflib terms, as the command does. One warm-up
run, then the median of --repeats runs. A query that takes longer than --budget
seconds on rdflib is run once and marked '>'. The synthetic graphs come from
benchmarks/replicate.py (copies of the built review graph, seeded).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from replicate import replicate, write  # noqa: E402

from msckg.query.answers import comparable  # noqa: E402
from msckg.query.catalog import StoredQuery, load_catalog  # noqa: E402
from msckg.query.endpoint import EndpointStore  # noqa: E402
from msckg.query.server import OxigraphServer  # noqa: E402
from msckg.query.store import EmbeddedStore, bind_values, create_store  # noqa: E402


class RdflibStore:
    """rdflib's SPARQL engine behind the same select() as the other stores."""

    def __init__(self, nquads: Path):
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(str(nquads), format="nquads")

    def select(self, query: str, bindings=None) -> list[dict]:
        result = self.dataset.query(bind_values(query, bindings))
        return [{str(v): row[v] for v in result.vars if row[v] is not None} for row in result]


def _time(run, repeats: int, budget: float) -> tuple[float, int, bool, list]:
    """Median seconds over repeats after one warm-up; rows; whether cut short by the budget."""
    started = time.perf_counter()
    rows = run()
    first = time.perf_counter() - started
    if first > budget:
        return first, len(rows), True, rows
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        rows = run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), len(rows), False, rows


def bench_dataset(label: str, nquads: Path, quads: int, queries: list[StoredQuery], args) -> dict:
    print(f"\n== {label}: {quads} quads", flush=True)
    with tempfile.TemporaryDirectory(prefix="msckg-bench-") as tmp:
        started = time.perf_counter()
        create_store(Path(tmp) / "store", nquads)
        load_embedded = time.perf_counter() - started
        embedded = EmbeddedStore.open(Path(tmp) / "store")
        engines = {"embedded": embedded}
        loads = {"embedded": load_embedded}
        server = None
        if "endpoint" in args.engines:
            server = OxigraphServer(Path(tmp) / "store", read_only=True, timeout_s=600).start()
            engines["endpoint"] = EndpointStore(server.query_url, timeout=600)
        if "rdflib" in args.engines and quads <= args.rdflib_max:
            started = time.perf_counter()
            engines["rdflib"] = RdflibStore(nquads)
            loads["rdflib"] = time.perf_counter() - started
        try:
            results = []
            for query in queries:
                bindings = query.bindings({p.name: str(p.example) for p in query.parameters if p.required})
                entry = {"query": query.name}
                reference_rows = None
                for name, engine in engines.items():
                    budget = args.budget if name == "rdflib" else float("inf")
                    seconds, count, cut, rows = _time(lambda e=engine: e.select(query.text, bindings),
                                                      args.repeats, budget)
                    entry[name] = {"median_ms": seconds * 1000, "rows": count, "cut": cut}
                    if reference_rows is None:
                        reference_rows = comparable(rows, unordered_concat=True)
                    else:
                        entry[name]["same_rows"] = comparable(rows, unordered_concat=True) == reference_rows
                results.append(entry)
                print(_line(entry), flush=True)
        finally:
            if server is not None:
                server.stop()
            del embedded, engines
    return {"label": label, "quads": quads, "load_seconds": loads, "queries": results}


def _line(entry: dict) -> str:
    parts = [f"{entry['query']:34s}"]
    for name in ("embedded", "rdflib", "endpoint"):
        if name in entry:
            e = entry[name]
            parts.append(f"{name} {'>' if e['cut'] else ' '}{e['median_ms']:9.1f} ms ({e['rows']} rows)")
    return "  ".join(parts)


def markdown(report: list[dict]) -> str:
    """One table per dataset: medians in ms and the ratios to the embedded store."""
    out = []
    for dataset in report:
        out.append(f"\n#### {dataset['label']} ({dataset['quads']:,} quads)\n")
        out.append("| query | rows | embedded ms | rdflib ms | endpoint ms | rdflib / embedded | endpoint / embedded |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for entry in dataset["queries"]:
            base = entry["embedded"]["median_ms"]

            def cell(name):
                if name not in entry:
                    return "–", "–"
                e = entry[name]
                mark = ">" if e["cut"] else ""
                same = "" if e.get("same_rows", True) else " ≠"
                return f"{mark}{e['median_ms']:.1f}{same}", f"{mark}{e['median_ms'] / base:.1f}×"
            rdf, rdf_ratio = cell("rdflib")
            end, end_ratio = cell("endpoint")
            out.append(f"| {entry['query']} | {entry['embedded']['rows']} | {base:.1f} | {rdf} | {end} | "
                       f"{rdf_ratio} | {end_ratio} |")
        medians = {name: statistics.median(e[name]["median_ms"] for e in dataset["queries"])
                   for name in ("embedded", "rdflib", "endpoint") if name in dataset["queries"][0]}
        out.append("| **median over queries** | | " + " | ".join(
            f"**{medians[n]:.1f}**" if n in medians else "–" for n in ("embedded", "rdflib", "endpoint"))
            + " | | |")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000],
                        help="synthetic sizes in quads (default 1e4 1e5)")
    parser.add_argument("--with-1e6", action="store_true", help="also run 10^6 quads (slow; run by hand)")
    parser.add_argument("--no-review", action="store_true", help="skip the review's own graph")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds after which rdflib runs a query once")
    parser.add_argument("--rdflib-max", type=int, default=200_000, help="largest size rdflib is run on")
    parser.add_argument("--engines", default="embedded,rdflib,endpoint")
    parser.add_argument("--queries", default="", help="comma-separated query names (default: every stored query)")
    parser.add_argument("--build", type=Path, default=ROOT / "build", help="the built graph (msckg build)")
    parser.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    parser.add_argument("--markdown", type=Path, default=None, help="write the tables as Markdown")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.engines = set(args.engines.split(","))

    catalog = load_catalog(ROOT / "queries")
    wanted = [n for n in args.queries.split(",") if n]
    queries = [catalog[n] for n in wanted] if wanted else list(catalog.values())
    source = args.build / "msckg.nq"
    sizes = list(args.sizes) + ([1_000_000] if args.with_1e6 else [])

    report = []
    if not args.no_review:
        review_quads = sum(1 for line in source.open(encoding="utf-8") if line.strip())
        report.append(bench_dataset("review (li2023)", source, review_quads, queries, args))
    with tempfile.TemporaryDirectory(prefix="msckg-synth-") as tmp:
        for size in sizes:
            quads = replicate(source, size, args.seed)
            path = write(quads, Path(tmp) / f"synth-{size}.nq")
            report.append(bench_dataset(f"synthetic {size:.0e}".replace("+0", ""), path, len(quads), queries, args))
    text = markdown(report)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
