"""Read a source's curation tables: source.yaml, sentences.tsv, entities.tsv, facts.tsv.

The format chemists write without OWL (see docs/curating.md). This module only
reads and checks the files; ``curation.py`` compiles the rows into the reified
RDF the graph uses. Every problem is reported with the file and line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from msckg.errors import InputError
from msckg.build.fingerprint import FINGERPRINT

SOURCE_FILE = "source.yaml"
SENTENCES_FILE = "sentences.tsv"
ENTITIES_FILE = "entities.tsv"
FACTS_FILE = "facts.tsv"

KINDS = ("cited", "held")
SOURCE_FIELDS = {"key", "kind", "doi", "title", "authors", "year", "journal", "volume", "pages",
                 "licence", "page", "label", "notes"}
SENTENCE_COLUMNS = ("locator", "fingerprint", "partial", "paraphrase", "not_fact_bearing", "note")
ENTITY_COLUMNS = ("id", "label", "class", "formula", "composition", "alt_labels", "evidence",
                  "distinct_from", "note")
FACT_COLUMNS = ("subject", "property", "object", "value", "unit", "evidence", "references", "note")
REQUIRED = {SENTENCES_FILE: ("locator", "fingerprint"), ENTITIES_FILE: ("id", "label"),
            FACTS_FILE: ("subject", "property", "evidence")}

KEY = re.compile(r"^[a-z][a-z0-9]{2,40}$")
LOCAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
LIST_SEP = ";"


@dataclass(frozen=True)
class Row:
    file: Path
    line: int  # the line in the file (what an editor or spreadsheet row shows)
    values: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def items(self, column: str) -> list[str]:
        return [x.strip() for x in self.get(column).split(LIST_SEP) if x.strip()]


@dataclass
class TableSource:
    key: str
    folder: Path
    meta: dict
    sentences: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)
    facts: list[Row] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.meta["kind"]

    @property
    def held(self) -> bool:
        return self.kind == "held"

    @property
    def source_file(self) -> Path:
        return self.folder / SOURCE_FILE


def table_folders(data: Path) -> list[Path]:
    """Folders below data/ that hold a source.yaml, sorted by name."""
    if not data.is_dir():
        return []
    return sorted(p.parent for p in data.glob(f"*/{SOURCE_FILE}"))


def read_table_source(folder: Path) -> TableSource:
    meta = read_source_yaml(folder / SOURCE_FILE, folder.name)
    source = TableSource(key=meta["key"], folder=folder, meta=meta)
    source.sentences = read_tsv(folder / SENTENCES_FILE, SENTENCE_COLUMNS)
    source.entities = read_tsv(folder / ENTITIES_FILE, ENTITY_COLUMNS)
    source.facts = read_tsv(folder / FACTS_FILE, FACT_COLUMNS)
    if source.held and source.sentences:
        raise InputError("a held source takes its sentences from its text, not from sentences.tsv",
                         where=str(folder / SENTENCES_FILE),
                         hint="delete sentences.tsv, or set kind: cited in source.yaml")
    return source


def read_source_yaml(path: Path, folder_name: str) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read ({exc})", where=str(path), hint="it must be UTF-8 text") from None
    try:
        meta = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}", where=where,
                         hint="fix the YAML at that line (a value with ':' needs quotes)") from None
    if not isinstance(meta, dict):
        raise InputError("source.yaml must be a mapping of fields (key: value)", where=str(path),
                         hint="start from 'msckg new-source KEY --doi DOI'")
    unknown = sorted(set(meta) - SOURCE_FIELDS)
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r}", where=f"{path}:{_line_of(text, unknown[0])}",
                         hint="fields are " + ", ".join(sorted(SOURCE_FIELDS)))
    key = meta.get("key")
    if key != folder_name:
        raise InputError(f"key {key!r} differs from the folder name {folder_name!r}",
                         where=f"{path}:{_line_of(text, 'key')}", hint="the key names the folder")
    if not isinstance(key, str) or not KEY.match(key):
        raise InputError(f"key {key!r} is not a source key", where=f"{path}:{_line_of(text, 'key')}",
                         hint="lower case letters and digits, e.g. wan2020 (first author and year)")
    if meta.get("kind") not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}, not {meta.get('kind')!r}",
                         where=f"{path}:{_line_of(text, 'kind')}",
                         hint="cited unless the licence lets the project ship the text (held)")
    doi = meta.get("doi")
    if doi is not None and (not isinstance(doi, str) or not DOI.match(doi)):
        raise InputError(f"doi {doi!r} is not a DOI (10.NNNN/...)", where=f"{path}:{_line_of(text, 'doi')}",
                         hint="write the bare DOI, or leave it empty and say in notes why")
    for name in ("authors", "notes"):
        value = meta.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise InputError(f"{name} must be a list of strings", where=f"{path}:{_line_of(text, name)}",
                             hint=f"one '- ...' line per item under '{name}:'")
    return meta


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[Row]:
    """Rows of a tab-separated table; '#' lines are comments; the first other line is the header."""
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read ({exc})", where=str(path), hint="save the table as UTF-8 TSV") from None
    header: list[str] | None = None
    rows: list[Row] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quotechar='"'))
        if header is None:
            header = [c.strip() for c in cells]
            unknown = [c for c in header if c not in columns]
            if unknown:
                raise InputError(f"unknown column {unknown[0]!r}", where=f"{path}:{number}",
                                 hint="columns are " + ", ".join(columns) + " (tab-separated)")
            missing = [c for c in REQUIRED[path.name] if c not in header]
            if missing:
                raise InputError(f"column {missing[0]!r} is missing", where=f"{path}:{number}",
                                 hint="the header needs " + ", ".join(REQUIRED[path.name]))
            continue
        if len(cells) > len(header):
            raise InputError(f"row has {len(cells)} cells but the header {len(header)}",
                             where=f"{path}:{number}",
                             hint="a tab too many? cells are separated by tabs, not spaces")
        values = dict(zip(header, cells))
        row = Row(path, number, values)
        for column in REQUIRED[path.name]:
            if not row.get(column):
                raise InputError(f"{column} is empty", where=row.where, hint=f"every row needs a {column}")
        rows.append(row)
    return rows


def check_sentence_rows(source: TableSource) -> None:
    seen: dict[str, Row] = {}
    for row in source.sentences:
        locator = row.get("locator")
        if locator in seen:
            raise InputError(f"locator {locator!r} is given twice (first at line {seen[locator].line})",
                             where=row.where, hint="one row per sentence")
        seen[locator] = row
        if not FINGERPRINT.match(row.get("fingerprint")):
            raise InputError("fingerprint is not a SHA-256 hex digest (64 characters 0-9a-f)",
                             where=row.where,
                             hint="compute it with 'msckg check-quotes --fingerprint' on your copy of the text")
        if row.get("partial") not in ("", "yes", "no"):
            raise InputError(f"partial must be yes or no, not {row.get('partial')!r}", where=row.where,
                             hint="yes when the stored page cut the sentence off")


def _line_of(text: str, field_name: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{field_name}:"):
            return number
    return 1
