"""SHACL validation of the asserted data (pySHACL), with one clear error."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from rdflib import Graph
from rdflib.namespace import SH

from msckg.errors import ValidationError
from msckg.build.load import parse_file
from msckg.paths import Layout


def load_shapes(layout: Layout) -> Graph:
    return parse_file(layout.ontology / "shapes.ttl")


def violations(data: Graph, ontology: Graph, shapes: Graph) -> list[tuple[str, str]]:
    """(focus node, message) for each violation, sorted."""
    import pyshacl

    with _each_query_parsed_once():
        conforms, report, _ = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none",
            advanced=True, allow_warnings=True)
    if conforms:
        return []
    found = set()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        found.add((str(focus), str(message)))
    return sorted(found)


@contextmanager
def _each_query_parsed_once() -> Iterator[None]:
    """Within one validation, rdflib parses the text of each SPARQL constraint once.

    pySHACL hands rdflib the text of a SPARQL constraint once per focus node, and rdflib parses
    it every time (about 0.06 s each with pyparsing): model v2's unit-fits-kind and role checks
    made that 85 parses in the review's build, 5 s of CPU. rdflib's translated Query is made to be
    evaluated again with other initial bindings (it is what rdflib's prepareQuery returns), so the
    translation is kept per (text, namespaces, base) for the duration of the validation only.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    translated: dict[tuple, object] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 (rdflib's names)
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
            if key not in translated:
                translated[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = translated[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def validate(data: Graph, ontology: Graph, layout: Layout) -> None:
    problems = violations(data, ontology, load_shapes(layout))
    if problems:
        focus, message = problems[0]
        more = f" (and {len(problems) - 1} more; run 'msckg validate' to list all)" if len(problems) > 1 else ""
        raise ValidationError(message + more, where=focus,
                              hint="correct the data; the shapes are in ontology/shapes.ttl")
