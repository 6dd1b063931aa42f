"""Sentence fingerprints: evidence for sources whose text the repository does not hold.

A *cited* source's facts name a locator ("abstract S3") and the SHA-256 of the
sentence's normalised text. The text itself stays out of the repository; a
reader who has the paper checks every fingerprint locally with
``msckg check-quotes --source KEY --text FILE``.

The normalisation is defined here, once, and used on both sides (when a curator
computes a fingerprint and when a reader checks one):

1. Unicode NFKC;
2. dash variants (U+2010 hyphen, U+2011, U+2012, U+2013 en dash, U+2014 em dash,
   U+2015, U+2212 minus sign, U+FE63, U+FF0D) to "-", curly quotes to straight ones;
3. case folding;
4. every run of whitespace to one space;
5. no space before , . ; : ! ? ) ] or after ( [ ;
6. strip.

Steps 2 and 5 make a fingerprint survive the usual differences between two
renderings of one abstract (a publisher page with U+2010 hyphens and a mirror
with ASCII ones; "CdCl2 ," from a subscript that was dropped).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_QUOTES = {ord("\u201c"): '"', ord("\u201d"): '"', ord("\u201e"): '"', ord("\u2018"): "'",
           ord("\u2019"): "'", ord("\u201a"): "'"}
_SPACE_BEFORE = re.compile(r" (?=[,.;:!?)\]])")
_SPACE_AFTER = re.compile(r"(?<=[(\[]) ")
_WHITESPACE = re.compile(r"\s+")
FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")


def normalise_sentence(text: str) -> str:
    """The text a fingerprint is taken of (see the module docstring for the steps)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_DASHES).translate(_QUOTES)
    text = text.casefold()
    text = _WHITESPACE.sub(" ", text)
    text = _SPACE_BEFORE.sub("", text)
    text = _SPACE_AFTER.sub("", text)
    return text.strip()


def fingerprint(text: str) -> str:
    """SHA-256 hex digest (UTF-8) of the normalised sentence."""
    return hashlib.sha256(normalise_sentence(text).encode("utf-8")).hexdigest()


# Where a sentence may begin in running text: the start, after a line break, or after
# a sentence end (. ! ? with closing quotes or brackets) and a space.
_STARTS = re.compile(r"(?:^|\n|(?<=[.!?])[\"'\u201d\u2019)\]]*\s+)")
_ENDS = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s|$)")
MAX_SENTENCE = 1200  # characters; no abstract sentence is longer


@dataclass(frozen=True)
class Match:
    fingerprint: str
    start: int  # character offset in the text given
    partial: bool  # matched as the opening fragment of a sentence


def candidate_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every stretch that may be one or more sentences (bounded in length)."""
    starts = sorted({m.end() for m in _STARTS.finditer(text)})
    ends = sorted({m.end() for m in _ENDS.finditer(text)} | {len(text)})
    j = 0
    for start in starts:
        while j < len(ends) and ends[j] <= start:
            j += 1
        k = j
        while k < len(ends) and ends[k] - start <= MAX_SENTENCE:
            yield start, ends[k]
            k += 1


def find_fingerprints(text: str, wanted: Iterable[str], partial: Iterable[str] = ()) -> dict[str, Match]:
    """Which of the wanted fingerprints the text holds.

    A whole-sentence fingerprint matches a span between two sentence boundaries
    (a line break counts as one, so a PDF's broken lines are tried joined and
    apart). A fingerprint in ``partial`` was taken of the opening fragment of a
    sentence the stored page cut off; it matches any prefix of a sentence.
    """
    wanted = set(wanted)
    partial = set(partial)
    found: dict[str, Match] = {}
    joined = text.replace("\r\n", "\n")
    for variant in (joined, _WHITESPACE.sub(" ", joined)):
        for start, end in candidate_spans(variant):
            digest = fingerprint(variant[start:end])
            if digest in wanted and digest not in found:
                found[digest] = Match(digest, start, False)
        if partial - set(found):
            for start in sorted({start for start, _ in candidate_spans(variant)}):
                _match_prefixes(variant, start, partial - set(found), found)
        if wanted <= set(found):
            break
    return found


def _match_prefixes(text: str, start: int, wanted: set[str], found: dict[str, Match]) -> None:
    window = normalise_sentence(text[start:start + MAX_SENTENCE])
    for end in range(1, len(window) + 1):
        if window[end - 1] == " " and end < len(window):
            continue  # a fragment is stripped, so it never ends in a space
        digest = hashlib.sha256(window[:end].strip().encode("utf-8")).hexdigest()
        if digest in wanted:
            found[digest] = Match(digest, start, True)
