"""The Python API: the built graph for notebooks and scripts, a thin shell over the core.

Open the graph a build wrote (the embedded store under ``build/store``) or any SPARQL 1.1
endpoint, and ask it what the CLI asks:

>>> import msckg
>>> kg = msckg.open_graph()
>>> [d.label for d in kg.describe("(CdSe)13")]
['(CdSe)13']
>>> rows = kg.query("cq10-half-reactions")            # Table 1 of the review
>>> rows.variables[:3]
['reaction', 'kind', 'equation']
>>> [(row["equation"], float(row["E0"])) for row in rows][:2]
[('CO₂ + e⁻ → CO₂•⁻', -1.9), ('CO₂ + 2H⁺ + 2e⁻ → HCOOH', -0.61)]

Parameters are given by name and bound as RDF terms, never pasted into the query:

>>> [row["productLabel"] for row in kg.query("cq11-reachable-products", cb=-0.5)]
['CH4', 'CH3OH', 'H2', 'HCHO']

The synthesis map is a networkx graph of species and steps:

>>> routes = kg.pathway_graph()
>>> type(routes).__name__
'MultiDiGraph'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msckg.paths import Layout, project_layout

if TYPE_CHECKING:  # the heavy stacks load when first used, not on `import msckg`
    import networkx
    import pandas

    from msckg.query.describe import Description
    from msckg.query.store import Store


@dataclass(frozen=True)
class Rows(Sequence):
    """The rows of a SELECT answer: a sequence of dicts of plain Python values.

    ``terms`` keeps the RDF terms (rdflib) of each row; ``to_dataframe()`` needs pandas.
    """

    variables: list[str]
    terms: list[dict]

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._plain(row) for row in self.terms[index]]
        return self._plain(self.terms[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._plain(row) for row in self.terms)

    def _plain(self, row: dict) -> dict[str, Any]:
        from msckg.query.formats import plain

        values: dict[str, Any] = {}
        for name in self.variables:
            term = row.get(name)
            if term is None:
                values[name] = None
            elif hasattr(term, "datatype") and term.datatype is not None:
                values[name] = term.toPython()
            else:
                values[name] = plain(term)
        return values

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (pandas is optional: ``pip install pandas``)."""
        try:
            import pandas
        except ImportError:
            from msckg.errors import InputError

            raise InputError("pandas is not installed", hint="pip install pandas") from None
        return pandas.DataFrame(list(self), columns=self.variables)


class KnowledgeGraph:
    """A built msckg graph: the embedded store of a build, or a SPARQL 1.1 endpoint."""

    def __init__(self, store: Store, layout: Layout):
        self.store = store
        self.layout = layout

    def describe(self, name: str) -> list[Description]:
        """Every fact about the entities called ``name`` (matched as ``msckg describe`` matches)."""
        from msckg.query.describe import describe

        return describe(self.store, self.layout.queries, name)

    def queries(self) -> list[str]:
        """The names of the stored queries (``msckg queries``)."""
        from msckg.query.catalog import load_catalog

        return sorted(load_catalog(self.layout.queries))

    def query(self, name: str, **params: object) -> Rows:
        """Run a stored query by name; keyword arguments are its parameters (bound, never pasted)."""
        from msckg.query.answers import answer
        from msckg.query.catalog import find_query

        stored = find_query(self.layout.queries, name)
        result = answer(self.store, stored, {key: str(value) for key, value in params.items()},
                        queries=self.layout.queries)
        if result.form == "ASK":
            return Rows(variables=["answer"], terms=[{"answer": _boolean(result.boolean)}])
        return Rows(variables=result.variables, terms=result.rows)

    def pathway_graph(self) -> networkx.MultiDiGraph:
        """The synthesis and transformation map as a networkx MultiDiGraph (species and steps)."""
        from msckg.pathways.graph import pathway_graph

        return pathway_graph(self.store, self.layout.queries)


def _boolean(value: bool | None):
    from rdflib import Literal

    return Literal(bool(value))


def open_graph(endpoint: str | None = None, *, project: str | Path | None = None,
               timeout: float = 30.0) -> KnowledgeGraph:
    """The built graph: the project's embedded store, or the SPARQL endpoint at ``endpoint``."""
    layout = project_layout(Path(project) if project is not None else None)
    if endpoint is None:
        from msckg.query.store import EmbeddedStore

        return KnowledgeGraph(EmbeddedStore.open(layout.build / "store"), layout)
    from msckg.query.endpoint import EndpointStore

    return KnowledgeGraph(EndpointStore(endpoint, timeout=timeout), layout)


def build_graph(reasoner: str = "hermit", *, project: str | Path | None = None,
                out: str | Path | None = None) -> dict:
    """Build the project's graph (as ``msckg build``) and return the build summary."""
    from msckg.build.project import build_project

    layout = project_layout(Path(project) if project is not None else None)
    summary, _ = build_project(layout, reasoner=reasoner, out=Path(out) if out is not None else None)
    return summary
