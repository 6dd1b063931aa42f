from __future__ import annotations

import json

import click

from msckg.query.describe import describe as describe_core
from msckg.query.describe import format_text
from msckg.paths import project_layout
from msckg.query.store import EmbeddedStore


@click.command()
@click.argument("text")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def describe(text: str, fmt: str) -> None:
    """Every fact about the entity named TEXT (a formula, MSC-nnn, a label), with sources."""
    layout = project_layout()
    store = EmbeddedStore.open(layout.build / "store")
    found = describe_core(store, layout.queries, text)
    if fmt == "json":
        click.echo(json.dumps([d.to_json() for d in found], indent=2, ensure_ascii=False))
    else:
        click.echo(format_text(found), nl=False)
