"""msckg ms: masses and isotope pattern of a species or formula, for mass spectrometry."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("species")
@click.option("--charge", type=int, default=None,
              help="Charge state: the ion made by removing (+) or adding (−) electrons; m/z = mass/|z|.")
@click.option("--top", type=click.IntRange(1, 200), default=10, show_default=True, help="How many peaks to list.")
@click.option("--plot", "plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also draw the isotope pattern to this file (.png, .svg or .pdf).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def ms(species: str, charge: int | None, top: int, plot: Path | None, fmt: str) -> None:
    """Monoisotopic and average mass, most abundant peak and isotope pattern of SPECIES (a name or a formula)."""
    from msckg.errors import InputError
    from msckg.photocatalysis.isotope_plot import draw_pattern
    from msckg.photocatalysis.massspec import format_report, mass_report

    formula, graph_charge, label = _formula_of(species)
    if charge is not None and graph_charge not in (None, charge):
        raise InputError(f"{label} has charge {graph_charge:+d} in the graph, not {charge:+d}",
                         hint="leave out --charge, or give the neutral formula")
    report = mass_report(formula, charge if charge is not None else graph_charge)
    if fmt == "json":
        click.echo(json.dumps({"species": label, "formula": report.formula, "charge": report.charge,
                               "average_mass_Da": report.average_mass,
                               "monoisotopic_mass_Da": report.monoisotopic_mass,
                               "most_abundant": vars(report.most_abundant),
                               "peaks": [vars(p) for p in report.top_peaks(top)]}, indent=2))
    else:
        if label != formula:
            click.echo(f"{label}: formula {formula} from the graph")
        click.echo(format_report(report, top), nl=False)
    if plot is not None:
        click.echo(f"written: {draw_pattern(report, plot)}")


def _formula_of(text: str) -> tuple[str, int | None, str]:
    """A species of the graph by name (its formula and charge), or the text as a formula."""
    from msckg.errors import InputError
    from msckg.paths import project_layout
    from msckg.photocatalysis.lookup import species_formula
    from msckg.query.store import EmbeddedStore

    layout = project_layout()
    try:
        store = EmbeddedStore.open(layout.build / "store")
    except InputError:  # no build: the text can still be a formula
        return text, None, text
    found = species_formula(store, layout.queries, text)
    if found is None:
        return text, None, text
    label, formula, charge = found
    return formula, charge, label
