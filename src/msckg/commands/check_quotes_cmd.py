from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from msckg.errors import InputError, NotFoundError
from msckg.paths import project_layout


@click.command(name="check-quotes")
@click.option("--source", "source_key", default=None, help="Key of a cited source (data/KEY/sentences.tsv).")
@click.option("--text", "text_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Your own copy of the paper as plain text (never committed).")
@click.option("--fingerprint", "sentence", default=None,
              help="Print the fingerprint of this sentence instead (for curators).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def check_quotes(source_key: str | None, text_file: Path | None, sentence: str | None, fmt: str) -> None:
    """Check a cited source's sentence fingerprints against your own copy of its text."""
    from msckg.build.fingerprint import find_fingerprints, fingerprint
    from msckg.build.tables import SENTENCES_FILE, read_source_yaml, read_tsv, SENTENCE_COLUMNS

    if sentence is not None:
        click.echo(fingerprint(sentence))
        return
    if not source_key or text_file is None:
        raise InputError("give --source KEY and --text FILE (or --fingerprint SENTENCE)",
                         hint="e.g. msckg check-quotes --source wan2020 --text ~/papers/wan2020.txt")
    folder = project_layout().data / source_key
    if not (folder / "source.yaml").exists():
        raise NotFoundError(f"no curated source {source_key!r}", where=str(folder),
                            hint="cited sources are the folders of data/ with a source.yaml")
    meta = read_source_yaml(folder / "source.yaml", source_key)
    if meta["kind"] == "held":
        raise InputError(f"{source_key} is held: its quotes are checked verbatim by every build",
                         hint="run msckg check")
    try:
        text = text_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the text ({exc})", where=str(text_file),
                         hint="save your copy as UTF-8 plain text") from None
    rows = read_tsv(folder / SENTENCES_FILE, SENTENCE_COLUMNS)
    wanted = {r.get("fingerprint") for r in rows}
    partial = {r.get("fingerprint") for r in rows if r.get("partial") == "yes"}
    found = find_fingerprints(text, wanted, partial)
    result = [{"locator": r.get("locator"), "found": r.get("fingerprint") in found,
               "partial": r.get("partial") == "yes", "where": r.where} for r in rows]
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
    else:
        for item in result:
            mark = "ok     " if item["found"] else "MISSING"
            extra = " (opening fragment)" if item["partial"] else ""
            click.echo(f"{mark} {item['locator']}{extra}")
        ok = sum(item["found"] for item in result)
        click.echo(f"{ok} of {len(result)} sentences of {source_key} found in {text_file}")
    sys.stdout.flush()
    if not all(item["found"] for item in result):
        raise SystemExit(1)
