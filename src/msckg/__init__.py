"""msckg: a knowledge graph of II-VI magic-size clusters and photocatalytic CO2 reduction.

The Python API (see ``msckg.api`` for examples)::

    import msckg
    kg = msckg.open_graph()                      # build/store, or open_graph("http://host/query")
    kg.describe("(CdSe)13")                      # every fact, with its sources
    kg.query("cq11-reachable-products", cb=-0.5) # a stored query, parameters bound by name
    kg.pathway_graph()                           # networkx MultiDiGraph of the synthesis map
    msckg.build_graph(reasoner="hermit")         # build the project's graph

Nothing heavy is imported until used: ``import msckg`` loads no RDF or graph library.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__all__ = ["KnowledgeGraph", "Rows", "build_graph", "open_graph", "__version__"]

if TYPE_CHECKING:
    from msckg.api import KnowledgeGraph, Rows, build_graph, open_graph


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("msckg")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0+unknown"
    if name in {"KnowledgeGraph", "Rows", "build_graph", "open_graph"}:
        return getattr(import_module("msckg.api"), name)
    raise AttributeError(f"module 'msckg' has no attribute {name!r}")
