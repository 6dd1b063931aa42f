"""The build for large graphs (--reasoner rl): HermiT on the ontology alone, OWL 2 RL over the data.

It must never claim more than the DL build, must agree with it on the classifications
users ask for most, and must name what it does not derive (see README, "Reasoning").
"""

from __future__ import annotations

import pytest
from rdflib.namespace import OWL, PROV, RDF, RDFS

from msckg.build.pipeline import BuiltGraph, build
from msckg.namespaces import MSC


def _facts(built: BuiltGraph) -> dict[tuple, object]:
    """Each inferred fact with the derivation it names."""
    g = built.inferred
    return {(g.value(ax, OWL.annotatedSource), g.value(ax, OWL.annotatedProperty), g.value(ax, OWL.annotatedTarget)):
            g.value(ax, MSC.derivedBy) for ax in g.subjects(RDF.type, OWL.Axiom)}


@pytest.fixture(scope="module")
def rl_built(layout) -> BuiltGraph:
    return build(layout, reasoner="rl")


@pytest.fixture(scope="module")
def rl_facts(rl_built) -> dict[tuple, object]:
    return _facts(rl_built)


@pytest.fixture(scope="module")
def dl_facts(built) -> dict[tuple, object]:
    return _facts(built)


def _members(facts, cls: str) -> set[str]:
    return {str(s).rsplit("/", 1)[-1] for s, p, o in facts if p == RDF.type and o == MSC[cls]}


def test_the_rl_build_derives_nothing_the_dl_build_does_not(rl_facts, dl_facts):
    assert set(rl_facts) <= set(dl_facts)
    assert len(rl_facts) > 0.8 * len(dl_facts)


@pytest.mark.parametrize("cls", ["DopedCluster", "CdSeCluster", "CdSCluster", "ZnSeCluster",
                                 "TwoElectronCO2ReductionProduct", "EightElectronCO2ReductionProduct",
                                 "SupportedCluster"])
def test_the_rl_build_classifies_like_the_dl_build(rl_facts, dl_facts, cls):
    assert _members(rl_facts, cls) == _members(dl_facts, cls)


def test_the_rl_build_finds_the_same_computation_only_entities(rl_built, built):
    # model v2: closed-world findings are in their own graph, not OWL types
    def found(b: BuiltGraph) -> set:
        return set(b.findings.subject_objects(MSC.reportedOnlyByComputation))
    assert found(rl_built) == found(built) and found(built)
    # and the same coverage counts of each source; each finding names one of the two findings rules
    counts = (MSC.sentenceRecordCount, MSC.evidenceSentenceCount, MSC.notFactBearingSentenceCount, MSC.citingFactCount)
    assert {t for p in counts for t in rl_built.findings.triples((None, p, None))} == \
           {t for p in counts for t in built.findings.triples((None, p, None))} != set()
    named = {str(d).rsplit("/", 1)[-1] for d in rl_built.findings.objects(None, MSC.derivedBy)}
    assert named == {"rule-computation-only", "rule-source-coverage"}


def test_the_rl_build_names_hermit_on_the_ontology_as_its_dl_step(rl_facts):
    derivations = {str(d).rsplit("/", 1)[-1] for d in rl_facts.values()}
    assert "derivation-hermit" not in derivations
    assert "derivation-owl2rl" in derivations


def test_what_the_rl_build_misses_needs_a_dl_entailment_first(rl_facts, dl_facts):
    """The known gap on the review: conversion chains through steps whose inputs or outputs
    only DL reasoning finds, cations typed through nominals, subclass links entailed by data, and
    (model v2) the values a kind's class axiom gives its members (the review's statements about
    II-VI nanoclusters, CdSe nanoclusters or mass spectrometry), which reach a member only through
    a class membership that needs DL reasoning."""
    missed = set(dl_facts) - set(rl_facts)
    assert {p for s, p, o in missed} <= {
        MSC.canBeConvertedInto, MSC.canBeFormedFrom, MSC.transformsDirectlyInto, MSC.isDirectPrecursorOf,
        MSC.isDirectProductOf, MSC.techniqueCharacterizes, RDF.type, RDFS.subClassOf,
        MSC.hasAdvantage, MSC.hasProperty, MSC.reveals}
    assert {str(o).rsplit("/", 1)[-1] for s, p, o in missed if p == RDF.type} <= {"MetalCation", "AlloyedCluster"}
