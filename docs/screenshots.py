"""Screenshots of the archive for docs/: ``make screenshots`` (or run this file).

Builds a database from the bundled notes (``kb serve`` imports them into a new database),
serves it on a free port of 127.0.0.1, and photographs the pages people use most with
headless Chromium at 1280 px wide. Needs Debian's chromium and the test extra (playwright).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "tests"))
from kbproc import CHROMIUM_ARGS, find_chromium, kb_server  # noqa: E402

WIDTH = 1280
SEARCH = "procurement transparency"  # words from the seed note, notes/uk-ogn/
PERSON = "Paul Downey"  # Open Standards Board: statements, actions, eight meetings


def shoot(page: Page, url: str, name: str, full_page: bool = False, height: int = 900,
          scroll_up: int = 0) -> None:
    page.set_viewport_size({"width": WIDTH, "height": height})
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if scroll_up:  # an #anchor scrolled its item to the top: show a little above it too
        page.evaluate(f"window.scrollBy(0, -{scroll_up})")
    page.screenshot(path=str(DOCS / name), full_page=full_page)
    print(f"docs/{name}: {url}")


def main() -> None:
    chromium = find_chromium()
    if chromium is None:
        sys.exit("screenshots: no chromium found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp, \
            kb_server(Path(tmp) / "meetings.db", Path(tmp) / "serve.log") as url, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{url}/-/search")
        page.fill("#kb-q", SEARCH)
        page.press("#kb-q", "Enter")
        page.wait_for_load_state("networkidle")
        shoot(page, page.url, "search-results.png")
        # the meeting page at the statement found: its mark in the note is outlined
        statement = page.locator(".kb-result a.kb-meeting-link").first.get_attribute("href")
        shoot(page, f"{url}{statement}", "meeting.png", height=1000, scroll_up=330)
        # a person with statements, actions and several meetings, found on the people page
        page.goto(f"{url}/-/people")
        person = page.get_by_role("link", name=PERSON, exact=True).first.get_attribute("href")
        shoot(page, f"{url}{person}", "person.png", height=1100)
        shoot(page, f"{url}/-/open-actions", "open-actions.png")
        shoot(page, f"{url}/-/dashboards/activity", "dashboard.png", full_page=True)
        shoot(page, f"{url}/", "home.png")
        browser.close()


if __name__ == "__main__":
    main()
