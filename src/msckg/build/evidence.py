"""Source sentences as RDF: the records every fact's provenance points at.

Each sentence of a source becomes an ``msc:SourceSentence`` individual with its
verbatim text (``prov:value``), its part (``msc:inSection``) and position.
The inventory is generated once per source into ``data/<source>/sentences.ttl``
and checked against the source text on every build, so a record can never
quote what the source does not say.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from msckg.errors import ProvenanceError
from msckg.namespaces import MSC, MSCR, bind_prefixes
from msckg.build.sourcetext import Source, join_lines, normalize, part_lines, sentences


def sentence_iri(source_key: str, part: str, index: int) -> URIRef:
    return MSCR[f"{source_key}-{part}-{index:02d}"]


def part_iri(source_key: str, part: str) -> URIRef:
    return MSCR[f"{source_key}-{part}"]


def reference_iri(source_key: str, number: int) -> URIRef:
    return MSCR[f"{source_key}-ref{number}"]


_CITATION = re.compile(r"(?<=[A-Za-z.,)’])(\d{1,2}(?:[–,]\d{1,2})*)(?=[\s.,;)]|$)")


def cited_numbers(text: str, highest: int) -> list[int]:
    """Reference numbers glued to words as superscripts ("concern.1–3")."""
    numbers: set[int] = set()
    for match in _CITATION.finditer(text):
        for chunk in match.group(1).split(","):
            bounds = [int(x) for x in chunk.split("–") if x]
            if len(bounds) == 2 and bounds[0] < bounds[1] <= highest:
                numbers.update(range(bounds[0], bounds[1] + 1))
            elif len(bounds) == 1 and 1 <= bounds[0] <= highest:
                numbers.add(bounds[0])
    return sorted(numbers)


def inventory_graph(source: Source, highest_reference: int) -> Graph:
    """The sentence, part and reference records of one source."""
    g = bind_prefixes(Graph())
    doc = URIRef(source.iri)
    for part in source.parts:
        p = part_iri(source.key, part.id)
        g.add((p, RDF.type, OWL.NamedIndividual))
        g.add((p, RDF.type, MSC.DocumentPart))
        g.add((p, RDFS.label, Literal(part.title, lang="en")))
        g.add((p, DCTERMS.isPartOf, doc))
    for s in sentences(source):
        iri = sentence_iri(s.source, s.part, s.index)
        g.add((iri, RDF.type, OWL.NamedIndividual))
        g.add((iri, RDF.type, MSC.SourceSentence))
        g.add((iri, RDFS.label, Literal(f"{source.key} {s.part} sentence {s.index}", lang="en")))
        g.add((iri, PROV.value, Literal(s.text)))
        g.add((iri, MSC.inSection, part_iri(source.key, s.part)))
        g.add((iri, MSC.sentenceIndex, Literal(s.index, datatype=XSD.integer)))
        g.add((iri, PROV.wasQuotedFrom, doc))
    for n in range(1, highest_reference + 1):
        ref = reference_iri(source.key, n)
        g.add((ref, RDF.type, OWL.NamedIndividual))
        g.add((ref, RDF.type, MSC.CitedReference))
        g.add((ref, RDFS.label, Literal(f"ref. {n} of {source.key}", lang="en")))
        g.add((ref, MSC.referenceNumber, Literal(n, datatype=XSD.integer)))
        g.add((ref, DCTERMS.isReferencedBy, doc))
    return g


def check_quotes(graph: Graph, sources: dict[str, Source]) -> None:
    """Every source sentence's text must stand in its source, verbatim."""
    texts = {
        part_iri(s.key, part.id): normalize(join_lines(part_lines(s, part)))
        for s in sources.values() for part in s.parts
    }
    # whole sentences as the inventory cut them: a set lookup instead of a search through
    # the part, which grew with the text times the number of quotes on long sources
    whole = {(part_iri(sen.source, sen.part), normalize(sen.text))
             for s in sources.values() for sen in sentences(s)}
    for sentence in sorted(graph.subjects(RDF.type, MSC.SourceSentence)):
        quoted = graph.value(sentence, PROV.value)
        part = graph.value(sentence, MSC.inSection)
        if quoted is None or part is None:
            raise ProvenanceError("source sentence lacks prov:value or msc:inSection",
                                  where=str(sentence),
                                  hint="regenerate the inventory with 'msckg sentences'")
        if part not in texts:
            raise ProvenanceError(f"source sentence stands in {part}, which no source layout defines",
                                  where=str(sentence),
                                  hint="add data/sources/<key>/ with fulltext.txt and layout.toml")
        text = normalize(str(quoted))
        if (part, text) not in whole and text not in texts[part]:
            raise ProvenanceError("source sentence text is not in the source text verbatim",
                                  where=str(sentence),
                                  hint="copy the sentence from the source text exactly")
