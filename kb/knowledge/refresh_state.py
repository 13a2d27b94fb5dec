"""What kb.knowledge.refresh keeps between imports, beside the derived tables, and how it is written.

- ``kb_changes``: every insert, update and delete of a meeting since the last rebuild
  (triggers on ``meetings``);
- ``kb_names``: who each written name at each meeting was found to be: one of a cluster of
  full names (anchored to a full name of the meeting's family in it, so that the cluster can
  be found again after others merged or split), a short name of its series, or a
  correction's; with how;
- ``kb_person_keys``: each person's keys (kb.storage.ids), to hand out ids as a rebuild would;
- ``kb_ledger_lookups``: the full names and organisation names looked up among every note to
  find the owners of each series' actions;
- ``kb_state`` 'organisations': every organisation name an owner could be, the names that are
  not an organisation's, and a hash of what organisation identities are decided from.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ingest.vocabulary.lexicon import org_key
from kb.knowledge.organisations import plausible_org
from kb.knowledge.series import Series

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

    from kb.knowledge.identity import Node
    from kb.knowledge.person_identity import Resolver

# the full-name nodes, their clusters and people: of the selected meetings, or of one key
NODES_HERE = """select distinct anchor_people_id, anchor_series_id, root_people_id,
    root_series_id, person_id from kb_names
    where kind = 'full' and meeting_id in (select id from temp.kb_sel_m)"""
NODES_NAMED = """select distinct anchor_people_id, anchor_series_id, root_people_id,
    root_series_id, person_id from kb_names where kind = 'full' and anchor_key = ?"""
ORG_USES = """select organisation_id, meeting_id from meeting_organisations
    union all select organisation_id, meeting_id from attendance
    union all select organisation_id, meeting_id from meeting_names
    union all select organisation_id, meeting_id from statements"""


def save_names(db: Database, r: Resolver) -> None:
    """After a rebuild's people: who each name is, and each person's keys, for ``update``."""
    for table in ("kb_names", "kb_person_keys"):
        db.execute(f"delete from {table}")
    write_names(db, r, r.identity)
    write_keys(db, r.keys)


def save_state(db: Database, r: Resolver) -> None:
    """After a rebuild's ledger: the rest of what ``update`` needs next time."""
    db.execute("delete from kb_ledger_lookups")
    write_lookups(db, r.lookups)
    save_org_state(db, org_state(db, canonical_ids(db))[0])
    db.execute("delete from kb_changes")


def select(db: Database, table: str, rows: Iterable, columns: int = 1) -> None:
    """Fill a temporary table of ids (or pairs of ids) to select by in SQL."""
    cols = "id integer primary key" if columns == 1 else "a integer, b integer, primary key (a, b)"
    db.execute(f"create temp table if not exists {table} ({cols})")
    db.execute(f"delete from temp.{table}")
    db.conn.executemany(f"insert or ignore into temp.{table} values "
                        f"({', '.join('?' * columns)})", rows)


def rows(db: Database, where: str, params: list | None = None) -> list[dict]:
    return list(db.query(f"select * from kb_names where {where}", params or []))


def stored_series(db: Database) -> list[Series]:
    """Every series as the tables hold it: its meetings in order, and their duplicates."""
    duplicate = {m for (m,) in db.execute("select meeting_id from duplicate_meetings")}
    groups: dict[int, Series] = {}
    keys = dict(db.execute("select id, key from series").fetchall())
    for meeting, series_id, date in db.execute(
            "select meeting_id, series_id, date from series_meetings order by series_id, "
            "position, meeting_id"):
        s = groups.setdefault(series_id, Series(keys[series_id]))
        row = {"id": meeting, "date": date, "series_id": series_id}
        (s.duplicates if meeting in duplicate else s.meetings).append(row)
    return sorted((s for s in groups.values() if s.meetings), key=lambda s: s.key)


def canonical_ids(db: Database) -> dict[int, int]:
    return dict(db.execute("select organisation_id, canonical_id "
                           "from organisation_identities").fetchall())


def org_state(db: Database, canonical: dict[int, int]) -> tuple[dict, list[int]]:
    """Every organisation name an owner could be (key -> organisation, as kb.owners has it)
    and the organisations whose name is not an organisation's (kb.organisations)."""
    people = {org_key(n) for (n,) in db.execute("select name from names")}
    keys: dict[str, int] = {}
    implausible = []
    for org, name, acronym in db.execute("select id, name, acronym from organisations "
                                         "order by id"):
        for n in (name, acronym):
            if n:
                keys.setdefault(org_key(n), canonical.get(org, org))
        if not plausible_org(name, people):
            implausible.append(org)
    return {"keys": keys, "implausible": implausible, "inputs": org_inputs(db)}, implausible


def org_inputs(db: Database) -> str:
    """A hash of all that organisation identities are decided from (kb.organisations):
    the organisations, their corrections, people's names, how often notes name each."""
    digest = hashlib.sha256()
    for sql in ("select id, name, acronym, parent_id from organisations order by id",
                "select * from alias_corrections where kind = 'organisation' order by id",
                "select name from names order by id",
                """select organisation_id, count(*) from (
                    select organisation_id from meeting_organisations union all
                    select organisation_id from attendance where organisation_id is not null)
                    group by organisation_id order by organisation_id"""):
        for row in db.execute(sql):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def save_org_state(db: Database, state: dict) -> None:
    db.execute("insert or replace into kb_state (key, value) values ('organisations', ?)",
               [json.dumps(state, sort_keys=True)])


def load_org_state(db: Database) -> dict | None:
    row = db.execute("select value from kb_state where key = 'organisations'").fetchone()
    return json.loads(row[0]) if row else None


def _anchors(r: Resolver) -> dict[str, dict[Node, Node]]:
    """For each family, each cluster's first full name there (by text): what a short name of
    the family that was found to be that cluster is anchored to."""
    out: dict[str, dict[Node, Node]] = {}
    for family, meetings in r.family_meetings.items():
        firsts: dict[Node, Node] = {}
        for m in meetings:
            for pid in r.by_meeting.get(m, {}):
                node = r.node(m, pid)
                root = r.cluster.get(node)
                if root is not None and (root not in firsts or str(node) < str(firsts[root])):
                    firsts[root] = node
        out[family] = firsts
    return out


def write_names(db: Database, r: Resolver, identity: dict) -> None:
    anchors = _anchors(r) if any(who[0] == "full" for who in identity.values()) else {}

    def each() -> Iterator[list]:  # one at a time: 330,000 at 20,000 notes
        for (m, p), who in identity.items():
            person = r.person_of.get((m, p))
            if person is None:
                continue
            how = r.how.get((m, p), (None, None))
            row = [m, p, person, who[0], None, None, None, None, None, None, *how]
            if who[0] == "full":
                root = who[1]
                node = r.node(m, p)
                if node not in r.cluster:  # a short name: the full name of its family it is
                    family = r.family_of.get(r.series_of.get(m), "")
                    node = anchors.get(family, {}).get(root, root)
                row[5:10] = [node[0], node[1], r.names[node[0]].key, root[0], root[1]]
            else:
                row[4] = json.dumps(list(who[1:]))
            yield row

    db.conn.executemany("insert into kb_names values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        each())


def write_keys(db: Database, keys: dict[str, int]) -> None:
    db.conn.executemany("insert into kb_person_keys values (?, ?)", sorted(keys.items()))


def write_lookups(db: Database, lookups: set[tuple[int | None, str]]) -> None:
    db.conn.executemany("insert or ignore into kb_ledger_lookups values (?, ?)",
                        sorted(lookups, key=str))
