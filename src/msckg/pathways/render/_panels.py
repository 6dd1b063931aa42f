"""The whole map as panels: a header (title and legend), then one panel per connected piece,
largest first, packed into rows no wider than a screen (or the widest panel).

Each panel is laid out on its own, so a piece is drawn at its own size and its labels keep
their point size however many pieces the map has; stacking every piece into one layout gave
an image whose labels could not be read at screen size. The packing is a plain function of
the panel sizes, and the panels are pasted (PNG, with Pillow) or nested (SVG) in order, so
the same map gives the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

SCREEN_PX = 1800  # rows of panels are at most this wide (at 96 dpi), unless one panel is wider
GAP_PX = 24
FRAME = "#BBBBBB"


@dataclass(frozen=True)
class Placed:
    x: float
    y: float
    w: float
    h: float


def pack(sizes: list[tuple[float, float]], row_width: float, gap: float, header: bool = True) -> tuple[list[Placed], float, float]:
    """Panels in reading order, in rows no wider than row_width (the first, the header, alone on
    its row). Returns the places and the total width and height."""
    width = max([row_width] + [w for w, _ in sizes])
    places: list[Placed] = []
    x = y = row_h = 0.0
    for i, (w, h) in enumerate(sizes):
        if x > 0 and (x + w > width or (header and i == 1)):
            y += row_h + gap
            x = row_h = 0.0
        places.append(Placed(x, y, w, h))
        x += w + gap
        row_h = max(row_h, h)
    used = max((p.x + p.w for p in places), default=0.0)
    return places, used, y + row_h


def compose_png(panels: list[bytes], framed: list[bool]) -> bytes:
    """PNG panels pasted in rows on a white page, a thin frame round each piece."""
    from PIL import Image, ImageDraw

    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in panels]
    places, width, height = pack([im.size for im in images], SCREEN_PX, GAP_PX)
    pad = GAP_PX
    page = Image.new("RGB", (int(width) + 2 * pad, int(height) + 2 * pad), "white")
    draw = ImageDraw.Draw(page)
    for image, place, frame in zip(images, places, framed):
        x, y = int(place.x) + pad, int(place.y) + pad
        page.paste(image, (x, y))
        if frame:
            draw.rectangle((x - 1, y - 1, x + image.size[0], y + image.size[1]), outline=FRAME)
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True)
    return out.getvalue()


_SIZE = re.compile(r'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"[^>]*?viewBox="([^"]+)"', re.S)


def compose_svg(panels: list[str], framed: list[bool]) -> bytes:
    """SVG panels nested in one SVG, in the same rows as the PNG; ids made unique per panel."""
    parsed = []
    for i, text in enumerate(panels):
        found = _SIZE.search(text)
        if found is None:
            raise ValueError("Graphviz SVG without width, height and viewBox")
        body = text[text.index(">", found.start()) + 1:text.rindex("</svg>")]
        body = re.sub(r'\bid="', f'id="p{i}_', body)
        body = re.sub(r'(href="#|url\(#)', rf"\1p{i}_", body)
        parsed.append((float(found.group(1)), float(found.group(2)), found.group(3), body))
    gap = GAP_PX * 72 / 96
    places, width, height = pack([(w, h) for w, h, _, _ in parsed], SCREEN_PX * 72 / 96, gap)
    total_w, total_h = width + 2 * gap, height + 2 * gap
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
           f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'width="{total_w:.2f}pt" height="{total_h:.2f}pt" viewBox="0 0 {total_w:.2f} {total_h:.2f}">',
           f'<rect x="0" y="0" width="{total_w:.2f}" height="{total_h:.2f}" fill="white"/>']
    for i, ((w, h, box, body), place, frame) in enumerate(zip(parsed, places, framed)):
        x, y = place.x + gap, place.y + gap
        out.append(f'<svg id="panel{i}" x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
                   f'viewBox="{box}">{body}</svg>')
        if frame:
            out.append(f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="none" '
                       f'stroke="{FRAME}" stroke-width="0.75"/>')
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")
