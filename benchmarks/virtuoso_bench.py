"""Virtuoso beside the embedded Oxigraph store: load time and the time of every stored query.

Run from the project root after 'msckg build' (the build in build/, or MSCKG_BUILD_DIR):

    .venv/bin/python benchmarks/virtuoso_bench.py [--runs 5]

or against a build made elsewhere (a generated corpus and its build, as native_bench.py leaves
them), without building again; the queries are the ones of --project (MSCKG_ROOT):

    nice -n 10 .venv/bin/python benchmarks/virtuoso_bench.py --project /tmp/x/bench/corpus-100000 \\
        --build /tmp/x/bench/build-100000 --runs 3 --memory-mb 1500 --json benchmarks/results/v.json

Starts Debian's virtuoso-opensource on free loopback ports with a throw-away database (as the
tests do; it inherits this process's niceness), loads the build with 'msckg publish' (the Graph
Store Protocol) and times it, then runs each stored query with its example parameters on both
engines, --runs times each (once when a run takes over 10 s), and prints the medians, the ratio
Virtuoso/Oxigraph and whether the rows agree (the reasons for a difference are in
tests/test_virtuoso.py). Times include HTTP for Virtuoso and nothing of the kind for the
embedded store, which is the comparison a user makes when moving the graph to a server. The
build folder is only read: the embedded store is opened read-only, Virtuoso's database is its own.
A query Virtuoso does not finish within --query-timeout is recorded as such, not as a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from msckg.commands.main import main
from msckg.errors import MsckgError
from msckg.paths import project_layout
from msckg.query.answers import answer, comparable, default_page
from msckg.query.catalog import load_catalog
from msckg.query.endpoint import EndpointStore
from msckg.query.store import EmbeddedStore
from msckg.query.virtuoso import ISQL, VirtuosoServer, available

ONCE_OVER_S = 10.0  # a run longer than this is not repeated


def median_time(run, runs: int) -> tuple[float, object, int]:
    """Median seconds, the last result and the number of runs made."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
        if times[-1] > ONCE_OVER_S:
            break
    return statistics.median(times), result, len(times)


def main_bench(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, default=None,
                        help="project folder whose queries are run (default: MSCKG_ROOT or this checkout)")
    parser.add_argument("--build", type=Path, default=None,
                        help="an existing build folder (its msckg.nq and store/), only read; default the project's")
    parser.add_argument("--memory-mb", type=int, default=400, help="Virtuoso's buffer memory")
    parser.add_argument("--query-timeout", type=int, default=60,
                        help="seconds Virtuoso may take per query (its MaxQueryExecutionTime and the client's wait)")
    parser.add_argument("--load", choices=("publish", "bulk"), default="publish",
                        help="'msckg publish' (the Graph Store Protocol, one request per graph), or Virtuoso's "
                             "bulk loader (ld_dir and rdf_loader_run on a copy of msckg.nq)")
    parser.add_argument("--load-timeout", type=float, default=1800,
                        help="seconds the load may take (per graph for publish)")
    parser.add_argument("--page", choices=("all", "default"), default="all",
                        help="every row (rows comparable across engines), or a paged query's default page "
                             "(what 'msckg query' answers; a page is cut in each store's own order)")
    parser.add_argument("--only", default=None, help="comma-separated query names (default every stored query)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    missing = available()
    if missing is not None:
        print(f"skipped: {missing}")
        return 0
    if args.project is not None:
        os.environ["MSCKG_ROOT"] = str(args.project)
    if args.build is not None:
        os.environ["MSCKG_BUILD_DIR"] = str(args.build)
    layout = project_layout()
    try:
        store = EmbeddedStore.open(layout.build / "store")
    except MsckgError as exc:  # no build yet: one line, not a traceback
        print(f"virtuoso_bench: {exc}", file=sys.stderr)
        return 2
    catalog = load_catalog(layout.queries)
    names = sorted(catalog) if args.only is None else [n.strip() for n in args.only.split(",")]
    unknown = [n for n in names if n not in catalog]
    if unknown:
        print(f"virtuoso_bench: no stored query {', '.join(unknown)} in {layout.queries}", file=sys.stderr)
        return 2
    record: dict = {"build": str(layout.build), "queries_from": str(layout.queries), "runs": args.runs,
                    "memory_mb": args.memory_mb, "query_timeout_s": args.query_timeout, "page": args.page,
                    "niceness": os.nice(0), "load_average_before": os.getloadavg()}
    summary = layout.build / "summary.json"
    if summary.exists():
        record["triples"] = json.loads(summary.read_text()).get("triples")
    record["load_by"] = args.load
    with VirtuosoServer(memory_mb=args.memory_mb, timeout=args.query_timeout) as server:
        if args.load == "bulk":
            record["load"] = bulk_load(server, layout.build / "msckg.nq", args.load_timeout)
        else:
            start = time.perf_counter()
            loaded = CliRunner(env={"MSCKG_BUILD_DIR": str(layout.build), "MSCKG_ROOT": str(layout.root)}).invoke(
                main, ["publish", "--endpoint", server.graph_store_url, "--timeout", str(args.load_timeout)])
            record["load"] = {"seconds": time.perf_counter() - start, "output": loaded.output.strip()}
            if loaded.exit_code != 0:
                record["load"]["error"] = loaded.output.strip()[-300:]
        if "error" in record["load"]:
            print(f"virtuoso_bench: the {args.load} load failed after {record['load']['seconds']:.1f} s: "
                  f"{record['load']['error']}", file=sys.stderr)
            _write(args.json, record)
            return 1
        load_seconds = record["load"]["seconds"]
        endpoint = EndpointStore(server.query_url, timeout=args.query_timeout + 5)
        print(f"{args.load} into Virtuoso: {load_seconds:.2f} s ({layout.build / 'msckg.nq'})", flush=True)
        print(f"{'query':36} {'oxigraph ms':>12} {'virtuoso ms':>12} {'ratio':>7}  rows agree", flush=True)
        record["queries"] = {}
        for name in names:
            query = catalog[name]
            given = {p.name: str(p.example) for p in query.parameters if p.required}
            page = default_page(query) if args.page == "default" else None
            entry: dict = {"paged": page is not None}
            record["queries"][name] = entry
            here_s, here, runs = median_time(lambda: answer(store, query, given, page=page).rows, args.runs)
            entry["oxigraph"] = {"median_s": here_s, "rows": len(here), "runs": runs}
            asked = time.perf_counter()
            try:
                there_s, there, runs = median_time(lambda: answer(endpoint, query, given, page=page).rows, args.runs)
            except MsckgError as exc:
                entry["virtuoso"] = {"error": str(exc)[:300], "failed_after_s": time.perf_counter() - asked}
                text = str(exc)  # Virtuoso's own message, "Virtuoso S1T00 Error SR171: ...", when it gave one
                reason = text[text.find("Virtuoso "):].split("\\n")[0][:60] if "Virtuoso " in text else text[:60]
                print(f"{name:36} {here_s * 1000:12.1f} {'refused':>12} {'':>7}  "
                      f"after {entry['virtuoso']['failed_after_s']:.1f} s: {reason}", flush=True)
                _write(args.json, record)
                continue
            agree = comparable(there, unordered_concat=True) == comparable(here, unordered_concat=True)
            entry["virtuoso"] = {"median_s": there_s, "rows": len(there), "runs": runs}
            entry["rows_agree"] = agree
            if there_s >= 0.95 * args.query_timeout:  # Virtuoso may cut an answer at its time limit
                entry["virtuoso"]["at_time_limit"] = True
            print(f"{name:36} {here_s * 1000:12.1f} {there_s * 1000:12.1f} {there_s / here_s:7.1f}  "
                  f"{'yes' if agree else 'no'}{'  (at the time limit)' if entry['virtuoso'].get('at_time_limit') else ''}",
                  flush=True)
            _write(args.json, record)
    record["load_average_after"] = os.getloadavg()
    _write(args.json, record)
    return 0


def bulk_load(server: VirtuosoServer, nquads: Path, timeout: float) -> dict:
    """Load the build with Virtuoso's bulk loader and check that it holds every quad.

    The loader reads only folders the server allows (DirsAllowed: its own), so the file is copied
    there first; the copy is timed apart from the load (ld_dir, rdf_loader_run, checkpoint)."""
    start = time.perf_counter()
    shutil.copy(nquads, server.folder / "msckg.nq")
    copied = time.perf_counter()
    statements = (f"ld_dir('{server.folder}', 'msckg.nq', 'https://w3id.org/msckg/graph/default'); "
                  "rdf_loader_run(); checkpoint; "
                  "SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list;")
    try:
        done = subprocess.run([ISQL, f"127.0.0.1:{server.sql_port}", "dba", "dba", f"exec={statements}"],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"the bulk load did not end within {timeout:g} s", "seconds": time.perf_counter() - copied,
                "copy_s": copied - start}
    loaded = time.perf_counter()
    (server.folder / "msckg.nq").unlink()
    result = {"seconds": loaded - copied, "copy_s": copied - start}
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output or "msckg.nq" not in output:
        result["error"] = " ".join(output.split())[-300:]
        return result
    count = EndpointStore(server.query_url, timeout=timeout, graphs=None).select(  # Virtuoso's own graphs left out
        'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "https://w3id.org/msckg/")) }')
    in_file = len(set(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)))  # distinct quads, as a store holds them
    result["quads_in_virtuoso"], result["quads_in_file"] = int(count[0]["n"]), in_file
    if result["quads_in_virtuoso"] != in_file:
        result["error"] = f"Virtuoso holds {result['quads_in_virtuoso']} quads, the file {in_file}"
    return result


def _write(path: Path | None, record: dict) -> None:
    """The figures so far (written after every query, so a run stopped midway keeps them)."""
    if path is not None:
        path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main_bench())
