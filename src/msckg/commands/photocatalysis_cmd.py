"""msckg photocatalysis: band-edge feasibility, Table 1 at any pH, its check, the ladder, CO2 products."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from msckg.errors import InputError


def _number(value: str | None, option: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value.replace("\u2212", "-"))
    except InvalidOperation:
        raise InputError(f"{option} {value!r} is not a number", hint=f"for example {option} -0.5") from None
    if not number.is_finite():
        raise InputError(f"{option} {value!r} is not a finite number", hint=f"for example {option} -0.5")
    return number


def _ph(value: str) -> Decimal:
    ph = _number(value, "--ph")
    if not Decimal(-2) <= ph <= Decimal(16):
        raise InputError(f"--ph {value} is outside the aqueous range", hint="give a pH between -2 and 16")
    return ph


def _store():
    from msckg.paths import project_layout
    from msckg.query.store import EmbeddedStore

    layout = project_layout()
    return EmbeddedStore.open(layout.build / "store"), layout.queries


@click.group()
def photocatalysis() -> None:
    """Photocatalysis arithmetic on the graph: feasibility from band edges, potentials at any pH, the redox ladder."""


@photocatalysis.command()
@click.option("--cb", "cb_text", default=None, metavar="V", help="Conduction-band edge, V vs NHE at the pH given.")
@click.option("--vb", "vb_text", default=None, metavar="V", help="Valence-band edge, V vs NHE at the pH given.")
@click.option("--ph", "ph_text", default="7", show_default=True, help="pH of the band edges and potentials.")
@click.option("--cluster", default=None, metavar="NAME",
              help="Take the band edges a source gives for this cluster from the graph (none are invented).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def feasibility(cb_text: str | None, vb_text: str | None, ph_text: str, cluster: str | None, fmt: str) -> None:
    """Which reduction products the CB edge can reach and which oxidation the VB edge can drive, with driving forces."""
    from msckg.photocatalysis.feasibility import assess, format_assessment
    from msckg.photocatalysis.lookup import band_edges, half_reactions

    ph = _ph(ph_text)
    cb, vb = _number(cb_text, "--cb"), _number(vb_text, "--vb")
    store, queries = _store()
    source = "given by the user"
    extra = []
    if cluster is not None:
        edges = band_edges(store, queries, cluster)
        gap = f"; its optical gap {edges.gap} eV (derived from its name) does not place them" if edges.gap else ""
        if cb is None:
            if edges.cb is None:
                raise InputError(f"the graph holds no band edges of {edges.label} from a source{gap}",
                                 hint="give --cb (and --vb) from a measurement or calculation you trust")
            if edges.ph is not None and edges.ph != ph:
                raise InputError(f"the band edges of {edges.label} are given at pH {edges.ph}, not {ph}",
                                 hint=f"run with --ph {edges.ph}")
            cb, vb, source = edges.cb, edges.vb, f"of {edges.label} from the graph: {edges.evidence}"
        elif edges.gap is not None:
            extra.append(f"{edges.label}: optical gap {edges.gap} eV (derived from its name); the band edges "
                         "above are yours, not the graph's.")
    if cb is None:
        raise InputError("no conduction-band edge", hint="give --cb V (V vs NHE), or --cluster NAME with sourced edges")
    result = assess(half_reactions(store, queries, ph), cb, vb, ph, source=source)
    result.notes.extend(extra)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_assessment(result), nl=False)


@photocatalysis.command()
@click.option("--ph", "ph_text", default="7", show_default=True, help="The pH to convert Table 1 to.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def potentials(ph_text: str, fmt: str) -> None:
    """Table 1's half-reaction potentials at the pH given (Nernst), beside the source's numbers."""
    from msckg.photocatalysis.lookup import half_reactions
    from msckg.photocatalysis.nernst import ph_text as show_ph, potential_at_ph

    ph = _ph(ph_text)
    store, queries = _store()
    reactions = half_reactions(store, queries, ph)
    rows = sorted(((potential_at_ph(r, ph), r) for r in reactions), key=lambda x: (x[0], x[1].iri))
    if fmt == "json":
        click.echo(json.dumps([{"reaction": r.iri, "equation": r.equation, "couple": r.couple, "pH": float(ph),
                                "E_V": float(e), "stated_E_V": float(r.potential), "stated_pH": float(r.stated_ph),
                                "holds_at_pH": None if r.holds_at_ph is None else float(r.holds_at_ph)}
                               for e, r in rows], indent=2, ensure_ascii=False))
        return
    click.echo(f"E / V vs NHE at pH {show_ph(ph)}   (source's number at its pH)   reaction")
    for e, r in rows:
        stated = f"{r.potential:+.2f} V at pH {show_ph(r.stated_ph)}"
        holds = f", holds at pH {show_ph(r.holds_at_ph)}*" if r.holds_at_ph is not None else ""
        click.echo(f"  {e:+6.2f}   ({stated}{holds})   {r.equation}")
    if any(r.holds_at_ph is not None for r in reactions):
        click.echo("* the stated pH does not fit the number: see 'msckg photocatalysis check'")
    click.echo("Nernst: −0.0592 V per pH unit for each proton per electron, at 298 K; "
               "steps without protons do not move.")


@photocatalysis.command()
def check() -> None:
    """Check each Table 1 potential against the pH the table states (reference couples H+/H2 and O2/H2O)."""
    from msckg.photocatalysis.lookup import half_reactions
    from msckg.photocatalysis.nernst import check_table

    store, queries = _store()
    findings = check_table(half_reactions(store, queries, 7))
    for finding in findings:
        click.echo(f"- {finding.message}")
    bad = [f for f in findings if f.status == "inconsistent"]
    click.echo(f"{len(findings)} potentials: {sum(f.status == 'consistent' for f in findings)} consistent, "
               f"{len(bad)} inconsistent, {sum(f.status == 'unchecked' for f in findings)} not checkable. "
               "The source's numbers are kept as stated; the build adds the value at each pH as derived.")


@photocatalysis.command()
@click.option("--ph", "ph_text", default="7", show_default=True, help="pH of the ladder.")
@click.option("--cb", "cb_text", default=None, metavar="V", help="Your conduction-band edge, V vs NHE.")
@click.option("--vb", "vb_text", default=None, metavar="V", help="Your valence-band edge, V vs NHE.")
@click.option("--name", default="your catalyst", show_default=True, help="Name under your band edges.")
@click.option("--cluster", "clusters", multiple=True, metavar="NAME",
              help="A cluster of the graph: its sourced band edges, or else its optical gap as a length, not placed.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=Path("ladder.png"),
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["png", "svg", "pdf"]), default=None,
              help="Picture format (default: from the file name).")
def ladder(ph_text: str, cb_text: str | None, vb_text: str | None, name: str, clusters: tuple[str, ...],
           out: Path, fmt: str | None) -> None:
    """Draw the redox ladder of Table 1 at a pH beside band edges or optical gaps (PNG, SVG or PDF)."""
    from msckg.photocatalysis.ladder import BandEdges, draw_ladder
    from msckg.photocatalysis.lookup import half_reactions, ladder_items

    ph = _ph(ph_text)
    cb, vb = _number(cb_text, "--cb"), _number(vb_text, "--vb")
    if vb is not None and cb is None:
        raise InputError("--vb without --cb", hint="give both band edges, or --cb alone")
    if cb is not None and vb is not None and vb <= cb:
        raise InputError(f"the valence-band edge ({vb} V) must lie below the conduction band ({cb} V)",
                         hint="potentials vs NHE: the CB edge is the more negative one")
    store, queries = _store()
    bands, gaps = ladder_items(store, queries, list(clusters))
    if cb is not None:
        bands.insert(0, BandEdges(name, cb, vb))
    written = draw_ladder(half_reactions(store, queries, ph), ph, out, fmt, bands=bands, gaps=gaps)
    click.echo(f"written: {written}")
    if gaps:
        click.echo("note: optical gaps are drawn as lengths only; without band edges they place no band.")


@photocatalysis.command(name="co2-into")
@click.argument("product", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def co2_into(product: str | None, fmt: str) -> None:
    """What has been reported, by experiment or computation, to convert CO2 into PRODUCT (all products if none)."""
    from msckg.photocatalysis.lookup import conversions, format_conversions

    store, queries = _store()
    label, rows = conversions(store, queries, product)
    if fmt == "json":
        click.echo(json.dumps([{k: str(v) for k, v in row.items()} for row in rows], indent=2, ensure_ascii=False))
    else:
        click.echo(format_conversions(label, rows), nl=False)


@photocatalysis.command()
@click.argument("name")
def gap(name: str) -> None:
    """The optical gap of the cluster NAME, derived from its MSC-nnn name (E = hc/λ)."""
    from rdflib import URIRef

    from msckg.photocatalysis.feasibility import GAP_NOTE
    from msckg.photocatalysis.lookup import resolve
    from msckg.query.catalog import find_query

    store, queries = _store()
    iri, label = resolve(store, queries, name)
    rows = store.select(find_query(queries, "cq21-optical-gaps").text, {"cluster": URIRef(iri)})
    if not rows:
        raise InputError(f"{label} has no optical gap in the graph",
                         hint="one is derived only for clusters named by their absorption peak (MSC-nnn)")
    for row in rows:
        click.echo(f"{label}: optical gap {row['gap']} eV, derived from the absorption peak at "
                   f"{row.get('wavelength')} nm that its name states (E = hc/λ, hc = 1239.84 eV nm)")
    click.echo(f"note: {GAP_NOTE}")
