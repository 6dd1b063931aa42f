"""Virtuoso beside the embedded Oxigraph store: load time and the time of every stored query.

Run from the project root after 'msckg build' (the build in build/, or MSCKG_BUILD_DIR):

    .venv/bin/python benchmarks/virtuoso_bench.py [--runs 5]

Starts Debian's virtuoso-opensource on free loopback ports with a throw-away database (as the
tests do), loads the build with 'msckg publish' (the Graph Store Protocol) and times it, then runs
each stored query with its example parameters on both engines, --runs times each, and prints the
medians, the ratio Virtuoso/Oxigraph and whether the rows agree (the reasons for a difference are
in tests/test_virtuoso.py). Times include HTTP for Virtuoso and nothing of the kind for the
embedded store, which is the comparison a user makes when moving the graph to a server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from click.testing import CliRunner

from msckg.commands.main import main
from msckg.errors import MsckgError
from msckg.paths import project_layout
from msckg.query.answers import answer, comparable
from msckg.query.catalog import load_catalog
from msckg.query.endpoint import EndpointStore
from msckg.query.store import EmbeddedStore
from msckg.query.virtuoso import VirtuosoServer, available


def median_time(run, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main_bench(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    missing = available()
    if missing is not None:
        print(f"skipped: {missing}")
        return 0
    layout = project_layout()
    try:
        store = EmbeddedStore.open(layout.build / "store")
    except MsckgError as exc:  # no build yet: one line, not a traceback
        print(f"virtuoso_bench: {exc}", file=sys.stderr)
        return 2
    catalog = load_catalog(layout.queries)
    with VirtuosoServer() as server:
        start = time.perf_counter()
        loaded = CliRunner(env={"MSCKG_BUILD_DIR": str(layout.build)}).invoke(
            main, ["publish", "--endpoint", server.graph_store_url])
        load_seconds = time.perf_counter() - start
        if loaded.exit_code != 0:
            print(loaded.output, file=sys.stderr)
            return 1
        endpoint = EndpointStore(server.query_url, timeout=60)
        print(f"publish into Virtuoso: {load_seconds:.2f} s ({layout.build / 'msckg.nq'})")
        print(f"{'query':36} {'oxigraph ms':>12} {'virtuoso ms':>12} {'ratio':>7}  rows agree")
        for name in sorted(catalog):
            query = catalog[name]
            given = {p.name: str(p.example) for p in query.parameters if p.required}
            here_s, here = median_time(lambda: answer(store, query, given).rows, args.runs)
            try:
                there_s, there = median_time(lambda: answer(endpoint, query, given).rows, args.runs)
            except MsckgError as exc:
                print(f"{name:36} {here_s * 1000:12.1f} {'refused':>12} {'':>7}  {str(exc)[:60]}")
                continue
            agree = comparable(there, unordered_concat=True) == comparable(here, unordered_concat=True)
            print(f"{name:36} {here_s * 1000:12.1f} {there_s * 1000:12.1f} {there_s / here_s:7.1f}  "
                  f"{'yes' if agree else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main_bench())
