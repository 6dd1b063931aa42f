"""Split a source document's text into the sentences that facts quote.

A source is a folder under ``data/sources/`` with the extracted text and a
``layout.toml`` that says which line ranges hold which part (section, table,
figure caption). Text outside every part (running headers, licence stamps) is
never read. The splitter is deterministic, so a sentence's identity
(source, part, index) is stable as long as the text and layout are.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from msckg.errors import InputError

# Abbreviations after which a period does not end a sentence.
_NO_BREAK_BEFORE = re.compile(
    r"(?:\bet al|\bFig|\bFigs|\bref|\brefs|\bvs|\be\.g|\bi\.e|\bca|\bNo|(?<![A-Za-z])[A-Z])\.$"
)
# A period (with any reference superscripts glued to it, e.g. ".1–3" or
# ".24,25") followed by a space and a capital, an opening bracket or quote.
_BREAK = re.compile(r"(?<=[.!?])(?:\d+(?:[–,-]\d+)*)?(?=\s+[A-Z(‘“\[])")
_ENUM_BREAK = re.compile(r"(?<=:)(?=\s+\(\d+\)\s)")


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    kind: str  # "prose" or "table"
    lines: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Sentence:
    source: str  # source key, e.g. "li2023"
    part: str  # part id, e.g. "sec2"
    index: int  # 1-based within the part
    text: str  # verbatim, with line breaks joined (see join_lines)

    @property
    def key(self) -> str:
        return f"{self.source}-{self.part}-{self.index:02d}"


@dataclass(frozen=True)
class Source:
    key: str
    iri: str
    folder: Path
    parts: tuple[Part, ...]
    lines: tuple[str, ...]

    def part(self, part_id: str) -> Part:
        for part in self.parts:
            if part.id == part_id:
                return part
        raise InputError(f"part {part_id!r} is not in the layout of source {self.key!r}",
                         where=str(self.folder / "layout.toml"),
                         hint="use one of: " + ", ".join(p.id for p in self.parts))


def load_source(folder: Path) -> Source:
    layout_path = folder / "layout.toml"
    try:
        layout = tomllib.loads(layout_path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    except FileNotFoundError:
        raise InputError("layout file is missing", where=str(layout_path),
                         hint="every source folder needs a layout.toml naming its parts") from None
    except UnicodeDecodeError:
        raise InputError("layout is not UTF-8 text", where=str(layout_path), hint="save it as UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read the layout ({exc.strerror})", where=str(layout_path),
                         hint="check its permissions") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"layout is not valid TOML: {exc}", where=str(layout_path),
                         hint="fix the TOML syntax") from None
    try:
        meta = layout["source"]
        key, iri, text_name = str(meta["key"]), str(meta["iri"]), str(meta["text"])
        text_path = folder / text_name
        parts = tuple(
            Part(id=p["id"], title=p["title"], kind=p.get("kind", "prose"),
                 lines=tuple((int(a), int(b)) for a, b in p["lines"]))
            for p in layout["part"]
        )
    except KeyError as exc:
        raise InputError(f"layout lacks the field {exc.args[0]!r}", where=str(layout_path),
                         hint="[source] needs key, iri and text; each [[part]] id, title and lines "
                              "(see data/sources/li2023/layout.toml)") from None
    except (TypeError, ValueError) as exc:
        raise InputError(f"layout mistypes a field ({exc})", where=str(layout_path),
                         hint="see data/sources/li2023/layout.toml for the expected shape") from None
    if not text_path.resolve().is_relative_to(folder.resolve()):
        raise InputError(f"text {text_name!r} lies outside the source folder", where=str(layout_path),
                         hint="put the source text in the folder and name it without '..' or '/'")
    try:
        if not text_path.is_file():
            raise InputError("source text is missing or not a regular file", where=str(text_path),
                             hint="check the 'text' field of layout.toml")
        raw = text_path.read_bytes()
        lines = tuple(raw.decode("utf-8").removeprefix("\ufeff").splitlines())
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(f"source text is not UTF-8 (byte {raw[exc.start]:#04x})", where=f"{text_path}:{line}",
                         hint="convert the text to UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read source text: {exc.strerror}", where=str(text_path),
                         hint="check the 'text' field of layout.toml") from None
    return Source(key=key, iri=iri, folder=folder, parts=parts, lines=lines)


def join_lines(lines: list[str]) -> str:
    """Join extracted lines into running text, changing only white space.

    A line that ends in a hyphen after a letter is joined without a space
    (``theore-`` + ``tical`` gives ``theore-tical``): the hyphen stays, since the
    text alone cannot tell a line-break hyphen from a real one.
    """
    pieces: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        # looks at the last line only: a search over the growing text made long sources quadratic
        if pieces and not (len(pieces[-1]) >= 2 and pieces[-1][-1] == "-" and pieces[-1][-2].isascii()
                           and pieces[-1][-2].isalpha()):
            pieces.append(" ")
        pieces.append(line)
    return "".join(pieces)


def normalize(text: str) -> str:
    """The form in which quoted evidence is compared with the source text."""
    return re.sub(r"\s+", " ", text).strip()


def _split_prose(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in sorted(list(_BREAK.finditer(text)) + list(_ENUM_BREAK.finditer(text)),
                        key=lambda m: m.end()):
        end = match.end()
        candidate = text[start:end].strip()
        if match.re is _BREAK and _NO_BREAK_BEFORE.search(text[start:match.start()]):
            continue
        if candidate:
            pieces.append(candidate)
            start = end
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def part_lines(source: Source, part: Part) -> list[str]:
    selected: list[str] = []
    for first, last in part.lines:
        if first < 1 or last > len(source.lines) or first > last:
            raise InputError(f"part {part.id!r} has line range {first}-{last} outside the text",
                             where=str(source.folder / "layout.toml"),
                             hint=f"the text has {len(source.lines)} lines")
        selected.extend(source.lines[first - 1:last])
    return selected


def _split_table(lines: list[str]) -> list[str]:
    """A table row starts with its row number; continuation lines join it."""
    rows: list[list[str]] = []
    header: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if re.match(r"^\d+\s", line):
            rows.append([line])
        elif rows:
            rows[-1].append(line)
        else:
            header.append(line)
    units = [join_lines(header)] if header else []
    return units + [join_lines(row) for row in rows]


def sentences(source: Source) -> list[Sentence]:
    """Every sentence (or table row) of every part, in reading order."""
    result: list[Sentence] = []
    for part in source.parts:
        lines = part_lines(source, part)
        units = _split_table(lines) if part.kind == "table" else _split_prose(join_lines(lines))
        result.extend(Sentence(source.key, part.id, i, text) for i, text in enumerate(units, 1))
    return result
