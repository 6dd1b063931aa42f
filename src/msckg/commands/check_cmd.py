from __future__ import annotations

import click

from msckg.build.inputs import load_inputs
from msckg.paths import project_layout


@click.command()
def check() -> None:
    """Parse ontology and data and check terms, provenance and quotes (no reasoning)."""
    inputs = load_inputs(project_layout())
    click.echo(f"ok: {len(inputs.ontology)} ontology triples, {len(inputs.data)} data triples, "
               f"{len(inputs.facts)} sourced facts")
