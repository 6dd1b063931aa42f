"""msckg import: an external ontology in the store lets stored queries follow its hierarchy."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from msckg.query.catalog import find_query
from msckg.errors import InputError, NotFoundError
from msckg.links.importer import detect_format, graph_iri, import_file, list_imports, remove_import
from msckg.query.store import EmbeddedStore, create_store
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHMO_TTL = FIXTURES / "chmo-mass-spectrometry-extract.ttl"
CHMO_OBO = FIXTURES / "chmo-mass-spectrometry-extract.obo"
OBO = "http://purl.obolibrary.org/obo/"
MSCR = "https://w3id.org/msckg/resource/"


@pytest.fixture
def build_copy(build_dir, tmp_path) -> Path:
    """A fresh store of the session build's dataset: imports never touch the session build."""
    target = tmp_path / "build"
    target.mkdir()
    create_store(target / "store", build_dir / "msckg.nq")
    return target


def techniques(store, superclass: str | None = None) -> dict[str, set[str]]:
    """technique -> the entities its characterizations characterized (via: the technique itself)."""
    query = find_query(QUERIES, "techniques-by-superclass")
    given = {"superclass": superclass} if superclass else {}
    found: dict[str, set[str]] = {}
    for row in store.select(query.text, query.bindings(given)):
        if row["via"] == row["technique"]:
            entities = found.setdefault(str(row["technique"]).removeprefix(MSCR), set())
            if "entity" in row:
                entities.add(str(row["entity"]).removeprefix(MSCR))
    return found


def test_the_query_finds_techniques_under_mass_spectrometry_after_importing_chmo(build_copy):
    record = import_file(build_copy, CHMO_TTL, "chmo")
    assert record.graph == "https://w3id.org/msckg/graph/external/chmo" and record.triples == 17
    found = techniques(EmbeddedStore.open(build_copy / "store"))
    assert set(found) == {"TOF-MS", "LDI-MS"}
    assert found["LDI-MS"] == {"CdSe33", "CdSe34"}
    # model v2: TOF-MS characterizes II-VI MSCs as a kind (a class axiom), no longer an individual
    assert found["TOF-MS"] == {"https://w3id.org/msckg/ontology/IIVIMagicSizeCluster"}


def test_a_narrower_superclass_finds_only_what_lies_below_it(build_copy):
    import_file(build_copy, CHMO_TTL, "chmo")
    store = EmbeddedStore.open(build_copy / "store")
    assert set(techniques(store, OBO + "CHMO_0000712")) == {"LDI-MS"}  # laser mass spectrometry
    assert techniques(store, OBO + "CHMO_0000519") == {}  # MALDI: nothing of ours below it


def test_without_the_import_the_hierarchy_is_not_there(store):
    assert techniques(store, OBO + "CHMO_0000712") == {}
    # the class-level mapping msc:MassSpectrometry = CHMO:0000470 still holds without CHMO
    query = find_query(QUERIES, "techniques-by-superclass")
    rows = store.select(query.text, query.bindings({}))
    # model v2: mass spectrometry as the review discusses it is the class itself, not an individual
    assert {str(r["technique"]).removeprefix(MSCR) for r in rows} == {"TOF-MS", "LDI-MS"}


def test_the_import_is_a_named_graph_of_its_own_and_a_second_import_replaces_it(build_copy):
    import_file(build_copy, CHMO_TTL, "chmo")
    import_file(build_copy, CHMO_TTL, "chmo")
    raw = ox.Store.read_only(str(build_copy / "store"))
    graph = ox.NamedNode(graph_iri("chmo"))
    assert len(list(raw.quads_for_pattern(None, None, None, graph))) == 17
    build_graphs = {str(g.value) for g in raw.named_graphs()}
    assert {"https://w3id.org/msckg/graph/asserted", graph_iri("chmo")} <= build_graphs
    del raw
    assert [e.name for e in list_imports(build_copy)] == ["chmo"]
    remove_import(build_copy, "chmo")
    assert list_imports(build_copy) == []
    with pytest.raises(NotFoundError):
        remove_import(build_copy, "chmo")


def test_obo_is_read_through_py_horned_owl_with_the_same_hierarchy(build_copy):
    assert detect_format(CHMO_OBO) == "horned:obo"
    import_file(build_copy, CHMO_OBO, "chmo-obo")
    store = EmbeddedStore.open(build_copy / "store")
    query = """SELECT ?c ?d WHERE { GRAPH ?g { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?d } }"""
    edges = {(str(r["c"]), str(r["d"])) for r in store.select(query, {"g": URIRef(graph_iri("chmo-obo"))})}
    expected = {(OBO + c, OBO + d) for c, d in [("CHMO_0000580", "CHMO_0000470"), ("CHMO_0000712", "CHMO_0000470"),
                                                ("CHMO_0000515", "CHMO_0000712"), ("CHMO_0000519", "CHMO_0000515"),
                                                ("CHMO_0000520", "CHMO_0000519")]}
    assert edges == expected
    assert set(techniques(store)) == {"TOF-MS", "LDI-MS"}


def test_a_broken_file_stops_with_one_line_and_leaves_the_store_as_it_was(build_copy, tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("<http://x/a> <http://x/b> .\n")
    with pytest.raises(InputError, match="not valid"):
        import_file(build_copy, bad)
    bad_obo = tmp_path / "broken.obo"
    bad_obo.write_text("[Term\nid: X:1\n")
    with pytest.raises(InputError, match="ROBOT"):
        import_file(build_copy, bad_obo)
    with pytest.raises(InputError, match="cannot import"):
        import_file(build_copy, _touch(tmp_path / "x.csv"))
    with pytest.raises(InputError, match="not usable"):
        import_file(build_copy, CHMO_TTL, "no spaces")
    assert list_imports(build_copy) == []
    raw = ox.Store.read_only(str(build_copy / "store"))
    assert not [g for g in raw.named_graphs() if "external" in g.value]


def _touch(path: Path) -> Path:
    path.write_text("a,b\n")
    return path


def test_import_cli_imports_lists_and_says_a_rebuild_drops_it(build_copy):
    result = run_cli("import", str(CHMO_TTL), "--name", "chmo", build_dir=build_copy)
    assert result.returncode == 0, result.stderr
    assert "17 triples" in result.stdout and "drops" in result.stdout
    listed = run_cli("import", "--list", build_dir=build_copy)
    assert listed.stdout.startswith("chmo\t17 triples")
    missing = run_cli("import", build_dir=build_copy)
    assert missing.returncode == 2 and missing.stderr.startswith("msckg: error:")
