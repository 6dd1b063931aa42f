"""The graph on the web: one IRI, asked for by a browser and by a program, and the static site.

A chemist following https://w3id.org/msckg/resource/CdSe13 gets a page with the
facts, the sentence that states them and the review's reference numbers; a
program asking the same path for Turtle gets triples it can parse. The static
site written by 'msckg site' holds the same pages with links that resolve on the
file system.
"""

from __future__ import annotations

import html.parser
import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib

from msckg.namespaces import MSC, MSCR
from msckg.paths import project_layout
from msckg.web.negotiation import choose_representation
from tests.test_web_endpoint import get, serve

CDSE13 = "https://w3id.org/msckg/resource/CdSe13"
LIU_SENTENCE = "magic-size (CdSe)13 was stored at room temperature for a whole year to evaluate its stability"


@pytest.fixture(scope="module")
def web(build_dir):
    with serve(build_dir, timeout_s=30) as running:
        yield running.base
    running.service.close()


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.labels: set[str] = set()
        self.inputs: set[str] = set()
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag in ("img", "link") and ("src" in attrs or "href" in attrs):
            self.links.append(attrs.get("src") or attrs["href"])
        if tag == "label":
            self.labels.add(attrs.get("for", ""))
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.inputs.add(attrs.get("id", ""))
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def parsed(text: str) -> Links:
    found = Links()
    found.feed(text)
    return found


def test_a_browser_gets_the_page_of_cdse13_with_evidence_and_references(web):
    status, page = get(web + "/resource/CdSe13", accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200
    assert "<h1>(CdSe)13</h1>" in page
    assert LIU_SENTENCE in page
    assert "ref. 22" in page
    assert "inferred" in page and "magic-size cluster" in page  # asserted and inferred classes, marked
    assert parsed(page).title == "(CdSe)13 · msckg"


def test_the_entity_page_shows_a_finding_about_the_sources_apart_from_the_facts(web):
    status, page = get(web + "/resource/Cd6Se6", accept="text/html")
    assert status == 200
    facts, findings = page.split('<h2 id="findings">', 1)
    assert "reported only by computation" not in facts
    assert "Findings about the graph&#39;s sources" in findings or "Findings about the graph's sources" in findings
    assert "not facts about the chemistry" in findings and "derived by rule computation-only" in findings
    assert "ref. 66" in findings.split("</section>", 1)[0]
    status, page = get(web + "/resource/NU-1000", accept="text/html")
    assert status == 200 and 'id="findings"' not in page


def test_a_source_page_shows_its_coverage_counts_as_findings(web):
    # the counts of queries/rules/source-coverage.rq, once explained, beside the facts the source supports
    status, page = get(web + "/resource/li2023", accept="text/html")
    assert status == 200
    findings = page.split('<h2 id="findings">', 1)[1].split("</section>", 1)[0]
    assert "number of sentence records</a>:\n138" in findings
    assert "number of fact statements citing it" in findings
    assert findings.count("How: Counts per source") == 1 and "derived by rule source-coverage" in findings


def test_a_program_gets_turtle_ntriples_or_jsonld_of_the_same_iri(web):
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")):
        status, body = get(web + "/resource/CdSe13", accept=accept)
        assert status == 200, accept
        graph = rdflib.Graph().parse(data=body, format=fmt)
        assert (rdflib.URIRef(CDSE13), rdflib.RDF.type, MSC.MagicSizeCluster) in graph, accept
        assert (None, rdflib.OWL.annotatedSource, rdflib.URIRef(CDSE13)) in graph  # the evidence axioms come along
    status, body = get(web + "/resource/CdSe13.ttl", accept="text/html")  # the suffix wins over Accept
    assert status == 200 and (rdflib.URIRef(CDSE13), None, None) in rdflib.Graph().parse(data=body, format="turtle")


def test_an_unknown_id_is_a_404_with_the_closest_names(web):
    status, page = get(web + "/resource/CdSe14", accept="text/html")
    assert status == 404 and "CdSe13" in page
    status, text = get(web + "/resource/CdSe14", accept="text/turtle")
    assert status == 404 and "closest names" in text


def test_no_path_outside_the_build_is_reachable(web):
    for path in ("/graph/..%2Fsummary.json", "/graph/../../etc/passwd", "/static/..%2F..%2Fpyproject.toml",
                 "/resource/..%2F..%2Fetc%2Fpasswd", "/graph/store.ttl"):
        status, body = get(web + path, accept="text/turtle")
        assert status == 404, path
        assert "root:" not in body


def test_the_ontology_term_page_has_definition_hierarchy_and_examples(web):
    status, page = get(web + "/ontology/MagicSizeCluster", accept="text/html")
    assert status == 200
    assert "superclass" in page and "member (asserted)" in page and "(CdSe)13" in page
    status, body = get(web + "/ontology/MagicSizeCluster", accept="text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert (MSC.MagicSizeCluster, rdflib.RDFS.subClassOf, None) in graph


def test_a_graph_downloads_from_the_build(web, build_dir):
    status, body = get(web + "/graph/mappings.nt", accept="*/*")
    assert status == 200 and body == (build_dir / "mappings.nt").read_text(encoding="utf-8")


def test_the_sentence_and_reference_pages_list_the_facts_they_support(web):
    status, page = get(web + "/resource/li2023-sec1-08", accept="text/html")
    assert status == 200 and LIU_SENTENCE in page and "(CdSe)13" in page
    status, page = get(web + "/resource/li2023-ref22", accept="text/html")
    assert status == 200 and "(CdSe)13" in page and "referenceNumber" in page


def test_search_finds_a_cluster_by_name_and_sentences_by_words(web):
    status, page = get(web + "/search?q=" + urllib.parse.quote("(CdSe)13"), accept="text/html")
    assert status == 200 and '<a href="resource/CdSe13">(CdSe)13</a>' in page
    status, page = get(web + "/search?q=" + urllib.parse.quote("whole year stability"), accept="text/html")
    assert LIU_SENTENCE in page


def test_the_query_page_runs_cq11_with_a_bound_parameter_and_downloads_csv(web):
    status, page = get(web + "/queries/cq11-reachable-products?cb=-0.5&protonReduction=true&run=1", accept="text/html")
    assert status == 200
    for product in ("CH4", "CH3OH", "H2", "HCHO"):
        assert f">mscr:{product}<" in page
    form = parsed(page)
    assert form.inputs and form.inputs <= form.labels  # every field has its label
    status, csv = get(web + "/queries/cq11-reachable-products?cb=-0.5&format=csv", accept="text/csv")
    products = [line.split(",")[0].rsplit("/", 1)[1] for line in csv.splitlines()[1:]]
    assert products == ["CH4", "CH3OH", "H2", "HCHO"]
    status, data = get(web + "/queries/cq11-reachable-products?cb=-0.5&format=json")
    assert len(json.loads(data)["results"]["bindings"]) == 4
    status, page = get(web + "/queries/cq11-reachable-products?cb=%7D%20UNION%20%7B&run=1", accept="text/html")
    assert "is not a valid decimal" in page  # a value is only ever a value


def test_the_competency_question_page_answers_each_question_live(web):
    status, page = get(web + "/cq", accept="text/html")
    assert status == 200
    for cq in ("CQ01", "CQ10", "CQ11", "CQ17"):
        assert f'id="{cq}"' in page
    assert "cq10-half-reactions" in page and "CO₂ + 2H⁺ + 2e⁻ → HCOOH" in page
    for cq, query in (("CQ18", "species-across-sources"), ("CQ19", "facts-of-source")):  # across sources
        section = page[page.index(f'id="{cq}"'):].split("</section>", 1)[0]
        assert query in section and "No stored query answers it yet" not in section and "<td>" in section


def test_representations_are_negotiated_by_quality():
    assert choose_representation("application/ld+json;q=0.9,text/turtle;q=0.2").name == "jsonld"
    assert choose_representation("*/*").name == "html"
    assert choose_representation("image/png") is None


@pytest.fixture(scope="module")
def static_site(build_dir, tmp_path_factory):
    from tests.helpers import run_cli

    out = tmp_path_factory.mktemp("site") / "site"
    done = run_cli("site", "--out", str(out), build_dir=build_dir, timeout=900)
    assert done.returncode == 0, done.stderr
    return out


def test_the_static_site_works_from_the_file_system(static_site):
    page = (static_site / "resource" / "CdSe13.html").read_text(encoding="utf-8")
    assert LIU_SENTENCE in page and "ref. 22" in page
    broken = []
    for path in [static_site / "index.html", static_site / "resource" / "CdSe13.html",
                 static_site / "pathway" / "Cu2Se.html", static_site / "queries" / "cq11-reachable-products.html",
                 static_site / "ontology" / "MagicSizeCluster.html", static_site / "cq.html"]:
        for link in parsed(path.read_text(encoding="utf-8")).links:
            if re.match(r"[a-z]+:", link) or link.startswith("#"):
                continue
            target = (path.parent / link.split("#")[0]).resolve()
            if not target.is_file():
                broken.append((path.name, link))
    assert broken == []
    query_page = (static_site / "queries" / "cq11-reachable-products.html").read_text(encoding="utf-8")
    assert ">mscr:HCHO<" in query_page  # the answer for the default parameters


def test_the_sparql_box_shows_a_table_and_refuses_what_the_endpoint_refuses(web):
    form = urllib.parse.urlencode({"query": "PREFIX mscr: <https://w3id.org/msckg/resource/> "
                                            "SELECT ?label WHERE { mscr:CdSe13 <http://www.w3.org/2000/01/rdf-schema#label> ?label }"})
    request = urllib.request.Request(web + "/sparql", data=form.encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=60) as response:
        page = response.read().decode("utf-8")
    assert "<td>(CdSe)13</td>" in page
    status, page = get(web + "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"),
                       accept="text/html")
    assert status == 400 and "federated queries are refused" in page


def test_the_whole_ontology_is_one_pylode_page_where_pylode_is_installed(web):
    from msckg.web.ontology_doc import pylode_available

    if not pylode_available():
        pytest.skip("pyLODE is not installed (pip install -e '.[docs]')")
    status, page = get(web + "/docs/ontology", accept="text/html")
    assert status == 200 and "MagicSizeCluster" in page and "magic-size cluster" in page


# --- listings come in pages: the query page, the competency questions, the entity index

def _csv_rows(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))


def _page_rows(page: str) -> list[str]:
    return re.findall(r"<tr><td>.*?</tr>", page)


def test_two_pages_of_the_catalysts_share_no_row_and_are_the_first_rows_of_the_whole_answer(web, store, layout):
    # cq12 lists the photocatalysts, 5 rows a page: page 1 is rows 1-5, page 2 rows 6-10, and
    # together they are the first 10 rows of every row (msckg query cq12-catalysts --all)
    from msckg.query.answers import answer
    from msckg.query.catalog import load_catalog
    from msckg.query.formats import csv_format

    query = load_catalog(layout.queries)["cq12-catalysts"]
    everything = answer(store, query)  # page=None: every row
    assert len(everything.rows) > 10
    status, first = get(web + "/queries/cq12-catalysts?limit=5", accept="text/html")
    assert status == 200 and "Rows 1–5." in first
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert urllib.parse.parse_qs(next_link.split("?", 1)[1]) == {"run": ["1"], "limit": ["5"], "offset": ["5"]}
    status, second = get(web + "/queries/" + next_link, accept="text/html")
    assert status == 200 and "Rows 6–10." in second and 'rel="prev"' in second
    assert len(_page_rows(first)) == len(_page_rows(second)) == 5
    assert not set(_page_rows(first)) & set(_page_rows(second))
    pages = [_csv_rows(get(web + f"/queries/cq12-catalysts?format=csv&limit=5&offset={offset}", accept="text/csv")[1])
             for offset in (0, 5)]
    whole = _csv_rows(csv_format(everything.variables, everything.rows))
    assert pages[0][0] == whole[0]  # the same columns
    assert pages[0][1:] + pages[1][1:] == whole[1:11]


def test_a_page_of_clusters_counts_clusters_each_with_all_its_rows(web):
    # cq01 pages by cluster: 5 clusters a page, and a cluster is on one page only
    pages = [get(web + f"/queries/cq01-clusters?limit=5&offset={offset}", accept="text/html")[1] for offset in (0, 5)]
    assert "Clusters 1–5 (" in pages[0] and "Clusters 6–10 (" in pages[1]
    assert "A page holds 5 clusters (values of <code>?cluster</code>), each with all its rows." in pages[0]
    clusters = [set(re.findall(r'<tr><td><a href="\.\./resource/([^"]+)"', page)) for page in pages]
    assert len(clusters[0]) == len(clusters[1]) == 5 and not clusters[0] & clusters[1]



def test_a_page_key_named_species_says_species_not_specieses():
    from msckg.web.site import plural

    assert plural("species") == "species"
    assert [plural(word) for word in ("cluster", "entity", "source")] == ["clusters", "entities", "sources"]


def test_a_page_of_species_across_sources_counts_rows_of_facts(web):
    # species-across-sources pages by rows (a fact each): a page of whole species could hold
    # thousands of facts of one element
    status, page = get(web + "/queries/species-across-sources?limit=3", accept="text/html")
    assert status == 200
    assert "Rows 1–3." in page and len(_page_rows(page)) == 3
    assert "specieses" not in page.lower()


MULE_PLACEHOLDERS = {f"Mule-CdSe-MSC-{n}" for n in range(1, 10)}  # the nine CdSe MSCs the review counts, unnamed


def _clusters_of(csv_text: str) -> dict[str, str]:
    """cluster local name -> its placeholder column, from a cq01 CSV download."""
    rows = _csv_rows(csv_text)
    cluster, placeholder = rows[0].index("cluster"), rows[0].index("placeholder")
    return {row[cluster].rsplit("/", 1)[1]: row[placeholder] for row in rows[1:]}


def test_named_without_a_default_offers_any_and_named_true_leaves_out_the_placeholders(web):
    # cq01's "named" has no default: the form must not show "true" as chosen while sending nothing
    status, page = get(web + "/queries/cq01-clusters", accept="text/html")
    assert status == 200
    field = page[page.index('<select id="p-named"'):page.index("</select>", page.index('<select id="p-named"'))]
    assert re.findall(r'<option value="([^"]*)"', field) == ["", "true", "false"]
    assert re.findall(r'<option value="([^"]*)" selected', field) == [""]
    assert '<option value="" selected>(any)</option>' in field
    # "(any)" sends named= empty, which is no filter: Mule's nine placeholders are listed, marked
    everyone = _clusters_of(get(web + "/queries/cq01-clusters?named=&format=csv&limit=1000", accept="text/csv")[1])
    assert MULE_PLACEHOLDERS <= set(everyone) and {everyone[m] for m in MULE_PLACEHOLDERS} == {"true"}
    assert everyone["CdSe13"] == "false"
    # named=true keeps the clusters the review names and drops every placeholder
    named = _clusters_of(get(web + "/queries/cq01-clusters?named=true&format=csv&limit=1000", accept="text/csv")[1])
    assert "CdSe13" in named and not MULE_PLACEHOLDERS & set(named)
    assert set(named.values()) == {"false"} and set(named) < set(everyone)
    # and the page of that answer shows the value that was sent as the chosen one
    status, page = get(web + "/queries/cq01-clusters?named=true&run=1", accept="text/html")
    field = page[page.index('<select id="p-named"'):page.index("</select>", page.index('<select id="p-named"'))]
    assert re.findall(r'<option value="([^"]*)" selected', field) == ["true"]
    assert "Mule-CdSe-MSC-" not in page

def test_the_last_page_has_no_next_link(web, store, layout):
    from msckg.query.answers import answer
    from msckg.query.catalog import load_catalog

    total = len(answer(store, load_catalog(layout.queries)["cq12-catalysts"]).rows)
    limit = 5 if total % 5 else 6  # so that the last page holds fewer rows than a page
    last = (total // limit) * limit
    status, page = get(web + f"/queries/cq12-catalysts?limit={limit}&offset={last}", accept="text/html")
    assert status == 200 and f"Rows {last + 1}–{total}." in page
    assert 'rel="prev"' in page and 'rel="next"' not in page


@pytest.mark.parametrize("asked, reason", [("offset=abc", "offset='abc' is not a whole number"),
                                           ("offset=-5", "offset='-5' is not a whole number"),
                                           ("limit=0", "limit=0 is not between 1 and 1000"),
                                           ("limit=100000", "limit=100000 is not between 1 and 1000"),
                                           ("offset=1%20UNION%20%7B", "is not a whole number")])
def test_a_bad_offset_or_limit_is_a_400_with_the_reason_on_the_query_page(web, asked, reason):
    status, page = get(web + "/queries/cq12-catalysts?" + asked, accept="text/html")
    assert status == 400
    assert '<p class="error" role="alert">' in page and html_text(page).count(reason) == 1
    assert "<form" in page  # the form is still there to try again
    status, text = get(web + "/queries/cq12-catalysts?format=csv&" + asked, accept="text/csv")
    assert status == 400 and reason in text


def html_text(page: str) -> str:
    import html

    return html.unescape(page)


def test_a_page_of_the_competency_questions_says_when_an_answer_has_more_rows(web):
    status, page = get(web + "/cq", accept="text/html")
    assert status == 200
    cq01 = page[page.index('id="CQ01"'):page.index('id="CQ02"')]
    assert "The first page of the answer: 50 clusters, each with all its rows." in cq01
    assert 'href="queries/cq01-clusters' in cq01


def test_the_entity_index_comes_in_pages_of_different_entities(web):
    first = get(web + "/entities", accept="text/html")[1]
    assert "Entities 1–200," in first and 'href="entities?offset=200"' in first
    second = get(web + "/entities?offset=200", accept="text/html")[1]
    entities = [set(re.findall(r'<li><a href="(resource/[^"]+)"', page)) for page in (first, second)]
    assert len(entities[0]) == 200 and entities[1] and not entities[0] & entities[1]
    assert get(web + "/entities?offset=x", accept="text/html")[0] == 400


def test_the_static_site_says_what_each_page_of_a_listing_shows(static_site, store, layout):
    from msckg.web import pages

    cq01 = (static_site / "queries" / "cq01-clusters.html").read_text(encoding="utf-8")
    assert "Clusters 1–50 (" in cq01 and "A page holds 50 clusters" in cq01
    assert "first page only: run <code>msckg query cq01-clusters --all</code> for every row" in cq01
    assert 'rel="next"' not in cq01  # a static file cannot answer the next page
    assert "That is the whole answer." in (static_site / "queries" / "cq11-reachable-products.html").read_text()
    # the entity index is written whole as numbered pages: every labelled entity is on one of them
    listed, path = [], static_site / "entities.html"
    while True:
        page = path.read_text(encoding="utf-8")
        listed += re.findall(r'<li><a href="(resource/[^"]+)\.html"', page)
        following = re.search(r'<a rel="next" href="([^"]+)"', page)
        if following is None:
            break
        path = static_site / following.group(1)
    everyone = {"resource/" + pages.local_name(item["iri"]) for item in pages.resources(store, layout.queries)
                if pages.page_path(item["iri"])}
    assert len(listed) == len(set(listed)) and set(listed) == everyone
