"""End to end in a real browser: headless Chromium (Debian's ``chromium``, driven by
playwright) against a real ``kb serve`` on 127.0.0.1, over a new database that ``kb serve``
fills from the bundled notes.

A person searches for a phrase from the seed note (notes/uk-ogn/), sees who said it, and opens
that person's page. Skips, saying why, only where no Chromium is installed (.ci/run installs
it).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kbproc import CHROMIUM_ARGS, find_chromium, kb_server, run_kb

PHRASE = "distrust in institutions"  # Tim Hughes (Involve), in the seed note
SPEAKER = "Tim Hughes"


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("Chromium not found (/usr/bin/chromium or chromium on PATH): "
                    "apt-get install -y chromium")
    return path


@pytest.fixture(scope="module")
def site(chromium, tmp_path_factory):
    """A real kb serve (filling a new database from the bundled notes) and a browser page."""
    from playwright.sync_api import sync_playwright

    root = tmp_path_factory.mktemp("browser")
    with kb_server(root / "meetings.db", root / "serve.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield url, root / "meetings.db", browser.new_page(
                viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def search_in_the_box(page, url: str, words: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{url}/")
    search = page.locator(".kb-big-search input[name=q]")
    search.fill(words)
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/-/search\?q="))


def test_search_then_open_the_speakers_page(site):
    from playwright.sync_api import expect

    url, _, page = site
    search_in_the_box(page, url, PHRASE)
    result = page.locator(".kb-result", has_text="distrust in institutions").first
    expect(result).to_contain_text(SPEAKER)
    result.get_by_role("link", name=SPEAKER).click()
    expect(page).to_have_url(re.compile(r"/-/person/[0-9]+$"))
    expect(page.locator("h1")).to_have_text(SPEAKER)
    expect(page.locator("body")).to_contain_text("Involve")
    expect(page.locator(".kb-result").first).to_contain_text("distrust in institutions")


@pytest.mark.parametrize("words, reaches", [
    ("procurement transparency", "Andrew Bowen"),  # continuing his report, in the seed note
    ("beneficial ownership", "Beneficial ownership"),  # an update that never says its name
])
def test_the_seed_words_reach_the_same_results_as_the_cli_and_the_table(site, words, reaches):
    from playwright.sync_api import expect

    url, db, page = site
    search_in_the_box(page, url, words)
    results = page.locator(".kb-result")
    cli = json.loads(run_kb("search", "--db", str(db), "--json", words).stdout)
    expect(results).to_have_count(len(cli))
    assert cli
    expect(page.locator(".kb-result-summary")).to_contain_text(
        f"{len(cli)} result{'s' if len(cli) != 1 else ''} for")
    links = [results.nth(i).locator(".kb-meeting-link").get_attribute("href")
             for i in range(len(cli))]
    assert links == [r["url"] for r in cli]
    expect(results.filter(has_text=reaches).first.get_by_role("link", name=reaches)).to_be_visible()
    if reaches == "Andrew Bowen":
        expect(results.filter(has_text="statement").filter(has_text=reaches)).not_to_have_count(0)
    # the same rows as a table: the canned query the page links to
    page.get_by_role("link", name="as a table").click()
    expect(page).to_have_url(re.compile(r"/meetings/search\?"))
    expect(page.locator("table.rows-and-columns tbody tr")).to_have_count(len(cli))
