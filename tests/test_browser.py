"""End to end in a real browser: headless Chromium (Debian's ``chromium``, driven by
playwright) against a real ``kb serve`` on 127.0.0.1, over a new database that ``kb serve``
fills from the bundled notes.

A person searches for a phrase from the seed note (notes/uk-ogn/), sees who said it, and opens
that person's page. Skips, saying why, only where no Chromium is installed (.ci/run installs
it).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbproc import CHROMIUM_ARGS, find_chromium, kb_server

PHRASE = "distrust in institutions"  # Tim Hughes (Involve), in the seed note
SPEAKER = "Tim Hughes"


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("Chromium not found (/usr/bin/chromium or chromium on PATH): "
                    "apt-get install -y chromium")
    return path


def test_search_then_open_the_speakers_page(chromium, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    with kb_server(tmp_path / "meetings.db", tmp_path / "serve.log") as url, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/")
            search = page.locator(".kb-big-search input[name=q]")
            search.fill(PHRASE)
            search.press("Enter")
            expect(page).to_have_url(re.compile(r"/-/search\?q=distrust"))
            result = page.locator(".kb-result", has_text="distrust in institutions").first
            expect(result).to_contain_text(SPEAKER)
            result.get_by_role("link", name=SPEAKER).click()
            expect(page).to_have_url(re.compile(r"/-/person/[0-9]+$"))
            expect(page.locator("h1")).to_have_text(SPEAKER)
            expect(page.locator("body")).to_contain_text("Involve")
            expect(page.locator(".kb-result").first).to_contain_text("distrust in institutions")
        finally:
            browser.close()
