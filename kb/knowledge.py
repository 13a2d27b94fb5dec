"""Knowledge across meetings: tables derived from the stored notes, and their rebuild.

The store (kb.store) keeps what each note says. What the notes say *together* (who is who,
which meetings form a series, which mentions are one action) depends on all of them, so it is
derived in one pass, ``rebuild``, from scratch: re-importing a note never duplicates anything,
and the order notes were imported in cannot change the result. Series and people take their
ids from kb.ids' register (by series key, by the names a person is written with) and actions
the id of the mention that opened them, so an address stays put when other notes come and go.

Derived tables refer to stored rows with ``on delete cascade``/``set null``: a changed note's
rows can be replaced without the derived rows blocking it; the next rebuild fills them in.

>>> from kb.store import open_db
>>> db = open_db(":memory:")
>>> is_fresh(db)
False
>>> rebuild(db); is_fresh(db)
True
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from . import (corrections, duplicates, ledger, owners, people as people_module, refresh,
               refresh_state, stale)
from .ledger import build_ledger
from .organisations import build_organisation_identities
from .people import build_persons
from .series import build_series

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

# the derived tables other modules define beside their code
MODULE_DDL = [duplicates.DDL, people_module.DDL, owners.DDL, ledger.DDL, refresh_state.DDL]

DDL = """
create table if not exists series (
    id integer primary key,
    key text not null unique,
    name text not null,
    folder text,
    first_date text,
    last_date text,
    meeting_count integer not null
);
create table if not exists series_meetings (
    id integer primary key,
    meeting_id integer not null unique references meetings(id) on delete cascade,
    series_id integer not null references series(id) on delete cascade,
    position integer not null,
    date text,
    previous_meeting_id integer references meetings(id) on delete set null,
    next_meeting_id integer references meetings(id) on delete set null
);
create table if not exists organisation_identities (
    id integer primary key,
    organisation_id integer not null unique references organisations(id) on delete cascade,
    canonical_id integer not null references organisations(id) on delete cascade,
    parent_id integer references organisations(id) on delete set null
);
create table if not exists persons (
    id integer primary key,
    name text not null,
    series_id integer references series(id) on delete cascade,
    aliases text not null,
    organisations text not null,
    first_attended text,
    last_attended text,
    meetings_attended integer not null
);
create table if not exists person_names (
    id integer primary key,
    meeting_id integer not null references meetings(id) on delete cascade,
    people_id integer not null references people(id) on delete cascade,
    person_id integer not null references persons(id) on delete cascade,
    unique (meeting_id, people_id)
);
create table if not exists person_redirects (
    id integer primary key,
    person_id integer not null references persons(id) on delete cascade
);
create table if not exists person_organisations (
    id integer primary key,
    person_id integer not null references persons(id) on delete cascade,
    organisation_id integer not null references organisations(id) on delete cascade,
    first_date text,
    last_date text,
    meetings integer not null
);
create table if not exists actions (
    id integer primary key,
    series_id integer not null references series(id) on delete cascade,
    ref text,
    text text not null,
    owner text,
    person_id integer references persons(id) on delete set null,
    due text,
    due_date text,
    status text not null,
    opened text,
    closed text,
    opened_meeting_id integer references meetings(id) on delete set null,
    closed_meeting_id integer references meetings(id) on delete set null,
    last_meeting_id integer references meetings(id) on delete set null,
    meetings text not null,
    mention_count integer not null
);
create table if not exists action_mentions (
    id integer primary key,
    action_id integer not null references actions(id) on delete cascade,
    action_item_id integer not null references action_items(id) on delete cascade,
    meeting_id integer not null references meetings(id) on delete cascade,
    kind text not null,
    status text not null
);
create table if not exists kb_state (
    key text primary key,
    value text
);
create index if not exists series_meetings_series on series_meetings(series_id);
create index if not exists person_names_person on person_names(person_id);
create index if not exists person_organisations_person on person_organisations(person_id);
create index if not exists actions_series on actions(series_id);
create index if not exists action_mentions_action on action_mentions(action_id);
create index if not exists action_mentions_item on action_mentions(action_item_id);
"""

# emptied and refilled by rebuild, children first
DERIVED_TABLES = [*ledger.DERIVED, *owners.DERIVED, "action_mentions", "actions",
                  *people_module.DERIVED, "person_organisations", "person_names",
                  "person_redirects", "persons", "organisation_identities", "series_meetings", "series",
                  *duplicates.DERIVED, *refresh_state.DERIVED]

VIEWS = {
    # one commitment's reports and statements across meetings, in date order
    "commitment_timeline": """
        select c.id as commitment_id, c.name as commitment, m.date as meeting_date,
               m.title as meeting_title, s.name as series, 'update' as kind,
               u.speakers as speaker, u.text, u.meeting_id
        from commitment_updates u
        join commitments c on c.id = u.commitment_id
        join meetings m on m.id = u.meeting_id
        left join series_meetings sm on sm.meeting_id = m.id
        left join series s on s.id = sm.series_id
        union all
        select c.id, c.name, m.date, m.title, s.name, 'statement', st.speaker, st.text,
               st.meeting_id
        from statements st
        join commitments c on c.id = st.commitment_id
        join meetings m on m.id = st.meeting_id
        left join series_meetings sm on sm.meeting_id = m.id
        left join series s on s.id = sm.series_id""",
    **stale.VIEWS,
}


# Every write to meetings bumps a counter in the same transaction, so "are the derived tables
# fresh?" reads one row instead of hashing every meeting (105 ms per `kb search` at 20,000
# notes, bench/RESULTS.md).
VERSIONING = [
    "insert or ignore into kb_state (key, value) values ('notes_version', '0')",
    """create trigger if not exists meetings_version_insert after insert on meetings begin
        update kb_state set value = cast(value as integer) + 1 where key = 'notes_version'; end""",
    """create trigger if not exists meetings_version_update after update on meetings begin
        update kb_state set value = cast(value as integer) + 1 where key = 'notes_version'; end""",
    """create trigger if not exists meetings_version_delete after delete on meetings begin
        update kb_state set value = cast(value as integer) + 1 where key = 'notes_version'; end""",
]


def ensure_knowledge_shape(db: Database) -> None:
    """Create the derived tables, indexes and views if missing; safe to repeat.

    Statement by statement (not ``executescript``, which commits first), so that it can run
    inside the caller's transaction.
    """
    for ddl in [DDL, *MODULE_DDL]:
        for statement in ddl.split(";"):
            if statement.strip():
                db.execute(statement)
    # corrections are not derived: kept apart, never emptied (kb.corrections)
    corrections.ensure_corrections_shape(db)
    for statement in [*VERSIONING, *refresh_state.TRIGGERS]:
        db.execute(statement)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)


@functools.cache
def code_fingerprint() -> str:
    """A hash of the modules that derive knowledge: a new kb version rebuilds it."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("knowledge", "ledger", "people", "names", "organisations", "series", "dates",
                 "identity", "owners", "status", "duplicates", "corrections", "stale", "ids",
                 "refresh", "refresh_state", "name_mentions"):
        digest.update((here / f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(db: Database) -> str:
    """What the derived tables were built from: the notes' version (bumped by every write to
    meetings) and the code."""
    row = db.execute("select value from kb_state where key = 'notes_version'").fetchone()
    return f"{code_fingerprint()}:{row[0] if row else 'none'}"


def is_fresh(db: Database) -> bool:
    """Whether the derived tables match the stored notes (a read on a stale one rebuilds)."""
    row = db.execute("select value from kb_state where key = 'knowledge'").fetchone()
    return row is not None and row[0] == fingerprint(db)


def rebuild(db: Database) -> None:
    """Recompute every derived table from the stored notes, in one transaction."""
    from .store import write_transaction  # kb.store imports this module: import when used

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
    (``kb.refresh``); otherwise everything is rebuilt.
    """
    if is_fresh(db):
        return False
    from .store import write_transaction

    with write_transaction(db):
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
