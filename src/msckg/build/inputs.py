"""Load the sources of a build into graphs and check them, without reasoning."""

from __future__ import annotations

from collections.abc import Callable

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from msckg.build.curation import Compiled, apply_relabels, compile_sources, load_table_sources
from msckg.build.evidence import check_quotes
from msckg.errors import InputError
from msckg.build.load import load_data, load_ontology, rdf_files
from msckg.paths import Layout
from msckg.build.provenance import SourcedFact, sourced_facts
from msckg.build.reconcile import Candidate, check_reconciled
from msckg.build.sourcetext import Source, load_source
from msckg.build.vocabulary import check_vocabulary


@dataclass
class Inputs:
    ontology: Graph
    data: Graph
    facts: list[SourcedFact]
    sources: dict[str, Source]
    compiled: Compiled | None = None  # the curation tables (data/<key>/source.yaml ...)
    reconciliation: list[Candidate] = field(default_factory=list)

    @property
    def cited_keys(self) -> list[str]:
        """Keys of the sources whose text is not held (evidence by locator and fingerprint)."""
        return sorted(s.key for s in (self.compiled.sources if self.compiled else []) if not s.held)


def load_sources(layout: Layout) -> dict[str, Source]:
    """Every source folder under data/sources/, by key; two folders with one key are an error."""
    if not layout.sources.is_dir():
        return {}
    found: dict[str, Source] = {}
    for folder in sorted(layout.sources.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        source = load_source(folder)
        if source.key in found:
            raise InputError(f"source key {source.key!r} is also the key of {found[source.key].folder}",
                             where=str(folder / "layout.toml"), hint="give each source its own key")
        found[source.key] = source
    return found


def load_inputs(layout: Layout, extra_data: list[Path] | None = None,
                progress: Callable[[int, int], None] | None = None) -> Inputs:
    """Parse ontology and data; check terms, provenance and quotes. Raises on the first problem.

    progress(done, total) is told the data files parsed, as they are."""
    ontology = load_ontology(layout)
    data = load_data(layout, extra_data, progress=progress)
    files = rdf_files(layout.data, skip=(layout.sources,)) + list(extra_data or [])
    check_vocabulary(data, ontology, files)
    # the curation tables compile against the Turtle (entities they join, inventory sentences)
    compiled = compile_sources(load_table_sources(layout.data), ontology, data)
    data += compiled.graph
    apply_relabels(data, compiled)
    check_vocabulary(data, ontology, files)
    sources = load_sources(layout)
    check_quotes(data, sources)
    facts = sourced_facts(data, ontology)
    reconciliation = check_reconciled(data, ontology, compiled)
    return Inputs(ontology=ontology, data=data, facts=facts, sources=sources, compiled=compiled,
                  reconciliation=reconciliation)
