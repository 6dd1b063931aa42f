"""Figures and cost-growth figures of the benchmark results (matplotlib, log-log).

`python benchmarks/plot.py [--results benchmarks/results]` reads results.json there and writes
  stages.png      time vs asserted triples for every build stage (slopes in the legend,
                  timeouts as crosses at the timeout, the 1-minute line dashed)
  references.png  each project figure beside its reference: store load throughput, the join
                  query, describe, and the stored queries (geometric means)
  reasoning.png   DL reasoning (HermiT, Pellet), RL closure and rules vs individuals
The slope of a stage is that of the log-log line between its two largest measured sizes
(small sizes are dominated by fixed costs: imports, JVM start-up); the least-squares slope
over every measured size is reported beside it in results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path

MINUTE = 60.0

STAGE_ORDER = [("load", "project"), ("validate", "project"), ("reason", "hermit"), ("rl", "project"),
               ("rules", "project"), ("write", "project"), ("store", "project"), ("describe", "project"),
               ("query", "project"), ("build", "hermit"), ("build", "rl-only")]
# ("route", "project") is left out of the figure: on the synthetic corpus its question (P0 to C8, nine
# steps) does not grow with the corpus; pathway_bench.py measures routes on 10^3..10^5 edges.
STAGE_NAMES = {("load", "project"): "load + checks", ("validate", "project"): "validate (SHACL)",
               ("reason", "hermit"): "DL reason (HermiT)", ("rl", "project"): "RL closure (reasonable)",
               ("rules", "project"): "rules (SPARQL CONSTRUCT)", ("write", "project"): "write",
               ("store", "project"): "store load", ("describe", "project"): "describe",
               ("query", "project"): "join query (embedded)", ("route", "project"): "routes + reachable",
               ("build", "hermit"): "whole build (HermiT)", ("build", "rl-only"): "whole build (RL only)"}


# ----------------------------------------------------------------------------- analysis

def points(rows: list[dict], bench: str, stage: str, variant: str, part: str | None = None) -> list[dict]:
    return sorted((r for r in rows if r.get("bench") == bench and r["stage"] == stage and r["variant"] == variant
                   and (part is None or r.get("part") == part)), key=lambda r: r["x"])


def fit(rows: list[dict]) -> dict:
    """Slopes (least squares over all measured sizes, and between the two largest) and the size
    at which the stage crosses one minute (measured, interpolated or extrapolated)."""
    ok = [(r["x"], r["median_s"]) for r in rows if r["status"] == "ok" and r.get("median_s")]
    out: dict = {"sizes": [r["x"] for r in rows], "status": [r["status"] for r in rows],
                 "median_s": [r.get("median_s") for r in rows]}
    if len(ok) >= 2:
        lx = [math.log10(x) for x, _ in ok]
        ly = [math.log10(y) for _, y in ok]
        mx, my = statistics.fmean(lx), statistics.fmean(ly)
        sxx = sum((a - mx) ** 2 for a in lx)
        out["slope_all"] = sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sxx if sxx else None
        (x1, y1), (x2, y2) = ok[-2], ok[-1]
        out["slope"] = math.log10(y2 / y1) / math.log10(x2 / x1)
    else:
        out["slope"] = out["slope_all"] = None
    out["minute"] = crossing(rows, ok, out.get("slope"))
    return out


def crossing(rows: list[dict], ok: list[tuple], slope: float | None) -> dict | None:
    """Where the stage takes one minute."""
    for (x1, y1), (x2, y2) in zip(ok, ok[1:]):
        if y1 < MINUTE <= y2:
            s = math.log10(y2 / y1) / math.log10(x2 / x1)
            return {"x": x1 * (MINUTE / y1) ** (1 / s), "how": "interpolated"}
    if ok and ok[0][1] >= MINUTE:
        return {"x": ok[0][0], "how": "at or below the smallest size measured"}
    timeouts = [r["x"] for r in rows if r["status"] == "timeout"]
    if ok and slope and slope > 0.05:
        x2, y2 = ok[-1]
        guess = x2 * (MINUTE / y2) ** (1 / slope)
        how = "extrapolated"
        if timeouts and min(timeouts) > x2:
            how += f" (timed out at {min(timeouts):.3g})"
        return {"x": guess, "how": how}
    if timeouts:
        return {"x": min(timeouts), "how": "timed out here; no fit"}
    return None


def extrapolate(rows: list[dict], x: float) -> float | None:
    f = fit(rows)
    ok = [(r["x"], r["median_s"]) for r in rows if r["status"] == "ok" and r.get("median_s")]
    if not ok or f.get("slope") is None:
        return None
    x2, y2 = ok[-1]
    return y2 * (x / x2) ** f["slope"]


def geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(statistics.fmean(math.log(v) for v in values)) if values else None


def query_medians(row: dict) -> dict[str, float]:
    """Median time per stored query over the runs of a query-stage row."""
    per: dict[str, list[float]] = {}
    for info in row.get("run_info") or []:
        for name, t in (info.get("query_s") or {}).items():
            per.setdefault(name, []).append(t)
    for name, t in (row.get("partial") or {}).items():
        per.setdefault(name, []).append(t)
    return {name: statistics.median(ts) for name, ts in per.items()}


def query_timeouts(row: dict) -> dict[str, float]:
    """Stored queries that timed out in a query-stage row, with the limit they ran into."""
    out: dict[str, float] = {}
    for info in row.get("run_info") or []:
        out.update(info.get("timeouts") or {})
    return out


# ----------------------------------------------------------------------------- figures

def _style(ax, xlabel: str) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.grid(True, which="both", alpha=0.25)


def _series(ax, rows: list[dict], label: str, timeout: float | None, **kw):
    ok = [r for r in rows if r["status"] == "ok" and r.get("median_s")]
    f = fit(rows)
    slope = f"{f['slope']:.2f}" if f.get("slope") is not None else "–"
    line, = ax.plot([r["x"] for r in ok], [r["median_s"] for r in ok], marker="o", ms=4,
                    label=f"{label} (slope {slope})", **kw)
    bad = [r for r in rows if r["status"] == "timeout"]
    if bad and timeout:
        ax.plot([r["x"] for r in bad], [timeout] * len(bad), marker="x", ms=9, mew=2, ls="none",
                color=line.get_color())
        if ok:
            ax.plot([ok[-1]["x"], bad[0]["x"]], [ok[-1]["median_s"], timeout], ls=":", color=line.get_color())
    return line


def plot_stages(results: dict, out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["rows"]
    timeout = results.get("config", {}).get("timeout")
    fig, ax = plt.subplots(figsize=(10, 7))
    cmap = plt.get_cmap("tab20")
    for i, (stage, variant) in enumerate(STAGE_ORDER):
        pts = points(rows, "build", stage, variant)
        if pts:
            _series(ax, pts, STAGE_NAMES[(stage, variant)], timeout, color=cmap(i),
                    ls="--" if stage == "build" else "-")
    ax.axhline(MINUTE, color="grey", ls="--", lw=1)
    ax.text(0.99, MINUTE * 1.1, "1 minute", color="grey", fontsize=8, ha="right",
            transform=ax.get_yaxis_transform())
    if timeout:
        ax.axhline(timeout, color="red", ls=":", lw=1)
        ax.text(0.99, timeout * 1.1, f"timeout {timeout:.0f} s (x: timed out)", color="red", fontsize=8,
                ha="right", transform=ax.get_yaxis_transform())
    _style(ax, "asserted triples (synthetic corpus)")
    ax.set_ylabel("median wall-clock time per run (s)")
    m = results.get("machine", {})
    ax.set_title(f"msckg build stages vs size — {m.get('nproc')} cores {m.get('cpu_model', '')}, "
                 f"{m.get('memory', '')}", fontsize=10)
    ax.legend(fontsize=7.5, loc="lower right", ncol=2)
    fig.tight_layout()
    path = out / "stages.png"
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path


def plot_references(results: dict, out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["rows"]
    fig, axes = plt.subplots(2, 2, figsize=(12, 9))
    ax = axes[0][0]
    for variant, style in (("project", "-"), ("pyoxigraph-bulk_load-memory", "--"),
                           ("pyoxigraph-bulk_load-disk", "--"), ("pyoxigraph-load-memory", ":")):
        pts = [r for r in points(rows, "build", "store", variant) if r["status"] == "ok"]
        if pts:
            ax.plot([r["x"] for r in pts], [r["info"]["quads"] / r["median_s"] for r in pts], marker="o", ms=4,
                    ls=style, label="create_store (bulk_load+flush+optimize)" if variant == "project" else variant)
    ax.axhline(300_000, color="grey", ls="--", lw=1)
    ax.text(0.99, 320_000, "target 300,000 triples/s", color="grey", fontsize=8, ha="right",
            transform=ax.get_yaxis_transform())
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.grid(True, which="both", alpha=0.25)
    ax.set_xlabel("asserted triples")
    ax.set_ylabel("quads loaded per second")
    ax.set_title("store load throughput", fontsize=10)
    ax.legend(fontsize=7.5)
    for ax, stage, title in ((axes[0][1], "query", "representative join query (7 patterns)"),
                             (axes[1][0], "describe", "describe one synthetic cluster")):
        for variant in ("project", "pyoxigraph", "rdflib", "owlready2"):
            pts = points(rows, "build", stage, variant)
            if pts:
                label = {"project": "EmbeddedStore (project path)", "pyoxigraph": "bare pyoxigraph Store.query",
                         "rdflib": "rdflib Graph.query", "owlready2": "owlready2 World.sparql"}[variant]
                _series(ax, pts, label, None)
        _style(ax, "asserted triples")
        ax.set_ylabel("median time (s)")
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=7.5)
    ax = axes[1][1]
    for variant in ("project", "pyoxigraph", "rdflib"):
        xs, ys = [], []
        for r in points(rows, "build", "query", variant):
            med = {k: v for k, v in query_medians(r).items() if k != "join"}
            g = geomean(list(med.values()))
            if g:
                xs.append(r["x"])
                ys.append(g)
        if xs:
            ax.plot(xs, ys, marker="o", ms=4, label=variant)
    ax.axhline(0.1, color="grey", ls="--", lw=1)
    ax.text(0.99, 0.11, "100 ms", color="grey", fontsize=8, ha="right", transform=ax.get_yaxis_transform())
    _style(ax, "asserted triples")
    ax.set_ylabel("geometric mean over stored queries (s)")
    ax.set_title("stored queries of queries/ (catalog)", fontsize=10)
    ax.legend(fontsize=7.5)
    fig.tight_layout()
    path = out / "references.png"
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_reasoning(results: dict, out: Path) -> Path | None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in results["rows"] if r.get("bench") == "reasoning" and r.get("part") == "synthetic"]
    if not rows:
        return None
    timeout = results.get("config", {}).get("timeout")
    fig, ax = plt.subplots(figsize=(9, 6))
    for stage, variant, label in (("reason", "hermit", "reason.infer, HermiT"),
                                  ("reason", "pellet", "reason.infer, Pellet"),
                                  ("rl", "project", "rl_closure (reasonable, OWL 2 RL)"),
                                  ("rules", "project", "apply_rules (SPARQL CONSTRUCT on pyoxigraph)")):
        pts = points(rows, "reasoning", stage, variant, part="synthetic")
        if pts:
            _series(ax, pts, label, timeout)
    sweep = [dict(r, x=r["individuals"]) for r in points(results["rows"], "build", "reason", "hermit")]
    if sweep:
        _series(ax, sweep, "reason.infer, HermiT (corpora of the build sweep)", timeout, ls="--", alpha=0.6)
    for r in results["rows"]:
        if r.get("bench") == "reasoning" and r.get("part") == "review" and r["stage"] == "reason" \
                and r["status"] == "ok":
            ax.plot([r["individuals"]], [r["median_s"]], marker="*", ms=12, ls="none",
                    label=f"the review's graph, {r['variant']}")
    ax.axhline(MINUTE, color="grey", ls="--", lw=1)
    if timeout:
        ax.axhline(timeout, color="red", ls=":", lw=1)
    _style(ax, "individuals (synthetic, shaped like the review's data)")
    ax.set_ylabel("median wall-clock time (s)")
    ax.set_title("DL reasoning vs OWL 2 RL closure and rules", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = out / "reasoning.png"
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path


def plot_all(results_dir: Path) -> list[Path]:
    results = json.loads((results_dir / "results.json").read_text())
    made = [plot_stages(results, results_dir), plot_references(results, results_dir),
            plot_reasoning(results, results_dir)]
    return [p for p in made if p]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args(argv)
    for path in plot_all(args.results):
        print(path)


if __name__ == "__main__":
    main()
