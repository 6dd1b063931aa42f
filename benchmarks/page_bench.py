"""Median time of each listing query's default page on the embedded store of a build.

    python benchmarks/page_bench.py BUILD_DIR                    # every paged query, median of 3
    python benchmarks/page_bench.py BUILD_DIR --repeats 5 --json pages.json --queries queries/

BUILD_DIR is the output of `msckg build` (its store/ folder is opened read-only), for
example of a synthetic corpus from benchmarks/generate.py. Each paged query (header
`#+ paged`) is answered with its default page (msckg.query.answers.default_page), with
only its required parameters (their header examples), exactly as `msckg query NAME` does:
one warm-up run, then the median of --repeats runs; a query whose warm-up takes longer
than --budget seconds is run once and marked '>'. The table is Markdown on stdout.
"""

from __future__ import annotations

import argparse
import sys
import json
import statistics
import time
from pathlib import Path

from msckg.query.answers import answer, default_page
from msckg.query.catalog import load_catalog
from msckg.query.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]


def time_pages(build: Path, queries: Path, repeats: int, budget: float) -> dict[str, dict]:
    store = EmbeddedStore.open(build / "store")
    figures = {}
    for name, query in load_catalog(queries).items():
        if not query.paged:
            continue
        given = {p.name: str(p.example) for p in query.parameters if p.required}
        page = default_page(query)

        def run() -> int:
            return len(answer(store, query, given, queries=queries, page=page).rows)

        started = time.perf_counter()
        rows = run()
        first = time.perf_counter() - started
        if first > budget:
            figures[name] = {"median_s": first, "rows": rows, "cut_short": True}
            continue
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            rows = run()
            times.append(time.perf_counter() - started)
        figures[name] = {"median_s": statistics.median(times), "rows": rows, "cut_short": False,
                         "keyed": query.page_key is not None}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a build folder (with store/)")
    parser.add_argument("--queries", type=Path, default=ROOT / "queries", help="stored queries (default: this checkout's)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds above which a query runs once")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = time_pages(args.build, args.queries, args.repeats, args.budget)
    summary = json.loads((args.build / "summary.json").read_text()).get("triples", {})
    print(f"build {args.build} ({summary.get('total', '?')} triples, {summary.get('asserted', '?')} asserted)\n")
    print("| listing query | default page, ms | rows | pages by |\n|---|---:|---:|---|")
    for name, f in sorted(figures.items(), key=lambda item: -item[1]["median_s"]):
        mark = "> " if f["cut_short"] else ""
        print(f"| {name} | {mark}{f['median_s'] * 1000:.1f} | {f['rows']} | {'key' if f.get('keyed') else 'rows'} |")
    if args.json:
        args.json.write_text(json.dumps({"build": str(args.build), "triples": summary, "pages": figures}, indent=1))


if __name__ == "__main__":
    from msckg.errors import MsckgError

    try:
        main()
    except MsckgError as exc:  # no build, a missing query folder: one line, not a traceback
        sys.exit(f"page_bench: {exc}")
