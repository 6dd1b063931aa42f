"""The isotope pattern of a formula as a stick spectrum, for a paper column."""

from __future__ import annotations

from pathlib import Path

from msckg.errors import InputError
from msckg.photocatalysis.ladder import COLUMN_WIDTH_IN, FONT_PT, FORMATS, STYLE, _metadata
from msckg.photocatalysis.massspec import MOLMASS_VERSION, MassReport
from msckg.photocatalysis.typeset import species


def draw_pattern(report: MassReport, out: Path, fmt: str | None = None, label_top: int = 3,
                 min_intensity: float = 0.5) -> Path:
    """Sticks at each m/z with relative intensity (%), the tallest peaks labelled; return out."""
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"cannot draw the isotope pattern as {fmt or 'a file without suffix'!r}", where=str(out),
                         hint="use .png, .svg or .pdf")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(STYLE):
        return _draw(plt, report, out, fmt, label_top, min_intensity)


def _draw(plt, report: MassReport, out: Path, fmt: str, label_top: int, min_intensity: float) -> Path:
    peaks = [p for p in report.pattern if p.intensity >= min_intensity]
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH_IN, 2.2))
    ax.vlines([p.mz for p in peaks], 0, [p.intensity for p in peaks], colors="#1f4e99", linewidth=0.9)
    dense = len(peaks) > 12  # neighbouring labels would collide: label the tallest peak only
    for p in sorted(peaks, key=lambda p: -p.intensity)[:1 if dense else label_top]:
        ax.text(p.mz, p.intensity + 2, f"{p.mz:.2f}", ha="center", va="bottom", fontsize=FONT_PT - 1.5)
    unit, what = ("", "m/z ") if report.charge else (" Da", "")
    ax.text(0.02, 0.97, f"most abundant {what}{report.most_abundant.mz:.4f}{unit}\n"
            f"average {what}{report.average_mass / max(abs(report.charge), 1):.4f}{unit}",
            transform=ax.transAxes, ha="left", va="top", fontsize=FONT_PT - 1.5, color="#444444")
    span = max(p.mz for p in peaks) - min(p.mz for p in peaks)
    pad = max(span * 0.08, 1.0)
    ax.set_xlim(min(p.mz for p in peaks) - pad, max(p.mz for p in peaks) + pad)
    ax.set_ylim(0, 125)
    ax.set_xlabel("m/z" if report.charge else "mass / Da")
    ax.set_ylabel("relative intensity / %")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    charge = f", z = {report.charge:+d}".replace("-", "\u2212") if report.charge else ""
    ax.set_title(f"{species(report.formula)}{charge}: isotope pattern (molmass {MOLMASS_VERSION})",
                 fontsize=FONT_PT, loc="left")
    fig.subplots_adjust(left=0.14, right=0.95, top=0.88, bottom=0.2)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format=fmt, dpi=300, metadata=_metadata(fmt))
    plt.close(fig)
    return out
