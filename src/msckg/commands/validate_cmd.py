from __future__ import annotations

import sys

import click

from msckg.build.inputs import load_inputs
from msckg.paths import project_layout
from msckg.build.shapes import load_shapes, violations


@click.command()
def validate() -> None:
    """Check terms, provenance and quotes, then list every SHACL violation (exit 1 if any)."""
    layout = project_layout()
    inputs = load_inputs(layout)
    problems = violations(inputs.data, inputs.ontology, load_shapes(layout))
    for focus, message in problems:
        click.echo(f"{focus}: {message}")
    if problems:
        click.echo(f"{len(problems)} violation(s)", err=True)
        sys.exit(1)
    click.echo(f"valid: {len(inputs.facts)} facts, every one sourced; all SHACL shapes conform")
