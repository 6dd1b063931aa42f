"""SHACL shapes answered by the store: each constraint compiled to one SPARQL query over all its focus nodes.

Why not rudof alone: rudof (shacl.py) spends about 30-50 µs per focus node and
constraint, as slow as rdflib; at 10^6 triples the shapes' ~200,000 axioms,
quantities and sentences took it 160-180 s of the build. Oxigraph answers a
constraint for every focus node at once (an index scan, a join, a count) in well
under a second there.

Compiled here is the part of SHACL Core and SHACL-SPARQL the shapes use, with the
meaning the SHACL recommendation gives it:

- targets: sh:targetClass (instances of the class or a subclass), sh:targetNode,
  sh:targetSubjectsOf, sh:targetObjectsOf;
- property shapes whose sh:path is an IRI or an sh:alternativePath of IRIs, with
  sh:minCount, sh:maxCount (distinct values), sh:datatype, sh:class, sh:pattern (no
  blank node matches), sh:minInclusive, sh:maxInclusive, sh:minExclusive,
  sh:maxExclusive (a value that does not compare is a violation);
- on a node shape: sh:class, sh:or of shapes with those constraints (sh:minCount
  only as 1 there), sh:property, and sh:sparql SELECT constraints, whose $this is
  left unbound and joined with the targets (the same solutions as pre-binding for
  constraints whose $this sits in a triple pattern, as in ontology/shapes.ttl).

Every constraint must name its message (sh:message on the shape or the SPARQL
constraint), as pySHACL reports it. Anything else (another constraint component, a
sequence path, a severity, sh:deactivated, $currentShape) raises Unsupported naming
the shape and the term, and shacl.violations then validates with rudof; the shapes
never pass unchecked. tests/test_native_build.py checks that this engine, rudof and
pySHACL report the same violations on every bad input.

The queries run over the union of the ontology and the asserted graph: what pySHACL
sees with the ontology as its ontology graph, and rudof with both in its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

TYPE_OF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"

# what a shape may say about itself besides its constraints
_DESCRIPTIVE = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.name, SH.description, SH.declare,
                URIRef("http://www.w3.org/2004/02/skos/core#definition")}
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
_VALUE_CONSTRAINTS = {SH.datatype, SH["class"], SH.pattern, SH.flags, SH.minInclusive, SH.maxInclusive,
                      SH.minExclusive, SH.maxExclusive}
_PROPERTY_TERMS = _DESCRIPTIVE | _VALUE_CONSTRAINTS | {SH.path, SH.minCount, SH.maxCount}
_NODE_TERMS = _DESCRIPTIVE | _TARGETS | {SH.property, SH["or"], SH["class"], SH.sparql}
_COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}


class Unsupported(Exception):
    """A shape uses SHACL this compiler does not answer (rudof validates instead)."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape: a SELECT whose rows are its violations (?this, and the
    variables its message names), and the message with {?var} still to fill in."""

    shape: str
    query: str
    message: str


def _term(node) -> str:
    """A term of the shapes as SPARQL text, through pyoxigraph's serialisation (which escapes)."""
    if isinstance(node, URIRef):
        return str(ox.NamedNode(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string))))
    raise Unsupported(f"a blank node {node} where an IRI or literal is expected")


def _name(shapes: Graph, shape) -> str:
    if isinstance(shape, URIRef):
        return str(shape)
    owner = next((s for s in shapes.subjects(SH.property, shape)), None)
    return f"a property shape of {owner}" if owner is not None else "a blank-node shape"


def _only(shapes: Graph, shape, allowed: set, where: str) -> None:
    for p in set(shapes.predicates(shape)):
        if p not in allowed:
            raise Unsupported(f"{where} uses {p}")


def _one(shapes: Graph, shape, p):
    values = list(shapes.objects(shape, p))
    if len(values) > 1:
        raise Unsupported(f"{_name(shapes, shape)} has {len(values)} values of {p}")
    return values[0] if values else None


def _list(shapes: Graph, head) -> list:
    return list(Collection(shapes, head))


def _path(shapes: Graph, shape) -> str:
    path = _one(shapes, shape, SH.path)
    if isinstance(path, URIRef):
        return _term(path)
    alternatives = _one(shapes, path, SH.alternativePath) if path is not None else None
    steps = _list(shapes, alternatives) if alternatives is not None else []
    if not steps or not all(isinstance(s, URIRef) for s in steps) or set(shapes.predicates(path)) != {SH.alternativePath}:
        raise Unsupported(f"{_name(shapes, shape)} has a path other than an IRI or an alternative of IRIs")
    return "(" + "|".join(_term(s) for s in steps) + ")"


def _value_condition(shapes: Graph, shape, p, value) -> str:
    """A SPARQL expression true where ?v violates the value constraint p value."""
    if p == SH.datatype:
        return f"(!isLiteral(?v) || datatype(?v) != {_term(value)})"
    if p == SH["class"]:
        return f"NOT EXISTS {{ ?v {TYPE_OF} {_term(value)} }}"
    if p == SH.pattern:
        flags = _one(shapes, shape, SH.flags)
        extra = f", {_term(Literal(str(flags)))}" if flags is not None else ""
        return f"(isBlank(?v) || !regex(str(?v), {_term(Literal(str(value)))}{extra}))"
    if p in _COMPARISONS:
        # SHACL: a value that does not compare with the bound is a violation; a SPARQL error is not true
        return f"!COALESCE(?v {_COMPARISONS[p]} {_term(value)}, false)"
    raise Unsupported(f"{_name(shapes, shape)} uses {p}")


def _message(shapes: Graph, shape, fallback=None) -> str:
    message = _one(shapes, shape, SH.message)
    if message is None and fallback is not None:
        message = _one(shapes, fallback, SH.message)
    if message is None:
        raise Unsupported(f"{_name(shapes, shape)} has no sh:message")
    return str(message)


def _count(shapes: Graph, shape, p) -> int | None:
    value = _one(shapes, shape, p)
    if value is None:
        return None
    if not isinstance(value, Literal) or not isinstance(value.toPython(), int) or value.toPython() < 0:
        raise Unsupported(f"{_name(shapes, shape)} has {p} {value}, not a whole number")
    return value.toPython()


def _targets(shapes: Graph, shape) -> str:
    """A subquery binding ?this to each focus node of the node shape, once."""
    parts = []
    for c in sorted(shapes.objects(shape, SH.targetClass)):
        parts.append(f"{{ ?this {TYPE_OF} {_term(c)} }}")
    for n in sorted(shapes.objects(shape, SH.targetNode)):
        parts.append(f"{{ VALUES ?this {{ {_term(n)} }} }}")
    for p in sorted(shapes.objects(shape, SH.targetSubjectsOf)):
        parts.append(f"{{ ?this {_term(p)} ?targetObject }}")
    for p in sorted(shapes.objects(shape, SH.targetObjectsOf)):
        parts.append(f"{{ ?targetSubject {_term(p)} ?this }}")
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }" if parts else ""


def _conditions(shapes: Graph, shape, path: str | None) -> list[str]:
    """Expressions, each true where ?this violates one constraint of a member shape of an sh:or."""
    found = []
    if path is not None:
        low, high = _count(shapes, shape, SH.minCount), _count(shapes, shape, SH.maxCount)
        if (low not in (None, 0, 1)) or high is not None:
            raise Unsupported(f"{_name(shapes, shape)}: only sh:minCount 1 is answered inside sh:or")
        if low == 1:
            found.append(f"NOT EXISTS {{ ?this {path} ?v }}")
    for p in _VALUE_CONSTRAINTS - {SH.flags}:
        for value in shapes.objects(shape, p):
            if path is None and p != SH["class"]:
                raise Unsupported(f"{_name(shapes, shape)} uses {p} on the focus node")
            condition = _value_condition(shapes, shape, p, value)
            found.append(f"EXISTS {{ ?this {path} ?v FILTER ({condition}) }}" if path is not None
                         else condition.replace("?v", "?this"))
    return found


def _property_checks(shapes: Graph, prop, targets: str) -> Iterable[Check]:
    _only(shapes, prop, _PROPERTY_TERMS, _name(shapes, prop))
    path = _path(shapes, prop)
    message = _message(shapes, prop)
    name = _name(shapes, prop)
    low, high = _count(shapes, prop, SH.minCount), _count(shapes, prop, SH.maxCount)
    if low:
        if low == 1:
            yield Check(name, f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {path} ?v }} }}", message)
        else:
            yield Check(name, f"""SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{
                {targets} OPTIONAL {{ ?this {path} ?v }} }} GROUP BY ?this }} FILTER (?n < {low}) }}""", message)
    if high is not None:
        yield Check(name, f"""SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{
            {targets} ?this {path} ?v }} GROUP BY ?this }} FILTER (?n > {high}) }}""", message)
    for p in _VALUE_CONSTRAINTS - {SH.flags}:
        for value in shapes.objects(prop, p):
            condition = _value_condition(shapes, prop, p, value)
            yield Check(name, f"SELECT DISTINCT ?this WHERE {{ {targets} ?this {path} ?v FILTER ({condition}) }}",
                        message)


def _prefixes(shapes: Graph, constraint) -> str:
    lines = []
    for owner in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix, namespace = _one(shapes, declaration, SH.prefix), _one(shapes, declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: {_term(URIRef(str(namespace)))}")
    return "\n".join(sorted(lines))


def _sparql_check(shapes: Graph, node, constraint, targets: str) -> Check:
    name = _name(shapes, node)
    _only(shapes, constraint, {RDF.type, SH.message, SH.prefixes, SH.select}, f"an sh:sparql constraint of {name}")
    select = _one(shapes, constraint, SH.select)
    if select is None:
        raise Unsupported(f"an sh:sparql constraint of {name} has no sh:select")
    text = str(select)
    if any(v in text for v in ("$currentShape", "$shapesGraph", "?currentShape", "?shapesGraph", "$PATH")):
        raise Unsupported(f"an sh:sparql constraint of {name} uses a pre-bound variable other than $this")
    body = text.replace("$this", "?this")
    query = f"{_prefixes(shapes, constraint)}\nSELECT * WHERE {{ {targets} {{ {body} }} }}"
    return Check(name, query, _message(shapes, constraint, fallback=node))


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every constraint of every node shape as a Check; Unsupported if one is beyond this compiler."""
    checks: list[Check] = []
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | {s for p in _TARGETS for s in shapes.subjects(p)}
    for node in sorted(nodes, key=str):
        name = _name(shapes, node)
        _only(shapes, node, _NODE_TERMS, name)
        if (node, RDF.type, RDFS.Class) in shapes or (node, RDF.type, OWL.Class) in shapes:
            raise Unsupported(f"{name} is also a class (implicit class target)")
        targets = _targets(shapes, node)
        if not targets:
            continue  # a shape without targets is validated only where another shape refers to it
        for prop in shapes.objects(node, SH.property):
            checks.extend(_property_checks(shapes, prop, targets))
        for c in shapes.objects(node, SH["class"]):
            checks.append(Check(name, f"SELECT DISTINCT ?this WHERE {{ {targets} "
                                      f"FILTER ({_value_condition(shapes, node, SH['class'], c).replace('?v', '?this')}) }}",
                                _message(shapes, node)))
        for members in shapes.objects(node, SH["or"]):
            each = []
            for member in _list(shapes, members):
                if not isinstance(member, BNode):
                    raise Unsupported(f"{name}: sh:or names {member}; only blank-node member shapes are answered")
                _only(shapes, member, _PROPERTY_TERMS, f"a member of sh:or of {name}")
                path = _path(shapes, member) if (member, SH.path, None) in shapes else None
                conditions = _conditions(shapes, member, path)
                if not conditions:
                    break  # a member without constraints conforms everywhere: the sh:or never fails
                each.append("(" + " || ".join(conditions) + ")")
            else:
                checks.append(Check(name, f"SELECT DISTINCT ?this WHERE {{ {targets} FILTER ({' && '.join(each)}) }}",
                                    _message(shapes, node)))
        for constraint in shapes.objects(node, SH.sparql):
            checks.append(_sparql_check(shapes, node, constraint, targets))
    return checks


def _text(term) -> str:
    return term.value if hasattr(term, "value") else str(term)


def violations(store: ox.Store, graphs: list[ox.NamedNode], checks: list[Check]) -> list[tuple[str, str]]:
    """(focus node, message) for each violation, sorted (as shapes.violations), over the union of graphs."""
    found = set()
    for check in checks:
        try:
            rows = store.query(check.query, default_graph=graphs)
        except SyntaxError as exc:
            raise Unsupported(f"{check.shape}: the compiled query does not parse ({exc})") from None
        for row in rows:
            message = check.message
            for variable in rows.variables:
                value = row[variable]
                if value is not None:
                    for sigil in "?$":
                        message = message.replace("{" + sigil + variable.value + "}", _text(value))
            focus = row["this"]
            found.add((str(focus) if isinstance(focus, ox.BlankNode) else _text(focus), message))
    return sorted(found)
