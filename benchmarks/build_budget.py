"""The review's build against an earlier commit's: CPU seconds of the whole process tree, alternating.

Issue 11 bounds the build of the review: each reasoner within 20 % of the build before model v2.
This checks out BASE into a temporary git worktree and runs `msckg build --reasoner R` of both trees
in turn with this project's interpreter (PYTHONPATH points each run at its own tree's src/), so both
see the same libraries and the same machine load. CPU is user + system of the build and its children
(HermiT's or Pellet's Java included): it moves less with the load of other work than wall time does.

    .venv/bin/python benchmarks/build_budget.py --base fe6d627 --reasoners rl,hermit,pellet --repeats 5

Prints one line per run and the medians with the ratio; --json writes them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_build(tree: Path, reasoner: str) -> tuple[float, float]:
    """(CPU seconds of the process tree, wall seconds) of one build of the tree's review."""
    out = Path(tempfile.mkdtemp(prefix="msckg-budget-"))
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "msckg", "build", "--reasoner", reasoner, "--out", str(out / "b")],
                              cwd=tree, env={**os.environ, "PYTHONPATH": str(tree / "src")},
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        sys.exit(f"build_budget: the build of {tree} with {reasoner} failed: {last}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare with (e.g. fe6d627)")
    parser.add_argument("--reasoners", default="rl,hermit,pellet")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="msckg-base-")) / "tree"
    added = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.base],
                           capture_output=True, text=True)
    if added.returncode:
        sys.exit(f"build_budget: cannot check out {args.base!r}: {added.stderr.strip().splitlines()[-1]}")
    results: dict = {"base": args.base, "load_average_at_start": os.getloadavg()[0], "reasoners": {}}
    try:
        for reasoner in args.reasoners.split(","):
            runs: dict[str, list[tuple[float, float]]] = {"base": [], "this": []}
            for i in range(args.repeats):
                for name, tree in (("base", base), ("this", ROOT)):
                    cpu, wall = run_build(tree, reasoner)
                    runs[name].append((cpu, wall))
                    print(f"{reasoner} {name} run {i + 1}: cpu {cpu:.1f} s, wall {wall:.1f} s", flush=True)
            medians = {name: statistics.median(c for c, _ in r) for name, r in runs.items()}
            ratio = medians["this"] / medians["base"]
            print(f"{reasoner}: median cpu base {medians['base']:.1f} s, this {medians['this']:.1f} s, "
                  f"ratio {ratio:.3f}", flush=True)
            results["reasoners"][reasoner] = {"runs": runs, "median_cpu": medians, "ratio": ratio}
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], capture_output=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
