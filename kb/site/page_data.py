"""What the archive's own pages show, read from the database: one function per page.

Each takes a plain ``sqlite3.Connection`` (Datasette hands one to ``execute_fn``) and returns
plain data for a template. Names a note gives are resolved to the real person
(``person_names`` -> ``people``) and each organisation name to the organisation it is
(``organisation_identities.canonical_id``), so every link leads to one page per person and per
organisation, whatever a note called them.

>>> from kb.storage.store import open_db
>>> conn = open_db(":memory:").conn
>>> meeting(conn, 1) is None and person(conn, 1) is None and person_moved(conn, 1) is None
True
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from sqlite_utils import Database

from kb.knowledge.corrections import name_key
from kb.knowledge.owners import matching_owner_keys

Row = dict[str, Any]

# the real person behind a (meeting, name-as-written) pair, and an organisation's identity
_PERSON = ("left join person_names pn on pn.meeting_id = {t}.meeting_id "
           "and pn.people_id = {t}.person_id")
_ORG = ("left join organisations o on o.id = {t}.organisation_id "
        "left join organisation_identities oi on oi.organisation_id = {t}.organisation_id")
_ORG_ID = "coalesce(oi.canonical_id, o.id)"


def rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[Row]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def one(conn: sqlite3.Connection, sql: str, params: Any = ()) -> Row | None:
    found = rows(conn, sql, params)
    return found[0] if found else None


def meeting(conn: sqlite3.Connection, meeting_id: int) -> Row | None:
    """A meeting with its place in its series and everything extracted from its note."""
    m = one(conn, """
        select m.id, m.title, m.date, m.series as folder, m.path, m.format, m.next_meeting,
               m.text, s.id as series_id, s.name as series_name, s.meeting_count,
               dm.same_as_meeting_id, dm.similarity as same_as_similarity,
               sm.position, sm.previous_meeting_id, sm.next_meeting_id,
               pm.date as previous_date, nm.date as next_date
        from meetings m
        left join series_meetings sm on sm.meeting_id = m.id
        left join series s on s.id = sm.series_id
        left join meetings pm on pm.id = sm.previous_meeting_id
        left join meetings nm on nm.id = sm.next_meeting_id
        left join duplicate_meetings dm on dm.meeting_id = m.id
        where m.id = ?""", [meeting_id])
    if m is None:
        return None
    # the other notes of this same meeting (minutes and the IRC log they were made from)
    m["other_sources"] = rows(conn, """
        select o.id, o.path, o.format from duplicate_meetings d join meetings o
          on o.id = case when d.meeting_id = :id then d.same_as_meeting_id else d.meeting_id end
        where :id in (d.meeting_id, d.same_as_meeting_id) order by o.path""", {"id": meeting_id})
    params = [meeting_id]
    m["attendees"] = rows(conn, f"""
        select at.id, at.start, at.end, at.status, at.role, pe.name, pn.person_id,
               o.name as organisation, {_ORG_ID} as organisation_id
        from attendance at join names pe on pe.id = at.person_id
        {_PERSON.format(t="at")} {_ORG.format(t="at")}
        where at.meeting_id = ? order by at.status desc, at.start""", params)
    m["statements"] = rows(conn, f"""
        select s.id, s.start, s.end, s.speaker, s.text, pn.person_id,
               o.name as organisation, {_ORG_ID} as organisation_id,
               c.id as commitment_id, c.name as commitment
        from statements s {_PERSON.format(t="s")} {_ORG.format(t="s")}
        left join commitments c on c.id = s.commitment_id
        where s.meeting_id = ? order by s.start""", params)
    m["action_items"] = rows(conn, f"""
        select a.id, a.start, a.end, a.kind, a.owner, a.text, a.due, a.ref, a.status,
               pn.person_id, am.action_id, l.status as ledger_status, l.closed
        from action_items a {_PERSON.format(t="a")}
        left join action_mentions am on am.action_item_id = a.id
        left join actions l on l.id = am.action_id
        where a.meeting_id = ? order by a.start""", params)
    m["decisions"] = rows(conn, """
        select id, start, end, text from decisions where meeting_id = ? order by start""",
                          params)
    m["updates"] = rows(conn, """
        select u.id, u.start, u.end, u.speakers, u.text, c.id as commitment_id,
               c.name as commitment
        from commitment_updates u join commitments c on c.id = u.commitment_id
        where u.meeting_id = ? order by u.start""", params)
    m["people"] = rows(conn, f"""
        select mp.start, mp.end, pe.name, pn.person_id
        from meeting_names mp join names pe on pe.id = mp.person_id
        {_PERSON.format(t="mp")}
        where mp.meeting_id = ? order by mp.start""", params)
    m["organisations"] = rows(conn, f"""
        select mo.start, mo.end, o.name, {_ORG_ID} as organisation_id
        from meeting_organisations mo {_ORG.format(t="mo")}
        where mo.meeting_id = ? order by mo.start""", params)
    return m


def person(conn: sqlite3.Connection, person_id: int) -> Row | None:
    """A real person: names, organisations, meetings, statements, actions, commitments."""
    p = one(conn, """
        select p.*, s.name as series_name from people p
        left join series s on s.id = p.series_id where p.id = ?""", [person_id])
    if p is None:
        return None
    params = [person_id]
    p["aliases"] = json.loads(p["aliases"])
    p["organisations"] = json.loads(p["organisations"])
    p["organisation_history"] = rows(conn, f"""
        select po.first_date, po.last_date, po.meetings, o.name, {_ORG_ID} as organisation_id
        from person_organisations po {_ORG.format(t="po")}
        where po.person_id = ? order by po.first_date, o.name""", params)
    p["meetings"] = rows(conn, """
        select m.id, m.date, m.title, s.name as series, max(at.status) as attendance,
               group_concat(distinct pe.name) as written_as
        from person_names pn
        join names pe on pe.id = pn.people_id
        join meetings m on m.id = pn.meeting_id
        left join series_meetings sm on sm.meeting_id = m.id
        left join series s on s.id = sm.series_id
        left join attendance at on at.meeting_id = pn.meeting_id and at.person_id = pn.people_id
        where pn.person_id = ? group by m.id order by m.date, m.id""", params)
    p["statements"] = rows(conn, """
        select s.id, s.text, s.meeting_id, m.date, m.title, c.id as commitment_id,
               c.name as commitment
        from person_names pn
        join statements s on s.meeting_id = pn.meeting_id and s.person_id = pn.people_id
        join meetings m on m.id = s.meeting_id
        left join commitments c on c.id = s.commitment_id
        where pn.person_id = ? order by m.date, m.id, s.start""", params)
    p["actions"] = ledger_actions(
        conn, "a.id in (select action_id from action_owners where person_id = ?)", params)
    p["evidence"] = rows(conn, """
        select e.name, e.kind, e.detail, e.meetings, e.first_meeting_id, m.date as first_date
        from person_evidence e left join meetings m on m.id = e.first_meeting_id
        where e.person_id = ? order by e.kind = 'correction' desc, e.name, e.kind""", params)
    p["commitments"] = rows(conn, """
        select c.id, c.name, count(*) as statements
        from person_names pn
        join statements s on s.meeting_id = pn.meeting_id and s.person_id = pn.people_id
        join commitments c on c.id = s.commitment_id
        where pn.person_id = ? group by c.id order by c.name""", params)
    return p


def person_moved(conn: sqlite3.Connection, person_id: int) -> int | None:
    """The person an old person id leads to now (two people found to be one), if any."""
    row = one(conn, "select person_id from person_redirects where id = ?", [person_id])
    return row["person_id"] if row else None


def ledger_actions(conn: sqlite3.Connection, where: str, params: Any = ()) -> list[Row]:
    """Ledger actions matching ``where`` (over ``actions a``), with the first mention's row
    id, so a page can link to the place in the note that set the action."""
    return rows(conn, f"""
        select a.id, a.ref, a.text, a.owner, a.person_id, a.due, a.due_date, a.status,
               a.opened, a.closed, a.opened_meeting_id, a.closed_meeting_id, a.mention_count,
               s.name as series, date('now') > a.due_date and a.status = 'open' as overdue,
               c.made_by as corrected_by, c.made_at as corrected_at, c.note as correction_note,
               ac.status_from_notes,
               coalesce((select min(am.action_item_id) from action_mentions am
                         where am.action_id = a.id and am.meeting_id = a.opened_meeting_id),
                        (select min(am.action_item_id) from action_mentions am
                         where am.action_id = a.id)) as item_id
        from actions a join series s on s.id = a.series_id
        left join applied_corrections ac on ac.action_id = a.id
        left join action_corrections c on c.id = ac.correction_id
        where {where}
        order by a.opened is null, a.opened, a.id""", params)


def open_actions(conn: sqlite3.Connection, owner: str = "") -> list[Row]:
    """Open actions grouped by owner: ``[{"owner", "person_id", "actions": [...]}]``.

    An owner is an identity (kb.knowledge.owners): "Secretariat" and "The secretariat" are one group,
    Steve Fisher is one person however written; an action of two owners is under both.
    ``owner`` keeps the owners it names (``matching_owner_keys``). Actions without an owner
    come last.
    """
    keys = sorted(matching_owner_keys(Database(conn), owner)) if owner else None
    if keys == []:
        return []
    owners: dict[int, list[Row]] = {}
    for o in rows(conn, "select action_id, key, name, person_id from action_owners "
                        "order by action_id, position"):
        owners.setdefault(o["action_id"], []).append(o)
    groups: dict[str, Row] = {}
    for a in ledger_actions(conn, "a.status = 'open'"):
        mine = owners.get(a["id"], [{"key": "", "name": None, "person_id": None}])
        for o in mine:
            if keys is not None and o["key"] not in keys:
                continue
            group = groups.setdefault(o["key"], {"owner": o["name"], "person_id": o["person_id"],
                                                 "actions": []})
            group["actions"].append(a)
    return sorted(groups.values(), key=lambda g: (g["owner"] is None,
                                                 (g["owner"] or "").casefold()))


def commitment(conn: sqlite3.Connection, commitment_id: int) -> Row | None:
    """A commitment and its timeline: every update and statement on it, oldest first."""
    c = one(conn, "select id, name from commitments where id = ?", [commitment_id])
    if c is None:
        return None
    c["timeline"] = rows(conn, f"""
        select 'update' as kind, u.id as id, u.meeting_id as meeting_id, m.date as date,
               m.title as title, s.name as series, u.speakers as speaker, null as person_id,
               u.text as text, u.start as start
        from commitment_updates u join meetings m on m.id = u.meeting_id
        left join series_meetings sm on sm.meeting_id = m.id
        left join series s on s.id = sm.series_id
        where u.commitment_id = :id
        union all
        select 'statement', st.id, st.meeting_id, m.date, m.title, s.name, st.speaker,
               pn.person_id, st.text, st.start
        from statements st join meetings m on m.id = st.meeting_id
        {_PERSON.format(t="st")}
        left join series_meetings sm on sm.meeting_id = m.id
        left join series s on s.id = sm.series_id
        where st.commitment_id = :id
        order by date, meeting_id, start""", {"id": commitment_id})
    return c


def organisation(conn: sqlite3.Connection, organisation_id: int) -> Row | None:
    """An organisation (any of its names' ids): names, units, people, statements, meetings."""
    found = one(conn, f"""
        select {_ORG_ID} as id from organisations o
        left join organisation_identities oi on oi.organisation_id = o.id
        where o.id = ?""", [organisation_id])
    if found is None:
        return None
    oid = found["id"]
    org = one(conn, """
        select o.id, o.name, o.acronym, oi.parent_id, p.name as parent
        from organisations o
        left join organisation_identities oi on oi.organisation_id = o.id
        left join organisations p on p.id = oi.parent_id
        where o.id = ?""", [oid])
    assert org is not None
    params = [oid]
    same = "(select organisation_id from organisation_identities where canonical_id = ?)"
    org["names"] = rows(conn, f"""
        select distinct name, acronym from organisations
        where id in {same} and id != ? order by name""", [oid, oid])
    org["units"] = rows(conn, """
        select distinct c.id, c.name from organisation_identities oi
        join organisations c on c.id = oi.canonical_id
        where oi.parent_id = ? and oi.canonical_id != ? order by c.name""", [oid, oid])
    org["people"] = rows(conn, f"""
        select p.id, p.name, min(po.first_date) as first_date, max(po.last_date) as last_date,
               sum(po.meetings) as meetings
        from person_organisations po join people p on p.id = po.person_id
        where po.organisation_id in {same} group by p.id order by p.name""", params)
    org["statements"] = rows(conn, f"""
        select s.id, s.speaker, pn.person_id, s.text, m.id as meeting_id, m.date, m.title
        from statements s join meetings m on m.id = s.meeting_id {_PERSON.format(t="s")}
        where s.organisation_id in {same} order by m.date, m.id, s.start""", params)
    org["meetings"] = rows(conn, f"""
        select distinct m.id, m.date, m.title from meeting_organisations mo
        join meetings m on m.id = mo.meeting_id
        where mo.organisation_id in {same} order by m.date, m.id""", params)
    # the corrections people made about any of its names (kb alias --organisation)
    keys = {name_key(n) for n in [org["name"], org["acronym"],
                                  *(x["name"] for x in org["names"]),
                                  *(x["acronym"] for x in org["names"])] if n}
    org["corrections"] = [c for c in rows(conn, """
        select alias, name, alias_key, name_key, same, made_by, made_at, note
        from alias_corrections where kind = 'organisation' order by id""")
        if c["alias_key"] in keys or c["name_key"] in keys]
    return org


def people(conn: sqlite3.Connection) -> list[Row]:
    """Every real person, alphabetically, with organisations and attendance."""
    # the statements counted in one pass, not once a person (193 s at 20,000 notes)
    found = rows(conn, """
        with said as (
            select pn.person_id, count(*) as statements
            from statements st
            join person_names pn on pn.meeting_id = st.meeting_id and pn.people_id = st.person_id
            group by pn.person_id)
        select p.id, p.name, p.aliases, p.organisations, p.meetings_attended,
               p.first_attended, p.last_attended, se.name as series,
               coalesce(said.statements, 0) as statements
        from people p left join series se on se.id = p.series_id
        left join said on said.person_id = p.id
        order by p.name collate nocase, p.id""")
    for p in found:
        p["aliases"] = json.loads(p["aliases"])
        p["organisations"] = json.loads(p["organisations"])
    return found


HOME_SERIES = 25  # the series with the latest meetings, on the home page
HOME_MEETINGS = 8  # the newest meetings of each of them


def home(conn: sqlite3.Connection) -> Row:
    """The series with the latest meetings, their newest meetings, commitments, counts.

    At most HOME_SERIES series of HOME_MEETINGS meetings: an archive of thousands of notes
    still makes a home page that is quick to build and to read (the series table and each
    series' query list them all)."""
    series = rows(conn, """
        select id, name, key, folder, first_date, last_date, meeting_count from series
        order by last_date is null, last_date desc, name limit ?""", [HOME_SERIES])
    meetings = rows(conn, """
        select m.id, m.date, m.title, sm.series_id,
               (select count(*) from statements where meeting_id = m.id) as statements,
               (select count(*) from action_items where meeting_id = m.id) as actions,
               (select count(*) from decisions where meeting_id = m.id) as decisions
        from series_meetings sm join meetings m on m.id = sm.meeting_id
        where sm.id in (select id from (
            select id, row_number() over (partition by series_id order by position desc) as n
            from series_meetings where series_id in (
                select id from series order by last_date is null, last_date desc, name
                limit ?)) where n <= ?)
        order by sm.position desc""", [HOME_SERIES, HOME_MEETINGS])
    by_series: dict[int, list[Row]] = {}
    for m in meetings:
        by_series.setdefault(m["series_id"], []).append(m)
    for s in series:
        s["meetings"] = by_series.get(s["id"], [])
    counts = one(conn, """
        select (select count(*) from meetings) as meetings,
               (select count(*) from people) as people,
               (select count(*) from statements) as statements,
               (select count(*) from actions where status = 'open') as open_actions,
               (select count(*) from commitments) as commitments,
               (select count(*) from series) as series""")
    commitments = rows(conn, """
        select c.id, c.name,
               (select count(*) from commitment_updates u where u.commitment_id = c.id)
             + (select count(*) from statements s where s.commitment_id = c.id) as entries
        from commitments c order by c.name collate nocase""")
    return {"series": series, "counts": counts, "commitments": commitments}
