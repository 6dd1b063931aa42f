"""msckg export: the built graph, or a part of it, in another syntax."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from msckg.commands._output import check_writable, write_output
from msckg.links.export import FORMATS, PARTS, export as export_core
from msckg.paths import project_layout


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="ttl (Turtle), rdfxml (RDF/XML, opens in Protégé), jsonld (JSON-LD with the project's "
                   "prefixes as @context), ofn (OWL functional syntax), sssom (the mapping table, SSSOM/TSV).")
@click.option("--part", type=click.Choice(PARTS), default="all", show_default=True,
              help="The complete graph or one of its named graphs.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output).")
def export(fmt: str, part: str, out: Path | None) -> None:
    """Write the built graph (build/) in another syntax. The same build exports the same bytes."""
    layout = project_layout()
    if out is not None:
        check_writable(out)
    data = export_core(layout.build, fmt, part, mappings_folder=layout.data / "mappings")
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_output(out, data)
    click.echo(f"written: {out} ({len(data)} bytes, {fmt}, part {part})", err=True)
