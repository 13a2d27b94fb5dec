"""kb's Datasette plugin: the archive's pages, its stylesheet, and links in query results.

kb.site.serve registers this module with Datasette's plugin manager when it builds the site, so it
is active under ``kb serve`` without being an installed entry point (a plain ``datasette``
run elsewhere in the same environment does not get kb's routes).
"""
from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from kb.site.pages import ROUTES
from kb.knowledge.search import register_functions

# the only methods the archive answers: it is read-only, and Datasette 0.65 answers a POST
# to a read-only canned query with a 500
READ_METHODS = ("GET", "HEAD")

STATIC_MOUNT = "kb-static"  # kb/static/ is served at /kb-static/ (see kb.site.serve)

# Columns that hold the id of something with a page of its own, under every query. Not
# person_id: in the stored tables it is a name as written (names.id), in the derived ones
# and the canned queries a real person (people.id), and a cell cannot tell which.
LINKED_COLUMNS = {"meeting_id": "meeting", "previous_meeting_id": "meeting",
                  "next_meeting_id": "meeting", "opened_meeting_id": "meeting",
                  "closed_meeting_id": "meeting", "commitment_id": "commitment",
                  # the organisation page accepts any organisations.id (it shows the identity)
                  "organisation_id": "organisation"}


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return ROUTES


# Reading through a memory map instead of a read() per page: a table search that looks up
# every matching note took half the time at 20,000 notes (bench/RESULTS.md)
MMAP_BYTES = 2**30


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    # kb_match, which the search and feed queries use (kb.knowledge.search)
    register_functions(conn)
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES:d}")


@hookimpl
def register_magic_parameters(datasette: Any) -> list[tuple[str, Any]]:
    def kb(key: str, request: Any) -> str:
        if key != "base_url":
            raise KeyError(key)
        # the site's address as this request reached it: links in feeds must be absolute
        return datasette.absolute_url(request, "/")

    return [("kb", kb)]


@hookimpl
def asgi_wrapper() -> Any:
    """405 to any method but GET and HEAD, everywhere: nothing on the site writes."""
    def wrap(app: Any) -> Any:
        async def read_only(scope: dict, receive: Any, send: Any) -> None:
            if scope["type"] == "http" and scope["method"] not in READ_METHODS:
                await send({"type": "http.response.start", "status": 405, "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"allow", ", ".join(READ_METHODS).encode())]})
                await send({"type": "http.response.body",
                            "body": b"Method not allowed: the archive is read-only.\n"})
                return
            await app(scope, receive, send)
        return read_only
    return wrap


@hookimpl
def extra_css_urls() -> list[str]:
    return [f"/{STATIC_MOUNT}/kb.css"]


@hookimpl
def menu_links() -> list[dict[str, str]]:
    return [{"href": "/", "label": "Archive home"},
            {"href": "/-/search", "label": "Search the notes"},
            {"href": "/-/people", "label": "People"},
            {"href": "/-/open-actions", "label": "Open actions"}]


@hookimpl
def render_cell(value: Any, column: str, table: str | None) -> Markup | None:
    """In query results an id column becomes a link to its page, a search snippet shows its
    matched words marked and a search result's url is a link. Table pages already link
    foreign keys to their rows, so they are left alone."""
    if table is None and column == "snippet" and isinstance(value, str):
        html = str(escape(value)).replace("\x02", "<mark>").replace("\x03", "</mark>")
        return Markup(html)
    if table is None and column == "url" and isinstance(value, str) and value.startswith("/-/"):
        return Markup(f'<a href="{escape(value)}">{escape(value)}</a>')
    if table is not None or column not in LINKED_COLUMNS or not isinstance(value, int):
        return None
    page = LINKED_COLUMNS[column]
    return Markup(f'<a href="/-/{page}/{value}">{escape(page)} {value}</a>')
