"""Rows into an existing table with one prepared statement.

sqlite-utils' ``insert_all`` looks at every value and builds its statement again for each batch
(30% of storing a note, and a sixth of writing the ledger, bench/RESULTS.md); the tables here
are all made beforehand by ``kb.storage.schema``, so the statement can be built once.

>>> from kb.storage.store import open_db
>>> db = open_db(":memory:")
>>> insert_rows(db, "names", [{"id": 7, "name": "Ann Lee"}, {"name": "Bo Ray", "id": 9}])
>>> db.execute("select id, name from names order by id").fetchall()
[(7, 'Ann Lee'), (9, 'Bo Ray')]

A list or dict goes in as JSON, and a column a row lacks as null, in either path:

>>> insert_rows(db, "kb_state", [{"key": "a", "value": ["Ann", "A. Lee"]}, {"key": "b"}])
>>> insert_rows(db, "kb_state", [{"key": "c", "value": "Bo"}, {"key": "d", "value": {"n": 1}}])
>>> db.execute("select key, value from kb_state where key in ('a', 'b', 'c', 'd')").fetchall()
[('a', '["Ann", "A. Lee"]'), ('b', None), ('c', 'Bo'), ('d', '{"n": 1}')]
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import chain
from operator import itemgetter
from typing import Any


def insert_rows(db: Any, table: str, rows: Iterable[dict]) -> None:
    """Insert ``rows`` into ``table``: a column missing from a row is null, as with
    sqlite-utils, and a list or dict is stored as JSON, as sqlite-utils stores one."""
    rows = list(rows)
    if not rows:
        return
    columns = list(rows[0])
    first = rows[0].keys()
    same_keys = all(row.keys() == first for row in rows)  # the usual case: one C comparison a row
    if not same_keys:
        columns = list(dict.fromkeys(c for row in rows for c in row))  # every row's, first seen first
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f'insert into "{table}" ({names}) values ({", ".join("?" * len(columns))})'
    # every row has every column and no value is to be written as JSON (a note's rows, nearly
    # always): the rows' values go as they are (itemgetter of one column gives no tuple)
    if same_keys and len(columns) > 1 and not _holds_json(rows):
        db.conn.executemany(sql, map(itemgetter(*columns), rows))
        return
    # a function call per value (1,100 a note) cost more than the test itself: written out here
    db.conn.executemany(sql, ([json.dumps(v, default=repr, ensure_ascii=False) if isinstance(v, JSON_TYPES)
                               else v for v in map(row.get, columns)] for row in rows))


JSON_TYPES = (list, dict, tuple)  # the values stored as JSON, as sqlite-utils stores them


def _holds_json(rows: list[dict]) -> bool:
    """Whether some value of ``rows`` is stored as JSON: the distinct types of all the values,
    gathered in C, each tested once."""
    types = set(map(type, chain.from_iterable(map(dict.values, rows))))
    return any(issubclass(t, JSON_TYPES) for t in types)
