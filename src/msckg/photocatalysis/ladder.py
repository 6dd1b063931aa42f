"""The redox ladder: Table 1's couples on the NHE scale at a pH, beside band edges or gaps.

Drawn with matplotlib for a paper column (8.6 cm wide, 7 pt text). Potentials run
downward from negative to positive, as photocatalysis papers draw them (higher energy
for electrons at the top). Band edges the user gives are placed on the scale; an optical
gap without band edges is drawn in a separate panel as a length to the same scale, not
placed, because its position on the NHE scale is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from msckg.errors import InputError
from msckg.photocatalysis.nernst import ph_text, potential_at_ph
from msckg.photocatalysis.reactions import HalfReaction
from msckg.photocatalysis.typeset import couple, species

FORMATS = ("png", "svg", "pdf")
COLUMN_WIDTH_IN = 3.39   # 8.6 cm, a single journal column
FONT_PT = 7
# set per picture (rc_context), never globally; a fixed SVG hash salt makes the files reproducible
STYLE = {"font.size": FONT_PT, "font.family": "DejaVu Sans", "mathtext.default": "regular",
         "svg.fonttype": "none", "svg.hashsalt": "msckg", "pdf.fonttype": 42}


@dataclass(frozen=True)
class BandEdges:
    name: str
    cb: Decimal
    vb: Decimal | None = None
    source: str = "user"


@dataclass(frozen=True)
class Gap:
    name: str
    energy_ev: Decimal
    source: str = "derived from the name"


def draw_ladder(reactions: list[HalfReaction], ph: Decimal | float | str, out: Path, fmt: str | None = None,
                bands: list[BandEdges] | None = None, gaps: list[Gap] | None = None) -> Path:
    """Write the ladder picture to out (format from fmt or the file's suffix); return out."""
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"cannot draw the ladder as {fmt or 'a file without suffix'!r}", where=str(out),
                         hint="use .png, .svg or .pdf")
    if not reactions:
        raise InputError("no half-reactions with potentials in the graph", hint="run 'msckg build' first")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ph_v = Decimal(str(ph))
    bands, gaps = list(bands or []), list(gaps or [])
    levels = [(float(potential_at_ph(r, ph_v)), r) for r in reactions]
    values = [v for v, _ in levels] + [float(b.cb) for b in bands] + [float(b.vb) for b in bands if b.vb is not None]
    margin = 0.45 if bands else 0.2  # room for the CB label above its line and the VB label below
    low, high = min(values) - margin, max(values) + margin

    with plt.rc_context(STYLE):
        return _draw(plt, levels, (low, high), ph_v, out, fmt, bands, gaps)


def _draw(plt, levels: list[tuple[float, HalfReaction]], limits: tuple[float, float], ph_v: Decimal, out: Path,
          fmt: str, bands: list[BandEdges], gaps: list[Gap]) -> Path:
    low, high = limits
    panels = 1 + (1 if bands else 0) + (1 if gaps else 0)
    ratios = [2.5] + ([0.7 * len(bands)] if bands else []) + ([0.8 * len(gaps)] if gaps else [])
    fig, axes = plt.subplots(1, panels, figsize=(COLUMN_WIDTH_IN, 3.3), sharey=False,
                             gridspec_kw={"width_ratios": ratios, "wspace": 0.12})
    axes = list(axes) if panels > 1 else [axes]
    ax = axes[0]
    _draw_couples(ax, levels, low, high)
    ax.set_ylabel(f"E / V vs NHE (pH {ph_text(ph_v)})")
    index = 1
    if bands:
        _draw_bands(axes[index], bands, low, high)
        index += 1
    if gaps:
        _draw_gaps(axes[index], gaps, high - low)
    fig.subplots_adjust(left=0.15, right=0.985, top=0.93, bottom=0.09)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format=fmt, dpi=300, metadata=_metadata(fmt))
    plt.close(fig)
    return out


def _draw_couples(ax, levels: list[tuple[float, HalfReaction]], low: float, high: float) -> None:
    ax.set_ylim(high, low)  # negative potentials at the top
    ax.set_xlim(0, 1)
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ordered = sorted(levels, key=lambda lv: lv[0])
    label_y = _spread([v for v, _ in ordered], min_gap=(high - low) * 0.058, low=low, high=high)
    for (value, reaction), y in zip(ordered, label_y):
        colour = "#1f4e99" if reaction.direction == "reduction" else "#b23a1c"
        ax.hlines(value, 0.02, 0.24, colors=colour, linewidth=1.2)
        ax.plot([0.24, 0.29], [value, y], color="#888888", linewidth=0.5)
        name = couple(reaction.couple) if reaction.couple else reaction.equation
        ax.text(0.30, y, f"{name}  {value:+.2f}".replace("-", "\u2212"), va="center", ha="left",
                color=colour)
    ax.set_title("Table 1 couples", fontsize=FONT_PT, loc="left")


def _draw_bands(ax, bands: list[BandEdges], low: float, high: float) -> None:
    ax.set_ylim(high, low)
    ax.set_xlim(0, len(bands))
    ax.set_xticks([i + 0.5 for i in range(len(bands))])
    ax.set_xticklabels([species(b.name) for b in bands], fontsize=FONT_PT - 1)
    ax.tick_params(axis="y", labelleft=False)
    ax.tick_params(axis="x", length=0)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    for i, b in enumerate(bands):
        cb = float(b.cb)
        vb = float(b.vb) if b.vb is not None else None
        if vb is not None:
            ax.add_patch(_rect(i + 0.15, cb, 0.7, vb - cb, "#e8e8e8"))
        ax.hlines(cb, i + 0.15, i + 0.85, colors="#1f4e99", linewidth=1.6)
        ax.text(i + 0.5, cb - 0.04, f"CB\n{_signed(cb)}", ha="center", va="bottom", color="#1f4e99",
                linespacing=1.0)
        ax.text(i + 0.5, cb + 0.04, "e$^{-}$", ha="center", va="top", color="#1f4e99")
        if vb is not None:
            ax.hlines(vb, i + 0.15, i + 0.85, colors="#b23a1c", linewidth=1.6)
            ax.text(i + 0.5, vb + 0.04, f"VB\n{_signed(vb)}", ha="center", va="top", color="#b23a1c",
                    linespacing=1.0)
            ax.text(i + 0.5, vb - 0.04, "h$^{+}$", ha="center", va="bottom", color="#b23a1c")
    ax.set_title("band edges", fontsize=FONT_PT)


def _draw_gaps(ax, gaps: list[Gap], span: float) -> None:
    """Optical gaps as lengths to the potential scale (1 eV ↔ 1 V), deliberately not placed."""
    ax.set_ylim(span, 0)
    ax.set_xlim(0, len(gaps))
    ax.set_yticks([])
    ax.set_xticks([i + 0.5 for i in range(len(gaps))])
    ax.set_xticklabels([species(g.name) for g in gaps], fontsize=FONT_PT - 1.5)
    ax.tick_params(axis="x", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_facecolor("#f4f4f4")  # a space of its own: no potential axis here
    for i, g in enumerate(gaps):
        length = float(g.energy_ev)
        top = (span - length) / 2 - 0.1 * span
        ax.add_patch(_rect(i + 0.3, top, 0.4, length, "none", dashed=True))
        ax.annotate("", xy=(i + 0.5, top), xytext=(i + 0.5, top + length),
                    arrowprops={"arrowstyle": "<->", "linewidth": 0.7, "color": "#444444"})
        ax.text(i + 0.5, top + length / 2, f"{length:.2f} eV", ha="center", va="center", rotation=90,
                fontsize=FONT_PT - 1, bbox={"facecolor": "#f4f4f4", "edgecolor": "none", "pad": 1.0})
    ax.text(len(gaps) / 2, span - 0.02, "optical gap:\nlength to scale,\nnot placed", ha="center", va="bottom",
            fontsize=FONT_PT - 1, style="italic", color="#444444")
    ax.set_title("gap", fontsize=FONT_PT)


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "\u2212")


def _rect(x: float, y: float, width: float, height: float, face: str, dashed: bool = False):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), width, height, facecolor=face, edgecolor="#444444" if dashed else "none",
                     linestyle="--" if dashed else "-", linewidth=0.7)


def _spread(values: list[float], min_gap: float, low: float, high: float) -> list[float]:
    """Label positions near values (sorted ascending) at least min_gap apart, inside the axis."""
    ys = list(values)
    for _ in range(200):
        moved = False
        for i in range(1, len(ys)):
            overlap = min_gap - (ys[i] - ys[i - 1])
            if overlap > 1e-9:
                ys[i - 1] -= overlap / 2
                ys[i] += overlap / 2
                moved = True
        ys = [min(max(y, low + min_gap / 2), high - min_gap / 2) for y in ys]
        if not moved:
            break
    return ys


def _metadata(fmt: str) -> dict:
    # fixed metadata so that the same input gives the same file
    if fmt == "png":
        return {"Software": None}
    if fmt == "svg":
        return {"Date": None, "Creator": None}
    return {"CreationDate": None, "Creator": None, "Producer": None}
