"""The store-native build (msckg build --reasoner rl) at 10^5 and 10^6 triples, beside bare pyoxigraph.

    .venv/bin/python benchmarks/native_bench.py --sizes 1e5,1e6 --repeats 3 \
        --json benchmarks/results/native_bench.json

For each size, on a corpus from generate.py (seeded), in the same run:
  - the whole `msckg build --reasoner rl` in a subprocess, with its phases (parse, checks, tables, shacl,
    tbox, rl, rules, derived, mappings, summary, write, store) and the peak memory of its whole process
    tree (the build, Java for HermiT, sort), sampled from /proc every 50 ms;
  - the reference: bare pyoxigraph parsing the same input files (pyoxigraph.parse, every triple)
    plus loading the written dataset (msckg.nq) into an on-disk store (Store.bulk_load, flush),
    and the ratio build / reference (medians), and the ratio of each build to the reference run
    right after it;
  - optionally (--before) today's rdflib pipeline with the same reasoner (pipeline.build +
    write_build), for the before figures;
  - the listing queries with their default page (default_page: 100 rows, or a page of keys) on the
    embedded store of the build;
  - optionally (--virtuoso) Virtuoso: the Graph Store Protocol load of the build and every stored
    query, beside the embedded store.
Medians over --repeats runs (a run over 60 s is not repeated). Tests never time anything; this does.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

BUILD = """
import json, sys, time
from pathlib import Path
from msckg.paths import project_layout
t0 = time.perf_counter()
if sys.argv[2] == "native":
    from msckg.build.native.pipeline import build_native, write_native_build
    built = build_native(project_layout())
    write_native_build(built, Path(sys.argv[1]))
    phases = built.phases
    peaks = built.peak_mb
else:
    from msckg.build.pipeline import build
    from msckg.build.project import write_build
    t = time.perf_counter(); b = build(project_layout(), reasoner="rl"); t1 = time.perf_counter()
    write_build(b, Path(sys.argv[1])); phases = {"build": t1 - t, "write+store+summary": time.perf_counter() - t1}
print(json.dumps({"seconds": time.perf_counter() - t0, "phases": phases,
                  "process_peak_mb_after": peaks if sys.argv[2] == "native" else {}}))
"""

BARE = """
import json, sys, time, shutil
from pathlib import Path
import pyoxigraph as ox
from msckg.build.load import rdf_files
from msckg.paths import project_layout
layout = project_layout()
files = [p for p in rdf_files(layout.ontology) if not p.name.startswith("shapes")] + \\
        rdf_files(layout.data, skip=(layout.sources,))
t0 = time.perf_counter()
n = sum(1 for p in files for _ in ox.parse(path=str(p), base_iri=p.as_uri()))
t1 = time.perf_counter()
target = Path(sys.argv[1])
shutil.rmtree(target, ignore_errors=True)
store = ox.Store(str(target))
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
store.flush()
del store
t2 = time.perf_counter()
shutil.rmtree(target, ignore_errors=True)
print(json.dumps({"parse_s": t1 - t0, "load_s": t2 - t1, "seconds": t2 - t0, "input_triples": n}))
"""

PAGES = """
import json, sys, time, statistics
from pathlib import Path
from msckg.paths import project_layout
from msckg.query.answers import answer, default_page
from msckg.query.catalog import load_catalog
from msckg.query.store import EmbeddedStore
store = EmbeddedStore.open(Path(sys.argv[1]) / "store")
out = {}
for name, q in load_catalog(project_layout().queries).items():
    if not q.paged:
        continue
    given = {p.name: str(p.example) for p in q.parameters if p.required}
    times = []
    for i in range(4):
        t = time.perf_counter(); rows = answer(store, q, given, page=default_page(q)).rows; times.append(time.perf_counter() - t)
        if times[-1] > 5: break
    out[name] = {"median_s": statistics.median(times[1:] or times), "rows": len(rows)}
print(json.dumps(out))
"""

VIRTUOSO = """
import json, sys, time, statistics
from pathlib import Path
from msckg.paths import project_layout
from msckg.query.answers import answer
from msckg.query.catalog import load_catalog
from msckg.query.endpoint import EndpointStore
from msckg.query.server import publish
from msckg.query.store import EmbeddedStore
from msckg.query.virtuoso import VirtuosoServer
build = Path(sys.argv[1])
result = {}
with VirtuosoServer(memory_mb=int(sys.argv[2]), timeout=120) as v:
    t = time.perf_counter(); sent = publish(build / "msckg.nq", v.graph_store_url, timeout=1800)
    result["load_s"] = time.perf_counter() - t; result["triples"] = sum(sent.values())
    endpoints = {"virtuoso": EndpointStore(v.query_url, timeout=120), "embedded": EmbeddedStore.open(build / "store")}
    queries = {}
    for name, q in load_catalog(project_layout().queries).items():
        given = {p.name: str(p.example) for p in q.parameters if p.required}
        queries[name] = {}
        for engine, store in endpoints.items():
            times = []
            try:
                for i in range(4):
                    t = time.perf_counter(); rows = answer(store, q, given).rows; times.append(time.perf_counter() - t)
                    if times[-1] > 10: break
                queries[name][engine] = {"median_s": statistics.median(times[1:] or times), "rows": len(rows)}
            except Exception as exc:
                queries[name][engine] = {"error": str(exc)[:200]}
    result["queries"] = queries
print(json.dumps(result))
"""


def tree_rss_mb(pid: int) -> float:
    """Resident memory of pid and all its descendants (from /proc), MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / 1024 / 1024


def run(code: str, args: list[str], root: Path, timeout: float) -> dict:
    env = dict(os.environ, MSCKG_ROOT=str(root))
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=str(ROOT))
    peak, start = 0.0, time.monotonic()
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        if time.monotonic() - start > timeout:
            proc.kill()
            return {"error": f"timeout after {timeout:g} s", "peak_mb": peak}
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode != 0:
        return {"error": err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}", "peak_mb": peak}
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = peak
    return result


def median_of(runs: list[dict], key: str = "seconds") -> float | None:
    values = [r[key] for r in runs if key in r]
    return statistics.median(values) if values else None


def bench_size(size: int, repeats: int, work: Path, before: bool, virtuoso: bool, timeout: float, log,
               pages: bool = True) -> dict:
    import generate

    root = work / f"corpus-{size}"
    if not (root / ".generated").exists():
        generate.generate(root, size)
        (root / ".generated").write_text("")
    generate.refresh(root)
    out = work / f"build-{size}"
    result: dict = {"size": size}
    builds, bares = [], []
    for i in range(repeats):  # build and reference alternate, so load on the machine hits both alike
        builds.append(run(BUILD, [str(out), "native"], root, timeout))
        log(f"{size}: native build {builds[-1].get('seconds', builds[-1].get('error'))} s, "
            f"peak {builds[-1]['peak_mb']:.0f} MB")
        if "error" in builds[-1]:
            break
        bares.append(run(BARE, [str(work / "bare-store"), str(out / "msckg.nq")], root, timeout))
        log(f"{size}: bare pyoxigraph {bares[-1].get('seconds')} s")
        if builds[-1]["seconds"] > 60 and i >= 0 and repeats > 1 and size >= 10 ** 6:
            break
    result["native"] = {"runs": builds, "median_s": median_of(builds),
                        "peak_mb": max(b["peak_mb"] for b in builds),
                        "phases_s": {k: statistics.median([b["phases"][k] for b in builds if "phases" in b])
                                     for k in (builds[0].get("phases") or {})}}
    result["bare"] = {"runs": bares, "median_s": median_of(bares), "parse_s": median_of(bares, "parse_s"),
                      "load_s": median_of(bares, "load_s")}
    if result["native"]["median_s"] and result["bare"]["median_s"]:
        result["ratio"] = result["native"]["median_s"] / result["bare"]["median_s"]
        # each build over the reference run right after it: the machine's speed drifts between
        # runs (bare pyoxigraph alone by up to 50 % in a few minutes), and a pair shares the drift
        result["pair_ratios"] = [b["seconds"] / r["seconds"] for b, r in zip(builds, bares)
                                 if b.get("seconds") and r.get("seconds")]
    summary = json.loads((out / "summary.json").read_text()) if (out / "summary.json").exists() else {}
    result["triples"] = summary.get("triples")
    if before:
        old = run(BUILD, [str(work / f"old-{size}"), "rdflib"], root, timeout)
        result["before"] = old
        log(f"{size}: rdflib build {old.get('seconds', old.get('error'))} s, peak {old['peak_mb']:.0f} MB")
    if pages and (out / "store").exists():
        result["pages"] = run(PAGES, [str(out)], root, timeout)
        log(f"{size}: pages measured")
    if (out / "store").exists():
        if virtuoso:
            result["virtuoso"] = run(VIRTUOSO, [str(out), "1500"], root, timeout * 3)
            log(f"{size}: virtuoso load {result['virtuoso'].get('load_s', result['virtuoso'].get('error'))}")
    return result


def sizes(text: str) -> list[int]:
    """--sizes: whole numbers of triples above 0, comma-separated, in any float notation (1e5)."""
    try:
        found = [int(float(part)) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of sizes such as 1e5,1e6") from None
    if any(n < 1 for n in found):
        raise argparse.ArgumentTypeError(f"{text!r}: a size is a number of triples above 0")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=[10 ** 5], type=sizes, help="triples, comma-separated (1e5,1e6)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "msckg-native-bench")
    parser.add_argument("--before", action="store_true", help="also today's rdflib pipeline (slow at 10^6)")
    parser.add_argument("--virtuoso", action="store_true", help="also load into Virtuoso and query it")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--no-pages", action="store_true", help="leave out the listing queries (page_bench.py times them)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        results.append(bench_size(size, args.repeats, args.work, args.before, args.virtuoso, args.timeout,
                                  lambda m: print(m, flush=True), pages=not args.no_pages))
        if args.json:
            args.json.write_text(json.dumps({"load": os.getloadavg(), "results": results}, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
