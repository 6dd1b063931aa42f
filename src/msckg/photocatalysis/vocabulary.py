"""The IRIs the photocatalysis arithmetic reads and writes."""

from __future__ import annotations

from rdflib import Namespace

from msckg.namespaces import MSC, QUDT, UNIT

QUANTITYKIND = Namespace("http://qudt.org/vocab/quantitykind/")

# Units are read through either property while the asserted data move from qudt:unit
# to qudt:hasUnit; derived quantities are written with hasUnit and hasQuantityKind.
UNIT_PROPERTIES = (QUDT.hasUnit, QUDT.unit)

__all__ = ["MSC", "QUDT", "UNIT", "QUANTITYKIND", "UNIT_PROPERTIES"]
