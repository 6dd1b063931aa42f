"""Build the complete graph: asserted facts, ontology and what reasoning adds.

The core takes a project layout and returns graphs; writing them is write.py's job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import OWL, PROV, RDF, RDFS

from msckg.build.inputs import Inputs, load_inputs
from msckg.links.mappings import mapping_files, mapping_graph
from msckg.namespaces import MSC, bind_prefixes
from msckg.paths import Layout
from msckg.axioms import add_annotated
from msckg.build.reason import RL_DERIVATION, Derivation, infer_for_build, rl_closure
from msckg.build.rules import apply_rules, load_rules
from msckg.build.shapes import validate
from msckg.photocatalysis.derived import DERIVATIONS as ARITHMETIC_DERIVATIONS
from msckg.photocatalysis.derived import derived_quantities


@dataclass
class BuiltGraph:
    inputs: Inputs
    inferred: Graph
    mappings: Graph
    derivations: list[Derivation] = field(default_factory=list)
    # closed-world findings of the rule layer (model v2): annotations in their own named graph,
    # never OWL types, so that an open-world tool does not read them as facts
    findings: Graph = field(default_factory=Graph)

    @property
    def ontology(self) -> Graph:
        return self.inputs.ontology

    @property
    def asserted(self) -> Graph:
        return self.inputs.data

    def parts(self) -> dict[str, Graph]:
        """The named graphs of a build, in output order."""
        return {"ontology": self.ontology, "asserted": self.asserted, "inferred": self.inferred,
                "mappings": self.mappings, "findings": self.findings}

    def union(self) -> Graph:
        g = bind_prefixes(Graph())
        for part in (self.ontology, self.asserted, self.inferred, self.mappings, self.findings):
            for triple in part:
                g.add(triple)
        return g


# the stages build() reports, in order (progress bars count them)
STAGES = ("loading and checking terms, provenance and quotes", "validating SHACL shapes", "reasoning",
          "OWL 2 RL closure", "rules")


def build(layout: Layout, reasoner: str = "hermit", extra_data: list[Path] | None = None,
          progress: Callable[..., None] | None = None) -> BuiltGraph:
    """Load and check inputs, validate shapes, reason, apply rules.

    reasoner hermit or pellet: OWL 2 DL reasoning over ontology and data, then the
    OWL 2 RL closure. reasoner rl (large graphs): HermiT classifies the ontology
    alone and the OWL 2 RL closure does the rest. progress(stage) is told each stage of STAGES as
    it starts, and progress(stage, done, total) the data files loaded.
    """
    stage = progress or (lambda name, done=None, total=None: None)
    stage(STAGES[0])
    inputs = load_inputs(layout, extra_data, progress=lambda done, total: stage(STAGES[0], done, total))
    stage(STAGES[1])
    validate(inputs.data, inputs.ontology, layout)
    base = inputs.ontology + inputs.data
    inferred = bind_prefixes(Graph())
    derivations: list[Derivation] = []

    stage(f"{STAGES[2]} ({reasoner})")
    dl, dl_triples = infer_for_build(base, inputs.ontology, reasoner)
    stage(STAGES[3])
    _add_derived(inferred, dl_triples, dl)
    derivations.append(dl)
    _add_derived(inferred, rl_closure(base, dl_triples) - dl_triples, RL_DERIVATION)
    derivations.append(RL_DERIVATION)

    stage(STAGES[4])
    rules = load_rules(layout.queries / "rules")
    findings = bind_prefixes(Graph())
    for rule, triples in apply_rules([base, inferred], rules).items():
        d = Derivation(iri=rule.iri, label=f"rule {rule.name}", rule=rule.summary)
        _add_derived(findings if rule.graph == "findings" else inferred, triples, d)
        derivations.append(d)
    add_derived_quantities(inferred, base, derivations)
    describe_derivations(inferred, derivations)
    mappings = mapping_graph(mapping_files(layout.data / "mappings"))
    return BuiltGraph(inputs=inputs, inferred=inferred, mappings=mappings, derivations=derivations,
                      findings=findings)


def add_derived_quantities(inferred: Graph, base: Graph, derivations: list[Derivation]) -> None:
    """Arithmetic on the closed graph (optical gaps, potentials at other pH, formula masses).

    One call, kept apart from reasoning and rules: msckg.photocatalysis.derived returns its
    facts already annotated with their own derivations, which are merged into inferred.
    """
    # a read-only view of both graphs, not a copy: copying the closed graph (base + inferred) cost
    # 1.8 s of CPU per build of the review since model v2 doubled the inferred part, and the
    # arithmetic only reads triple patterns. The parts are disjoint (inferred holds only triples
    # not in base), so the view repeats no triple.
    for triple in derived_quantities(ReadOnlyGraphAggregate([base, inferred])):
        inferred.add(triple)
    derivations.extend(Derivation(iri=d.iri, label=d.label, rule=d.rule) for d in ARITHMETIC_DERIVATIONS)


def describe_derivations(inferred: Graph, derivations: list[Derivation]) -> None:
    """Each derivation named in the inferred graph as an individual with its label and rule."""
    for d in derivations:
        inferred.add((d.iri, RDF.type, OWL.NamedIndividual))
        inferred.add((d.iri, RDF.type, MSC.Derivation))
        inferred.add((d.iri, RDFS.label, Literal(d.label, lang="en")))
        inferred.add((d.iri, MSC.derivationRule, Literal(d.rule, lang="en")))


def _add_derived(target: Graph, triples: Graph, derivation: Derivation) -> None:
    """Add each triple with an axiom annotation that names its derivation."""
    for s, p, o in triples:  # no order needed: the writer sorts and labels blank nodes by content
        if (s, p, o) not in target:
            add_annotated(target, (s, p, o), [(MSC.derivedBy, derivation.iri)])


def is_inferred(graph: Graph, triple: tuple[URIRef, URIRef, object]) -> bool:
    return (triple[0], triple[1], triple[2]) in graph
