"""Splitting the review's extracted text into the sentences facts quote."""

from __future__ import annotations

from msckg.build.evidence import cited_numbers
from msckg.build.sourcetext import join_lines, load_source, sentences


def test_line_break_hyphens_are_kept_and_lines_joined_with_spaces():
    assert join_lines(["theore-", "tical value", "", "and more"]) == "theore-tical value and more"


def test_the_review_splits_into_its_sections_table_rows_and_captions(layout):
    source = load_source(layout.sources / "li2023")
    by_part = {}
    for s in sentences(source):
        by_part.setdefault(s.part, []).append(s.text)
    assert len(by_part["table1"]) == 9  # header and eight reactions
    assert by_part["table1"][8].startswith("8 2H+ + 2e")
    assert by_part["sec4"][7].startswith("As reported by T. Hyeon,65")  # an initial is no sentence end
    assert by_part["sec1"][0].endswith("of particular concern.1–3")  # superscript refs stay with it
    assert by_part["sec3"][10].startswith("According to Li’s research")
    assert "comparing the 113Cd cross-polarization" in by_part["sec3"][10]  # joined across Fig. 1
    assert by_part["sec6"][5].startswith("(1) A comprehensive consideration")


def test_superscript_reference_numbers_are_read_from_the_text():
    assert cited_numbers("of particular concern.1–3", 75) == [1, 2, 3]
    assert cited_numbers("synthesis.33–37,42–44 Since", 75) == [33, 34, 35, 36, 37, 42, 43, 44]
