"""Reasoning benchmark: HermiT and Pellet on the review's graph and on synthetic graphs by individuals.

Part 1, the review's graph (the project root this file belongs to):
  the whole `msckg build` with each reasoner (and RL-only, for comparison), and
  reason.infer alone with each reasoner.
Part 2, synthetic graphs shaped like the review's data (benchmarks/generate.py) of
  about 10^3, 10^4, 10^5 individuals: reason.infer with each reasoner, the OWL 2 RL
  closure (reason.rl_closure, reasonable) and the rule layer (rules.apply_rules),
  the two steps a build could fall back to on graphs too large for DL reasoning.

Every run is a subprocess with a per-run timeout (default 600 s); a reasoner that
times out at one size is not tried at larger sizes. Individuals are counted on the
generated data (named subjects with a type in the resource namespace, source
sentence records included) and in the reasoner's view (what reason.infer hands
to owlready2: no annotations, no sentence records).

`python benchmarks/reasoning_bench.py [--individuals 1e3,1e4,1e5] [--repeats 3]`
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_bench as bb  # noqa: E402

REASONERS = ("hermit", "pellet")
CALIBRATION_PAPERS = 100


def individuals_per_paper(work: Path) -> tuple[float, int]:
    """Measured individuals per synthetic paper (and the fixed part shared by every corpus)."""
    import generate as gen

    small_root, small = bb.corpus(work, 10 * gen.TRIPLES_PER_PAPER)
    big_root, big = bb.corpus(work, CALIBRATION_PAPERS * gen.TRIPLES_PER_PAPER)
    per = (big["individuals"] - small["individuals"]) / (big["papers"] - small["papers"])
    shared = round(small["individuals"] - per * small["papers"])
    return per, shared


def triples_for(individuals: int, per: float, shared: int) -> int:
    import generate as gen

    papers = max(1, math.ceil((individuals - shared) / per))
    return papers * gen.TRIPLES_PER_PAPER


def real_graph(repeats: int, work: Path, timeout: float, reasoners=REASONERS, log=print) -> list[dict]:
    rows = []
    meta = bb.count_data(bb.ROOT)
    base = {"bench": "reasoning", "part": "review", "size": meta["asserted_triples"], "size_label": "review",
            "x": meta["asserted_triples"], **meta}
    log(f"== the review's graph ({bb.ROOT}): {meta['asserted_triples']} asserted triples, "
        f"{meta['individuals']} individuals")
    real_work = work / "review"
    real_work.mkdir(parents=True, exist_ok=True)
    for stage, variants in (("build", list(reasoners) + ["rl-only"]), ("reason", list(reasoners))):
        for variant in variants:
            spec = {"stage": stage, "variant": variant, "root": str(bb.ROOT), "work": str(real_work),
                    "repeats": repeats, "long": bb.LONG_RUN}
            row = {**base, **bb.run_worker(spec, timeout, log)}
            rows.append(row)
            log("  " + bb.describe_row(row))
    return rows


def synthetic(targets: list[int], repeats: int, work: Path, timeout: float, reasoners=REASONERS,
              log=print) -> list[dict]:
    per, shared = individuals_per_paper(work)
    log(f"== synthetic graphs: {per:.1f} individuals per paper (+{shared} shared)")
    rows: list[dict] = []
    for target in sorted(targets):
        triples = triples_for(target, per, shared)
        root, meta = bb.corpus(work, triples)
        size_work = work / f"size-{triples}"
        size_work.mkdir(parents=True, exist_ok=True)
        log(f"== ~{bb.size_label(target)} individuals: {meta['individuals']} individuals, "
            f"{meta['asserted_triples']} asserted triples, {meta['papers']} papers")
        base = {"bench": "reasoning", "part": "synthetic", "size": target, "size_label": bb.size_label(target),
                "x": meta["individuals"], "asserted_triples": meta["asserted_triples"],
                "individuals": meta["individuals"], "papers": meta["papers"], "triples_arg": triples}
        for stage, variant in [("reason", r) for r in reasoners] + [("rl", "project"), ("rules", "project")]:
            skip = bb._skip_reason(rows, stage, variant, target, meta["individuals"], timeout)
            if skip:
                row = {**base, "stage": stage, "variant": variant, "status": "skipped", "note": skip,
                       "median_s": None, "runs_s": []}
            else:
                spec = {"stage": stage, "variant": variant, "root": str(root), "work": str(size_work),
                        "repeats": repeats, "long": bb.LONG_RUN}
                row = {**base, **bb.run_worker(spec, timeout, log)}
            rows.append(row)
            log("  " + bb.describe_row(row))
    return rows


def run(individuals: list[int], *, repeats: int = 3, work: Path = bb.DEFAULT_WORK,
        timeout: float = bb.DEFAULT_TIMEOUT, review: bool = True, reasoners=REASONERS, log=print) -> list[dict]:
    rows = real_graph(repeats, work, timeout, reasoners, log) if review else []
    return rows + synthetic(individuals, repeats, work, timeout, reasoners, log)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--individuals", default="1e3,1e4,1e5", help="target individuals, comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=bb.DEFAULT_TIMEOUT)
    parser.add_argument("--reasoners", default=",".join(REASONERS))
    parser.add_argument("--no-review", action="store_true", help="skip the review's own graph")
    parser.add_argument("--work", type=Path, default=bb.DEFAULT_WORK)
    parser.add_argument("--json", type=Path, default=None, help="write the rows here")
    args = parser.parse_args(argv)
    rows = run([bb.parse_size(s) for s in args.individuals.split(",") if s], repeats=args.repeats, work=args.work,
               timeout=args.timeout, review=not args.no_review, reasoners=tuple(args.reasoners.split(",")))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str))


if __name__ == "__main__":
    main()
