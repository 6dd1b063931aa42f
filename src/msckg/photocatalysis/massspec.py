"""Formula masses and isotope patterns for mass spectrometry, computed with molmass.

molmass (Christoph Gohlke, BSD) holds IUPAC atomic weights and isotope abundances;
nothing here is a hand-written table. Definitions as molmass uses them:
average mass from standard atomic weights (the formula mass, g/mol); monoisotopic mass
from the most abundant isotope of each element; the most abundant peak is the tallest
peak of the isotope pattern (isotopologues binned by mass number, their mean mass).
An ion's charge is made by adding or removing electrons, and m/z = mass / |z|.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import molmass

from msckg.errors import InputError

MOLMASS_VERSION = molmass.__version__

# Characters that say a formula names no single definite species: a range or variable
# (x, n, N = 1–8), a composite (/, @), a doping notation (:), a list (,), a surface (Ag(111)).
_NOT_DEFINITE = re.compile(r"[,=:/@\s]|\(\d+\)|\b[xn]\b|\d\.\d")
_CHARGE_SUFFIX = re.compile(r"(?P<digits>\d*)(?P<sign>[+-])$")


class FormulaError(InputError):
    """A formula molmass cannot read, or one that names no definite species."""


@dataclass(frozen=True)
class Peak:
    mass_number: int
    mass: float        # Da, mean mass of the isotopologues of this mass number
    mz: float          # m/z at the charge of the formula (= mass when neutral)
    fraction: float    # of all molecules
    intensity: float   # relative to the tallest peak, %


@dataclass(frozen=True)
class MassReport:
    given: str
    formula: str              # molmass's Hill formula with charge
    charge: int
    average_mass: float       # Da (numerically g/mol)
    monoisotopic_mass: float  # Da
    most_abundant: Peak
    pattern: list[Peak] = field(default_factory=list)  # every peak down to min_intensity, by mass

    def top_peaks(self, n: int = 10) -> list[Peak]:
        """The n tallest peaks, in order of m/z."""
        tallest = sorted(self.pattern, key=lambda p: -p.intensity)[:n]
        return sorted(tallest, key=lambda p: p.mz)


def to_molmass(text: str, charge: int | None = None) -> str:
    """The molmass form of a formula as the sources write it, with the charge the graph gives.

    Subscripts are flattened in the data, so a trailing charge is ambiguous without the
    charge number: Cd2+ (charge 2) is Cd²⁺, Cu8− (charge −1) is Cu₈⁻. A bond dash inside
    an adduct, (Ag1–CO2)−, joins its parts.

    >>> to_molmass("Cd2+", 2), to_molmass("Cu8−", -1), to_molmass("(Ag1–CO2)−", -1), to_molmass("(CdSe)13")
    ('[Cd]2+', '[Cu8]-', '[(Ag1CO2)]-', '(CdSe)13')
    """
    norm = text.strip().replace("\u2212", "-").replace("•", "")
    if not norm or _NOT_DEFINITE.search(norm):
        raise FormulaError(f"formula {text!r} names no single definite species",
                           hint="give an element formula such as (CdSe)13 or [Cu8]-")
    match = _CHARGE_SUFFIX.search(norm) if not norm.endswith("]+") and not norm.endswith("]-") else None
    core = norm
    if match and charge is None:
        raise FormulaError(f"formula {text!r} ends in a charge whose size is ambiguous",
                           hint="write it as molmass does, for example [Cd]2+ or [Cu8]-, or give --charge")
    if match:
        sign = 1 if match.group("sign") == "+" else -1
        if charge == 0 or (charge > 0) != (sign > 0):
            raise FormulaError(f"formula {text!r} has a charge sign that disagrees with charge {charge}",
                               hint="check the charge number")
        digits = match.group("digits")
        if digits and int(digits) == abs(charge) and len(norm) > len(digits) + 1:
            core = norm[: -len(digits) - 1]
        else:
            core = norm[:-1]
    core = core.replace("\u2013", "")  # the bond of an adduct
    if charge:
        if core.startswith("[") and core.endswith("]") and match is None and re.search(r"\][+-]$", norm):
            return norm
        size = "" if abs(charge) == 1 else str(abs(charge))
        return f"[{core}]{size}{'+' if charge > 0 else '-'}"
    return core


def mass_report(formula: str, charge: int | None = None, min_intensity: float = 0.01) -> MassReport:
    """Masses and isotope pattern of a formula, as an ion of the given charge if one is given.

    The formula may be in molmass's ion syntax ([Cu8]-, [Cd]2+), in the sources' flattened
    form with its charge (Cd2+ with charge 2), or neutral ((CdSe)34): a neutral formula with
    a charge is the ion made by removing or adding electrons.
    """
    text = formula.strip()
    try:
        if re.search(r"\]\d*[+-]$", text):
            written = text
        elif _CHARGE_SUFFIX.search(text.replace("\u2212", "-")):
            written = to_molmass(text, charge)
        else:
            written = with_charge(to_molmass(text), charge or 0)
        parsed = molmass.Formula(written)
        if charge is not None and parsed.charge != charge:
            raise FormulaError(f"formula {formula!r} has charge {parsed.charge:+d}, not {charge:+d}",
                               hint="leave out --charge, or give the neutral formula")
        spectrum = parsed.spectrum(min_intensity=min_intensity)
    except molmass.FormulaError as exc:
        raise FormulaError(f"molmass cannot read formula {formula!r}: {str(exc).splitlines()[0]}",
                           hint="write element symbols with counts, for example (CdSe)34 or Cd6Se6") from None
    peaks = [Peak(mass_number=int(e.massnumber), mass=float(e.mass), mz=float(e.mz),
                  fraction=float(e.fraction), intensity=float(e.intensity)) for e in spectrum.values()]
    top = spectrum.peak
    return MassReport(
        given=formula, formula=parsed.formula, charge=int(parsed.charge),
        average_mass=float(parsed.mass), monoisotopic_mass=float(parsed.monoisotopic_mass),
        most_abundant=Peak(mass_number=int(top.massnumber), mass=float(top.mass), mz=float(top.mz),
                           fraction=float(top.fraction), intensity=float(top.intensity)),
        pattern=sorted(peaks, key=lambda p: p.mz))


def with_charge(formula: str, charge: int) -> str:
    """The ion of a neutral formula with |charge| electrons removed (+) or added (−)."""
    if charge == 0:
        return formula
    size = "" if abs(charge) == 1 else str(abs(charge))
    return f"[{formula}]{size}{'+' if charge > 0 else '-'}"


def elements(formula: str) -> dict[str, int]:
    """Element symbol -> count of a molmass formula."""
    return {symbol: int(item.count) for symbol, item in molmass.Formula(formula).composition().items()
            if symbol != "e-"}


def format_report(report: MassReport, top: int = 10) -> str:
    """Plain text for the terminal: the masses, then the tallest peaks."""
    z = report.charge
    unit = "m/z" if z else "mass (Da)"
    lines = [f"{report.given}  ({report.formula}{', charge ' + format(z, '+d') if z else ''})",
             f"  average mass        {report.average_mass:12.4f} Da  (formula mass {report.average_mass:.2f} g/mol)",
             f"  monoisotopic mass   {report.monoisotopic_mass:12.4f} Da  (most abundant isotope of each element)",
             f"  most abundant peak  {report.most_abundant.mass:12.4f} Da"
             + (f"  m/z {report.most_abundant.mz:.4f}" if z else "")
             + f"  (nominal {report.most_abundant.mass_number}, {100 * report.most_abundant.fraction:.2f} % of molecules)",
             f"  isotope pattern, {min(top, len(report.pattern))} tallest of {len(report.pattern)} peaks:",
             f"    {unit:>12}  {'rel. int. %':>11}  {'nominal':>7}"]
    for peak in report.top_peaks(top):
        lines.append(f"    {peak.mz:12.4f}  {peak.intensity:11.2f}  {peak.mass_number:7d}")
    lines.append(f"  (molmass {MOLMASS_VERSION}; peaks below {0.01:g} % of the tallest left out)")
    return "\n".join(lines) + "\n"
