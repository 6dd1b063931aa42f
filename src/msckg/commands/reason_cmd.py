from __future__ import annotations

from collections import Counter

import click
from rdflib.namespace import OWL, RDF

from msckg.build.pipeline import build as build_graph
from msckg.paths import project_layout
from msckg.build.reason import REASONERS
from msckg.namespaces import MSC


def _local(node) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@click.command()
@click.option("--reasoner", type=click.Choice(REASONERS), default="hermit", show_default=True)
@click.option("--show", is_flag=True, help="List every inferred triple (labels, not IRIs).")
def reason(reasoner: str, show: bool) -> None:
    """Reason over ontology and data (no files written): what the reasoner and rules add."""
    from msckg.commands._progress import stages

    from msckg.build.pipeline import STAGES

    with stages("reason", steps=len(STAGES)) as progress:
        built = build_graph(project_layout(), reasoner=reasoner, progress=progress)
    inferred = built.inferred
    facts = [t for t in inferred if t[0] is not None and (t[1] != RDF.type or t[2] not in
                                                          (OWL.Axiom, OWL.NamedIndividual))]
    axioms = list(inferred.subjects(RDF.type, OWL.Axiom))
    by_derivation: Counter[str] = Counter(_local(inferred.value(ax, _PROV_GEN)) for ax in axioms)
    by_property: Counter[str] = Counter()
    for ax in axioms:
        p = inferred.value(ax, OWL.annotatedProperty)
        o = inferred.value(ax, OWL.annotatedTarget)
        by_property["type " + _local(o) if p == RDF.type else _local(p)] += 1
    click.echo(f"reasoner: {reasoner}; inferred facts: {len(axioms)} ({len(facts)} triples with records)")
    for name, n in sorted(by_derivation.items()):
        click.echo(f"  by {name}: {n}")
    click.echo("inferred facts per property or class:")
    for name, n in sorted(by_property.items()):
        click.echo(f"  {name}: {n}")
    if show:
        labels = built.union()
        for ax in sorted(axioms, key=lambda a: tuple(str(inferred.value(a, p)) for p in _PARTS)):
            s, p, o = (inferred.value(ax, part) for part in _PARTS)
            click.echo("  " + " ".join(_label(labels, x) for x in (s, p, o)))


def _label(graph, node) -> str:
    from rdflib.namespace import RDFS

    value = graph.value(node, RDFS.label)
    return f"'{value}'" if value is not None else _local(node)


from rdflib.namespace import PROV  # noqa: E402

_PROV_GEN = MSC.derivedBy
_PARTS = (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)
