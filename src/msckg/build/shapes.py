"""SHACL validation of the asserted data (pySHACL), with one clear error."""

from __future__ import annotations

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


def validate(data: Graph, ontology: Graph, layout: Layout) -> None:
    problems = violations(data, ontology, load_shapes(layout))
    if problems:
        focus, message = problems[0]
        more = f" (and {len(problems) - 1} more; run 'msckg validate' to list all)" if len(problems) > 1 else ""
        raise ValidationError(message + more, where=focus,
                              hint="correct the data; the shapes are in ontology/shapes.ttl")
