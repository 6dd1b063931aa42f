from __future__ import annotations

import json

import click

from msckg.paths import project_layout


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def reconcile(fmt: str) -> None:
    """Likely duplicate species across sources, with the reason and how each is resolved."""
    from msckg.build.curation import apply_relabels, compile_sources, load_table_sources
    from msckg.build.load import load_data, load_ontology
    from msckg.build.reconcile import candidates

    layout = project_layout()
    ontology = load_ontology(layout)
    data = load_data(layout)
    compiled = compile_sources(load_table_sources(layout.data), ontology, data)
    data += compiled.graph
    apply_relabels(data, compiled)
    found = candidates(data, ontology, compiled)
    rows = [{"entity": str(c.entity), "other": str(c.other), "status": c.status, "reason": c.reason,
             "where": c.where} for c in found]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    joined = sorted(iri for iri, decl in compiled.declared.items()
                    if iri in compiled.turtle_known or len({k for k, _ in decl}) > 1)
    click.echo(f"{len(joined)} entities joined across sources (one IRI, facts of each source):")
    for iri in joined:
        keys = sorted({k for k, _ in compiled.declared[iri]} | ({"Turtle data"} if iri in compiled.turtle_known else set()))
        click.echo(f"  {_local(iri)}: {', '.join(keys)}")
    click.echo(f"{len(found)} likely duplicates or shared names:")
    for c in found:
        click.echo(f"  [{c.status}] {_local(c.entity)} ~ {_local(c.other)}: {c.reason}  ({c.where})")
    unresolved = [c for c in found if c.status == "unresolved"]
    if unresolved:
        raise SystemExit(1)


def _local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]
