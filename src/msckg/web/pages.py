"""What each web page shows, gathered from the graph through the Store interface.

Every function here takes a store (the embedded store, the worker pool of the
server, or an endpoint) and returns plain data for a template; nothing here
knows about HTTP or files, so the server and the static site show the same pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF

from msckg.errors import NotFoundError
from msckg.namespaces import GRAPH, MSC, MSCR
from msckg.query.answers import Page, answer
from msckg.query.catalog import StoredQuery, load_catalog, parse_query_file
from msckg.query.describe import Description, describe_entity, find_entities, suggest
from msckg.query.store import Store

GRAPH_NAMES = ("ontology", "asserted", "inferred", "mappings")
ONTOLOGY_KINDS = {str(OWL.Class): "class", str(OWL.ObjectProperty): "object property",
                  str(OWL.DatatypeProperty): "datatype property", str(OWL.AnnotationProperty): "annotation property"}

# where an external IRI belongs, for the label of its link
_RESOURCES = (("http://purl.obolibrary.org/obo/CHEBI_", "ChEBI"), ("http://purl.obolibrary.org/obo/CHMO_", "CHMO"),
              ("http://purl.obolibrary.org/obo/RXNO_", "RXNO"), ("http://purl.obolibrary.org/obo/MOP_", "MOP"),
              ("http://purl.obolibrary.org/obo/IAO_", "IAO"), ("https://pubchem.ncbi.nlm.nih.gov/", "PubChem"),
              ("http://www.wikidata.org/entity/", "Wikidata"), ("https://w3id.org/nfdi4cat/voc4cat", "voc4cat"),
              ("http://purl.bioontology.org/ontology/npo", "NPO"), ("http://purl.enanomapper.org/onto/", "eNanoMapper"),
              ("http://www.w3.org/ns/prov#", "PROV-O"), ("http://purl.org/ontology/bibo/", "BIBO"),
              ("http://purl.org/dc/terms/", "DCMI Terms"), ("http://qudt.org/", "QUDT"))


def _web_query(queries: Path, name: str) -> StoredQuery:
    """A query of the pages (queries/web/, documented like every stored query, not in the catalog)."""
    return parse_query_file(queries / "web" / f"{name}.rq")


def local_name(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def page_path(iri: str) -> str | None:
    """The site path of one of our IRIs ('resource/CdSe13', 'ontology/MagicSizeCluster'), else None."""
    for namespace, folder in ((str(MSCR), "resource"), (str(MSC), "ontology"), (str(GRAPH), "graph")):
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and re.fullmatch(r"[A-Za-z0-9._~\-]+", local):
                return f"{folder}/{local}"
    return None


def resource_name(iri: str) -> str:
    for prefix, name in _RESOURCES:
        if iri.startswith(prefix):
            return name
    return iri.split("/")[2] if "://" in iri else iri


def _lit(row: dict, key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


@dataclass
class Heading:
    iri: str
    label: str
    definition: str | None = None
    comment: str | None = None
    types: list[dict] = field(default_factory=list)  # iri, label, graph name

    def has_type(self, iri: str) -> bool:
        return any(t["iri"] == iri for t in self.types)

    @property
    def exists(self) -> bool:
        return bool(self.types) or self.label != local_name(self.iri)


def heading(store: Store, queries: Path, iri: str) -> Heading:
    rows = store.select(_web_query(queries, "resource").text, {"entity": URIRef(iri)})
    head = Heading(iri=iri, label=local_name(iri))
    seen = set()
    for row in rows:
        head.label = _lit(row, "label") or head.label
        head.definition = _lit(row, "definition") or head.definition
        head.comment = _lit(row, "comment") or head.comment
        if row.get("type") is not None:
            graph = local_name(str(row.get("graph", "")))
            key = (str(row["type"]), graph)
            if key not in seen and str(row["type"]) != str(OWL.NamedIndividual):
                seen.add(key)
                head.types.append({"iri": str(row["type"]), "label": _lit(row, "typeLabel") or local_name(row["type"]),
                                   "graph": graph})
    head.types.sort(key=lambda t: (t["graph"] != "asserted", t["label"].lower()))
    return head


def external_links(store: Store, queries: Path, iri: str) -> list[dict]:
    rows = store.select(_web_query(queries, "mappings").text, {"entity": URIRef(iri)})
    return [{"predicate": local_name(row["predicate"]), "iri": str(row["target"]),
             "resource": resource_name(str(row["target"]))} for row in rows]


def supported_facts(store: Store, queries: Path, iri: str) -> list[dict]:
    """The facts whose axiom names this sentence, cited reference or source (one per fact)."""
    rows = store.select(_web_query(queries, "supported-facts").text, {"by": URIRef(iri)})
    facts: dict[tuple, dict] = {}
    for row in rows:
        key = (str(row["subject"]), str(row["p"]), row["object"].n3())
        fact = facts.setdefault(key, {
            "subject": str(row["subject"]), "subject_label": _lit(row, "subjectLabel") or local_name(row["subject"]),
            "property": str(row["p"]), "property_label": _lit(row, "pLabel") or local_name(row["p"]),
            "object": str(row["object"]), "object_is_iri": isinstance(row["object"], URIRef),
            "object_label": _lit(row, "objectLabel") or (str(row["object"]) if isinstance(row["object"], Literal)
                                                         else local_name(row["object"])),
            "sentences": [], "references": []})
        if row.get("sentence") is not None and str(row["sentence"]) not in fact["sentences"]:
            fact["sentences"].append(str(row["sentence"]))
        if row.get("refNum") is not None and int(row["refNum"]) not in fact["references"]:
            fact["references"].append(int(row["refNum"]))
    for fact in facts.values():
        fact["references"].sort()
    return sorted(facts.values(), key=lambda f: (f["subject_label"].lower(), f["property_label"], f["object_label"]))


def sentence_details(store: Store, queries: Path, iri: str) -> dict | None:
    rows = store.select(_web_query(queries, "sentence").text, {"sentence": URIRef(iri)})
    if not rows:
        return None
    row = rows[0]
    return {"text": str(row["text"]), "section": _lit(row, "sectionLabel"), "source": _lit(row, "source"),
            "source_label": _lit(row, "sourceLabel"), "index": _lit(row, "index")}


def source_metadata(store: Store, queries: Path, iri: str) -> list[dict]:
    rows = store.select(_web_query(queries, "source").text, {"source": URIRef(iri)})
    return [{"property": local_name(row["p"]), "value": str(row["value"]),
             "is_iri": isinstance(row["value"], URIRef), "label": _lit(row, "valueLabel")} for row in rows]


def term_relations(store: Store, queries: Path, iri: str, most: int = 25) -> dict[str, list[dict]]:
    """Relations of an ontology term by kind (superclass, domain, member ...), examples capped."""
    rows = store.select(_web_query(queries, "term").text, {"term": URIRef(iri)})
    found: dict[str, dict[str, dict]] = {}
    for row in rows:
        items = found.setdefault(str(row["relation"]), {})
        other = str(row["other"])
        items.setdefault(other, {"iri": other, "label": _lit(row, "otherLabel") or local_name(other)})
    order = ["superclass", "subclass", "superproperty", "subproperty", "inverse", "domain", "range",
             "property with this domain", "property with this range", "member (asserted)", "member (inferred)",
             "used by"]
    ordered = {}
    for relation, items in sorted(found.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99):
        values = sorted(items.values(), key=lambda i: i["label"].lower())
        ordered[relation] = {"items": values[:most], "more": max(0, len(values) - most)}
    return ordered


def ontology_terms(store: Store, queries: Path) -> list[dict]:
    rows = store.select(_web_query(queries, "terms").text)
    terms: dict[str, dict] = {}
    for row in rows:
        terms.setdefault(str(row["term"]), {"iri": str(row["term"]), "kind": ONTOLOGY_KINDS[str(row["kind"])],
                                            "label": _lit(row, "label") or local_name(row["term"]),
                                            "definition": _lit(row, "definition")})
    return list(terms.values())


def resources(store: Store, queries: Path) -> list[dict]:
    """Every labelled individual of the graph with its asserted msc classes."""
    return _entries(store.select(_web_query(queries, "resources").text))


def resources_page(store: Store, queries: Path, page: Page) -> tuple[list[dict], bool]:
    """One page of the labelled individuals (as resources gives them, sorted by label), and
    whether a next page may hold more; the individuals of a page are cut in the store's order."""
    result = answer(store, _web_query(queries, "resources-page"), page=page)
    return _entries(result.rows), result.more


def _entries(rows: list) -> list[dict]:
    found: dict[str, dict] = {}
    for row in rows:
        item = found.setdefault(str(row["entity"]), {"iri": str(row["entity"]), "label": str(row["label"]),
                                                     "types": []})
        if row.get("type") is not None and local_name(row["type"]) not in item["types"]:
            item["types"].append(local_name(row["type"]))
    return sorted(found.values(), key=lambda i: (i["label"].lower(), i["iri"]))


def derived_resources(store: Store, queries: Path) -> list[str]:
    """IRIs of the labelled individuals only the build's derivations make (derived masses)."""
    return [str(row["entity"]) for row in store.select(_web_query(queries, "derived-resources").text)]


# --- search -----------------------------------------------------------------------

@dataclass
class SearchResult:
    text: str
    entities: list[dict]
    suggestions: list[str]
    sentences: list[dict]


def search(store: Store, queries: Path, text: str, most_sentences: int = 50) -> SearchResult:
    """Entities by name (the matcher of 'msckg describe'), and sentences holding every word."""
    text = " ".join(text.split())[:200]
    if not text:
        return SearchResult(text, [], [], [])
    entities = [{"iri": iri, "label": label} for iri, label in find_entities(store, queries, text)]
    words = [w.lower() for w in re.findall(r"[^\s,;]+", text)]
    sentences = []
    for row in store.select(_web_query(queries, "sentences").text):
        body = str(row["text"])
        if all(w in body.lower() for w in words):
            sentences.append({"iri": str(row["sentence"]), "text": body, "section": _lit(row, "sectionLabel")})
    suggestions = [] if entities else suggest(store, queries, text)
    return SearchResult(text, entities, suggestions, sentences[:most_sentences])


# --- entity pages -------------------------------------------------------------------

def describe(store: Store, queries: Path, iri: str, label: str) -> Description:
    return describe_entity(store, queries, iri, label)


def evidence_notes(description: Description) -> list[dict]:
    """Every evidence sentence of a description once, numbered in order of first use."""
    notes: dict[str, dict] = {}
    for fact in description.facts:
        for ev in fact.evidence:
            if ev["sentence"] not in notes:
                notes[ev["sentence"]] = {"number": len(notes) + 1, **ev}
    return list(notes.values())


def fact_value(fact) -> str:
    q = fact.quantity
    if not q:
        return fact.other_label
    if "value" in q:
        number = f"{q['value']:g}" if isinstance(q["value"], float) else str(q["value"])
    else:
        lo, hi = q.get("min"), q.get("max")
        number = (f"{lo:g}–{hi:g}" if lo is not None and hi is not None
                  else f"up to {hi:g}" if hi is not None else f"at least {lo:g}")
    return f"{number} {q['unit']}"


def kind_of_page(head: Heading) -> str:
    """Which template: sentence, source, reference or entity."""
    if head.has_type(str(MSC.SourceSentence)):
        return "sentence"
    if head.has_type(str(MSC.CitedReference)):
        return "reference"
    if head.has_type(str(MSC.Review)) or any(t["iri"].startswith(str(MSC)) and "Source" in t["iri"] and
                                             t["graph"] == "asserted" for t in head.types
                                             if t["iri"] != str(MSC.SourceSentence)):
        return "source"
    return "entity"


def not_found(store: Store, queries: Path, text: str) -> list[str]:
    return suggest(store, queries, text)


# --- stored queries ------------------------------------------------------------------

def catalog(queries: Path) -> dict[str, StoredQuery]:
    """The stored queries a person may run (the lib/ helpers of the pages are left out)."""
    return {name: q for name, q in load_catalog(queries).items() if q.path.parent.name != "lib"}


def stored_query(queries: Path, name: str) -> StoredQuery:
    known = catalog(queries)
    if name not in known:
        raise NotFoundError(f"no stored query named {name!r}")
    return known[name]


def competency_questions(path: Path) -> list[dict]:
    """The questions of COMPETENCY-QUESTIONS.md: id and text (sections as headings)."""
    if not path.is_file():
        return []
    found: list[dict] = []
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        match = re.match(r"- (CQ\d+) (.*)", line)
        if match:
            found.append({"id": match.group(1), "text": match.group(2).strip(), "section": section})
        elif found and line.startswith("  ") and line.strip():
            found[-1]["text"] += " " + line.strip()
    return found


__all__ = ["GRAPH_NAMES", "Heading", "SearchResult", "catalog", "competency_questions", "describe",
           "evidence_notes", "external_links", "fact_value", "heading", "kind_of_page", "local_name",
           "not_found", "ontology_terms", "page_path", "resource_name", "resources", "resources_page",
           "derived_resources", "search",
           "sentence_details", "source_metadata", "stored_query", "supported_facts", "term_relations",
           "RDF"]
