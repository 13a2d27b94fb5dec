"""Rows into an existing table with one prepared statement.

sqlite-utils' ``insert_all`` looks at every value and builds its statement again for each batch
(30% of storing a note, and a sixth of writing the ledger, bench/RESULTS.md); the tables here
are all made beforehand by ``kb.storage.schema``, so the statement can be built once.

>>> from kb.storage.store import open_db
>>> db = open_db(":memory:")
>>> insert_rows(db, "names", [{"id": 7, "name": "Ann Lee"}, {"name": "Bo Ray", "id": 9}])
>>> db.execute("select id, name from names order by id").fetchall()
[(7, 'Ann Lee'), (9, 'Bo Ray')]
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def insert_rows(db: Any, table: str, rows: Iterable[dict]) -> None:
    """Insert ``rows`` into ``table``: a column missing from a row is null, as with
    sqlite-utils, and a list or dict is stored as JSON, as sqlite-utils stores one."""
    rows = list(rows)
    if not rows:
        return
    columns = list(rows[0])
    first = rows[0].keys()
    if not all(row.keys() == first for row in rows):  # the usual case costs one C comparison a row
        columns = list(dict.fromkeys(c for row in rows for c in row))  # every row's, first seen first
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f'insert into "{table}" ({names}) values ({", ".join("?" * len(columns))})'
    db.conn.executemany(sql, ([_value(row.get(c)) for c in columns] for row in rows))


def _value(value: object) -> object:
    return json.dumps(value, default=repr, ensure_ascii=False) \
        if isinstance(value, (list, dict, tuple)) else value
