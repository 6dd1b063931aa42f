"""Ontology and data conventions, as tests: labels, definitions, metadata, sources."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from msckg.namespaces import MSC, MSCR, ONTOLOGY_IRI
from msckg.build.provenance import RECORD_CLASSES


def _terms(ontology):
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in ontology.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and str(term).startswith(str(MSC)):
                yield term


def test_every_class_and_property_has_an_english_label_and_a_definition(built):
    missing = [str(t) for t in _terms(built.ontology)
               if not any(l.language == "en" for l in built.ontology.objects(t, RDFS.label))
               or built.ontology.value(t, SKOS.definition) is None]
    assert missing == []


def test_ontology_has_title_licence_version_creators_and_source(built):
    onto = URIRef(ONTOLOGY_IRI)
    g = built.ontology
    assert (onto, RDF.type, OWL.Ontology) in g
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, DCTERMS.source,
                 OWL.versionIRI):
        assert g.value(onto, prop) is not None, prop
    assert "CC BY 3.0" in str(g.value(onto, DCTERMS.bibliographicCitation))


def test_every_individual_has_a_label_and_a_source(built):
    data = built.asserted
    records = {s for c in RECORD_CLASSES for s in data.subjects(RDF.type, c)}
    sourced = {f.triple[0] for f in built.inputs.facts}
    individuals = {s for s in data.subjects(RDF.type, OWL.NamedIndividual)
                   if str(s).startswith(str(MSCR)) and s not in records}
    unlabelled = sorted(str(i) for i in individuals if data.value(i, RDFS.label) is None)
    unsourced = sorted(str(i) for i in individuals if i not in sourced)
    assert unlabelled == []
    assert unsourced == []


def test_every_fact_names_a_sentence_of_the_review_or_a_background_document(built):
    data = built.asserted
    for fact in built.inputs.facts:
        assert fact.sentences
        for sentence in fact.sentences:
            # a quoted sentence (held source), a cited paper's sentence (locator and fingerprint,
            # no text), or a document
            assert (sentence, RDF.type, MSC.SourceSentence) in data or \
                   (sentence, RDF.type, MSC.CitedSentence) in data or \
                   (sentence, RDF.type, MSC.Document) in data


def test_every_quoted_sentence_carries_text_section_and_document(built):
    data = built.asserted
    for sentence in data.subjects(RDF.type, MSC.SourceSentence):
        assert data.value(sentence, PROV.value)
        assert data.value(sentence, MSC.inSection) is not None
        assert data.value(sentence, PROV.wasQuotedFrom) == MSCR.li2023
