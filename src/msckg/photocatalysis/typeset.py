"""Chemical names as matplotlib mathtext: CO2 → CO$_2$, H+ → H$^+$, CO2•− → CO$_2^{\\bullet-}$."""

from __future__ import annotations

import re

_CHARGE = re.compile(r"(?P<radical>•?)(?P<sign>[+\-−⁺⁻])$")
_ION = re.compile(r"\](?P<size>\d*)(?P<sign>[+-])$")
_COUNT = re.compile(r"(?<=[A-Za-z)\]])(\d+)")


def species(text: str) -> str:
    """One species: counts as subscripts, a trailing charge (and radical dot) as superscript.

    >>> species("CH3OH"), species("H+"), species("CO2•−"), species("[Cd34Se34]2-"), species("h+")
    ('CH$_{3}$OH', 'H$^{+}$', 'CO$_{2}^{\\\\bullet-}$', '[Cd$_{34}$Se$_{34}$]$^{2-}$', 'h$^{+}$')
    """
    text = text.strip()
    charge = ""
    ion = _ION.search(text)
    if ion:
        charge = ion.group("size") + ion.group("sign")
        text = text[: ion.start()] + "]"
    else:
        match = _CHARGE.search(text)
        if match and len(text) > len(match.group(0)):
            sign = {"−": "-", "⁺": "+", "⁻": "-"}.get(match.group("sign"), match.group("sign"))
            charge = ("\\bullet" if match.group("radical") else "") + sign
            text = text[: match.start()]
    body = _COUNT.sub(lambda m: f"$_{{{m.group(1)}}}$", text)
    return (body + (f"$^{{{charge}}}$" if charge else "")).replace("$$", "")  # one math run: CO$_{2}^{-}$


def couple(text: str) -> str:
    """An oxidized/reduced couple: CO2/CH4 → CO$_2$/CH$_4$."""
    return "/".join(species(part) for part in text.split("/"))
