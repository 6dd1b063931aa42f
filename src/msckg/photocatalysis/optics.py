"""Optical gaps from MSC-nnn names: the name gives the absorption peak in nm, E = hc/λ.

The constant is hc/e = 1239.841984... eV·nm, exact since the 2019 SI (h, c and e are
defined values; CODATA 2018 and 2022 list them as exact). It is used rounded to
1239.84 eV·nm: six figures, whose rounding error (2e-6 relative) is a thousand times
smaller than the ±0.5 nm of a name that states the peak to the nanometre (±0.13 % at
400 nm), so the gap to 0.01 eV is the same with any more digits.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

HC_EV_NM = Decimal("1239.84")
HC_SOURCE = ("hc/e = 1239.841984 eV nm from the exact SI values of h, c and e "
             "(CODATA 2018), rounded to 1239.84 eV nm")

# MSC-399, sMSC-360, dMSC-322, or with its material, CdS MSC-360: a cluster named by its
# absorption peak in nm. The whole name must be that (a label such as "MSC-399 → MSC-422"
# names a step, not a cluster).
_NAME = re.compile(r"^\s*(?:[A-Z][A-Za-z0-9]*\s+)?(?P<kind>[sd]?)MSC-?(?P<nm>\d{3,4})\s*$")


def peak_wavelength_nm(name: str) -> int | None:
    """The absorption peak (nm) an MSC-nnn, sMSC-nnn or dMSC-nnn name states, or None.

    >>> peak_wavelength_nm("MSC-399"), peak_wavelength_nm("dMSC-322"), peak_wavelength_nm("CdS MSC-360")
    (399, 322, 360)
    >>> peak_wavelength_nm("PC-299"), peak_wavelength_nm("MSC-399 → MSC-422")
    (None, None)
    """
    match = _NAME.match(name)
    return int(match.group("nm")) if match else None


def optical_gap_ev(wavelength_nm: int | Decimal) -> Decimal:
    """E = hc/λ in eV, to 0.01 eV (the precision a whole-nanometre peak supports).

    >>> optical_gap_ev(399), optical_gap_ev(422)
    (Decimal('3.11'), Decimal('2.94'))
    """
    wavelength = Decimal(wavelength_nm)
    if wavelength <= 0:
        raise ValueError(f"a wavelength must be positive, not {wavelength_nm}")
    return (HC_EV_NM / wavelength).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
