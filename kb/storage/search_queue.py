"""The full-text indexes catch up in bulk: a stored row waits in ``kb_search_queue`` until
``flush`` indexes it with the others.

sqlite-utils' triggers index each row as it is inserted, and FTS5 then writes a new segment
into each of the six indexes at every commit, one per note: 4.5 of the 10 ms it took to store
a note (bench/RESULTS.md). Here the insert trigger only queues the row's id, and ``flush`` adds
the queued rows of each index in one statement: the importer after every ``FLUSH_EVERY`` notes
and at its end, ``kb.knowledge.ensure_fresh`` before it reads, and ``open_db`` (what an import
killed half way left waiting).

The queue is a plain table with no key, so queueing a row appends to its last page. A key on
(table, id) put each note's rows in six places of a B-tree, one per index, which then had to be
written out at every commit: a tenth of the pages a note's transaction wrote. So the queue
itself never answers "is this row indexed?": FTS5 does, as an indexed row has an entry in the
index's ``_docsize`` table. A deleted or changed row is taken out of its index only when it is
in it (FTS5's 'delete' of a row it never indexed would corrupt the index), and ``flush`` takes
each queued id once and only while its row is still there.

>>> from sqlite_utils import Database
>>> db = Database(memory=True)
>>> db["notes"].insert({"id": 1, "text": "the budget was agreed"})
<Table notes (id, text)>
>>> db["notes"].enable_fts(["text"], create_triggers=True)
<Table notes (id, text)>
>>> ensure_queue_shape(db, {"notes": ["text"]})
>>> db["notes"].insert({"id": 2, "text": "the budget was published"})
<Table notes (id, text)>
>>> [r[0] for r in db.execute("select rowid from notes_fts where notes_fts match 'budget'")]
[1]
>>> flush(db, {"notes": ["text"]})
1
>>> [r[0] for r in db.execute("select rowid from notes_fts where notes_fts match 'budget'")]
[1, 2]
"""
from __future__ import annotations

from typing import Any

# stored notes between two flushes of an import: what a search made while it runs can miss
FLUSH_EVERY = 100

QUEUE_DDL = """create table if not exists kb_search_queue (
    tbl text not null,      -- the table whose full-text index the row waits for
    id integer not null     -- the row's id (its rowid); queued again when changed again
)"""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def trigger_sql(table: str, columns: list[str]) -> dict[str, str]:
    """The three triggers that keep ``table``'s index (``<table>_fts``) and the queue current,
    by the names sqlite-utils gives its own (so that its ``enable_fts(replace=True)`` finds
    them and leaves the index be)."""
    t, fts, name = _q(table), _q(table + "_fts"), table.replace("'", "''")
    cols = ", ".join(_q(c) for c in columns)
    old = ", ".join(f"old.{_q(c)}" for c in columns)
    queue = f"INSERT INTO kb_search_queue (tbl, id) VALUES ('{name}', new.rowid);"
    unindex = (f"INSERT INTO {fts} ({fts}, rowid, {cols}) SELECT 'delete', old.rowid, {old} "
               f"WHERE EXISTS (SELECT 1 FROM {_q(table + '_fts_docsize')} WHERE id = old.rowid);")
    return {
        f"{table}_ai": f"CREATE TRIGGER {_q(table + '_ai')} AFTER INSERT ON {t} BEGIN\n"
                       f"  {queue}\nEND",
        f"{table}_ad": f"CREATE TRIGGER {_q(table + '_ad')} AFTER DELETE ON {t} BEGIN\n"
                       f"  {unindex}\nEND",
        f"{table}_au": f"CREATE TRIGGER {_q(table + '_au')} AFTER UPDATE ON {t} BEGIN\n"
                       f"  {unindex}\n  {queue}\nEND",
    }


def ensure_queue_shape(db: Any, fts_config: dict[str, list[str]]) -> None:
    """Create the queue, and put these triggers in place of any others of the same names
    (sqlite-utils' own, on a new index or a database from an earlier kb, whose rows are all
    indexed already). ``db``: a sqlite-utils Database or a sqlite3 connection."""
    conn = getattr(db, "conn", db)
    if conn.execute("select 1 from sqlite_master where type = 'index' "
                    "and tbl_name = 'kb_search_queue'").fetchone():
        # an earlier kb's queue, keyed on (tbl, id): its rows (all unindexed) move over
        conn.execute("alter table kb_search_queue rename to kb_search_queue_keyed")
        conn.execute(QUEUE_DDL)
        conn.execute("insert into kb_search_queue (tbl, id) select tbl, id from kb_search_queue_keyed")
        conn.execute("drop table kb_search_queue_keyed")
    conn.execute(QUEUE_DDL)
    existing = dict(conn.execute("select name, sql from sqlite_master where type = 'trigger'"))
    for table, columns in fts_config.items():
        for name, sql in trigger_sql(table, columns).items():
            if existing.get(name) != sql:
                if name in existing:
                    conn.execute(f"DROP TRIGGER {_q(name)}")
                conn.execute(sql)


def flush(db: Any, fts_config: dict[str, list[str]]) -> int:
    """Index every queued row and empty the queue; returns how many rows it indexed. Run it
    inside a transaction (``write_transaction``): the rows indexed and the queue emptied
    commit together, or neither does."""
    conn = getattr(db, "conn", db)
    if conn.execute("select 1 from kb_search_queue limit 1").fetchone() is None:
        return 0
    done = 0
    for table, columns in fts_config.items():
        cols = ", ".join(_q(c) for c in columns)
        values = ", ".join(f"t.{_q(c)}" for c in columns)
        # each queued id once (a row changed twice was queued twice), and only while its row
        # is there (one deleted since was never indexed, and has nothing to index)
        done += conn.execute(
            f"INSERT INTO {_q(table + '_fts')} (rowid, {cols}) SELECT t.rowid, {values} "
            f"FROM {_q(table)} t WHERE t.rowid IN (SELECT id FROM kb_search_queue WHERE tbl = ?) "
            f"ORDER BY t.rowid", [table]).rowcount
    conn.execute("delete from kb_search_queue")
    return done
