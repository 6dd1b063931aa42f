"""Compile curation tables into the reified RDF the graph uses.

Each fact row becomes the triple plus an ``owl:Axiom`` naming its evidence
(``msc:statedIn``), the source's cited references
(``msc:supportedByReference``) and the curator's reading (``msc:interpretationNote``),
exactly as hand-written Turtle does (data/README.md). The compiled graph then
goes through the same checks as the Turtle (vocabulary, provenance, SHACL).

Evidence depends on the source's kind:

* held: the evidence column names sentences of the source's inventory
  (``sec2-15`` -> ``mscr:<key>-sec2-15`` of data/<key>/sentences.ttl), whose
  verbatim text the build checks against the source text;
* cited: it names locators of data/<key>/sentences.tsv ("abstract S3"); each
  becomes an ``msc:CitedSentence`` with the locator, the curator's paraphrase and
  the fingerprint of the sentence, and no text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from msckg.axioms import add_annotated
from msckg.build.tables import (LOCAL_ID, Row, TableSource, check_sentence_rows, read_table_source,
                                table_folders)
from msckg.errors import InputError, ProvenanceError, VocabularyError
from msckg.namespaces import BIBO, MSC, MSCR, QUDT, UNIT, bind_prefixes

PREFIXES = {"msc": MSC, "mscr": MSCR, "unit": UNIT, "qudt": QUDT, "rdf": RDF, "owl": OWL}
ELEMENT = re.compile(r"([A-Z][a-z]?)")
MSC_NAME = re.compile(r"(?<![A-Za-z])([sd]?MSC|PC)-?(\d{3})(?!\d)")
_UNIT_SYMBOLS = {"NanoM": "nm", "DEG_C": "°C", "K": "K", "PERCENT": "%", "V": "V", "HR": "h", "MIN": "min"}
RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[–-]\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass
class Compiled:
    """The RDF of every table source and where each entity was declared."""
    graph: Graph
    sources: list[TableSource]
    # entity IRI -> [(source key, row)] of every entities.tsv row that declares it
    declared: dict[URIRef, list[tuple[str, Row]]] = field(default_factory=dict)
    # cited sentence IRI -> source key
    cited_sentences: dict[URIRef, str] = field(default_factory=dict)
    # cited sentence IRI -> its sentences.tsv row, where the row marks it not fact-bearing
    marked_not_fact_bearing: dict[URIRef, Row] = field(default_factory=dict)
    # individuals the Turtle data already name
    turtle_known: set[URIRef] = field(default_factory=set)
    # MSCs whose label was a bare MSC-nnn name and a table states the composition:
    # IRI -> (old label, new label); see apply_relabels
    relabels: dict[URIRef, tuple[Literal, Literal]] = field(default_factory=dict)

    def row_of(self, iri: URIRef) -> Row | None:
        rows = self.declared.get(iri)
        return rows[0][1] if rows else None


def load_table_sources(data: Path) -> list[TableSource]:
    sources = [read_table_source(folder) for folder in table_folders(data)]
    for source in sources:
        check_sentence_rows(source)
    return sources


def compile_sources(sources: list[TableSource], ontology: Graph, turtle: Graph) -> Compiled:
    """Compile the tables of every source (sorted by key) against the ontology and Turtle data."""
    g = bind_prefixes(Graph())
    compiled = Compiled(graph=g, sources=sources)
    vocab = _Vocabulary(ontology)
    # every table's entities first, so a source may name an entity another table declares
    known = _known_individuals(turtle) | {MSCR[row.get("id")] for source in sources
                                          for row in source.entities if LOCAL_ID.match(row.get("id"))}
    turtle_known = _known_individuals(turtle)
    compiled.turtle_known = turtle_known
    labels = {s: o for s, o in turtle.subject_objects(RDFS.label) if isinstance(s, URIRef)}
    for source in sources:
        _compile_source(source, compiled, vocab, known, turtle_known, labels, turtle)
    return compiled


# --------------------------------------------------------------------------- per source

def _compile_source(source: TableSource, compiled: Compiled, vocab: "_Vocabulary",
                    known: set[URIRef], turtle_known: set[URIRef], labels: dict, turtle: Graph) -> None:
    g = compiled.graph
    doc = MSCR[source.key]
    _metadata(g, doc, source)
    evidence = _evidence_index(source, doc, compiled, turtle)
    local: dict[str, Row] = {}
    for row in source.entities:
        ident = row.get("id")
        if not LOCAL_ID.match(ident):
            raise InputError(f"id {ident!r} cannot be part of an IRI", where=row.where,
                             hint="letters, digits, '.', '_' and '-' only, e.g. CdS-MSC-360")
        if ident in local:
            raise InputError(f"id {ident!r} is declared twice (first at line {local[ident].line})",
                             where=row.where, hint="one row per entity; facts go in facts.tsv")
        local[ident] = row
    for row in source.entities:
        _entity(g, row, source, doc, compiled, vocab, known, turtle_known, labels, evidence, turtle)
    for row in source.facts:
        _fact(g, row, source, compiled, vocab, known, evidence)


def _metadata(g: Graph, doc: URIRef, source: TableSource) -> None:
    m = source.meta
    g.add((doc, RDF.type, OWL.NamedIndividual))
    g.add((doc, RDF.type, MSC.Document))
    label = m.get("label") or _default_label(m, source.key)
    g.add((doc, RDFS.label, Literal(label, lang="en")))
    g.add((doc, SKOS.altLabel, Literal(source.key, lang="en")))  # describe wan2020
    if m.get("title"):
        g.add((doc, DCTERMS.title, Literal(m["title"], lang="en")))
    for author in m.get("authors") or []:
        g.add((doc, DCTERMS.creator, Literal(author)))
    if m.get("doi"):
        g.add((doc, BIBO.doi, Literal(m["doi"])))
        g.add((doc, DCTERMS.source, URIRef(f"https://doi.org/{m['doi']}")))
    if m.get("year"):
        g.add((doc, DCTERMS.issued, Literal(str(m["year"]), datatype=XSD.gYear)))
    citation = ", ".join(str(m[k]) for k in ("journal", "year", "volume", "pages") if m.get(k))
    if citation:
        g.add((doc, DCTERMS.bibliographicCitation, Literal(citation)))
    if m.get("licence"):
        g.add((doc, DCTERMS.license, URIRef(m["licence"])))
    if m.get("page"):
        g.add((doc, RDFS.seeAlso, URIRef(m["page"])))
    g.add((doc, MSC.textHeld, Literal(source.held)))
    for note in m.get("notes") or []:
        g.add((doc, RDFS.comment, Literal(note, lang="en")))


def _default_label(meta: dict, key: str) -> str:
    authors = meta.get("authors") or []
    who = f"{authors[0].split()[-1]} et al." if authors else key
    when = f" {meta['year']}" if meta.get("year") else ""
    title = f", {meta['title']}" if meta.get("title") else ""
    return f"{who}{when}{title}"


def _evidence_index(source: TableSource, doc: URIRef, compiled: Compiled,
                    turtle: Graph) -> dict[str, URIRef]:
    """The evidence tokens a row may name, mapped to their records."""
    g = compiled.graph
    if source.held:
        prefix = f"{source.key}-"
        return {str(s)[len(str(MSCR)) + len(prefix):]: s
                for s in turtle.subjects(RDF.type, MSC.SourceSentence)
                if str(s).startswith(str(MSCR) + prefix)}
    index: dict[str, URIRef] = {}
    for row in source.sentences:
        locator = row.get("locator")
        iri = MSCR[f"{source.key}-{_slug(locator)}"]
        index[locator] = iri
        compiled.cited_sentences[iri] = source.key
        g.add((iri, RDF.type, OWL.NamedIndividual))
        g.add((iri, RDF.type, MSC.CitedSentence))
        g.add((iri, RDFS.label, Literal(f"{source.key} {locator}", lang="en")))
        g.add((iri, MSC.locator, Literal(locator)))
        g.add((iri, MSC.sentenceFingerprint, Literal(row.get("fingerprint"))))
        g.add((iri, DCTERMS.isPartOf, doc))
        if row.get("partial") == "yes":
            g.add((iri, MSC.fragmentOnly, Literal(True)))
        if row.get("paraphrase"):
            g.add((iri, MSC.curatorParaphrase, Literal(row.get("paraphrase"), lang="en")))
        if row.get("not_fact_bearing"):
            g.add((iri, MSC.notFactBearingReason, Literal(row.get("not_fact_bearing"), lang="en")))
            compiled.marked_not_fact_bearing[iri] = row
        if row.get("note"):
            g.add((iri, RDFS.comment, Literal(row.get("note"), lang="en")))
    return index


def _entity(g: Graph, row: Row, source: TableSource, doc: URIRef, compiled: Compiled,
            vocab: "_Vocabulary", known: set[URIRef], turtle_known: set[URIRef], labels: dict,
            evidence: dict[str, URIRef], turtle: Graph) -> None:
    iri = MSCR[row.get("id")]
    existing = iri in turtle_known or iri in compiled.declared
    compiled.declared.setdefault(iri, []).append((source.key, row))
    label = row.get("label")
    g.add((iri, RDF.type, OWL.NamedIndividual))
    current = labels.get(iri)
    if current is None:
        g.add((iri, RDFS.label, Literal(label, lang="en")))
        labels[iri] = Literal(label, lang="en")
    elif str(current) != label:
        if row.get("composition") and _bare_msc_name(str(current)) and str(current) in label:
            # "MSC-299" of the review becomes "ZnSe MSC-299" once a source states the composition
            compiled.relabels[iri] = (current, Literal(label, lang="en"))
        g.add((iri, SKOS.altLabel, Literal(label, lang="en")))  # one rdfs:label per entity
    for alt in row.items("alt_labels"):
        if alt != str(labels.get(iri)):
            g.add((iri, SKOS.altLabel, Literal(alt, lang="en")))
    if row.get("formula"):
        g.add((iri, MSC.formula, Literal(row.get("formula"))))
    if row.get("note"):
        g.add((iri, RDFS.comment, Literal(row.get("note"), lang="en")))
    classes = [vocab.cls(name, row) for name in row.items("class")]
    elements = _composition(row, turtle, compiled.graph)
    if (classes or elements) and not row.items("evidence"):
        raise ProvenanceError("entity has a class or composition but no evidence", where=row.where,
                              hint="name the sentence(s) that state it in the evidence column")
    sentences = _evidence(row, evidence, source, compiled)
    for cls in classes:
        add_annotated(g, (iri, RDF.type, cls), [(MSC.statedIn, s) for s in sentences])
    for prop, element in elements:
        add_annotated(g, (iri, prop, element), [(MSC.statedIn, s) for s in sentences])
    if not existing and MSC.MagicSizeCluster in classes and elements:
        _check_msc_name(row, elements)
    for other in row.items("distinct_from"):
        target = _individual(other, row, compiled, known, "distinct_from")
        add_annotated(g, (iri, OWL.differentFrom, target),
                      [(MSC.statedIn, doc),
                       (MSC.interpretationNote,
                        Literal(row.get("note") or f"marked distinct by the curator of {source.key}",
                                lang="en"))])


def _bare_msc_name(label: str) -> bool:
    match = MSC_NAME.match(label.strip())
    return bool(match) and match.end() == len(label.strip())


def apply_relabels(data: Graph, compiled: Compiled) -> None:
    """Labels of MSCs carry their composition where a source states it (MSC names are not unique):
    the bare name stays an alternative label, so every lookup by it still works."""
    for iri, (old, new) in sorted(compiled.relabels.items()):
        data.remove((iri, RDFS.label, old))
        data.remove((iri, SKOS.altLabel, new))
        data.add((iri, RDFS.label, new))
        data.add((iri, SKOS.altLabel, old))


def _check_msc_name(row: Row, elements: list[tuple[URIRef, URIRef]]) -> None:
    """A new MSC's IRI and label carry its composition (MSC names are not unique)."""
    composition = "".join(str(e).rsplit("/", 1)[-1] for _, e in elements)
    for column in ("id", "label"):
        if MSC_NAME.search(row.get(column)) and composition not in row.get(column).replace(" ", ""):
            raise InputError(f"MSC {column} {row.get(column)!r} does not carry its composition "
                             f"{composition}", where=row.where,
                             hint=f"MSC names are not unique across compositions: write e.g. "
                                  f"{composition}-MSC-360 (id) and '{composition} MSC-360' (label)")


def _composition(row: Row, turtle: Graph, compiled: Graph) -> list[tuple[URIRef, URIRef]]:
    text = row.get("composition")
    if not text:
        return []
    symbols = ELEMENT.findall(text)
    if "".join(symbols) != re.sub(r"[\s\d()x.]", "", text):
        raise InputError(f"composition {text!r} is not a list of element symbols", where=row.where,
                         hint="write the elements as in a formula, e.g. CdSe or ZnSe")
    result = []
    for symbol in dict.fromkeys(symbols):
        element = MSCR[symbol]
        types = set(turtle.objects(element, RDF.type)) | set(compiled.objects(element, RDF.type))
        if types & {MSC.Group12Element, MSC.MetalElement}:
            result.append((MSC.hasMetalElement, element))
        elif MSC.ChalcogenElement in types:
            result.append((MSC.hasChalcogenElement, element))
        else:
            raise InputError(f"element {symbol!r} of composition {text!r} is neither a metal nor a "
                             "chalcogen of data/background/elements.ttl", where=row.where,
                             hint="add the element there (sourced to the periodic table) or fix the symbol")
    return result


def _fact(g: Graph, row: Row, source: TableSource, compiled: Compiled, vocab: "_Vocabulary",
          known: set[URIRef], evidence: dict[str, URIRef]) -> None:
    subject = _individual(row.get("subject"), row, compiled, known, "subject")
    prop = vocab.prop(row.get("property"), row)
    sentences = _evidence(row, evidence, source, compiled)
    annotations = [(MSC.statedIn, s) for s in sentences]
    annotations += [(MSC.supportedByReference, r) for r in _references(row, source, known)]
    if row.get("note"):
        annotations.append((MSC.interpretationNote, Literal(row.get("note"), lang="en")))
    obj, value, unit = row.get("object"), row.get("value"), row.get("unit")
    if prop == RDF.type:
        if not obj or value:
            raise InputError("a type row needs the class in object and no value", where=row.where,
                             hint="e.g. object msc:Isomerization")
        add_annotated(g, (subject, RDF.type, vocab.cls(obj, row)), annotations)
        return
    if bool(obj) == bool(value):
        raise InputError("give either object (an entity) or value (a number or text), not "
                         + ("both" if obj else "neither"), where=row.where,
                         hint="object for entities, value (+ unit) for quantities and text")
    if obj:
        if prop not in vocab.object_properties:
            raise VocabularyError(f"{row.get('property')} takes a value, not an entity", where=row.where,
                                  hint="put the text or number in the value column")
        if unit:
            raise InputError("a unit belongs to a value, not to an entity", where=row.where,
                             hint="move the number into value")
        add_annotated(g, (subject, prop, _individual(obj, row, compiled, known, "object")), annotations)
        return
    if unit:
        if prop not in vocab.object_properties:
            raise VocabularyError(f"{row.get('property')} does not take a quantity", where=row.where,
                                  hint="use a property whose values are quantities, e.g. msc:hasAbsorptionPeak")
        unit_iri = vocab.unit(unit, row)
        quantity = _quantity(g, row, subject, prop, value, unit_iri, vocab.kind(unit_iri, row), annotations)
        add_annotated(g, (subject, prop, quantity), annotations)
        return
    if prop not in vocab.datatype_properties:
        raise VocabularyError(f"{row.get('property')} links entities; a value needs a data property",
                              where=row.where, hint="put an entity id in object, or add a unit for a quantity")
    add_annotated(g, (subject, prop, vocab.literal(prop, value, row)), annotations)


def _quantity(g: Graph, row: Row, subject: URIRef, prop: URIRef, value: str, unit: URIRef,
              kind: URIRef, annotations: list) -> URIRef:
    local = str(prop).rsplit("/", 1)[-1]
    local = re.sub(r"^has", "", local)
    iri = MSCR[f"{str(subject).rsplit('/', 1)[-1]}-{_slug(local)}-{_slug(value)}{_slug(str(unit).rsplit('/', 1)[-1])}"]
    unit_name = str(unit).rsplit("/", 1)[-1]
    add_annotated(g, (iri, RDF.type, QUDT.QuantityValue), annotations)
    g.add((iri, RDF.type, OWL.NamedIndividual))
    # the label names its subject: two species' peaks at one wavelength are two quantities
    owner = str(subject).rsplit("/", 1)[-1]
    g.add((iri, RDFS.label, Literal(f"{_words(local)} of {owner} {value} {_UNIT_SYMBOLS.get(unit_name, unit_name)}",
                                    lang="en")))
    match = RANGE.match(value)
    try:
        if match:
            add_annotated(g, (iri, MSC.minValue, Literal(Decimal(match.group(1)))), annotations)
            add_annotated(g, (iri, MSC.maxValue, Literal(Decimal(match.group(2)))), annotations)
        else:
            add_annotated(g, (iri, QUDT.numericValue, Literal(Decimal(value))), annotations)
    except InvalidOperation:
        raise InputError(f"value {value!r} is not a number or a range a–b", where=row.where,
                         hint="write 360 or 305-320; say 'about' in the note") from None
    add_annotated(g, (iri, QUDT.hasUnit, unit), annotations)
    add_annotated(g, (iri, QUDT.hasQuantityKind, kind), annotations)
    return iri


def _evidence(row: Row, index: dict[str, URIRef], source: TableSource, compiled: Compiled) -> list[URIRef]:
    tokens = row.items("evidence")
    result = []
    for token in tokens:
        record = index.get(token)
        if record is None:
            what = "sentence key of data/{0}/sentences.ttl (e.g. sec2-15)" if source.held else \
                "locator of data/{0}/sentences.tsv"
            close = difflib.get_close_matches(token, list(index), n=3)
            raise ProvenanceError(f"evidence {token!r} is not a {what.format(source.key)}",
                                  where=row.where,
                                  hint=("did you mean " + " or ".join(repr(c) for c in close) + "?")
                                  if close else "add the sentence first")
        marked = compiled.marked_not_fact_bearing.get(record)
        if marked is not None:
            # a sentence that states no fact cannot be a fact's evidence: coverage would count it twice
            raise ProvenanceError(f"evidence {token!r} is marked not fact-bearing at {marked.where} "
                                  f"({marked.get('not_fact_bearing')!r})", where=row.where,
                                  hint="clear its not_fact_bearing column if it states this fact, "
                                       "or take it out of this row's evidence")
        result.append(record)
    return result


def _references(row: Row, source: TableSource, known: set[URIRef]) -> list[URIRef]:
    result = []
    for token in row.items("references"):
        if not token.isdigit():
            raise InputError(f"reference {token!r} is not a reference number", where=row.where,
                             hint="write the number the source prints, e.g. 44")
        ref = MSCR[f"{source.key}-ref{int(token)}"]
        if ref not in known:
            raise ProvenanceError(f"reference {token} of {source.key} is not in its inventory",
                                  where=row.where,
                                  hint="a held source's references come from 'msckg sentences "
                                       "--highest-reference N'; a cited source has none")
        result.append(ref)
    return result


def _individual(text: str, row: Row, compiled: Compiled, known: set[URIRef], column: str) -> URIRef:
    local = text[len("mscr:"):] if text.startswith("mscr:") else text
    iri = MSCR[local]
    if iri in known or iri in compiled.declared:
        return iri
    candidates = [str(i).rsplit("/", 1)[-1] for i in set(compiled.declared) | known]
    close = difflib.get_close_matches(local, candidates, n=3)
    raise InputError(f"{column} {text!r} is not an entity of entities.tsv or of the graph",
                     where=row.where,
                     hint=("did you mean " + " or ".join(repr(c) for c in close) + "?") if close
                     else "declare it in entities.tsv first")


def _known_individuals(turtle: Graph) -> set[URIRef]:
    return {s for s in turtle.subjects(RDF.type, OWL.NamedIndividual) if isinstance(s, URIRef)} | {
        s for s in turtle.subjects(RDFS.label, None) if isinstance(s, URIRef) and str(s).startswith(str(MSCR))}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-")


def _words(local: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()


class _Vocabulary:
    """The ontology's terms as a curator writes them (msc:Isomerization or Isomerization)."""

    def __init__(self, ontology: Graph):
        self.classes = {s for s in ontology.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
        self.object_properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
        self.datatype_properties = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
        self.units = set(ontology.subjects(RDF.type, QUDT.Unit))
        # the quantity kind of each unit, as ontology/units.ttl pairs them (QUDT's pairs)
        self.kinds: dict[URIRef, set[URIRef]] = {}
        for unit, kind in ontology.subject_objects(QUDT.hasQuantityKind):
            if unit in self.units:
                self.kinds.setdefault(unit, set()).add(kind)
        self.ranges = {p: o for p, o in ontology.subject_objects(RDFS.range) if p in self.datatype_properties}

    def _resolve(self, text: str, row: Row, default: str = "msc") -> URIRef:
        prefix, _, local = text.partition(":") if ":" in text else (default, "", text)
        namespace = PREFIXES.get(prefix)
        if namespace is None:
            raise InputError(f"prefix {prefix!r} of {text!r} is not known", where=row.where,
                             hint="use msc:, unit: or rdf:")
        return URIRef(str(namespace) + local)

    def cls(self, text: str, row: Row) -> URIRef:
        iri = self._resolve(text, row)
        if iri not in self.classes:
            raise VocabularyError(f"class {text!r} is not in the ontology", where=row.where,
                                  hint=self._close(iri, self.classes))
        return iri

    def prop(self, text: str, row: Row) -> URIRef:
        if text in ("a", "rdf:type", "type"):
            return RDF.type
        iri = self._resolve(text, row)
        if iri not in self.object_properties | self.datatype_properties:
            raise VocabularyError(f"property {text!r} is not an object or data property of the "
                                  "ontology", where=row.where,
                                  hint=self._close(iri, self.object_properties | self.datatype_properties))
        return iri

    def kind(self, unit: URIRef, row: Row) -> URIRef:
        """The quantity kind a value in this unit has (the unit's one kind in the ontology)."""
        kinds = sorted(self.kinds.get(unit, ()))
        if len(kinds) != 1:
            raise VocabularyError(f"unit {unit} has {'no' if not kinds else 'more than one'} quantity kind "
                                  "in the ontology", where=row.where,
                                  hint="pair the unit with its QUDT quantity kind in ontology/units.ttl")
        return kinds[0]

    def unit(self, text: str, row: Row) -> URIRef:
        iri = self._resolve(text, row, default="unit")
        if iri not in self.units:
            raise VocabularyError(f"unit {text!r} is not declared in the ontology", where=row.where,
                                  hint=self._close(iri, self.units))
        return iri

    def literal(self, prop: URIRef, value: str, row: Row) -> Literal:
        datatype = self.ranges.get(prop, XSD.string)
        try:
            if datatype == XSD.integer:
                return Literal(int(value))
            if datatype == XSD.decimal:
                return Literal(Decimal(value))
            if datatype == XSD.boolean:
                if value.lower() not in ("true", "false"):
                    raise ValueError(value)
                return Literal(value.lower() == "true")
        except (ValueError, InvalidOperation):
            raise InputError(f"value {value!r} is not a {str(datatype).rsplit('#', 1)[-1]}",
                             where=row.where, hint="fix the value") from None
        return Literal(value)

    @staticmethod
    def _close(iri: URIRef, terms: set) -> str:
        names = {str(t).rsplit("/", 1)[-1] for t in terms}
        close = difflib.get_close_matches(str(iri).rsplit("/", 1)[-1], list(names), n=3)
        return ("did you mean " + " or ".join(repr(c) for c in close) + "?") if close else \
            "declare it in ontology/msckg.ttl (label + skos:definition) or fix the name"

