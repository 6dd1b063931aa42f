"""SHACL in a compiled engine: rudof (pyrudof) validates the store's data against ontology/shapes.ttl.

pySHACL reads the ontology as its ontology graph, so that sh:targetClass reaches
subclasses; here the ontology is validated together with the data for the same
effect. The shapes, their messages and the error raised are those of build/shapes.py;
tests/test_native_build.py checks that both engines report the same violations on
the bad inputs of tests/test_bad_input.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox

from msckg.errors import ValidationError
from msckg.paths import Layout

from msckg.build.native.dataset import ASSERTED, ONTOLOGY


def _text(value: object) -> str:
    """A result message as text: rudof gives it as an RDF literal ("..." or "..."@en)."""
    text = str(value)
    if text.startswith('"'):
        end = text.rfind('"')
        text = text[1:end] if end > 0 else text[1:]
        text = text.replace('\\"', '"').replace("\\\\", "\\")
    return text


def violations(store: ox.Store, layout: Layout) -> list[tuple[str, str]]:
    """(focus node, message) for each violation, sorted (as shapes.violations)."""
    import pyrudof

    with tempfile.TemporaryDirectory(prefix="msckg-shacl-") as tmp:
        data = Path(tmp) / "data.nt"
        with data.open("wb") as f:
            for graph in (ASSERTED, ONTOLOGY):
                store.dump(f, ox.RdfFormat.N_TRIPLES, from_graph=graph)
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_data(str(data), pyrudof.RDFFormat.NTriples)
        rudof.read_shacl(str(layout.ontology / "shapes.ttl"))
        report = rudof.validate_shacl()
    if report.conforms:
        return []
    own = _shape_messages(layout.ontology / "shapes.ttl")
    known = set(own.values())
    found = set()
    for v in report:
        if str(v.severity) != "Violation":
            continue
        message = _text(v.message)
        # rudof reports sh:or, sh:and, sh:not with its own words ("OR not satisfied"); pySHACL, as the
        # SHACL spec has it, with the sh:message of the shape that holds the constraint
        if message not in known and "SPARQL" not in str(v.constraint_component) and str(v.source_shape) in own:
            message = own[str(v.source_shape)]
        found.add((str(v.focus_node), message))
    return sorted(found)


def _shape_messages(shapes: Path) -> dict[str, str]:
    """sh:message of every shape named by an IRI."""
    messages = {}
    for t in ox.parse(path=str(shapes), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == "http://www.w3.org/ns/shacl#message" and isinstance(t.subject, ox.NamedNode):
            messages[t.subject.value] = t.object.value
    return messages


def validate(store: ox.Store, layout: Layout) -> None:
    problems = violations(store, layout)
    if problems:
        focus, message = problems[0]
        more = f" (and {len(problems) - 1} more; run 'msckg validate' to list all)" if len(problems) > 1 else ""
        raise ValidationError(message + more, where=focus,
                              hint="correct the data; the shapes are in ontology/shapes.ttl")
