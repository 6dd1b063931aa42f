"""The whole ontology as one documentation page, made by pyLODE (optional: ``pip install -e '.[docs]'``).

pyLODE 3.3 reads ``build/ontology.ttl`` and writes a self-contained HTML
document (styles inline, nothing fetched) with a section per class and
property. pyLODE 2.x needs rdflib < 7 and 3.4.1 does not import, so the extra
pins 3.3. Without pyLODE the per-term pages of the site document the ontology
on their own and this page is left out.
"""

from __future__ import annotations

import logging
from pathlib import Path


def pylode_available() -> bool:
    try:
        import pylode  # noqa: F401
    except Exception:  # not installed, or a release that fails on import
        return False
    return True


def ontology_document(ontology_ttl: Path) -> str | None:
    """pyLODE's HTML for the ontology file, or None when pyLODE is not installed."""
    if not pylode_available() or not ontology_ttl.is_file():
        return None
    from pylode import OntPub

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))  # pyLODE logs at INFO
    return OntPub(ontology=str(ontology_ttl)).make_html()
