"""Stale actions: open, and not mentioned at the last N meetings of their series.

An action nobody has reported on for a while is the one to chase. ``meetings since`` counts
the series' meetings after the last one that mentions the action (a duplicate note of a
meeting is not another meeting). The ``stale_actions`` view uses the default, 3; the
``stale_actions`` canned query in metadata.yml and ``kb actions --stale --stale-after N``
take any N.

>>> from kb.storage.store import open_db
>>> stale_actions(open_db(":memory:"))
[]
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kb.storage.derived import STALE_AFTER, STALE_SQL as SQL

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database




def stale_actions(db: Database, after: int = STALE_AFTER) -> list[dict[str, Any]]:
    """Open actions not mentioned at the last ``after`` meetings of their series, oldest
    first, with ``meetings_since`` and ``last_mentioned``."""
    sql = SQL.format(after=":after") + " order by a.opened is null, a.opened, a.id"
    rows = [dict(r) for r in db.query(
        sql.replace("select a.id,", "select a.meetings, a.status, a.closed, a.id,"),
        {"after": int(after)})]
    for r in rows:
        r["meetings"] = json.loads(r["meetings"])
    return rows
