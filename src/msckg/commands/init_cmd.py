"""msckg init: a project folder of one's own, with the packaged ontology and queries."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from msckg.errors import InputError

SAMPLE_TEXT = """\
A sample source for a new msckg project.
This file stands for the text of a paper you may quote.
Replace it with the extracted text of your source, line by line.
Then name its parts in layout.toml and quote its sentences as evidence in data/.
"""

SAMPLE_LAYOUT = """\
# Where each part of the source stands in fulltext.txt (1-based, inclusive line ranges).
# Lines outside every part are not read. See data/README.md of msckg for the fields.

[source]
iri = "https://w3id.org/msckg/resource/sample"
key = "sample"
text = "fulltext.txt"

[[part]]
id = "body"
title = "Sample text"
lines = [[2, 4]]
kind = "prose"
"""

MARKER_TEXT = """\
# An msckg project folder: msckg commands run anywhere below it use its ontology/, data/
# and queries/, and write build/ here.
[project]
name = "{name}"
"""


@click.command(name="init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def init_cmd(folder: Path) -> None:
    """Make a project folder: the packaged ontology and queries, an empty data folder, a sample source."""
    from msckg.paths import MARKER, project_layout

    if (folder / MARKER).exists():
        raise InputError(f"is already an msckg project ({MARKER} exists)", where=str(folder),
                         hint="run commands inside it, or choose another folder")
    if folder.exists() and any(folder.iterdir()):
        raise InputError("folder is not empty", where=str(folder), hint="give a new or empty folder")
    template = project_layout(_packaged_root())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(template.ontology, folder / "ontology")
        shutil.copytree(template.queries, folder / "queries")
        source = folder / "data" / "sources" / "sample"
        source.mkdir(parents=True)
        (source / "fulltext.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
        (source / "layout.toml").write_text(SAMPLE_LAYOUT, encoding="utf-8")
        (folder / MARKER).write_text(MARKER_TEXT.format(name=folder.resolve().name), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot make the project ({exc.strerror or exc})", where=str(folder),
                         hint="check the path and its permissions") from None
    click.echo(f"made project {folder}: ontology/, queries/, data/ (sample source data/sources/sample); "
               f"'cd {folder} && msckg sentences data/sources/sample' lists its sentences")


def _packaged_root() -> Path:
    """The review shipped with the package (the checkout's folders in an editable install)."""
    from msckg import paths

    return paths._PACKAGED if (paths._PACKAGED / "ontology").is_dir() else paths._CHECKOUT
