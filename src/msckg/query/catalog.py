"""Stored queries: each .rq file opens with '#+ ' lines of YAML that describe it.

Header keys: title, description, cq (competency question ids), parameters
(name -> {type, default, example, required, description, allowed}). The catalog reads
the header; the query text is everything else. ``allowed`` lists the values an
enumerated parameter takes (a kind, a basis); any other value is refused, so a
misspelt one is an error rather than an empty answer. A parameter of type iri
takes an IRI, a CURIE of the project's prefixes (mscr:CdSe13) or, where the
caller gives a resolver (msckg.query.names), a name as describe matches it.
``paged`` (true, or the number of rows of a default page) marks a query that lists entities,
steps or facts: it is answered a page at a time unless everything is asked for.

A listing whose rows cost much to compute (ORDER BY, GROUP BY or DISTINCT make an engine
evaluate the whole answer before it cuts a page) pages by key instead:
``paged: {key: step}`` (or ``{key: step, size: 50}``) says that a page is that many values of
?step with all their rows. The query then opens with a sub-select of the keys, ordered, with a
line ``# PAGE`` where that page's LIMIT and OFFSET go; the rest of the query joins to one page
of keys, so only those are computed. Without a page (everything) the line stays a comment and
the sub-select lists every key: the same rows as every page put together. A query whose
aggregates are sub-selects of their own repeats the same key sub-select (and its '# PAGE'
line) inside each, so that each aggregates one page; every '# PAGE' line gets the same cut.
The keys are cut in the store's own order (an ORDER BY there would sort every key before the
page is cut, which is what keyed pages avoid); the query's ORDER BY sorts the rows of a page.
"""

from __future__ import annotations

from collections.abc import Callable
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from msckg.errors import InputError, NotFoundError

PARAM_TYPES = ("iri", "string", "integer", "decimal", "boolean")
# Rows of a default page of a paged query: each listing query answers within 100 ms at 10^6
# triples on the embedded store with it (benchmarks/README.md, "Listing queries page").
DEFAULT_PAGE = 100
_OWN_LIMIT = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$", re.IGNORECASE)
# the line of a key sub-select where a page's LIMIT and OFFSET go (see the module's text)
PAGE_MARK = re.compile(r"^[ \t]*# PAGE\b.*$", re.MULTILINE)


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str = ""
    default: object = None
    example: object = None
    required: bool = False
    allowed: tuple[str, ...] = ()

    def to_term(self, value: object, resolve: Callable[[str, str], URIRef] | None = None) -> Node:
        """The RDF term for a value given as text (or as the header's default).

        resolve(name, text) turns an iri parameter's text (IRI, CURIE or name) into an IRI."""
        text = str(value)
        if self.allowed and text not in self.allowed:
            folded = {a.casefold(): a for a in self.allowed}
            if text.casefold() not in folded:
                raise InputError(f"parameter {self.name}={text!r} is not one of its values",
                                 hint="use one of: " + ", ".join(repr(a) for a in self.allowed))
            text = folded[text.casefold()]
        try:
            if self.type == "iri":
                if resolve is not None:
                    return resolve(self.name, text)
                from msckg.query.names import parse_iri

                iri = parse_iri(text)
                if iri is None:
                    raise ValueError("give an absolute IRI or a CURIE such as mscr:CdSe13")
                return iri
            if self.type == "integer":
                return Literal(int(text), datatype=XSD.integer)
            if self.type == "decimal":
                return Literal(text, datatype=XSD.decimal) if _is_decimal(text) else _fail()
            if self.type == "boolean":
                if text.lower() not in ("true", "false"):
                    raise ValueError("not true or false")
                return Literal(text.lower() == "true")
            return Literal(text)
        except ValueError as exc:
            raise InputError(f"parameter {self.name}={text!r} is not a valid {self.type} ({exc})",
                             hint=f"example: {self.name}={self.example}") from None


def _is_decimal(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip().lstrip("+-").replace(".", "", 1).isdigit()


def _fail() -> Node:
    raise ValueError("not a decimal number")


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    text: str
    title: str
    description: str = ""
    cq: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    page_size: int | None = None  # rows of a default page, for a paged (listing) query; None: not paged
    page_key: str | None = None  # the variable a keyed page counts (that many keys, all their rows)

    @property
    def paged(self) -> bool:
        return self.page_size is not None

    def bindings(self, given: dict[str, str],
                 resolve: Callable[[str, str], URIRef] | None = None) -> dict[str, Node]:
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise InputError(f"query {self.name!r} has no parameter {unknown[0]!r}",
                             hint="its parameters: " + (", ".join(known) or "none"))
        bound: dict[str, Node] = {}
        for name, param in known.items():
            if name in given:
                bound[name] = param.to_term(given[name], resolve)
            elif param.default is not None:
                bound[name] = param.to_term(param.default, resolve)
            elif param.required:
                raise InputError(f"query {self.name!r} needs parameter {name!r}",
                                 hint=f"add --param {name}={param.example}")
        return bound


# Parsed queries by (file, modification time, size): a page of the site or one describe asks
# several stored queries, and parsing every header's YAML each time cost most of 'msckg site'.
_PARSED: dict[tuple[str, int, int], StoredQuery] = {}


def parse_query_file(path: Path) -> StoredQuery:
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read query: {exc.strerror}", where=str(path),
                         hint="check the file name") from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        _PARSED[key] = _parse_query_file(path)
    return _PARSED[key]


def _parse_query_file(path: Path) -> StoredQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read query: {exc.strerror}", where=str(path),
                         hint="check the file name") from None
    header = "\n".join(line[3:] for line in text.splitlines() if line.startswith("#+ "))
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"query header is not valid YAML: {exc}", where=str(path),
                         hint="fix the '#+ ' lines") from None
    params = []
    for name, spec in (meta.get("parameters") or {}).items():
        spec = spec or {}
        ptype = spec.get("type", "string")
        if ptype not in PARAM_TYPES:
            raise InputError(f"parameter {name!r} has unknown type {ptype!r}", where=str(path),
                             hint="use one of " + ", ".join(PARAM_TYPES))
        allowed = spec.get("allowed") or ()
        if isinstance(allowed, str) or not all(isinstance(a, (str, int, float)) for a in allowed):
            raise InputError(f"parameter {name!r}: 'allowed' must be a list of values", where=str(path),
                             hint="e.g. allowed: [challenge, prospect]")
        allowed = tuple(str(a) for a in allowed)
        for key in ("default", "example"):
            if allowed and spec.get(key) is not None and str(spec[key]) not in allowed:
                raise InputError(f"parameter {name!r}: {key} {spec[key]!r} is not one of its allowed values",
                                 where=str(path), hint="allowed: " + ", ".join(allowed))
        params.append(Parameter(name=name, type=ptype, description=spec.get("description", ""),
                                default=spec.get("default"), example=spec.get("example"),
                                required=bool(spec.get("required", False)), allowed=allowed))
    cq = meta.get("cq") or ()
    return StoredQuery(name=path.stem, path=path, text=text, title=meta.get("title", path.stem),
                       description=meta.get("description", ""),
                       cq=tuple([cq] if isinstance(cq, str) else cq), parameters=tuple(params),
                       page_size=_page_size(meta.get("paged"), path, text),
                       page_key=_page_key(meta.get("paged"), path, text))


def _page_key(value: object, path: Path, text: str) -> str | None:
    marks = len(PAGE_MARK.findall(text))
    key = value.get("key") if isinstance(value, dict) else None
    if key is None:
        if marks:
            raise InputError("the query has a '# PAGE' line but its header names no page key", where=str(path),
                             hint="write '#+ paged: {key: name}' (the variable of the key sub-select)")
        return None
    if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) \
            or not re.search(r"\?" + key + r"\b", text):
        raise InputError(f"page key {key!r} is not a variable of the query", where=str(path),
                         hint="name the variable of the key sub-select, without '?'")
    if not marks:
        raise InputError("a query paged by key needs a '# PAGE' line in its key sub-select",
                         where=str(path), hint="put '# PAGE' at the end of the sub-select of the keys")
    return key


def _page_size(value: object, path: Path, text: str) -> int | None:
    if value is None or value is False:
        return None
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"key", "size"})
        if unknown:
            raise InputError(f"header 'paged' has no key {unknown[0]!r}", where=str(path),
                             hint="write '#+ paged: {key: name}' or '#+ paged: {key: name, size: 50}'")
        value = value.get("size", True)
    size = DEFAULT_PAGE if value is True else value
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InputError(f"header 'paged: {value}' is neither true nor a number of rows", where=str(path),
                         hint="write '#+ paged: true' (pages of %d rows) or '#+ paged: 50'" % DEFAULT_PAGE)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).rstrip()
    if _OWN_LIMIT.search(body):
        raise InputError("a paged query must not end in its own LIMIT or OFFSET", where=str(path),
                         hint="remove them: pages append LIMIT and OFFSET")
    return size


def load_catalog(folder: Path) -> dict[str, StoredQuery]:
    """Stored queries by name: top level of queries/ and lib/ (rules are not queries)."""
    found = {}
    for path in sorted(list(folder.glob("*.rq")) + list((folder / "lib").glob("*.rq"))):
        query = parse_query_file(path)
        found[query.name] = query
    return found


def find_query(folder: Path, name_or_file: str) -> StoredQuery:
    path = Path(name_or_file)
    if name_or_file.endswith(".rq") and path.exists():
        return parse_query_file(path)
    for candidate in (folder / f"{name_or_file}.rq", folder / "lib" / f"{name_or_file}.rq"):
        if "/" not in name_or_file and candidate.is_file():
            return parse_query_file(candidate)
    catalog = load_catalog(folder)
    if name_or_file in catalog:
        return catalog[name_or_file]
    import difflib

    close = difflib.get_close_matches(name_or_file, list(catalog), n=3)
    raise NotFoundError(f"no stored query named {name_or_file!r}",
                        hint=("did you mean " + ", ".join(close) + "?") if close
                        else "'msckg queries' lists them")
