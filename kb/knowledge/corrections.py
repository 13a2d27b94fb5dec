"""Corrections people make by hand, kept apart from what the notes say so they last.

The derived tables (kb.knowledge.rebuild) are rebuilt from the notes whenever a note changes; a
correction written there would vanish at the next import. So corrections live in their own
tables, which no import, re-import or prune touches, and every rebuild applies them:

- ``alias_corrections``: "DMacD is David MacDonald" (``same = 1``) or "Dan Smith is not
  Daniel Smith" (``same = 0``), for people and for organisations (``kb alias``/``kb unalias``);
- ``action_corrections``: "action 102.1 of icat-monthly is done" (``kb action close``) or
  "is open again" (``kb action reopen``). An action is found again by its series, number,
  opening date and wording, since ledger ids are renumbered by each rebuild.

Each row says who made it (``made_by``) and when (``made_at``), and the archive shows it.

>>> from kb.storage.store import open_db
>>> db = open_db(":memory:")
>>> add_alias(db, "person", "DMacD", "David MacDonald", made_by="ann")["same"]
1
>>> [(a["alias"], a["name"], a["same"]) for a in aliases(db, "person")]
[('DMacD', 'David MacDonald', 1)]
>>> _ = add_alias(db, "person", "DMacD", "David MacDonald", same=False, made_by="ann")
>>> [(a["alias"], a["same"]) for a in aliases(db, "person")]
[('DMacD', 0)]
"""
from __future__ import annotations

import getpass
import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ingest.vocabulary.keys import fold
from kb.knowledge.action_text import norm_ref, words

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

KINDS = ("person", "organisation")
STATUSES = ("done", "dropped", "open")




def who() -> str:
    """Who is making a correction: $KB_USER, else the login name."""
    try:
        return os.environ.get("KB_USER") or getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def name_key(name: str) -> str:
    """How names are compared: folded, spaces and dots evened out ("D. MacD" = "d macd")."""
    return " ".join(fold(name).replace(".", " ").split())


def add_alias(db: Database, kind: str, alias: str, name: str = "", *, same: bool = True,
              made_by: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Say that ``alias`` is (or, ``same=False``, is not) ``name``; replaces what was said
    about the same pair before. ``name`` empty with ``same=False``: ``alias`` is nobody else.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not alias.strip() or (same and not name.strip()):
        raise ValueError("an alias and a name are needed")
    if same and name_key(alias) == name_key(name):
        raise ValueError(f"{alias!r} and {name!r} are already the same name")
    from kb.storage.store import write_transaction  # kb.storage.store imports kb.knowledge.rebuild, which imports this

    row = {"kind": kind, "alias": alias.strip(), "name": name.strip(),
           "alias_key": name_key(alias), "name_key": name_key(name), "same": int(same),
           "made_by": made_by or who(), "made_at": now(), "note": note}
    with write_transaction(db):
        if not same and not name.strip():
            # "alias is nobody else": it replaces every earlier "alias is X"
            db.execute("delete from alias_corrections where kind = ? and alias_key = ? "
                       "and same = 1", [kind, row["alias_key"]])
        db.execute("delete from alias_corrections where kind = ? and alias_key = ? and "
                   "name_key = ?", [kind, row["alias_key"], row["name_key"]])
        db["alias_corrections"].insert(row)
    return row


def aliases(db: Database, kind: str) -> list[dict[str, Any]]:
    """The alias corrections of one kind, oldest first."""
    return list(db.query("select * from alias_corrections where kind = ? order by id", [kind]))


def add_action_correction(db: Database, action: dict[str, Any], status: str, *,
                          closed: str | None = None, made_by: str | None = None,
                          note: str | None = None) -> dict[str, Any]:
    """Record that a ledger ``action`` (a row of ``actions`` joined to its series' key as
    ``series_key``) is ``status``, closed on ``closed`` (a date) when done or dropped."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    from kb.storage.store import write_transaction

    row = {"series_key": action["series_key"], "ref": action.get("ref"),
           "opened": action.get("opened"), "text": action["text"], "status": status,
           "closed": closed if status != "open" else None, "made_by": made_by or who(),
           "made_at": now(), "note": note}
    with write_transaction(db):
        db["action_corrections"].insert(row)
    return row


def action_corrections(db: Database) -> list[dict[str, Any]]:
    """Every action correction, oldest first (a later one about an action wins)."""
    return list(db.query("select * from action_corrections order by id"))


class NoSuchAction(ValueError):
    """A REF that names no action, or more than one."""


def find_actions(db: Database, ref: str, series: str | None = None) -> list[dict[str, Any]]:
    """The ledger actions ``ref`` names: "#12" (the ledger id ``kb actions`` prints), the
    notes' number ("102.1", "ACTION-190"), or words of the action's text; ``series`` (part
    of a series' name or key) narrows the search.

    >>> from kb.storage.store import open_db
    >>> find_actions(open_db(":memory:"), "102.1")
    []
    """
    from kb.knowledge.queries import actions

    every = actions(db, series=series)
    ref = ref.strip()
    if ref.startswith("#") and ref[1:].isdigit():
        return [a for a in every if a["id"] == int(ref[1:])]
    wanted = norm_ref(ref)
    numbered = [a for a in every if a["ref"] and norm_ref(a["ref"]) == wanted]
    if numbered:
        return numbered
    want = words(ref)
    return [a for a in every if want and want <= words(a["text"])] if want else []


def one_action(db: Database, ref: str, series: str | None = None) -> dict[str, Any]:
    """The one action ``ref`` names (see ``find_actions``), else ``NoSuchAction`` saying why."""
    found = find_actions(db, ref, series)
    if not found:
        raise NoSuchAction(f"no action matches {ref!r}" + (f" in {series!r}" if series else ""))
    if len(found) > 1:
        listed = "; ".join(f"#{a['id']} {a['opened'] or '?'} {a['series']}: {a['text'][:50]}"
                           for a in found[:5])
        raise NoSuchAction(f"{ref!r} matches {len(found)} actions ({listed}"
                           f"{'; ...' if len(found) > 5 else ''}): give #ID or --series")
    return found[0]


def last_meeting_date(db: Database, series_key: str) -> str | None:
    row = db.execute("select last_date from series where key = ?", [series_key]).fetchone()
    return row[0] if row else None
