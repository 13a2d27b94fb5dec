"""The knowledge base as Popolo JSON (https://www.popoloproject.com/): ``kb export --popolo``.

Popolo is the open data standard for people, organisations, their memberships, and what was
said at which event. kb's records map onto it directly:

=============  ===============================================================================
Popolo         kb
=============  ===============================================================================
persons        real people (``people``), every other spelling as ``other_names``
organizations  organisations as identified across notes (one per ``canonical_id``, with its
               other names and parent), and each meeting series (classification
               "meeting series"), the body whose meetings the events are
memberships    a person's organisation from the attendance lists (``person_organisations``)
events         meetings, organised by their series, with the people present as attendees
speeches       statements: who said it (``creator_id`` when the speaker is a person the notes
               name, else ``attribution_text`` alone), at which event, in what order
=============  ===============================================================================

Ids are prefixed by kind ("person/12", "event/3"), so no two objects share one. Dates are
``YYYY-MM-DD`` as Popolo's date patterns require; a meeting without a date has no
``start_date`` rather than a wrong one. Membership dates are left out on purpose: the notes
only show when someone was *listed* with an organisation, not when they joined or left it.

>>> from kb.storage.store import open_db
>>> sorted(export(open_db(":memory:")))
['events', 'memberships', 'organizations', 'persons', 'speeches']
"""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

Obj = dict[str, Any]
DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}){0,2}$")  # Popolo's date pattern


def _rows(db: Database, sql: str) -> list[Obj]:
    return [dict(r) for r in db.query(sql)]


def _persons(db: Database) -> list[Obj]:
    out = []
    for p in _rows(db, "select id, name, aliases from people order by id"):
        person: Obj = {"id": f"person/{p['id']}", "name": p["name"]}
        aliases = json.loads(p["aliases"])
        if aliases:
            person["other_names"] = [{"name": a} for a in aliases]
        out.append(person)
    return out


def _organizations(db: Database) -> list[Obj]:
    names: dict[int, list[Obj]] = {}
    canonical_of: dict[int, int] = {}
    for o in _rows(db, """
            select coalesce(oi.canonical_id, o.id) as canonical, o.id, o.name, o.acronym
            from organisations o
            left join organisation_identities oi on oi.organisation_id = o.id
            order by o.id"""):
        names.setdefault(o["canonical"], []).append(o)
        canonical_of[o["id"]] = o["canonical"]
    parents = {r["organisation_id"]: r["parent_id"] for r in _rows(
        db, "select organisation_id, parent_id from organisation_identities")}
    out = []
    for canonical, group in names.items():
        main = next(o for o in group if o["id"] == canonical)
        org: Obj = {"id": f"organization/{canonical}", "name": main["name"]}
        spelled = {o["name"] for o in group}
        other: list[Obj] = [{"name": n} for n in sorted(spelled - {main["name"]})]
        # an acronym a note also writes as a name ("GDS") is listed once, as an acronym
        acronyms = sorted({o["acronym"] for o in group if o["acronym"]} - {main["name"]})
        other = [o for o in other if o["name"] not in acronyms]
        other += [{"name": a, "note": "acronym"} for a in acronyms]
        if other:
            org["other_names"] = other
        parent = parents.get(canonical)
        if parent:
            org["parent_id"] = f"organization/{canonical_of.get(parent, parent)}"
        out.append(org)
    for s in _rows(db, "select id, name from series order by id"):
        out.append({"id": f"series/{s['id']}", "name": s["name"],
                    "classification": "meeting series"})
    return out


def _memberships(db: Database) -> list[Obj]:
    out = []
    for m in _rows(db, """
            select po.id, po.person_id, coalesce(oi.canonical_id, po.organisation_id) as org,
                   o.name, po.meetings
            from person_organisations po
            join organisations o on o.id = po.organisation_id
            left join organisation_identities oi on oi.organisation_id = po.organisation_id
            order by po.id"""):
        out.append({"id": f"membership/{m['id']}", "person_id": f"person/{m['person_id']}",
                    "organization_id": f"organization/{m['org']}",
                    "label": f"Listed with {m['name']} at {m['meetings']} meeting"
                             f"{'s' if m['meetings'] != 1 else ''}"})
    return out


def _events(db: Database) -> list[Obj]:
    attendees: dict[int, list[Obj]] = {}
    for a in _rows(db, """
            select distinct pn.meeting_id, p.id, p.name
            from attendance at
            join person_names pn on pn.meeting_id = at.meeting_id and pn.people_id = at.person_id
            join people p on p.id = pn.person_id
            where at.status = 'present' order by pn.meeting_id, p.name"""):
        attendees.setdefault(a["meeting_id"], []).append(
            {"id": f"person/{a['id']}", "name": a["name"]})
    out = []
    for m in _rows(db, """
            select m.id, m.title, m.date, m.path, sm.series_id
            from meetings m left join series_meetings sm on sm.meeting_id = m.id
            order by m.date, m.id"""):
        event: Obj = {"id": f"event/{m['id']}", "name": m["title"] or m["path"],
                      "classification": "meeting",
                      "identifiers": [{"identifier": m["path"], "scheme": "kb-note-path"}]}
        if m["date"] and DATE.match(m["date"]):
            event["start_date"] = m["date"]
        if m["series_id"]:
            event["organization_id"] = f"series/{m['series_id']}"
        if m["id"] in attendees:
            event["attendees"] = attendees[m["id"]]
        out.append(event)
    return out


def _speeches(db: Database) -> list[Obj]:
    out = []
    position: dict[int, int] = {}
    for s in _rows(db, """
            select s.id, s.meeting_id, s.speaker, s.text, pn.person_id, c.name as commitment
            from statements s
            left join person_names pn on pn.meeting_id = s.meeting_id
                                      and pn.people_id = s.person_id
            left join commitments c on c.id = s.commitment_id
            order by s.meeting_id, s.start, s.id"""):
        position[s["meeting_id"]] = position.get(s["meeting_id"], 0) + 1
        speech: Obj = {"id": f"speech/{s['id']}", "attribution_text": s["speaker"],
                       "text": s["text"], "event_id": f"event/{s['meeting_id']}",
                       "position": position[s["meeting_id"]], "type": "speech"}
        if s["person_id"]:
            speech["creator_id"] = f"person/{s['person_id']}"
        if s["commitment"]:
            speech["title"] = s["commitment"]
        out.append(speech)
    return out


def export(db: Database) -> dict[str, list[Obj]]:
    """The whole knowledge base as one Popolo JSON document (derived tables must be fresh)."""
    return {"persons": _persons(db), "organizations": _organizations(db),
            "memberships": _memberships(db), "events": _events(db),
            "speeches": _speeches(db)}
