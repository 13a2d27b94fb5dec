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

from kb.storage import search_queue
from kb.storage.ids import stable_id
from kb.storage.rows import insert_rows
from kb.storage.meeting_rows import insert_records, row_ids
from kb.storage.schema import (FOREIGN_KEYS, FTS_CONFIG, MEETING_CHILD_TABLES, ensure_db_shape,
                     shape_fingerprint)
from kb.storage.search_index import SEARCH_INDEX_VERSION, backfill

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
        # rows an import stored and did not live to index (kb.storage.search_queue)
        flush_search_queue(db)
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
                 file_hash: str | None = None, parser_version: str | None = None,
                 index: bool = True) -> str:
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
    With ``index`` False its rows wait for the next ``flush_search_queue`` to be found by
    full-text search (the importer's way: indexing a hundred notes at once costs what
    indexing one did, kb.storage.search_queue).
    """
    key = note_key(db, meeting.source)
    digest = record_hash(meeting)
    with write_transaction(db):
        existing = _stored(db, key)
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
            insert_rows(db, "meetings", [{"id": meeting_id, **row}])
        else:
            meeting_id = existing["id"]
            for table in MEETING_CHILD_TABLES:
                earlier[table] = row_ids(db, table, meeting_id)
                db[table].delete_where("meeting_id = ?", [meeting_id])
            db["meetings"].update(meeting_id, row)
        insert_records(db, meeting_id, meeting, earlier)
        if existing is not None:
            _prune_unreferenced(db)
        if index:
            search_queue.flush(db, FTS_CONFIG)
    return ADDED if existing is None else UPDATED


def _stored(db: Database, key: str) -> dict | None:
    """What save_meeting needs of the meeting stored under ``key``, if there is one."""
    cursor = db.execute("select id, record_hash, file_hash, parser_version from meetings "
                        "where path = ?", [key])
    row = cursor.fetchone()
    return None if row is None else dict(zip((c[0] for c in cursor.description), row))


def flush_search_queue(db: Database) -> int:
    """Bring the full-text indexes up to date with the rows stored (kb.storage.search_queue);
    returns how many rows were indexed. One transaction, or part of the caller's."""
    with write_transaction(db):
        return search_queue.flush(db, FTS_CONFIG)


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
