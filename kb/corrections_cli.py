"""``kb alias``, ``kb unalias`` and ``kb action close|reopen``: corrections made by hand.

They are registered on the ``kb`` group by kb.cli (imported at its end, once the group and
its helpers exist). The work is kb.knowledge.corrections'; these commands only parse and print.
"""
from __future__ import annotations

from pathlib import Path

import click

from kb.cli import _write, cli, db_option
from kb.knowledge.freshness import ensure_fresh

# kb.knowledge.corrections and .queries (40 ms to import, with the people pass they use) are
# imported by the command that runs: every other kb command, `kb import` and `kb search`
# among them, starts without them

by_option = click.option("--by", "made_by", metavar="NAME",
                         help="Who is making the correction (default: $KB_USER, else your "
                              "login name); the archive shows it.")
note_option = click.option("--note", metavar="TEXT", help="Why, for whoever reads it later.")
org_option = click.option("--organisation", "--org", "is_org", is_flag=True,
                          help="ALIAS and NAME are organisations, not people.")


def _known(db, kind: str, name: str) -> bool:
    from kb.knowledge import corrections

    key = corrections.name_key(name)
    table = "names" if kind == "person" else "organisations"
    names = [r[0] for r in db.execute(f"select name from {table}").fetchall()]
    if kind == "organisation":
        names += [r[0] for r in db.execute("select acronym from organisations "
                                           "where acronym is not null").fetchall()]
    return any(corrections.name_key(n) == key for n in names)


def _show_person(db, name: str) -> str:
    from kb.knowledge import queries

    found = queries.people(db, name)
    if not found:
        return f"{name}: no person yet"
    p = found[0]
    aliases = f" (also {', '.join(p['aliases'])})" if p["aliases"] else ""
    return f"{p['name']}{aliases}"


@cli.command()
@db_option
@org_option
@by_option
@note_option
@click.argument("alias")
@click.argument("name")
def alias(db_path: Path, alias: str, name: str, is_org: bool, made_by: str | None,
          note: str | None) -> None:
    """Say that ALIAS is NAME: "kb alias DMacD 'David MacDonald'".

    Stored apart from the notes, so re-importing or pruning a note keeps it; the person (or
    organisation, with --organisation) page shows who said so. A later `kb unalias` of the
    same pair undoes it.
    """
    from kb.knowledge import corrections

    kind = "organisation" if is_org else "person"
    db = _write(db_path)
    try:
        corrections.add_alias(db, kind, alias, name, made_by=made_by, note=note)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    for n in (alias, name):
        if not _known(db, kind, n):
            click.echo(f"warning: no {kind} is written {n!r} in the notes yet; the alias "
                       "applies once one is", err=True)
    ensure_fresh(db)
    click.echo(f"{alias} = {name}" + (f": {_show_person(db, name)}" if kind == "person" else ""))


@cli.command()
@db_option
@org_option
@by_option
@note_option
@click.argument("alias")
@click.argument("name", required=False, default="")
def unalias(db_path: Path, alias: str, name: str, is_org: bool, made_by: str | None,
            note: str | None) -> None:
    """Say that ALIAS is not NAME (without NAME: ALIAS is nobody else).

    Undoes a `kb alias` of the pair and stops kb from merging them by its own rules; kept
    across re-imports and prunes like every correction.
    """
    from kb.knowledge import corrections

    kind = "organisation" if is_org else "person"
    db = _write(db_path)
    try:
        corrections.add_alias(db, kind, alias, name, same=False, made_by=made_by, note=note)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    ensure_fresh(db)
    click.echo(f"{alias} is not {name or 'anyone else'}")


@cli.group()
def action() -> None:
    """Correct the action-item ledger by hand: close or reopen an action."""


def _series_option(f):
    return click.option("--series", metavar="TEXT",
                        help="Only actions of the series whose name or key contains TEXT.")(f)


def _correct(db_path: Path, ref: str, series: str | None, status: str, closed: str | None,
             made_by: str | None, note: str | None) -> None:
    from kb.knowledge import corrections, queries

    db = _write(db_path)
    try:
        found = corrections.one_action(db, ref, series)
    except corrections.NoSuchAction as e:
        raise click.ClickException(str(e)) from None
    if status != "open" and closed is None:
        closed = corrections.last_meeting_date(db, found["series_key"])
    corrections.add_action_correction(db, found, status, closed=closed, made_by=made_by,
                                      note=note)
    ensure_fresh(db)
    # a rebuild keeps ids while the notes are unchanged
    now = next((a for a in queries.actions(db) if a["id"] == found["id"]), found)
    when = f" on {now['closed']}" if now["closed"] else ""
    click.echo(f"#{now['id']} {now['status']}{when}: {now['text']}")


@action.command("close")
@db_option
@_series_option
@click.option("--dropped", is_flag=True, help="Dropped rather than done.")
@click.option("--date", "closed", metavar="YYYY-MM-DD", type=click.DateTime(["%Y-%m-%d"]),
              help="When it closed (default: the series' latest meeting).")
@by_option
@note_option
@click.argument("ref")
def action_close(db_path: Path, ref: str, series: str | None, dropped: bool, closed,
                 made_by: str | None, note: str | None) -> None:
    """Mark the action REF done (or --dropped): REF is its number in the notes ("102.1",
    "ACTION-190"), its ledger id ("#12", shown by `kb actions`) or words of its text."""
    _correct(db_path, ref, series, "dropped" if dropped else "done",
             closed.date().isoformat() if closed else None, made_by, note)


@action.command("reopen")
@db_option
@_series_option
@by_option
@note_option
@click.argument("ref")
def action_reopen(db_path: Path, ref: str, series: str | None, made_by: str | None,
                  note: str | None) -> None:
    """Mark the action REF open again, whatever the notes say (REF as for `kb action close`)."""
    _correct(db_path, ref, series, "open", None, made_by, note)
