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
  were imported in does not matter;
- where the parser left a status "open", the words may still close it (``kb.knowledge.status``: "no
  longer needed", "– Done"); a report on an action the archive never saw set, which says it
  is done or dropped, is no action of the ledger (it ended before the archive begins);
- lines that are no action ("Next meeting: 6 months", a label ending in ":") are left out;
- an action still open that a later meeting's prose tells the outcome of ("TE presented the
  results paper"), with enough evidence, closes there (``kb.knowledge.prose_reports``);
- owners are identities (``kb.knowledge.owners``), so "Secretariat" and "The secretariat" are one
  owner and "SF" is Steve Fisher;
- a correction (``kb action close/reopen``, ``kb.knowledge.corrections``) has the last word.

How two mentions' texts and numbers compare is kb.knowledge.action_text's.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from kb.knowledge import corrections, prose_pool, prose_reports
from kb.knowledge.action_text import (TRACKER, compound, containment, norm_ref, shown_ref,
                                      similarity, words)
from kb.knowledge.dates import resolve_due
from ingest.vocabulary.keys import fold
from kb.knowledge.owners import Owner, OwnerResolver, display_names
from kb.knowledge.person_identity import Resolver
from kb.knowledge.series import Series
from kb.knowledge.series_entries import SeriesEntries
from ingest.vocabulary.status import status_from_text, trailing_status
from kb.knowledge.status import not_an_action
from kb.storage.rows import insert_rows

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from collections.abc import Callable, Iterator

    from sqlite_utils import Database

RELIST = 0.6  # similarity for "the same action listed again"
REPORT = 0.5  # share of the smaller text's words a report must repeat
SAME_MEETING = 0.8  # two mentions in one note are one action only when nearly identical
CLOSED = ("done", "dropped")
# what build_ledger writes, in the order it writes them (actions first: the rest refer to them)
LEDGER_TABLES = ("actions", "action_mentions", "action_evidence", "action_owners",
                 "applied_corrections")



@dataclass(slots=True)  # one per action item: 114,000 at 20,000 notes
class Mention:
    id: int
    meeting_id: int
    date: str | None
    kind: str
    owner: str | None
    owners: list[Owner]  # who the written owner is
    text: str
    due: str | None
    ref: str | None
    status: str
    start: int | None = None  # where its line is in the meeting's text


@dataclass(slots=True)
class Entry:
    mentions: list[Mention] = field(default_factory=list)
    status: str = "open"
    closed: Mention | None = None
    # a later meeting's prose that reports it done, where no mention says so (kb.knowledge.prose_reports)
    evidence: prose_reports.Evidence | None = None
    # ``main`` and ``ref``, kept up to date by ``add``: every mention of a series is matched
    # against every entry, and working them out each time was a tenth of a rebuild
    _main: Mention | None = None
    _ref: str | None = None
    _ref_from: Mention | None = None

    @property
    def opened(self) -> Mention:
        return self.mentions[0]

    @property
    def main(self) -> Mention:
        """The mention that says what the action is: its first listing, else its first report."""
        return self._main

    @property
    def ref(self) -> str | None:
        """The number of the first mention that gives one."""
        return self._ref

    def owners(self) -> list[Owner]:
        """The owners of the first listing that names any, else of the first report."""
        ordered = sorted(self.mentions, key=lambda m: m.kind != "new")
        return next((m.owners for m in ordered if m.owners), [])

    def noted(self) -> tuple[str, str | None, int | None]:
        """Status, closing date and closing meeting as the notes give them: a mention that
        closes it, else a later meeting's prose report."""
        if self.closed is not None:
            return self.status, self.closed.date, self.closed.meeting_id
        if self.evidence is not None:
            return self.evidence.status, self.evidence.date, self.evidence.meeting_id
        return self.status, None, None

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        if self._main is None or (self._main.kind != "new" and m.kind == "new"):
            self._main = m
        if self._ref_from is None and m.ref:
            self._ref_from, self._ref = m, norm_ref(m.ref)
        if m.status in CLOSED and self.closed is None:
            self.status, self.closed = m.status, m


def owners_agree(a: Mention, b: Mention) -> bool:
    """No owner on one side, an owner in common, or one owner's words within the other's
    ("Secretariat" / "The secretariat")."""
    if not a.owners or not b.owners:
        return True
    if {o.key for o in a.owners} & {o.key for o in b.owners}:
        return True
    if all(o.kind == "person" for o in a.owners + b.owners):
        return False
    wa, wb = set(words(a.owner)) - {"team"}, set(words(b.owner)) - {"team"}
    return bool(wa and wb and (wa <= wb or wb <= wa)) or fold(a.owner) == fold(b.owner)


def _same_here(m: Mention, entries: SeriesEntries, numbered: bool) -> Entry | None:
    """An action set at m's own meeting, numbered (or not), in nearly m's words: a note that
    lists an action in its text and again in its table of actions."""
    for e in entries.opened_here():
        if e.opened.meeting_id == m.meeting_id and bool(e.ref) == numbered and \
                owners_agree(m, e.main) and similarity(m.text, e.main.text) >= SAME_MEETING:
            return e
    return None


def _match(m: Mention, entries: SeriesEntries) -> Entry | None:
    ref = norm_ref(m.ref)
    if ref:
        same = entries.with_ref(ref)
        if compound(ref) or m.kind == "update":
            if same:
                return same[-1]
        else:
            # a bare number is reused across meetings: it must also read like the same action
            same = [e for e in same if similarity(m.text, e.main.text) >= REPORT]
            if same:
                return same[-1]
        return _same_here(m, entries, numbered=False) if m.kind == "new" else None
    if m.kind == "new":
        here = _same_here(m, entries, numbered=True)
        if here is not None:
            return here
    best, best_score = None, 0.0
    for e in entries.sharing_words(m.text):  # an entry sharing no word scores 0
        here = e.opened.meeting_id == m.meeting_id
        if m.kind == "new" and (e.ref or (e.closed is not None and not here)):
            # a numbered action listed again carries its number; one done earlier is not
            # listed again, the same words now are a new action
            continue
        if m.kind == "new":
            score = similarity(m.text, e.main.text)
            need = SAME_MEETING if here else RELIST
        else:
            score = max(containment(m.text, e.main.text), similarity(m.text, e.main.text))
            need = SAME_MEETING if here else REPORT
        # the words first: most entries of a series share too few, and comparing owners
        # builds their keys again for every pair
        if score >= need and score >= best_score and owners_agree(m, e.main):
            best, best_score = e, score
    return best


def build_series_ledger(series_meetings: list[dict], mentions: dict[int, list[Mention]]
                        ) -> list[Entry]:
    """Fold the mentions of one series' meetings (in date order) into ledger entries."""
    entries = SeriesEntries()
    for meeting in series_meetings:
        entries.start_meeting()
        # listings first: a report in the same note then finds the action it reports on
        for m in sorted(mentions.get(meeting["id"], []), key=lambda m: m.kind != "new"):
            entry = _match(m, entries)
            if entry is None:
                if m.kind == "update" and m.status in CLOSED:
                    continue  # the end of an action set before the archive begins
                entry = Entry()
                entries.append(entry)
            entry.add(m)
            entries.update(entry)
    return entries.entries


def mention_status(kind: str, status: str, text: str) -> str:
    """The parser's status, unless it says "open" and the words say more (kb.knowledge.status)."""
    if status != "open":
        return status
    found = status_from_text(text) if kind == "update" else trailing_status(text)
    return found or status


def build_ledger(db: Database, series: list[Series], people: Resolver,
                 org_canonical: dict[int, int] | None = None) -> None:
    """Write ``actions``, ``action_mentions``, ``action_owners`` and ``applied_corrections``
    (emptied by the caller) for each series in ``series``.

    A series at a time: an owner's identity and the name shown for it are decided within
    the series (a team is one series' team), so memory stays that of a few series (those
    whose prose searches are in flight, ``kb.knowledge.prose_pool``)."""
    dates = dict(db.execute("select id, date from meetings").fetchall())
    owners = OwnerResolver(db, people, org_canonical or {})
    org_names = {o: n for o, n in db.execute("select id, name from organisations").fetchall()}
    fixes = corrections.action_corrections(db)
    # every word of every name, folded (kb.knowledge.prose_reports): read once, for all series
    name_words = cache(lambda: frozenset(w for (n,) in db.execute("select name from names")
                                         for w in re.findall(r"[a-z]+", fold(n))))

    def gathered() -> Iterator[tuple[tuple, tuple | None]]:
        """Each series' entries with what its rows need, and its prose search's arguments."""
        for s in series:
            ids = [m["id"] for m in s.meetings] + [d["id"] for d in s.duplicates]
            owners.load_meetings(ids)
            lines: dict[int, list[tuple[int, int, str]]] = {}  # action items' spans (prose_reports)
            mentions = _mentions(db, ids, dates, owners, lines)
            shown = display_names({m.id: m.owners for ms in mentions.values() for m in ms},
                                  people.person_names, org_names)
            entries = build_series_ledger(s.meetings, mentions)
            still_open, search = _prose_search(db, s.meetings, entries, lines, name_words)
            yield (s, entries, still_open, shown), search

    # the prose searches of later series run in workers while this process writes the rows
    # of earlier ones (kb.knowledge.prose_pool); a series' rows go in when its search is done
    workers = prose_pool.workers_for(sum(len(s.meetings) for s in series))
    for (s, entries, still_open, shown), found in prose_pool.in_order(
            gathered(), prose_reports.find_reports, workers):
        for i, evidence in (found or {}).items():
            still_open[i].evidence = evidence
        _write_series(db, s, entries, shown, fixes)


def _write_series(db: Database, s: Series, entries: list[Entry], shown: dict,
                  fixes: dict) -> None:
    series_id = s.meetings[0]["series_id"]
    following = {m["id"]: (s.meetings[i + 1]["date"] if i + 1 < len(s.meetings) else None)
                 for i, m in enumerate(s.meetings)}
    meeting_on = {m["date"]: m["id"] for m in s.meetings if m["date"]}
    # a series' rows go in together, each table's in the order they are made: one insert
    # per table, where one per entry and table was a sixth of the ledger's time
    rows: dict[str, list[dict]] = {t: [] for t in LEDGER_TABLES}
    for entry in entries:
        fix = _correction_for(entry, s.key, fixes)
        action_id = _entry_rows(rows, series_id, entry, following, shown, fix, meeting_on)
        if fix is not None:
            rows["applied_corrections"].append({
                "action_id": action_id, "correction_id": fix["id"],
                "status_from_notes": entry.noted()[0], "closed_from_notes": entry.noted()[1]})
    for table, table_rows in rows.items():
        if table_rows:
            insert_rows(db, table, table_rows)


def _prose_search(db: Database, meetings: list[dict], entries: list[Entry],
                  lines: dict[int, list[tuple[int, int, str]]],
                  name_words: Callable[[], frozenset[str]]) -> tuple[list[Entry], tuple | None]:
    """The entries still open, and the arguments of ``prose_reports.find_reports`` for the
    reports that may close them (None: there is nothing to search)."""
    still_open = [e for e in entries if e.closed is None]
    if not still_open or len(meetings) < 2:
        return still_open, None
    ids = [m["id"] for m in meetings]
    texts = dict(db.execute("select id, text from meetings where id in (select value from json_each(?))",
                            [json.dumps(ids)]).fetchall())
    actions = [prose_reports.OpenAction(key=i, text=e.main.text, meeting_id=e.opened.meeting_id,
                                        start=e.main.start if e.main.meeting_id == e.opened.meeting_id
                                        else None, last_meeting_id=e.mentions[-1].meeting_id)
               for i, e in enumerate(still_open)]
    return still_open, (actions, meetings, texts, lines, name_words())


def _mentions(db: Database, meetings: list[int], dates: dict[int, str | None],
              owners: OwnerResolver, lines: dict[int, list[tuple[int, int, str]]]
              ) -> dict[int, list[Mention]]:
    """The action items of ``meetings`` that are actions, by meeting, each with its owners;
    every item's span goes into ``lines``, by meeting."""
    mentions: dict[int, list[Mention]] = {}
    for row in db.query("select * from action_items where meeting_id in "
                        "(select value from json_each(?)) order by meeting_id, start, id",
                        [json.dumps(meetings)]):
        lines.setdefault(row["meeting_id"], []).append((row["start"] or 0, row["end"] or 0, row["kind"]))
        if not_an_action(row["text"]):
            continue
        tracker = TRACKER.search(row["text"]) if not row["ref"] else None
        mentions.setdefault(row["meeting_id"], []).append(Mention(
            id=row["id"], meeting_id=row["meeting_id"], date=dates.get(row["meeting_id"]),
            kind=row["kind"], owner=row["owner"], text=row["text"], due=row["due"],
            ref=row["ref"] or (tracker.group(0) if tracker else None),
            status=mention_status(row["kind"], row["status"], row["text"]),
            owners=owners.owners(row["meeting_id"], row["owner"]), start=row["start"]))
    return mentions


def _correction_for(e: Entry, series_key: str, fixes: list[dict]) -> dict | None:
    """The latest correction about this action: same series, and its number and opening
    date, or (unnumbered) its opening date and nearly its words."""
    found = None
    for fix in fixes:
        if fix["series_key"] != series_key or fix["opened"] != e.opened.date:
            continue
        if fix["ref"] and e.ref:
            if norm_ref(fix["ref"]) == e.ref:
                found = fix
        elif not fix["ref"] and not e.ref and \
                (fix["text"] == e.main.text or similarity(fix["text"], e.main.text) >= SAME_MEETING):
            found = fix
    return found


def _entry_rows(rows: dict[str, list[dict]], series_id: int, e: Entry,
                following: dict[int, str | None], shown: dict[str, str], fix: dict | None,
                meeting_on: dict[str, int]) -> int:
    """Add an entry's rows to ``rows`` (by table); return its action id."""
    owners: list[tuple[str, Owner]] = []
    for o in e.owners():
        if o.key not in [k for k, _ in owners]:
            owners.append((o.key, o))
    names = [shown.get(k, o.name) for k, o in owners]
    people_ids = [o.person_id for _, o in owners if o.person_id is not None]
    person = people_ids[0] if len(owners) == 1 and people_ids else None
    status, closed, closed_meeting = e.noted()
    ev = e.evidence if e.closed is None else None
    last_meeting = ev.meeting_id if ev is not None else e.mentions[-1].meeting_id
    if fix is not None:
        status, closed = fix["status"], fix["closed"]
        closed_meeting = meeting_on.get(closed) if closed else None
    main = e.main
    due = next((m.due for m in e.mentions if m.due), None)
    meeting_dates = []
    for m in e.mentions:
        if m.date and m.date not in meeting_dates:
            meeting_dates.append(m.date)
    if ev is not None and ev.date and ev.date not in meeting_dates:
        meeting_dates.append(ev.date)
    # the id of the mention that opened it: the same action keeps its id while its notes do
    action_id = e.opened.id
    rows["actions"].append({
        "id": action_id, "series_id": series_id,
        "ref": next((shown_ref(m.ref) for m in e.mentions if m.ref), None), "text": main.text,
        "owner": " and ".join(names) if names else None,
        "person_id": person, "due": due,
        "due_date": resolve_due(due, e.opened.date, following.get(e.opened.meeting_id)),
        "status": status, "opened": e.opened.date, "closed": closed,
        "opened_meeting_id": e.opened.meeting_id, "closed_meeting_id": closed_meeting,
        "last_meeting_id": last_meeting,
        "meetings": json.dumps(meeting_dates), "mention_count": len(e.mentions)})
    rows["action_mentions"].extend({
        "action_id": action_id, "action_item_id": m.id, "meeting_id": m.meeting_id,
        "kind": m.kind, "status": m.status} for m in e.mentions)
    if ev is not None:
        rows["action_evidence"].append({
            "action_id": action_id, "meeting_id": ev.meeting_id, "status": ev.status,
            "text": ev.text, "start": ev.start, "end": ev.end, "reasons": json.dumps(ev.reasons)})
    written = sorted({m.owner for m in e.mentions if m.owner})
    rows["action_owners"].extend({
        "action_id": action_id, "position": i, "key": key, "kind": o.kind,
        "name": shown.get(key, o.name), "person_id": o.person_id,
        "organisation_id": o.organisation_id, "written": json.dumps(written)}
        for i, (key, o) in enumerate(owners))
    return action_id
