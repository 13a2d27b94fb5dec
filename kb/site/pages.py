"""The archive's own pages, served by Datasette through kb's plugin (kb.site.plugin).

Datasette's table and query pages show rows; these pages show the things people look for: a
meeting with its note, a person, an organisation, a commitment, the open actions, search
results. Each handler reads its data with one kb.site.page_data function on Datasette's read
connection and renders a template from kb/templates/.

All routes start with ``/-/`` (Datasette's prefix for its own pages), so they never clash with
a database or table name; the home page replaces Datasette's database list at ``/``.

Every page's queries run under Datasette's SQL time limit, as Datasette's own do. A page that
cannot be made for what was asked answers with a readable page and the right status: 400 for
a search that cannot run, 404 for an id that names nothing; never a traceback.
"""
from __future__ import annotations

import sqlite3
from html import escape
from typing import Any, Callable

from datasette.app import Datasette
from datasette.utils import sqlite_timelimit
from datasette.utils.asgi import NotFound, Request, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

from kb.site import page_data
from kb.site.marking import Mark, mark_text
from kb.knowledge.search import KIND_LABELS, KINDS, ORDERS, Search, searched_text
from kb.knowledge.search import search as run_search

# the largest id SQLite can hold: a larger one names nothing (and must not reach SQLite,
# which cannot bind it)
MAX_ID = 2**63 - 1

# the kinds of item marked on a meeting page, and the letters of their anchors: #s-12 is
# statement 12 (search results, person and commitment pages link to these)
ANCHORS = {"statement": "s", "action": "a", "decision": "d", "update": "u", "attendee": "p"}


class TooSlow(Exception):
    """A page's queries ran past Datasette's SQL time limit and were stopped."""


async def _read(datasette: Datasette, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(conn, *args)`` on Datasette's read connection, under its SQL time limit
    (``execute_fn`` alone runs without one)."""
    db = datasette.get_database()
    limit = datasette.setting("sql_time_limit_ms")

    def run(conn: sqlite3.Connection) -> Any:
        with sqlite_timelimit(conn, limit):
            return fn(conn, *args)

    try:
        return await db.execute_fn(run)
    except sqlite3.OperationalError as e:
        if "interrupted" in str(e):
            raise TooSlow() from None
        raise


async def _page(datasette: Datasette, request: Request, template: str,
                context: dict[str, Any], status: int = 200) -> Response:
    db = datasette.get_database()
    context = {"database": db.name, "kb_nav": NAV,
               "site_title": datasette.metadata("title") or "Meeting notes", **context}
    return Response.html(await datasette.render_template(template, context, request=request),
                         status=status)


def _id(request: Request) -> int:
    """The page's id; 404 for one no row can have (0, or past SQLite's integers)."""
    raw = request.url_vars["id"]
    value = int(raw) if raw.isdigit() and len(raw) <= 19 else 0
    if not 1 <= value <= MAX_ID:
        raise NotFound("No such page")
    return value


async def _guarded(datasette: Datasette, fn: Callable[..., Any], *args: Any) -> Any:
    """``_read`` for a page that is not a search: too slow is the server's trouble (503)."""
    try:
        return await _read(datasette, fn, *args)
    except TooSlow:
        raise DatasetteError("This page took longer than the archive allows to put together; "
                             "try again in a moment.", status=503, title="Too slow") from None


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
    data = await _guarded(datasette, page_data.home)
    return await _page(datasette, request, "kb_home.html", data)


SEARCH_FIELDS = ["q", "speaker", "organisation", "commitment", "series", "since", "until",
                 "kind", "order"]


def search_from(request: Request) -> tuple[Search, str | None]:
    """The search a request asks for, and why it cannot run (None if it can)."""
    args = {k: request.args.get(k, "") for k in SEARCH_FIELDS}
    page = request.args.get("page", "") or "1"
    wanted = Search(**{**args, "order": args["order"] or "relevance",
                       "page": int(page) if page.isdigit() and len(page) < 6 else 0})
    return wanted, wanted.problem()


async def search(request: Request, datasette: Datasette) -> Response:
    wanted, problem = search_from(request)
    # the page shows (and links with) the part of the text that is searched: echoing a
    # 100 KB search back in the box, the title and every link made the page 500 KB
    shown = searched_text(wanted.q)
    params = {k: v for k, v in wanted.params().items() if v and k != "page"}
    if "q" in params:
        params["q"] = shown
    context: dict[str, Any] = {"s": wanted, "q": shown, "kinds": KINDS, "orders": ORDERS,
                               "kind_labels": KIND_LABELS, "marked": marked, "found": None,
                               "error": None, "filters": wanted.filters(), "params": params}
    if not wanted.q.strip() and not wanted.filters():
        return await _page(datasette, request, "kb_search.html", context)  # nothing asked yet
    if problem is None:
        try:
            context["found"] = await _read(datasette, run_search, wanted)
        except TooSlow:
            problem = ("this search took longer than the archive allows; try fewer common "
                       "words, or narrow it with a filter")
    if problem is not None:
        context["error"] = problem
        return await _page(datasette, request, "kb_search.html", context, status=400)
    return await _page(datasette, request, "kb_search.html", context)


async def meeting(request: Request, datasette: Datasette) -> Response:
    m = await _guarded(datasette, page_data.meeting, _id(request))
    if m is None:
        raise NotFound("No such meeting")
    note = mark_text(m["text"], note_marks(m))
    return await _page(datasette, request, "kb_meeting.html", {"m": m, "note": note})


def _record_page(load, template: str, key: str, what: str, moved=None):
    """A page for one row of the knowledge base: 404 when the id names nothing, a permanent
    redirect when ``moved(conn, id)`` says where that row is now."""
    async def view(request: Request, datasette: Datasette) -> Response:
        record = await _guarded(datasette, load, _id(request))
        if record is None:
            now = await _guarded(datasette, moved, _id(request)) if moved else None
            if now is not None:
                return Response.redirect(f"/-/{what}/{now}", status=301)
            raise NotFound(f"No such {what}")
        return await _page(datasette, request, template, {key: record})
    return view


person = _record_page(page_data.person, "kb_person.html", "p", "person",
                      moved=page_data.person_moved)
organisation = _record_page(page_data.organisation, "kb_organisation.html", "o", "organisation")
commitment = _record_page(page_data.commitment, "kb_commitment.html", "c", "commitment")


async def people(request: Request, datasette: Datasette) -> Response:
    found = await _guarded(datasette, page_data.people)
    return await _page(datasette, request, "kb_people.html", {"people": found})


async def open_actions(request: Request, datasette: Datasette) -> Response:
    owner = request.args.get("owner", "").strip()
    groups = await _guarded(datasette, page_data.open_actions, owner)
    return await _page(datasette, request, "kb_open_actions.html",
                       {"groups": groups, "owner": owner,
                        "count": sum(len(g["actions"]) for g in groups)})


# (methods other than GET and HEAD are answered 405 for the whole site by kb.site.plugin)
ROUTES = [
    (r"^/$", home),
    (r"^/-/search$", search),
    (r"^/-/meeting/(?P<id>[0-9]+)$", meeting),
    (r"^/-/person/(?P<id>[0-9]+)$", person),
    (r"^/-/organisation/(?P<id>[0-9]+)$", organisation),
    (r"^/-/commitment/(?P<id>[0-9]+)$", commitment),
    (r"^/-/people$", people),
    (r"^/-/open-actions$", open_actions),
]
