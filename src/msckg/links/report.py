"""How far the graph is linked to external vocabularies, and checks of the mapping table.

``links_report`` asks the built graph (any :class:`~msckg.query.store.Store`, so an
endpoint as well as build/store) which of our entities are mapped, to which
resources, which were checked and found to have no external term
(``msc:unmappedChecked``), and which were never checked. Entities are sorted
into categories by their rdf:type (individuals) or rdfs:subClassOf (classes),
as the graph states them; see :data:`CATEGORIES`.

``mapping_problems`` checks the SSSOM table against itself, bioregistry and
the built graph. Each check is also a function of its own, so tests can name it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import Literal, URIRef

from msckg.errors import InputError
from msckg.links.mappings import NO_TERM, PREDICATES, mapping_files
from msckg.namespaces import MSC, MSCR, PREFIXES
from msckg.query.store import Store

OWN_PREFIXES = ("msc", "mscr")  # ours; bioregistry has an unrelated 'msc' (Mathematics Subject Classification)
STATUSES = ("mapped", "unmapped-checked", "unchecked")

_SKOS = "http://www.w3.org/2004/02/skos/core#"
MATCH_PREDICATES = tuple(f"{_SKOS}{p}" for p in
                         ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")) + (
    "http://www.w3.org/2002/07/owl#equivalentClass",)
EXACT = f"{_SKOS}exactMatch"
QUDT_UNIT = "http://qudt.org/schema/qudt/Unit"


@dataclass(frozen=True)
class Category:
    """Classes under ``class_roots`` and individuals typed by ``individual_roots`` (or subclasses)."""

    key: str
    title: str
    class_roots: tuple[str, ...]
    individual_roots: tuple[str, ...]


def _msc(*names: str) -> tuple[str, ...]:
    return tuple(str(MSC[n]) for n in names)


# In this order: an entity that falls under several roots counts in the first category.
CATEGORIES: tuple[Category, ...] = (
    Category("units", "units (QUDT)", (), (QUDT_UNIT,)),
    Category("techniques", "techniques and methods",
             _msc("CharacterizationTechnique", "ComputationalMethod"),
             _msc("CharacterizationTechnique", "ComputationalMethod")),
    Category("reactions", "reaction types, reactions and transformation steps",
             _msc("ChemicalReaction", "Step"), _msc("ChemicalReaction", "Step")),
    Category("materials", "materials and nanostructures (clusters, MSCs, semiconductors, MOFs)",
             _msc("Material"), _msc("Material")),
    Category("species", "chemical species: elements, ions, molecules, precursors, roles",
             _msc("ChemicalEntity"), _msc("ChemicalEntity")),
    # Source sentences and document parts are the graph's own evidence records: their
    # classes are mapped (bibo, prov), the 150 or so individuals are not counted.
    Category("sources", "sources and agents (documents, references, people, groups)",
             _msc("Document", "DocumentPart", "SourceSentence", "Agent"), _msc("Document", "Agent")),
)
OTHER = Category("other", "other mapped or checked entities", (), ())


@dataclass
class Entity:
    iri: str
    kind: str  # "class", "individual", or "undefined" (mapped, but the graph does not define it)
    label: str = ""
    category: str = OTHER.key
    targets: list[tuple[str, str]] = field(default_factory=list)  # (predicate, target IRI)
    checked: str = ""  # the msc:unmappedChecked comment

    @property
    def status(self) -> str:
        if self.targets or not _own(self.iri):
            return "mapped"
        return "unmapped-checked" if self.checked else "unchecked"


@dataclass
class CategoryReport:
    category: Category
    entities: list[Entity]

    def by_status(self, status: str) -> list[Entity]:
        return [e for e in self.entities if e.status == status]

    def resources(self, namer: PrefixNamer) -> Counter:
        """How many entities are mapped to each resource (an entity counts once per resource)."""
        counts: Counter = Counter()
        for e in self.by_status("mapped"):
            names = {namer.resource(t) for _, t in e.targets} or {namer.resource(e.iri)}
            counts.update(names)
        return counts


@dataclass
class LinksReport:
    categories: list[CategoryReport]
    namer: PrefixNamer
    not_counted: dict[str, int]

    def to_json(self, listing: str | None = None) -> dict:
        out = []
        for cr in self.categories:
            item = {"key": cr.category.key, "title": cr.category.title,
                    "entities": len(cr.entities),
                    "classes": sum(e.kind == "class" for e in cr.entities),
                    "individuals": sum(e.kind == "individual" for e in cr.entities),
                    "mapped": len(cr.by_status("mapped")),
                    "resources": dict(sorted(cr.resources(self.namer).items())),
                    "unmapped_checked": len(cr.by_status("unmapped-checked")),
                    "unchecked": len(cr.by_status("unchecked"))}
            if listing:
                item["list"] = {s: [self._entity_json(e) for e in cr.by_status(s)]
                                for s in _statuses(listing)}
            out.append(item)
        totals = {k: sum(c[k] for c in out) for k in ("entities", "mapped", "unmapped_checked", "unchecked")}
        return {"categories": out, "totals": totals, "not_counted": self.not_counted}

    def _entity_json(self, e: Entity) -> dict:
        item = {"iri": e.iri, "id": self.namer.curie(e.iri), "label": e.label, "kind": e.kind}
        if e.targets:
            item["targets"] = [{"predicate": self.namer.curie(p), "id": self.namer.curie(t), "iri": t}
                               for p, t in e.targets]
        if e.checked:
            item["comment"] = e.checked
        return item


def _statuses(listing: str) -> tuple[str, ...]:
    return STATUSES if listing == "all" else (listing,)


def _own(iri: str) -> bool:
    return iri.startswith((str(MSC), str(MSCR)))


class PrefixNamer:
    """Short names for IRIs: the mapping tables' curie_maps and the project's prefixes."""

    def __init__(self, prefix_map: dict[str, str]):
        self._by_length = sorted(prefix_map.items(), key=lambda kv: -len(kv[1]))

    def split(self, iri: str) -> tuple[str, str] | None:
        for prefix, ns in self._by_length:
            if iri.startswith(ns) and len(iri) > len(ns):
                return prefix, iri[len(ns):]
        return None

    def curie(self, iri: str) -> str:
        parts = self.split(iri)
        return f"{parts[0]}:{parts[1]}" if parts else iri

    def resource(self, iri: str) -> str:
        parts = self.split(iri)
        if parts:
            return parts[0]
        match = re.match(r"(.*[/#])[^/#]*$", iri)
        return match.group(1) if match else iri


def sssom_prefix_map(path: Path) -> dict[str, str]:
    """The curie_map of an SSSOM table's YAML header (read without parsing the table)."""
    header = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            header.append(line[1:])
    try:
        meta = yaml.safe_load("".join(header)) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"SSSOM header is not valid YAML: {exc}", where=str(path),
                         hint="fix the '#' lines") from None
    return dict(meta.get("curie_map") or {})


def prefix_namer(mappings_folder: Path) -> PrefixNamer:
    prefix_map = {name: str(ns) for name, ns in PREFIXES.items()}
    for path in mapping_files(mappings_folder):
        for prefix, ns in sssom_prefix_map(path).items():
            prefix_map.setdefault(prefix, ns)
    return PrefixNamer(prefix_map)


# --- SPARQL (plain SPARQL 1.1, no named graphs: works on any endpoint holding the graph) ---

_PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX msc: <https://w3id.org/msckg/ontology/>
"""

_CLASSES_UNDER = _PREFIXES + """SELECT DISTINCT ?entity ?root WHERE {
  VALUES ?root { %s }
  ?entity a owl:Class ; rdfs:subClassOf* ?root .
  FILTER(isIRI(?entity))
}"""

_INDIVIDUALS_OF = _PREFIXES + """SELECT DISTINCT ?entity ?root WHERE {
  VALUES ?root { %s }
  ?entity rdf:type/rdfs:subClassOf* ?root .
  FILTER(isIRI(?entity))
  FILTER NOT EXISTS { ?entity a owl:Class }
}"""

_OURS = _PREFIXES + """SELECT DISTINCT ?entity ?kind WHERE {
  { ?entity a owl:Class . BIND("class" AS ?kind) }
  UNION
  { ?entity a owl:NamedIndividual . FILTER NOT EXISTS { ?entity a owl:Class } BIND("individual" AS ?kind) }
  FILTER(isIRI(?entity) && (STRSTARTS(STR(?entity), "https://w3id.org/msckg/ontology/")
                         || STRSTARTS(STR(?entity), "https://w3id.org/msckg/resource/")))
}"""

_MATCHES = _PREFIXES + """SELECT DISTINCT ?entity ?predicate ?target WHERE {
  VALUES ?predicate { %s }
  ?entity ?predicate ?target .
  FILTER(isIRI(?entity) && isIRI(?target))
}"""

_CHECKED = _PREFIXES + """SELECT ?entity ?comment WHERE { ?entity msc:unmappedChecked ?comment }"""

_LABELS = _PREFIXES + """SELECT ?entity ?label WHERE {
  VALUES ?entity { %s }
  ?entity rdfs:label ?label .
}"""

_TYPED = _PREFIXES + """SELECT DISTINCT ?entity WHERE {
  VALUES ?entity { %s }
  ?entity a ?type .
}"""


def _iris(values: Iterable[str]) -> str:
    return " ".join(f"<{v}>" for v in sorted(set(values)))


def links_report(store: Store, mappings_folder: Path) -> LinksReport:
    """Per category: entities mapped (and to which resources), checked without a term, unchecked."""
    entities: dict[str, Entity] = {}
    for category in CATEGORIES:
        if category.class_roots:
            for row in store.select(_CLASSES_UNDER % _iris(category.class_roots)):
                _place(entities, str(row["entity"]), "class", category)
        if category.individual_roots:
            for row in store.select(_INDIVIDUALS_OF % _iris(category.individual_roots)):
                _place(entities, str(row["entity"]), "individual", category)
    # Our IRIs only: the store may also hold imported external ontologies.
    entities = {iri: e for iri, e in entities.items() if _own(iri) or e.category == "units"}
    ours = {str(r["entity"]): str(r["kind"]) for r in store.select(_OURS)}
    for row in store.select(_MATCHES % " ".join(f"<{p}>" for p in MATCH_PREDICATES)):
        iri, target = str(row["entity"]), str(row["target"])
        if not _own(iri) or _own(target):
            continue
        entity = entities.get(iri) or entities.setdefault(iri, Entity(iri, ours.get(iri, "undefined")))
        entity.targets.append((str(row["predicate"]), target))
    for row in store.select(_CHECKED):
        iri = str(row["entity"])
        if _own(iri):
            entity = entities.get(iri) or entities.setdefault(iri, Entity(iri, ours.get(iri, "undefined")))
            entity.checked = str(row["comment"])
    _add_labels(store, entities)
    for e in entities.values():
        e.targets.sort()
    order = {c.key: i for i, c in enumerate(CATEGORIES + (OTHER,))}
    grouped: dict[str, list[Entity]] = defaultdict(list)
    for e in sorted(entities.values(), key=lambda e: (e.kind, e.label.lower(), e.iri)):
        grouped[e.category].append(e)
    reports = [CategoryReport(c, grouped.get(c.key, [])) for c in sorted(CATEGORIES + (OTHER,),
                                                                          key=lambda c: order[c.key])]
    counted = set(entities)
    rest = Counter(kind for iri, kind in ours.items() if iri not in counted)
    return LinksReport(reports, prefix_namer(mappings_folder),
                       {"classes": rest.get("class", 0), "individuals": rest.get("individual", 0)})


def _place(entities: dict[str, Entity], iri: str, kind: str, category: Category) -> None:
    if iri not in entities:  # categories are asked in priority order
        entities[iri] = Entity(iri, kind, category=category.key)


def _add_labels(store: Store, entities: dict[str, Entity]) -> None:
    iris = sorted(entities)
    for start in range(0, len(iris), 200):
        chunk = iris[start:start + 200]
        labels: dict[str, list[Literal]] = defaultdict(list)
        for row in store.select(_LABELS % _iris(chunk)):
            labels[str(row["entity"])].append(row["label"])
        for iri, found in labels.items():
            english = [lit for lit in found if getattr(lit, "language", None) == "en"]
            entities[iri].label = str(sorted(english or found, key=str)[0])


def format_text(report: LinksReport, listing: str | None = None) -> str:
    namer = report.namer
    lines = ["Links to external vocabularies (mapped: skos/owl match to an external term;",
             "unmapped-checked: msc:unmappedChecked, searched and none found; unchecked: neither)", ""]
    lines.append(f"{'category':<12} {'entities':>8} {'classes':>8} {'indiv.':>7} {'mapped':>7} "
                 f"{'checked':>8} {'unchecked':>9}")
    totals = Counter()
    for cr in report.categories:
        row = Counter(entities=len(cr.entities), classes=sum(e.kind == "class" for e in cr.entities),
                      individuals=sum(e.kind == "individual" for e in cr.entities),
                      mapped=len(cr.by_status("mapped")), checked=len(cr.by_status("unmapped-checked")),
                      unchecked=len(cr.by_status("unchecked")))
        totals.update(row)
        lines.append(f"{cr.category.key:<12} {row['entities']:>8} {row['classes']:>8} {row['individuals']:>7} "
                     f"{row['mapped']:>7} {row['checked']:>8} {row['unchecked']:>9}")
    lines.append(f"{'total':<12} {totals['entities']:>8} {totals['classes']:>8} {totals['individuals']:>7} "
                 f"{totals['mapped']:>7} {totals['checked']:>8} {totals['unchecked']:>9}")
    lines.append("")
    for cr in report.categories:
        resources = cr.resources(namer)
        mapped = ", ".join(f"{name} {n}" for name, n in sorted(resources.items(), key=lambda kv: (-kv[1], kv[0])))
        lines.append(f"{cr.category.key}: {cr.category.title}")
        lines.append(f"  mapped to: {mapped or '-'}")
    nc = report.not_counted
    lines.append("")
    lines.append(f"not in these categories (not counted): {nc['classes']} classes, {nc['individuals']} individuals "
                 "of ours (properties, studies, claims, evidence records ...)")
    if listing:
        for status in _statuses(listing):
            lines.append("")
            lines.append(f"{status}:")
            for cr in report.categories:
                for e in cr.by_status(status):
                    text = f"  {cr.category.key:<11} {e.kind:<10} {namer.curie(e.iri):<40} {e.label}"
                    if e.targets:
                        text += "  -> " + ", ".join(f"{namer.curie(p)} {namer.curie(t)}" for p, t in e.targets)
                    lines.append(text.rstrip())
    return "\n".join(lines) + "\n"


# --- checks of the mapping table ---------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


# exactMatch targets that two of our entities may share, and why. Each entry:
# (target CURIE, the subjects sharing it, reason). tests/test_links.py checks that each
# entry is still needed and that its reason holds in the built graph.
# Model v2: exactMatch joins things of one kind only, so a class and its individual can no longer
# share a target (mscr:NMR is a closeMatch of CHMO:0000591 now); no shared target is documented.
SHARED_EXACT_TARGETS: tuple[tuple[str, frozenset[str], str], ...] = ()


def read_rows(path: Path) -> list[dict]:
    from msckg.links.mappings import read_sssom

    return read_sssom(path).df.to_dict("records")


def sssom_schema_problems(path: Path) -> list[Problem]:
    """The table parses with sssom-py and passes its JSON-schema and prefix-map validation."""
    from sssom.constants import SchemaValidationType
    from sssom.validators import validate

    from msckg.links.mappings import read_sssom

    try:
        msdf = read_sssom(path)
    except InputError as exc:
        return [Problem("sssom", str(exc))]
    reports = validate(msdf, validation_types=[SchemaValidationType.JsonSchema,
                                               SchemaValidationType.PrefixMapCompleteness,
                                               SchemaValidationType.StrictCurieFormat],
                       fail_on_error=False)
    problems = []
    for kind, report in reports.items():
        for result in getattr(report, "results", None) or []:
            problems.append(Problem("sssom", f"{path.name}: {kind.value}: {getattr(result, 'message', result)}"))
    return problems


def curies_in(path: Path, rows: list[dict]) -> set[str]:
    """Every prefix the table declares or uses in an ID column."""
    prefixes = set(sssom_prefix_map(path))
    for row in rows:
        for column in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
            value = row.get(column)
            if isinstance(value, str) and ":" in value:
                prefixes.add(value.split(":", 1)[0])
    return prefixes


def unknown_prefixes(path: Path, rows: list[dict]) -> list[Problem]:
    """Prefixes bioregistry does not know (our own msc/mscr are exempt)."""
    import bioregistry

    return [Problem("prefix", f"{path.name}: prefix {p!r} is not in bioregistry")
            for p in sorted(curies_in(path, rows))
            if p not in OWN_PREFIXES and bioregistry.normalize_prefix(p) is None]


def _resource(curie: str) -> str:
    return curie.split(":", 1)[0]


def double_exact_matches(rows: list[dict]) -> list[Problem]:
    """No subject has two exactMatch targets in the same resource."""
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        if row["predicate_id"] == "skos:exactMatch" and row["object_id"] != NO_TERM:
            seen[(row["subject_id"], _resource(row["object_id"]))].append(row["object_id"])
    return [Problem("exact-per-resource", f"{s} has {len(t)} exactMatch targets in {r}: {', '.join(sorted(t))}")
            for (s, r), t in sorted(seen.items()) if len(t) > 1]


def shared_exact_targets(rows: list[dict]) -> dict[str, set[str]]:
    by_target: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["predicate_id"] == "skos:exactMatch" and row["object_id"] != NO_TERM:
            by_target[row["object_id"]].add(row["subject_id"])
    return {t: s for t, s in sorted(by_target.items()) if len(s) > 1}


def shared_exact_problems(rows: list[dict]) -> list[Problem]:
    """No two subjects share an exactMatch target, except those in SHARED_EXACT_TARGETS."""
    allowed = {(t, s) for t, s, _ in SHARED_EXACT_TARGETS}
    return [Problem("shared-exact", f"{t} is the exactMatch of {', '.join(sorted(s))}")
            for t, s in shared_exact_targets(rows).items() if (t, frozenset(s)) not in allowed]


def expand(path: Path, curie: str) -> str:
    prefix, local = curie.split(":", 1)
    prefix_map = sssom_prefix_map(path)
    if prefix not in prefix_map:
        raise InputError(f"prefix {prefix!r} is not in the curie_map", where=str(path),
                         hint="add it to the curie_map")
    return prefix_map[prefix] + local


def undefined_subjects(store: Store, path: Path, rows: list[dict]) -> list[Problem]:
    """Every mapped (or checked) subject is defined in the graph: it has an rdf:type there."""
    subjects = {row["subject_id"]: expand(path, row["subject_id"]) for row in rows}
    typed = set()
    iris = sorted(set(subjects.values()))
    for start in range(0, len(iris), 200):
        typed |= {str(r["entity"]) for r in store.select(_TYPED % _iris(iris[start:start + 200]))}
    return [Problem("undefined-subject", f"{curie} ({iri}) is mapped but nothing in the graph defines it")
            for curie, iri in sorted(subjects.items()) if iri not in typed]


def missing_triples(store: Store, path: Path, rows: list[dict]) -> list[Problem]:
    """Every row is in the graph: its match triple, or msc:unmappedChecked for NoTermFound."""
    problems = []
    for row in rows:
        subject = URIRef(expand(path, row["subject_id"]))
        if row["object_id"] == NO_TERM:
            query = _PREFIXES + "ASK { ?s msc:unmappedChecked ?c }"
            found = store.ask(query, {"s": subject})
        else:
            query = _PREFIXES + "ASK { ?s ?p ?o }"
            found = store.ask(query, {"s": subject, "p": URIRef(expand(path, row["predicate_id"])),
                                      "o": URIRef(expand(path, row["object_id"]))})
        if not found:
            problems.append(Problem("missing-triple", f"{row['subject_id']} {row['predicate_id']} "
                                                      f"{row['object_id']} is not in the graph"))
    return problems


def mapping_problems(store: Store | None, mappings_folder: Path, schema: bool = True) -> list[Problem]:
    """All checks of every mapping table in the folder; with a store, against the built graph too."""
    problems: list[Problem] = []
    for path in mapping_files(mappings_folder):
        if schema:
            problems += sssom_schema_problems(path)
        rows = read_rows(path)
        problems += [Problem("predicate", f"{r['subject_id']}: predicate {r['predicate_id']} is not used")
                     for r in rows if r["object_id"] != NO_TERM and r["predicate_id"] not in PREDICATES]
        problems += unknown_prefixes(path, rows)
        problems += double_exact_matches(rows)
        problems += shared_exact_problems(rows)
        if store is not None:
            problems += undefined_subjects(store, path, rows)
            problems += missing_triples(store, path, rows)
    return problems
