"""Half-reactions with potentials, as the arithmetic needs them, read from a graph or query rows.

Two readers of one shape: ``from_graph`` for the build (an rdflib graph of ontology,
asserted and inferred triples) and ``from_rows`` for the commands (rows of the stored
query ``potentials-at-ph``). Electrons and protons come from the reaction data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from msckg.photocatalysis.vocabulary import MSC, QUDT

KINDS = {MSC.CO2ReductionReaction: "CO2 reduction", MSC.ProtonReduction: "proton reduction",
         MSC.WaterOxidation: "water oxidation"}


@dataclass(frozen=True)
class HalfReaction:
    iri: str
    equation: str
    direction: str            # "reduction" or "oxidation", as the source writes the step
    kind: str | None          # CO2 reduction, proton reduction, water oxidation (reasoner's class)
    electrons: int
    protons: int
    potential: Decimal        # the source's number, V
    stated_ph: Decimal        # the pH the source states it at
    electrode: str
    potential_iri: str
    product: str = ""         # label of the target product
    couple: str = ""          # oxidized/reduced form, for pictures: CO2/CH4, O2/H2O
    table_row: int | None = None
    holds_at_ph: Decimal | None = None  # where a consistency check found the number holds

    @property
    def anchor_ph(self) -> Decimal:
        """The pH the source's number holds at: the checked one where a check found another."""
        return self.holds_at_ph if self.holds_at_ph is not None else self.stated_ph


def from_graph(graph: Graph) -> list[HalfReaction]:
    """Every half-reaction of graph with a standard potential, by table row then IRI."""
    found = []
    for reaction, quantity in graph.subject_objects(MSC.hasStandardPotential):
        types = set(graph.objects(reaction, RDF.type))
        if MSC.ReductionHalfReaction in types:
            direction = "reduction"
        elif MSC.OxidationHalfReaction in types:
            direction = "oxidation"
        else:
            continue
        value = graph.value(quantity, QUDT.numericValue)
        electrons = graph.value(reaction, MSC.electronsTransferred)
        protons = graph.value(reaction, MSC.protonsTransferred)
        ph = graph.value(quantity, MSC.atPH)
        if value is None or electrons is None or protons is None or ph is None:
            continue  # nothing to convert without them; the reaction stays as stated
        kind = next((name for cls, name in KINDS.items() if cls in types), None)
        product = graph.value(reaction, MSC.hasTargetProduct)
        reactants = [r for r in graph.objects(reaction, MSC.hasReactant)]
        holds = graph.value(quantity, MSC.valueHoldsAtPH)
        row = graph.value(reaction, MSC.tableRow)
        found.append(HalfReaction(
            iri=str(reaction), equation=str(graph.value(reaction, MSC.equation) or _label(graph, reaction)),
            direction=direction, kind=kind, electrons=int(electrons), protons=int(protons),
            potential=_decimal(value), stated_ph=_decimal(ph),
            electrode=str(graph.value(quantity, MSC.referenceElectrode) or ""),
            potential_iri=str(quantity), product=_label(graph, product) if product is not None else "",
            couple=_couple(graph, direction, reactants, product),
            table_row=int(row) if row is not None else None,
            holds_at_ph=_decimal(holds) if holds is not None else None))
    return sorted(found, key=lambda r: (r.table_row is None, r.table_row or 0, r.iri))


def from_rows(rows: Iterable[Mapping[str, Node]]) -> list[HalfReaction]:
    """Half-reactions from rows of the stored query potentials-at-ph (one row per reaction)."""
    found = []
    for row in rows:
        holds = row.get("holdsAtPH")
        found.append(HalfReaction(
            iri=str(row["reaction"]), equation=str(row.get("equation") or row["reaction"]),
            direction=str(row["direction"]), kind=str(row["kind"]) if row.get("kind") is not None else None,
            electrons=int(row["electrons"]), protons=int(row["protons"]),
            potential=_decimal(row["statedE"]), stated_ph=_decimal(row["statedPH"]),
            electrode=str(row.get("electrode") or ""), potential_iri=str(row["potential"]),
            product=str(row.get("productLabel") or ""), couple=str(row.get("couple") or ""),
            table_row=int(row["tableRow"]) if row.get("tableRow") is not None else None,
            holds_at_ph=_decimal(holds) if holds is not None else None))
    return sorted(found, key=lambda r: (r.table_row is None, r.table_row or 0, r.iri))


def _decimal(node: Node) -> Decimal:
    value = node.toPython() if isinstance(node, Literal) else node
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _label(graph: Graph, node: Node) -> str:
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else str(node).rsplit("/", 1)[-1]


def _formula(graph: Graph, node: Node) -> str:
    return str(graph.value(node, MSC.formula) or _label(graph, node))


def _couple(graph: Graph, direction: str, reactants: list[Node], product: Node | None) -> str:
    """oxidized/reduced form: the reactant that is not H+ and the target product, by formula.

    A reduction's reactant is the oxidized form (CO2/CH4, H+/H2); an oxidation's target
    product is (O2/H2O).
    """
    if product is None or not reactants:
        return ""
    main = [r for r in reactants if _formula(graph, r) not in ("H+", "H2O")] or reactants
    other = _species_name(graph, sorted(main, key=str)[0])
    target = _species_name(graph, product)
    return f"{other}/{target}" if direction == "reduction" else f"{target}/{other}"


def _species_name(graph: Graph, node: Node) -> str:
    label = _label(graph, node)
    return label if "•" in label else _formula(graph, node)  # keep the radical dot of CO2•−
