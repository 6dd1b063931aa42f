"""Figures that describe a built graph: sizes, classes, individuals, facts per source."""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from msckg.build.pipeline import BuiltGraph
from msckg.namespaces import MSC, MSCR
from msckg.build.provenance import RECORD_CLASSES


def _local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


def summarize(built: BuiltGraph) -> dict:
    asserted, inferred, ontology = built.asserted, built.inferred, built.ontology
    individuals: Counter[str] = Counter()
    for s, o in asserted.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(s).startswith(str(MSCR)) and o not in RECORD_CLASSES \
                and o != OWL.NamedIndividual and o != OWL.Axiom and isinstance(o, URIRef):
            # (not the restrictions that type an individual by a kind it names, model v2)
            individuals[_local(o)] += 1
    inferred_types: Counter[str] = Counter()
    for s, o in inferred.subject_objects(RDF.type):
        if o not in (OWL.Axiom, OWL.NamedIndividual, MSC.Derivation) and isinstance(o, URIRef):
            inferred_types[_local(o)] += 1
    per_reference: Counter[str] = Counter()
    per_section: Counter[str] = Counter()
    for fact in built.inputs.facts:
        for ref in fact.references:
            number = asserted.value(ref, MSC.referenceNumber)
            per_reference[f"ref. {number}" if number is not None else _local(ref)] += 1
        sections = {asserted.value(s, MSC.inSection) for s in fact.sentences}
        for section in sections:
            per_section[_local(section) if section is not None else "background"] += 1
    derived_axioms = sum(1 for _ in inferred.subjects(RDF.type, OWL.Axiom))
    return {
        "triples": {"ontology": len(ontology), "asserted": len(asserted), "inferred": len(inferred),
                    "mappings": len(built.mappings), "findings": len(built.findings),
                    "total": len(ontology) + len(asserted) + len(inferred) + len(built.mappings)
                    + len(built.findings)},
        "classes": sum(1 for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)),
        "object_properties": sum(1 for _ in ontology.subjects(RDF.type, OWL.ObjectProperty)),
        "datatype_properties": sum(1 for _ in ontology.subjects(RDF.type, OWL.DatatypeProperty)),
        "facts": len(built.inputs.facts),
        "inferred_facts": derived_axioms,
        "derivations": [d.label for d in built.derivations],
        "individuals_per_class": dict(sorted(individuals.items())),
        "inferred_types_per_class": dict(sorted(inferred_types.items())),
        "facts_per_reference": dict(sorted(per_reference.items(),
                                           key=lambda kv: (int(kv[0].split()[-1]) if kv[0].startswith("ref.") else 10**6, kv[0]))),
        "facts_per_section": dict(sorted(per_section.items())),
    }


def format_summary(summary: dict, verbose: bool = False) -> str:
    """A few lines a newcomer reads; with verbose every count per class, section and reference."""
    t = summary["triples"]
    lines = [
        f"triples: {t['total']} (ontology {t['ontology']}, asserted {t['asserted']}, inferred {t['inferred']}, "
        f"mappings {t['mappings']}, findings {t.get('findings', 0)})",
        f"classes: {summary['classes']}, object properties: {summary['object_properties']}, "
        f"datatype properties: {summary['datatype_properties']}",
        f"facts: {summary['facts']} asserted with sources, {summary['inferred_facts']} inferred "
        f"({'; '.join(summary['derivations'])})",
    ]
    if not verbose:
        biggest = sorted(summary["individuals_per_class"].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        lines.append("most individuals: " + ", ".join(f"{name} {n}" for name, n in biggest))
        lines.append(f"facts from {len(summary['facts_per_section'])} sections and "
                     f"{len(summary['facts_per_reference'])} cited references "
                     "(build --verbose, or build/summary.json, lists every count)")
        return "\n".join(lines)
    lines.append("individuals per class (asserted):")
    lines += [f"  {name}: {n}" for name, n in summary["individuals_per_class"].items()]
    lines.append("individuals per class (inferred types):")
    lines += [f"  {name}: {n}" for name, n in summary["inferred_types_per_class"].items()]
    lines.append("facts per section:")
    lines += [f"  {name}: {n}" for name, n in summary["facts_per_section"].items()]
    lines.append("facts per cited reference:")
    lines += [f"  {name}: {n}" for name, n in summary["facts_per_reference"].items()]
    return "\n".join(lines)
