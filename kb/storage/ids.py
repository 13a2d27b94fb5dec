"""Ids that stay put: an address, once given out, keeps meaning the same thing.

Every page and link of the archive names things by id (``/-/meeting/12``, ``/-/person/239``,
``#s-4512``), and people bookmark them, cite them and subscribe to them. So:

- a meeting, a name, an organisation, a commitment, a series and a person get their id from
  ``kb_ids``, a register of ``(kind, key) -> id`` whose rows are never deleted: the same note
  path (the same name, the same person) gets the same id back whatever else was imported,
  and an id is never handed to a different key, even after ``kb import --prune``;
- rows that belong to one note (statements, action items...) take ids above the highest the
  table has ever used (a high-water mark kept in the same register), so a pruned note's ids
  are never reused either.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> ensure_ids_shape(conn)
>>> [stable_id(conn, "names", name) for name in ("Ann", "Bob", "Ann")]
[1, 2, 1]
>>> _ = conn.execute("create table statements (id integer primary key, text text)")
>>> ids = new_row_ids(conn, "statements", 2)
>>> _ = conn.executemany("insert into statements values (?, 'x')", [(i,) for i in ids])
>>> _ = conn.execute("delete from statements")  # a pruned note: its ids are not given out again
>>> list(ids), list(new_row_ids(conn, "statements", 1))
([1, 2], [3])
"""
from __future__ import annotations

import sqlite3
from typing import Any

DDL = [
    """create table if not exists kb_ids (
        kind text not null,
        key text not null,
        id integer not null,
        primary key (kind, key)
    )""",
    "create index if not exists kb_ids_kind_id on kb_ids (kind, id)",
]

# the kind under which each table's high-water mark is kept (key: the table's name)
HIGH_WATER = "high-water"

# What an existing database (made before kb_ids) already gave out, registered when the
# register is first made, so that upgrading keeps every address.
EXISTING = {
    "meetings": "insert or ignore into kb_ids (kind, key, id) "
                "select 'meetings', path, id from meetings",
    "names": "insert or ignore into kb_ids (kind, key, id) select 'names', name, id from names",
    "organisations": "insert or ignore into kb_ids (kind, key, id) "
                     "select 'organisations', name, id from organisations",
    "commitments": "insert or ignore into kb_ids (kind, key, id) "
                   "select 'commitments', key, id from commitments",
}


def _conn(db: Any) -> sqlite3.Connection:
    """A sqlite3 connection from a sqlite-utils Database or a connection."""
    return getattr(db, "conn", db)


def ensure_ids_shape(db: Any) -> None:
    """Create the register if missing; on an existing database, register what it holds."""
    conn = _conn(db)
    new = conn.execute("select 1 from sqlite_master where name = 'kb_ids'").fetchone() is None
    for statement in DDL:
        conn.execute(statement)
    if not new:
        return
    tables = {row[0] for row in conn.execute("select name from sqlite_master "
                                             "where type = 'table'")}
    for table, sql in EXISTING.items():
        if table in tables:
            conn.execute(sql)


def _table_max(conn: sqlite3.Connection, table: str) -> int:
    # table names come from kb's own constants, never from a note or a request
    return conn.execute(f'select coalesce(max(id), 0) from "{table}"').fetchone()[0]


def _registered_max(conn: sqlite3.Connection, kind: str) -> int:
    return conn.execute("select coalesce(max(id), 0) from kb_ids where kind = ?",
                        [kind]).fetchone()[0]


def stable_id(db: Any, kind: str, key: str, table: str | None = None) -> int:
    """The id registered for ``key`` of ``kind``; a new one, never used before, if none is.

    ``table`` (default: ``kind``, if it is a table) is where rows of this kind live: a new id
    is also above every id already there.
    """
    conn = _conn(db)
    row = conn.execute("select id from kb_ids where kind = ? and key = ?", [kind, key]).fetchone()
    if row is not None:
        return row[0]
    if table is None and conn.execute("select 1 from sqlite_master where type = 'table' "
                                      "and name = ?", [kind]).fetchone():
        table = kind
    new = max(_registered_max(conn, kind), _table_max(conn, table) if table else 0) + 1
    conn.execute("insert into kb_ids (kind, key, id) values (?, ?, ?)", [kind, key, new])
    return new


def registered_ids(db: Any, kind: str, keys: list[str]) -> dict[str, int]:
    """The ids registered for those of ``keys`` that have one."""
    conn = _conn(db)
    found: dict[str, int] = {}
    for i in range(0, len(keys), 500):  # stay well under SQLite's bound-parameter limit
        part = keys[i:i + 500]
        marks = ", ".join("?" for _ in part)
        found.update(conn.execute(f"select key, id from kb_ids where kind = ? and key in ({marks})",
                                  [kind, *part]).fetchall())
    return found


def register(db: Any, kind: str, key: str, id_: int) -> None:
    """Register ``key`` as ``id_`` unless it already has an id (a key's id never changes)."""
    _conn(db).execute("insert or ignore into kb_ids (kind, key, id) values (?, ?, ?)",
                      [kind, key, id_])


def new_id(db: Any, kind: str) -> int:
    """An id of ``kind`` never registered before, for a key registered right after."""
    return _registered_max(_conn(db), kind) + 1


# a high-water mark changes in place: "insert or replace" deleted its row and inserted it
# again, moving it in both of the register's indexes at every note
_SET_MARK = ("insert into kb_ids (kind, key, id) values (?, ?, ?) "
             "on conflict (kind, key) do update set id = excluded.id")


def new_row_ids(db: Any, table: str, n: int) -> range:
    """``n`` fresh ids for rows of ``table``: above any it holds or has ever held."""
    conn = _conn(db)
    if n <= 0:  # nothing handed out, so no mark to move (most notes have no rows for some tables)
        return range(0)
    row = conn.execute("select id from kb_ids where kind = ? and key = ?",
                       [HIGH_WATER, table]).fetchone()
    start = max(row[0] if row else 0, _table_max(conn, table)) + 1
    conn.execute(_SET_MARK, [HIGH_WATER, table, start + n - 1])
    return range(start, start + n)


def new_serials(db: Any, key: str, n: int) -> range:
    """``n`` numbers never handed out before under ``key`` (a counter of its own, for ids
    that are built from one, like kb.storage.search_index's)."""
    conn = _conn(db)
    if n <= 0:
        return range(0)
    row = conn.execute("select id from kb_ids where kind = ? and key = ?",
                       [HIGH_WATER, key]).fetchone()
    start = (row[0] if row else 0) + 1
    conn.execute(_SET_MARK, [HIGH_WATER, key, start + n - 1])
    return range(start, start + n)
