"""Every stored query is plain SPARQL 1.1: a second engine (rdflib's) answers it like the embedded store.

Oxigraph-specific behaviour (an unbound variable tolerated in an aggregate, say) would break the
queries on other endpoints; rdflib's engine is strict where Oxigraph is lenient, so it catches that.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Literal

from msckg.query.catalog import load_catalog
from msckg.paths import project_layout
from msckg.query.store import bind_values

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
    """A term as compared across engines: numbers by value (one engine writes 7, another 7.0)."""
    if term is None:
        return ""
    if isinstance(term, Literal) and isinstance(term.value, (int, float, Decimal)) \
            and not isinstance(term.value, bool):
        return str(Decimal(str(term.value)).normalize())
    return str(term)


# Known defect, to be fixed by rewriting the query: rdflib's engine evaluates this query's grouped
# sub-select without the outer bindings (107 s for the sub-select alone on the merged graph, the
# whole query more than 20 minutes). Its rows are still compared on a second Oxigraph (test_endpoint)
# and on Virtuoso (test_virtuoso).
TOO_SLOW_FOR_RDFLIB = {"species-across-sources": "rdflib's engine takes over 20 minutes on its grouped "
                                                 "sub-select (a known defect of the query's form)"}


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_a_stored_query_gives_the_same_rows_on_rdflib(name, rdflib_dataset, store):
    if name in TOO_SLOW_FOR_RDFLIB:
        pytest.skip(f"{name}: {TOO_SLOW_FOR_RDFLIB[name]}")
    query = CATALOG[name]
    bindings = query.bindings({p.name: str(p.example) for p in query.parameters if p.required})
    embedded = store.select(query.text, bindings)
    result = rdflib_dataset.query(bind_values(query.text, bindings))
    other = list(result)
    assert len(other) == len(embedded) > 0
    if name not in ("cq07-pathway-edges", "cq08-larger-nanostructures",
                    "species-across-sources"):  # GROUP_CONCAT/SAMPLE order differs
        columns = [str(v) for v in result.vars]
        assert sorted(tuple(_value(row.get(c)) for c in columns) for row in embedded) == \
            sorted(tuple(_value(v) for v in row) for row in other)
