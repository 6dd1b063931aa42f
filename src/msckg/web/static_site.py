"""``msckg site``: the pages of the server as static files with relative links.

Every page is written as ``<site path>.html`` (``resource/CdSe13.html``) and every
link between pages is relative, so the folder works from the file system
(``file:///.../index.html``) and from any web host under any prefix. The folder
is filled in a temporary sibling and swapped in whole, so a failed run leaves
the former site as it was.

Listings: a query page (and the competency questions) holds the first page of each
answer and says how to get every row (``msckg query NAME --all``); the entity index is
written whole, as numbered pages (``entities.html``, ``entities-2.html`` ...).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from msckg.errors import InputError, MsckgError
from msckg.paths import Layout
from msckg.pathways.graph import is_species, species
from msckg.query.store import Store
from msckg.web import pages
from msckg.web.ontology_doc import pylode_available
from msckg.query.answers import Page
from msckg.web.site import ENTITY_PAGE, Site, entity_index_path


def write_site(store: Store, layout: Layout, out: Path, *,
               progress: Callable[[str], None] | None = None) -> int:
    """Write every page into ``out``; the number of files written."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError("not a folder", where=str(out), hint="give --out a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        count = _fill(Site(store, layout, static=True, summary=_summary(layout)), staging, progress or (lambda _: None))
        staging.chmod(0o755)
        old = out.parent / f".{out.name}.old"
        if out.exists():
            out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
        return count
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _summary(layout: Layout) -> dict:
    import json

    try:
        return json.loads((layout.build / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _fill(site: Site, folder: Path, progress: Callable[[str], None]) -> int:
    written = 0

    def put(path: str, content: str | bytes) -> None:
        nonlocal written
        target = folder / (path if path.endswith((".css", ".svg", ".ttl", ".nt")) else path + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
        written += 1

    put("static/style.css", resources.files("msckg.web").joinpath("static", "style.css").read_bytes())
    put("index", site.home())
    # the entity index as numbered page files (entities.html, entities-2.html ...): every
    # entity has a page of its own here, so every one is reachable from the index
    offset, more = 0, True
    while more:
        index, more = site.index_page(Page(ENTITY_PAGE, offset))
        put(entity_index_path(offset // ENTITY_PAGE + 1), index)
        offset += ENTITY_PAGE
    for path, make in (("search", lambda: site.search("")), ("sources", site.sources),
                       ("graphs", site.graphs), ("ontology", site.ontology), ("queries", site.query_list),
                       ("cq", site.competency), ("pathways", site.pathways)):
        put(path, make())
    if pylode_available():
        put("docs/ontology", site.ontology_document())
    for name in pages.GRAPH_NAMES:
        for suffix in ("ttl", "nt"):
            source = site.build / f"{name}.{suffix}"
            if source.is_file():
                put(f"graph/{name}.{suffix}", source.read_bytes())
    progress("pages: home, index, ontology, queries, competency questions, pathways")
    everything = pages.resources(site.store, site.queries)
    # entity pages link to the quantities the build derives (masses), which no source labels
    derived = pages.derived_resources(site.store, site.queries)
    for iri in [item["iri"] for item in everything] + derived:
        local = pages.local_name(iri)
        if pages.page_path(iri) == f"resource/{local}":
            put(f"resource/{local}", site.resource(local))
    progress(f"pages: {len(everything)} resources and {len(derived)} derived quantities")
    terms = pages.ontology_terms(site.store, site.queries)
    for term in terms:
        path = pages.page_path(term["iri"])
        if path is not None:
            put(path, site.term(path.split("/", 1)[1]))
    progress(f"pages: {len(terms)} ontology terms")
    # a query page holds the first page of the answer (the default page of 'msckg query NAME')
    # and says so: a static file cannot answer other pages or other parameter values
    for name in pages.catalog(site.queries):
        put(f"queries/{name}", site.query_page(name, {}, run=False))
    put("pathway/all.svg", site.pathway_svg(None))
    for node in species(site.map):
        path = pages.page_path(node)
        if path is None or not path.startswith("resource/") or not is_species(site.map, node):
            continue
        local = path.split("/", 1)[1]
        try:
            put(f"pathway/{local}", site.pathway(local))
            put(f"pathway/{local}.svg", site.pathway_svg(local))
        except MsckgError:
            continue
    progress("pages: pathways")
    return written
