"""Catch terms the ontology does not define (typos of classes and properties)."""

from __future__ import annotations

import difflib
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from msckg.errors import VocabularyError
from msckg.namespaces import MSC, QUDT, UNIT

# Namespaces whose terms must be declared by our ontology before data use them.
_CHECKED = (str(MSC), str(QUDT), str(UNIT))
_CLASS_AXIOM_TERMS = (RDFS.subClassOf, OWL.onProperty, OWL.someValuesFrom, OWL.allValuesFrom,
                      OWL.inverseOf)
_DECLARING_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                    RDFS.Datatype)


def declared_terms(ontology: Graph) -> set[URIRef]:
    terms: set[URIRef] = set()
    for kind in _DECLARING_TYPES:
        terms.update(s for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef))
    terms.update(s for s in ontology.subjects(RDF.type, QUDT.Unit) if isinstance(s, URIRef))
    return terms


def used_terms(data: Graph) -> set[URIRef]:
    # one pass for the predicates, then index lookups for the few predicates whose objects (or
    # subjects) are terms too: testing every triple's predicate against a tuple of URIRefs in
    # Python cost a second per build of the review
    used: set[URIRef] = {p for _, p, _ in data}  # type: ignore[misc]
    for p in (RDF.type, QUDT.unit, QUDT.hasUnit, QUDT.hasQuantityKind):
        if p in used:
            used.update(o for o in data.objects(None, p) if isinstance(o, URIRef))
    for p in _CLASS_AXIOM_TERMS:  # class axioms of the data: the classes and properties they name
        if p in used:
            for s, o in data.subject_objects(p):
                used.update(t for t in (s, o) if isinstance(t, URIRef))
    return {t for t in used if str(t).startswith(_CHECKED)}


def check_vocabulary(data: Graph, ontology: Graph, files: list[Path] | None = None) -> None:
    check_terms(used_terms(data), declared_terms(ontology), files)


def check_terms(used: set[URIRef], declared: set[URIRef], files: list[Path] | None = None) -> None:
    """Raise on the first used term (of our namespaces) that the ontology does not declare."""
    unknown = sorted(used - declared)
    if not unknown:
        return
    term = unknown[0]
    names = {str(t).rsplit("/", 1)[-1]: t for t in declared}
    local = str(term).rsplit("/", 1)[-1]
    close = difflib.get_close_matches(local, list(names), n=3)
    hint = ("did you mean " + " or ".join(repr(c) for c in close) + "?") if close else \
        "declare it in ontology/msckg.ttl (with rdfs:label and skos:definition) or fix the name"
    more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
    raise VocabularyError(f"term {local!r} is not in the ontology{more}",
                          where=_locate(local, files) or str(term), hint=hint)


def _locate(local: str, files: list[Path] | None) -> str | None:
    for path in files or []:
        try:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if f":{local}" in line or f"/{local}>" in line:
                    return f"{path}:{number}"
        except OSError:
            continue
    return None
