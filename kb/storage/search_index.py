"""The search index: one ``search_items`` row per thing said or set at a meeting.

Statements, commitment updates (attributed or not), action items (set, or reported on) and
decisions are four tables, but a person asking "who said what about X" wants one answer,
ranked as one list. So kb.storage.store writes, in the same transaction as a note's own rows, one
``search_items`` row for each of them with what search needs beside the text: the agenda
item or section heading it sits under, the commitment it is about (an update rarely repeats
its commitment's name, so the name counts as its words), who said or owns it, their
organisation, the meeting's date. Its full-text index ``search_items_fts`` is what kb.knowledge.search
queries.

A row's id starts with its meeting's date (``date_key``): FTS5 hands its matches over in id
order, so kb.knowledge.search can take the newest (or oldest) matches first and stop, however many
items match a common word.

>>> index_terms("Update npm to v11 in Node.js v22")
'v 11 v 22'
>>> index_terms("Open data") is None
True
>>> date_key("2017-02-01") > date_key("2016-12-31") > date_key(None)
True
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from kb.storage.ids import new_serials

# written to kb_state when the index is filled; a database indexed otherwise is indexed again
SEARCH_INDEX_VERSION = "2"
# low bits of an id: a serial number (kb.storage.ids), so that ids never repeat; high bits: the date
SERIAL_BITS = 32
UNDATED = 1  # the date key of an undated meeting: before every date

# what each kind of item is, with the table it comes from and the letter of its anchor on the
# meeting page (#s-12 is statement 12)
KINDS = {
    "statement": ("statements", "s"),
    "commitment_update": ("commitment_updates", "u"),
    "action_item": ("action_items", "a"),
    "decision": ("decisions", "d"),
}

# a word that mixes letters and digits ("v22", "OAuth2"): FTS5's unicode61 tokenizer keeps it
# whole, so a search for "22" would miss "Node.js v22" without its parts indexed as well
# (each word, then the test: one pattern for both backtracked over every word, quadratically)
_WORD = re.compile(r"[^\W_]+")
# a digit with a letter before or after it. Led by the digit, so that re looks for digits
# alone along the text (most texts have none) rather than trying both orders at every letter:
# a quarter of the time over 50,000 stored texts, the same answers ([^\W\d_] is a letter)
_MIXES = re.compile(r"\d(?:(?<=[^\W\d_]\d)|(?=[^\W\d_]))")
_RUNS = re.compile(r"\d+|[^\W\d_]+")


def index_terms(*texts: str | None) -> str | None:
    """Extra words to index: the letter and digit runs of every word that mixes them.

    >>> index_terms("Node.js v22 and OAuth2", None, "x_1")
    'v 22 OAuth 2'
    """
    # a letter beside a digit is inside a word (both are word characters, "_" is neither): a
    # text without one, most of them, has no word to split
    parts = [run for text in texts if text and _MIXES.search(text) for word in _WORD.findall(text)
             if _MIXES.search(word) for run in _RUNS.findall(word)]
    return " ".join(parts) or None


def date_key(day: str | None) -> int:
    """The high part of a search item's id: the day of its meeting (UNDATED if none)."""
    try:
        return date.fromisoformat(day or "").toordinal()
    except ValueError:
        return UNDATED


def assign_ids(db: Any, rows: list[dict[str, Any]]) -> None:
    """Give each row without an id a new one: its date key, then a serial never used."""
    fresh = [row for row in rows if "id" not in row]
    for row, serial in zip(fresh, new_serials(db, "search_items", len(fresh))):
        row["id"] = (date_key(row.get("date")) << SERIAL_BITS) | serial


def _overlapping_section(start: int, end: int, items: Iterable[dict[str, Any]]) -> str | None:
    """The section of an item found inside [start, end): a commitment update's agenda item is
    that of the statements and actions within it (the parser gives updates none)."""
    for item in items:
        if item.get("section") and start <= (item.get("start") or -1) < end:
            return item["section"]
    return None


def search_rows(date: str | None, rows: dict[str, list[dict[str, Any]]],
                commitment_names: dict[int, str], person_orgs: dict[int, int | None],
                org_of_owner: dict[str, int]) -> list[dict[str, Any]]:
    """``search_items`` rows for the rows a note just stored (each with its ``id``).

    ``commitment_names``: commitments.id -> name; ``person_orgs``: names.id -> the
    organisation the note gives that person, if any; ``org_of_owner``: an owner that is an
    organisation's name -> organisations.id.
    """
    out: list[dict[str, Any]] = []

    def add(kind: str, row: dict[str, Any], **fields: Any) -> None:
        topic = commitment_names.get(fields.get("commitment_id"))  # type: ignore[arg-type]
        section = fields.pop("section", row.get("section"))
        out.append({"kind": kind, "item_id": row["id"], "date": date, "start": row.get("start"),
                    "section": section, "topic": topic, "text": row["text"],
                    "terms": index_terms(row["text"], section, topic), **fields})

    for s in rows.get("statements", []):
        people_id = s.get("person_id")
        add("statement", s, speaker=s["speaker"], people_id=people_id,
            organisation_id=s.get("organisation_id") or person_orgs.get(people_id),
            commitment_id=s.get("commitment_id"))
    located = rows.get("statements", []) + rows.get("action_items", []) + \
        rows.get("decisions", [])
    for u in rows.get("commitment_updates", []):
        people_id = u.get("first_speaker_id")
        add("commitment_update", u, speaker=u.get("speakers"), people_id=people_id,
            organisation_id=person_orgs.get(people_id), commitment_id=u["commitment_id"],
            section=_overlapping_section(u.get("start") or 0, u.get("end") or 0, located))
    for a in rows.get("action_items", []):
        people_id = a.get("person_id")
        add("action_item", a, speaker=a.get("owner"), people_id=people_id,
            organisation_id=org_of_owner.get(a.get("owner") or "") or person_orgs.get(people_id),
            status=a["status"])
    for d in rows.get("decisions", []):
        add("decision", d)
    return out


def backfill(db: Any) -> int:
    """Fill ``search_items`` afresh from the notes already stored (a database from a kb
    before this version of the index). Returns how many rows it wrote. Sections are empty
    for notes stored before sections were (until those notes are imported again)."""
    conn = getattr(db, "conn", db)
    conn.execute("delete from search_items")
    commitment_names = dict(conn.execute("select id, name from commitments").fetchall())
    total = 0
    for (meeting_id, day) in conn.execute("select id, date from meetings order by id").fetchall():
        rows = {table: _dicts(conn, f'select * from "{table}" where meeting_id = ?', meeting_id)
                for table in ("statements", "commitment_updates", "action_items", "decisions")}
        named = conn.execute("""
            select pe.id, pe.name, x.organisation_id from names pe join (
                select person_id, organisation_id from attendance where meeting_id = :m
                union all
                select person_id, organisation_id from meeting_names where meeting_id = :m
            ) x on x.person_id = pe.id order by x.organisation_id is null""",
                             {"m": meeting_id}).fetchall()
        person_orgs: dict[int, int | None] = {}
        for pid, _, org in named:
            person_orgs.setdefault(pid, org)
        by_name = {name: pid for pid, name, _ in named}
        for u in rows["commitment_updates"]:
            u["first_speaker_id"] = next((by_name[n] for n in (u["speakers"] or "").split(", ")
                                          if n in by_name), None)
        owners = dict(conn.execute("""select o.name, o.id from meeting_organisations mo
            join organisations o on o.id = mo.organisation_id where mo.meeting_id = ?""",
                                   [meeting_id]).fetchall())
        items = search_rows(day, rows, commitment_names, person_orgs, owners)
        assign_ids(conn, items)
        for item in items:
            conn.execute("insert into search_items (id, meeting_id, kind, item_id, date, "
                         "speaker, people_id, organisation_id, commitment_id, status, section, "
                         "topic, text, terms, start) values (:id, :meeting_id, :kind, "
                         ":item_id, :date, :speaker, :people_id, :organisation_id, "
                         ":commitment_id, :status, :section, :topic, :text, :terms, :start)",
                         {"status": None, "speaker": None, "people_id": None,
                          "organisation_id": None, "commitment_id": None, **item,
                          "meeting_id": meeting_id})
        total += len(items)
    return total


def _dicts(conn: Any, sql: str, *params: Any) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
