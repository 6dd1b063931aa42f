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
@click.option("--endpoint", default=None, metavar="URL",
              help="A SPARQL 1.1 query endpoint instead of the embedded store under build/.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for the endpoint.")
def describe(text: str, fmt: str, endpoint: str | None, timeout: float) -> None:
    """Every fact about the entity named TEXT (a formula, MSC-nnn, a label), with sources."""
    layout = project_layout()
    if endpoint is None:
        store = EmbeddedStore.open(layout.build / "store")
    else:
        from msckg.query.endpoint import MSCKG_GRAPHS, EndpointStore

        store = EndpointStore(endpoint, timeout=timeout, graphs=MSCKG_GRAPHS)
    found = describe_core(store, layout.queries, text)
    if fmt == "json":
        click.echo(json.dumps([d.to_json() for d in found], indent=2, ensure_ascii=False))
    else:
        click.echo(format_text(found), nl=False)
