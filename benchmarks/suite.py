"""Run every benchmark of msckg and write the results, figures and a summary.

    python benchmarks/suite.py [--sizes 1e3,1e4,1e5] [--repeats 3] [--out benchmarks/results]

Runs, in order:
  1. build_bench.sweep: each build stage (load, validate, DL reason, RL closure, rules,
     write, store load, describe, queries, routes, the whole build) at each size, in a
     subprocess per stage and variant, beside its references (bare pyoxigraph, rdflib,
     owlready2's SPARQL engine), medians over --repeats runs, peak memory, per-run timeout;
  2. reasoning_bench: HermiT and Pellet on the review's graph (whole build and infer alone)
     and on synthetic graphs of --individuals individuals (DL, RL closure, rules);
  3. the benchmarks other people maintain, if present: benchmarks/pathway_bench.py
     (route finding on 10^3..10^5 edges) and benchmarks/query_bench.py (stored queries);
then writes to --out: results.json (machine, configuration, every row, the analysis),
results.csv (one row per measurement), summary.md (tables: stages by size, slopes and
1-minute sizes, each figure beside its reference, the targets), machine.json and the
figures of plot.py (stages.png, references.png, reasoning.png).

The default (10^3..10^5 triples, the review's graph, 10^3 individuals, pathway_bench)
takes about 15-17 minutes on 2 cores. The rest is optional and can be merged into the
same results: `--sizes 1e6 --individuals '' --no-review --merge` adds 10^6 triples (the
DL stage runs against its timeout; the whole build with HermiT is skipped when the DL
stage alone did not finish), `--sizes '' --individuals 1e4,1e5 --no-review --merge` the
larger reasoning sizes, `--query-bench` query_bench.py; `--all` runs everything at once.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import build_bench as bb  # noqa: E402
import plot  # noqa: E402
import reasoning_bench as rb  # noqa: E402

DEFAULT_OUT = BENCH / "results"
PATHWAY_EDGES = "1000,10000,100000"


# ----------------------------------------------------------------------------- other people's benchmarks

def run_pathway_bench(timeout: float, log=print) -> dict | None:
    """benchmarks/pathway_bench.py: bench_size per edge count (JSON), else its printed table."""
    path = BENCH / "pathway_bench.py"
    if not path.exists():
        log("pathway_bench.py not present: skipped (hook: suite.run_pathway_bench)")
        return None
    code = ("import json, sys; sys.path.insert(0, %r); import pathway_bench as pb; "
            "print(json.dumps([pb.bench_size(n, 42, 15, False) for n in (%s)]))" % (str(BENCH), PATHWAY_EDGES))
    t0 = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                              cwd=str(bb.ROOT))
        if done.returncode == 0:
            rows = json.loads(done.stdout.strip().splitlines()[-1])
            log(f"pathway_bench: {len(rows)} sizes in {time.perf_counter() - t0:.0f} s")
            return {"source": "pathway_bench.bench_size", "rows": rows, "seconds": time.perf_counter() - t0}
        done = subprocess.run([sys.executable, str(path), "--sizes", PATHWAY_EDGES], capture_output=True,
                              text=True, timeout=timeout, cwd=str(bb.ROOT))
        return {"source": "pathway_bench.py (stdout)", "text": done.stdout, "returncode": done.returncode,
                "stderr_tail": done.stderr[-1000:]}
    except subprocess.TimeoutExpired:
        return {"source": "pathway_bench", "status": "timeout"}


def run_query_bench(timeout: float, out: Path, log=print) -> dict | None:
    """benchmarks/query_bench.py with its defaults; its JSON and Markdown go to out/query_bench.*."""
    path = BENCH / "query_bench.py"
    if not path.exists():
        log("query_bench.py not present: skipped (hook: suite.run_query_bench; the stored queries are "
            "also timed by build_bench's query stage)")
        return None
    help_text = subprocess.run([sys.executable, str(path), "--help"], capture_output=True, text=True,
                               cwd=str(bb.ROOT)).stdout
    argv = [sys.executable, str(path)]
    if "--json" in help_text:
        argv += ["--json", str(out / "query_bench.json")]
    if "--markdown" in help_text:
        argv += ["--markdown", str(out / "query_bench.md")]
    t0 = time.perf_counter()
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=str(bb.ROOT))
    except subprocess.TimeoutExpired:
        return {"source": "query_bench.py", "status": "timeout"}
    log(f"query_bench: exit {done.returncode} in {time.perf_counter() - t0:.0f} s")
    result = {"source": "query_bench.py", "returncode": done.returncode, "seconds": time.perf_counter() - t0,
              "stderr_tail": done.stderr[-1000:]}
    md = out / "query_bench.md"
    result["text"] = md.read_text() if md.exists() else done.stdout
    result["markdown"] = md.exists()
    if (out / "query_bench.json").exists():
        result["json_file"] = "query_bench.json"
    return result


# ----------------------------------------------------------------------------- analysis

def _key(r: dict) -> tuple:
    return (r.get("bench"), r.get("part"), r["stage"], r["variant"], r["size"])


def merge(old: list[dict], new: list[dict]) -> list[dict]:
    keys = {_key(r) for r in new}
    return [r for r in old if _key(r) not in keys] + new


def _one(rows, bench, stage, variant, size, part=None) -> dict | None:
    for r in rows:
        if r.get("bench") == bench and r["stage"] == stage and r["variant"] == variant and r["size"] == size \
                and (part is None or r.get("part") == part):
            return r
    return None


def _ok(r: dict | None) -> bool:
    return bool(r) and r["status"] == "ok" and r.get("median_s") is not None


def analyse(rows: list[dict], external: dict | None = None) -> dict:
    growth = {}
    for bench, part in (("build", None), ("reasoning", "synthetic")):
        combos = sorted({(r["stage"], r["variant"]) for r in rows if r.get("bench") == bench
                         and (part is None or r.get("part") == part)})
        for stage, variant in combos:
            pts = plot.points(rows, bench, stage, variant, part)
            f = plot.fit(pts)
            name = f"{bench}:{stage}:{variant}"
            if bench == "build" and pts:
                per = pts[-1]["x"] / pts[-1]["size"]  # asserted triples per generator triple
                f["extrapolated_1e6_s"] = plot.extrapolate(pts, 1e6 * per)
            growth[name] = f
    sizes = sorted({r["size"] for r in rows if r.get("bench") == "build"})
    compare = {}
    for n in sizes:
        c: dict = {}
        store = {v: _one(rows, "build", "store", v, n) for v in bb.STAGES["store"]}
        c["store_triples_per_s"] = {v: r["info"]["quads"] / r["median_s"] for v, r in store.items() if _ok(r)}
        for stage in ("query", "describe"):
            got = {v: _one(rows, "build", stage, v, n) for v in bb.STAGES[stage]}
            med = {v: r["median_s"] for v, r in got.items() if _ok(r)}
            c[stage] = {"median_s": med}
            if "project" in med and "pyoxigraph" in med:
                c[stage]["project_over_raw"] = med["project"] / med["pyoxigraph"]
            for other in ("rdflib", "owlready2"):
                if "project" in med and other in med:
                    c[stage][f"{other}_over_project"] = med[other] / med["project"]
            load = {v: r["info"].get("engine_load_s") for v, r in got.items() if r and r.get("info")}
            c[stage]["engine_load_s"] = load
        per_engine = {v: plot.query_medians(r) for v in ("project", "pyoxigraph", "rdflib")
                      if (r := _one(rows, "build", "query", v, n))}
        proj = {k: t for k, t in per_engine.get("project", {}).items() if k != "join"}
        stored: dict = {"project_s": proj}
        if proj:
            stored["project_max_s"] = max(proj.values())
            stored["project_median_of_queries_s"] = sorted(proj.values())[len(proj) // 2]
            stored["under_100ms"] = sum(1 for t in proj.values() if t < 0.1)
            stored["queries"] = len(proj)
        rdflib_row = _one(rows, "build", "query", "rdflib", n)
        lower = plot.query_timeouts(rdflib_row) if rdflib_row else {}
        if lower and "rdflib" in per_engine:  # a timeout is a lower bound on rdflib's time
            per_engine["rdflib"] = {**lower, **per_engine["rdflib"]}
            stored["rdflib_timeouts"] = sorted(lower)
        for other, key in (("pyoxigraph", "project_over_raw_geomean"), ("rdflib", "rdflib_over_project_geomean")):
            o = per_engine.get(other, {})
            common = [q for q in proj if q in o]
            if common:
                ratios = [proj[q] / o[q] if other == "pyoxigraph" else o[q] / proj[q] for q in common]
                stored[key] = plot.geomean(ratios)
                stored[key.replace("geomean", "per_query")] = dict(zip(common, ratios))
        rdf = per_engine.get("rdflib", {})
        stored["rdflib_s"] = {k: t for k, t in rdf.items() if k != "join"}
        stored["raw_s"] = {k: t for k, t in per_engine.get("pyoxigraph", {}).items() if k != "join"}
        c["stored_queries"] = stored
        for variant in ("hermit", "rl-only"):
            r = _one(rows, "build", "build", variant, n)
            if r:
                c[f"build_{variant}"] = {"status": r["status"], "median_s": r.get("median_s"),
                                         "peak_mb": max(r.get("peak_mb") or 0, r.get("children_peak_mb") or 0),
                                         "phases_s": (r.get("info") or {}).get("phases_s")}
        compare[bb.size_label(n)] = c
    return {"growth": growth, "compare": compare, "targets": targets(rows, compare, growth, external)}


def targets(rows: list[dict], compare: dict, growth: dict, ext: dict | None = None) -> list[dict]:
    """Where each target stands, at 10^6 if measured, else at the largest size (flagged)."""
    labels = list(compare)
    at = "1e6" if "1e6" in compare else (labels[-1] if labels else None)
    if at is None:
        return []
    c = compare[at]
    out = []
    sq = c.get("stored_queries", {})
    if sq.get("project_s"):
        out.append({"target": "stored queries < 100 ms median (embedded store)", "at": at,
                    "value": f"{sq['under_100ms']}/{sq['queries']} under 100 ms; slowest "
                             f"{sq['project_max_s'] * 1000:.0f} ms",
                    "met": sq["under_100ms"] == sq["queries"]})
    if sq.get("rdflib_over_project_geomean"):
        out.append({"target": ">= 20x faster than rdflib (geometric mean over stored queries)", "at": at,
                    "value": ("at least " if sq.get("rdflib_timeouts") else "")
                             + f"{sq['rdflib_over_project_geomean']:.1f}x"
                             + (f" ({len(sq['rdflib_timeouts'])} queries timed out on rdflib: counted at the "
                                "timeout)" if sq.get("rdflib_timeouts") else ""),
                    "met": sq["rdflib_over_project_geomean"] >= 20})
    if sq.get("project_over_raw_geomean"):
        join = c["query"].get("project_over_raw")
        out.append({"target": "project query path <= 30 % over bare pyoxigraph", "at": at,
                    "value": f"stored queries +{(sq['project_over_raw_geomean'] - 1) * 100:.0f} % (geomean)"
                             + (f"; join +{(join - 1) * 100:.0f} %" if join else ""),
                    "met": sq["project_over_raw_geomean"] <= 1.3})
    tps = c.get("store_triples_per_s", {})
    if "project" in tps:
        raw = tps.get("pyoxigraph-bulk_load-memory")
        out.append({"target": "store load >= 300,000 triples/s", "at": at,
                    "value": f"{tps['project']:,.0f}/s (create_store)" +
                             (f"; bare bulk_load in memory {raw:,.0f}/s" if raw else ""),
                    "met": tps["project"] >= 300_000})
    for variant in ("hermit", "rl-only"):
        b = c.get(f"build_{variant}")
        if not b:
            continue
        if b["status"] == "ok":
            value = f"{b['median_s']:.0f} s, {b['peak_mb']:.0f} MB peak"
            met = b["median_s"] < 120 and b["peak_mb"] < 2048
        else:
            g = growth.get(f"build:build:{variant}", {})
            e = g.get("extrapolated_1e6_s")
            value = f"{b['status']}" + (f"; extrapolated {e:.0f} s at 1e6" if e else "")
            met = False
        out.append({"target": f"full build of 1e6 under 2 min and 2 GB ({variant})", "at": at, "value": value,
                    "met": met})
    route = _route_target(ext or {})
    if route:
        out.append(route)
    for t in out:
        if t["at"] not in ("1e6", "1e5 edges"):
            t["note"] = "10^6 not measured: figure at the largest size run"
            t["met"] = None
    return out


def _route_target(external: dict) -> dict | None:
    """Route finding and reachability at 10^5 edges, from pathway_bench's rows."""
    for e in external.values():
        for r in (e or {}).get("rows") or []:
            if str(r.get("edges", "")).isdigit() and int(r["edges"]) >= 90_000:
                timed = {k: float(v) for k, v in r.items() if k.endswith(" ms") and k != "build ms"
                         and v not in ("-", "")}
                if not timed:
                    continue
                worst = max(timed, key=timed.get)
                return {"target": "route finding / reachability at 1e5 edges < 1 s", "at": "1e5 edges",
                        "value": f"slowest {worst} {timed[worst]:.0f} ms ({r['edges']} edges; building the "
                                 f"graph from rows {float(r.get('build ms', 'nan')):.0f} ms)",
                        "met": timed[worst] < 1000}
    return None


# ----------------------------------------------------------------------------- output

CSV_FIELDS = ["bench", "part", "size_label", "size", "asserted_triples", "individuals", "x", "stage", "variant",
              "status", "median_s", "min_s", "max_s", "runs", "setup_s", "peak_mb", "children_peak_mb", "base_mb",
              "note"]


def write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "runs": len(r.get("runs_s") or [])})


def _t(s: float | None) -> str:
    if s is None:
        return "–"
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.1f} s"


def summary_md(results: dict) -> str:
    rows, an, m = results["rows"], results["analysis"], results["machine"]
    lines = [f"# Benchmark summary ({m['date']})", "",
             f"Machine: {m['nproc']} cores, {m['cpu_model']}, {m['memory']}; Python {m['python']}; "
             + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v) + f"; Java {m['java']}; "
             f"git {m['git']}.", ""]
    sizes = sorted({r["size"] for r in rows if r.get("bench") == "build"})
    if sizes:
        lines += ["## Build stages (median per run; peak memory of the stage's process, Java in brackets)", "",
                  "| stage | " + " | ".join(
                      f"{bb.size_label(n)} ({(_one(rows, 'build', 'load', 'project', n) or {}).get('x', '?')} t)"
                      for n in sizes) + " | slope | 1 min at |",
                  "|---|" + "---|" * len(sizes) + "---|---|"]
        for stage, variants in bb.STAGES.items():
            for variant in variants:
                cells = []
                for n in sizes:
                    r = _one(rows, "build", stage, variant, n)
                    if not r:
                        cells.append("")
                    elif r["status"] == "ok":
                        mem = f"{r['peak_mb']:.0f} MB" if r.get("peak_mb") else ""
                        if r.get("children_peak_mb") and stage in ("reason", "build") and variant != "rl-only":
                            mem += f" [{r['children_peak_mb']:.0f}]"
                        cells.append(f"{_t(r['median_s'])} ({mem})")
                    else:
                        cells.append(r["status"])
                g = an["growth"].get(f"build:{stage}:{variant}", {})
                slope = f"{g['slope']:.2f}" if g.get("slope") is not None else "–"
                minute = g.get("minute")
                mtxt = f"{minute['x']:.2g} ({minute['how']})" if minute else "–"
                lines.append(f"| {stage} {variant} | " + " | ".join(cells) + f" | {slope} | {mtxt} |")
        lines += ["", "Slope: log-log slope between the two largest measured sizes; 1 min at: asserted triples "
                  "at which the stage takes one minute.", ""]
        lines += ["## Each figure beside its reference", ""]
        for label, c in an["compare"].items():
            q, d, sq = c.get("query", {}), c.get("describe", {}), c.get("stored_queries", {})
            parts = []
            tps = c.get("store_triples_per_s", {})
            if tps:
                parts.append("store load " + ", ".join(f"{k} {v:,.0f} t/s" for k, v in tps.items()))
            if q.get("median_s"):
                parts.append("join query " + ", ".join(f"{k} {_t(v)}" for k, v in q["median_s"].items()))
            if d.get("median_s"):
                parts.append("describe " + ", ".join(f"{k} {_t(v)}" for k, v in d["median_s"].items()))
            if sq.get("project_over_raw_geomean"):
                parts.append(f"stored queries: project/raw {sq['project_over_raw_geomean']:.2f} (geomean), "
                             f"rdflib/project {sq.get('rdflib_over_project_geomean') or float('nan'):.1f}x "
                             f"(geomean), slowest on the project path {_t(sq.get('project_max_s'))}")
            lines.append(f"- **{label}**: " + "; ".join(parts))
        lines.append("")
        if an["compare"]:
            label, c = list(an["compare"].items())[-1]
            sq = c.get("stored_queries", {})
            proj, raw, rdf = sq.get("project_s", {}), sq.get("raw_s", {}), sq.get("rdflib_s", {})
            lower = set(sq.get("rdflib_timeouts") or [])
            if proj:
                lines += [f"### Stored queries at {label} (median per query)", "",
                          "| query | embedded (project path) | bare pyoxigraph | rdflib | project/raw | "
                          "rdflib/project |", "|---|---|---|---|---|---|"]
                for q in sorted(proj, key=proj.get, reverse=True):
                    r = raw.get(q)
                    f = rdf.get(q)
                    ftxt = f"> {30:.0f} s (timeout)" if q in lower else _t(f)
                    ratio = (sq.get("rdflib_over_project_per_query") or {}).get(q)
                    lines.append(f"| {q} | {_t(proj[q])} | {_t(r)} | {ftxt} | "
                                 f"{(proj[q] / r) if r else float('nan'):.2f} | "
                                 f"{('≥' if q in lower else '') + (f'{ratio:.0f}x' if ratio else '–')} |")
                lines.append("")
    if an.get("targets"):
        lines += ["## Targets", "", "| target | at | where it stands | met |", "|---|---|---|---|"]
        for t in an["targets"]:
            met = {True: "yes", False: "no", None: "not measured at 10^6"}[t["met"]]
            lines.append(f"| {t['target']} | {t['at']} | {t['value']} | {met} |")
        lines.append("")
    rr = [r for r in rows if r.get("bench") == "reasoning"]
    if rr:
        lines += ["## Reasoning", "", "| graph | individuals | asserted triples | stage | status | median | "
                  "peak MB (Java) |", "|---|---|---|---|---|---|---|"]
        for r in sorted(rr, key=lambda r: (r.get("part") != "review", r["x"], r["stage"], r["variant"])):
            graph = "review" if r.get("part") == "review" else f"~{r['size_label']} individuals"
            mem = f"{r['peak_mb']:.0f}" if r.get("peak_mb") else ""
            if r.get("children_peak_mb") and r["variant"] in ("hermit", "pellet"):
                mem += f" ({r['children_peak_mb']:.0f})"
            lines.append(f"| {graph} | {r.get('individuals')} | {r.get('asserted_triples')} | {r['stage']} "
                         f"{r['variant']} | {r['status']} | {_t(r.get('median_s'))} | {mem} |")
        lines.append("")
        for name, g in an["growth"].items():
            if name.startswith("reasoning:") and g.get("slope") is not None:
                minute = g.get("minute")
                lines.append(f"- {name[10:]}: slope {g['slope']:.2f} vs individuals"
                             + (f"; one minute at ~{minute['x']:.2g} individuals ({minute['how']})" if minute
                                else ""))
        lines.append("")
    ext = results.get("external") or {}
    for name, e in ext.items():
        if not e:
            continue
        lines += [f"## {name}", ""]
        if e.get("rows"):
            cols = list(e["rows"][0])
            lines += ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
            lines += ["| " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for r in e["rows"]]
        elif e.get("text") and e.get("markdown"):
            lines += [e["text"].rstrip()]
        elif e.get("text"):
            lines += ["```", e["text"].rstrip(), "```"]
        else:
            lines.append(str(e))
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5", help="build-stage sizes in generator triples")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--work", type=Path, default=bb.DEFAULT_WORK, help="scratch folder (corpora, outputs)")
    parser.add_argument("--timeout", type=float, default=bb.DEFAULT_TIMEOUT, help="seconds per run")
    parser.add_argument("--stages", default=",".join(bb.STAGES))
    parser.add_argument("--individuals", default="1e3",
                        help="reasoning sweep sizes in individuals ('' for none; 1e4 takes ~8 min, "
                             "1e5 ~30 min)")
    parser.add_argument("--no-review", action="store_true", help="skip the reasoners on the review's graph")
    parser.add_argument("--no-external", action="store_true", help="skip pathway_bench and query_bench")
    parser.add_argument("--skip-predicted", action="store_true",
                        help="skip runs the two smaller sizes predict to exceed twice the timeout")
    parser.add_argument("--merge", action="store_true", help="merge into the results already in --out")
    parser.add_argument("--query-bench", action="store_true",
                        help="also run query_bench.py with its defaults (about 15 minutes more)")
    parser.add_argument("--all", action="store_true",
                        help="everything: sizes 1e3..1e6, individuals 1e3..1e5, query_bench (1.5-2 hours)")
    args = parser.parse_args(argv)
    if args.all:
        args.sizes, args.individuals, args.query_bench = "1e3,1e4,1e5,1e6", "1e3,1e4,1e5", True
    args.out.mkdir(parents=True, exist_ok=True)
    log_file = (args.out / "suite.log").open("a")

    def log(text: str) -> None:
        print(text, flush=True)
        log_file.write(text + "\n")
        log_file.flush()

    started = time.perf_counter()
    log(f"# suite {time.strftime('%Y-%m-%d %H:%M:%S')}: {' '.join(sys.argv[1:])}")
    machine = bb.machine()
    (args.out / "machine.json").write_text(json.dumps(machine, indent=2) + "\n")
    sizes = [bb.parse_size(s) for s in args.sizes.split(",") if s]
    rows = bb.sweep(sizes, repeats=args.repeats, work=args.work, timeout=args.timeout,
                    stages=args.stages.split(","), skip_predicted=args.skip_predicted, log=log) if sizes else []
    individuals = [bb.parse_size(s) for s in args.individuals.split(",") if s]
    if individuals or not args.no_review:
        rows += rb.run(individuals, repeats=args.repeats, work=args.work, timeout=args.timeout,
                       review=not args.no_review, log=log)
    external = {}
    if not args.no_external:
        external["pathway_bench (route finding, synthetic transformation graphs)"] = run_pathway_bench(
            args.timeout * 2, log)
        if args.query_bench:
            external["query_bench (stored queries)"] = run_query_bench(args.timeout * 3, args.out, log)
    old_path = args.out / "results.json"
    config = {"sizes": sizes, "repeats": args.repeats, "timeout": args.timeout, "individuals": individuals,
              "long_run_s": bb.LONG_RUN, "argv": sys.argv[1:]}
    if args.merge and old_path.exists():
        old = json.loads(old_path.read_text())
        rows = merge(old.get("rows", []), rows)
        config["sizes"] = sorted(set(old.get("config", {}).get("sizes", [])) | set(sizes))
        config["individuals"] = sorted(set(old.get("config", {}).get("individuals", [])) | set(individuals))
        config["merged_runs"] = old.get("config", {}).get("merged_runs", [old.get("config", {}).get("argv")]) \
            + [sys.argv[1:]]
        for name, e in (old.get("external") or {}).items():
            if not external.get(name):
                external[name] = e
    results = {"machine": machine, "config": config, "rows": rows, "external": external}
    results["analysis"] = analyse(rows, external)
    old_path.write_text(json.dumps(results, indent=1, default=_json_default) + "\n")
    write_csv(rows, args.out / "results.csv")
    (args.out / "summary.md").write_text(summary_md(results) + "\n")
    for path in plot.plot_all(args.out):
        log(f"figure: {path}")
    log(f"# suite done in {time.perf_counter() - started:.0f} s; results in {args.out}")
    print((args.out / "summary.md").read_text())


def _json_default(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return str(value)


if __name__ == "__main__":
    main()
