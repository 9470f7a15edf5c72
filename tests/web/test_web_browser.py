"""A person's path through the pages, in a real headless Chromium (Debian's, driven by Playwright).

Served: the real build of the seed article with the project's named queries.
Nothing is ever requested from anywhere but the test server.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    # In CI (CI=true) `make test` installs chromium, so a missing browser is a failure there, not a skip.
    pytest.mark.skipif(not CHROMIUM.exists() and not shutil.which("chromium") and not os.environ.get("CI"),
                       reason="Debian's chromium is not installed (make browser)"),
]

IOS = "Indivisibility of Security"
OSCE = "Organization for Security and Co-operation in Europe"


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, seed_server):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.requested, tab.problems = [], []
    tab.on("request", lambda request: tab.requested.append(request.url))
    tab.on("console", lambda message: message.type == "error" and tab.problems.append(message.text))
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    yield tab
    context.close()
    foreign = [url for url in tab.requested if not url.startswith(seed_server.url + "/")]
    assert foreign == [], "the page requested something from elsewhere"
    assert tab.problems == []


def test_from_home_to_an_example_and_its_evidence(page, seed_server):
    page.goto(seed_server.url + "/")
    concepts = page.locator("section.category", has=page.locator("h2", has_text="Concepts"))
    concepts.get_by_role("link", name=IOS, exact=True).click()
    page.wait_for_url("**/id/indivisibility-of-security")
    assert page.locator("h1").inner_text() == IOS
    assert page.locator("svg.diagram").is_visible()

    # "To Indivisibility of Security": an institution that exemplifies it.
    exemplifies = page.locator("section.incoming li.relation").filter(
        has=page.locator(".predicate", has_text="exemplifies"))
    exemplifies.locator(".fact").get_by_role("link", name=OSCE, exact=True).first.click()
    page.wait_for_url("**/id/organization-for-security-and-co-operation-in-europe")
    assert page.locator("h1").inner_text() == OSCE
    assert "Institution" in page.locator("p.meta").inner_text()

    # Its relation to the concept, with the sentence it was read from and the cue marked.
    relation = page.locator("section.outgoing li.relation").filter(
        has=page.locator(".predicate", has_text="reflects"))
    sentence = relation.locator("q.sentence").first
    assert sentence.is_visible()
    assert "Organization for Security and Co-operation in Europe (OSCE)" in sentence.inner_text()
    assert relation.locator("mark").first.inner_text() == "reflecting"

    # The sentence links to its place in the article's own page.
    relation.locator(".source a").first.click()
    page.wait_for_url("**/id/doc/indivisibility-of-security#sentence-*")
    target = page.locator("li:target")
    assert "reflecting the idea that the security of its members is linked" in target.inner_text()


def test_run_a_named_query_from_the_query_page(page, seed_server):
    page.goto(seed_server.url + "/query")
    form = page.locator("form#q-exemplifies")
    form.locator("select[name=concept]").select_option(label=IOS)
    form.get_by_role("button", name="Run").click()
    page.wait_for_url("**/query?name=exemplifies*")
    answer = page.locator("section.answer table.results")
    assert answer.is_visible()
    examples = answer.locator("tbody tr td:first-child").all_inner_texts()
    assert OSCE in examples and "Helsinki Accords" in examples
    # The form remembers the choice, and the answer links to the entities.
    assert page.locator("form#q-exemplifies select[name=concept] option:checked").inner_text() == IOS
    answer.get_by_role("link", name=OSCE, exact=True).click()
    page.wait_for_url("**/id/organization-for-security-and-co-operation-in-europe")


def test_free_sparql_box(page, seed_server):
    page.goto(seed_server.url + "/query")
    page.locator("textarea#sparql").fill(
        "SELECT ?treaty ?year WHERE { ?treaty a seckg:Treaty ; seckg:year ?year } ORDER BY ?year")
    page.locator("section.free-query").get_by_role("button", name="Run").click()
    rows = page.locator("section.answer tbody tr")
    assert rows.first.locator("td").first.inner_text() == "Helsinki Accords"
    assert "1975" in rows.first.locator("td").nth(1).inner_text()


def test_markup_in_a_label_renders_as_text(browser, server):
    """The fixture's treaty is labelled "<script>alert('pwned')</script> Pact": it must show, not run."""
    context = browser.new_context()
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        tab.goto(server.url + "/id/script-pact")
        assert tab.locator("h1").inner_text() == "<script>alert('pwned')</script> Pact"
        tab.goto(server.url + "/")
        assert tab.get_by_role("link", name="<script>alert('pwned')</script> Pact").count() == 2  # list, timeline
        assert tab.locator("script").count() == 0
    finally:
        context.close()
    assert dialogs == []
