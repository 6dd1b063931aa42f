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


@dataclass
class CitedCoverage:
    """A cited source's sentences (locators): used as evidence, marked not fact-bearing, unused."""
    source: str
    used: list[str] = field(default_factory=list)
    marked: dict[str, str] = field(default_factory=dict)  # locator -> reason
    unused: list[tuple[str, str]] = field(default_factory=list)  # (locator, paraphrase)

    @property
    def total(self) -> int:
        return len(self.used) + len(self.marked) + len(self.unused)


def cited_coverage(data: Graph, source_key: str) -> CitedCoverage:
    """Coverage of a cited source by the locators its facts use (its text is not held)."""
    from rdflib.namespace import DCTERMS

    from msckg.namespaces import MSCR

    cited = {s for ax in data.subjects(RDF.type, OWL.Axiom) for s in data.objects(ax, MSC.statedIn)}
    result = CitedCoverage(source_key)
    records = [r for r in data.subjects(DCTERMS.isPartOf, MSCR[source_key])
               if (r, RDF.type, MSC.CitedSentence) in data]
    for record in sorted(records, key=_locator_order(data)):
        locator = str(data.value(record, MSC.locator))
        if record in cited:
            result.used.append(locator)
        elif data.value(record, MSC.notFactBearingReason) is not None:
            result.marked[locator] = str(data.value(record, MSC.notFactBearingReason))
        else:
            result.unused.append((locator, str(data.value(record, MSC.curatorParaphrase) or "")))
    return result


def _locator_order(data: Graph):
    import re

    def key(record):
        locator = str(data.value(record, MSC.locator))
        return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", locator)]
    return key
