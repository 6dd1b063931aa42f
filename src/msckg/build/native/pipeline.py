"""The native build end to end: load, check, validate, reason, apply rules, write."""

from __future__ import annotations

import ctypes
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from typing import Any
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import OWL, PROV, RDF, RDFS

from msckg.build.inputs import load_sources
from msckg.build.load import rdf_files
from msckg.build.reason import RL_DERIVATION, TBOX_DERIVATION, Derivation
from msckg.build.rules import load_rules
from msckg.build.write import publish
from msckg.links.mappings import mapping_files, mapping_graph
from msckg.namespaces import MSC
from msckg.paths import Layout
from msckg.query.load_store import create_store_apart
from msckg.query.store import to_oxigraph

from msckg.build.native import checks, reason, shacl
from msckg.build.native.beside import Beside, Step
from msckg.build.native.dataset import (ASSERTED, FINDINGS, INFERRED, MAPPINGS, ONTOLOGY, derivation_graph,
                                        load_file, new_store)
from msckg.build.native.derived import add_derived_quantities, move_findings
from msckg.build.native.tables import compile_tables, reconcile
from msckg.build.native.summary import asserted_figures, count_facts, derived_figures, derived_graphs, with_sizes
from msckg.build.native.write import Source, dump_parts, prepare_outputs, write_prepared


@dataclass
class NativeBuild:
    """The working store of a finished native build, with what the summary needs."""

    store: ox.Store | None  # None once write_native_build has let it go
    facts: int
    derivations: list[Derivation]
    copies: Path  # N-Triples of the parsed ontology, data and mappings, as the outputs must write them
    phases: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    # graphs of the derived quantities, written from their files (numbers as computed)
    derived_files: list[tuple[ox.NamedNode, Path]] = field(default_factory=list)

    def parts(self) -> dict[str, list[Source]]:
        """Each output part's sources: its graph in the dataset and the file that holds it, if any."""
        files = dict(self.derived_files)
        inferred: list[Source] = [(INFERRED, None)] + [(g, files.get(g)) for g in derived_graphs(self.store)]
        if INFERRED in files:
            inferred.append((INFERRED, files[INFERRED]))
        return {"ontology": [(ONTOLOGY, self.copies / "ontology.nt")],
                "asserted": [(ASSERTED, self.copies / "asserted.nt")],
                "inferred": inferred, "mappings": [(MAPPINGS, self.copies / "mappings.nt")],
                "findings": [(FINDINGS, None)]}

    def close(self) -> None:
        shutil.rmtree(self.copies, ignore_errors=True)


class Laps:
    """The build's phases: lap(name) adds the time since the last lap to a phase; record() adds the
    time of work run beside the main line (under its own name)."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}  # the process's peak resident memory at the end of each phase
        self._clock = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = self.phases.get(name, 0.0) + now - self._clock
        self.peak_mb[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        self._clock = now

    def record(self, name: str, seconds: float) -> None:
        self.phases[name] = self.phases.get(name, 0.0) + seconds


def return_freed_memory() -> None:
    """Hand memory freed by Python and by pyoxigraph back to the system (glibc's malloc_trim).

    glibc keeps freed memory mapped for reuse, so without this the process's resident size after
    the OWL 2 RL closure (its Python triples, about 1.5 GB at 10^6 triples) stays, and the on-disk
    store's load (about 1 GB) comes on top of it. Elsewhere than glibc this does nothing."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _files(layout: Layout, extra: list[Path] | None) -> tuple[list[Path], list[Path]]:
    ontology = [p for p in rdf_files(layout.ontology) if not p.name.startswith("shapes")]
    data = rdf_files(layout.data, skip=(layout.sources,)) + list(extra or [])
    return ontology, data


def build_native(layout: Layout, extra_data: list[Path] | None = None) -> NativeBuild:
    """Every step of pipeline.build with reasoner 'rl', on one pyoxigraph store."""
    lap = Laps()
    phases = lap.phases

    store = new_store()
    ontology_files, data_files = _files(layout, extra_data)
    copies = Path(tempfile.mkdtemp(prefix="msckg-native-inputs-"))
    hermit: Beside | None = None
    try:
        with (copies / "ontology.nt").open("wb") as copy:
            for path in ontology_files:
                load_file(store, path, ONTOLOGY, copy)
        _merge_import_modules(store, copies / "ontology.nt")
        # HermiT reads only the ontology graph, complete from here on: it classifies it (Java, a few
        # seconds, most of them the JVM's start) while the data are parsed and checked
        hermit = Beside([Step("tbox", 4, lambda: reason.ontology_entailments(store))]).start()
        with (copies / "asserted.nt").open("wb") as copy, \
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="msckg-copy") as copier:
            for written in [load_file(store, path, ASSERTED, copy, copier) for path in data_files]:
                written.result()
        lap("parse")
        facts, derivations, derived_files = _check_and_reason(store, layout, data_files, copies, lap, hermit)
        mappings = mapping_graph(mapping_files(layout.data / "mappings"))
        store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), MAPPINGS) for s, p, o in mappings)
        with (copies / "mappings.nt").open("wb") as copy:
            ox.serialize([ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in mappings],
                         copy, format=ox.RdfFormat.N_TRIPLES)
        lap("mappings")
    except BaseException:
        if hermit is not None:
            hermit.join()  # the main line's error comes first; HermiT's Java ends with its thread
        shutil.rmtree(copies, ignore_errors=True)
        raise
    return NativeBuild(store=store, facts=facts, derivations=derivations, copies=copies, phases=phases,
                       derived_files=derived_files, peak_mb=lap.peak_mb)


def _merge_import_modules(store: ox.Store, copy: Path) -> None:
    """As load.merge_import_modules: drop the headers of the import modules the ontology imports,
    and the owl:imports that name them, from the store and from the copy the outputs are written from."""
    owl = "http://www.w3.org/2002/07/owl#"
    imports, ontology_type = ox.NamedNode(owl + "imports"), ox.NamedNode(owl + "Ontology")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    ontologies = {q.subject for q in store.quads_for_pattern(None, rdf_type, ontology_type, ONTOLOGY)}
    drop = set()
    for q in store.quads_for_pattern(None, imports, None, ONTOLOGY):
        if q.object in ontologies and q.object != q.subject:
            drop.add(ox.Triple(q.subject, q.predicate, q.object))
            drop.update(ox.Triple(m.subject, m.predicate, m.object)
                        for m in store.quads_for_pattern(q.object, None, None, ONTOLOGY))
    if not drop:
        return
    for t in drop:
        store.remove(ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY))
    kept = [t for t in ox.parse(path=str(copy), format=ox.RdfFormat.N_TRIPLES)
            if ox.Triple(t.subject, t.predicate, t.object) not in drop]
    with copy.open("wb") as out:
        ox.serialize(kept, out, format=ox.RdfFormat.N_TRIPLES)


def _check_and_reason(store: ox.Store, layout: Layout, data_files: list[Path], copies: Path,
                      lap: Laps, hermit: Beside) -> tuple[int, list[Derivation], list[tuple[ox.NamedNode, Path]]]:
    checks.check_vocabulary(store, data_files)
    ontology = reason.graph_of(store, ONTOLOGY)  # a few thousand triples: the tables' vocabulary
    lap("checks")
    compiled = compile_tables(store, layout, ontology, data_files, copies / "asserted.nt")
    lap("tables")
    # from here on nothing writes the ontology or the asserted graph: the checks that read only them
    # run beside the quote check and the reasoning (beside.py), at their places in the order of the
    # rdflib build (quotes 0, provenance 1, reconcile 2, shapes 3, reasoning 4)
    # (the summary's figures of the asserted graph are counted later, beside the writing, where a
    # core waits for the on-disk store; here they made the main line wait for this thread)
    beside = Beside([Step("checks", 1, lambda: checks.check_provenance(store)),
                     Step("facts", 1, lambda: count_facts(store)),
                     Step("shacl", 3, lambda: shacl.validate(store, layout))]).start()
    place = 0
    try:
        checks.check_sentences(store, load_sources(layout))
        lap("checks")
        place = 2
        reconcile(store, ontology, compiled)
        lap("tables")
        place = 4
        reason.add_ontology_entailments(store, hermit.finish()["tbox"])
        lap("wait for HermiT")
        for name, seconds in hermit.phases.items():
            lap.record(name, seconds)
        reason.rl_closure(store)
        return_freed_memory()
        lap("rl")
        rules = load_rules(layout.queries / "rules")
        reason.apply_rules(store, rules)
        move_findings(store, rules)
        derivations = [TBOX_DERIVATION, RL_DERIVATION] + [
            Derivation(iri=rule.iri, label=f"rule {rule.name}", rule=rule.summary) for rule in rules]
        lap("rules")
        arithmetic, derived_files = add_derived_quantities(store, copies)
        derivations += arithmetic
        findings = {str(rule.iri) for rule in rules if rule.graph == "findings"}
        describe_derivations(store, derivations, findings)
        lap("derived")
    except BaseException:
        beside.join()
        earlier = beside.failed_before(place)
        if earlier is not None:
            raise earlier from None
        raise
    results = beside.finish()
    lap("wait for the checks beside")
    for name, seconds in beside.phases.items():
        lap.record(name, seconds)
    return results["facts"], derivations, derived_files


def describe_derivations(store: ox.Store, derivations: list[Derivation], findings: set[str]) -> None:
    """The index of derivations in graph/inferred: each derivation as in pipeline.describe_derivations,
    and each derivation's named graph linked to it by msc:derivedBy (not the rules of findings, whose
    triples are in graph/findings with an axiom each)."""
    quads = []
    for d in derivations:
        iri = to_oxigraph(d.iri)
        for p, o in ((RDF.type, OWL.NamedIndividual), (RDF.type, MSC.Derivation),
                     (RDFS.label, Literal(d.label, lang="en")), (MSC.derivationRule, Literal(d.rule, lang="en"))):
            quads.append(ox.Quad(iri, to_oxigraph(p), to_oxigraph(o), INFERRED))
        if str(d.iri) not in findings:
            quads.append(ox.Quad(derivation_graph(str(d.iri)), to_oxigraph(MSC.derivedBy), iri, INFERRED))
    store.extend(quads)


def write_native_build(built: NativeBuild, target: Path) -> dict:
    """Write the outputs, the summary and the on-disk store; swap them into target. The summary.

    The working store is let go once the parts are dumped from it (its memory serves the on-disk
    store). A child process (query.load_store), waited on by a thread, loads the dumped parts into
    the on-disk store (a store is a set: it needs neither the stable blank-node labels nor the order
    of the files) while the main thread labels, sorts and writes the files: its own interpreter, so
    that its parsing does not hold the GIL against the writer."""
    result: dict = {}

    def fill(folder: Path) -> None:
        t1 = time.perf_counter()
        derived = derived_figures(built.store, built.facts, built.derivations)
        dumped = dump_parts(built.store, built.parts())
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="msckg-store") as pool:
            loading = pool.submit(_timed, built.phases, "store (beside write)", lambda: create_store_apart(
                folder / "store", [source for sources in dumped.sources.values() for source in sources]))
            # the asserted graph's figures are counted by Oxigraph (no GIL held) while the files are
            # labelled and written; the working store goes when they are counted
            counting = pool.submit(_timed, built.phases, "summary (beside write)", asserted_figures, built.store)
            built.store = None  # the counting holds the last reference; its memory then serves the on-disk store
            try:
                prepared = prepare_outputs(dumped)
                result.update(write_prepared(prepared, folder,
                                             lambda sizes: with_sizes(sizes, {**counting.result(), **derived})))
                return_freed_memory()
                t2 = time.perf_counter()
                loading.result()
            finally:
                wait([loading, counting])  # the loading reads the dumped files: they stay until it is done
                shutil.rmtree(dumped.tmp, ignore_errors=True)
        built.phases["write"] = t2 - t1
        built.phases["wait for the store"] = time.perf_counter() - t2
        built.peak_mb["write and store"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    try:
        publish(target, fill)
    finally:
        built.close()
    return result


def _timed(phases: dict[str, float], name: str, work: Callable[..., Any], *args: Any) -> Any:
    """work(*args), its time in phases[name] (the arguments, not a closure: the caller may drop its
    own reference to one, so that it goes when the work is done)."""
    started = time.perf_counter()
    try:
        return work(*args)
    finally:
        phases[name] = time.perf_counter() - started
