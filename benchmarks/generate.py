"""Seeded synthetic corpus shaped like the review's data, for benchmarks.

`python benchmarks/generate.py --triples 100000 --out /tmp/synth` writes a whole
project root (ontology, queries, background data, one synthetic source with its
text, layout and sentence inventory, and facts) that `msckg build` accepts:
every fact is an asserted triple with an owl:Axiom naming a sentence that stands
verbatim in the synthetic text, quantities carry QUDT units, and the shapes hold.

Each "paper" k contributes: a precursor compound, a magic-size cluster with a
composition (and for some a dopant with an amount), an isomer, a cation-exchange
product, steps between them (precursor transformation, isomerization, cation
exchange) with reagents and a condition, a layer-by-layer step to the next
paper's cluster (so routes run long), a characterization with a technique, a
CO2-reduction half-reaction with its potential, a performance figure with a rate,
and a study (experimental or computational).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from msckg.namespaces import turtle_prefixes

ROOT = Path(__file__).resolve().parents[1]

PREFIXES = turtle_prefixes()

METALS = ["Cd", "Zn"]
CHALCOGENS = ["Se", "S", "Te"]
TECHNIQUES = ["TOF-MS", "LDI-MS", "SAXS", "EXAFS", "NMR"]
TECHNIQUE_CLASS = {"TOF-MS": "MassSpectrometry", "LDI-MS": "MassSpectrometry", "SAXS": "XRayScattering",
                   "EXAFS": "XRayAbsorptionSpectroscopy", "NMR": "NMRSpectroscopy"}
PRODUCTS = [("CO", 2), ("HCOOH", 2), ("HCHO", 4), ("CH3OH", 6), ("CH4", 8)]
TRIPLES_PER_PAPER = 330  # measured on the output; used to pick the number of papers


class Writer:
    def __init__(self, key: str):
        self.key = key
        self.facts: list[str] = []
        self.labels: list[str] = []
        self.sentences: list[str] = []

    def sentence(self, text: str) -> str:
        self.sentences.append(text)
        return f"mscr:{self.key}-body-{len(self.sentences):02d}" if len(self.sentences) < 100 else \
            f"mscr:{self.key}-body-{len(self.sentences)}"

    def fact(self, s: str, p: str, o: str, sentence: str) -> None:
        self.facts.append(f"{s} {p} {o} .\n[ a owl:Axiom ; owl:annotatedSource {s} ; owl:annotatedProperty {p} ; "
                          f"owl:annotatedTarget {o} ; msc:statedIn {sentence} ] .")

    def label(self, s: str, text: str) -> None:
        self.labels.append(f'{s} a owl:NamedIndividual ; rdfs:label "{text}"@en .')


def _paper(w: Writer, k: int, papers: int, rng: random.Random) -> None:
    metal, chalcogen = rng.choice(METALS), rng.choice(CHALCOGENS)
    n = rng.choice([13, 19, 33, 34])
    s1 = w.sentence(f"Paper {k} reports that ({metal}{chalcogen}){n} cluster C{k} forms from precursor compound P{k} "
                    f"with octylamine at room temperature.")
    s2 = w.sentence(f"Paper {k} shows that C{k} isomerizes into C{k}b and exchanges cations with Cu+ to give X{k}.")
    s3 = w.sentence(f"Paper {k} characterizes C{k} by a technique that reveals its molecular mass.")
    s4 = w.sentence(f"Paper {k} reports a CO2 reduction half-reaction with its potential and a production rate.")
    s5 = w.sentence(f"Paper {k} grows C{k} layer by layer into the next cluster of its series.")
    p, c, cb, x = f"mscr:P{k}", f"mscr:C{k}", f"mscr:C{k}b", f"mscr:X{k}"
    for iri, label in ((p, f"P{k} precursor compound"), (c, f"({metal}{chalcogen}){n} C{k}"),
                       (cb, f"C{k} isomer"), (x, f"X{k} exchange product")):
        w.label(iri, label)
    w.fact(p, "rdf:type", "msc:PrecursorCompound", s1)
    w.fact(c, "rdf:type", "msc:MagicSizeCluster", s1)
    w.fact(cb, "rdf:type", "msc:MagicSizeCluster", s2)
    w.fact(x, "rdf:type", "msc:Nanocluster", s2)
    for iri in (p, c, cb):
        w.fact(iri, "msc:hasMetalElement", f"mscr:{metal}", s1)
        w.fact(iri, "msc:hasChalcogenElement", f"mscr:{chalcogen}", s1)
    w.fact(c, "msc:formulaUnitCount", str(n), s1)
    w.fact(x, "msc:hasMetalElement", "mscr:Cu", s2)
    if rng.random() < 0.3:
        q = f"mscr:C{k}-dopant-amount"
        w.label(q, f"dopant amount of C{k}")
        w.fact(c, "msc:hasDopant", "mscr:Mn2plus", s1)
        w.fact(c, "msc:hasDopantAmount", q, s1)
        w.fact(q, "rdf:type", "qudt:QuantityValue", s1)
        w.fact(q, "msc:minValue", "0.0", s1)
        w.fact(q, "msc:maxValue", "2.0", s1)
        w.fact(q, "qudt:hasUnit", "unit:NUM", s1)
        w.fact(q, "qudt:hasQuantityKind", "quantitykind:Count", s1)
        role = f"mscr:C{k}-Mn2plus-dopant-role"  # model v2: the dopant's role in this cluster
        w.label(role, f"Mn2+ as dopant in C{k}")
        w.fact(role, "rdf:type", "msc:DopantRole", s1)
        w.fact("mscr:Mn2plus", "obo:RO_0000087", role, s1)
        w.fact(role, "msc:roleInContext", c, s1)
    steps = [(f"mscr:S{k}a", "PrecursorCompoundTransformation", p, c, s1),
             (f"mscr:S{k}b", "Isomerization", c, cb, s2),
             (f"mscr:S{k}c", "CationExchange", c, x, s2)]
    if k + 1 < papers and (k + 1) % 9:  # growth series of up to nine clusters, as in the review
        steps.append((f"mscr:S{k}d", "LayerByLayerGrowth", c, f"mscr:C{k + 1}", s5))
    for step, kind, source, target, sentence in steps:
        w.label(step, f"{kind} {step[5:]}")
        w.fact(step, "rdf:type", f"msc:{kind}", sentence)
        w.fact(step, "msc:hasInput", source, sentence)
        w.fact(step, "msc:hasOutput", target, sentence)
        w.fact(step, "msc:usesReagent", "mscr:octylamine" if kind != "CationExchange" else "mscr:Cuplus",
               sentence)
        if rng.random() < 0.8:
            w.fact(step, "msc:hasCondition", "mscr:room-temperature", sentence)
    ch = f"mscr:Char{k}"
    w.label(ch, f"characterization of C{k}")
    w.fact(ch, "rdf:type", "msc:Characterization", s3)
    w.fact(ch, "msc:usesTechnique", f"mscr:{rng.choice(TECHNIQUES)}", s3)
    w.fact(ch, "msc:characterizes", c, s3)
    w.fact(ch, "msc:reveals", "mscr:molecular-mass", s3)
    w.fact(ch, "msc:isInSitu", "true", s3)
    product, electrons = rng.choice(PRODUCTS)
    r, e0, pf, rate = f"mscr:R{k}", f"mscr:R{k}-E0", f"mscr:PF{k}", f"mscr:PF{k}-rate"
    for iri, label in ((r, f"CO2 to {product} ({k})"), (e0, f"E0 of R{k}"), (pf, f"performance {k}"),
                       (rate, f"rate {k}")):
        w.label(iri, label)
    w.fact(r, "rdf:type", "msc:ReductionHalfReaction", s4)
    w.fact(r, "msc:hasReactant", "mscr:CO2", s4)
    w.fact(r, "msc:hasTargetProduct", f"mscr:{product}", s4)
    w.fact(r, "msc:electronsTransferred", str(electrons), s4)
    w.fact(r, "msc:hasStandardPotential", e0, s4)
    w.fact(e0, "rdf:type", "qudt:QuantityValue", s4)
    w.fact(e0, "qudt:numericValue", f"{-rng.uniform(0.2, 1.9):.2f}", s4)
    w.fact(e0, "qudt:hasUnit", "unit:V", s4)
    w.fact(e0, "qudt:hasQuantityKind", "quantitykind:ElectricPotential", s4)
    w.fact(pf, "rdf:type", "msc:CatalyticPerformance", s4)
    w.fact(pf, "msc:hasCatalyst", c, s4)
    w.fact(pf, "msc:measuredFor", f"mscr:{product}", s4)
    w.fact(pf, "msc:hasRate", rate, s4)
    w.fact(rate, "rdf:type", "qudt:QuantityValue", s4)
    w.fact(rate, "qudt:numericValue", f"{rng.uniform(1, 6000):.1f}", s4)
    w.fact(rate, "qudt:hasUnit", "unit:MicroMOL-PER-GM-HR", s4)
    w.fact(rate, "qudt:hasQuantityKind", "quantitykind:BiogeochemicalRate", s4)
    st = f"mscr:ST{k}"
    w.label(st, f"study {k}")
    w.fact(st, "rdf:type", "msc:ComputationalStudy" if rng.random() < 0.3 else "msc:ExperimentalStudy", s3)
    w.fact(c, "msc:studiedIn", st, s3)


def _shared(w: Writer) -> None:
    s = w.sentence("Shared species of the synthetic corpus are carbon dioxide, its products, octylamine and Cu+.")
    for iri, label, cls in (("CO2", "CO2", "Molecule"), ("CO", "CO", "Molecule"), ("HCOOH", "HCOOH", "Molecule"),
                            ("HCHO", "HCHO", "Molecule"), ("CH3OH", "CH3OH", "Molecule"), ("CH4", "CH4", "Molecule"),
                            ("octylamine", "octylamine", "PrimaryAmine"), ("Cuplus", "Cu+", "Ion"),
                            ("Mn2plus", "Mn2+", "Ion"), ("room-temperature", "room temperature", "Condition"),
                            ("molecular-mass", "molecular mass", "CompositionProperty")):
        w.label(f"mscr:{iri}", label)
        w.fact(f"mscr:{iri}", "rdf:type", f"msc:{cls}", s)
    # Te is named in the copied elements.ttl (one rdfs:label per language: a second one is refused)
    for element in ("Zn", "Cd", "S", "Se", "Mn", "Co", "Cu", "Ag", "Au", "Ti", "Mo"):
        w.label(f"mscr:{element}", element)
    for t, cls in TECHNIQUE_CLASS.items():
        w.label(f"mscr:{t}", t)
        w.fact(f"mscr:{t}", "rdf:type", f"msc:{cls}", s)


def refresh(out: Path) -> None:
    """Replace a generated root's ontology and queries by the project's own (the data stay): a corpus
    generated before a change of the shapes or the queries is measured with today's."""
    for name in ("ontology", "queries"):
        shutil.rmtree(out / name, ignore_errors=True)
        shutil.copytree(ROOT / name, out / name)


def generate(out: Path, triples: int, seed: int = 1) -> Path:
    """Write a synthetic project root of about `triples` data triples; returns out."""
    rng = random.Random(seed)
    papers = max(1, triples // TRIPLES_PER_PAPER)
    if out.exists():
        shutil.rmtree(out)
    for name in ("ontology", "queries"):
        shutil.copytree(ROOT / name, out / name)
    (out / "data" / "background").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "background" / "elements.ttl", out / "data" / "background")
    key = f"synth{seed}"
    w = Writer(key)
    _shared(w)
    for k in range(papers):
        _paper(w, k, papers, rng)
    source = out / "data" / "sources" / key
    source.mkdir(parents=True)
    (source / "fulltext.txt").write_text("\n".join(w.sentences) + "\n", encoding="utf-8")
    (source / "layout.toml").write_text(
        f'[source]\niri = "https://w3id.org/msckg/resource/{key}"\nkey = "{key}"\ntext = "fulltext.txt"\n\n'
        f'[[part]]\nid = "body"\ntitle = "Synthetic body"\nlines = [[1, {len(w.sentences)}]]\nkind = "table"\n',
        encoding="utf-8")
    facts = out / "data" / key
    facts.mkdir(parents=True)
    records = [f'mscr:{key} a owl:NamedIndividual , msc:Review ; rdfs:label "synthetic corpus {seed}"@en .',
               f'mscr:{key}-body a owl:NamedIndividual , msc:DocumentPart ; rdfs:label "Synthetic body"@en .']
    for i, text in enumerate(w.sentences, 1):
        iri = f"mscr:{key}-body-{i:02d}" if i < 100 else f"mscr:{key}-body-{i}"
        records.append(f'{iri} a owl:NamedIndividual , msc:SourceSentence ; prov:value "{text}" ; '
                       f'msc:inSection mscr:{key}-body ; prov:wasQuotedFrom mscr:{key} .')
    (facts / "sentences.ttl").write_text(PREFIXES + "\n".join(records) + "\n", encoding="utf-8")
    (facts / "facts.ttl").write_text(PREFIXES + "\n".join(w.labels) + "\n" + "\n".join(w.facts) + "\n",
                                     encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, required=True, help="approximate number of data triples")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the project root into")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.triples, args.seed)
    print(args.out)


if __name__ == "__main__":
    main()
