"""End to end in a real browser: headless Chromium, driven by Selenium, on a loopback server.

A photocatalysis researcher opens the home page, searches "(CdSe)13", follows
the result to its page, reads the evidence sentence and the reference number,
goes to the route into Cu2Se, runs cq11-reachable-products with cb = -0.5 from
the query page and reads the products; a program then asks the same IRI for
Turtle. Screenshots go to docs/screenshots/ when MSCKG_SCREENSHOTS is set.

Needs Debian's chromium and chromium-driver (scripts/setup.sh installs them
where apt-get can); skipped, with the reason, where they are missing.
"""

from __future__ import annotations

import os
import shutil
import urllib.request
from pathlib import Path

import pytest
import rdflib

from tests.test_web_endpoint import serve

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.expected_conditions import staleness_of  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                                reason="headless Chromium is not installed (apt-get install chromium chromium-driver)")
SHOTS = Path(os.environ["MSCKG_SCREENSHOTS"]) if os.environ.get("MSCKG_SCREENSHOTS") else None


def go(browser, action) -> None:
    """Do action (a click on a link or a submit button, a form's submit) and wait until the next page
    has replaced this one: a click returns when the browser has taken it, which can be before the
    next page is there (a CI run looked for the answer table on the form page)."""
    page = browser.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(browser, 30).until(staleness_of(page))


@pytest.fixture(scope="module")
def web(build_dir):
    with serve(build_dir, timeout_s=30) as running:
        yield running.base
    running.service.close()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def shot(browser, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SHOTS / f"{name}.png"))


def test_a_researcher_follows_cdse13_from_search_to_evidence_to_pathways_to_an_answer(web, browser):
    browser.get(web + "/")
    assert browser.title == "Home · msckg"
    box = browser.find_element(By.ID, "home-q")
    box.send_keys("(CdSe)13")
    go(browser, box.submit)
    assert browser.title.startswith("Search")
    go(browser, browser.find_element(By.LINK_TEXT, "(CdSe)13").click)
    assert browser.find_element(By.TAG_NAME, "h1").text == "(CdSe)13"
    evidence = browser.find_element(By.ID, "evidence").find_element(By.XPATH, "..").text
    assert "magic-size (CdSe)13 was stored at room temperature for a whole year" in evidence
    facts = browser.find_element(By.CSS_SELECTOR, "table.facts").text
    assert "ref. 22" in facts
    shot(browser, "entity-cdse13")
    cdse13_url = browser.current_url

    go(browser, browser.find_element(By.LINK_TEXT, "Pathways").click)
    go(browser, browser.find_element(By.LINK_TEXT, "Cu2Se").click)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Pathways of Cu2Se"
    routes = browser.find_element(By.ID, "into").find_element(By.XPATH, "..").text
    assert "(CdSe)33" in routes and "cation exchange" in routes and "ref. 64" in routes

    browser.get(web + "/queries/cq11-reachable-products")
    field = browser.find_element(By.ID, "p-cb")
    assert browser.find_element(By.CSS_SELECTOR, "label[for='p-cb']").text.startswith("cb")
    field.clear()
    field.send_keys("-0.5")
    go(browser, browser.find_element(By.CSS_SELECTOR, "form.params button[type=submit]").click)
    table = browser.find_element(By.CSS_SELECTOR, "table.results")
    products = [row.find_elements(By.TAG_NAME, "td")[0].text
                for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert products == ["mscr:CH4", "mscr:CH3OH", "mscr:H2", "mscr:HCHO"]
    browser.execute_script("document.getElementById('p-cb').scrollIntoView()")  # the form and its answer
    shot(browser, "query-cq11")

    request = urllib.request.Request(cdse13_url, headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers["Content-Type"].startswith("text/turtle")
        graph = rdflib.Graph().parse(data=response.read().decode("utf-8"), format="turtle")
    cdse13 = rdflib.URIRef("https://w3id.org/msckg/resource/CdSe13")
    assert (cdse13, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/msckg/ontology/MagicSizeCluster")) in graph


def test_a_researcher_pages_through_the_clusters(web, browser):
    # five clusters a page: "next" shows clusters 6-10, none of them on the first page
    browser.get(web + "/queries/cq01-clusters?limit=5")
    first = {row.find_elements(By.TAG_NAME, "td")[0].text
             for row in browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")}
    go(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "next 5").click)
    assert "Clusters 6–10" in browser.find_element(By.CSS_SELECTOR, "nav.paging").text
    second = {row.find_elements(By.TAG_NAME, "td")[0].text
              for row in browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")}
    assert len(first) == len(second) == 5 and not first & second
    shot(browser, "query-cq01-page-2")
    go(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "previous 5").click)
    assert "Clusters 1–5" in browser.find_element(By.CSS_SELECTOR, "nav.paging").text
