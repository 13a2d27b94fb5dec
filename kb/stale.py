"""Stale actions: open, and not mentioned at the last N meetings of their series.

An action nobody has reported on for a while is the one to chase. ``meetings since`` counts
the series' meetings after the last one that mentions the action (a duplicate note of a
meeting is not another meeting). The ``stale_actions`` view uses the default, 3; the
``stale_actions`` canned query in metadata.yml and ``kb actions --stale --stale-after N``
take any N.

>>> from kb.store import open_db
>>> stale_actions(open_db(":memory:"))
[]
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database


STALE_AFTER = 3

# meetings of the action's series after the last one that mentions it
SINCE = """(select count(*) from series_meetings later
             where later.series_id = a.series_id and later.position > sm.position
               and later.meeting_id not in (select meeting_id from duplicate_meetings))"""

SQL = f"""select a.id, a.series_id, s.name as series, a.ref, a.owner, a.text, a.due,
       a.opened, lm.date as last_mentioned, {SINCE} as meetings_since
    from actions a join series s on s.id = a.series_id
    join series_meetings sm on sm.meeting_id = a.last_meeting_id
    left join meetings lm on lm.id = a.last_meeting_id
    where a.status = 'open' and {SINCE} >= {{after}}"""

VIEWS = {"stale_actions": SQL.format(after=STALE_AFTER) + " order by a.opened, a.id"}


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
