"""Build the review's graph once per test session, then ask it questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from msckg.build.pipeline import BuiltGraph, build
from msckg.build.project import write_build
from msckg.commands.main import main
from msckg.paths import Layout, project_layout
from msckg.query.catalog import load_catalog
from msckg.query.store import EmbeddedStore


@pytest.fixture(scope="session")
def layout() -> Layout:
    return project_layout()


@pytest.fixture(scope="session")
def built(layout: Layout) -> BuiltGraph:
    return build(layout, reasoner="hermit")


@pytest.fixture(scope="session")
def build_dir(built: BuiltGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("msckg") / "build"
    write_build(built, target)
    return target


@pytest.fixture(scope="session")
def store(build_dir: Path) -> EmbeddedStore:
    return EmbeddedStore.open(build_dir / "store")


@pytest.fixture(scope="session")
def select(store: EmbeddedStore):
    """Run SPARQL with the project's prefixes; rows as dicts of plain strings/numbers."""
    prefixes = """
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
PREFIX unit: <http://qudt.org/vocab/unit/>
PREFIX msc:  <https://w3id.org/msckg/ontology/>
PREFIX mscr: <https://w3id.org/msckg/resource/>
PREFIX obo:  <http://purl.obolibrary.org/obo/>
"""

    def run(query: str, **bindings):
        rows = store.select(prefixes + query, bindings or None)
        return [{k: (v.toPython() if hasattr(v, "toPython") else v) for k, v in row.items()}
                for row in rows]

    return run


@pytest.fixture
def cli(build_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """Run msckg in this process on the session's build: cli("query", "cq11-reachable-products")."""
    monkeypatch.setenv("MSCKG_BUILD_DIR", str(build_dir))
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run


@pytest.fixture(scope="module")
def catalog():
    """The stored queries of the project, by name."""
    return load_catalog(project_layout().queries)
