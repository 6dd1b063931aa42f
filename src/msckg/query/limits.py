"""Bounds a SPARQL text must keep before any engine sees it: size, nesting, SERVICE, updates.

Oxigraph parses and evaluates group patterns recursively, so a few thousand
nested ``{`` overflow its stack and kill the process (``msckg query`` segfaults,
``oxigraph serve`` exits). The nesting is therefore measured here by a small
lexer that never recurses: it skips strings, IRIs and comments and counts the
brackets that open groups, sub-expressions and lists. Only a text inside the
bounds is handed to a parser.

The same lexer finds ``SERVICE`` clauses (federation makes the server fetch
any URL it is told to: a request forgery), so they are refused unless their
target is on an operator's allow-list, and finds update operations, which a
read-only front refuses whatever the engine would do.

>>> check_query("SELECT * WHERE { ?s ?p ?o }").depth
1
>>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
Traceback (most recent call last):
...
msckg.query.limits.QueryRefused: the query calls SERVICE <http://127.0.0.1:9/x>; federated queries are refused (an operator may allow a target with --allow-service)
>>> check_query('SELECT * WHERE { ?s ?p "SERVICE { { { {" }').services
()
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

from msckg.errors import InputError

MAX_QUERY_CHARS = 20_000
MAX_NESTING = 64

_IRI = re.compile(r'<([^<>"{}|^`\\\x00-\x20]*)>')
_LONG_STRING = re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"", re.S)
_STRING = re.compile(r"'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"")
_VARIABLE = re.compile(r"[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+")
# a prefixed name (prefix may be empty) or a bare word (keyword, function name, 'a', true)
_NAME = re.compile(r"(?:[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:(?:[\w.\-:%\\\u00b7\u00c0-\uffff]*[\w\-:%\u00b7\u00c0-\uffff])?"
                   r"|[A-Za-z_][\w\-]*")
_OPEN, _CLOSE = "{([", "})]"
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}


class QueryRefused(InputError):
    """The query is outside what this engine or server agrees to run (why, and what to do)."""


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, variable, name, open, close, other
    text: str
    position: int


@dataclass(frozen=True)
class QueryShape:
    """What the lexer found: the deepest bracket nesting, SERVICE targets, update keywords."""

    chars: int
    depth: int
    services: tuple[str, ...] = field(default_factory=tuple)  # resolved IRIs, or '?var'
    updates: tuple[str, ...] = field(default_factory=tuple)


def tokens(text: str) -> Iterator[Token]:
    """The tokens that matter for bounds; comments and white space are skipped."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c == "<" and (m := _IRI.match(text, i)):
            yield Token("iri", m.group(1), i)
            i = m.end()
        elif c in "'\"":
            m = _LONG_STRING.match(text, i) or _STRING.match(text, i)
            if m is None:  # an unclosed string: the parser will say so; nothing after it counts
                yield Token("string", text[i:], i)
                return
            yield Token("string", m.group(0), i)
            i = m.end()
        elif c in "?$" and (m := _VARIABLE.match(text, i)):
            yield Token("variable", m.group(0), i)
            i = m.end()
        elif c in _OPEN:
            yield Token("open", c, i)
            i += 1
        elif c in _CLOSE:
            yield Token("close", c, i)
            i += 1
        elif (m := _NAME.match(text, i)) and m.end() > i:
            yield Token("name", m.group(0), i)
            i = m.end()
        else:
            yield Token("other", c, i)
            i += 1


def shape(text: str) -> QueryShape:
    """Measure a query text without parsing it (linear, no recursion)."""
    depth = deepest = 0
    prefixes: dict[str, str] = {}
    base = ""
    services: list[str] = []
    updates: list[str] = []
    items = list(tokens(text))
    for index, token in enumerate(items):
        if token.kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind == "close":
            depth = max(0, depth - 1)
        elif token.kind == "name":
            word = token.text.lower()
            after = items[index + 1:index + 3]
            if word == "prefix" and len(after) == 2 and after[0].kind == "name" and after[1].kind == "iri":
                prefixes[after[0].text.rstrip(":")] = urljoin(base, after[1].text)
            elif word == "base" and after and after[0].kind == "iri":
                base = urljoin(base, after[0].text)
            elif word == "service":
                services.append(_service_target(items[index + 1:index + 3], prefixes, base))
            elif word in _UPDATE_WORDS and depth == 0:
                updates.append(word.upper())
    return QueryShape(chars=len(text), depth=deepest, services=tuple(services), updates=tuple(updates))


def _service_target(after: list[Token], prefixes: dict[str, str], base: str) -> str:
    if after and after[0].kind == "name" and after[0].text.lower() == "silent":
        after = after[1:]
    if not after:
        return "?"
    target = after[0]
    if target.kind == "iri":
        return urljoin(base, target.text)
    if target.kind == "name" and ":" in target.text:
        prefix, _, local = target.text.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else target.text
    return target.text  # a variable: the target is chosen by the data, never allowed


def check_query(text: str, *, max_chars: int = MAX_QUERY_CHARS, max_depth: int = MAX_NESTING,
                allow_service: Iterable[str] = (), allow_update: bool = False) -> QueryShape:
    """The query's shape if it is inside the bounds; QueryRefused saying why otherwise."""
    if len(text) > max_chars:
        raise QueryRefused(f"the query has {len(text):,} characters, more than the limit of {max_chars:,}",
                           hint="shorten it, or bind long value lists as parameters")
    found = shape(text)
    if found.depth > max_depth:
        raise QueryRefused(f"the query nests brackets {found.depth} deep, more than the limit of {max_depth}",
                           hint="flatten the nested groups")
    allowed = set(allow_service)
    for target in found.services:
        if target not in allowed:
            shown = target if target.startswith("?") else f"<{target}>"
            raise QueryRefused(f"the query calls SERVICE {shown}; federated queries are refused",
                               hint="an operator may allow a target with --allow-service")
    if found.updates and not allow_update:
        raise QueryRefused(f"the request is a SPARQL update ({found.updates[0]}); this graph is read-only",
                           hint="updates are refused; rebuild with 'msckg build' to change the graph")
    return found


def check_nesting(text: str, max_depth: int = MAX_NESTING) -> None:
    """Refuse a text nested deeper than the engine can parse without overflowing its stack."""
    depth = _depth(text)
    if depth > max_depth:
        raise QueryRefused(f"the query nests brackets {depth} deep, more than the limit of {max_depth}",
                           hint="flatten the nested groups")


# Answering one stored query measures its text three times (form, columns, run), and the lexer
# takes about 15 ms on the longest stored query (cq07): the depth of a text is kept.
@lru_cache(maxsize=512)
def _depth(text: str) -> int:
    return shape(text).depth
