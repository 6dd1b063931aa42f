"""Find entities by the names chemists type, and gather every fact about them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from msckg.query.catalog import find_query
from msckg.errors import NotFoundError
from msckg.namespaces import GRAPH
from msckg.query.store import Store


def normalize_name(text: str) -> str:
    """Lower case without spaces, hyphens, en dashes, minus signs or underscores."""
    return re.sub(r"[\s\-–−_]", "", text.lower())


@dataclass
class Fact:
    direction: str  # "out" (entity is subject) or "in" (entity is object)
    subject: str
    property: str
    property_label: str
    object: str
    other_label: str  # label of the entity at the other end (or the literal)
    inferred: bool
    quantity: dict = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)
    references: list[int] = field(default_factory=list)
    derived_by: list[str] = field(default_factory=list)


@dataclass
class Description:
    iri: str
    label: str
    facts: list[Fact]
    source: dict = field(default_factory=dict)  # for a document: held or cited, DOI, coverage

    def to_json(self) -> dict:
        data = {"iri": self.iri, "label": self.label, "facts": [vars(f) for f in self.facts]}
        if self.source:
            data["source"] = self.source
        return data


def find_entities(store: Store, queries: Path, text: str) -> list[tuple[str, str]]:
    rows = store.select(find_query(queries, "entity-search").text,
                        {"needle": Literal(normalize_name(text))})
    seen: dict[str, str] = {}
    for row in rows:
        seen.setdefault(str(row["entity"]), str(row["label"]))
    return sorted(seen.items(), key=lambda kv: (kv[1], kv[0]))


def suggest(store: Store, queries: Path, text: str, n: int = 5) -> list[str]:
    names = [str(r["name"]) for r in store.select(find_query(queries, "all-names").text)]
    by_norm: dict[str, str] = {}
    for name in names:
        by_norm.setdefault(normalize_name(name), name)
    needle = normalize_name(text)
    close = difflib.get_close_matches(needle, list(by_norm), n=n, cutoff=0.5)
    contains = [k for k in by_norm if needle and (needle in k or k in needle)][:n]
    ordered = list(dict.fromkeys(close + contains))[:n]
    return [by_norm[k] for k in ordered]


def describe_entity(store: Store, queries: Path, iri: str, label: str) -> Description:
    rows = store.select(find_query(queries, "describe-facts").text, {"entity": URIRef(iri)})
    facts: dict[tuple, Fact] = {}
    for row in rows:
        key = (str(row["direction"]), str(row["subject"]), str(row["p"]), _key(row["object"]))
        fact = facts.get(key)
        if fact is None:
            other = row.get("otherLabel")
            obj = row["object"]
            fact = Fact(
                direction=key[0], subject=key[1], property=key[2],
                property_label=str(row.get("pLabel") or _local(row["p"])),
                object=str(obj),
                other_label=str(other) if other is not None else
                (str(obj) if isinstance(obj, Literal) else _local(row["subject"] if key[0] == "in" else obj)),
                inferred=False)
            if row.get("unitLabel") is not None:
                fact.quantity = {k: _number(row.get(k)) for k in ("value", "min", "max")
                                 if row.get(k) is not None}
                fact.quantity["unit"] = str(row["unitLabel"])
            facts[key] = fact
        if row["graph"] == GRAPH.inferred:
            fact.inferred = True
        if row.get("sentence") is not None:
            ev = {"sentence": str(row["sentence"]), "text": str(row.get("text") or ""),
                  "section": str(row.get("section") or "")}
            if row.get("locator") is not None:  # a cited source: its text is not held
                ev.update(locator=str(row["locator"]), paraphrase=str(row.get("paraphrase") or ""),
                          text_held=False)
            if ev not in fact.evidence:
                fact.evidence.append(ev)
        if row.get("refNum") is not None and int(row["refNum"]) not in fact.references:
            fact.references.append(int(row["refNum"]))
        if row.get("derivationLabel") is not None and str(row["derivationLabel"]) not in fact.derived_by:
            fact.derived_by.append(str(row["derivationLabel"]))
    ordered = sorted(facts.values(), key=lambda f: (f.direction != "out", f.inferred,
                                                    f.property_label, f.other_label))
    for f in ordered:
        f.references.sort()
        f.evidence.sort(key=lambda e: e["sentence"])
        f.derived_by.sort()
    return Description(iri=iri, label=label, facts=ordered, source=_source_summary(store, queries, iri))


def _source_summary(store: Store, queries: Path, iri: str) -> dict:
    """What the graph holds of a source (empty for an entity that is no document)."""
    rows = store.select(find_query(queries, "describe-source").text, {"source": URIRef(iri)})
    if not rows:
        return {}
    row = rows[0]
    held = row.get("held")
    return {"text_held": bool(held.toPython()) if held is not None else False,
            "doi": str(row["doi"]) if row.get("doi") is not None else None,
            "licence": str(row["licence"]) if row.get("licence") is not None else None,
            "citation": str(row["citation"]) if row.get("citation") is not None else None,
            "sentences": int(row["sentences"].toPython()), "used": int(row["used"].toPython()),
            "facts": int(row["facts"].toPython())}


def describe(store: Store, queries: Path, text: str) -> list[Description]:
    """Descriptions of every entity named text; NotFoundError with suggestions if none."""
    found = find_entities(store, queries, text)
    if not found:
        close = suggest(store, queries, text)
        raise NotFoundError(f"no entity is named {text!r}",
                            hint=("closest names: " + ", ".join(close)) if close
                            else "try a formula such as (CdSe)13 or a name such as NU-1000")
    return [describe_entity(store, queries, iri, label) for iri, label in found]


def _key(node: Node) -> str:
    return node.n3()


def _local(node: Node) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _number(node: Node | None):
    value = node.toPython() if isinstance(node, Literal) else node
    return float(value) if hasattr(value, "as_tuple") else value


def format_text(descriptions: list[Description]) -> str:
    """Facts one per line; each evidence sentence printed once, cited by number."""
    out: list[str] = []
    for d in descriptions:
        notes: dict[str, tuple[int, str]] = {}

        def cite(f: Fact) -> str:
            marks = []
            for ev in f.evidence:
                key = _local(ev["sentence"])
                if key not in notes:
                    notes[key] = (len(notes) + 1, _evidence_text(ev))
                marks.append(f"[{notes[key][0]}]")
            refs = [f"ref. {n}" for n in f.references]
            derived = [f"derived by {x}" for x in f.derived_by]
            text = " ".join(marks + ([", ".join(refs)] if refs else []) + derived)
            return f"   {text}" if text else ""

        out.append(f"{d.label}  <{d.iri}>")
        if d.source:
            src = d.source
            kind = ("held: its text is in the repository and every quote is checked verbatim"
                    if src["text_held"] else
                    "cited: its text is not held; evidence is a locator, the curator's paraphrase "
                    "and a fingerprint (msckg check-quotes)")
            out.append(f"  source ({kind})")
            out.append(f"    doi: {src['doi'] or 'not stated'}; licence: {src['licence'] or 'not stated'}"
                       + (f"; {src['citation']}" if src.get("citation") else ""))
            out.append(f"    {src['facts']} facts cite {src['used']} of its {src['sentences']} sentences")
        sections = [("facts", lambda f: f.direction == "out" and not f.inferred),
                    ("inferred (reasoner or rule; not stated by a source)",
                     lambda f: f.direction == "out" and f.inferred),
                    ("referenced by", lambda f: f.direction == "in")]
        for title, keep in sections:
            chosen = [f for f in d.facts if keep(f)]
            if not chosen:
                continue
            out.append(f"  {title}:")
            for f in chosen:
                mark = " [inferred]" if f.inferred and f.direction == "in" else ""
                if f.direction == "out":
                    out.append(f"    {f.property_label}: {_format_value(f)}{cite(f)}")
                else:
                    out.append(f"    {f.other_label} --{f.property_label}--> {d.label}{mark}{cite(f)}")
        if notes:
            out.append("  sources:")
            for key, (number, text) in notes.items():
                out.append(f"    [{number}] {key}: {text}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _evidence_text(ev: dict) -> str:
    """The quoted sentence of a held source; locator and paraphrase of a cited one."""
    if ev.get("text_held") is False:
        paraphrase = f"; curator's paraphrase: {ev['paraphrase']}" if ev.get("paraphrase") else ""
        return f"{ev['locator']} (text not held{paraphrase})"
    return f"\u201c{ev['text']}\u201d"


def _format_value(f: Fact) -> str:
    if not f.quantity:
        return f.other_label
    q = f.quantity
    if "value" in q:
        number = f"{q['value']:g}" if isinstance(q["value"], float) else str(q["value"])
    else:
        lo, hi = q.get("min"), q.get("max")
        number = f"{lo:g}–{hi:g}" if lo is not None and hi is not None else \
            (f"up to {hi:g}" if hi is not None else f"at least {lo:g}")
    return f"{number} {q['unit']}  ({f.other_label})"
