"""SHACL for the native build: the store answers the shapes (shacl_store.py), rudof where it cannot.

shacl_store compiles each constraint of ontology/shapes.ttl to one SPARQL query that
Oxigraph answers for all focus nodes at once. Where the shapes use SHACL beyond that
compiler (shacl_store.Unsupported), rudof (pyrudof) validates, as below.

pySHACL reads the ontology as its ontology graph, so that sh:targetClass reaches
subclasses; here the ontology is validated together with the data for the same
effect. The shapes, their messages and the error raised are those of build/shapes.py;
tests/test_native_build.py checks that both engines report the same violations on
the bad inputs of tests/test_bad_input.py.

Validation runs in bounded chunks (rudof held 6.6 GB for the whole graph at 10^6
triples). The asserted subjects are split into chunks of about CHUNK_TRIPLES triples;
each chunk is validated with the ontology and everything the shapes read about the
nodes it owns: their own triples, every triple of the nodes they point to (whose
rdf:type answers sh:class, whose unit answers the unit's quantity kind), the roles
those nodes bear (RoleInContextShape), and the triples that make an owned node a target
of sh:targetObjectsOf (one each, all of them for msc:hasDopantAmount, with the
cluster's msc:formulaUnitCount, as DopantAmountShape reads them). A violation counts
where its focus node is owned by the chunk (or is no subject of the asserted graph:
then every chunk that sees it sees the same). The shapes' paths are single steps
(tests/test_native_build.py checks it), so this neighbourhood is all a shape sees.
"""

from __future__ import annotations

import shutil
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


CHUNK_TRIPLES = 100_000
_MSC = "https://w3id.org/msckg/ontology/"
_SH = "http://www.w3.org/ns/shacl#"
_BEARS = ox.NamedNode("http://purl.obolibrary.org/obo/RO_0000087")  # has role
_DOPANT_AMOUNT = ox.NamedNode(_MSC + "hasDopantAmount")
_FORMULA_UNITS = ox.NamedNode(_MSC + "formulaUnitCount")


def _targeting_predicates(shapes: Path) -> list[ox.NamedNode]:
    """The predicates of every sh:targetObjectsOf of the shapes."""
    return sorted({t.object for t in ox.parse(path=str(shapes), format=ox.RdfFormat.TURTLE)
                   if t.predicate.value == _SH + "targetObjectsOf"}, key=str)


def _chunks(store: ox.Store, size: int):
    """(owned subjects, their triples) in runs of about size triples, each subject whole (the store
    does not list a graph's quads by subject)."""
    counts: dict = {}
    for q in store.quads_for_pattern(None, None, None, ASSERTED):
        counts[q.subject] = counts.get(q.subject, 0) + 1
    owned, n = [], 0
    for subject, count in counts.items():
        owned.append(subject)
        n += count
        if n >= size:
            yield set(owned), _triples_of(store, owned)
            owned, n = [], 0
    if owned:
        yield set(owned), _triples_of(store, owned)


def _triples_of(store: ox.Store, subjects: list) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object)
            for s in subjects for q in store.quads_for_pattern(s, None, None, ASSERTED)]


def _neighbourhood(store: ox.Store, owned: set, triples: list[ox.Triple], targeting: list[ox.NamedNode]) -> set:
    """What the shapes read about the owned nodes, beside their own triples."""
    def about(node) -> list[ox.Triple]:
        return [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None, ASSERTED)]

    extra: set[ox.Triple] = set()
    objects = {t.object for t in triples if not isinstance(t.object, ox.Literal)} - owned
    for node in objects:
        for t in about(node):
            extra.add(t)
            if t.predicate == _BEARS and not isinstance(t.object, ox.Literal):
                extra.update(about(t.object))
    for node in owned:
        for predicate in targeting:
            incoming = store.quads_for_pattern(None, predicate, node, ASSERTED)
            if predicate == _DOPANT_AMOUNT:
                for q in incoming:
                    extra.add(ox.Triple(q.subject, q.predicate, q.object))
                    extra.update(ox.Triple(c.subject, c.predicate, c.object)
                                 for c in store.quads_for_pattern(q.subject, _FORMULA_UNITS, None, ASSERTED))
            else:
                q = next(incoming, None)
                if q is not None:
                    extra.add(ox.Triple(q.subject, q.predicate, q.object))
    return extra


ENGINES = ("store", "rudof")


def violations(store: ox.Store, layout: Layout, chunk_triples: int = CHUNK_TRIPLES,
               engine: str | None = None) -> list[tuple[str, str]]:
    """(focus node, message) for each violation, sorted (as shapes.violations).

    engine: "store" (the shapes compiled to SPARQL), "rudof", or None: the store where the
    compiler answers every shape, else rudof."""
    from rdflib import Graph

    from msckg.build.native import shacl_store

    if engine not in (None, *ENGINES):
        raise ValueError(f"no SHACL engine {engine!r}: one of {', '.join(ENGINES)}")
    shapes = layout.ontology / "shapes.ttl"
    if engine != "rudof":
        try:
            checks = shacl_store.compile_shapes(Graph().parse(shapes))
            return shacl_store.violations(store, [ONTOLOGY, ASSERTED], checks)
        except shacl_store.Unsupported as exc:
            if engine == "store":
                raise
            import warnings

            warnings.warn(f"{shapes}: {exc}; the store cannot answer it, so rudof validates the shapes "
                          "(slower on large graphs)", stacklevel=2)
    return rudof_violations(store, shapes, chunk_triples)


def rudof_violations(store: ox.Store, shapes: Path, chunk_triples: int = CHUNK_TRIPLES) -> list[tuple[str, str]]:
    """violations() by rudof, in chunks (see the module's docstring)."""
    import pyrudof

    own = _shape_messages(shapes)
    known = set(own.values())
    targeting = _targeting_predicates(shapes)
    subjects = None  # the asserted graph's subjects, read once if some chunk reports an IRI it does not own
    found = set()
    with tempfile.TemporaryDirectory(prefix="msckg-shacl-") as tmp:
        ontology = Path(tmp) / "ontology.nt"
        store.dump(str(ontology), ox.RdfFormat.N_TRIPLES, from_graph=ONTOLOGY)
        data = Path(tmp) / "chunk.nt"
        for owned, triples in _chunks(store, chunk_triples):
            extra = _neighbourhood(store, owned, triples, targeting)
            shutil.copyfile(ontology, data)
            with data.open("ab") as f:
                ox.serialize(triples, f, format=ox.RdfFormat.N_TRIPLES)
                ox.serialize(extra - set(triples), f, format=ox.RdfFormat.N_TRIPLES)
            del triples, extra
            rudof = pyrudof.Rudof(pyrudof.RudofConfig())
            rudof.read_data(str(data), pyrudof.RDFFormat.NTriples)
            rudof.read_shacl(str(shapes))
            report = rudof.validate_shacl()
            if report.conforms:
                continue
            for v in report:
                if str(v.severity) != "Violation":
                    continue
                focus = str(v.focus_node)
                if focus.startswith("http"):
                    node = ox.NamedNode(focus)
                    if node not in owned:
                        if subjects is None:
                            subjects = {q.subject for q in store.quads_for_pattern(None, None, None, ASSERTED)
                                        if isinstance(q.subject, ox.NamedNode)}
                        if node in subjects:
                            continue  # the chunk that owns it validates it with all it needs
                message = _text(v.message)
                # rudof reports sh:or, sh:and, sh:not with its own words ("OR not satisfied"); pySHACL, as the
                # SHACL spec has it, with the sh:message of the shape that holds the constraint
                if message not in known and "SPARQL" not in str(v.constraint_component) and str(v.source_shape) in own:
                    message = own[str(v.source_shape)]
                found.add((focus, message))
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
