"""Quantities the build derives by arithmetic, each marked with the derivation that made it.

``derived_quantities(graph)`` reads a graph (ontology, asserted and inferred triples) and
returns a new graph with

- the absorption-peak wavelength and optical gap of every cluster named MSC-nnn,
  sMSC-nnn or dMSC-nnn (E = hc/λ, optics.py);
- a check of the pH each potential's table states (nernst.py): where the number holds at
  another pH, ``msc:valueHoldsAtPH`` on the source's quantity, with a note;
- each half-reaction's potential at pH 0 and pH 7 (Nernst), where that is not the
  source's own number;
- formula mass, monoisotopic mass and most abundant isotopologue mass of every definite
  species with a formula (molmass, massspec.py).

Every fact is added with an owl:Axiom whose msc:derivedBy names its derivation,
and each derivation is described (label, rule) in the same graph, so that the result can
be merged into the inferred graph of any build as it is. Nothing asserted is changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from msckg.axioms import add_annotated
from msckg.namespaces import MSC, MSCR, bind_prefixes
from msckg.photocatalysis import massspec, nernst, optics
from msckg.photocatalysis.reactions import HalfReaction, from_graph
from msckg.photocatalysis.vocabulary import MSC, QUANTITYKIND, QUDT, UNIT

PH_VALUES = (Decimal("0"), Decimal("7"))


@dataclass(frozen=True)
class DerivationInfo:
    iri: URIRef
    label: str
    rule: str


OPTICAL_GAP = DerivationInfo(
    MSCR["derivation-optical-gap-from-name"],
    "optical gap from the MSC-nnn name (E = hc/λ)",
    "An MSC-nnn, sMSC-nnn or dMSC-nnn name states the cluster's absorption peak at nnn nm; "
    f"its photon energy is E = hc/λ with {optics.HC_SOURCE}, given to 0.01 eV. An optical gap is "
    "the energy of the absorption peak, not the band gap, and it does not place the band edges.")
PH_CHECK = DerivationInfo(
    MSCR["derivation-stated-ph-check"],
    "check of the pH a potential is stated at",
    "The potential a source states is compared with a reference couple known independently "
    "of it, converted to the stated pH with the Nernst relation: H+/H2 is 0 V at pH 0 by the "
    "definition of the hydrogen electrode scale; O2/H2O is 1.229 V at pH 0 from the CODATA Key "
    "Values for Thermodynamics. Where the number differs by more than 0.015 V, the pH at which it "
    "holds is recorded (msc:valueHoldsAtPH); the source's number and stated pH are kept as stated.")
NERNST = DerivationInfo(
    MSCR["derivation-nernst-ph"],
    "potential at another pH (Nernst relation)",
    "E(pH) = E(pH0) − 0.0592 V × (m/n) × (pH − pH0) for a half-reaction with m protons and n "
    f"electrons (from its data in the graph) at 298 K; slope {nernst.SLOPE_SOURCE}. pH0 is the "
    "pH at which the source's number holds (msc:valueHoldsAtPH where the check found one, else "
    "the stated pH). Steps without protons do not move with pH. Given to 0.01 V, half up.")
FORMULA_MASS = DerivationInfo(
    MSCR["derivation-formula-mass-molmass"],
    f"formula masses and isotope pattern with molmass {massspec.MOLMASS_VERSION}",
    "From the species' msc:formula (and msc:chargeNumber for ions) with the molmass library: "
    "molar mass from standard atomic weights (g/mol, to 0.01); monoisotopic mass from the most "
    "abundant isotope of each element and the mass of the most abundant isotopologue (Da, to "
    "0.0001). Only formulas of one definite species: not elements, not a range or variable, "
    "composite or doping notation, not a larger nanostructure's composition, and for a cluster "
    "only a formula that gives atom counts and agrees with its constituent elements and counts "
    "in the graph.")
DERIVATIONS = (OPTICAL_GAP, PH_CHECK, NERNST, FORMULA_MASS)


def derived_quantities(graph: Graph) -> Graph:
    """The derived quantities of graph, with their axioms and derivations, as a new graph."""
    out = bind_prefixes(Graph())
    _optical_gaps(graph, out)
    _potentials(graph, out)
    _masses(graph, out)
    for d in DERIVATIONS:
        out.add((d.iri, RDF.type, OWL.NamedIndividual))
        out.add((d.iri, RDF.type, MSC.Derivation))
        out.add((d.iri, RDFS.label, Literal(d.label, lang="en")))
        out.add((d.iri, MSC.derivationRule, Literal(d.rule, lang="en")))
    return out


# -- optical gaps ---------------------------------------------------------------------------

def msc_names(graph: Graph) -> dict[URIRef, set[int]]:
    """Clusters named by their absorption peak: entity -> peak wavelengths (nm)."""
    found: dict[URIRef, set[int]] = {}
    for entity, name in graph.subject_objects(MSC.absorptionPeakName):
        nm = optics.peak_wavelength_nm(str(name))
        if nm is not None and isinstance(entity, URIRef):
            found.setdefault(entity, set()).add(nm)
    for prop in (RDFS.label, SKOS.altLabel):
        for entity, name in graph.subject_objects(prop):
            nm = optics.peak_wavelength_nm(str(name))
            if nm is not None and isinstance(entity, URIRef) and MSC.Nanocluster in _classes(graph, entity):
                found.setdefault(entity, set()).add(nm)
    return found


def _optical_gaps(graph: Graph, out: Graph) -> None:
    for entity, wavelengths in sorted(msc_names(graph).items()):
        name = _label(graph, entity)
        for nm in sorted(wavelengths):
            suffix = "" if len(wavelengths) == 1 else f"-{nm}nm"
            peak = _quantity_iri(entity, f"absorption-peak{suffix}")
            gap = _quantity_iri(entity, f"optical-gap{suffix}")
            energy = optics.optical_gap_ev(nm)
            _quantity(out, entity, MSC.hasAbsorptionPeakWavelength, peak, Decimal(nm), UNIT.NanoM,
                      QUANTITYKIND.Wavelength, f"absorption peak of {name} from its name: {nm} nm (derived)",
                      OPTICAL_GAP)
            _quantity(out, entity, MSC.hasOpticalGap, gap, energy, UNIT.EV, QUANTITYKIND.Energy,
                      f"optical gap of {name}: {energy} eV (derived from its name, E = hc/λ; "
                      f"not a band-edge placement)", OPTICAL_GAP)
            _fact(out, (gap, MSC.computedFrom, peak), OPTICAL_GAP)


# -- potentials -----------------------------------------------------------------------------

def _potentials(graph: Graph, out: Graph) -> None:
    for reaction in from_graph(graph):
        check = nernst.check_stated_ph(reaction)
        note = None
        if check.status == "inconsistent" and check.holds_at_ph is not None:
            note = check.message
            _fact(out, (URIRef(reaction.potential_iri), MSC.valueHoldsAtPH, _decimal(check.holds_at_ph)),
                  PH_CHECK, note)
            reaction = replace(reaction, holds_at_ph=check.holds_at_ph)
        for ph in PH_VALUES:
            if ph == reaction.anchor_ph == reaction.stated_ph:
                continue  # the source's own number
            _potential_at(out, reaction, ph, note)


def _potential_at(out: Graph, reaction: HalfReaction, ph: Decimal, note: str | None) -> None:
    value = nernst.potential_at_ph(reaction, ph)
    iri = URIRef(f"{reaction.potential_iri}-at-pH{ph:g}")
    name = f"Table 1 reaction {reaction.table_row}" if reaction.table_row else reaction.equation
    electrode = reaction.electrode or "the reference electrode"
    label = f"E of {name} ({reaction.equation}) at pH {ph:g}: {value:+.2f} V vs. {electrode} (derived, Nernst)"
    _quantity(out, URIRef(reaction.iri), MSC.hasPotentialAtPH, iri, value, UNIT.V,
              QUANTITYKIND.ElectricPotential, label, NERNST, note)
    _fact(out, (iri, MSC.atPH, _decimal(Decimal(f"{ph:.1f}"))), NERNST, note)
    if reaction.electrode:
        _fact(out, (iri, MSC.referenceElectrode, Literal(reaction.electrode)), NERNST, note)
    _fact(out, (iri, MSC.nernstSlope, _decimal(nernst.slope(reaction).normalize() + 0)), NERNST, note)
    _fact(out, (iri, MSC.computedFrom, URIRef(reaction.potential_iri)), NERNST, note)


# -- masses ---------------------------------------------------------------------------------

_NOT_SPECIES = (MSC.ChemicalElement,)
_LARGER = (MSC.Nanostructure,)  # a nanostructure other than a cluster has a composition, not a formula unit


def mass_candidates(graph: Graph) -> dict[URIRef, tuple[str, int | None]]:
    """Species with a definite formula: entity -> (molmass formula, charge)."""
    found = {}
    for entity, text in graph.subject_objects(MSC.formula):
        if not isinstance(entity, URIRef):
            continue
        types = _classes(graph, entity)
        if any(t in types for t in _NOT_SPECIES):
            continue
        is_cluster = MSC.Nanocluster in types
        if any(t in types for t in _LARGER) and not is_cluster:
            continue
        charge_node = graph.value(entity, MSC.chargeNumber)
        charge = int(charge_node) if charge_node is not None else None
        try:
            formula = massspec.to_molmass(str(text), charge)
            counts = massspec.elements(formula)
        except Exception:  # noqa: BLE001 - molmass raises its own errors; such a formula is skipped
            continue
        if is_cluster and not _cluster_formula_agrees(graph, entity, str(text), counts):
            continue
        found[entity] = (formula, charge)
    return found


def _classes(graph: Graph, entity: URIRef) -> set:
    """The entity's classes with their superclasses (the graph may hold no inferred types)."""
    found = set()
    for cls in graph.objects(entity, RDF.type):
        found |= set(graph.transitive_objects(cls, RDFS.subClassOf))
    return found


def _cluster_formula_agrees(graph: Graph, entity: URIRef, text: str, counts: dict[str, int]) -> bool:
    """A cluster's formula must give counts and agree with what the graph says of its make-up."""
    if not any(c.isdigit() for c in text):
        return False  # "Mn−" for M(n)−: a cluster formula without counts names no definite cluster
    symbols = {str(graph.value(e, MSC.formula) or "") for e in graph.objects(entity, MSC.hasConstituentElement)}
    symbols |= {str(graph.value(e, MSC.formula) or "") for p in (MSC.hasMetalElement, MSC.hasChalcogenElement)
                for e in graph.objects(entity, p)}
    symbols.discard("")
    if symbols and not symbols <= set(counts):
        return False
    atoms = graph.value(entity, MSC.atomCount)
    if atoms is not None and int(atoms) != sum(counts.values()):
        return False
    units = graph.value(entity, MSC.formulaUnitCount)
    if units is not None and len(counts) == 2 and set(counts.values()) != {int(units)}:
        return False
    return True


def _masses(graph: Graph, out: Graph) -> None:
    for entity, (formula, charge) in sorted(mass_candidates(graph).items()):
        report = massspec.mass_report(formula, charge)
        name = _label(graph, entity)
        shown = str(graph.value(entity, MSC.formula))
        shown = name if shown == name else f"{name} ({shown})"
        cent, tenth_milli = Decimal("0.01"), Decimal("0.0001")
        values = [
            (MSC.hasMolarMass, "molar-mass", Decimal(repr(report.average_mass)).quantize(cent, ROUND_HALF_UP), UNIT["GM-PER-MOL"],
             QUANTITYKIND.MolarMass, "molar mass (formula mass)", "g/mol"),
            (MSC.hasMonoisotopicMass, "monoisotopic-mass", Decimal(repr(report.monoisotopic_mass)).quantize(tenth_milli, ROUND_HALF_UP),
             UNIT.DA, QUANTITYKIND.MolecularMass, "monoisotopic mass", "Da"),
            (MSC.hasMostAbundantPeakMass, "most-abundant-peak-mass",
             Decimal(repr(report.most_abundant.mass)).quantize(tenth_milli, ROUND_HALF_UP), UNIT.DA, QUANTITYKIND.MolecularMass,
             "most abundant isotopologue mass", "Da"),
        ]
        for prop, suffix, value, unit, kind, what, symbol in values:
            _quantity(out, entity, prop, _quantity_iri(entity, suffix), value, unit, kind,
                      f"{what} of {shown}: {value} {symbol} (derived with molmass)", FORMULA_MASS)


# -- writing --------------------------------------------------------------------------------

def _quantity(out: Graph, subject: URIRef, prop: URIRef, iri: URIRef, value: Decimal, unit: URIRef,
              kind: URIRef, label: str, derivation: DerivationInfo, note: str | None = None) -> None:
    out.add((iri, RDF.type, OWL.NamedIndividual))
    out.add((iri, RDFS.label, Literal(label, lang="en")))
    for triple in ((subject, prop, iri), (iri, RDF.type, QUDT.QuantityValue),
                   (iri, QUDT.numericValue, _decimal(value)), (iri, QUDT.hasUnit, unit),
                   (iri, QUDT.hasQuantityKind, kind)):
        _fact(out, triple, derivation, note)


def _fact(out: Graph, triple: tuple, derivation: DerivationInfo, note: str | None = None) -> None:
    annotations = [(MSC.derivedBy, derivation.iri)]
    if note:
        annotations.append((MSC.interpretationNote, Literal(note, lang="en")))
    if triple not in out:
        add_annotated(out, triple, annotations)


def _decimal(value: Decimal) -> Literal:
    text = format(value, "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _quantity_iri(entity: URIRef, suffix: str) -> URIRef:
    return URIRef(f"{entity}-{suffix}")


def _label(graph: Graph, node) -> str:
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else str(node).rsplit("/", 1)[-1]
