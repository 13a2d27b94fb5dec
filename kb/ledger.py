"""The action-item ledger: one row per action, however many meetings mention it.

The store keeps every mention as an ``action_items`` row: kind ``new`` (set, or listed again,
at that meeting) or ``update`` (a report on an earlier one: "Action 102.1: Rolf reported that
it is done"). This pass walks each series in date order and folds the mentions into
``actions`` (plus ``action_mentions``, which mention is which action):

- a mention with a number joins the action with that number. Numbers like "102.1" name one
  action in the whole series; a bare "1" is often reused from meeting to meeting, so it joins
  only an update, or a listing with a similar text;
- a mention without a number joins an earlier action with a compatible owner and a similar
  text (an item listed again, or a report on it); otherwise it opens a new action;
- the first "done"/"dropped" closes the action at that meeting; mentions that only list it
  again keep it open. The ledger is rebuilt from the mentions each time, so the order notes
  were imported in does not matter.

>>> similarity("Produce new releases of IJP components", "produce new IJP releases")
0.89
>>> norm_ref("Action 102.1:"), norm_ref("#3"), norm_ref(None)
('102.1', '3', None)
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .dates import resolve_due
from .names import fold
from .people import Resolver
from .series import Series

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

STOP = set("""a an the and or of to in on for by with at from as is are was were be been being it
    its this that these those he she they we you i his her their our your them us him will would
    shall should can could may might has have had do does did not no so than then there here
    which who whom whose what when where how also into over under about after before up out if
    but such any all some more most other action actions item items""".split())
RELIST = 0.6  # similarity for "the same action listed again"
REPORT = 0.5  # share of the smaller text's words a report must repeat
SAME_MEETING = 0.8  # two mentions in one note are one action only when nearly identical
CLOSED = ("done", "dropped")


@lru_cache(maxsize=100_000)
def words(text: str | None) -> frozenset[str]:
    """Content words, folded, with a plural/past "s"/"ed" taken off so forms agree.

    Cached: the ledger compares each action's text with many others (bench/RESULTS.md)."""
    out = set()
    for w in re.findall(r"[a-z0-9]+", fold(text or "")):
        if w in STOP or len(w) < 2:
            continue
        out.add(re.sub(r"(?<=[a-z]{3})(s|ed)$", "", w))
    return frozenset(out)


def similarity(a: str | None, b: str | None) -> float:
    """Dice overlap of the content words of two texts, rounded to 2 places."""
    wa, wb = words(a), words(b)
    return round(2 * len(wa & wb) / (len(wa) + len(wb)), 2) if wa and wb else 0.0


def containment(a: str | None, b: str | None) -> float:
    """Share of the smaller text's words found in the other (reports add words of their own)."""
    wa, wb = words(a), words(b)
    if not wa or not wb or len(wa & wb) < 2:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def norm_ref(ref: str | None) -> str | None:
    """An action number without "Action", "#" or punctuation around it."""
    if not ref:
        return None
    r = re.sub(r"^(?:action|item|no\.?|number)\s*", "", ref.strip().lower())
    r = r.strip(" #:.)(")
    return r or None


def compound(ref: str) -> bool:
    """Whether a number names one action in a whole series ("102.1", "A3"), not just "3"."""
    return not ref.isdigit()


@dataclass
class Mention:
    id: int
    meeting_id: int
    date: str | None
    kind: str
    owner: str | None
    person: int | None  # persons.id of the owner
    text: str
    due: str | None
    ref: str | None
    status: str


@dataclass
class Entry:
    mentions: list[Mention] = field(default_factory=list)
    status: str = "open"
    closed: Mention | None = None

    @property
    def opened(self) -> Mention:
        return self.mentions[0]

    @property
    def main(self) -> Mention:
        """The mention that says what the action is: its first listing, else its first report."""
        return next((m for m in self.mentions if m.kind == "new"), self.mentions[0])

    @property
    def ref(self) -> str | None:
        return next((norm_ref(m.ref) for m in self.mentions if m.ref), None)

    def owner(self) -> tuple[str | None, int | None]:
        ordered = sorted(self.mentions, key=lambda m: m.kind != "new")
        for m in ordered:
            if m.person is not None:
                return m.owner, m.person
        return next(((m.owner, None) for m in ordered if m.owner), (None, None))

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        if m.status in CLOSED and self.closed is None:
            self.status, self.closed = m.status, m


def owners_agree(a: Mention, b: Mention) -> bool:
    """No owner on one side, the same person, or one owner's words within the other's
    ("Secretariat" / "The secretariat")."""
    if not a.owner or not b.owner:
        return True
    if a.person is not None and b.person is not None:
        return a.person == b.person
    wa, wb = set(words(a.owner)) - {"team"}, set(words(b.owner)) - {"team"}
    return bool(wa and wb and (wa <= wb or wb <= wa)) or fold(a.owner) == fold(b.owner)


def _match(m: Mention, entries: list[Entry]) -> Entry | None:
    ref = norm_ref(m.ref)
    if ref:
        same = [e for e in entries if e.ref == ref]
        if compound(ref) or m.kind == "update":
            return same[-1] if same else None
        # a bare number is reused across meetings: it must also read like the same action
        same = [e for e in same if similarity(m.text, e.main.text) >= REPORT]
        return same[-1] if same else None
    best, best_score = None, 0.0
    for e in entries:
        if not owners_agree(m, e.main):
            continue
        if e.ref and m.kind == "new":
            continue  # a numbered action listed again carries its number
        here = e.opened.meeting_id == m.meeting_id
        if m.kind == "new":
            if e.closed is not None and not here:
                continue  # done earlier: the same words now are a new action
            score = similarity(m.text, e.main.text)
            need = SAME_MEETING if here else RELIST
        else:
            score = max(containment(m.text, e.main.text), similarity(m.text, e.main.text))
            need = SAME_MEETING if here else REPORT
        if score >= need and score >= best_score:
            best, best_score = e, score
    return best


def build_series_ledger(series_meetings: list[dict], mentions: dict[int, list[Mention]]
                        ) -> list[Entry]:
    """Fold the mentions of one series' meetings (in date order) into ledger entries."""
    entries: list[Entry] = []
    for meeting in series_meetings:
        # listings first: a report in the same note then finds the action it reports on
        for m in sorted(mentions.get(meeting["id"], []), key=lambda m: m.kind != "new"):
            entry = _match(m, entries)
            if entry is None:
                entry = Entry()
                entries.append(entry)
            entry.add(m)
    return entries


def build_ledger(db: Database, series: list[Series], people: Resolver) -> None:
    """Write ``actions`` and ``action_mentions`` (emptied by the caller) for every series."""
    mentions: dict[int, list[Mention]] = {}
    dates = dict(db.execute("select id, date from meetings").fetchall())
    for row in db.query("select * from action_items order by meeting_id, start, id"):
        mentions.setdefault(row["meeting_id"], []).append(Mention(
            id=row["id"], meeting_id=row["meeting_id"], date=dates.get(row["meeting_id"]),
            kind=row["kind"], owner=row["owner"], text=row["text"], due=row["due"],
            ref=row["ref"], status=row["status"],
            person=people.resolve(row["meeting_id"], row["owner"])))
    for s in series:
        series_id = s.meetings[0]["series_id"]
        following = {m["id"]: (s.meetings[i + 1]["date"] if i + 1 < len(s.meetings) else None)
                     for i, m in enumerate(s.meetings)}
        for entry in build_series_ledger(s.meetings, mentions):
            _write_entry(db, series_id, entry, following, people)


def _write_entry(db: Database, series_id: int, e: Entry, following: dict[int, str | None],
                 people: Resolver) -> None:
    owner, person = e.owner()
    main = e.main
    due = next((m.due for m in e.mentions if m.due), None)
    meeting_dates = []
    for m in e.mentions:
        if m.date and m.date not in meeting_dates:
            meeting_dates.append(m.date)
    # the id of the mention that opened it: the same action keeps its id while its notes do
    action_id = e.opened.id
    db["actions"].insert({
        "id": action_id, "series_id": series_id, "ref": e.ref, "text": main.text,
        "owner": people.person_names.get(person, owner) if person is not None else owner,
        "person_id": person, "due": due,
        "due_date": resolve_due(due, e.opened.date, following.get(e.opened.meeting_id)),
        "status": e.status, "opened": e.opened.date,
        "closed": e.closed.date if e.closed else None,
        "opened_meeting_id": e.opened.meeting_id,
        "closed_meeting_id": e.closed.meeting_id if e.closed else None,
        "last_meeting_id": e.mentions[-1].meeting_id,
        "meetings": json.dumps(meeting_dates), "mention_count": len(e.mentions)})
    db["action_mentions"].insert_all({
        "action_id": action_id, "action_item_id": m.id, "meeting_id": m.meeting_id,
        "kind": m.kind, "status": m.status} for m in e.mentions)
