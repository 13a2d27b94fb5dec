"""Read the knowledge base across meetings: the ledger, people, commitments.

These back ``kb actions``, ``kb people`` and ``kb commitment`` (``kb search`` is kb.knowledge.search);
each returns plain data (lists of dicts) that the command line prints as text or JSON. They
read the derived tables, so the caller makes sure those are fresh (kb.knowledge.reading does).

>>> from kb.storage.store import open_db
>>> db = open_db(":memory:")
>>> actions(db), people(db)
([], [])
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kb.knowledge.commitment_timeline import commitment_key, commitments  # noqa: F401 - re-exported
from ingest.vocabulary.keys import fold
from kb.knowledge.owners import matching_owner_keys

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

# `kb actions --json` / `kb people --json` print exactly these keys (eval/CONTRACT.md)
ACTION_KEYS = ["text", "owner", "due", "status", "ref", "opened", "closed", "meetings"]
PERSON_KEYS = ["name", "aliases", "organisations", "attended"]


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def actions(db: Database, open_only: bool = False, owner: str | None = None,
            series: str | None = None) -> list[dict[str, Any]]:
    """The ledger, one dict per action (ACTION_KEYS plus series, due_date, id), oldest first.

    ``owner`` is a person, team or organisation (``kb.knowledge.owners.matching_owner_keys``): a person
    with every way the notes write them ("Will" finds William Gerry's actions), and only
    them ("Steve" is not Steven Pemberton).
    """
    where: list[str] = []
    params: dict[str, str] = {}
    if open_only:
        where.append("a.status = 'open'")
    if owner:
        keys = sorted(matching_owner_keys(db, owner))
        if not keys:
            return []
        params.update({f"k{i}": k for i, k in enumerate(keys)})
        where.append("a.id in (select action_id from action_owners where key in (%s))"
                     % ", ".join(f":k{i}" for i in range(len(keys))))
    if series:
        where.append("(s.name like :s escape '\\' or s.key like :s escape '\\')")
        params["s"] = _like(series)
    sql = f"""select a.*, s.name as series_name, s.key as series_key from actions a
        join series s on s.id = a.series_id
        {"where " + " and ".join(where) if where else ""}
        order by a.opened is null, a.opened, s.key, a.id"""
    out = []
    for row in db.query(sql, params):
        item = {k: row[k] for k in ACTION_KEYS}
        item["meetings"] = json.loads(row["meetings"])
        item.update(id=row["id"], series=row["series_name"], series_key=row["series_key"],
                    due_date=row["due_date"])
        out.append(item)
    return out


def contract_actions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Only the keys the CONTRACT names, in its order."""
    return [{k: a[k] for k in ACTION_KEYS} for a in items]


def people(db: Database, name: str | None = None) -> list[dict[str, Any]]:
    """Real people (PERSON_KEYS plus id), by name; ``name`` matches names and aliases, folded.

    Only people some note lists at a meeting or who speak, own an action or are named in
    full; an exact name or alias match ranks before a partial one.
    """
    out = []
    want = fold(name).strip() if name else None
    for row in db.query("""select p.*, (select group_concat(m.date, '|') from (
                select distinct m.date from person_names pn
                join attendance at on at.meeting_id = pn.meeting_id
                    and at.person_id = pn.people_id and at.status = 'present'
                join meetings m on m.id = pn.meeting_id
                where pn.person_id = p.id and m.date is not null order by m.date) m
            ) as attended from people p order by p.id"""):
        aliases = json.loads(row["aliases"])
        if want is not None:
            names = [fold(n) for n in [row["name"], *aliases]]
            if not any(want in n for n in names):
                continue
        out.append({"name": row["name"], "aliases": aliases,
                    "organisations": json.loads(row["organisations"]),
                    "attended": row["attended"].split("|") if row["attended"] else [],
                    "id": row["id"], "exact": want in names if want is not None else None})
    if want is not None and any(p["exact"] for p in out):
        out = [p for p in out if p["exact"]]
    for p in out:
        del p["exact"]
    return out


def person_detail(db: Database, person_id: int) -> dict[str, Any]:
    """A person's meetings, organisations (first/last date), statements and actions."""
    meetings = [dict(r) for r in db.query("""
        select m.date, m.title, s.name as series,
               max(case when at.status is not null then at.status end) as status
        from person_names pn join meetings m on m.id = pn.meeting_id
        left join series_meetings sm on sm.meeting_id = m.id
        left join series s on s.id = sm.series_id
        left join attendance at on at.meeting_id = pn.meeting_id and at.person_id = pn.people_id
        where pn.person_id = ? group by m.id order by m.date""", [person_id])]
    orgs = [dict(r) for r in db.query("""
        select o.name as organisation, po.first_date, po.last_date, po.meetings
        from person_organisations po join organisations o on o.id = po.organisation_id
        where po.person_id = ? order by po.first_date, o.name""", [person_id])]
    statements = [dict(r) for r in db.query("""
        select m.date, st.speaker, st.text from statements st
        join person_names pn on pn.meeting_id = st.meeting_id and pn.people_id = st.person_id
        join meetings m on m.id = st.meeting_id
        where pn.person_id = ? order by m.date, st.start""", [person_id])]
    owned = [dict(r) for r in db.query("""
        select a.text, a.status, a.ref, a.opened, a.closed, a.due from actions a
        where a.id in (select action_id from action_owners where person_id = ?)
        order by a.opened, a.id""", [person_id])]
    evidence = [dict(r) for r in db.query("""
        select e.name, e.kind, e.detail, e.meetings, m.date as first_date
        from person_evidence e left join meetings m on m.id = e.first_meeting_id
        where e.person_id = ? order by e.kind = 'correction' desc, e.name, e.kind""",
        [person_id])]
    return {"meetings": meetings, "organisation_history": orgs, "statements": statements,
            "actions": owned, "evidence": evidence}
