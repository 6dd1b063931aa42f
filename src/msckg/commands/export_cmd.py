"""msckg export: the built graph, or a part of it, in another syntax."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from msckg.errors import InputError
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
    data = export_core(layout.build, fmt, part, mappings_folder=layout.data / "mappings")
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        temporary = out.with_name(f".{out.name}.partial")
        temporary.write_bytes(data)
        temporary.replace(out)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", where=str(out), hint="check the path") from None
    click.echo(f"written: {out} ({len(data)} bytes, {fmt}, part {part})", err=True)
