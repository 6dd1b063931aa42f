"""Bad input gives one clear message and a non-zero exit, and leaves build/ untouched."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from msckg.namespaces import turtle_prefixes
from tests.helpers import run_cli

HEADER = turtle_prefixes()


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(layout, tmp_path) -> Path:
    """A copy of the project's inputs, with a previous build/ to protect."""
    root = tmp_path / "project"
    for name in ("ontology", "data", "queries"):
        shutil.copytree(layout.root / name, root / name)
    previous = root / "build"
    previous.mkdir()
    (previous / "msckg.ttl").write_text("# the previous build\n")
    return root


def _build(root: Path, *extra: str):
    before = _snapshot(root / "build")
    result = run_cli("build", *extra, root=root, build_dir=root / "build")
    assert _snapshot(root / "build") == before, "build/ changed after a failed build"
    assert not [p for p in root.iterdir() if p.name.startswith(".build")], "staging left behind"
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_malformed_turtle_names_file_and_line(project):
    bad = project / "data" / "li2023" / "zz-bad.ttl"
    bad.write_text(HEADER + "mscr:X a msc:MagicSizeCluster ;\n   rdfs:label \"X\"@en\nmscr:Y a msc:Nanocluster .\n")
    message = _build(project)
    third_line = HEADER.count("\n") + 3  # where the statement without its final '.' runs into the next
    assert f"zz-bad.ttl:{third_line}" in message and "malformed turtle" in message


def test_a_misspelt_class_is_named_with_a_suggestion(project):
    bad = project / "data" / "li2023" / "zz-typo.ttl"
    bad.write_text(HEADER + "mscr:X a msc:MagicSizeClustr .\n")
    message = _build(project)
    assert "MagicSizeClustr" in message and "not in the ontology" in message
    assert f"zz-typo.ttl:{HEADER.count(chr(10)) + 1}" in message and "MagicSizeCluster" in message


def test_a_fact_without_source_is_refused(project):
    bad = project / "data" / "li2023" / "zz-unsourced.ttl"
    bad.write_text(HEADER + "mscr:CdSe13 msc:hasDopant mscr:Mn2plus .\n")
    message = _build(project)
    assert "has no source" in message and "CdSe13" in message and "prov:wasDerivedFrom" in message


def _sourced(s: str, p: str, o: str, sentence: str = "mscr:li2023-sec4-02") -> str:
    return (f"{s} {p} {o} .\n[ a owl:Axiom ; owl:annotatedSource {s} ; owl:annotatedProperty {p} ; "
            f"owl:annotatedTarget {o} ; prov:wasDerivedFrom {sentence} ] .\n")


def test_a_quantity_without_unit_is_refused(project):
    bad = project / "data" / "li2023" / "zz-unitless.ttl"
    body = (_sourced("mscr:q1", "rdf:type", "qudt:QuantityValue")
            + _sourced("mscr:q1", "qudt:numericValue", "2.0")
            + _sourced("mscr:MnxCd13-xSe13", "msc:hasDopantAmount", "mscr:q1")
            + _sourced("mscr:q1", "qudt:hasQuantityKind", "quantitykind:Count")  # model v2: kind given
            + 'mscr:q1 rdfs:label "x"@en .\n')
    bad.write_text(HEADER + body)
    message = _build(project)
    assert "no unit" in message and "resource/q1" in message


def test_a_contradiction_is_caught_by_the_reasoner_and_named(project):
    bad = project / "data" / "li2023" / "zz-contradiction.ttl"
    bad.write_text(HEADER + _sourced("mscr:Cd", "rdf:type", "msc:ChalcogenElement", "mscr:li2023-sec1-07"))
    message = _build(project)
    assert "inconsistent" in message
    assert "resource/Cd is asserted both" in message and "disjoint" in message


def test_a_missing_file_is_named(project):
    message = _build(project, "--data", str(project / "nowhere.ttl"))
    assert "nowhere.ttl" in message and "missing" in message


def test_an_unreadable_file_is_named(project):
    unreadable = project / "folder.ttl"
    unreadable.mkdir()
    message = _build(project, "--data", str(unreadable))
    assert "folder.ttl" in message and "cannot be read" in message


def test_a_file_in_a_format_the_build_does_not_read_is_named(project):
    (project / "data" / "li2023" / "notes.xlsx").write_bytes(b"PK\x03\x04")
    message = _build(project)
    assert "notes.xlsx" in message and "not read by the build" in message


def test_a_quote_the_source_does_not_say_is_refused(project):
    sentences = project / "data" / "li2023" / "sentences.ttl"
    text = sentences.read_text(encoding="utf-8")
    original = "such as nanobelts, nanoribbons, and quantum dots"
    assert original in text
    sentences.write_text(text.replace(original, "such as nanobelts and quantum dots", 1), encoding="utf-8")
    message = _build(project)
    assert "li2023-sec2-01" in message and "not in the source text verbatim" in message


def test_a_quote_of_part_of_a_sentence_is_accepted(project):
    """Evidence may quote a clause: it must stand in its section, not be a whole sentence."""
    sentences = project / "data" / "li2023" / "sentences.ttl"
    text = sentences.read_text(encoding="utf-8")
    whole = ("Research has shown that MSCs are essential intermediates in the formation of II–VI "
             "semiconductor nanostructures, such as nanobelts, nanoribbons, and quantum dots.32–37")
    assert whole in text
    sentences.write_text(text.replace(whole, "MSCs are essential intermediates in the formation of II–VI "
                                             "semiconductor nanostructures", 1), encoding="utf-8")
    result = run_cli("validate", root=project, build_dir=project / "build")
    assert result.returncode == 0, result.stderr
