from __future__ import annotations

from pathlib import Path

import click

from msckg.build.reason import REASONERS
from msckg.paths import project_layout


@click.command()
@click.option("--reasoner", type=click.Choice(REASONERS), default="hermit", show_default=True,
              help="OWL 2 DL reasoner (owlready2) used for the inferred graph.")
@click.option("--data", "extra", multiple=True, type=click.Path(path_type=Path),
              help="An extra data file to build with (for trying a new paper's facts).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: build/ of the project).")
@click.option("--verbose", "-v", is_flag=True, help="Print every count of the summary (per class, section, reference).")
def build(reasoner: str, extra: tuple[Path, ...], out: Path | None, verbose: bool) -> None:
    """Load, check, validate, reason; write the complete graph under build/."""
    from msckg.build.project import STAGES, build_project
    from msckg.build.summary import format_summary

    from msckg.commands._progress import stages

    with stages("build", steps=len(STAGES)) as progress:
        summary, target = build_project(project_layout(), reasoner=reasoner, extra_data=list(extra), out=out,
                                        progress=progress)
    click.echo(format_summary(summary, verbose=verbose))
    click.echo(f"written: {target}")
