"""Which half-reactions a photocatalyst's band edges can drive, and by how much, at a pH.

A photogenerated electron at the conduction-band edge (cb, V vs NHE) can reduce a couple
whose potential lies above it (E > cb): driving force E − cb. A hole at the valence-band
edge (vb) can oxidize a couple below it (vb > E): driving force vb − E. Potentials come
from the graph's half-reactions at the pH asked (nernst.py); the band edges are the
user's, or a source's, at that pH. This is thermodynamics only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from msckg.errors import InputError
from msckg.photocatalysis.nernst import ph_text, potential_at_ph
from msckg.photocatalysis.reactions import HalfReaction

GAP_NOTE = ("An optical gap alone does not place the bands: it gives the distance between "
            "them, not where the conduction band lies on the NHE scale. Band edges come from "
            "the user or from a source that measured or computed them.")
SCOPE_NOTE = ("Thermodynamics only: a positive driving force is necessary, not sufficient "
              "(overpotentials, kinetics and selectivity are not in it).")


@dataclass(frozen=True)
class Step:
    reaction: HalfReaction
    potential: Decimal                 # at the pH asked, V
    driving_force: Decimal | None      # None when the band edge it needs was not given
    reachable: bool


@dataclass(frozen=True)
class Assessment:
    ph: Decimal
    cb: Decimal
    vb: Decimal | None
    reductions: list[Step]
    oxidations: list[Step]
    source: str = "given by the user"
    notes: list[str] = field(default_factory=list)

    def reachable_products(self) -> list[str]:
        return [s.reaction.product for s in self.reductions if s.reachable]

    def to_json(self) -> dict:
        def step(s: Step) -> dict:
            return {"reaction": s.reaction.iri, "equation": s.reaction.equation, "kind": s.reaction.kind,
                    "product": s.reaction.product, "potential_V": float(s.potential),
                    "driving_force_V": None if s.driving_force is None else float(s.driving_force),
                    "reachable": s.reachable}
        return {"pH": float(self.ph), "cb_V": float(self.cb), "vb_V": None if self.vb is None else float(self.vb),
                "band_edges": self.source, "reductions": [step(s) for s in self.reductions],
                "oxidations": [step(s) for s in self.oxidations], "notes": self.notes}


def assess(reactions: list[HalfReaction], cb: Decimal | float | str, vb: Decimal | float | str | None = None,
           ph: Decimal | float | str = 7, source: str = "given by the user") -> Assessment:
    """Every reduction against cb and every oxidation against vb, at ph."""
    cb_v = Decimal(str(cb))
    vb_v = None if vb is None else Decimal(str(vb))
    ph_v = Decimal(str(ph))
    if vb_v is not None and vb_v <= cb_v:
        raise InputError(f"the valence-band edge ({vb_v} V) must lie below the conduction band "
                         f"({cb_v} V), i.e. at a more positive potential",
                         hint="potentials vs NHE: the CB edge is the more negative one")
    reductions, oxidations = [], []
    for reaction in reactions:
        e = potential_at_ph(reaction, ph_v)
        if reaction.direction == "reduction":
            force = e - cb_v
            reductions.append(Step(reaction, e, force, force > 0))
        else:
            force = None if vb_v is None else vb_v - e
            oxidations.append(Step(reaction, e, force, force is not None and force > 0))
    reductions.sort(key=lambda s: (-s.driving_force, s.reaction.iri))
    oxidations.sort(key=lambda s: (s.potential, s.reaction.iri))
    notes = [f"Potentials vs NHE at pH {ph_text(ph_v)} (Nernst, −0.0592 V per pH unit for each proton "
             "per electron); band edges taken as given at that pH.", SCOPE_NOTE, GAP_NOTE]
    if vb_v is None:
        notes.insert(1, "No valence-band edge given (--vb): which oxidation closes the cycle is not assessed.")
    return Assessment(ph=ph_v, cb=cb_v, vb=vb_v, reductions=reductions, oxidations=oxidations,
                      source=source, notes=notes)


def format_assessment(a: Assessment) -> str:
    lines = [f"Band edges ({a.source}): CB {a.cb:+.2f} V"
             + (f", VB {a.vb:+.2f} V" if a.vb is not None else "")
             + f" vs NHE at pH {ph_text(a.ph)}"]
    width = 30
    for title, steps, edge in (("Reductions (conduction band)", a.reductions, "E − CB"),
                               ("Oxidations (valence band)", a.oxidations, "VB − E")):
        lines.append(f"{title + ':':<{width}}  {'reachable':<9}  {'E / V':>6}  {edge + ' / V':>10}  reaction")
        for s in steps:
            force = "—" if s.driving_force is None else f"{s.driving_force:+.2f}"
            mark = "yes" if s.reachable else ("?" if s.driving_force is None else "no")
            lines.append(f"  {s.reaction.product or s.reaction.equation:<{width - 2}}  {mark:<9}  "
                         f"{s.potential:+6.2f}  {force:>10}  {s.reaction.equation}")
    lines.append("")
    lines.extend(f"Note: {n}" for n in a.notes)
    return "\n".join(lines) + "\n"
