"""Knowledge across meetings: tables derived from the stored notes, and their rebuild.

The store (kb.storage.store) keeps what each note says. What the notes say *together* (who is who,
which meetings form a series, which mentions are one action) depends on all of them, so it is
derived in one pass, ``rebuild``, from scratch: re-importing a note never duplicates anything,
and the order notes were imported in cannot change the result. Series and people take their
ids from kb.storage.ids' register (by series key, by the names a person is written with) and actions
the id of the mention that opened them, so an address stays put when other notes come and go.

Derived tables refer to stored rows with ``on delete cascade``/``set null``: a changed note's
rows can be replaced without the derived rows blocking it; the next rebuild fills them in.

>>> from kb.storage.store import open_db
>>> db = open_db(":memory:")
>>> is_fresh(db)
False
>>> rebuild(db); is_fresh(db)
True
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kb.knowledge import refresh, refresh_state
from kb.knowledge.freshness import code_fingerprint, fingerprint, is_fresh
from kb.knowledge.ledger import build_ledger
from kb.knowledge.organisations import build_organisation_identities
from kb.knowledge.person_identity import build_persons
from kb.knowledge.series import build_series
from kb.storage.derived import DERIVED_TABLES
from kb.storage.store import flush_search_queue, write_transaction

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database


def rebuild(db: Database) -> None:
    """Recompute every derived table from the stored notes, in one transaction."""
    # holding the write lock from the start: a second `kb import` waits its turn
    with write_transaction(db):
        for table in DERIVED_TABLES:
            db.execute(f'delete from "{table}"')
        series = build_series(db)
        org_canonical = build_organisation_identities(db)
        people = build_persons(db, series, org_canonical)
        refresh_state.save_names(db, people)
        people.release()  # memory: a third of the rebuild's at 20,000 notes
        build_ledger(db, series, people, org_canonical)
        refresh_state.save_state(db, people)
        _mark_fresh(db)


def ensure_fresh(db: Database) -> bool:
    """Bring the derived tables up to date if the notes (or kb) changed since they were
    built; return whether anything was done.

    When only notes changed since (and not too many), only what they touch is redone
    (``kb.knowledge.refresh``); otherwise everything is rebuilt.
    """
    if is_fresh(db):
        return False
    with write_transaction(db):
        # rows stored since the last import's end (bench/replicate.py, an import killed
        # half way) are searchable before anything reads
        flush_search_queue(db)
        changes = _changes_since_built(db)
        if changes is not None:
            try:
                refresh.update(db, changes)
                db.execute("delete from kb_changes")
                _mark_fresh(db)
                return True
            except refresh.Whole:
                pass
        rebuild(db)
    return True


def _mark_fresh(db: Database) -> None:
    db.execute("insert or replace into kb_state (key, value) values ('knowledge', ?)",
               [fingerprint(db)])


def _changes_since_built(db: Database) -> list[tuple[int, str, str | None]] | None:
    """The meetings written since the derived tables were built (``kb_changes``), if those
    are all that changed: the same code built them, and every bump of the notes' counter
    since is one of them (a correction bumps it too, without a row there)."""
    row = db.execute("select value from kb_state where key = 'knowledge'").fetchone()
    if row is None:
        return None
    code, _, built = row[0].partition(":")
    version = db.execute("select value from kb_state where key = 'notes_version'").fetchone()
    changes = db.execute("select meeting_id, path, new_path from kb_changes order by id").fetchall()
    if code != code_fingerprint() or version is None or not built.isdigit() or \
            int(version[0]) - int(built) != len(changes):
        return None
    return [tuple(c) for c in changes]
