"""Find entities by the names chemists type, and gather every fact about them."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from msckg.query.catalog import find_query
from msckg.errors import NotFoundError
from msckg.namespaces import GRAPH
from msckg.query.names import NameIndex, find_entities, normalize_name, suggest  # noqa: F401 (one matcher)
from msckg.query.store import Store


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
    # "" for a fact about an individual; for a class-level fact (model v2) "some" or "value":
    # the source says it of the kind, as rdfs:subClassOf (property some|value object), or an
    # individual is typed by such a restriction
    scope: str = ""
    linked_quantity: dict = field(default_factory=dict)  # the quantity of the entity at the other end


@dataclass
class Finding:
    """A closed-world finding of the rule layer about the entity (model v2), never a fact: it says
    what the graph's sources hold (reported only by computation in them), not what the chemistry is,
    and it can change when a source is added."""
    property: str
    property_label: str  # "reported only by computation in the graph's sources"
    value: str           # for reportedOnlyByComputation: one of the computational studies
    value_label: str
    references: list[int] = field(default_factory=list)
    derived_by: list[str] = field(default_factory=list)  # derivation labels ("rule computation-only")
    rules: list[str] = field(default_factory=list)       # what each derivation does, in words
    closed_world: bool = True

    @property
    def unlabelled_references(self) -> list[int]:
        """The reference numbers the value's label does not already give ('... (ref. 66)')."""
        return [n for n in self.references if f"ref. {n}" not in self.value_label]

    @property
    def reading(self) -> str:
        """'reported only by computation in the graph's sources: <study> (ref. n)'."""
        refs = ", ".join(f"ref. {n}" for n in self.unlabelled_references)
        return f"{self.property_label}: {self.value_label}" + (f" ({refs})" if refs else "")

    @property
    def note(self) -> str:
        return (f"{self.reading}. A closed-world finding about the sources this graph holds, not a fact "
                "about the chemistry: it can change when a source is added.")


@dataclass
class Description:
    iri: str
    label: str
    facts: list[Fact]
    external: list[dict] = field(default_factory=list)  # {"match", "id", "iri"} from the mappings
    documents: dict[str, str] = field(default_factory=dict)  # documents cited whole -> label
    source: dict = field(default_factory=dict)  # for a document: held or cited, DOI, coverage
    findings: list[Finding] = field(default_factory=list)  # closed-world, from the findings graph

    def to_json(self) -> dict:
        data = {"iri": self.iri, "label": self.label, "facts": [vars(f) for f in self.facts],
                "external": self.external,
                "findings": [dict(vars(f), reading=f.reading, note=f.note) for f in self.findings]}
        if self.source:
            data["source"] = self.source
        return data


# external vocabularies as chemists cite them: (IRI prefix, CURIE prefix)
_EXTERNAL_PREFIXES = (("http://purl.obolibrary.org/obo/CHEBI_", "CHEBI:"), ("http://purl.obolibrary.org/obo/CHMO_", "CHMO:"),
                      ("http://purl.obolibrary.org/obo/MOP_", "MOP:"), ("http://purl.obolibrary.org/obo/IAO_", "IAO:"),
                      ("https://pubchem.ncbi.nlm.nih.gov/compound/", "pubchem.compound:"),
                      ("http://www.wikidata.org/entity/", "wikidata:"), ("https://w3id.org/nfdi4cat/voc4cat_", "voc4cat:"),
                      ("http://purl.bioontology.org/ontology/npo#NPO_", "NPO:"))


def external_id(iri: str) -> str:
    """A mapped term as its CURIE (CHEBI:32952, pubchem.compound:280), else the IRI."""
    for prefix, curie in _EXTERNAL_PREFIXES:
        if iri.startswith(prefix):
            return curie + iri[len(prefix):]
    return iri


_MANGLED_MINUS = "\ufffd"  # the PDF extraction's stand-in for a minus sign (data/sources notes)
_HYPHENATED = re.compile(r"(?<![\w-])([A-Za-z]+)-([a-z]+)(?![\w-])")


def clean_quote(text: str, words: set[str]) -> str:
    """A reading of a verbatim quote without the PDF's artefacts: a word the line break split with
    a hyphen is joined where the sources use it whole ("semicon-ductor" -> "semiconductor"),
    and the replacement character the extraction left for a minus sign is a minus sign again."""
    def join(match: re.Match) -> str:
        whole = match.group(1) + match.group(2)
        return whole if whole.lower() in words else match.group(0)

    return _HYPHENATED.sub(join, text).replace(_MANGLED_MINUS, "\u2212")


# The words of a store's sentences, made once per store: the site describes hundreds of entities.
_WORDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def source_words(store: Store, queries: Path) -> set[str]:
    """Every word the sources write unhyphenated (lower case)."""
    try:
        return _WORDS[store]
    except (KeyError, TypeError):
        pass
    words: set[str] = set()
    for row in store.select(find_query(queries, "sentence-texts").text):
        words.update(w.lower() for w in re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", str(row["text"])))
    try:
        _WORDS[store] = words
    except TypeError:  # a store that cannot be weakly referenced is asked again next time
        pass
    return words


def describe_entity(store: Store, queries: Path, iri: str, label: str) -> Description:
    rows = store.select(find_query(queries, "describe-facts").text, {"entity": URIRef(iri)})
    facts: dict[tuple, Fact] = {}
    for row in rows:
        scope = str(row.get("scope") or "")
        key = (str(row["direction"]), str(row["subject"]), str(row["p"]), _key(row["object"]), scope)
        fact = facts.get(key)
        if fact is None:
            other = row.get("otherLabel")
            obj = row["object"]
            fact = Fact(
                direction=key[0], subject=key[1], property=key[2],
                property_label=str(row.get("pLabel") or _PLAIN_NAMES.get(str(row["p"]), _local(row["p"]))),
                object=str(obj),
                other_label=str(other) if other is not None else
                (str(obj) if isinstance(obj, Literal) else _local(row["subject"] if key[0] == "in" else obj)),
                inferred=False, scope=scope)
            if row.get("unitLabel") is not None:
                fact.quantity = {k: _number(row.get(k)) for k in ("value", "min", "max")
                                 if row.get(k) is not None}
                fact.quantity["unit"] = str(row["unitLabel"])
            facts[key] = fact
        if str(row["graph"]).startswith(str(GRAPH.inferred)):  # graph/inferred or graph/inferred/<derivation>
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
    description = Description(iri=iri, label=label, facts=ordered,
                              source=_source_summary(store, queries, iri),
                              findings=findings_about(store, queries, iri))
    _add_extras(store, queries, description)
    return description


def findings_about(store: Store, queries: Path, iri: str) -> list[Finding]:
    """The closed-world findings of the rule layer about one entity (the findings graph)."""
    found: dict[tuple[str, str], Finding] = {}
    for row in store.select(find_query(queries, "describe-findings").text, {"entity": URIRef(iri)}):
        key = (str(row["p"]), str(row["value"]))
        finding = found.get(key)
        if finding is None:
            value = row["value"]
            finding = found[key] = Finding(
                property=key[0], property_label=str(row.get("pLabel") or _local(row["p"])), value=key[1],
                value_label=str(row.get("valueLabel") or (value if isinstance(value, Literal) else _local(value))))
        if row.get("refNum") is not None and int(row["refNum"]) not in finding.references:
            finding.references.append(int(row["refNum"]))
        if row.get("derivationLabel") is not None and str(row["derivationLabel"]) not in finding.derived_by:
            finding.derived_by.append(str(row["derivationLabel"]))
        if row.get("rule") is not None and str(row["rule"]) not in finding.rules:
            finding.rules.append(str(row["rule"]))
    for f in found.values():
        f.references.sort()
    return sorted(found.values(), key=lambda f: (f.property_label, f.value_label))


def explained_once(findings: list[Finding]) -> list[tuple[Finding, list[str]]]:
    """Each finding with the rules (what each does, in words) that no earlier finding showed: one rule
    writes several findings of an entity (the four coverage counts of a source), explained once."""
    shown: set[str] = set()
    result = []
    for finding in findings:
        rules = [rule for rule in finding.rules if rule not in shown]
        shown.update(rules)
        result.append((finding, rules))
    return result


def _add_extras(store: Store, queries: Path, d: Description) -> None:
    """Quantities one step away, external IDs, labels of documents cited whole, cleaned quotes."""
    quantities: dict[str, dict] = {}
    external: dict[str, dict] = {}
    for row in store.select(find_query(queries, "describe-extras").text, {"entity": URIRef(d.iri)}):
        aspect = str(row["aspect"])
        if aspect == "quantity" and row.get("unitLabel") is not None:
            q = {k: _number(row.get(k)) for k in ("value", "min", "max") if row.get(k) is not None}
            q["unit"] = str(row["unitLabel"])
            quantities.setdefault(str(row["object"]), q)
        elif aspect == "mapping":
            iri = str(row["external"])
            external.setdefault(iri, {"match": _local(row["match"]), "id": external_id(iri), "iri": iri})
        elif aspect == "document":
            d.documents[str(row["document"])] = str(row.get("documentLabel") or _local(row["document"]))
    for f in d.facts:
        if f.direction == "out" and not f.quantity and f.object in quantities:
            f.linked_quantity = quantities[f.object]
    d.external = sorted(external.values(), key=lambda e: (e["match"] != "exactMatch", e["id"]))
    texts = [ev for f in d.facts for ev in f.evidence if ev["text"]]
    if any(_HYPHENATED.search(ev["text"]) or _MANGLED_MINUS in ev["text"] for ev in texts):
        words = source_words(store, queries)
        for ev in texts:
            cleaned = clean_quote(ev["text"], words)
            if cleaned != ev["text"]:
                ev["cleaned"] = cleaned


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
    index = NameIndex.of(store, queries)
    found = index.lookup(text)
    if not found:
        close = index.closest(text)
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
                    notes[key] = (len(notes) + 1, ev, ev.get("cleaned"), d.documents.get(ev["sentence"]))
                marks.append(f"[{notes[key][0]}]")
            refs = [f"ref. {n}" for n in f.references]
            derived = [f"derived by {x}" for x in f.derived_by]
            text = " ".join(marks + ([", ".join(refs)] if refs else []) + derived)
            return f"   {text}" if text else ""

        out.append(f"{d.label}  <{d.iri}>")
        if d.external:
            out.append("  external IDs: " + ", ".join(
                e["id"] + ("" if e["match"] == "exactMatch" else f" ({e['match']})") for e in d.external))
        if d.source:
            src = d.source
            kind = ("held: its text is in the repository and every quote is checked verbatim"
                    if src["text_held"] else
                    "cited: its text is not held; evidence is a locator, the curator's paraphrase "
                    "and a fingerprint (msckg check-quotes)")
            out.append(f"  source ({kind})")
            out.append(f"    doi: {src['doi'] or 'not stated'}; licence: {src['licence'] or 'not stated'}"
                       + (f"; {src['citation']}" if src.get("citation") else ""))
            out.append(f"    {src['facts']} fact statements cite {src['used']} of its {src['sentences']} sentences")
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
                kind = _KIND_WORDS.get(f.scope, "")
                if f.direction == "out":
                    out.append(f"    {f.property_label}{kind}: {_format_value(f)}{cite(f)}")
                else:
                    out.append(f"    {f.other_label} --{f.property_label}{kind}--> {d.label}{mark}{cite(f)}")
        if d.findings:
            out.append("  findings about the graph's sources (closed-world, derived; not facts about the chemistry):")
            for finding, rules in explained_once(d.findings):
                out.append(f"    {finding.reading}")
                for how in finding.derived_by:
                    out.append(f"      derived by {how}")
                for rule in rules:
                    out.append(f"      how: {rule}")
            out.append("      (true of the sources this graph holds; it can change when a source is added)")
        if notes:
            out.append("  sources:")
            for key, (number, ev, cleaned, document) in notes.items():
                if ev.get("text_held") is False:  # a cited source: locator and paraphrase, no text
                    out.append(f"    [{number}] {key}: {_evidence_text(ev)}")
                    continue
                if not ev.get("text"):  # a document cited whole (the periodic table): nothing to quote
                    out.append(f"    [{number}] {document or key} (the document as a whole; no sentence quoted)")
                    continue
                out.append(f"    [{number}] {key}: \u201c{ev['text']}\u201d")
                if cleaned:
                    out.append(f"        read: \u201c{cleaned}\u201d")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# names of RDF/OWL built-ins, which carry no rdfs:label of ours
_PLAIN_NAMES = {"http://www.w3.org/2000/01/rdf-schema#subClassOf": "is a kind of",
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "is a"}

# how a class-level fact is marked in text: the source says it of a kind, not of one individual
_KIND_WORDS = {"some": " (some, of the kind)", "value": " (of the kind)"}
def _evidence_text(ev: dict) -> str:
    """The quoted sentence of a held source; locator and paraphrase of a cited one."""
    if ev.get("text_held") is False:
        paraphrase = f"; curator's paraphrase: {ev['paraphrase']}" if ev.get("paraphrase") else ""
        return f"{ev['locator']} (text not held{paraphrase})"
    return f"\u201c{ev['text']}\u201d"


def _format_value(f: Fact) -> str:
    if f.linked_quantity:
        return f"{f.other_label}: {_format_quantity(f.linked_quantity)}"
    if not f.quantity:
        return f.other_label
    return f"{_format_quantity(f.quantity)}  ({f.other_label})"


def _format_quantity(q: dict) -> str:
    if "value" in q:
        number = f"{q['value']:g}" if isinstance(q["value"], float) else str(q["value"])
    else:
        lo, hi = q.get("min"), q.get("max")
        number = f"{lo:g}–{hi:g}" if lo is not None and hi is not None else \
            (f"up to {hi:g}" if hi is not None else f"at least {lo:g}")
    return f"{number} {q['unit']}"
