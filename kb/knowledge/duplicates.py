"""One meeting, one record: notes that are two sources of the same meeting.

A W3C meeting is often published twice: the HTML minutes and the raw IRC log they were made
from. Both parse to the same attendees and actions, so counting both would put every action
in the ledger twice. Two notes are one meeting when they sit in one folder (one body's
notes), have the same date and mostly the same words: at least ``SAME`` of the smaller
note's three-word runs are in the other. Notes
of different meetings on the same day (a board and its panel) share far fewer: in the shared
corpus at most a third, against 0.94 for minutes and their log.

The richer note (more attendees, statements and actions) is the meeting's record; the other
is kept (search finds it, its page says which meeting it is) but the series, the ledger and
the attendance count the meeting once.

>>> similarity("Alice: we agreed to ship the draft on Monday", "we agreed to ship the draft")
1.0
>>> similarity("we agreed to ship the draft", "the budget was approved by the board") == 0.0
True
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database


SAME = 0.6



def shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def similarity(a: str, b: str) -> float:
    """Share of the smaller text's three-word runs found in the other, rounded to 2 places."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return round(len(sa & sb) / min(len(sa), len(sb)), 2)


def find_duplicates(db: Database, meetings: Collection[int] | None = None
                    ) -> dict[int, tuple[int, float]]:
    """{meeting id: (the meeting it is another source of, similarity)} for every duplicate
    (among ``meetings``, whole folders of them, when given)."""
    by_date: dict[tuple[str, str], list[int]] = defaultdict(list)
    for meeting_id, path, date in db.execute(
            "select id, path, date from meetings where date is not null"):
        if meetings is None or meeting_id in meetings:
            by_date[str(PurePosixPath(path).parent), date].append(meeting_id)
    found: dict[int, tuple[int, float]] = {}
    for ids in by_date.values():
        if len(ids) < 2:
            continue
        marks = ",".join("?" * len(ids))
        rows = {r["id"]: r for r in db.query(f"""
            select m.id, m.path, m.text,
                (select count(*) from attendance where meeting_id = m.id)
              + (select count(*) from statements where meeting_id = m.id)
              + (select count(*) from action_items where meeting_id = m.id) as items
            from meetings m where m.id in ({marks})""", ids)}
        # the record of a meeting is its richest note; ties go to the shorter path
        order = sorted(ids, key=lambda i: (-rows[i]["items"], len(rows[i]["path"]),
                                           rows[i]["path"]))
        texts = {i: shingles(rows[i]["text"]) for i in order}
        for i, dup in enumerate(order):
            for primary in order[:i]:
                if primary in found:
                    continue
                a, b = texts[primary], texts[dup]
                share = round(len(a & b) / min(len(a), len(b)), 2) if a and b else 0.0
                if share >= SAME:
                    found[dup] = (primary, share)
                    break
    return found


def write_duplicates(db: Database, found: dict[int, tuple[int, float]]) -> None:
    db["duplicate_meetings"].insert_all(
        {"meeting_id": dup, "same_as_meeting_id": primary, "similarity": share}
        for dup, (primary, share) in sorted(found.items()))
