"""Which sentences of a source are quoted as evidence, marked not fact-bearing, or neither."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import OWL, PROV, RDF

from msckg.build.evidence import sentence_iri
from msckg.namespaces import MSC
from msckg.build.sourcetext import Source, normalize, sentences

# The parts the coverage aim counts (sections 2-5 must reach AIM of sentences covered by facts).
AIM_PARTS = ("sec2", "sec3", "sec4", "sec5")
AIM = 0.90


@dataclass
class PartCoverage:
    part: str
    title: str
    covered: list[str] = field(default_factory=list)
    marked: dict[str, str] = field(default_factory=dict)  # sentence -> reason
    uncovered: list[tuple[str, str]] = field(default_factory=list)  # (sentence, text)

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.marked) + len(self.uncovered)


def coverage(data: Graph, source: Source) -> list[PartCoverage]:
    cited = {s for ax in data.subjects(RDF.type, OWL.Axiom) for s in data.objects(ax, MSC.statedIn)}
    by_text = {}
    for record in data.subjects(RDF.type, MSC.SourceSentence):
        text = data.value(record, PROV.value)
        part = data.value(record, MSC.inSection)
        if text is not None:
            by_text[(str(part), normalize(str(text)))] = record
    report: dict[str, PartCoverage] = {p.id: PartCoverage(p.id, p.title) for p in source.parts}
    for s in sentences(source):
        from msckg.build.evidence import part_iri

        record = by_text.get((str(part_iri(source.key, s.part)), normalize(s.text)))
        key = s.key
        entry = report[s.part]
        if record is not None and record in cited:
            entry.covered.append(key)
        elif record is not None and data.value(record, MSC.notFactBearingReason) is not None:
            entry.marked[key] = str(data.value(record, MSC.notFactBearingReason))
        else:
            entry.uncovered.append((key, s.text))
    return list(report.values())


def aim_ratio(parts: list[PartCoverage]) -> float:
    chosen = [p for p in parts if p.part in AIM_PARTS]
    total = sum(p.total for p in chosen)
    return sum(len(p.covered) for p in chosen) / total if total else 0.0
