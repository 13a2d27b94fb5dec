"""Store parsed meetings (``ingest.Meeting``) in SQLite, one transaction per note.

Saving is idempotent: a note is identified by its path (relative to the database's folder,
so the same database gives the same answer whatever the working directory), and a note whose
extracted records are exactly those already stored is left alone.

>>> from ingest import Meeting, Attendee
>>> db = open_db(":memory:")
>>> m = Meeting(source="notes/a.txt", text="Present: Ann Lee (Involve)", date="2017-02-01")
>>> m.attendees.append(Attendee(name="Ann Lee", organisation="Involve", start=9, end=16))
>>> save_meeting(db, m), save_meeting(db, m)
('added', 'unchanged')
>>> m.title = "Board"
>>> save_meeting(db, m)
'updated'
>>> db["attendance"].count, db["names"].count
(1, 1)
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from typing import TYPE_CHECKING

from sqlite_utils import Database

from ingest.vocabulary.keys import commitment_key
from kb.storage.ids import new_row_ids, stable_id
from kb.storage.schema import (FOREIGN_KEYS, MEETING_CHILD_TABLES, TABLES, ensure_db_shape,
                     shape_fingerprint)
from kb.storage.search_index import SEARCH_INDEX_VERSION, assign_ids, backfill, search_rows

if TYPE_CHECKING:
    from ingest import Meeting

# What save_meeting returns
ADDED, UPDATED, UNCHANGED = "added", "updated", "unchanged"
# How long a writer waits for another's transaction (a second `kb import`) before giving up
# with "database is locked"; each note's transaction is short, so waiting is the normal case
BUSY_TIMEOUT_MS = 30_000


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) a knowledge-base database with its schema in place.

    ``":memory:"`` gives a throwaway in-memory database.
    """
    db = Database(memory=True) if str(path) == ":memory:" else Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    # SQLite answers "database is locked" at once, without waiting out the busy timeout, in a
    # few races between two processes setting up the same new file (seen about once in ten
    # runs of two `kb import`s at once): try again for as long as the busy timeout would wait
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            _set_up(db)
            return db
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _set_up(db: Database) -> None:
    # WAL lets Datasette keep reading while `kb import` writes; it must be set outside a
    # transaction, so before anything else
    db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    # one transaction holding the write lock: two `kb import`s creating the same new database
    # take turns instead of one failing on the other's half-made schema
    with write_transaction(db):
        ensure_db_shape(db)
        index = db.execute("select value from kb_state where key = 'search_index'").fetchone()
        if index is None or index[0] != SEARCH_INDEX_VERSION:
            # a new database, or one from a kb before this search index: index what it holds
            backfill(db)
            db.execute("insert or replace into kb_state (key, value) values "
                       "('search_index', ?)", [SEARCH_INDEX_VERSION])
        # what kb.knowledge.reading checks before it reads (written only when it changes: opening a
        # database must not change its file)
        shape = db.execute("select value from kb_state where key = 'shape'").fetchone()
        if shape is None or shape[0] != shape_fingerprint():
            db.execute("insert or replace into kb_state (key, value) values ('shape', ?)",
                       [shape_fingerprint()])


def note_key(db: Database, source: str | Path) -> str:
    """A note's identity in ``db``: its path relative to the folder holding the database.

    Relative to the database rather than the working directory, so ``kb import notes/`` and
    ``kb import /abs/path/notes`` (or a moved checkout with its database) agree. A note
    outside that folder is identified by its absolute path. An in-memory database counts from
    the working directory.

    >>> note_key(Database(memory=True), "notes/a.txt")
    'notes/a.txt'
    """
    db_file = db.execute("PRAGMA database_list").fetchone()[2]  # "" when in memory
    base = _folder(db_file) if db_file else Path.cwd()
    if os.sep == "/":  # by string: `kb import` asks this of every file, 2,000 and more
        path = os.path.realpath(source)
        top = str(base).rstrip("/") + "/"
        return path[len(top):] if path.startswith(top) else path
    path = Path(source).resolve()
    return (path.relative_to(base) if path.is_relative_to(base) else path).as_posix()


@functools.lru_cache(maxsize=16)
def _folder(db_file: str) -> Path:
    """The folder a database file is in, symlinks resolved."""
    return Path(db_file).resolve().parent


def record_hash(meeting: Meeting) -> str:
    """sha256 of everything the parser produced, offsets included.

    Comparing this rather than the text hash alone means a better parser's output replaces
    the old rows even when the note itself has not changed.
    """
    data = json.dumps(meeting, default=_fields, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _fields(record: object) -> dict:
    """A record's fields for ``json.dumps``: the JSON ``dataclasses.asdict`` would give, without
    its deep copy of every value: twice as fast (1.1 -> 0.5 ms a note), and the same hash, so a
    database stored before keeps its notes unchanged."""
    values = vars(record)
    names = _field_names(type(record))
    if len(values) == len(names):  # no attribute beside the fields (the records set none)
        return values
    return {name: values[name] for name in names}


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    if not dataclasses.is_dataclass(kind):
        raise TypeError(f"cannot hash a {kind.__name__}")
    return tuple(f.name for f in dataclasses.fields(kind))


def save_meeting(db: Database, meeting: Meeting, *, series: str | None = None,
                 file_hash: str | None = None, parser_version: str | None = None) -> str:
    """Store one meeting; return ``"added"``, ``"updated"`` or ``"unchanged"``.

    - new path: the meeting and its rows are inserted;
    - same path, same extracted records: nothing is written (except refreshing
      ``file_hash``/``parser_version`` when given and different, so the next import can skip
      parsing) and ``"unchanged"`` is returned;
    - same path, different records: the meeting keeps its id, its extracted rows are deleted
      and inserted afresh (a row exactly as before keeps its id); people, organisations and
      commitments keep their ids (looked up by name) and any no longer referenced anywhere are
      removed.

    Ids come from kb.storage.ids: a path, a name or a commitment gets back the id it had before, even
    after it was pruned, and no id is ever given to anything else.

    All of it happens in one transaction: on any error nothing of this note is changed.
    """
    key = note_key(db, meeting.source)
    digest = record_hash(meeting)
    with write_transaction(db):
        existing = next(db["meetings"].rows_where("path = ?", [key], limit=1), None)
        if existing is not None and existing["record_hash"] == digest:
            stale = {k: v for k, v in (("file_hash", file_hash), ("parser_version", parser_version))
                     if v is not None and existing[k] != v}
            if stale:
                db["meetings"].update(existing["id"], stale)
            return UNCHANGED
        row = {
            "path": key, "source": meeting.source, "series": series, "title": meeting.title,
            "date": meeting.date, "format": meeting.format, "next_meeting": meeting.next_meeting,
            "text": meeting.text, "content_hash": meeting.content_hash, "record_hash": digest,
            "file_hash": file_hash, "parser_version": parser_version,
            "imported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        earlier: dict[str, dict[tuple, list[int]]] = {}
        if existing is None:
            meeting_id = stable_id(db, "meetings", key)
            db["meetings"].insert({"id": meeting_id, **row})
        else:
            meeting_id = existing["id"]
            for table in MEETING_CHILD_TABLES:
                earlier[table] = _row_ids(db, table, meeting_id)
                db[table].delete_where("meeting_id = ?", [meeting_id])
            db["meetings"].update(meeting_id, row)
        _insert_records(db, meeting_id, meeting, earlier)
        if existing is not None:
            _prune_unreferenced(db)
    return ADDED if existing is None else UPDATED


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """``db.atomic()``, but taking SQLite's write lock when the transaction begins.

    A plain (deferred) BEGIN reads first and asks for the write lock later; if another
    process committed in between, SQLite fails at once with "database is locked" instead of
    waiting out the busy timeout. BEGIN IMMEDIATE waits, so two imports take turns per note.
    Inside an open transaction this is a savepoint, as ``db.atomic()`` is.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def delete_meeting(db: Database, key: str) -> bool:
    """Delete the meeting stored under path ``key`` (see ``note_key``) with all its rows.

    People, organisations and commitments no other meeting refers to go too. Returns whether
    there was such a meeting. One transaction.
    """
    with write_transaction(db):
        row = next(db["meetings"].rows_where("path = ?", [key], limit=1), None)
        if row is None:
            return False
        for table in MEETING_CHILD_TABLES:
            db[table].delete_where("meeting_id = ?", [row["id"]])
        db["meetings"].delete(row["id"])
        _prune_unreferenced(db)
    return True


LOOKUP_SQL = {
    "names": "select id from names where name = ?",
    "organisations": "select id from organisations where name = ?",
    "commitments": "select id from commitments where key = ?",
}


class _Ids:
    """Ids of people, organisations and commitments by name, created on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.cache: dict[tuple[str, str], int] = {}

    def _lookup(self, table: str, column: str, value: str, extra: dict | None = None) -> int:
        # a plain select, then insert when missing: Table.lookup re-checks the table's columns
        # and indexes on every call, 40% of the store time in bench/RESULTS.md
        row = self.db.execute(LOOKUP_SQL[table], [value]).fetchone()
        if row:
            return row[0]
        row_id = stable_id(self.db, table, value)  # the id this name had before, if any
        self.db[table].insert({"id": row_id, column: value, **(extra or {})})
        return row_id

    def person(self, name: str) -> int:
        if ("person", name) not in self.cache:
            self.cache["person", name] = self._lookup("names", "name", name)
        return self.cache["person", name]

    def organisation(self, name: str, acronym: str | None = None,
                     parent: str | None = None) -> int:
        if ("org", name) not in self.cache:
            self.cache["org", name] = self._lookup("organisations", "name", name)
        org_id = self.cache["org", name]
        # a later note may be the first to spell out an acronym or a parent: fill the gap,
        # never overwrite what an earlier note said
        if acronym:
            self.db.execute("update organisations set acronym = ? where id = ? and acronym is null",
                            [acronym, org_id])
        if parent and parent != name:
            self.db.execute("update organisations set parent_id = ? where id = ? "
                            "and parent_id is null", [self.organisation(parent), org_id])
        return org_id

    def commitment(self, name: str) -> int:
        # "Commitment 5: Open contracting" and "Open Contracting" are one commitment
        key = commitment_key(name)
        if ("commitment", key) not in self.cache:
            self.cache["commitment", key] = self._lookup("commitments", "key", key, {"name": name})
        return self.cache["commitment", key]


def _row_key(row: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in row.items() if k != "id"))


def _row_ids(db: Database, table: str, meeting_id: int) -> dict[tuple, list[int]]:
    """A meeting's rows in ``table``, id by content: a row stored again unchanged keeps its id."""
    found: dict[tuple, list[int]] = {}
    for row in db[table].rows_where("meeting_id = ?", [meeting_id], order_by="id"):
        found.setdefault(_row_key(row), []).append(row["id"])
    return found


def _insert_records(db: Database, meeting_id: int, m: Meeting,
                    earlier: dict[str, dict[tuple, list[int]]]) -> None:
    ids = _Ids(db)

    def org(name: str | None) -> int | None:
        return ids.organisation(name) if name else None

    def rows(table: str, items: list[dict]) -> list[dict]:
        """Insert ``items`` into ``table``, each with its id: the one an identical row had
        before this note changed, else a new one (kb.storage.ids)."""
        columns = [c for c in TABLES[table]["columns"] if c not in ("id", "meeting_id")]
        items = [{"meeting_id": meeting_id, **{c: item.get(c) for c in columns}}
                 for item in items]
        old = earlier.get(table, {})
        for item in items:
            reused = old.get(_row_key(item))
            if reused:
                item["id"] = reused.pop(0)
        if table == "search_items":
            assign_ids(db, items)  # ids that start with the meeting's date
        else:
            fresh = iter(new_row_ids(db, table, sum("id" not in item for item in items)))
            for item in items:
                if "id" not in item:
                    item["id"] = next(fresh)
        if items:
            _insert_rows(db, table, items)
        return items

    # Only names the note itself presents as people become people rows: a statement by
    # "the Secretariat" or an action owned by "GDS" must not invent a person.
    people = {p.name for p in m.people} | {a.name for a in m.attendees + m.apologies}
    org_names = {o.name for o in m.organisations}

    def person(name: str | None) -> int | None:
        return ids.person(name) if name in people else None

    for o in m.organisations:
        ids.organisation(o.name, o.acronym, o.parent)
    rows("meeting_organisations", [
        {"organisation_id": org(o.name), "start": o.start, "end": o.end}
        for o in m.organisations])
    rows("meeting_names", [
        {"person_id": ids.person(p.name), "organisation_id": org(p.organisation),
         "role": p.role, "aliases": ", ".join(p.aliases) or None, "start": p.start, "end": p.end}
        for p in m.people])
    rows("attendance", [
        {"person_id": ids.person(a.name), "organisation_id": org(a.organisation),
         "role": a.role, "status": status, "start": a.start, "end": a.end}
        for status, group in (("present", m.attendees), ("apologies", m.apologies))
        for a in group])
    stored: dict[str, list[dict]] = {}
    stored["commitment_updates"] = rows("commitment_updates", [
        {"commitment_id": ids.commitment(c.name), "speakers": ", ".join(c.speakers) or None,
         "text": c.text, "start": c.start, "end": c.end}
        for c in m.commitments])
    stored["statements"] = rows("statements", [
        {"speaker": s.speaker, "person_id": person(s.speaker),
         # words attributed to an organisation: the speaker is that organisation
         "organisation_id": org(s.organisation or (s.speaker if s.speaker in org_names else None)),
         "commitment_id": ids.commitment(s.commitment) if s.commitment else None,
         "text": s.text, "section": s.section, "start": s.start, "end": s.end}
        for s in m.statements])
    stored["action_items"] = rows("action_items", [
        {"kind": kind, "owner": a.owner, "person_id": person(a.owner), "text": a.text,
         "due": a.due, "ref": a.ref, "status": a.status, "section": a.section,
         "start": a.start, "end": a.end}
        for kind, group in (("new", m.action_items), ("update", m.action_updates))
        for a in group])
    stored["decisions"] = rows("decisions", [
        {"text": d.text, "section": d.section, "start": d.start, "end": d.end}
        for d in m.decisions])

    # what search needs beside the rows: each person's organisation as this note gives it,
    # the commitments' names, the first speaker of each update who is a person
    person_orgs: dict[int, int | None] = {}
    for p in [*m.attendees, *m.apologies, *m.people]:
        if p.organisation and person_orgs.get(ids.person(p.name)) is None:
            person_orgs[ids.person(p.name)] = org(p.organisation)
    for update, c in zip(stored["commitment_updates"], m.commitments):
        update["first_speaker_id"] = next(
            (person(name) for name in c.speakers if name in people), None)
    names = {ids.commitment(c): c for c in
             {s.commitment for s in m.statements if s.commitment} | {c.name for c in m.commitments}}
    rows("search_items", search_rows(
        m.date, stored, names, person_orgs,
        {o.name: ids.organisation(o.name) for o in m.organisations}))


def _insert_rows(db: Database, table: str, items: list[dict]) -> None:
    """Insert a note's rows of ``table`` (each with every column of kb.schema's).

    One prepared statement for them all: sqlite-utils' ``insert_all`` looks at every value
    and builds its statement again for each batch, 30% of the store's time (bench/RESULTS.md).
    """
    columns = list(items[0])
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f'insert into "{table}" ({names}) values ({", ".join("?" * len(columns))})'
    db.conn.executemany(sql, ([_value(item[c]) for c in columns] for item in items))


def _value(value: object) -> object:
    # what sqlite-utils stores for a list or a dict: JSON (kb's rows hold none; to be safe)
    return json.dumps(value, default=repr, ensure_ascii=False) \
        if isinstance(value, (list, dict, tuple)) else value


def _prune_unreferenced(db: Database) -> None:
    """Delete people, organisations and commitments that no row refers to any more."""
    for target in ("names", "organisations", "commitments"):
        # table and column names come from kb.storage.schema's constants, never from a note or a user
        refs = " union ".join(
            f'select "{col}" from "{table}" where "{col}" is not null'
            for table, fks in FOREIGN_KEYS.items() for col, other, _ in fks if other == target)
        # repeat: removing a sub-unit can leave its parent organisation unreferenced
        while db.execute(f'delete from "{target}" where id not in ({refs})').rowcount:
            pass
