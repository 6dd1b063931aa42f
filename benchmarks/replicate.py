"""Seeded synthetic datasets of a chosen size with exactly the built review's shape.

`python benchmarks/replicate.py --quads 100000 --out /tmp/synth-1e5.nq` reads the
built graph (build/msckg.nq: ontology, asserted, inferred and mappings graphs)
and writes an N-Quads file of about that many quads: the ontology graph once,
then copies of the review's data in which every review resource IRI
(https://w3id.org/msckg/resource/...) gets a copy suffix (``--c3``) and every
blank node a copy-local label, so copies never share an individual, an axiom or
a sentence. Resources the ontology itself names (the elements, CO2, H2O that
defined classes refer to) and the derivation records stay shared, as they would
when papers are added. The last copy is partial: a seeded random choice of
whole "units" (an IRI subject with all its triples, or an axiom with its
annotations), so sizes below the review's own are possible too.

Unlike benchmarks/generate.py, which writes a synthetic *project* that
`msckg build` must reason over (its layer-by-layer chains make the transitive
closure grow quadratically: 1e5 data triples become 3.6 M quads and a 17-minute
build), this writes the *built* graph directly, asserted and inferred, so the
query benchmark can reach 10^6 quads in seconds and every stored query finds
the same kind of answers at every size.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

RESOURCE = "https://w3id.org/msckg/resource/"
ONTOLOGY_GRAPH = "https://w3id.org/msckg/graph/ontology"
DERIVATION = "https://w3id.org/msckg/ontology/Derivation"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ANNOTATED_SOURCE = "http://www.w3.org/2002/07/owl#annotatedSource"

Unit = list[ox.Quad]


def _units(quads: list[ox.Quad]) -> list[Unit]:
    """Data quads grouped so that a unit can be copied or left out whole."""
    owner_of_blank: dict[str, str] = {}
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode) and quad.predicate.value == ANNOTATED_SOURCE:
            owner_of_blank[quad.subject.value] = f"axiom {quad.subject.value}"
    groups: dict[str, Unit] = defaultdict(list)
    for quad in quads:
        subject = quad.subject
        if isinstance(subject, ox.BlankNode):
            key = owner_of_blank.get(subject.value, f"blank {subject.value}")
        else:
            key = f"iri {subject.value}"
        groups[key].append(quad)
    return [groups[key] for key in sorted(groups)]


def _shared(quads: list[ox.Quad]) -> set[str]:
    """Resource IRIs every copy shares: those the ontology graph names, and the derivations."""
    shared = set()
    for quad in quads:
        terms = (quad.subject, quad.object)
        if quad.graph_name.value == ONTOLOGY_GRAPH:
            shared |= {t.value for t in terms if isinstance(t, ox.NamedNode) and t.value.startswith(RESOURCE)}
        elif quad.predicate.value == RDF_TYPE and quad.object.value == DERIVATION:
            shared.add(quad.subject.value)
    return shared


def _renamer(copy: int, shared: set[str]):
    if copy == 0:
        return lambda term: term
    cache: dict = {}

    def rename(term):
        found = cache.get(term)
        if found is not None:
            return found
        if isinstance(term, ox.NamedNode) and term.value.startswith(RESOURCE) and term.value not in shared:
            found = ox.NamedNode(f"{term.value}--c{copy}")
        elif isinstance(term, ox.BlankNode):
            found = ox.BlankNode(f"{term.value}c{copy}")
        else:
            found = term
        cache[term] = found
        return found

    return rename


def replicate(source: Path, quads_wanted: int, seed: int = 1) -> list[ox.Quad]:
    """About quads_wanted quads shaped like the built graph in source (an N-Quads file)."""
    every = list(ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS))
    ontology = [q for q in every if q.graph_name.value == ONTOLOGY_GRAPH]
    data = [q for q in every if q.graph_name.value != ONTOLOGY_GRAPH]
    shared = _shared(every)
    units = _units(data)
    rng = random.Random(seed)
    out = list(ontology)
    copy = 0
    while len(out) < quads_wanted:
        rename = _renamer(copy, shared)
        room = quads_wanted - len(out)
        chosen = units if room >= len(data) else _sample(units, room, rng)
        for unit in chosen:
            for q in unit:
                out.append(ox.Quad(rename(q.subject), q.predicate, rename(q.object), q.graph_name))
        copy += 1
    return out


def _sample(units: list[Unit], room: int, rng: random.Random) -> list[Unit]:
    order = list(range(len(units)))
    rng.shuffle(order)
    chosen, size = [], 0
    for index in order:
        if size + len(units[index]) > room:
            continue
        chosen.append(units[index])
        size += len(units[index])
        if size >= room:
            break
    return chosen


def write(quads: list[ox.Quad], target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    ox.serialize(quads, str(target), ox.RdfFormat.N_QUADS)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quads", type=int, required=True, help="size of the dataset, in quads")
    parser.add_argument("--out", type=Path, required=True, help="the N-Quads file to write")
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[1] / "build" / "msckg.nq")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    quads = replicate(args.source, args.quads, args.seed)
    write(quads, args.out)
    print(f"{args.out}: {len(quads)} quads")


if __name__ == "__main__":
    main()
