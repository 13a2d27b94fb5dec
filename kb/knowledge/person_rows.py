"""The rows of real people: each person's id (kept from the keys it was known by, so an
address never moves), their ``people`` row with aliases and organisations, the
``person_names`` and ``person_organisations`` that link them to the notes, the evidence of each
merge and the redirects of ids that went. ``kb.knowledge.person_identity`` decides who is who;
this module writes it down.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from ingest.vocabulary.keys import fold
from ingest.vocabulary.lexicon import org_key
from kb.knowledge.identity import Join
from kb.knowledge.name_matching import parse_name
from kb.knowledge.organisations import plausible_org
from kb.storage.ids import new_id, register, registered_ids
from kb.storage.rows import insert_rows

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

    from kb.knowledge.person_identity import Resolver

FLUSH_ROWS = 5_000  # person_names rows written together (write_persons)
PERSON_UPSERT = """insert into people (id, name, series_id, aliases, organisations, first_attended,
    last_attended, meetings_attended) values (?, ?, ?, ?, ?, ?, ?, ?)
    on conflict (id) do update set name = excluded.name, series_id = excluded.series_id,
    aliases = excluded.aliases, organisations = excluded.organisations,
    first_attended = excluded.first_attended, last_attended = excluded.last_attended,
    meetings_attended = excluded.meetings_attended"""


def person_keys(r: Resolver, who: tuple, ms: list[tuple[int, int]],
                series_keys: dict[int, str]) -> list[str]:
    """What a person is known by, for a stable id (kb.storage.ids): each full name they are written
    with; a person known only by a first name or initials, that name within its series; one
    a correction made, the name it gave."""
    if who[0] == "full":
        keys = sorted({f"name:{r.names[p].key}" for _, p in ms if r.names[p].full})
        if keys:
            return keys
    if who[0] == "short":
        return [f"short:{series_keys.get(who[1], '')}:{who[2]}"]
    if who[0] in ("parted", "named"):  # a correction's: the name it gives
        return [f"{who[0]}:{who[1]}"]
    return ["full:" + "|".join(sorted({r.names[p].key for _, p in ms}))]


def _person_id(db: Database, keys: list[str], current: dict[str, int]) -> tuple[int, list[str]]:
    """The person's id: the oldest one any of their names had, else a new one; and the keys
    it is registered under. A name another person of this rebuild already holds (two people
    of one name, in unrelated bodies) is counted: "name:sam patel#2" is the second."""
    own = []
    for key in keys:
        n, counted = 1, key
        while counted in current:
            n += 1
            counted = f"{key}#{n}"
        own.append(counted)
    taken = set(current.values())
    known = sorted(set(registered_ids(db, "person", own).values()) - taken)
    person_id = known[0] if known else new_id(db, "person")
    # a name keeps the id it first had; the id itself is registered too, so that it is never
    # handed out again even when all the names already had ids
    for key in [*own, f"id:{person_id}"]:
        register(db, "person", key, person_id)
    return person_id, own


def write_redirects(db: Database, current: dict[str, int]) -> None:
    """``person_redirects``: an id that named a person once and names no one now (two people
    found to be one) leads to the person who has that person's names now."""
    redirects: dict[int, int] = {}
    claimed = set(current.values())
    for old_id, key in db.execute("select id, key from kb_ids where kind = 'person' "
                                  "order by id, key").fetchall():
        if old_id not in claimed and key in current:
            redirects.setdefault(old_id, current[key])
    insert_rows(db, "person_redirects", ({"id": old, "person_id": new}
                                         for old, new in sorted(redirects.items())))


def write_persons(db: Database, r: Resolver, identity: dict, dates: dict[int, str],
                  named: dict[object, str], series_keys: dict[int, str],
                  current: dict[str, int] | None = None) -> dict[str, int]:
    """Write a ``people`` row, its ``person_names`` and ``person_organisations`` for each
    identity in ``identity``; ``current``: the keys of the people this rebuild already
    has (kb.knowledge.refresh: those it keeps). Returns every key of them and of these, with its id."""
    members: dict[object, list[tuple[int, int]]] = defaultdict(list)
    for pair, who in identity.items():
        members[who].append(pair)  # the same tuple as the key: 330,000 at 20,000 notes
    people = {org_key(n) for (n,) in db.execute("select name from names").fetchall()}
    # only names that can be organisations make a history ("via phone" cannot)
    org_names = {i: n for i, n in db.execute("select id, name from organisations").fetchall()
                 if plausible_org(n, people)}

    def order(item):  # first attended first, then by name: who gets an id first is stable
        who, ms = item
        first = min((dates.get(m) or "9999" for m, _ in ms), default="9999")
        return first, _canonical_name(r, ms).casefold(), str(who)

    current = {} if current is None else current  # each key of this rebuild's people -> id
    # the people's names and organisations go in a few thousand rows at a time: an insert per
    # person and table was half of writing them, and all of them at once would hold 330,000
    # rows at 20,000 notes
    rows: dict[str, list[dict]] = {"person_names": [], "person_organisations": []}

    def flush(at_least: int = 1) -> None:
        for table, table_rows in rows.items():
            if len(table_rows) >= at_least:
                insert_rows(db, table, table_rows)
                table_rows.clear()

    for who, ms in sorted(members.items(), key=order):
        name = named.get(who) or _canonical_name(r, ms)
        written = {r.names[p].written for _, p in ms}
        for m, p in ms:
            written.update(r.note_aliases.get((m, p), []))
        aliases = sorted({w for w in written if fold(w) != fold(name)}, key=str.casefold)
        attended = sorted({dates[m] for m, p in ms if r.by_meeting[m][p].present and dates.get(m)})
        history: dict[int, list[str]] = defaultdict(list)
        for m, p in ms:
            for org in r.by_meeting[m][p].orgs:
                if dates.get(m):
                    history[org].append(dates[m])
        orgs = sorted((o for o in history if o in org_names),
                      key=lambda o: (min(history[o]), org_names[o]))
        person_id, keys = _person_id(db, person_keys(r, who, ms, series_keys), current)
        current.update(dict.fromkeys(keys, person_id))
        # an upsert, not a replace: replacing a row would first set to null every action's
        # link to the person, in series kb.knowledge.refresh leaves alone
        db.execute(PERSON_UPSERT, [
            person_id, name, who[1] if who[0] == "short" else None, json.dumps(aliases),
            json.dumps([org_names[o] for o in orgs]), attended[0] if attended else None,
            attended[-1] if attended else None, len(attended)])
        r.person_ids[who] = person_id
        r.person_names[person_id] = name
        for pair in ms:
            r.person_of[pair] = person_id
        rows["person_names"].extend(
            {"meeting_id": m, "people_id": p, "person_id": person_id} for m, p in sorted(ms))
        rows["person_organisations"].extend(
            {"person_id": person_id, "organisation_id": o, "first_date": min(history[o]),
             "last_date": max(history[o]), "meetings": len(set(history[o]))} for o in orgs)
        flush(at_least=FLUSH_ROWS)
    flush()
    return current


def write_evidence(db: Database, r: Resolver, identity: dict, joins: list[Join],
                    dates: dict[int, str]) -> None:
    """One row per (person, way of writing them, reason), with how many meetings say so."""
    found: dict[tuple[int, str, str, str], list[int | None]] = defaultdict(list)
    for join in joins:
        person = r.person_ids.get(("full", r.cluster[join.b]))
        if person is not None:
            for node in (join.a, join.b):
                written = r.names[node[0]].written
                if written != r.person_names[person] or join.kind == "same name":
                    found[person, written, join.kind, join.detail].append(None)
    for (meeting, pid), (kind, detail) in r.how.items():
        person = r.person_of.get((meeting, pid))
        if person is not None:
            found[person, r.names[pid].written, kind, detail].append(meeting)
    for (meeting, pid), aliases in r.note_aliases.items():
        person = r.person_of.get((meeting, pid))
        for alias in aliases if person is not None else ():
            found[person, alias, "alias given in the note", "at the meeting"].append(meeting)
    for (person, written, kind, detail), meetings in sorted(found.items(), key=str):
        real = sorted((m for m in meetings if m is not None), key=lambda m: dates.get(m) or "")
        db["person_evidence"].insert({
            "person_id": person, "name": written, "kind": kind, "detail": detail,
            "meetings": len(set(real)), "first_meeting_id": real[0] if real else None})


def _canonical_name(r: Resolver, ms: list[tuple[int, int]]) -> str:
    """The fullest way the person is written (most words, longest first name, most meetings,
    no title), without titles or letters after the name ("Dr Jane Doe OBE" is Jane Doe)."""
    counts = Counter(r.names[p].written for _, p in ms)

    def rank(w: str) -> tuple:
        n = parse_name(w)
        return -len(n.words), n.titled, -len(n.first), -counts[w], w

    best = parse_name(min(counts, key=rank))
    return best.plain if best.full else best.written
