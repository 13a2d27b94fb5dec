"""The archive's own pages, served by Datasette through kb's plugin (kb.plugin).

Datasette's table and query pages show rows; these pages show the things people look for: a
meeting with its note, a person, an organisation, a commitment, the open actions, search
results. Each handler reads its data with one kb.page_data function on Datasette's read
connection and renders a template from kb/templates/.

All routes start with ``/-/`` (Datasette's prefix for its own pages), so they never clash with
a database or table name; the home page replaces Datasette's database list at ``/``.
"""
from __future__ import annotations

from html import escape
from functools import wraps
from typing import Any, Awaitable, Callable

from datasette.app import Datasette
from datasette.utils.asgi import NotFound, Request, Response
from markupsafe import Markup

from . import page_data
from .marking import Mark, mark_text

# the kinds of item marked on a meeting page, and the letters of their anchors: #s-12 is
# statement 12 (search results, person and commitment pages link to these)
ANCHORS = {"statement": "s", "action": "a", "decision": "d", "update": "u", "attendee": "p"}


async def _read(datasette: Datasette, fn: Callable[..., Any], *args: Any) -> Any:
    db = datasette.get_database()
    return await db.execute_fn(lambda conn: fn(conn, *args))


async def _page(datasette: Datasette, request: Request, template: str,
                context: dict[str, Any]) -> Response:
    db = datasette.get_database()
    context = {"database": db.name, "kb_nav": NAV,
               "site_title": datasette.metadata("title") or "Meeting notes", **context}
    return Response.html(await datasette.render_template(template, context, request=request))


def _id(request: Request) -> int:
    try:
        return int(request.url_vars["id"])
    except ValueError:
        raise NotFound("No such page") from None


NAV = [("/", "Home"), ("/-/search", "Search"), ("/-/people", "People"),
       ("/-/open-actions", "Open actions"), ("/-/dashboards/activity", "Dashboard")]


def marked(text: str | None) -> Markup:
    """FTS-highlighted text (matches between \\x02 and \\x03) as HTML with <mark>s.

    >>> print(marked("the \\x02slides\\x03 & more"))
    the <mark>slides</mark> &amp; more
    """
    html = escape(text or "", quote=False)
    return Markup(html.replace("\x02", "<mark>").replace("\x03", "</mark>"))


def note_marks(m: dict[str, Any]) -> list[Mark]:
    """Every extracted item of meeting ``m`` as a mark on its note's text."""
    marks = []
    for kind, items, title in (
            ("statement", m["statements"], lambda i: f"{i['speaker']} said"),
            ("action", m["action_items"],
             lambda i: f"Action{' ' + i['ref'] if i['ref'] else ''}"
                       f"{' (' + i['owner'] + ')' if i['owner'] else ''}: {i['status']}"),
            ("decision", m["decisions"], lambda i: "Decision"),
            ("update", m["updates"], lambda i: f"Update on {i['commitment']}"),
            ("attendee", m["attendees"], lambda i: f"{i['name']}: {i['status']}")):
        for i in items:
            if i["start"] is not None and i["end"] is not None:
                marks.append(Mark(i["start"], i["end"], kind,
                                  anchor=f"{ANCHORS[kind]}-{i['id']}", title=title(i)))
    for p in m["people"]:
        if p["person_id"] and p["start"] is not None:
            marks.append(Mark(p["start"], p["end"], "link", href=f"/-/person/{p['person_id']}",
                              title=p["name"]))
    for o in m["organisations"]:
        if o["start"] is not None:
            marks.append(Mark(o["start"], o["end"], "link",
                              href=f"/-/organisation/{o['organisation_id']}", title=o["name"]))
    return marks


async def home(request: Request, datasette: Datasette) -> Response:
    data = await _read(datasette, page_data.home)
    return await _page(datasette, request, "kb_home.html", data)


async def search(request: Request, datasette: Datasette) -> Response:
    q = request.args.get("q", "").strip()
    found = await _read(datasette, page_data.search, q) if q else None
    total = sum(len(v) for v in found.values()) if found else 0
    return await _page(datasette, request, "kb_search.html",
                       {"q": q, "found": found, "total": total, "marked": marked})


async def meeting(request: Request, datasette: Datasette) -> Response:
    m = await _read(datasette, page_data.meeting, _id(request))
    if m is None:
        raise NotFound("No such meeting")
    note = mark_text(m["text"], note_marks(m))
    return await _page(datasette, request, "kb_meeting.html", {"m": m, "note": note})


def _record_page(load, template: str, key: str, what: str):
    """A page for one row of the knowledge base: 404 when the id names nothing."""
    async def view(request: Request, datasette: Datasette) -> Response:
        record = await _read(datasette, load, _id(request))
        if record is None:
            raise NotFound(f"No such {what}")
        return await _page(datasette, request, template, {key: record})
    return view


person = _record_page(page_data.person, "kb_person.html", "p", "person")
organisation = _record_page(page_data.organisation, "kb_organisation.html", "o", "organisation")
commitment = _record_page(page_data.commitment, "kb_commitment.html", "c", "commitment")


async def people(request: Request, datasette: Datasette) -> Response:
    found = await _read(datasette, page_data.people)
    return await _page(datasette, request, "kb_people.html", {"people": found})


async def open_actions(request: Request, datasette: Datasette) -> Response:
    owner = request.args.get("owner", "").strip()
    groups = await _read(datasette, page_data.open_actions, owner)
    return await _page(datasette, request, "kb_open_actions.html",
                       {"groups": groups, "owner": owner,
                        "count": sum(len(g["actions"]) for g in groups)})


Handler = Callable[[Request, Datasette], Awaitable[Response]]


def read_only(handler: Handler) -> Handler:
    """Answer 405 to anything but GET and HEAD: the archive's pages only read."""
    @wraps(handler)
    async def view(request: Request, datasette: Datasette) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response.text("Method not allowed: the archive is read-only", status=405,
                                 headers={"Allow": "GET, HEAD"})
        return await handler(request, datasette)
    return view


ROUTES = [(pattern, read_only(handler)) for pattern, handler in [
    (r"^/$", home),
    (r"^/-/search$", search),
    (r"^/-/meeting/(?P<id>[0-9]+)$", meeting),
    (r"^/-/person/(?P<id>[0-9]+)$", person),
    (r"^/-/organisation/(?P<id>[0-9]+)$", organisation),
    (r"^/-/commitment/(?P<id>[0-9]+)$", commitment),
    (r"^/-/people$", people),
    (r"^/-/open-actions$", open_actions),
]]
