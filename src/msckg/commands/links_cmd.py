"""msckg links: how far the graph is linked to external vocabularies."""

from __future__ import annotations

import json
import sys

import click

from msckg.links.report import STATUSES, format_text, links_report, mapping_problems
from msckg.paths import project_layout
from msckg.query.store import EmbeddedStore


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--list", "listing", type=click.Choice(STATUSES + ("all",)), default=None,
              help="Also list the entities with this status (e.g. unchecked), per category.")
@click.option("--check", is_flag=True,
              help="Instead of the report, check the SSSOM tables (schema, bioregistry prefixes, "
                   "one exactMatch per resource, shared targets) against the built graph; exit 1 on a problem.")
@click.option("--endpoint", default=None, metavar="URL",
              help="A SPARQL 1.1 query endpoint holding the msckg graphs instead of the embedded store.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for the endpoint.")
def links(fmt: str, listing: str | None, check: bool, endpoint: str | None, timeout: float) -> None:
    """Per category (species, materials, techniques, reactions, units, sources): entities mapped to
    external vocabularies (and to which), checked with no term found, and never checked."""
    layout = project_layout()
    if endpoint is None:
        store = EmbeddedStore.open(layout.build / "store")
    else:
        from msckg.query.endpoint import EndpointStore

        store = EndpointStore(endpoint, timeout=timeout)
    mappings = layout.data / "mappings"
    if check:
        problems = mapping_problems(store, mappings)
        if fmt == "json":
            click.echo(json.dumps([{"check": p.check, "message": p.message} for p in problems], indent=2))
        else:
            for problem in problems:
                click.echo(problem)
            click.echo(f"{len(problems)} problem(s) in the mapping tables" if problems
                       else "mapping tables: no problems")
        sys.exit(1 if problems else 0)
    report = links_report(store, mappings)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(listing), indent=2, ensure_ascii=False))
    else:
        click.echo(format_text(report, listing), nl=False)
