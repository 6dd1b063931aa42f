"""The rule layer: SPARQL CONSTRUCT rules in queries/rules/, run to a fixpoint.

Rules derive what an open-world DL reasoner cannot (closed-world questions such
as "known by computation only") and what is cheaper as a rule on big graphs.
Each rule's header line ``#+ summary: ...`` says what it derives. A rule whose header
says ``#+ graph: findings`` derives closed-world findings (model v2): they are kept in
their own named graph, apart from the open-world entailments of the inferred graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef, Variable

from msckg.errors import InputError
from msckg.namespaces import MSCR
from msckg.query.store import from_oxigraph, to_oxigraph

MAX_ROUNDS = 10
RULE_GRAPHS = ("inferred", "findings")


@dataclass(frozen=True)
class Rule:
    name: str
    summary: str
    text: str
    path: Path
    graph: str = "inferred"  # the part its triples go to: "inferred", or "findings" (closed-world)

    @property
    def iri(self) -> URIRef:
        return MSCR[f"rule-{self.name}"]


def load_rules(folder: Path) -> list[Rule]:
    if not folder.is_dir():
        return []
    rules = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        summary = next((line.split(":", 1)[1].strip() for line in text.splitlines()
                        if line.startswith("#+ summary:")), None)
        if not summary:
            raise InputError("rule has no '#+ summary:' header line", where=str(path),
                             hint="say in one line what the rule derives")
        graph = next((line.split(":", 1)[1].strip() for line in text.splitlines()
                      if line.startswith("#+ graph:")), "inferred")
        if graph not in RULE_GRAPHS:
            raise InputError(f"rule names an unknown graph {graph!r}", where=str(path),
                             hint="use '#+ graph: inferred' or '#+ graph: findings'")
        rules.append(Rule(path.stem, summary, text, path, graph))
    return rules


def rounds_needed(rules: list[Rule]) -> int:
    """How many rounds can find something new: one when no rule's WHERE can match a triple that a
    rule's CONSTRUCT writes (then the second round only repeats the first), else MAX_ROUNDS.

    A rule's WHERE can match a written triple when it names the predicate the template writes, or
    when either side has a variable (or negated) predicate. Read from the algebra of rdflib's SPARQL
    parser, so that FILTER (NOT) EXISTS patterns and property paths count too."""
    written, read = set(), set()
    for rule in rules:
        algebra = _algebra(rule)
        if algebra is None:  # run_rule reports the error, with Oxigraph's line and column
            return MAX_ROUNDS
        written |= {ANY_PREDICATE if isinstance(p, Variable) else p for _, p, _ in algebra.get("template") or []}
        read |= _predicates(algebra["p"])
    if ANY_PREDICATE in written or ANY_PREDICATE in read or written & read:
        return MAX_ROUNDS
    return 1


ANY_PREDICATE = Variable("any predicate")  # stands for a variable or negated predicate


def _algebra(rule: Rule):
    """The rule's algebra, or None where rdflib's parser does not read it (or it is no CONSTRUCT)."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(rule.text).algebra
    except Exception:  # pyparsing's ParseException and rdflib's own errors
        return None
    return algebra if algebra.name == "ConstructQuery" else None


def _predicates(node) -> set:
    """The predicates of every triple pattern under an algebra node (ANY_PREDICATE for a variable)."""
    from rdflib.paths import NegatedPath, Path as PropertyPath
    from rdflib.plugins.sparql.parserutils import CompValue

    found: set = set()

    def of_path(path) -> None:
        if isinstance(path, URIRef):
            found.add(path)
        elif isinstance(path, PropertyPath) and not isinstance(path, NegatedPath):
            for part in getattr(path, "args", None) or [getattr(path, "arg", None) or getattr(path, "path", None)]:
                of_path(part)
        else:  # a variable, a negated path, or what this reading does not know: anything may match
            found.add(ANY_PREDICATE)

    def walk(value) -> None:
        if isinstance(value, CompValue):
            # translated patterns (BGP) hold (s, p, o) tuples; the patterns inside FILTER (NOT) EXISTS
            # stay in the parser's form (TriplesBlock), each a flat list s p o s p o ...
            for triples in value.get("triples") or []:
                for i in range(1, len(triples), 3):
                    of_path(triples[i])
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(node)
    return found


def run_rule(store: ox.Store, rule: Rule, **options) -> list[ox.Triple]:
    """The triples a rule's CONSTRUCT gives on the store (read whole: the caller may change the store
    next). A rule that does not run, or is no CONSTRUCT, is an error naming its file."""
    try:
        result = store.query(rule.text, **options)
    except (SyntaxError, OSError, ValueError) as exc:
        # Oxigraph's syntax errors list every character it would have accepted, over several lines
        detail = str(exc).splitlines()[0].split(": expected")[0]
        raise InputError(f"rule does not run: {detail}", where=str(rule.path),
                         hint="fix the SPARQL of the rule") from None
    if not isinstance(result, ox.QueryTriples):
        raise InputError("a rule must be a SPARQL CONSTRUCT query", where=str(rule.path),
                         hint="write the rule as CONSTRUCT { ... } WHERE { ... }")
    return list(result)


def apply_rules(base: Graph | Iterable[Graph], rules: list[Rule]) -> dict[Rule, Graph]:
    """New triples per rule, evaluated over base (a graph, or graphs read as their union)
    plus everything derived so far.

    The rules run on an in-memory pyoxigraph store: rdflib's engine took 10 s
    and 1 GB for one rule at 10^5 triples.
    """
    working = ox.Store()
    graphs = [base] if isinstance(base, Graph) else list(base)
    working.bulk_extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for g in graphs for s, p, o in g)
    derived: dict[Rule, Graph] = {rule: Graph() for rule in rules}
    for _ in range(rounds_needed(rules)):
        added = 0
        for rule in rules:
            for triple in run_rule(working, rule):
                quad = ox.Quad(triple.subject, triple.predicate, triple.object)
                if quad not in working:
                    working.add(quad)
                    derived[rule].add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),
                                       from_oxigraph(triple.object)))
                    added += 1
        if not added:
            break
    return derived
