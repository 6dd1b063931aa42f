"""Potentials at another pH (Nernst relation) and a check of the pH a table states.

For a proton-coupled half-reaction with m protons and n electrons at 298 K,
E(pH) = E(pH0) − 0.0592 V × (m/n) × (pH − pH0). The slope is RT ln(10)/F =
0.05916 V at 298.15 K (R = 8.314462618 J/(mol K) and F = 96485.33212 C/mol, both exact
in the 2019 SI, CODATA 2018), used as 0.0592 V per pH unit. A step without protons
(the single-electron CO2/CO2•− reduction) has m = 0 and does not move with pH.

Results are given to 0.01 V, the precision of the review's Table 1, rounded half up
(towards +∞), which SPARQL's FLOOR(x·100 + 0.5)/100 reproduces in the stored queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from msckg.photocatalysis.reactions import HalfReaction

SLOPE_V_PER_PH = Decimal("0.0592")
SLOPE_SOURCE = ("RT ln(10)/F at 298.15 K with R = 8.314462618 J/(mol K) and F = 96485.33212 C/mol "
                "(CODATA 2018): 0.05916 V, used as 0.0592 V per pH unit")
CENT = Decimal("0.01")
TOLERANCE_V = Decimal("0.015")  # the table's 0.01 V precision, with the rounding of both sides


def slope(reaction: HalfReaction) -> Decimal:
    """dE/dpH of a half-reaction: −0.0592 V × protons / electrons."""
    return -SLOPE_V_PER_PH * Decimal(reaction.protons) / Decimal(reaction.electrons)


def exact_potential_at_ph(reaction: HalfReaction, ph: Decimal | float | str) -> Decimal:
    """E at ph from the source's number at the pH it holds at, unrounded."""
    return reaction.potential + slope(reaction) * (Decimal(str(ph)) - reaction.anchor_ph)


def potential_at_ph(reaction: HalfReaction, ph: Decimal | float | str) -> Decimal:
    """E at ph to 0.01 V (half up)."""
    return round_half_up(exact_potential_at_ph(reaction, ph))


def round_half_up(value: Decimal) -> Decimal:
    return ((value * 100 + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR) / 100).quantize(CENT)


# Reference couples with a value known independently of the review, at pH 0 (unit H+ activity).
#  - H+/H2 is 0 V at pH 0 by the definition of the hydrogen electrode scale (NHE/SHE).
#  - O2/H2O: E0 = −ΔrG0/(4F) for 2H2O(l) → O2 + 2H2, with ΔfG0(H2O, l) = ΔfH0 − TΔfS0 from the
#    CODATA Key Values for Thermodynamics (Cox, Wagman and Medvedev, Hemisphere 1989;
#    http://codata.info/resources/databases/key1.html): ΔfH0(H2O, l) = −285.830 kJ/mol,
#    S0 = 69.95 (H2O, l), 130.680 (H2, g), 205.152 (O2, g) J/(K mol); F as above.
_T = Decimal("298.15")
_F = Decimal("96485.33212")
_DFG_H2O = Decimal("-285830") - _T * (Decimal("69.95") - Decimal("130.680") - Decimal("205.152") / 2)
E0_O2_H2O = (-2 * _DFG_H2O / (4 * _F)).quantize(Decimal("0.001"))   # 1.229 V
REFERENCE_COUPLES: dict[str, tuple[Decimal, str]] = {
    "proton reduction": (Decimal("0.000"), "H+/H2 is 0 V at pH 0 by definition of the hydrogen electrode scale"),
    "water oxidation": (E0_O2_H2O, "O2/H2O is 1.229 V at pH 0, from the CODATA key values of H2O, H2 and O2"),
}


@dataclass(frozen=True)
class PHCheck:
    reaction: HalfReaction
    status: str                      # "consistent", "inconsistent" or "unchecked"
    expected: Decimal | None = None  # the reference couple's value at the stated pH
    holds_at_ph: Decimal | None = None
    reason: str = ""

    @property
    def corrected(self) -> Decimal | None:
        """The potential at the stated pH, from the number read at the pH it holds at."""
        if self.holds_at_ph is None:
            return None
        r = self.reaction
        return round_half_up(r.potential + slope(r) * (r.stated_ph - self.holds_at_ph))

    @property
    def message(self) -> str:
        r = self.reaction
        stated = (f"{r.equation}: {r.potential:+.2f} V vs {r.electrode or 'the reference'} "
                  f"stated at pH {ph_text(r.stated_ph)}")
        if self.status == "unchecked":
            return f"{stated}: not checked ({self.reason})"
        if self.status == "consistent":
            return f"{stated}: consistent (expected {self.expected:+.3f} V; {self.reason})"
        if self.holds_at_ph is None:
            return f"{stated}: INCONSISTENT, expected {self.expected:+.3f} V ({self.reason})"
        return (f"{stated}: INCONSISTENT, expected {self.expected:+.3f} V at pH {ph_text(r.stated_ph)} "
                f"({self.reason}). The stated number is the value at pH {ph_text(self.holds_at_ph)}; "
                f"at pH {ph_text(r.stated_ph)} the potential is {self.corrected:+.2f} V "
                f"= {r.potential:.2f} V {_shift_text(slope(r), r.stated_ph - self.holds_at_ph)}")


def check_stated_ph(reaction: HalfReaction) -> PHCheck:
    """Whether the source's number holds at the pH it states, against a reference couple."""
    reference = REFERENCE_COUPLES.get(reaction.kind or "")
    if reference is None:
        return PHCheck(reaction, "unchecked",
                       reason="no value independent of the source is known for this couple")
    e0, why = reference
    expected = e0 + slope(reaction) * reaction.stated_ph
    if abs(reaction.potential - expected) <= TOLERANCE_V:
        return PHCheck(reaction, "consistent", expected=expected, reason=why)
    if slope(reaction) == 0:
        return PHCheck(reaction, "inconsistent", expected=expected, holds_at_ph=None, reason=why)
    holds = ((reaction.potential - e0) / slope(reaction)).quantize(Decimal("0.1"))
    return PHCheck(reaction, "inconsistent", expected=expected, holds_at_ph=holds + 0, reason=why)


def _shift_text(dE_dpH: Decimal, dpH: Decimal) -> str:
    sign = "−" if dE_dpH * dpH < 0 else "+"
    return f"{sign} {abs(dE_dpH):.4f} V × {ph_text(abs(dpH))}"


def ph_text(ph: Decimal) -> str:
    """A pH without trailing zeros: 7, 0, 6.5."""
    text = format(Decimal(ph).normalize(), "f")
    return "0" if text in ("-0", "0") else text


def check_table(reactions: list[HalfReaction]) -> list[PHCheck]:
    return [check_stated_ph(r) for r in reactions]
