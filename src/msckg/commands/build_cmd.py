from __future__ import annotations

from pathlib import Path

import click

from msckg.build import build as build_graph
from msckg.paths import project_layout
from msckg.reason import REASONERS
from msckg.store import create_store
from msckg.summary import format_summary, summarize
from msckg.write import publish, write_outputs


@click.command()
@click.option("--reasoner", type=click.Choice(REASONERS), default="hermit", show_default=True,
              help="OWL 2 DL reasoner (owlready2) used for the inferred graph.")
@click.option("--data", "extra", multiple=True, type=click.Path(path_type=Path),
              help="An extra data file to build with (for trying a new paper's facts).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: build/ of the project).")
def build(reasoner: str, extra: tuple[Path, ...], out: Path | None) -> None:
    """Load, check, validate, reason; write the complete graph under build/."""
    layout = project_layout()
    built = build_graph(layout, reasoner=reasoner, extra_data=list(extra))
    summary = summarize(built)

    def fill(folder: Path) -> None:
        write_outputs(built.parts(), summary, folder,
                      extra=lambda f: create_store(f / "store", f / "msckg.nq"))

    target = out or layout.build
    publish(target, fill)
    click.echo(format_summary(summary))
    click.echo(f"written: {target}")
