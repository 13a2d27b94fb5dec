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
    # a function call per value (1,100 a note) cost more than the test itself: written out here
    db.conn.executemany(sql, ([json.dumps(v, default=repr, ensure_ascii=False) if isinstance(v, JSON_TYPES)
                               else v for v in map(row.get, columns)] for row in rows))


JSON_TYPES = (list, dict, tuple)  # the values stored as JSON, as sqlite-utils stores them
