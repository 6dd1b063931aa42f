"""Every stored query is plain SPARQL 1.1: a second engine (rdflib's) answers it like the embedded store.

Oxigraph-specific behaviour (an unbound variable tolerated in an aggregate, say) would break the
queries on other endpoints; rdflib's engine is strict where Oxigraph is lenient, so it catches that.

Parameters reach rdflib as initial bindings, as they reach the embedded store (Oxigraph
substitutions): rdflib joins a VALUES block only after evaluating the group it opens, which made
describe-facts run for more than 400 s. The VALUES text that endpoints receive is checked on a
second Oxigraph (test_endpoint) and on Virtuoso (test_virtuoso).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Literal

from msckg.query.catalog import load_catalog
from msckg.paths import project_layout

# rdflib 7.6 warns about its own Dataset internals on every quad it reads and every row it joins
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

QUERIES = project_layout().queries
CATALOG = {**load_catalog(QUERIES), **load_catalog(QUERIES / "lib")}


@pytest.fixture(scope="module")
def rdflib_dataset(build_dir: Path) -> Dataset:
    dataset = Dataset(default_union=True)
    dataset.parse(build_dir / "msckg.nq", format="nquads")
    return dataset


def _value(term) -> str:
    """A term as compared across engines: numbers by value (one engine writes 7, another 7.0), and
    blank nodes (a class restriction, say) as blank: each store names them its own way."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return "_:blank"
    if isinstance(term, Literal) and isinstance(term.value, (int, float, Decimal)) \
            and not isinstance(term.value, bool):
        return str(Decimal(str(term.value)).normalize())
    return str(term)


# Known defects, to be fixed by rewriting the queries into forms rdflib can plan: its engine orders
# the patterns of a group by how many terms are bound, so two rdf:type tests become a cross product
# of the graph's typed individuals. (species-across-sources took over 20 minutes there while its
# key part was a grouped sub-select; cut from the provenance index msc:hasFactSource it takes 5 s,
# so it is compared.)
# Measured on the merged graph (43,002 triples), one query at a time. Their rows are still compared
# on a second Oxigraph (test_endpoint) and, where it agrees with SPARQL 1.1, on Virtuoso (test_virtuoso).
TOO_SLOW_FOR_RDFLIB = {
    # (a CI run that waited for these two reported them failing; the rows were not yet compared)
    "cq08-larger-nanostructures": "rdflib's engine takes over 15 minutes (a cross product of typed individuals)",
    "cq13-mechanisms": "rdflib's engine takes over 4 minutes (a cross product of typed individuals)",
}


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_a_stored_query_gives_the_same_rows_on_rdflib(name, rdflib_dataset, store):
    if name in TOO_SLOW_FOR_RDFLIB:
        pytest.skip(f"{name}: {TOO_SLOW_FOR_RDFLIB[name]}")
    query = CATALOG[name]
    bindings = query.bindings({p.name: str(p.example) for p in query.parameters if p.required})
    embedded = store.select(query.text, bindings)
    result = rdflib_dataset.query(query.text, initBindings=bindings)
    other = list(result)
    assert len(other) == len(embedded) > 0
    if name not in ("cq07-pathway-edges", "cq08-larger-nanostructures"):  # GROUP_CONCAT/SAMPLE order differs
        columns = [str(v) for v in result.vars]
        assert sorted(tuple(_value(row.get(c)) for c in columns) for row in embedded) == \
            sorted(tuple(_value(v) for v in row) for row in other)
