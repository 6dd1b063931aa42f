"""Transformation pathways: the routes the review describes, with the right kinds and reagents;
the graph asked only through the Store interface; new step kinds without code changes; drawings
in every format (Graphviz when installed, the matplotlib fallback always); lossless GraphML/JSON."""

from __future__ import annotations

import json
import shutil

import networkx as nx
import pyoxigraph as ox
import pytest

from msckg.query.catalog import find_query
from msckg.errors import InputError, NotFoundError
from msckg.pathways import analysis
from msckg.pathways.graph import build_graph, load_rows, pathway_graph, split, species
from msckg.pathways.render import RenderOptions, formats, render
from msckg.pathways.render import _graphviz
from msckg.pathways.render.graphml import read_graphml
from msckg.pathways.render.node_link import read_json
from msckg.pathways.render.style import edge_lines, kind_colour, legend, refs_text
from msckg.pathways.resolve import resolve_species
from msckg.query.store import EmbeddedStore
from tests.helpers import run_cli

R = "https://w3id.org/msckg/resource/"
MSC = "https://w3id.org/msckg/ontology/"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def graph(store, layout) -> nx.MultiDiGraph:
    return pathway_graph(store, layout.queries)


@pytest.fixture(scope="module")
def names(graph, store, layout):
    return lambda text: resolve_species(graph, text, store, layout.queries)


def only_route(graph, names, source, target):
    found = analysis.routes(graph, names(source), names(target))
    assert found, f"no route from {source} to {target}"
    return found


# --- the routes the review describes ---------------------------------------------------------

@pytest.mark.parametrize("cluster", ["MSC-299", "MSC-328"])
def test_znse_precursor_compounds_to_both_clusters(graph, names, cluster):
    assert names("ZnSe PCs") == [R + "ZnSe-PCs"]
    (route,) = only_route(graph, names, "ZnSe PCs", cluster)
    (hop,) = route.hops
    assert (hop.source, hop.target) == (R + "ZnSe-PCs", R + cluster)
    assert hop.data["kind"] == "PrecursorCompoundTransformation"
    assert set(split(hop.data["reagents"])) == {"octylamine", "acetic acid"}
    assert split(hop.data["conditions"]) == ["room temperature"]


def test_znse_pcs_make_exactly_their_two_clusters(graph, names):
    made = {r.node for r in analysis.reachable(graph, names("ZnSe PCs"))}
    assert made == {R + "MSC-299", R + "MSC-328"}
    (branch,) = [b for b in analysis.branch_points(graph) if b.node == R + "ZnSe-PCs"]
    assert branch.product_species == [R + "MSC-299", R + "MSC-328"]


def test_cdse33_34_to_cu2se_by_cation_exchange(graph, names):
    sources = names("(CdSe)33/34")
    assert sources == [R + "CdSe33", R + "CdSe34"]
    found = only_route(graph, names, "(CdSe)33/34", "Cu2Se")
    direct = [r for r in found if len(r) == 1]
    assert {r.hops[0].source for r in direct} == set(sources)
    for route in direct:
        data = route.hops[0].data
        assert data["kind"] == "CationExchange"
        assert split(data["reagents"]) == ["tetrakis(acetonitrile)copper(I) hexafluorophosphate"]
        assert any("glove box" in c for c in split(data["conditions"]))
        assert refs_text(data["refs"]) == "ref. 64"
    # and the same conversion told in its parts: Cu+ doping, then continuous cation exchange
    stepwise = [r for r in found if len(r) == 2]
    assert {tuple(r.kinds) for r in stepwise} == {("Doping", "CationExchange")}
    assert {r.nodes[1] for r in stepwise} == {R + "Cu-doped-CdSe33-34-six-coordinate"}


def test_template_route_to_released_clusters(graph, names):
    (route,) = only_route(graph, names, "metal salt", "(ME)n")
    assert route.kinds == ["TemplateFormation", "TemplateGrowth", "LigandExchangeRelease"]
    # model v2: metal salts and (ME)n clusters are kinds (classes) the steps name, not individuals
    assert route.nodes == [MSC + "MetalSalt", R + "bilayer-template", R + "MEn-cluster-in-template",
                           MSC + "MEnCluster"]
    assert split(route.hops[-1].data["reagents"]) == ["oleylamine"]
    # the amine of the bilayer leads there too
    assert analysis.routes(graph, names("primary amine"), names("(ME)n"))


def test_cds13_to_cds_nanoplatelets(graph, names):
    (route,) = only_route(graph, names, "(CdS)13", "CdS nanoplatelets")
    assert route.kinds == ["ConversionToLargerNanostructure"]
    assert refs_text(route.hops[0].data["refs"]) == "ref. 49"


def test_msc399_isomerizes_to_msc422_not_back(graph, names):
    (route,) = only_route(graph, names, "MSC-399", "MSC-422")
    data = route.hops[0].data
    assert data["kind"] == "Isomerization"
    assert split(data["stimuli"]) == ["external chemical stimuli"]
    assert split(data["conditions"]) == ["low temperatures"]
    assert analysis.routes(graph, names("MSC-422"), names("MSC-399")) == []


def test_layer_by_layer_cdse_series(graph):
    (series,) = analysis.growth_series(graph)
    assert len(series.nodes) == 9 and len(series) == 8
    assert set(series.kinds) == {"LayerByLayerGrowth"}
    assert [graph.nodes[n]["label"] for n in series.nodes] == \
        [f"CdSe MSC, size {i} of 9 (Mule et al. series)" for i in range(1, 10)]
    assert {refs_text(h.data["refs"]) for h in series.hops} == {"ref. 34"}


def test_into_a_product_and_steps_without_stated_precursors(graph, names):
    upstream = analysis.into(graph, names("Cu2Se"))
    assert {r.node for r in upstream if r.is_species} == \
        {R + "CdSe33", R + "CdSe34", R + "Cu-doped-CdSe33-34-six-coordinate"}
    assert R + "Kasuya2004-synthesis" in {r.node for r in upstream if not r.is_species}


def test_missing_conditions(graph):
    lacking = {s.step for s in analysis.missing_conditions(graph)}
    assert R + "CdS13-to-CdS-nanoplatelets" in lacking
    assert R + "Buhro-template-formation" in lacking
    for stated in ("ZnSe-PCs-to-MSC-299", "MSC-399-to-MSC-422-isomerization",
                   "White-conversion-CdSe33-34-to-Cu2Se", "Mule-LbL-growth-1-2"):
        assert R + stated not in lacking


def test_reachability_equals_the_reasoners_can_be_converted_into(graph, store):
    """The graph and the OWL property chain (isInputOf o hasOutput, transitive) agree exactly."""
    # model v2: steps that name kinds (the template route from metal salts) are drawn, but the
    # property chain relates individuals only, so the comparison leaves the kinds out
    kinds = {n for n in species(graph) if n.startswith(MSC)}
    graph = graph.subgraph(n for n in graph if n not in kinds)
    ours = {(a, r.node) for a in species(graph) for r in analysis.reachable(graph, [a])}
    rows = store.select("PREFIX msc: <https://w3id.org/msckg/ontology/> "
                        "SELECT ?a ?b WHERE { ?a msc:canBeConvertedInto ?b }")
    theirs = {(str(r["a"]), str(r["b"])) for r in rows}
    # the transitive property also relates a species on a cycle to itself (Chen 2023: a CdSe
    # MSC turns into its PC and back); reachability lists what a species turns into, not itself
    on_cycles = {n for cycle in nx.simple_cycles(graph) for n in cycle}
    assert {a for a, b in theirs if a == b} == on_cycles
    assert ours == {(a, b) for a, b in theirs if a != b}


# --- the stored queries -------------------------------------------------------------------------

def test_edge_query_covers_every_step(store, layout, graph):
    steps = {str(r["s"]) for r in store.select(
        "SELECT DISTINCT ?s WHERE { ?s a <https://w3id.org/msckg/ontology/Step> }")}
    rows = load_rows(store, layout.queries)
    assert {r["step"] for r in rows} == steps
    assert all(r.get("kind") for r in rows)
    drawn = {k for _, _, k in graph.edges(keys=True)} | \
        {n for n, d in graph.nodes(data=True) if d.get("node_type") == "step"}
    assert drawn == steps


def test_larger_nanostructures_query(store, layout):
    rows = store.select(find_query(layout.queries, "cq08-larger-nanostructures").text)
    got = {(str(r["nanostructure"]), str(r["via"])) for r in rows}
    assert (R + "CdS-nanoplatelets", "step") in got
    # model v2: the review says of II-VI MSCs as a kind that they are intermediates of II-VI
    # nanobelts, nanoribbons and quantum dots (class axioms, no longer generic individuals)
    for kind in ("IIVINanobelt", "IIVINanoribbon", "IIVIQuantumDot"):
        assert (MSC + kind, "intermediate") in got
    conversion = [r for r in rows if str(r["nanostructure"]) == R + "CdS-nanoplatelets"]
    assert str(conversion[0]["msc"]) == R + "CdS13"
    assert str(conversion[0]["kind"]) == MSC + "ConversionToLargerNanostructure"
    assert str(conversion[0]["refs"]) == "49"
    clusters = {str(r["s"]) for r in store.select(
        "SELECT ?s WHERE { ?s a <https://w3id.org/msckg/ontology/Nanocluster> }")}
    assert not {str(r["nanostructure"]) for r in rows} & clusters


# --- only the Store interface; new papers without code changes --------------------------------

class SelectOnly:
    """A store that can only answer SELECT, as an endpoint would: no embedded shortcuts."""

    def __init__(self, inner):
        self.inner = inner
        self.queries = 0

    def select(self, query, bindings=None):
        self.queries += 1
        return self.inner.select(query, bindings)

    def ask(self, query, bindings=None):
        return self.inner.ask(query, bindings)


def test_graph_is_built_through_the_store_interface(store, layout, graph):
    proxy = SelectOnly(store)
    again = pathway_graph(proxy, layout.queries)
    assert proxy.queries == 1
    assert nx.utils.graphs_equal(again, graph)


def test_the_same_graph_from_a_sparql_endpoint(build_dir, layout, graph):
    """Served over HTTP (SPARQL 1.1 protocol), the store yields the same map."""
    server = pytest.importorskip("msckg.query.server")
    endpoint = pytest.importorskip("msckg.query.endpoint")
    try:
        server.oxigraph_command()
    except Exception as exc:  # the oxigraph server is an optional install
        pytest.skip(str(exc))
    with server.OxigraphServer(build_dir / "store", read_only=True, timeout_s=60) as running:
        remote = pathway_graph(endpoint.EndpointStore(running.query_url, timeout=60), layout.queries)
    assert nx.utils.graphs_equal(remote, graph)


NEW_PAPER = """
@prefix msc:  <https://w3id.org/msckg/ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix ex:   <https://example.org/newpaper/> .

ex:Annealing a owl:Class ; rdfs:subClassOf msc:Transformation ; rdfs:label "annealing"@en .
ex:SeededGrowth a owl:Class ; rdfs:subClassOf msc:LayerByLayerGrowth ; rdfs:label "seeded growth"@en .

ex:ZnTe-a a msc:MagicSizeCluster ; rdfs:label "(ZnTe)13"@en ; msc:formula "(ZnTe)13" .
ex:ZnTe-b a msc:MagicSizeCluster ; rdfs:label "(ZnTe)34"@en .
ex:ZnTe-c a msc:MagicSizeCluster ; rdfs:label "(ZnTe)60"@en .
ex:ZnTe-rods a msc:Nanostructure ; rdfs:label "ZnTe nanorods"@en .
ex:TOP a msc:Molecule ; rdfs:label "trioctylphosphine"@en ; msc:formula "TOP" .
ex:hot a msc:Condition ; rdfs:label "250 °C"@en ; msc:conditionText "250 °C" .

ex:grow1 a ex:SeededGrowth ; msc:hasInput ex:ZnTe-a ; msc:hasOutput ex:ZnTe-b .
ex:grow2 a ex:SeededGrowth ; msc:hasInput ex:ZnTe-b ; msc:hasOutput ex:ZnTe-c .
ex:anneal a ex:Annealing ; rdfs:label "annealing of (ZnTe)60 into nanorods"@en ;
    msc:hasInput ex:ZnTe-c ; msc:hasOutput ex:ZnTe-rods ; msc:usesReagent ex:TOP ; msc:hasCondition ex:hot .
"""


@pytest.fixture(scope="module")
def new_paper(layout, tmp_path_factory):
    """The ontology and a new paper's steps, asserted only (no reasoner), in a fresh store."""
    data = tmp_path_factory.mktemp("newpaper") / "paper.ttl"
    data.write_text(NEW_PAPER, encoding="utf-8")
    raw = ox.Store()
    for path in (layout.ontology / "msckg.ttl", data):
        raw.load(path=str(path), format=ox.RdfFormat.TURTLE)
    store = EmbeddedStore(raw)
    return store, pathway_graph(store, layout.queries)


def test_new_step_kinds_need_no_code_changes(new_paper, layout):
    store, g = new_paper
    (route,) = analysis.routes(g, resolve_species(g, "(ZnTe)13", store, layout.queries),
                               resolve_species(g, "ZnTe nanorods", store, layout.queries))
    assert route.kinds == ["SeededGrowth", "SeededGrowth", "Annealing"]
    anneal = route.hops[-1].data
    assert anneal["kind_label"] == "annealing"
    assert MSC + "Transformation" in split(anneal["step_classes"])
    assert split(anneal["reagents"]) == ["trioctylphosphine"] and split(anneal["conditions"]) == ["250 °C"]
    assert g.nodes["https://example.org/newpaper/ZnTe-rods"]["category"] == "nanostructure"
    # a kind below layer-by-layer growth counts as growth; a new kind gets a colour and a legend entry
    (series,) = analysis.growth_series(g)
    assert len(series) == 2
    assert kind_colour(route.hops[0].data) == kind_colour({"kind": "LayerByLayerGrowth"})
    assert "annealing" in {e.label for e in legend(g)}
    assert edge_lines(g, route.hops[-1].source, route.hops[-1].target, anneal)[:3] == \
        ["annealing", "+ TOP", "250 °C"]
    assert render(g, "dot").startswith(b"digraph")


# --- names as chemists type them ------------------------------------------------------------

def test_species_names(graph, names):
    assert names("(CdSe)33") == [R + "CdSe33"]
    assert names("cdse33") == [R + "CdSe33"]
    assert names("Zn16Se32") == [R + "ZnSe-PCs"]
    assert names("MSC 399") == [R + "MSC-399"]
    assert names("(ME)n") == [MSC + "MEnCluster"]  # model v2: a kind


def test_unknown_species_suggests_close_names(graph, store, layout):
    with pytest.raises(NotFoundError) as caught:
        resolve_species(graph, "MSC-3999", store, layout.queries)
    assert "MSC-399" in str(caught.value)
    with pytest.raises(NotFoundError) as caught:
        resolve_species(graph, "CO2", store, layout.queries)
    assert "not the input or output of any step" in str(caught.value)


# --- drawings and exchange formats ---------------------------------------------------------

def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=lambda e: e[:3]) == \
        sorted(b.edges(keys=True, data=True), key=lambda e: e[:3])


def test_graphml_round_trip(graph, tmp_path):
    path = tmp_path / "map.graphml"
    path.write_bytes(render(graph, "graphml"))
    back = read_graphml(path)
    assert isinstance(back, nx.MultiDiGraph)
    _same_graph(graph, back)
    _same_graph(graph, nx.read_graphml(path, force_multigraph=True))


def test_json_round_trip(graph, tmp_path):
    path = tmp_path / "map.json"
    path.write_bytes(render(graph, "json"))
    _same_graph(graph, read_json(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"nodes", "edges"} <= set(data)


def test_every_format_is_registered_and_renders(graph):
    assert set(formats()) >= {"dot", "svg", "png", "graphml", "json", "mermaid"}
    for name in formats():
        data = render(graph, name, RenderOptions(engine="matplotlib"))
        assert data, name


def test_dot_and_mermaid_carry_kinds_reagents_refs_and_legend(graph):
    dot = render(graph, "dot").decode()
    assert dot.startswith("digraph")
    for text in ("precursor-compound transformation", "octylamine", "room temperature",
                 "isomerization", "ref. 50", "cation exchange", "[(CH₃CN)₄Cu]PF₆", "step kinds",
                 "Zn₁₆Se₃₂", "CdSe MSC, size 1 of 9"):  # formulas typeset in drawings
        assert text in dot, text
    mermaid = render(graph, "mermaid").decode()
    assert "flowchart LR" in mermaid and "linkStyle" in mermaid and "ref. 50" in mermaid
    assert 'subgraph legend["Legend"]' in mermaid


def test_matplotlib_fallback_without_graphviz(graph, monkeypatch):
    monkeypatch.setattr(_graphviz, "dot_binary", lambda: None)
    png = render(graph, "png")  # engine auto, no dot: matplotlib
    assert png.startswith(PNG)
    svg = render(graph, "svg").decode()
    assert "<svg" in svg and "matplotlib" in svg.lower() and "ref. 50" in svg
    with pytest.raises(InputError):
        render(graph, "png", RenderOptions(engine="graphviz"))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_graphviz_drawings(graph):
    assert render(graph, "png", RenderOptions(engine="graphviz")).startswith(PNG)
    svg = render(graph, "svg", RenderOptions(engine="graphviz")).decode()
    assert "<svg" in svg and "ref. 50" in svg


def test_route_drawing_is_a_subgraph(graph, names):
    found = analysis.routes(graph, names("metal salt"), names("(ME)n"))
    part = analysis.route_graph(graph, found)
    assert set(part) == set(found[0].nodes)
    down = analysis.subgraph(graph, sources=names("ZnSe PCs"))
    assert set(down) == {R + "ZnSe-PCs", R + "MSC-299", R + "MSC-328"}


# --- the command line ---------------------------------------------------------------------

def test_cli_routes(build_dir):
    done = run_cli("pathway", "routes", "ZnSe PCs", "MSC-328", build_dir=build_dir)
    assert done.returncode == 0, done.stderr
    assert "precursor-compound transformation" in done.stdout and "octylamine" in done.stdout
    done = run_cli("pathway", "routes", "(CdSe)33/34", "Cu2Se", "--format", "json", build_dir=build_dir)
    data = json.loads(done.stdout)
    assert data["from"] == [R + "CdSe33", R + "CdSe34"]
    assert data["routes"][0]["hops"][0]["kind"] == "CationExchange"


def test_cli_no_route_and_unknown_species(build_dir):
    done = run_cli("pathway", "routes", "MSC-422", "MSC-399", build_dir=build_dir)
    assert done.returncode == 1
    assert done.stderr.startswith("msckg: error: no route from MSC-422 to MSC-399")
    assert done.stderr.count("\n") == 1
    done = run_cli("pathway", "routes", "MSC-3999", "MSC-422", build_dir=build_dir)
    assert done.returncode == 1 and "closest species: MSC-399" in done.stderr


def test_cli_analyses(build_dir):
    for args, expected in ((("reachable", "metal salt"), "(ME)n cluster"),
                           (("into", "CdS nanoplatelets"), "(CdS)13"),
                           (("branches",), "ZnSe PCs"),
                           (("series",), "9 clusters, 8 layer-by-layer growth steps"),
                           (("missing-conditions",), "conversion of (CdS)13"),
                           (("--all",), "Transformation map")):
        done = run_cli("pathway", *args, build_dir=build_dir)
        assert done.returncode == 0, (args, done.stderr)
        assert expected in done.stdout, args


def test_cli_draws_the_whole_map(build_dir, tmp_path):
    out = tmp_path / "map.png"
    done = run_cli("pathway", "draw", "--all", "--format", "png", "--engine", "matplotlib",
                   "--out", str(out), build_dir=build_dir)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(PNG)
    out = tmp_path / "part.mmd"
    done = run_cli("pathway", "draw", "--from", "(CdSe)33", "--out", str(out), build_dir=build_dir)
    assert done.returncode == 0, done.stderr
    assert "Cu₂Se" in out.read_text(encoding="utf-8")  # formulas typeset in drawings
    out = tmp_path / "all.graphml"
    done = run_cli("pathway", "--all", "--out", str(out), build_dir=build_dir)
    assert done.returncode == 0, done.stderr
    assert len(read_graphml(out)) > 30


def test_build_graph_from_plain_rows():
    """The graph builder needs rows only, not a store (what an endpoint returns, as text)."""
    rows = [{"step": "s1", "kind": MSC + "Isomerization", "kindLabel": "isomerization",
             "input": "a", "inputLabel": "A", "output": "b", "outputLabel": "B", "refs": "50"},
            {"step": "s2", "kind": MSC + "Synthesis", "kindLabel": "synthesis", "output": "a"}]
    g = build_graph(rows)
    assert g.has_edge("a", "b", key="s1") and g.nodes["s2"]["node_type"] == "step"
    assert [r.node for r in analysis.reachable(g, ["a"])] == ["b"]
