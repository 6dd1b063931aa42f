"""What the photocatalysis commands ask the graph, through stored queries on any store."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import URIRef

from msckg.errors import InputError, NotFoundError
from msckg.photocatalysis.ladder import BandEdges, Gap
from msckg.photocatalysis.reactions import HalfReaction, from_rows
from msckg.query.answers import answer
from msckg.query.catalog import find_query
from msckg.query.describe import find_entities, suggest
from msckg.query.store import Row, Store


def half_reactions(store: Store, queries: Path, ph: Decimal | float | str = 7) -> list[HalfReaction]:
    """The graph's half-reactions with potentials (rows of potentials-at-ph)."""
    rows = answer(store, find_query(queries, "potentials-at-ph"), {"pH": str(ph)}).rows
    found = from_rows(rows)
    if not found:
        raise NotFoundError("the graph holds no half-reaction with a potential",
                            hint="run 'msckg build' (Table 1 of the review is in data/li2023/)")
    return found


def potentials_rows(store: Store, queries: Path, ph: Decimal | float | str) -> list[Row]:
    return answer(store, find_query(queries, "potentials-at-ph"), {"pH": str(ph)}).rows


def resolve(store: Store, queries: Path, name: str) -> tuple[str, str]:
    """(IRI, label) of the one entity named name; NotFoundError with the closest names if none."""
    found = find_entities(store, queries, name)
    if not found:
        close = suggest(store, queries, name)
        raise NotFoundError(f"no entity is named {name!r}",
                            hint=("closest names: " + ", ".join(close)) if close else "try MSC-399 or (CdSe)13")
    return found[0]


@dataclass(frozen=True)
class Edges:
    label: str
    cb: Decimal | None
    vb: Decimal | None
    ph: Decimal | None
    evidence: str
    gap: Decimal | None


def band_edges(store: Store, queries: Path, name: str) -> Edges:
    """Sourced band edges and the derived optical gap of the entity named name."""
    iri, label = resolve(store, queries, name)
    rows = store.select(find_query(queries, "band-edges").text, {"entity": URIRef(iri)})
    cb = vb = ph = gap = None
    evidence = []
    for row in rows:
        value = Decimal(str(row["value"]))
        kind = str(row["edge"])
        if kind == "optical gap":
            gap = value
            continue
        if kind == "cb":
            cb = value
        else:
            vb = value
        if row.get("pH") is not None:
            ph = Decimal(str(row["pH"]))
        ref = f" (ref. {row['ref']})" if row.get("ref") is not None else ""
        evidence.append(f"{kind.upper()} {value:+.2f} V: \u201c{row.get('sentenceText') or 'no sentence'}\u201d{ref}")
    return Edges(label=label, cb=cb, vb=vb, ph=ph, evidence="; ".join(evidence), gap=gap)


def ladder_items(store: Store, queries: Path, names: list[str]) -> tuple[list[BandEdges], list[Gap]]:
    """Each named cluster's sourced band edges if the graph has them, else its optical gap."""
    bands, gaps = [], []
    for name in names:
        edges = band_edges(store, queries, name)
        if edges.cb is not None:
            bands.append(BandEdges(edges.label, edges.cb, edges.vb, source="graph"))
        elif edges.gap is not None:
            gaps.append(Gap(edges.label, edges.gap))
        else:
            raise InputError(f"{edges.label} has neither band edges from a source nor an optical gap in the graph",
                             hint="an optical gap is derived only for clusters named MSC-nnn; give --cb/--vb")
    return bands, gaps


def species_formula(store: Store, queries: Path, name: str) -> tuple[str, str, int | None] | None:
    """(label, formula, charge) of the entity named name, or None when no entity has that name."""
    found = find_entities(store, queries, name)
    if not found:
        return None
    iri, label = found[0]
    rows = store.select(find_query(queries, "species-formula").text, {"entity": URIRef(iri)})
    formula = next((str(r["formula"]) for r in rows if r.get("formula") is not None), None)
    charge = next((int(r["charge"]) for r in rows if r.get("charge") is not None), None)
    if formula is None:
        raise NotFoundError(f"{label} has no formula in the graph (no source gives one)",
                            hint="give a formula instead, for example (CdSe)34")
    return label, formula, charge


def conversions(store: Store, queries: Path, product: str | None) -> tuple[str | None, list[Row]]:
    """Rows of cq20-co2-conversions, for the product named product (or every product)."""
    given = {}
    label = None
    if product:
        iri, label = resolve(store, queries, product)
        given["product"] = iri
    rows = answer(store, find_query(queries, "cq20-co2-conversions"), given).rows
    return label, rows


def format_conversions(product: str | None, rows: list[Row]) -> str:
    """Per product and reaction: who converts CO2, by experiment or computation, how, with what figures."""
    if not rows:
        what = f"into {product}" if product else "into any product"
        return f"Nothing in the graph is reported to convert CO2 {what}.\n"
    out: list[str] = []
    by_reaction: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        key = (str(row.get("productLabel") or row["productNode"]), str(row["reaction"]))
        by_reaction.setdefault(key, []).append(row)
    current = None
    for (product_label, reaction), items in by_reaction.items():
        if product_label != current:
            out.append(f"CO2 \u2192 {product_label}")
            current = product_label
        first = items[0]
        refs = sorted({int(r["ref"]) for r in items if r.get("ref") is not None})
        out.append(f"  {first.get('reactionLabel') or reaction}"
                   + (f"  (ref. {', '.join(map(str, refs))})" if refs else ""))
        seen = set()
        for r in items:
            line = _conversion_line(r)
            if line and line not in seen:
                seen.add(line)
                out.append(f"    {line}")
        if first.get("sentenceText") is not None:
            out.append(f"    source: \u201c{first['sentenceText']}\u201d")
    return "\n".join(out) + "\n"


def _conversion_line(row: Row) -> str:
    aspect, role = str(row["aspect"]), str(row["role"])
    label = str(row.get("itemLabel") or row.get("item") or "")
    if aspect == "figure":
        value = row.get("value")
        low, high = row.get("min"), row.get("max")
        number = (f"{value}" if value is not None else
                  f"{low}–{high}" if low is not None and high is not None else
                  f"up to {high}" if high is not None else f"at least {low}" if low is not None else "")
        unit = f" {row['unit']}" if row.get("unit") is not None else ""
        return f"{role}: {number}{unit}".rstrip() + (f"  ({label})" if label else "")
    if aspect == "study":
        return f"reported by {role}: {label}"
    return f"{role}: {label}"
