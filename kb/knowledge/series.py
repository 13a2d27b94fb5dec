"""Series: meetings of the same body under the same title, ordered by date.

A note's series is decided from where it is and what it is called, not from its title alone:
titles are too irregular ("Agenda", "Meeting 105", "Open Standards Board - Meeting 3"). Notes
in one folder whose file names agree once dates, numbers and filler words ("meeting",
"minutes") are taken out form one series; so ``icat/2017-02-23-monthly-104.md`` and
``icat/2017-03-23-monthly-105.md`` are one series, and ``icat/2016-10-20-steering-04.md`` is
another.

>>> series_key("notes/icat/2017-02-23-monthly-104.md")
'icat/monthly'
>>> series_key("notes/icat/2017-03-23-monthly-105.md")
'icat/monthly'
>>> series_key("corpus/co-cddo__open-standards__2014-3-25-board.md")
'corpus/co-cddo open-standards board'
>>> series_key("notes/pqcp-tsc/2024-11-21.md")
'pqcp-tsc'

Two notes of one meeting (minutes and the IRC log they came from, ``kb.knowledge.duplicates``) are one
meeting of the series: the duplicate is listed beside its meeting, at the same position.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from ingest.vocabulary.dates import MONTHS
from kb.storage.ids import stable_id

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

from kb.knowledge.duplicates import find_duplicates, write_duplicates

# words that say "this is a meeting record" rather than which meeting series it is
FILLER = {"meeting", "meetings", "minutes", "notes", "note", "agenda", "mtg", "call", "the",
          "of", "and", "draft", "final"}
# and month names, which are part of dates ("Meeting 104 – 23 February 2017")
NOT_SERIES_WORDS = FILLER | set(MONTHS)
DATE_RX = re.compile(r"\d{4}[-_.]\d{1,2}(?:[-_.]\d{1,2})?|\d{1,2}[-_.]\d{1,2}[-_.]\d{4}|\d+")


def _words(text: str) -> list[str]:
    """Lower-case words of a file stem or title, without dates, numbers and filler.

    ``__`` and ``/`` separate parts (``owner__repo__file``); single ``-``/``_`` join words.

    >>> _words("co-cddo__open-standards__2014-3-25-board")
    ['co-cddo', 'open-standards', 'board']
    >>> _words("Meeting 104 – 23 February 2017")
    []
    """
    text = DATE_RX.sub(" ", text.lower().replace("__", " "))
    words = [w.strip("-_.") for w in re.split(r"[\s,;:()\[\]–—]+", text)]
    return [w for w in words if w and w not in NOT_SERIES_WORDS]


def series_key(path: str) -> str:
    """The series a note belongs to: its folder, plus its file name's words when it has any."""
    p = PurePath(path)
    folder = p.parent.name or "."
    words = " ".join(_words(p.stem))
    return f"{folder}/{words}" if words else folder


def series_name(key: str, titles: list[str | None], single_in_folder: bool) -> str:
    """A readable name: the titles' common wording when they share one, else the key.

    >>> series_name("g/co-cddo open-standards board", ["Open Standards Board - Meeting 3",
    ...             "Open Standards Board", "2016-11-24 Open Standards Board Meeting"], False)
    'Open Standards Board'
    >>> series_name("icat-monthly/monthly", ["Agenda", "Meeting 105"], True)
    'icat-monthly'
    """
    cleaned = Counter()
    for title in titles:
        if title:
            words = [w for w in re.split(r"\s+", DATE_RX.sub(" ", title))
                     if w.strip("-–—:,.").lower() not in NOT_SERIES_WORDS | {""}]
            if len(words) >= 2:
                cleaned[" ".join(words)] += 1
    if cleaned:
        name, count = cleaned.most_common(1)[0]
        if count * 2 >= len(titles):
            return name
    return key.split("/")[0] if single_in_folder else key


def family_key(key: str) -> str:
    """Series that are probably one body's: the same folder and file-name words but the last
    ("icatproject.github.io monthly" and "... steering"), or the folder alone.

    >>> family_key("github/icatproject icatproject.github.io monthly")
    'github/icatproject icatproject.github.io'
    >>> family_key("icat-monthly/monthly"), family_key("pqcp-tsc")
    ('icat-monthly', 'pqcp-tsc')
    """
    folder, _, words = key.partition("/")
    parts = words.split()
    return f"{folder}/{' '.join(parts[:-1])}" if len(parts) >= 2 else folder


@dataclass
class Series:
    key: str
    meetings: list[dict] = field(default_factory=list)  # rows of meetings, in date order
    duplicates: list[dict] = field(default_factory=list)  # other notes of those meetings


def group_meetings(db: Database, duplicates: dict[int, tuple[int, float]] | None = None,
                   meetings: Collection[int] | None = None) -> list[Series]:
    """Every meeting (of ``meetings``, whole folders of them, when given) in its series, each
    series in date order (undated notes last, by path); a duplicate note (see
    kb.knowledge.duplicates) goes with the meeting it is another source of."""
    duplicates = duplicates or {}
    groups: dict[str, Series] = {}
    rows = {row["id"]: row for row in db.query("select id, path, title, date from meetings")
            if meetings is None or row["id"] in meetings}
    for row in rows.values():
        if row["id"] not in duplicates:
            key = series_key(row["path"])
            groups.setdefault(key, Series(key)).meetings.append(row)
    home = {m["id"]: s for s in groups.values() for m in s.meetings}
    for dup, (primary, _) in sorted(duplicates.items()):
        rows[dup]["same_as"] = primary
        home[primary].duplicates.append(rows[dup])
    for s in groups.values():
        s.meetings.sort(key=lambda m: (m["date"] is None, m["date"] or "", m["path"]))
    return sorted(groups.values(), key=lambda s: s.key)


def folder_of(path: str) -> str:
    """The folder a note's series belong to (``series_key``'s first part).

    >>> folder_of("notes/icat/2017-02-23-monthly-104.md"), folder_of("a.md")
    ('icat', '.')
    """
    # PurePath(path).parent.name, by string: kb.refresh asks it of every meeting's path
    parts = [p for p in path.split("/") if p not in ("", ".")]
    return parts[-2] if len(parts) >= 2 else "."


def build_series(db: Database, folders: Collection[str] | None = None) -> list[Series]:
    """Write ``series`` and ``series_meetings`` (tables emptied by the caller); return the series.

    ``previous_meeting_id``/``next_meeting_id`` link each meeting to its neighbours in the series.
    Also writes ``duplicate_meetings``. With ``folders`` (see ``folder_of``), only the series
    of those folders are written, in place of theirs (kb.refresh).
    """
    meetings = None
    if folders is not None:
        meetings = {i for i, path in db.execute("select id, path from meetings")
                    if folder_of(path) in folders}
        _forget_series(db, folders, meetings)
    duplicates = find_duplicates(db, meetings)
    write_duplicates(db, duplicates)
    groups = group_meetings(db, duplicates, meetings)
    folders_count = Counter(s.key.split("/")[0] for s in groups)
    for s in groups:
        dates = [m["date"] for m in s.meetings if m["date"]]
        series_id = stable_id(db, "series", s.key)
        # an upsert: a series kept keeps its row, and what refers to it
        db["series"].upsert({
            "id": series_id, "key": s.key,
            "name": series_name(s.key, [m["title"] for m in s.meetings],
                                folders_count[s.key.split("/")[0]] == 1),
            "folder": s.key.split("/")[0],
            "first_date": min(dates, default=None), "last_date": max(dates, default=None),
            "meeting_count": len(s.meetings)}, pk="id")
        ms = s.meetings
        db["series_meetings"].insert_all({
            "meeting_id": m["id"], "series_id": series_id, "position": i + 1, "date": m["date"],
            "previous_meeting_id": ms[i - 1]["id"] if i > 0 else None,
            "next_meeting_id": ms[i + 1]["id"] if i + 1 < len(ms) else None,
        } for i, m in enumerate(ms))
        position = {m["id"]: i for i, m in enumerate(ms)}
        db["series_meetings"].insert_all({
            "meeting_id": d["id"], "series_id": series_id, "position": position[d["same_as"]] + 1,
            "date": d["date"],
            "previous_meeting_id": ms[position[d["same_as"]] - 1]["id"]
            if position[d["same_as"]] > 0 else None,
            "next_meeting_id": ms[position[d["same_as"]] + 1]["id"]
            if position[d["same_as"]] + 1 < len(ms) else None,
        } for d in s.duplicates)
        for m in ms + s.duplicates:
            m["series_id"] = series_id
    if folders is not None:  # series of these folders that no meeting is in any more
        db.execute("delete from series where folder in (select value from json_each(?)) and "
                   "key not in (select value from json_each(?))",
                   [json.dumps(sorted(folders)), json.dumps([s.key for s in groups])])
    return groups


def _forget_series(db: Database, folders: Collection[str], meetings: set[int]) -> None:
    """Before the folders' series are written again: their meetings' places and duplicates."""
    for table in ("series_meetings", "duplicate_meetings"):
        db.execute(f"delete from {table} where meeting_id in (select value from json_each(?))",
                   [json.dumps(sorted(meetings))])
