"""Opening a database to read it, cheaply: what ``kb search``, ``kb actions``, ``kb people``
and ``kb commitment`` run before their query.

A read needs none of what writing does: no parser (spaCy), no sqlite-utils (whose import,
with numpy's, took most of a ``kb search``), no write lock (an import running at the same
time does not make a search wait). Only a database made by another kb version, or whose
derived tables are stale, is handed to kb.storage.store and kb.knowledge.rebuild to bring up to date first.

>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "kb.db"
>>> from kb.storage.store import open_db
>>> open_db(path).close()
>>> db = open_for_reading(path)
>>> db.query("select count(*) as n from meetings")
[{'n': 0}]
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from kb.knowledge.freshness import is_fresh
from kb.storage.schema import shape_fingerprint


class ReadDB:
    """A read-only connection with the two methods of a sqlite-utils Database that kb's
    queries use (``execute`` and ``query``), so kb.knowledge.queries runs on either."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def close(self) -> None:
        self.conn.close()


def _connect(path: Path) -> sqlite3.Connection:
    # read-only: a typo'd path must not create an empty database, and a read takes no lock
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA mmap_size = 1073741824")  # as the site reads (kb.site.plugin)
    return conn


def has_no_notes(path: str | Path) -> bool:
    """Whether the database at ``path`` is missing or holds no meeting yet: an import into
    it parses every note it is given (``kb import`` starts a parse worker per core at once).
    Nothing is created or locked; a file that cannot be read says False, and the import
    itself then says why."""
    path = Path(path)
    if not path.exists():
        return True
    try:
        conn = _connect(path)
    except (sqlite3.Error, OSError):
        return False
    try:
        if not conn.execute("select 1 from sqlite_master where type = 'table' and "
                            "name = 'meetings'").fetchone():
            return True  # an empty file, or a database kb never imported into
        return conn.execute("select not exists (select 1 from meetings)").fetchone()[0] == 1
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def up_to_date(conn: sqlite3.Connection) -> bool:
    """Whether the schema is this kb's and the derived tables match the notes."""
    try:
        row = conn.execute("select value from kb_state where key = 'shape'").fetchone()
        return row is not None and row[0] == shape_fingerprint() and is_fresh(conn)
    except sqlite3.OperationalError:  # no kb_state: not a kb database, or a very old one
        return False


def open_for_reading(path: str | Path) -> ReadDB:
    """An existing database, up to date, to read. Raises sqlite3.Error or OSError."""
    path = Path(path)
    conn = _connect(path)
    if up_to_date(conn):
        return ReadDB(conn)
    conn.close()
    # kb.storage.store and kb.knowledge.rebuild bring it up to date (a migration or a rebuild: rare, slow)
    from kb.knowledge.rebuild import ensure_fresh
    from kb.storage.store import open_db

    db = open_db(path)
    try:
        ensure_fresh(db)
    finally:
        db.close()
    return ReadDB(_connect(path))
