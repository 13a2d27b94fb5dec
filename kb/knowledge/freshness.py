"""Whether the derived tables match the stored notes: the check every read makes first.

Kept apart from kb.knowledge.rebuild, which imports the whole room (and, through the store,
sqlite-utils and numpy): ``kb search`` and the other read-only commands import this module
alone, and pay for the rest only when the tables are stale.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> _ = conn.execute("create table kb_state (key text primary key, value text)")
>>> is_fresh(conn)
False
>>> _ = conn.execute("insert into kb_state values ('knowledge', ?)", [fingerprint(conn)])
>>> is_fresh(conn)
True
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any


@functools.cache
def code_fingerprint() -> str:
    """A hash of the modules that derive knowledge: a new kb version rebuilds it."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    # every module of this room, and the id allocation of storage: they decide the derived rows
    for file in sorted(here.glob("*.py")) + [here.parent / "storage" / "ids.py"]:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(db: Any) -> str:
    """What the derived tables were built from: the notes' version (bumped by every write to
    meetings) and the code. ``db``: a sqlite-utils Database or a sqlite3 connection."""
    row = db.execute("select value from kb_state where key = 'notes_version'").fetchone()
    return f"{code_fingerprint()}:{row[0] if row else 'none'}"


def is_fresh(db: Any) -> bool:
    """Whether the derived tables match the stored notes (a read on a stale one rebuilds)."""
    row = db.execute("select value from kb_state where key = 'knowledge'").fetchone()
    return row is not None and row[0] == fingerprint(db)


def ensure_fresh(db: Any) -> bool:
    """``kb.knowledge.rebuild.ensure_fresh``, whose modules (0.1 s to import, with sqlite-utils
    and numpy) are imported only when the derived tables are stale: a re-import that changed
    nothing, and a correction or a site start on a fresh database, do without them.
    ``db``: a sqlite-utils Database."""
    if is_fresh(db):
        return False
    from kb.knowledge.rebuild import ensure_fresh as bring_up_to_date

    return bring_up_to_date(db)
