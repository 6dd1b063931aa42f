"""msckg import: load an external ontology into the built store as a named graph."""

from __future__ import annotations

import json
from pathlib import Path

import click

from msckg.errors import InputError
from msckg.links.importer import import_file, list_imports, remove_import
from msckg.paths import project_layout


@click.command(name="import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", default=None,
              help="Graph name: https://w3id.org/msckg/graph/external/NAME (default: the file's stem).")
@click.option("--list", "show", is_flag=True, help="List the imported graphs of the current build.")
@click.option("--remove", "remove", default=None, metavar="NAME", help="Drop an imported graph.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def import_cmd(file: Path | None, name: str | None, show: bool, remove: str | None, fmt: str) -> None:
    """Load an external ontology or extract (OWL as RDF/XML, OWL/XML or functional syntax, Turtle,
    N-Triples, JSON-LD, OBO) into build/store as graph external/NAME, so stored queries can use its
    class hierarchy through the mappings. A rebuild drops imports: import again after 'msckg build'."""
    build = project_layout().build
    if sum(bool(x) for x in (file, show, remove)) != 1:
        raise InputError("give a FILE to import, --list or --remove NAME",
                         hint="e.g. msckg import chmo.owl --name chmo")
    if show:
        entries = list_imports(build)
        if fmt == "json":
            click.echo(json.dumps([vars(e) for e in entries], indent=2))
        else:
            for e in entries:
                click.echo(f"{e.name}\t{e.triples} triples\t{e.graph}\t{e.file}")
            if not entries:
                click.echo("no imported graphs")
        return
    if remove:
        remove_import(build, remove)
        click.echo(f"removed graph external/{remove}")
        return
    from msckg.commands._progress import stages
    from msckg.links.importer import IMPORT_STAGES

    with stages(f"import {file.name}", steps=len(IMPORT_STAGES)) as progress:
        record = import_file(build, file, name, progress=progress)
    if fmt == "json":
        click.echo(json.dumps(vars(record), indent=2))
    else:
        click.echo(f"imported {record.triples} triples from {file} into <{record.graph}> "
                   f"({record.format}); 'msckg build' drops it, import again after a build")
