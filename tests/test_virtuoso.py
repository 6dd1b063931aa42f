"""A second SPARQL engine: the built graph published into Virtuoso gives the embedded store's rows.

Debian's virtuoso-opensource is started on free loopback ports with a throw-away database
(msckg.query.virtuoso), 'msckg publish' loads the build through the Graph Store Protocol,
and every stored query runs there through msckg.query.endpoint. Where Virtuoso 7.2 departs
from SPARQL 1.1 the difference is listed below with its reason, and the reason is tested
(a minimal query that shows it), so that a fixed engine or a new difference fails here.
Skipped, with the reason, where Virtuoso is not installed (scripts/setup.sh installs it).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import XSD

from msckg.commands.main import main
from msckg.query.answers import answer, comparable
from msckg.query.catalog import load_catalog
from msckg.query.endpoint import EndpointStore
from msckg.query.server import graphs_of
from msckg.query.store import StoreError
from msckg.query.virtuoso import VirtuosoServer, available

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))

# Virtuoso has no boolean type for computed values: BOUND, EXISTS and comparisons bound with BIND
# come back as 0 or 1 (xsd:integer; test_virtuoso_gives_computed_booleans_as_integers). Same rows
# once booleans are read as 0/1 (none left: cq02 also finds the most specific class, below).
BOOLEANS: set[str] = set()
# Virtuoso 7.2 drops the solutions of a FILTER NOT EXISTS whose pattern holds a second FILTER NOT
# EXISTS with a property path (rdfs:subClassOf+), the idiom that finds the most specific class of
# an individual (test_virtuoso_loses_the_most_specific_class below). Where it sits in an OPTIONAL,
# the class is left unbound and the rows are the same without it:
MOST_SPECIFIC_UNBOUND = {"cq06-transformations": "kind", "cq09-characterization": "techniqueKind"}
# ... where it decides which rows there are, rows are missing or come with a less specific class:
MOST_SPECIFIC_ROWS = {"cq01-clusters", "cq02-doped-alloyed-clusters", "cq05-synthesis-strategies", "cq07-pathway-edges",
                      "cq12-catalysts", "cq13-mechanisms"}
# Virtuoso cannot run a * or + path with both ends unbound ("transitive start not given",
# test_virtuoso_refuses_a_path_with_both_ends_unbound), which techniques-by-superclass needs; the
# two entity-bound listings (GRAPH ?graph with FILTER EXISTS in an OPTIONAL) give other rows for a
# reason not yet isolated. Their differences are asserted, not explained row by row.
OTHER = {"techniques-by-superclass", "inferred-vs-asserted", "describe-facts"}
# cq08 runs there since its II-VI test is one EXISTS over a UNION (Virtuoso 7.2 cannot parse two
# EXISTS joined by ||), and gives 2 of the 6 rows: the 4 rows read from class axioms are lost.
# Isolated so far: Virtuoso finds the 4 (kind of MSC, kind of nanostructure) axioms, and also the
# kinds below msc:MagicSizeCluster, but none of the 4 once FILTER EXISTS { ?msc rdfs:subClassOf+
# msc:MagicSizeCluster } is added (a sub-select of those kinds, or a step-by-step path, keeps 1
# or 0; test_virtuoso_loses_the_class_axioms_behind_a_subclass_path); why is not known, and no
# portable form is found yet. Its other columns (the step kind, the II-VI boolean) also differ.
NOT_YET_EXAMINED = {"cq08-larger-nanostructures"}
# Rewritten into forms both engines answer alike (each trap is tested below):
#  - entity-names and cq21-feasibility cast their booleans (xsd:boolean(...)): Virtuoso gives a
#    constant or computed boolean as 1 or 0, a cast one as a boolean;
#  - cq20 binds its figure aspect before the UNION of the group, not after it;
#  - cq11 tests a reaction's kind with an OPTIONAL, not IF(EXISTS {...}), whose value a FILTER then reads;
#  - potentials-at-ph takes MIN over STR() of its reactant names: CONCAT over MIN of a COALESCE of a
#    stored and a computed string was refused ("SR066: Unsupported case in CONVERT").
REFUSED: dict[str, str] = {}
DIFFERENT = BOOLEANS | set(MOST_SPECIFIC_UNBOUND) | MOST_SPECIFIC_ROWS | OTHER | NOT_YET_EXAMINED | set(REFUSED)


@pytest.fixture(scope="module")
def virtuoso(build_dir):
    with VirtuosoServer() as server:
        env = {"MSCKG_BUILD_DIR": str(build_dir)}
        result = CliRunner(env=env).invoke(main, ["publish", "--endpoint", server.graph_store_url])
        assert result.exit_code == 0, result.output
        yield server


@pytest.fixture(scope="module")
def endpoint(virtuoso):
    return EndpointStore(virtuoso.query_url, timeout=60)


def _rows(rows, *, booleans=False, mask=None):
    def term(value):
        if booleans and isinstance(value, Literal) and value.datatype == XSD.boolean:
            return Literal(int(value.toPython()), datatype=XSD.integer)
        return value

    return comparable([{k: term(v) for k, v in row.items() if k != mask} for row in rows], unordered_concat=True)


def test_publish_loads_every_graph_into_virtuoso(endpoint, build_dir):
    for graph, triples in graphs_of(build_dir / "msckg.nq").items():
        rows = EndpointStore(endpoint.url, graphs=[graph]).select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(rows[0]["n"]) == len(set(map(str, triples))), graph


CATALOG = load_catalog(__import__("msckg.paths", fromlist=["x"]).project_layout().queries)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_stored_query_gives_the_embedded_rows_on_virtuoso(store, endpoint, name):
    query = CATALOG[name]
    given = {p.name: str(p.example) for p in query.parameters if p.required}
    if name in REFUSED:
        with pytest.raises(StoreError, match=REFUSED[name]):
            answer(endpoint, query, given)
        assert answer(store, query, given).rows
        return
    here, there = answer(store, query, given).rows, answer(endpoint, query, given).rows
    if name not in DIFFERENT:
        assert _rows(there) == _rows(here)
    elif name in BOOLEANS:
        assert _rows(there) != _rows(here) and _rows(there, booleans=True) == _rows(here, booleans=True)
    elif name in MOST_SPECIFIC_UNBOUND:
        mask = MOST_SPECIFIC_UNBOUND[name]
        assert _rows(there) != _rows(here) and _rows(there, mask=mask) == _rows(here, mask=mask)
    else:  # a known difference: if Virtuoso starts agreeing, move the query out of the lists
        assert _rows(there) != _rows(here)


MOST_SPECIFIC = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX msc: <https://w3id.org/msckg/ontology/>
SELECT ?kind WHERE {
  <https://w3id.org/msckg/resource/CdSe13> a ?kind . ?kind rdfs:subClassOf* msc:Nanocluster .
  FILTER NOT EXISTS { ?lower rdfs:subClassOf ?kind . <https://w3id.org/msckg/resource/CdSe13> a ?lower .
                      FILTER (?lower != ?kind) FILTER NOT EXISTS { ?kind rdfs:subClassOf+ ?lower } } }"""


def test_virtuoso_gets_the_most_specific_class_wrong(store, endpoint):
    assert store.select(MOST_SPECIFIC)
    assert _rows(endpoint.select(MOST_SPECIFIC)) != _rows(store.select(MOST_SPECIFIC))


def test_virtuoso_gives_computed_booleans_as_integers(store, endpoint):
    query = "SELECT ?b WHERE { BIND (BOUND(?nothing) AS ?b) }"
    assert store.select(query)[0]["b"] == Literal(False)
    assert endpoint.select(query)[0]["b"] == Literal(0, datatype=XSD.integer)


def test_virtuoso_keeps_a_cast_boolean(store, endpoint):
    query = ("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?constant ?cast WHERE "
             "{ BIND (true AS ?constant) BIND (xsd:boolean(1 < 2) AS ?cast) }")
    there = endpoint.select(query)[0]
    assert there["constant"] == Literal(1, datatype=XSD.integer)
    assert there["cast"] == Literal(True) == store.select(query)[0]["cast"]


MIN_OF_A_COALESCE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX msc: <https://w3id.org/msckg/ontology/>
SELECT ?reaction (CONCAT(MIN(%s), "/") AS ?couple) WHERE {
  ?reaction msc:hasReactant ?reactant .
  OPTIONAL { ?reactant msc:formula ?formula } OPTIONAL { ?reactant rdfs:label ?label }
  BIND (%s AS ?name)
} GROUP BY ?reaction"""


def test_virtuoso_refuses_concat_over_min_of_a_coalesced_string(store, endpoint):
    refused = MIN_OF_A_COALESCE % ("?name", "COALESCE(?formula, STR(?label))")
    with pytest.raises(StoreError, match="SR066"):
        endpoint.select(refused)
    portable = MIN_OF_A_COALESCE % ("STR(?name)", "STR(COALESCE(?formula, ?label))")  # potentials-at-ph
    assert _rows(store.select(portable)) == _rows(store.select(refused))
    assert _rows(endpoint.select(portable)) == _rows(store.select(portable))


UNION_THEN_BIND = """PREFIX msc: <https://w3id.org/msckg/ontology/>
SELECT ?performance ?aspect WHERE {
  ?reaction msc:hasTargetProduct ?product .
  { %s { ?performance msc:measuredFor ?product } UNION { ?performance msc:measuredFor ?reaction } %s }
}"""


def test_virtuoso_loses_a_union_of_outer_variables_followed_by_bind(store, endpoint):
    after = UNION_THEN_BIND % ("", 'BIND ("figure" AS ?aspect)')
    before = UNION_THEN_BIND % ('BIND ("figure" AS ?aspect)', "")  # cq20
    assert store.select(after) and _rows(store.select(before)) == _rows(store.select(after))
    assert endpoint.select(after) == []
    assert _rows(endpoint.select(before)) == _rows(store.select(before))


CLASS_AXIOMS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX msc: <https://w3id.org/msckg/ontology/>
SELECT ?msc ?nanostructure WHERE {
  ?msc rdfs:subClassOf ?restriction .
  ?restriction owl:onProperty msc:isIntermediateInFormationOf ; owl:someValuesFrom ?nanostructure .
  %s
}"""


def test_virtuoso_loses_the_class_axioms_behind_a_subclass_path(store, endpoint):
    # cq08's class-axiom rows: the kinds of MSC the review says are intermediates of a kind of
    # nanostructure; Virtuoso finds them, and loses all once they must be kinds of MSC
    assert _rows(endpoint.select(CLASS_AXIOMS % "")) == _rows(store.select(CLASS_AXIOMS % ""))
    of_msc = CLASS_AXIOMS % "FILTER EXISTS { ?msc rdfs:subClassOf+ msc:MagicSizeCluster }"
    assert store.select(of_msc) and endpoint.select(of_msc) == []


KIND_OF_REACTION = """PREFIX qudt: <http://qudt.org/schema/qudt/>
PREFIX msc: <https://w3id.org/msckg/ontology/>
SELECT ?reaction ?kind WHERE {
  ?reaction msc:hasStandardPotential ?potential . ?potential qudt:numericValue ?E0 .
  FILTER (?E0 > -1.5)
  ?reaction a msc:ReductionHalfReaction .
  %s
  FILTER (?kind = "CO2 reduction" || ?kind = "proton reduction")
}"""


def test_virtuoso_gets_a_kind_bound_from_if_exists_wrong_once_a_filter_reads_it(store, endpoint):
    # the kind of each half-reaction, tested on the reaction itself and then filtered on: Virtuoso
    # gives some reactions a kind they do not have when the test is IF(EXISTS {...}) (cq11's first
    # per-reaction form; without the FILTER it gives the right kinds); the test as an OPTIONAL
    # with a filter of its own (cq11 now) gives the embedded rows
    if_exists = KIND_OF_REACTION % """BIND (IF(EXISTS { ?reaction a msc:CO2ReductionReaction }, "CO2 reduction",
           IF(EXISTS { ?reaction a msc:ProtonReduction }, "proton reduction", "")) AS ?kind)"""
    optional = KIND_OF_REACTION % """OPTIONAL { ?reaction a ?protonClass . FILTER (?protonClass = msc:ProtonReduction) }
  BIND (IF(BOUND(?protonClass), "proton reduction", "CO2 reduction") AS ?kind)"""
    embedded = store.select(if_exists)
    assert {str(row["kind"]) for row in embedded} == {"CO2 reduction", "proton reduction"}
    here = _rows(embedded)
    assert _rows(store.select(optional)) == here
    assert _rows(endpoint.select(if_exists)) != here
    assert _rows(endpoint.select(optional)) == here
