"""kb's Datasette plugin: the archive's pages, its stylesheet, and links in query results.

kb.site registers this module with Datasette's plugin manager when it builds the site, so it
is active under ``kb serve`` without being an installed entry point (a plain ``datasette``
run elsewhere in the same environment does not get kb's routes).
"""
from __future__ import annotations

from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from .pages import ROUTES

STATIC_MOUNT = "kb-static"  # kb/static/ is served at /kb-static/ (see kb.site)

# Columns that hold the id of something with a page of its own, under every query. Not
# person_id: in the stored tables it is a name as written (people.id), in the derived ones
# and the canned queries a real person (persons.id), and a cell cannot tell which.
LINKED_COLUMNS = {"meeting_id": "meeting", "previous_meeting_id": "meeting",
                  "next_meeting_id": "meeting", "opened_meeting_id": "meeting",
                  "closed_meeting_id": "meeting", "commitment_id": "commitment",
                  # the organisation page accepts any organisations.id (it shows the identity)
                  "organisation_id": "organisation"}


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return ROUTES


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
    """In query results an id column becomes a link to its page. Table pages already link
    foreign keys to their rows, so they are left alone."""
    if table is not None or column not in LINKED_COLUMNS or not isinstance(value, int):
        return None
    page = LINKED_COLUMNS[column]
    return Markup(f'<a href="/-/{page}/{value}">{escape(page)} {value}</a>')
