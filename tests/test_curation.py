"""The curation format: a source written as tables by hand builds without touching code.

Every sentence below is made up for the test (a fictitious paper, "demo2024"); no sentence of a
real paper appears in the tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import OWL, PROV, RDF

from msckg.build.fingerprint import find_fingerprints, fingerprint, normalise_sentence
from msckg.build.inputs import load_inputs
from msckg.build.pipeline import build
from msckg.errors import MsckgError
from msckg.namespaces import MSC, MSCR, QUDT
from msckg.paths import Layout, project_layout
from tests.helpers import run_cli

# A fictitious abstract, as a reader's copy might render it (U+2010 hyphens, a space before a comma).
DEMO_TEXT = (
    "Demo clusters are made in a flask.\n"
    "The ZnTe cluster shows a sharp absorption peak at 318 nm and is named ZnTe MSC\u2010318.\n"
    "Heating it with water gives the (CdSe)13 cluster , we claim.\n"
    "This last sentence of the abstract was cut off by the page after these words and goes on.\n"
)
S2 = "The ZnTe cluster shows a sharp absorption peak at 318 nm and is named ZnTe MSC-318."
S3 = "Heating it with water gives the (CdSe)13 cluster, we claim."
S4_FRAGMENT = "This last sentence of the abstract was cut off"

SOURCE_YAML = """\
key: demo2024
kind: cited
doi: 10.9999/demo.2024.1
title: A made-up paper for the tests
authors:
  - Ada Example
year: 2024
journal: Journal of Examples
licence:
notes:
  - Licence not stated; cited.
"""


def tsv(*rows: str) -> str:
    return "\n".join(row.replace(" | ", "\t") for row in rows) + "\n"


def demo_files() -> dict[str, str]:
    return {
        "source.yaml": SOURCE_YAML,
        "sentences.tsv": tsv(
            "# a comment line",
            "locator | fingerprint | partial | paraphrase | not_fact_bearing | note",
            f"abstract S2 | {fingerprint(S2)} | no | The ZnTe cluster absorbs at 318 nm. |  | ",
            f"abstract S3 | {fingerprint(S3)} | no | Warming in water yields (CdSe)13. |  | ",
            f"abstract S4 | {fingerprint(S4_FRAGMENT)} | yes |  | a fragment | "),
        "entities.tsv": tsv(
            "id | label | class | formula | composition | alt_labels | evidence | distinct_from | note",
            "ZnTe-MSC-318 | ZnTe MSC-318 | msc:MagicSizeCluster |  | ZnTe | MSC-318 | abstract S2 |  | ",
            "CdSe13 | (CdSe)13 |  |  |  |  |  |  | ",
            "demo-heating | heating of ZnTe MSC-318 in water | msc:Transformation |  |  |  | abstract S3 |  | "),
        "facts.tsv": tsv(
            "subject | property | object | value | unit | evidence | references | note",
            "ZnTe-MSC-318 | msc:hasAbsorptionPeak |  | 318 | unit:NanoM | abstract S2 |  | sharp",
            "demo-heating | msc:hasInput | ZnTe-MSC-318 |  |  | abstract S3 |  | ",
            "demo-heating | msc:hasOutput | CdSe13 |  |  | abstract S3 |  | the authors claim it"),
    }


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A temporary copy of the project (ontology, data, queries) to write a new source into."""
    source = project_layout().root
    root = tmp_path / "project"
    for part in ("ontology", "data", "queries"):
        shutil.copytree(source / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def write_demo(root: Path, **changes: str) -> Path:
    folder = root / "data" / "demo2024"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**demo_files(), **changes}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- fingerprints

def test_normalisation_absorbs_dash_quote_and_comma_variants():
    assert normalise_sentence("MSC\u2010318 and II\u2212VI") == normalise_sentence("MSC-318 and II-VI")
    assert fingerprint("CdCl2 , then") == fingerprint("CdCl2, then")
    assert fingerprint("\u201cpaired\u201d  clusters ") == fingerprint('"Paired" clusters')
    assert fingerprint("one sentence.") != fingerprint("another sentence.")


def test_fingerprints_are_found_in_a_readers_copy():
    found = find_fingerprints(DEMO_TEXT, {fingerprint(S2), fingerprint(S3), fingerprint(S4_FRAGMENT)},
                              partial={fingerprint(S4_FRAGMENT)})
    assert set(found) == {fingerprint(S2), fingerprint(S3), fingerprint(S4_FRAGMENT)}
    assert found[fingerprint(S4_FRAGMENT)].partial
    assert fingerprint("A sentence the text does not have.") not in find_fingerprints(
        DEMO_TEXT, {fingerprint("A sentence the text does not have.")})


# --------------------------------------------------------------------------- a new source

def test_a_source_written_by_hand_builds_without_touching_code(project: Path):
    write_demo(project)
    built = build(Layout(project), reasoner="rl")
    data = built.asserted
    cluster = MSCR["ZnTe-MSC-318"]
    # the class, the composition and the quantity are facts with the cited sentence as evidence
    assert (cluster, RDF.type, MSC.MagicSizeCluster) in data
    assert (cluster, MSC.hasMetalElement, MSCR["Zn"]) in data
    assert (cluster, MSC.hasChalcogenElement, MSCR["Te"]) in data
    peak = data.value(cluster, MSC.hasAbsorptionPeak)
    assert data.value(peak, QUDT.numericValue).toPython() == 318
    axioms = [ax for ax in data.subjects(OWL.annotatedSource, cluster)
              if data.value(ax, OWL.annotatedProperty) == MSC.hasAbsorptionPeak]
    evidence = data.value(axioms[0], MSC.statedIn)
    assert evidence == MSCR["demo2024-abstract-S2"]
    assert (evidence, RDF.type, MSC.CitedSentence) in data
    assert data.value(evidence, PROV.value) is None  # the text is not held
    assert str(data.value(axioms[0], MSC.interpretationNote)) == "sharp"
    # joined to the review's (CdSe)13: one node with both sources' facts
    step = MSCR["demo-heating"]
    assert (step, MSC.hasOutput, MSCR["CdSe13"]) in data
    assert (MSCR["CdSe13"], RDF.type, MSC.MagicSizeCluster) in data  # the review's fact stays
    # and the reasoner sees it (OWL 2 RL: the inverse of the step's output)
    assert (MSCR["CdSe13"], MSC.isOutputOf, step) in built.inferred
    assert (MSCR["demo2024"], MSC.textHeld, Literal(False)) in data


def test_new_source_writes_a_template_that_builds(project: Path):
    result = run_cli("new-source", "demo2025", "--doi", "10.9999/x.1", root=project)
    assert result.returncode == 0, result.stderr
    folder = project / "data" / "demo2025"
    assert sorted(p.name for p in folder.iterdir()) == ["entities.tsv", "facts.tsv", "sentences.tsv",
                                                       "source.yaml"]
    assert "doi: 10.9999/x.1" in (folder / "source.yaml").read_text()
    assert (folder / "facts.tsv").read_text().startswith("#")
    inputs = load_inputs(Layout(project))  # an empty template is a valid source
    assert inputs.cited_keys.count("demo2025") == 1
    again = run_cli("new-source", "demo2025", root=project)
    assert again.returncode == 2 and "folder exists already" in again.stderr


# --------------------------------------------------------------------------- errors name file and row

FACTS_HEADER = "subject | property | object | value | unit | evidence | references | note"


@pytest.mark.parametrize("row, message", [
    ("ZnTe-MSC-318 | msc:hasAbsorbtionPeak |  | 318 | unit:NanoM | abstract S2 |  | ",
     "property 'msc:hasAbsorbtionPeak' is not an object or data property"),
    ("ZnTe-MSC-318 | msc:hasAbsorptionPeak |  | 318 | unit:NanoM | abstract S9 |  | ",
     "evidence 'abstract S9' is not a locator"),
    ("ZnTe-MSC-31 | msc:hasAbsorptionPeak |  | 318 | unit:NanoM | abstract S2 |  | ",
     "subject 'ZnTe-MSC-31' is not an entity"),
    ("ZnTe-MSC-318 | msc:hasAbsorptionPeak |  | 318 | unit:NanoMetre | abstract S2 |  | ",
     "unit 'unit:NanoMetre' is not declared"),
    ("ZnTe-MSC-318 | msc:hasAbsorptionPeak | CdSe13 | 318 |  | abstract S2 |  | ",
     "give either object (an entity) or value"),
    # a sentence marked as stating no fact (sentences.tsv line 5, "a fragment") is no evidence
    ("ZnTe-MSC-318 | msc:hasAbsorptionPeak |  | 318 | unit:NanoM | abstract S4 |  | ",
     "evidence 'abstract S4' is marked not fact-bearing at {folder}/sentences.tsv:5 ('a fragment')"),
])
def test_a_bad_fact_row_is_named_by_file_and_line(project: Path, row: str, message: str):
    folder = write_demo(project, **{"facts.tsv": tsv("# facts", FACTS_HEADER,
                                                     "demo-heating | msc:hasInput | ZnTe-MSC-318 |  |  | abstract S3 |  | ",
                                                     row)})
    with pytest.raises(MsckgError) as err:
        load_inputs(Layout(project))
    assert str(err.value).startswith(f"{folder / 'facts.tsv'}:4: {message.format(folder=folder)}")


ENTITIES_HEADER = "id | label | class | formula | composition | alt_labels | evidence | distinct_from | note"


def test_an_msc_without_its_composition_in_the_name_is_refused(project: Path):
    folder = write_demo(project, **{"entities.tsv": tsv(
        ENTITIES_HEADER,
        "MSC-318 | MSC-318 | msc:MagicSizeCluster |  | ZnTe |  | abstract S2 |  | ",
        "demo-heating | heating | msc:Transformation |  |  |  | abstract S3 |  | "),
        "facts.tsv": tsv(FACTS_HEADER)})
    with pytest.raises(MsckgError) as err:
        load_inputs(Layout(project))
    assert str(err.value).startswith(f"{folder / 'entities.tsv'}:2: MSC id 'MSC-318' does not carry its "
                                     "composition ZnTe")


def test_a_likely_duplicate_fails_until_joined_or_marked_distinct(project: Path):
    duplicate = "CdSe13-again | (CdSe)13 | msc:MagicSizeCluster |  | CdSe |  | abstract S3 | {} | {}"
    folder = write_demo(project, **{"entities.tsv": tsv(ENTITIES_HEADER, duplicate.format("", "")),
                                    "facts.tsv": tsv(FACTS_HEADER)})
    with pytest.raises(MsckgError) as err:
        load_inputs(Layout(project))
    assert str(err.value).startswith(f"{folder / 'entities.tsv'}:2: entity 'CdSe13-again' is likely the "
                                     "same species as mscr:CdSe13 (shared name '(cdse)13'")
    write_demo(project, **{"entities.tsv": tsv(ENTITIES_HEADER, duplicate.format(
        "CdSe13", "a made-up second cluster of that name")), "facts.tsv": tsv(FACTS_HEADER)})
    inputs = load_inputs(Layout(project))
    assert [c.status for c in inputs.reconciliation
            if str(c.entity).endswith("CdSe13-again")] == ["marked distinct"]


def test_a_bad_source_yaml_is_named_by_line(project: Path):
    folder = write_demo(project, **{"source.yaml": SOURCE_YAML.replace("kind: cited", "kind: quoted")})
    with pytest.raises(MsckgError) as err:
        load_inputs(Layout(project))
    assert str(err.value).startswith(f"{folder / 'source.yaml'}:2: kind must be one of cited, held")


# --------------------------------------------------------------------------- held sources (migration path)

def test_a_held_source_cites_its_inventory_sentences_and_references(project: Path):
    """The format the review's Turtle could migrate to: evidence by sentence key, references by number."""
    folder = project / "data" / "li2023"
    (folder / "source.yaml").write_text("key: li2023\nkind: held\ndoi: 10.1039/d3ey00106g\n"
                                        "label: Li et al. 2023, A review of II–VI semiconductor nanoclusters "
                                        "for photocatalytic CO2 conversion\n", encoding="utf-8")
    (folder / "entities.tsv").write_text(tsv(ENTITIES_HEADER), encoding="utf-8")
    (folder / "facts.tsv").write_text(tsv(
        FACTS_HEADER, "CdSe13 | msc:description |  | a cluster the review names |  | sec1-08 | 22 | "),
        encoding="utf-8")
    data = load_inputs(Layout(project)).data
    axioms = [ax for ax in data.subjects(OWL.annotatedSource, MSCR["CdSe13"])
              if data.value(ax, OWL.annotatedTarget) == Literal("a cluster the review names")]
    assert data.value(axioms[0], MSC.statedIn) == MSCR["li2023-sec1-08"]
    assert data.value(axioms[0], MSC.supportedByReference) == MSCR["li2023-ref22"]


# --------------------------------------------------------------------------- check-quotes with a reader's copy

def test_check_quotes_with_a_readers_copy(project: Path, tmp_path: Path):
    write_demo(project)
    copy = tmp_path / "my-copy.txt"
    copy.write_text(DEMO_TEXT, encoding="utf-8")
    result = run_cli("check-quotes", "--source", "demo2024", "--text", str(copy), root=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 of 3 sentences of demo2024 found" in result.stdout
    assert "ok      abstract S4 (opening fragment)" in result.stdout
    copy.write_text(DEMO_TEXT.replace("318 nm", "320 nm"), encoding="utf-8")
    result = run_cli("check-quotes", "--source", "demo2024", "--text", str(copy), root=project)
    assert result.returncode == 1
    assert "MISSING abstract S2" in result.stdout
