"""The curation tables (data/<key>/*.tsv) in the native build: compiled, relabelled, reconciled.

The tables are compiled by build/curation.py, as in the rdflib build, against a read-only
view of the store's Turtle data (view.py); the compiled triples then join the store and
the asserted copy the outputs are written from, and the likely duplicates are checked by
build/reconcile.py on the same view. The tables are small (one row per entity or fact of
a paper); the Turtle they join is read where they look, never copied.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDFS, SKOS

from msckg.build.curation import Compiled, compile_sources, load_table_sources
from msckg.build.reconcile import Candidate, check_reconciled
from msckg.build.vocabulary import check_vocabulary
from msckg.paths import Layout
from msckg.query.store import to_oxigraph

from msckg.build.native.dataset import ASSERTED
from msckg.build.native.view import store_view


def _triple(t) -> ox.Triple:
    return ox.Triple(*(to_oxigraph(term) for term in t))


def compile_tables(store: ox.Store, layout: Layout, ontology: Graph, files: list[Path], copy: Path) -> Compiled:
    """Compile the tables into the asserted graph of store and into copy (N-Triples of the asserted part).

    The same steps as inputs.load_inputs: compile against the Turtle, add, apply the relabels
    (an MSC's bare name becomes its alternative label), check the terms of what was compiled."""
    compiled = compile_sources(load_table_sources(layout.data), ontology, store_view(store, [ASSERTED]))
    check_vocabulary(compiled.graph, ontology, files)
    removed, relabelled = set(), set()
    for iri, (old, new) in sorted(compiled.relabels.items()):  # as curation.apply_relabels
        removed |= {_triple((iri, RDFS.label, old)), _triple((iri, SKOS.altLabel, new))}
        relabelled |= {_triple((iri, RDFS.label, new)), _triple((iri, SKOS.altLabel, old))}
    added = ({_triple(t) for t in compiled.graph} - removed) | relabelled
    for t in removed:
        store.remove(ox.Quad(t.subject, t.predicate, t.object, ASSERTED))
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ASSERTED) for t in added)
    if removed:  # the copy holds the Turtle's triples as parsed: drop the relabelled lines
        lines = {f"{t} .\n".encode() for t in removed}
        kept = copy.with_suffix(".kept")
        with copy.open("rb") as src, kept.open("wb") as dst:
            dst.writelines(line for line in src if line not in lines)
        kept.replace(copy)
    with copy.open("ab") as out:
        ox.serialize(sorted(added, key=str), out, format=ox.RdfFormat.N_TRIPLES)
    return compiled


def reconcile(store: ox.Store, ontology: Graph, compiled: Compiled) -> list[Candidate]:
    """reconcile.check_reconciled on the asserted graph of the store (Turtle and tables)."""
    return check_reconciled(store_view(store, [ASSERTED]), ontology, compiled)
