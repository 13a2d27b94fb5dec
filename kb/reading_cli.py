"""``kb actions``, ``kb people``, ``kb commitment`` and ``kb search``: the read-only commands.

They are registered on the ``kb`` group by kb.cli (imported at its end, once the group and its
helpers exist). They import only what reading needs (kb.knowledge.reading): never the parser
and spaCy, nor sqlite-utils.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kb.cli import _read, cli, db_option
from kb.knowledge import stale
from kb.knowledge.search import KIND_LABELS, KINDS, ORDERS, PAGE_SIZE, Search, SearchError, marked
from kb.knowledge.search import search as run_search


@cli.command()
@db_option
@click.option("--open", "open_only", is_flag=True, help="Only actions still open.")
@click.option("--owner", metavar="NAME", help="Only actions of the person, team or organisation "
              "NAME: a name, an alias or whole words of one (Steve is not Steven).")
@click.option("--stale", "stale_", is_flag=True, help="Only open actions no meeting has mentioned for "
              "the last --stale-after meetings of their series.")
@click.option("--stale-after", default=stale.STALE_AFTER, show_default=True, metavar="N",
              type=click.IntRange(1), help="How many meetings without a mention make --stale.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON array, as in the contract (../shared/eval/CONTRACT.md).")
def actions(db_path: Path, open_only: bool, owner: str | None, stale_: bool, stale_after: int,
            as_json: bool) -> None:
    """The action-item ledger: one line per action, however many meetings mention it.

    Status is open, done or dropped; an action closes at the meeting that records it done or
    dropped (or when `kb action close` says so). Oldest first; each line ends with the
    action's ledger id (#ID), which `kb action close` accepts.
    """
    from kb.knowledge import queries  # 30 ms to import: `kb search` and the rest do without

    db = _read(db_path)
    items = queries.actions(db, open_only=open_only or stale_, owner=owner)
    if stale_:
        since = {a["id"]: a for a in stale.stale_actions(db, stale_after)}
        items = [{**a, "meetings_since": since[a["id"]]["meetings_since"],
                  "last_mentioned": since[a["id"]]["last_mentioned"]}
                 for a in items if a["id"] in since]
    if as_json:
        keys = queries.ACTION_KEYS + (["meetings_since", "last_mentioned"] if stale_ else [])
        click.echo(json.dumps([{k: a[k] for k in keys} for a in items], ensure_ascii=False,
                              indent=1))
        return
    for a in items:
        when = a["opened"] or "?"
        if a["closed"]:
            when += f" -> {a['closed']}"
        due = f" (due {a['due']}{', ' + a['due_date'] if a['due_date'] else ''})" \
            if a["due"] else ""
        ref = f"[{a['ref']}] " if a["ref"] else ""
        quiet = (f" (not mentioned for {a['meetings_since']} meetings, since "
                 f"{a['last_mentioned']})" if stale_ else "")
        click.echo(f"{a['status']:<7} {when:<24} {ref}{a['owner'] or '(no owner)'}: "
                   f"{a['text']}{due}{quiet}  #{a['id']}")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON array, as in the contract (../shared/eval/CONTRACT.md).")
@click.argument("name", required=False)
def people(db_path: Path, name: str | None, as_json: bool) -> None:
    """Real people across meetings, with their aliases, organisations and attendance.

    With NAME (part of a name or alias), that person's meetings, organisation history,
    statements and actions. Exits 1 if no one matches NAME.
    """
    from kb.knowledge import queries

    db = _read(db_path)
    found = queries.people(db, name)
    if name and not found:
        raise click.ClickException(f"no person matches {name!r}")
    if name:
        found = [{**p, **queries.person_detail(db, p["id"])} for p in found]
    if as_json:
        keys = queries.PERSON_KEYS
        click.echo(json.dumps([p if name else {k: p[k] for k in keys} for p in found],
                              ensure_ascii=False, indent=1))
        return
    for p in found:
        aliases = f" (also {', '.join(p['aliases'])})" if p["aliases"] else ""
        attended = (f"attended {len(p['attended'])}: {p['attended'][0]} .. {p['attended'][-1]}"
                    if p["attended"] else "attended none")
        click.echo(f"{p['name']}{aliases}; {attended}; {', '.join(p['organisations']) or '-'}")
        if name:
            _print_person_detail(p)


def _print_person_detail(p: dict) -> None:
    for e in p["evidence"]:
        seen = (f" ({e['first_date'] or '?'}, {e['meetings']} meeting"
                f"{'s' if e['meetings'] != 1 else ''})" if e["meetings"] else "")
        click.echo(f"  same person as {e['name']!r}: {e['kind']}, {e['detail']}{seen}")
    for org in p["organisation_history"]:
        click.echo(f"  organisation {org['organisation']}: {org['first_date']} .. "
                   f"{org['last_date']} ({org['meetings']} meetings)")
    for m in p["meetings"]:
        click.echo(f"  meeting {m['date'] or '?'} {m['title'] or ''} [{m['series']}]"
                   f"{' ' + m['status'] if m['status'] else ''}")
    for st in p["statements"]:
        click.echo(f"  said {st['date'] or '?'}: {st['text']}")
    for a in p["actions"]:
        click.echo(f"  action {a['status']} {a['opened'] or '?'}: {a['text']}")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
@click.argument("name")
def commitment(db_path: Path, name: str, as_json: bool) -> None:
    """A commitment's timeline: what each meeting reported on it, and who spoke to it.

    NAME is matched with numbers and case folded ("Commitment 5: Open contracting" finds
    "Open Contracting"). Exits 1 if no commitment matches.
    """
    from kb.knowledge import queries

    found = queries.commitments(_read(db_path), name)
    if not found:
        raise click.ClickException(f"no commitment matches {name!r}")
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    for c in found:
        click.echo(c["name"])
        for t in c["timeline"]:
            click.echo(f"  {t['meeting_date'] or '?'} {t['speaker'] or '-'}: {t['text']}")


@cli.command()
@db_option
@click.option("--speaker", metavar="NAME", default="",
              help="Said by (or owned by) this person: part of their name or of any other way "
                   "the notes write them; or a speaker as written, such as an organisation.")
@click.option("--organisation", metavar="NAME", default="",
              help="The speaker's organisation: part of any of its names, or its acronym.")
@click.option("--commitment", metavar="NAME", default="", help="About this commitment.")
@click.option("--series", metavar="NAME", default="", help="In this meeting series.")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of item.")
@click.option("--since", metavar="DATE", default="",
              help="Meetings on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", default="",
              help="Meetings on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--order", type=click.Choice(ORDERS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True,
              help=f"Which {PAGE_SIZE} results.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of the results.")
@click.argument("query")
def search(db_path: Path, query: str, as_json: bool, page: int, **filters: str) -> None:
    """Who said what: statements, commitment updates, action items and decisions matching
    every word of QUERY (stemmed; "quoted words" as a phrase), with their agenda item.

    The same search as the archive's search page and its `search` query. Best match first
    (--order newest or oldest for dates), 20 a page. Exits 1, saying so, when nothing
    matches.
    """
    wanted = Search(query, page=page, **{k: v or "" for k, v in filters.items()})
    db = _read(db_path)
    try:
        found = run_search(db.conn, wanted)
    except SearchError as e:
        raise click.ClickException(f"cannot search: {e}") from None
    for notice in (found.notice, found.too_many):
        if notice:
            click.echo(notice, err=True)
    if as_json:
        click.echo(json.dumps([{**r, "snippet": marked(r["snippet"])} for r in found.rows],
                              ensure_ascii=False, indent=1))
    for r in [] if as_json else found.rows:
        click.echo(describe_result(r))
    if not found.rows:
        given = "".join(f", {k} {v!r}" for k, v in wanted.filters().items())
        where = f"page {page} of {found.pages}" if found.total else "the notes"
        click.echo(f"nothing in {where} matches {query!r}{given}", err=True)
        sys.exit(1)
    if found.pages > 1:
        click.echo(f"{found.count} results, page {page} of {found.pages} (--page for more)",
                   err=True)


def describe_result(r: dict) -> str:
    """One line for a search result.

    >>> describe_result({"meeting_date": "2017-02-01", "speaker": "Ann Lee",
    ...     "organisation": "Involve", "kind": "statement", "commitment": None,
    ...     "section": "Updates", "snippet": "the \x02pilot\x03 is on track"})
    '2017-02-01 Ann Lee (Involve), statement under “Updates”: the [pilot] is on track'
    """
    who = r["speaker"] or ""
    if who and r["organisation"] and r["organisation"] != who:
        who += f" ({r['organisation']})"
    what = KIND_LABELS[r["kind"]]
    if r["commitment"] and r["kind"] == "commitment_update":
        what += f" on {r['commitment']}"
    if r["section"]:
        what += f" under “{r['section']}”"
    return f"{r['meeting_date'] or '?'} {who + ', ' if who else ''}{what}: {marked(r['snippet'])}"
