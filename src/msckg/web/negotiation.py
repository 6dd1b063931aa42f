"""Which representation of a resource to send: HTML for people, RDF for programs.

A suffix on the path (``/resource/CdSe13.ttl``) decides outright; otherwise the
``Accept`` header does, by its quality values (RFC 9110), with HTML first when
a browser's header ties. SPARQL results are negotiated the same way among the
result formats.

>>> choose_representation("text/turtle;q=0.9, text/html;q=0.5").name
'turtle'
>>> choose_representation("text/html,application/xhtml+xml,*/*;q=0.8").name
'html'
>>> split_suffix("CdSe13.jsonld")
('CdSe13', 'jsonld')
>>> choose_results("text/csv").media_type
'text/csv'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Representation:
    name: str
    media_type: str
    suffix: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("json", "+xml", "xml"))
        return self.media_type + ("; charset=utf-8" if textual else "")


HTML = Representation("html", "text/html", "html", ("application/xhtml+xml",))
TURTLE = Representation("turtle", "text/turtle", "ttl", ("application/x-turtle",))
NTRIPLES = Representation("ntriples", "application/n-triples", "nt", ("text/plain",))
JSONLD = Representation("jsonld", "application/ld+json", "jsonld", ("application/json",))
RDFXML = Representation("rdfxml", "application/rdf+xml", "rdf")

RESOURCE_FORMATS = (HTML, TURTLE, NTRIPLES, JSONLD)  # in order of preference on ties
BY_SUFFIX = {r.suffix: r for r in RESOURCE_FORMATS}

RESULTS_JSON = Representation("json", "application/sparql-results+json", "srj", ("application/json",))
RESULTS_XML = Representation("xml", "application/sparql-results+xml", "srx", ("application/xml",))
RESULTS_CSV = Representation("csv", "text/csv", "csv")
RESULTS_TSV = Representation("tsv", "text/tab-separated-values", "tsv")
RESULT_FORMATS = (RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV)
GRAPH_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML)


def split_suffix(name: str) -> tuple[str, str | None]:
    """An id and its format suffix, if it ends in one we serve."""
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix in BY_SUFFIX:
        return stem, suffix
    return name, None


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, quality, position) for each entry of an Accept header."""
    entries = []
    for position, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        entries.append((media, quality, position))
    return entries


def _quality(entries: list[tuple[str, float, int]], rep: Representation) -> tuple[float, int, int]:
    """(quality, specificity, -position) of the best Accept entry that covers rep."""
    best = (0.0, -1, 0)
    for media, quality, position in entries:
        for offered in (rep.media_type, *rep.aliases):
            kind = offered.split("/")[0]
            if media == offered:
                specificity = 3 if offered == rep.media_type else 2
            elif media == f"{kind}/*":
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            candidate = (quality, specificity, -position)
            if candidate[1] > best[1] or (candidate[1] == best[1] and candidate > best):
                best = candidate
    return best


def negotiate(header: str | None, offered: tuple[Representation, ...]) -> Representation | None:
    """The offered representation the header prefers; None if it accepts none of them."""
    entries = parse_accept(header)
    if not entries:
        return offered[0]
    scored = []
    for order, rep in enumerate(offered):
        quality, specificity, position = _quality(entries, rep)
        if quality > 0:
            scored.append((quality, specificity, position, -order, rep))
    if not scored:
        return None
    return max(scored, key=lambda item: item[:4])[4]


def choose_representation(accept: str | None, suffix: str | None = None) -> Representation | None:
    if suffix is not None:
        return BY_SUFFIX[suffix]
    return negotiate(accept, RESOURCE_FORMATS)


def choose_results(accept: str | None, graph: bool = False) -> Representation | None:
    return negotiate(accept, GRAPH_FORMATS if graph else RESULT_FORMATS)
