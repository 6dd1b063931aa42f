"""Result formats, looked up by name: one function each, registered in FORMATS.

A format takes the projected variable names and the rows (dicts of rdflib
terms, unbound variables absent) and returns the text to print. A new format
is a new function with the ``@result_format("name")`` decorator.

>>> from rdflib import Literal, URIRef
>>> rows = [{"x": URIRef("https://w3id.org/msckg/resource/CdSe33"), "n": Literal(33)}]
>>> print(render("csv", ["x", "n"], rows), end="")
x,n
https://w3id.org/msckg/resource/CdSe33,33
>>> print(render("table", ["x", "n"], rows), end="")
x           | n
------------+---
mscr:CdSe33 | 33
(1 row)
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Callable, Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from msckg.errors import InputError
from msckg.namespaces import PREFIXES

Row = dict[str, Node]
Formatter = Callable[[Sequence[str], Sequence[Row]], str]

FORMATS: dict[str, Formatter] = {}


def result_format(name: str) -> Callable[[Formatter], Formatter]:
    def register(function: Formatter) -> Formatter:
        FORMATS[name] = function
        return function
    return register


def render(name: str, variables: Sequence[str], rows: Sequence[Row], *, width: int | None = None,
           wide: bool = False, grouped: bool = True) -> str:
    """Rows in a format; a table fits width columns (a terminal's), or with wide cuts no cell.

    A table groups rows that differ in one column only (see group_rows) unless grouped is False;
    csv, tsv and json, for programs, always give one row per solution."""
    try:
        formatter = FORMATS[name]
    except KeyError:
        raise InputError(f"unknown result format {name!r}",
                         hint="use one of " + ", ".join(sorted(FORMATS))) from None
    if name == "table":
        return table(variables, rows, width=width, wide=wide, grouped=grouped)
    return formatter(variables, rows)


def render_boolean(name: str, value: bool) -> str:
    """The answer of an ASK query in the given format."""
    if name not in FORMATS:
        render(name, [], [])
    if name == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    return ("true" if value else "false") + "\n"


# --- term spelling ------------------------------------------------------------

_SHORT = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda p: -len(p[0]))


def short_iri(iri: str) -> str:
    """An IRI as prefix:local when a project prefix covers it and the rest is a plain name."""
    for namespace, prefix in _SHORT:
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
    return iri


def plain(term: Node) -> str:
    """The value as text: IRI, lexical form of a literal, blank node label."""
    return str(term)


def ntriples(term: Node) -> str:
    """The term in N-Triples syntax (as the SPARQL TSV results format writes it)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    raise TypeError(f"not an RDF term: {term!r}")


def readable(term: Node) -> str:
    """Short spelling for people: prefixed IRIs, literal values, line breaks as spaces."""
    if isinstance(term, URIRef):
        return short_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


# --- grouping rows for people ---------------------------------------------------

LIST_SEPARATOR = ", "


def _natural(text: str) -> tuple:
    """Sort key that puts numbers in numeric order: ref 9 before ref 44, Cd before Zn."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", text) if part)


def column_units(cells: Sequence[Sequence[str]], names: Sequence[str] | None = None) -> list[list[int]]:
    """The columns that are one value spelt twice: a label column ('metalLabel') and the column
    it labels ('metalElement', 'metal': the name before 'Label' begins it), when their values
    correspond one to one in every row, form one unit, listed together and in the same order.
    Every other column is a unit of its own (and so is every column without names)."""
    if not cells:
        return []
    count = len(cells[0])
    partner: dict[int, int] = {}
    for b, name in enumerate(names or []):
        stem = name[:-len("Label")] if name.endswith("Label") and len(name) > len("Label") else ""
        if not stem:
            continue
        for a, other in enumerate(names or []):
            if (a not in (0, b) and other.startswith(stem) and not other.endswith("Label")
                    and a not in partner and _one_to_one(cells, a, b)):
                partner[b] = a
                break
    units: dict[int, list[int]] = {}
    for c in range(count):
        units.setdefault(partner.get(c, c), []).append(c)
    return sorted((sorted(u) for u in units.values()), key=lambda u: u[0])


def _one_to_one(cells: Sequence[Sequence[str]], a: int, b: int) -> bool:
    forward: dict[str, str] = {}
    backward: dict[str, str] = {}
    for row in cells:
        if forward.setdefault(row[a], row[b]) != row[b] or backward.setdefault(row[b], row[a]) != row[a]:
            return False
    return True


def group_rows(cells: Sequence[Sequence[str]], names: Sequence[str] | None = None) -> list[list[tuple[str, ...]]]:
    """Rows that are identical except in one column, merged into one row listing that column's values.

    Each cell of the result is a tuple of values, sorted (numbers in numeric order) and
    de-duplicated. A unit of columns (see column_units: an IRI and its label, told by the
    column names) counts as one column, its cells listed in the same order, so the n-th value of one is the n-th of the
    other. Every result row stands for all combinations of its units' values, so the set of
    (de-duplicated) input rows is exactly what spell_out gives back: grouping loses nothing.
    The first column, what a row is about (the cluster, the reaction), is never made a list.
    The others are grouped one unit at a time, each time the unit that merges most rows (the
    leftmost on a tie), until none merges any; a row keeps the place of its first member. An
    empty (unbound) cell is never merged with a value.
    """
    rows: list[list[tuple[str, ...]]] = [[(c,) for c in row] for row in cells]
    units = column_units(cells, names)
    while rows:
        best: tuple[int, list] | None = None
        for unit in units[1:]:
            merged = _merge_on(rows, unit)
            if len(merged) < len(rows) and (best is None or len(merged) < best[0]):
                best = (len(merged), merged)
        if best is None:
            break
        rows = best[1]
    return rows


def _merge_on(rows: list[list[tuple[str, ...]]], unit: list[int]) -> list[list[tuple[str, ...]]]:
    groups: dict[tuple, list[list[tuple[str, ...]]]] = {}
    for row in rows:
        key = tuple(cell for i, cell in enumerate(row) if i not in unit) + (row[unit[0]] == ("",),)
        groups.setdefault(key, []).append(row)
    out = []
    for members in groups.values():
        first = list(members[0])
        values = {spelt for m in members for spelt in zip(*(m[c] for c in unit))}
        ordered = sorted(values, key=lambda spelt: tuple(_natural(v) for v in spelt))
        for position, c in enumerate(unit):
            first[c] = tuple(spelt[position] for spelt in ordered)
        out.append(first)
    return out


def spell_out(grouped: Sequence[Sequence[tuple[str, ...]]],
              units: Sequence[Sequence[int]] | None = None) -> set[tuple[str, ...]]:
    """Every row a grouped table stands for (the inverse of group_rows, up to order and
    duplicates); units as column_units gave them for the rows grouped (default: each column alone)."""
    spelt: set[tuple[str, ...]] = set()
    for row in grouped:
        chosen = units or [[c] for c in range(len(row))]
        options = [list(zip(*(row[c] for c in unit))) for unit in chosen]
        for combo in itertools.product(*options):
            values: dict[int, str] = {}
            for unit, part in zip(chosen, combo):
                values.update(zip(unit, part))
            spelt.add(tuple(values[c] for c in range(len(row))))
    return spelt


# --- formats -------------------------------------------------------------------

@result_format("table")
def table(variables: Sequence[str], rows: Sequence[Row], width: int | None = None, wide: bool = False,
          grouped: bool = True) -> str:
    """Aligned columns for a terminal; rows that differ in one column only are one row listing
    that column's values (grouped; see group_rows); long cells are cut at 60 characters, and with
    width the widest columns are narrowed until the table fits (wide: nothing is cut)."""
    full = [[readable(row[v]) if v in row else "" for v in variables] for row in rows]
    solutions = len(full)
    if grouped:
        full = [[LIST_SEPARATOR.join(cell) for cell in row] for row in group_rows(full, variables)]
    widths = [max([len(v)] + [len(r[i]) for r in full]) for i, v in enumerate(variables)]
    if not wide:
        widths = [min(w, max(60, len(v))) for w, v in zip(widths, variables)]
        if width:
            floor = [min(w, max(len(v), 8)) for w, v in zip(widths, variables)]
            while sum(widths) + 3 * (len(widths) - 1) > width:
                i = max(range(len(widths)), key=lambda k: widths[k] - floor[k])
                if widths[i] <= floor[i]:
                    return _records(variables, full, width, solutions)
                widths[i] -= 1
    cells = [[c if wide else _cut(c, w) for c, w in zip(r, widths)] for r in full]
    lines = [" | ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(_count(len(full), solutions))
    return "\n".join(lines) + "\n"


def _count(shown: int, solutions: int, extra: str = "") -> str:
    """'(8 rows)', or '(3 rows grouping 7 solutions; --ungrouped for one row each)'."""
    text = f"{shown} row{'' if shown == 1 else 's'}"
    if shown != solutions:
        text += f" grouping {solutions} solutions; --ungrouped for one row each"
    return f"({text}{extra})"


def _records(variables: Sequence[str], full: list[list[str]], width: int, solutions: int) -> str:
    """Too many columns for the terminal: one block per row, a line per bound variable."""
    import textwrap

    name_w = max(len(v) for v in variables)
    lines: list[str] = []
    for number, row in enumerate(full, 1):
        lines.append(f"-- row {number}")
        for v, cell in zip(variables, row):
            if cell:
                wrapped = textwrap.wrap(cell, max(20, width - name_w - 2)) or [""]
                lines.append(f"{v.ljust(name_w)}  {wrapped[0]}")
                lines += [" " * (name_w + 2) + more for more in wrapped[1:]]
    lines.append(_count(len(full), solutions, "; --wide for one line per row"))
    return "\n".join(lines) + "\n"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@result_format("csv")
def csv_format(variables: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, empty for unbound."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([plain(row[v]) if v in row else "" for v in variables])
    return out.getvalue()


@result_format("tsv")
def tsv(variables: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax, empty for unbound."""
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(ntriples(row[v]) if v in row else "" for v in variables) for row in rows]
    return "\n".join(lines) + "\n"


@result_format("json")
def json_format(variables: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{v: _json_term(row[v]) for v in variables if v in row} for row in rows]
    return json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value: dict[str, str] = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        value["datatype"] = str(term.datatype)
    return value
