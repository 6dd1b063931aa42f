"""The rule layer runs its CONSTRUCT rules to a fixpoint, and only as many rounds as can add something."""

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Namespace

from msckg.build.native import reason as native_reason
from msckg.build.rules import MAX_ROUNDS, Rule, apply_rules, load_rules, rounds_needed
from msckg.paths import project_layout

X = Namespace("http://example.org/")


def rule(name: str, where: str, template: str = "?a x:ancestorOf ?c") -> Rule:
    text = f"PREFIX x: <{X}>\nCONSTRUCT {{ {template} }} WHERE {{ {where} }}"
    return Rule(name, f"test rule {name}", text, Path(f"{name}.rq"))


ANCESTOR = rule("ancestor", "{ ?a x:parentOf ?c } UNION { ?a x:ancestorOf ?b . ?b x:ancestorOf ?c }")


def family() -> Graph:
    g = Graph()
    for parent, child in (("anna", "ben"), ("ben", "cleo"), ("cleo", "dan")):
        g.add((X[parent], X.parentOf, X[child]))
    return g


def test_the_project_s_rules_are_done_in_one_round():
    """The computation-only rule writes msc:reportedOnlyByComputation, which no rule reads: a second
    round could only repeat the first."""
    assert rounds_needed(load_rules(project_layout().queries / "rules")) == 1


def test_a_rule_that_reads_what_it_writes_runs_to_its_fixpoint():
    assert rounds_needed([ANCESTOR]) == MAX_ROUNDS
    derived = apply_rules(family(), [ANCESTOR])[ANCESTOR]
    assert (X.anna, X.ancestorOf, X.dan) in derived  # three generations: found in a later round
    assert len(derived) == 6


def test_the_store_native_rules_reach_the_same_fixpoint():
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)) for s, p, o in family())
    assert native_reason.apply_rules(store, [ANCESTOR]) == {ANCESTOR: 6}


def test_a_predicate_read_inside_not_exists_or_a_path_counts_as_read():
    writes_parent = rule("parent", "?c x:childOf ?a", template="?a x:parentOf ?c")
    not_exists = rule("orphan", "?a a x:Person FILTER NOT EXISTS { ?b x:parentOf ?a }", template="?a a x:Orphan")
    path = rule("related", "?a (x:siblingOf|x:parentOf)+ ?c", template="?a x:relatedTo ?c")
    unrelated = rule("named", "?a x:name ?n", template="?a a x:Named")
    assert rounds_needed([writes_parent, not_exists]) == MAX_ROUNDS
    assert rounds_needed([writes_parent, path]) == MAX_ROUNDS
    assert rounds_needed([writes_parent, unrelated]) == 1


def test_a_variable_predicate_may_read_anything():
    anything = rule("any", "?a ?p ?c", template="?a x:linkedTo ?c")
    assert rounds_needed([anything]) == MAX_ROUNDS


def test_a_variable_predicate_in_the_template_may_write_anything():
    """The template writes whatever predicate ?p holds, here one the WHERE reads (x:uses)."""
    copies = rule("copy", "?a x:uses ?p . ?a x:value ?c", template="?a ?p ?c")
    assert rounds_needed([copies]) == MAX_ROUNDS


def test_a_rule_rdflib_cannot_read_gets_every_round_and_its_error_from_the_store():
    """rounds_needed never decides on a rule it cannot read; run_rule then names the broken rule."""
    broken = Rule("broken", "a broken rule", "CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }", Path("broken.rq"))
    assert rounds_needed([broken]) == MAX_ROUNDS
