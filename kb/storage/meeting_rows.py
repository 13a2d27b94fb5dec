"""A meeting's records as rows of the tables that hang off it (attendance, statements, the
search index...), each row with its id, and the ids of the names, organisations and
commitments they point at, found by name or created on first use.

kb.storage.store calls ``insert_records`` inside the note's transaction, after deleting the
note's earlier rows; ``row_ids`` first gives back the ids those rows had, so that a row stored
again unchanged keeps its id (and its address in the archive).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.vocabulary.keys import commitment_key
from kb.storage.ids import new_row_ids, stable_id
from kb.storage.rows import insert_rows
from kb.storage.schema import TABLES
from kb.storage.search_index import assign_ids, search_rows

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ingest import Meeting


LOOKUP_SQL = {
    "names": "select id from names where name = ?",
    "organisations": "select id from organisations where name = ?",
    "commitments": "select id from commitments where key = ?",
}


class _Ids:
    """Ids of people, organisations and commitments by name, created on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.cache: dict[tuple[str, str], int] = {}

    def _lookup(self, table: str, column: str, value: str, extra: dict | None = None) -> int:
        # a plain select, then insert when missing: Table.lookup re-checks the table's columns
        # and indexes on every call, 40% of the store time in bench/RESULTS.md
        row = self.db.execute(LOOKUP_SQL[table], [value]).fetchone()
        if row:
            return row[0]
        row_id = stable_id(self.db, table, value)  # the id this name had before, if any
        insert_rows(self.db, table, [{"id": row_id, column: value, **(extra or {})}])
        return row_id

    def person(self, name: str) -> int:
        if ("person", name) not in self.cache:
            self.cache["person", name] = self._lookup("names", "name", name)
        return self.cache["person", name]

    def organisation(self, name: str, acronym: str | None = None,
                     parent: str | None = None) -> int:
        if ("org", name) not in self.cache:
            self.cache["org", name] = self._lookup("organisations", "name", name)
        org_id = self.cache["org", name]
        # a later note may be the first to spell out an acronym or a parent: fill the gap,
        # never overwrite what an earlier note said
        if acronym:
            self.db.execute("update organisations set acronym = ? where id = ? and acronym is null",
                            [acronym, org_id])
        if parent and parent != name:
            self.db.execute("update organisations set parent_id = ? where id = ? "
                            "and parent_id is null", [self.organisation(parent), org_id])
        return org_id

    def commitment(self, name: str) -> int:
        # "Commitment 5: Open contracting" and "Open Contracting" are one commitment
        key = commitment_key(name)
        if ("commitment", key) not in self.cache:
            self.cache["commitment", key] = self._lookup("commitments", "key", key, {"name": name})
        return self.cache["commitment", key]


def _row_key(row: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in row.items() if k != "id"))


def row_ids(db: Database, table: str, meeting_id: int) -> dict[tuple, list[int]]:
    """A meeting's rows in ``table``, id by content: a row stored again unchanged keeps its id."""
    found: dict[tuple, list[int]] = {}
    for row in db[table].rows_where("meeting_id = ?", [meeting_id], order_by="id"):
        found.setdefault(_row_key(row), []).append(row["id"])
    return found


def insert_records(db: Database, meeting_id: int, m: Meeting,
                    earlier: dict[str, dict[tuple, list[int]]]) -> None:
    ids = _Ids(db)

    def org(name: str | None) -> int | None:
        return ids.organisation(name) if name else None

    def rows(table: str, items: list[dict]) -> list[dict]:
        """Insert ``items`` into ``table``, each with its id: the one an identical row had
        before this note changed, else a new one (kb.storage.ids)."""
        columns = [c for c in TABLES[table]["columns"] if c not in ("id", "meeting_id")]
        items = [{"meeting_id": meeting_id, **{c: item.get(c) for c in columns}}
                 for item in items]
        old = earlier.get(table)
        if old:  # a new note (every note of a first import) has no earlier rows to match
            for item in items:
                reused = old.get(_row_key(item))
                if reused:
                    item["id"] = reused.pop(0)
        if table == "search_items":
            assign_ids(db, items)  # ids that start with the meeting's date
        else:
            fresh = iter(new_row_ids(db, table, sum("id" not in item for item in items)))
            for item in items:
                if "id" not in item:
                    item["id"] = next(fresh)
        if items:
            insert_rows(db, table, items)
        return items

    # Only names the note itself presents as people become people rows: a statement by
    # "the Secretariat" or an action owned by "GDS" must not invent a person.
    people = {p.name for p in m.people} | {a.name for a in m.attendees + m.apologies}
    org_names = {o.name for o in m.organisations}

    def person(name: str | None) -> int | None:
        return ids.person(name) if name in people else None

    for o in m.organisations:
        ids.organisation(o.name, o.acronym, o.parent)
    rows("meeting_organisations", [
        {"organisation_id": org(o.name), "start": o.start, "end": o.end}
        for o in m.organisations])
    rows("meeting_names", [
        {"person_id": ids.person(p.name), "organisation_id": org(p.organisation),
         "role": p.role, "aliases": ", ".join(p.aliases) or None, "start": p.start, "end": p.end}
        for p in m.people])
    rows("attendance", [
        {"person_id": ids.person(a.name), "organisation_id": org(a.organisation),
         "role": a.role, "status": status, "start": a.start, "end": a.end}
        for status, group in (("present", m.attendees), ("apologies", m.apologies))
        for a in group])
    stored: dict[str, list[dict]] = {}
    stored["commitment_updates"] = rows("commitment_updates", [
        {"commitment_id": ids.commitment(c.name), "speakers": ", ".join(c.speakers) or None,
         "text": c.text, "start": c.start, "end": c.end}
        for c in m.commitments])
    stored["statements"] = rows("statements", [
        {"speaker": s.speaker, "person_id": person(s.speaker),
         # words attributed to an organisation: the speaker is that organisation
         "organisation_id": org(s.organisation or (s.speaker if s.speaker in org_names else None)),
         "commitment_id": ids.commitment(s.commitment) if s.commitment else None,
         "text": s.text, "section": s.section, "start": s.start, "end": s.end}
        for s in m.statements])
    stored["action_items"] = rows("action_items", [
        {"kind": kind, "owner": a.owner, "person_id": person(a.owner), "text": a.text,
         "due": a.due, "ref": a.ref, "status": a.status, "section": a.section,
         "start": a.start, "end": a.end}
        for kind, group in (("new", m.action_items), ("update", m.action_updates))
        for a in group])
    stored["decisions"] = rows("decisions", [
        {"text": d.text, "section": d.section, "start": d.start, "end": d.end}
        for d in m.decisions])

    # what search needs beside the rows: each person's organisation as this note gives it,
    # the commitments' names, the first speaker of each update who is a person
    person_orgs: dict[int, int | None] = {}
    for p in [*m.attendees, *m.apologies, *m.people]:
        if p.organisation and person_orgs.get(ids.person(p.name)) is None:
            person_orgs[ids.person(p.name)] = org(p.organisation)
    for update, c in zip(stored["commitment_updates"], m.commitments):
        update["first_speaker_id"] = next(
            (person(name) for name in c.speakers if name in people), None)
    names = {ids.commitment(c): c for c in
             {s.commitment for s in m.statements if s.commitment} | {c.name for c in m.commitments}}
    rows("search_items", search_rows(
        m.date, stored, names, person_orgs,
        {o.name: ids.organisation(o.name) for o in m.organisations}))
