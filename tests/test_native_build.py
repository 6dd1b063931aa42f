"""The store-native build (msckg build --reasoner rl) writes what the rdflib build writes.

The reference is today's rdflib pipeline with the same reasoner ('rl': HermiT on the
ontology alone, the OWL 2 RL closure, the rules and the derived quantities). The
ontology, asserted, mappings and findings parts must come out byte for byte the same.
The inferred part differs in form only, as documented in the README ("Large graphs"):
instead of an owl:Axiom with msc:derivedBy per inferred triple, each derivation's
triples sit in a named graph graph/inferred/<derivation>, and graph/inferred holds the
derivations, which graph each one generated, the labels of the derived quantities and
the axioms of the derived facts that carry an interpretation note. The same triples
must come from the same derivations, with the same notes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF

from msckg.build.pipeline import build
from msckg.build.project import build_project, write_build
from msckg.build.shapes import load_shapes, violations as pyshacl_violations
from msckg.build.load import load_data, load_ontology
from msckg.namespaces import MSC, GRAPH, MSCR, turtle_prefixes
from msckg.query.describe import describe_entity
from msckg.query.store import EmbeddedStore

PARTS = ("ontology", "asserted", "mappings", "findings")


@pytest.fixture(scope="module")
def reference(layout, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("rdflib-rl") / "build"
    write_build(build(layout, reasoner="rl"), target)
    return target


@pytest.fixture(scope="module")
def native(layout, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("native-rl") / "build"
    build_project(layout, reasoner="rl", out=target)
    return target


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("syntax", ["nt", "ttl"])
def test_the_asserted_ontology_mapping_and_findings_parts_are_the_same_bytes(reference, native, part, syntax):
    assert (native / f"{part}.{syntax}").read_bytes() == (reference / f"{part}.{syntax}").read_bytes()


def _annotated(path: Path) -> set[tuple]:
    """(triple, derivation) for every inferred triple of the rdflib build (its axiom annotations)."""
    g = Graph().parse(path, format="nt")
    return {((g.value(ax, OWL.annotatedSource), g.value(ax, OWL.annotatedProperty), g.value(ax, OWL.annotatedTarget)),
             g.value(ax, MSC.derivedBy)) for ax in g.subjects(RDF.type, OWL.Axiom)}


def _by_graph(path: Path) -> tuple[set[tuple], Graph]:
    """(triple, derivation) for every triple of a graph/inferred/<d> graph, and the index graph."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from msckg.query.store import from_oxigraph

    def term(t):  # as rdflib parses N-Triples: "NHE" is a plain literal, not one typed xsd:string
        node = from_oxigraph(t)
        return Literal(str(node)) if isinstance(node, Literal) and node.datatype == XSD.string else node

    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    index = Graph()
    for q in quads:
        if q.graph_name.value == str(GRAPH.inferred):
            index.add((term(q.subject), term(q.predicate), term(q.object)))
    derived = set()
    for q in quads:
        if q.graph_name.value.startswith(str(GRAPH.inferred) + "/"):
            derivation = index.value(URIRef(q.graph_name.value), MSC.derivedBy)
            derived.add(((term(q.subject), term(q.predicate), term(q.object)), derivation))
    return derived, index


def test_every_inferred_triple_comes_from_the_same_derivation(reference, native):
    expected = _annotated(reference / "inferred.nt")
    found, _ = _by_graph(native / "msckg.nq")
    assert len(found) == len(expected) > 1000
    assert found == expected


def test_the_derivations_are_described_as_before(reference, native):
    old = Graph().parse(reference / "inferred.nt", format="nt")
    _, index = _by_graph(native / "msckg.nq")
    for derivation in set(old.subjects(RDF.type, URIRef("https://w3id.org/msckg/ontology/Derivation"))):
        assert set(index.predicate_objects(derivation)) == set(old.predicate_objects(derivation))
    graphs = {str(g) for g in index.subjects(MSC.derivedBy, None)}
    assert f"{GRAPH.inferred}/derivation-owl2rl" in graphs
    # the optical gaps of MSC-nnn names (the photocatalysis layer's arithmetic) have their own graph
    assert f"{GRAPH.inferred}/derivation-optical-gap-from-name" in graphs
    # a closed-world finding is no inferred fact: its rule has no graph under graph/inferred/
    assert f"{GRAPH.inferred}/rule-computation-only" not in graphs


def _notes(g: Graph) -> set[tuple]:
    """(triple, derivation, note) of every axiom that carries an interpretation note."""
    return {((g.value(ax, OWL.annotatedSource), g.value(ax, OWL.annotatedProperty), g.value(ax, OWL.annotatedTarget)),
             g.value(ax, MSC.derivedBy), str(note))
            for ax in g.subjects(RDF.type, OWL.Axiom) for note in g.objects(ax, MSC.interpretationNote)}


def test_a_derived_quantity_keeps_its_note(reference, native):
    """The Nernst potentials say at which pH the source's number holds; the note stays on the fact."""
    expected = _notes(Graph().parse(reference / "inferred.nt", format="nt"))
    _, index = _by_graph(native / "msckg.nq")
    assert expected and _notes(index) == expected
    assert any("pH" in note for _, _, note in expected)


def test_the_summary_is_the_same_but_for_the_size_of_the_inferred_part(reference, native, layout):
    from msckg.build.rules import load_rules

    old = json.loads((reference / "summary.json").read_text())
    new = json.loads((native / "summary.json").read_text())
    assert new["facts"] == old["facts"] and new["inferred_facts"] == old["inferred_facts"]
    # five annotation triples fewer per inferred triple (but for those whose axiom keeps a note),
    # one msc:derivedBy more per derivation graph (every derivation but the rules of the findings,
    # whose part is written alike in both builds)
    noted = len({(t, d) for t, d, _ in _notes(Graph().parse(reference / "inferred.nt", format="nt"))})
    findings_rules = [r for r in load_rules(layout.queries / "rules") if r.graph == "findings"]
    assert {f"rule {r.name}" for r in findings_rules} <= set(old["derivations"])
    assert new["triples"]["inferred"] == \
        old["triples"]["inferred"] - 5 * (old["inferred_facts"] - noted) + len(old["derivations"]) - len(findings_rules)
    for key in set(old) - {"triples"}:
        assert new[key] == old[key], key


def test_describe_says_how_each_inferred_fact_was_derived(reference, native, layout):
    iri = str(MSCR["CdSe13"])
    old = describe_entity(EmbeddedStore.open(reference / "store"), layout.queries, iri, "(CdSe)13")
    new = describe_entity(EmbeddedStore.open(native / "store"), layout.queries, iri, "(CdSe)13")
    assert any(f.inferred and "OWL 2 RL closure with reasonable" in f.derived_by for f in new.facts)
    assert [(f.property, f.object, f.inferred, f.derived_by, f.evidence) for f in new.facts] == \
           [(f.property, f.object, f.inferred, f.derived_by, f.evidence) for f in old.facts]


def test_inferred_versus_asserted_names_the_derivation(native, layout):
    from msckg.query.answers import answer
    from msckg.query.catalog import find_query

    rows = answer(EmbeddedStore.open(native / "store"), find_query(layout.queries, "inferred-vs-asserted"),
                  {"entity": str(MSCR["CdSe33"])}).rows
    inferred = [r for r in rows if str(r["status"]) == "inferred"]
    assert inferred and all(r.get("derivationLabel") is not None for r in inferred)


def test_a_rebuild_writes_the_same_bytes(native, layout, tmp_path):
    again = tmp_path / "build"
    build_project(layout, reasoner="rl", out=again)
    assert (again / "SHA256SUMS").read_text() == (native / "SHA256SUMS").read_text()


# SHACL: the native build's engines (the shapes compiled to SPARQL for the store, and rudof, which
# validates where the compiler cannot) and pySHACL (rdflib build) report the same violations.
BAD = {
    "a quantity without unit": """
        mscr:q1 a qudt:QuantityValue ; qudt:numericValue 2.0 ; rdfs:label "x"@en .""",
    "an individual without label": """
        mscr:X a msc:MagicSizeCluster .""",
    "an inverted range": """
        mscr:q2 a qudt:QuantityValue ; msc:minValue 5.0 ; msc:maxValue 2.0 ; qudt:unit unit:V ; rdfs:label "x"@en .""",
    "a negative rate": """
        mscr:pf msc:hasRate mscr:q3 . mscr:q3 a qudt:QuantityValue ; qudt:numericValue -2.0 ; qudt:unit unit:V ;
        rdfs:label "x"@en .""",
    "evidence that is no sentence": """
        [ a owl:Axiom ; owl:annotatedSource mscr:Cd ; owl:annotatedProperty rdf:type ;
          owl:annotatedTarget owl:NamedIndividual ; msc:statedIn mscr:nowhere ] .""",
    "an axiom without evidence": """
        [ a owl:Axiom ; owl:annotatedSource mscr:Cd ; owl:annotatedProperty rdf:type ;
          owl:annotatedTarget owl:NamedIndividual ] .""",
    "an axiom with two sources": """
        [ a owl:Axiom ; owl:annotatedSource mscr:Cd , mscr:Se ; owl:annotatedProperty rdf:type ;
          owl:annotatedTarget owl:NamedIndividual ; msc:statedIn mscr:nowhere ] .""",
    "two units, one of another kind": """
        mscr:q4 a qudt:QuantityValue ; qudt:numericValue 1.0 ; qudt:hasUnit unit:V , unit:PERCENT ;
        qudt:hasQuantityKind quantitykind:ElectricPotential ; rdfs:label "x"@en .""",
    "a unit that is no unit": """
        mscr:q5 a qudt:QuantityValue ; qudt:numericValue 1.0 ; qudt:hasUnit mscr:Cd ;
        qudt:hasQuantityKind quantitykind:ElectricPotential ; rdfs:label "x"@en .""",
    "a sentence whose text has a language tag": """
        mscr:s1 a msc:SourceSentence ; prov:value "some words"@en ; msc:inSection "abstract" .""",
    "a cited sentence with its text and a short fingerprint": """
        mscr:c1 a msc:CitedSentence ; msc:locator "abstract S1" ; msc:sentenceFingerprint "abc123" ;
        prov:value "some words" .""",
    "a conversion above 100 %": """
        mscr:r1 msc:hasConversion mscr:q6 . mscr:q6 msc:maxValue 150.0 ; qudt:numericValue 120 .""",
    "a potential outside 5 V, and one that is text": """
        mscr:h1 msc:hasStandardPotential mscr:q7 . mscr:q7 qudt:numericValue -7.5 .
        mscr:h2 msc:hasStandardPotential mscr:q8 . mscr:q8 qudt:numericValue "low" .""",
    "more dopant than metal sites": """
        mscr:c2 msc:formulaUnitCount 13 ; msc:hasDopantAmount mscr:q9 . mscr:q9 qudt:numericValue 20 .""",
    "a dopant without its role": """
        mscr:m1 msc:hasDopant mscr:Mn2plus .""",
}


def _native_store(layout, extra: list[Path]) -> ox.Store:
    from msckg.build.native.dataset import ASSERTED, ONTOLOGY, load_file
    from msckg.build.native.pipeline import _files

    store = ox.Store()
    ontology, data = _files(layout, extra)
    for path in ontology:
        load_file(store, path, ONTOLOGY)
    for path in data:
        load_file(store, path, ASSERTED)
    return store


# rudof validates in chunks of about CHUNK_TRIPLES asserted triples (the review is one chunk); 2000
# triples a chunk splits the review (18,000) into nine, whose nodes' facts, units, roles and evidence
# lie in other chunks and other files
CHUNKS = {"whole graph": 10**9, "chunks of 2000 triples": 2000}
ENGINES = {"store": ("store", None), **{f"rudof, {name}": ("rudof", size) for name, size in CHUNKS.items()}}


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_the_review_conforms_to_every_engine(layout, engine):
    from msckg.build.native import shacl

    name, size = ENGINES[engine]
    assert shacl.violations(_native_store(layout, []), layout, chunk_triples=size or 10**9, engine=name) == []


def test_every_path_of_the_shapes_is_one_step():
    """The chunks hold each node's own triples and its values' triples: enough for single-step paths
    (an alternative of single steps included), not for sequence or inverse paths."""
    shapes = Graph().parse(Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl")
    SH = "http://www.w3.org/ns/shacl#"
    for path in shapes.objects(None, URIRef(SH + "path")):
        alternatives = shapes.value(path, URIRef(SH + "alternativePath"))
        steps = list(shapes.items(alternatives)) if alternatives is not None else [path]
        assert all(isinstance(step, URIRef) for step in steps), path


def test_the_store_answers_every_shape_of_the_project(layout):
    """The build validates with rudof only where the compiler cannot answer a shape: today it answers all."""
    from msckg.build.native import shacl_store

    checks = shacl_store.compile_shapes(Graph().parse(layout.ontology / "shapes.ttl"))
    shapes = {c.shape.removeprefix("a property shape of ") for c in checks}
    assert {"https://w3id.org/msckg/shapes/QuantityShape", "https://w3id.org/msckg/shapes/AxiomProvenanceShape",
            "https://w3id.org/msckg/shapes/RoleInContextShape"} <= shapes


def test_a_shape_the_compiler_cannot_answer_goes_to_rudof(layout, tmp_path):
    """sh:nodeKind is SHACL Core the compiler leaves out: the store engine refuses the shapes, naming the
    term, and the default engine validates with rudof, which still finds the violation."""
    from msckg.build.native import shacl, shacl_store
    from msckg.paths import Layout

    (tmp_path / "ontology").mkdir()
    for path in layout.ontology.glob("*.ttl"):
        shutil.copy(path, tmp_path / "ontology" / path.name)
    (tmp_path / "ontology" / "shapes.ttl").write_text(turtle_prefixes() + """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <https://w3id.org/msckg/shapes/LabelShape> a sh:NodeShape ; sh:targetClass msc:MagicSizeCluster ;
            sh:property [ sh:path rdfs:label ; sh:nodeKind sh:IRI ; sh:message "a label is text" ] .
        """, encoding="utf-8")
    other = Layout(tmp_path)
    store = _native_store(layout, [])
    with pytest.raises(shacl_store.Unsupported, match="nodeKind"):
        shacl.violations(store, other, engine="store")
    with pytest.warns(UserWarning, match="rudof validates"):
        found = shacl.violations(store, other)
    assert found and {m for _, m in found} == {"a label is text"}


_EXPECTED: dict[str, list] = {}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("case", sorted(BAD))
def test_the_native_engines_find_the_violations_pyshacl_finds(layout, tmp_path, case, engine):
    from msckg.build.native import shacl

    bad = tmp_path / "bad.ttl"
    bad.write_text(turtle_prefixes() + BAD[case] + "\n", encoding="utf-8")
    if case not in _EXPECTED:  # pySHACL takes seconds on the review: once per case
        _EXPECTED[case] = pyshacl_violations(load_data(layout, [bad]), load_ontology(layout), load_shapes(layout))
    expected = _EXPECTED[case]
    name, size = ENGINES[engine]
    found = shacl.violations(_native_store(layout, [bad]), layout, chunk_triples=size or 10**9, engine=name)
    assert expected, "the case must break a shape"

    def focus(node: str) -> str:  # each engine labels blank nodes its own way
        return "blank node" if not node.startswith("http") else node

    # messages are the shapes' own; the store and rudof write a decimal in a message as 5, pySHACL as 5.0
    def same(violations) -> list[tuple[str, str]]:
        return sorted((focus(f), m.replace(".0", "")) for f, m in violations)

    assert same(found) == same(expected)


# The bad inputs of tests/test_bad_input.py, built the native way, give the rdflib build's message.
BAD_FILES = {
    "malformed": "mscr:X a msc:MagicSizeCluster ;\n   rdfs:label \"X\"@en\nmscr:Y a msc:Nanocluster .\n",
    "typo": "mscr:X a msc:MagicSizeClustr .\n",
    "unsourced": "mscr:CdSe13 msc:hasDopant mscr:Mn2plus .\n",
    "unitless": ("mscr:q1 a qudt:QuantityValue .\n[ a owl:Axiom ; owl:annotatedSource mscr:q1 ; owl:annotatedProperty "
                 "rdf:type ; owl:annotatedTarget qudt:QuantityValue ; msc:statedIn mscr:li2023-sec4-02 ] .\n"
                 'mscr:q1 rdfs:label "x"@en .\n'),
    "an axiom of a triple nobody asserts": (
        "[ a owl:Axiom ; owl:annotatedSource mscr:CdSe13 ; owl:annotatedProperty msc:hasDopant ; "
        "owl:annotatedTarget mscr:Mn2plus ; msc:statedIn mscr:li2023-sec4-02 ] .\n"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_input_gets_the_same_message_from_both_builds(layout, tmp_path, case):
    from tests.helpers import run_cli

    root = tmp_path / "project"
    for name in ("ontology", "data", "queries"):
        shutil.copytree(layout.root / name, root / name)
    (root / "data" / "li2023" / f"zz-{case}.ttl").write_text(turtle_prefixes() + BAD_FILES[case], encoding="utf-8")
    lines = {}
    for reasoner in ("hermit", "rl"):
        result = run_cli("build", "--reasoner", reasoner, root=root, build_dir=root / "build")
        assert result.returncode != 0 and "Traceback" not in result.stderr
        lines[reasoner] = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines["rl"]) == 1
    if case == "malformed":  # same file and line; each parser words the syntax error its own way
        assert "malformed turtle" in lines["rl"][0]
        lines = {k: [v[0].split("malformed turtle")[0]] for k, v in lines.items()}
    assert lines["rl"] == lines["hermit"]
    assert not (root / "build").exists()


def test_a_data_file_given_with_dash_dash_data_is_checked_by_the_native_build(layout, tmp_path):
    # a curator trying a new paper's file: it reaches the native build's checks like a file of data/
    from tests.helpers import run_cli

    root = tmp_path / "project"
    for name in ("ontology", "data", "queries"):
        shutil.copytree(layout.root / name, root / name)
    trial = tmp_path / "trial-paper.ttl"
    trial.write_text(turtle_prefixes() + BAD_FILES["typo"], encoding="utf-8")
    result = run_cli("build", "--reasoner", "rl", "--data", str(trial), root=root, build_dir=root / "build")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "MagicSizeClustr" in line and f"trial-paper.ttl:{turtle_prefixes().count(chr(10)) + 1}" in line
    assert not (root / "build").exists()


def test_blank_node_labels_are_local_to_their_file(tmp_path):
    """Two files that both say _:b1 speak of two nodes, as rdflib reads them."""
    from msckg.build.native.dataset import ASSERTED, load_file

    store = ox.Store()
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text('_:b1 <https://w3id.org/msckg/ontology/p> "x" .\n', encoding="utf-8")
        load_file(store, tmp_path / name, ASSERTED)
    assert len({q.subject for q in store}) == 2


class _Stop(Exception):
    pass


@pytest.mark.parametrize("failing, expected", [
    ({"quotes", "provenance"}, "quotes"),         # the quote check comes before the provenance check
    ({"provenance", "reconcile"}, "provenance"),  # the provenance check comes before reconciling
    ({"shacl", "reconcile"}, "reconcile"),        # the shapes come after it
    ({"shacl", "rl"}, "shacl"),                   # and before the reasoning
    ({"shacl"}, "shacl"),
    ({"tbox", "provenance"}, "provenance"),       # HermiT classifies the ontology from the start, but
    ({"tbox", "reconcile"}, "reconcile"),         # its error comes where the rdflib build reasons
    ({"tbox", "rl"}, "tbox"),
])
def test_checks_run_beside_the_reasoning_but_fail_in_the_order_of_the_rdflib_build(layout, monkeypatch, failing,
                                                                                   expected):
    """HermiT runs in a thread from the parse on, the provenance checks and the shapes in another while the
    main line reconciles and reasons (build/native/beside.py); whichever finishes first, the error is the
    one the sequential build raises."""
    from msckg.build.native import pipeline

    def fail(name):
        def stop(*args, **kwargs):
            raise _Stop(name)
        return stop

    targets = {"quotes": (pipeline.checks, "check_sentences"), "provenance": (pipeline.checks, "check_provenance"), "reconcile": (pipeline, "reconcile"),
               "shacl": (pipeline.shacl, "validate"), "rl": (pipeline.reason, "rl_closure"),
               "tbox": (pipeline.reason, "ontology_entailments")}
    for name in failing:
        monkeypatch.setattr(*targets[name], fail(name))
    with pytest.raises(_Stop, match=f"^{expected}$"):
        pipeline.build_native(layout)


def test_the_on_disk_store_holds_exactly_the_written_dataset(native):
    """The store is loaded from the parts' N-Quads beside the writing; it holds what msckg.nq holds
    (compared store to store: a store keeps numeric literals by value)."""
    store = ox.Store.read_only(str(native / "store"))
    reference = ox.Store()
    reference.bulk_load(path=str(native / "msckg.nq"), format=ox.RdfFormat.N_QUADS)

    def named(s: ox.Store) -> set:
        return {q for q in s if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}

    assert len(store) == len(reference) and named(store) == named(reference)


def test_the_store_view_reads_as_rdflib_reads_the_same_triples():
    # the curation tables and derived quantities read the working store through this view, as
    # they read an rdflib graph in the other build: the same answers for every pattern, a plain
    # literal plain, a triple in two of the graphs once
    from rdflib import Literal
    from rdflib.namespace import RDFS, XSD

    from msckg.build.native.view import store_view
    from msckg.query.store import to_oxigraph

    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    triples = [(MSCR.X, RDF.type, MSC.MagicSizeCluster), (MSCR.Y, RDF.type, MSC.MagicSizeCluster),
               (MSCR.X, RDFS.label, Literal("(CdSe)13")), (MSCR.Y, MSC.electronsTransferred, Literal(2))]
    store = ox.Store()
    for graph in (a, b):
        store.extend(ox.Quad(*(to_oxigraph(t) for t in triple), graph) for triple in triples[:3])
    store.add(ox.Quad(*(to_oxigraph(t) for t in triples[3]), b))
    view, reference = store_view(store, [a, b]), Graph()
    for triple in triples:
        reference.add(triple)
    patterns = [(None, None, None), (None, RDF.type, None), (None, RDF.type, MSC.MagicSizeCluster),
                (MSCR.X, None, None), (MSCR.X, RDFS.label, None), (None, None, Literal("(CdSe)13")),
                (MSCR.Y, MSC.electronsTransferred, Literal(2)), (MSCR.Z, None, None)]
    for pattern in patterns:
        assert sorted(view.triples(pattern)) == sorted(reference.triples(pattern)), pattern
    label = view.value(MSCR.X, RDFS.label)
    assert label == Literal("(CdSe)13") and label.datatype is None
    assert Literal("(CdSe)13", datatype=XSD.string) not in set(view.objects(MSCR.X, RDFS.label))
