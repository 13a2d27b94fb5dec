"""The ``kb`` command line: a thin layer over ingest, kb.importer and kb.site.

    kb parse --json notes/uk-ogn/2017-02-01-implementation-meeting.txt
    kb import notes/
    kb serve
"""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import click
from sqlite_utils import Database

import ingest

from . import site
from .bundled import notes_dir
from .importer import ImportReport, import_files, import_paths, iter_note_files, parse_note_file
from .store import open_db

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="meetings.db",
    envvar="KB_DB", show_default=True, show_envvar=True, help="SQLite database file.")


@click.group()
@click.version_option(package_name="kb")
def cli() -> None:
    """kb: a knowledge base of meeting notes (who attended, who said what, actions, decisions).

    Parse notes, import them into SQLite, and browse them with Datasette.
    """


@cli.command()
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object per file (JSON Lines), as in the parse contract.")
@click.argument("files", nargs=-1, required=True, type=click.Path())
def parse(files: tuple[str, ...], as_json: bool) -> None:
    """Parse note FILES and print what was extracted; writes no database.

    With --json, each file gets exactly one line, in order; a file that cannot be parsed gets
    {"source": FILE, "error": REASON}. Exits 1 if any file failed, after trying them all.
    """
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

    >>> describe(ingest.Meeting(source="a.txt", text="", title="Board", date="2017-02-01"))
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
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
def import_(db_path: Path, paths: tuple[Path, ...]) -> None:
    """Import note files, and folders of them (searched recursively), into the database.

    Unchanged notes are skipped; a changed note replaces its earlier rows. Prints a summary
    line, then each failed note on stderr as "path: reason"; exits 1 if any note failed.
    """
    db = _open(db_path)
    files = iter_note_files(paths)
    if sys.stderr.isatty():
        with click.progressbar(length=len(files), label="Importing", file=sys.stderr) as bar:
            report = import_files(db, files, progress=lambda _: bar.update(1))
    else:
        report = import_files(db, files)
    _print_report(report)
    if report.failed:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
def serve(db_path: Path, host: str, port: int) -> None:
    """Browse the database with Datasette at http://HOST:PORT/.

    If the database does not exist yet, the sample notes shipped with kb are imported first.
    """
    if not db_path.exists():
        notes = notes_dir()
        if notes is None:
            raise click.ClickException(f"{db_path} does not exist and kb has no sample notes: "
                                       "run `kb import` first")
        click.echo(f"{db_path} does not exist: importing the sample notes in {notes}", err=True)
        db = _open(db_path)
        _print_report(import_paths(db, [notes]), err=True)
        db.close()
    try:
        site.serve(db_path, host=host, port=port)
    except FileNotFoundError as e:  # the metadata, on a broken install
        raise click.ClickException(str(e)) from None


def _open(db_path: Path) -> Database:
    try:
        return open_db(db_path)
    except (sqlite3.Error, OSError) as e:
        raise click.ClickException(f"cannot open database {db_path}: {e}") from None


def _print_report(report: ImportReport, err: bool = False) -> None:
    click.echo(report.summary(), err=err)
    for file, reason in report.failures:
        click.echo(f"{file}: {reason}", err=True)
