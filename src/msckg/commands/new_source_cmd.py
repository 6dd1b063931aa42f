from __future__ import annotations

import click

from msckg.errors import InputError
from msckg.paths import project_layout

SOURCE_TEMPLATE = """\
# {key}: metadata of the source, as the page you read states it (docs/curating.md).
# Leave a field empty when the page does not state it, and say so under notes;
# never fill in a DOI, title, author or licence from memory.
key: {key}
# cited: only facts carry over (evidence = locator + paraphrase + fingerprint);
# held: the licence lets the project ship the text (data/sources/{key}/ holds it).
kind: {kind}
doi: {doi}
title:
authors:
#  - First Author
year:
journal:
volume:
pages:
# the licence URL as the page states it, e.g. https://creativecommons.org/licenses/by/4.0/
licence:
# the address of the page you curated from
page:
notes:
  - Licence not yet checked.
"""

SENTENCES_TEMPLATE = """\
# Sentences of a cited source: one row per sentence you take facts from (tab-separated).
# locator      where it stands: 'abstract S3', 'graphical abstract G1', 'sec2 p4 S2'
# fingerprint  msckg check-quotes --fingerprint "the sentence as printed" (never paste the sentence here)
# partial      yes if your page cut the sentence off (the fingerprint is of the fragment)
# paraphrase   the sentence in your own words (short; never the source's wording)
# not_fact_bearing  a reason, if the sentence states no fact (background, conclusion)
# note         how you read mangled text (a lost hyphen, a dropped subscript)
locator\tfingerprint\tpartial\tparaphrase\tnot_fact_bearing\tnote
"""

ENTITIES_TEMPLATE = """\
# Entities (tab-separated): species, materials, steps, conditions.
# id           the IRI's local name. Reuse the id of a node of another source to join it
#              (msckg reconcile lists likely duplicates); an MSC's id carries its composition:
#              CdS-MSC-360, not MSC-360.
# label        as chemists write it ('CdS MSC-360'); alt_labels: other names, ';'-separated
# class        msc: class (msc:MagicSizeCluster, msc:PrecursorCompound, msc:Molecule, msc:Synthesis,
#              msc:QuasiIsomerization, msc:Condition ...); composition: elements, e.g. CdS
# evidence     locators (';'-separated) that state the class and composition
# distinct_from  ids of nodes that look alike but are other species (say why in note)
id\tlabel\tclass\tformula\tcomposition\talt_labels\tevidence\tdistinct_from\tnote
"""

FACTS_TEMPLATE = """\
# Facts (tab-separated): one row per statement of the source.
# subject      an entity id; property: msc: property (msc:hasInput, msc:hasOutput, msc:usesReagent,
#              msc:hasCondition, msc:hasAbsorptionPeak, msc:description ...)
# object       an entity id, or value (a number, a range 305-320, or text) with unit (unit:NanoM)
# evidence     locators of sentences.tsv (held sources: sentence keys such as sec2-15)
# references   the reference numbers the sentence cites (held sources); note: your reading
subject\tproperty\tobject\tvalue\tunit\tevidence\treferences\tnote
"""


@click.command(name="new-source")
@click.argument("key")
@click.option("--doi", default="", help="The DOI as the page states it (leave out if it does not).")
@click.option("--kind", type=click.Choice(["cited", "held"]), default="cited", show_default=True)
def new_source(key: str, doi: str, kind: str) -> None:
    """Write a commented template for a new source under data/KEY/."""
    from msckg.build.tables import DOI, KEY

    if not KEY.match(key):
        raise InputError(f"key {key!r} is not a source key",
                         hint="lower case letters and digits, e.g. wan2020 (first author and year)")
    if doi and not DOI.match(doi):
        raise InputError(f"{doi!r} is not a DOI", hint="write the bare DOI, e.g. 10.1038/s41467-020-18014-6")
    folder = project_layout().data / key
    if folder.exists():
        raise InputError("folder exists already", where=str(folder), hint="choose another key")
    folder.mkdir(parents=True)
    (folder / "source.yaml").write_text(SOURCE_TEMPLATE.format(key=key, kind=kind, doi=doi), encoding="utf-8")
    if kind == "cited":
        (folder / "sentences.tsv").write_text(SENTENCES_TEMPLATE, encoding="utf-8")
    (folder / "entities.tsv").write_text(ENTITIES_TEMPLATE, encoding="utf-8")
    (folder / "facts.tsv").write_text(FACTS_TEMPLATE, encoding="utf-8")
    click.echo(f"wrote {folder}/: source.yaml, " + ("sentences.tsv, " if kind == "cited" else "")
               + "entities.tsv, facts.tsv (then: msckg check; msckg reconcile; msckg build)")
