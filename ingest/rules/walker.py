"""The Walker: one pass over a note's logical units, each read as its best interpretation.

Every unit (a list item with its wrapped lines, or a paragraph) is offered to all the rules of
``unit_rules.py`` (decision and action labels, action and decision sections, review sections,
checkboxes, speaker lines of every kind, reported speech in prose); each rule that fits proposes
an interpretation with its evidence, and the walker applies the best one. Tables are read first:
an action table gives one action per row.
"""
from __future__ import annotations

import re

from ingest.rules.actions import TO_TASK, make_action, markers, resolve_owner
from ingest.vocabulary.status import status_of
from ingest.nlp.evidence import Candidate
from ingest.rules.item_rules import ItemRules
from ingest.vocabulary.name_shapes import NameIndex
from ingest.rules.orgs import OrgTable
from ingest.records import ActionItem, Commitment, Meeting
from ingest.reading.lighttext import CELL_ITEM
from ingest.rules.structure import Line, paragraph_units
from ingest.rules.tables import Table, find_tables
from ingest.rules.unit_rules import Interp, Unit, best, prose

# patterns tried on every line, entry or sentence of a note: compiled once, rather than
# looked up in re's cache at each call
_NUMBERED_COMMITMENT = re.compile(r"^(?:Commitment|Proposal|Challenge)\s*(?:[A-Z]{2,6}-)?\d+\s*[:.\-–]\s*(?P<name>.+)$", re.I)

# a short line that introduces the list below it: "Carried forward from previous meeting:"
LABEL_LINE = re.compile(r"^[*_]*[A-Z][^:.!?]{2,60}:[*_]*$")
CARRIED = re.compile(r"action|\b(?:carried|brought)\s+(?:forward|over)\b", re.I)
ACTIONISH = re.compile(r"\b(?:actions?|todos?|to do|tasks?|follow[- ]?ups?|next steps)\b", re.I)

# a list item under an action that says how it stands ("Done", "Completed 3 May", "Has been
# sent", "ongoing"), or a report of what someone did or said ("Alma noted ...", "Quote received")
STATUS_NOTE = re.compile(r"^(?:done|completed?|closed|finished|ongoing|in progress|dropped|pending|outstanding|"
                         r"no longer|not (?:yet|done|needed|required)|still|has|have|had|was|were)\b", re.I)
REPORTED_NOTE = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?\s+(?:has|have|had|was|were|is now|\w+ed)\b")

# rules whose choice leaves a "The Board agreed:" list open for the next item
KEEP_AGREED_LIST = {"decision_label", "action_label", "review_item", "action_section_item", "decision_section_item",
                    "assent"}


class Walker(ItemRules):
    """One pass over the note's units, with the section context each rule needs."""

    def __init__(self, m: Meeting, text: str, lines: list[Line], by_start: dict[int, Line], idx: NameIndex,
                 orgs: OrgTable, counts, list_lines: set[int]) -> None:
        self.m, self.text, self.lines, self.by_start = m, text, lines, by_start
        self.idx, self.orgs, self.counts, self.list_lines = idx, orgs, counts, list_lines
        self.mk = markers()
        self.last_speaker: str | None = None
        self.agreed_list = False
        self.last_proposal: str | None = None
        self.parent_speaker: tuple[int, str] | None = None
        # a label line over the items below it in the same section ("Carried forward from
        # previous meeting:"): what those items are, when the heading does not say
        self.sublabel = ""
        # the action or report a list item made, and its indent: a deeper item below it may be
        # a note on its status ("- Circulated on 2 April") rather than an item of its own
        self.last_item: tuple[int, ActionItem, bool] | None = None
        self.commitments: dict[str, Commitment] = {}
        # a note that lists three or more attendees names its speakers there
        self.listed = len(m.attendees) >= 3

    def run(self) -> None:
        table_lines: set[int] = set()
        for t in find_tables(self.lines):
            table_lines |= t.lines
            self._table(t)
        for start, end in paragraph_units(self.lines):
            ln = self.by_start.get(start)
            if ln is None or start in self.list_lines or start in table_lines:
                continue
            unit = self.text[start:end].replace("\n", " ")
            self.unit(ln, unit, start, end)
        self.m.commitments = list(self.commitments.values())
        self._dedupe_actions()
        self._dedupe_decisions()

    # -- one unit -----------------------------------------------------------------------------
    def unit(self, ln: Line, unit: str, start: int, end: int) -> None:
        if ln.heading:
            self._heading(ln, unit.strip(), start, end)
            return
        section = ln.section.strip()
        listed = ln.bullet is not None or ln.checked is not None
        in_review, in_actions = self._lists(unit, section, listed)
        u = Unit(ln, unit, start, end, in_review=in_review, in_actions=in_actions and not in_review,
                 in_decisions=bool(self.mk["decision_section"].match(section)))
        parent = self.last_item if listed and self.last_item and ln.indent > self.last_item[0] else None
        if parent and self._note_on(parent, u):
            return
        if self.parent_speaker and (not ln.bullet or ln.indent <= self.parent_speaker[0]):
            self.parent_speaker = None  # the list under a name has ended
        chosen = best(self, u)
        if chosen.rule not in KEEP_AGREED_LIST:
            self.agreed_list = False
        made = (len(self.m.action_items), len(self.m.action_updates))
        self._apply(chosen)
        if listed and len(self.m.action_updates) > made[1]:
            self.last_item = (ln.indent, self.m.action_updates[-1], True)
        elif listed and len(self.m.action_items) > made[0]:
            self.last_item = (ln.indent, self.m.action_items[-1], False)
        elif not parent:
            self.last_item = None

    def _lists(self, unit: str, section: str, listed: bool) -> tuple[bool, bool]:
        """Whether a unit is an item of a list of reports on earlier actions, and of a list of
        actions: by its heading ("Actions from last meeting"), or by the label line over its
        list ("Carried forward from previous meeting:") where the heading does not say."""
        # only actions are carried forward: "Carried forward" needs no "action" beside it
        in_review = bool(self.mk["review_section"].search(section)) and bool(CARRIED.search(section)) and listed
        if LABEL_LINE.match(unit.strip()) and not listed:
            self.sublabel = unit.strip()
        elif not listed:
            self.sublabel = ""
        label = self.sublabel.strip("*_ ").rstrip(":")
        in_review = in_review or (listed and bool(label) and bool(self.mk["review_section"].search(label))
                                  and bool(CARRIED.search(label) or ACTIONISH.search(section)))
        in_actions = bool(self.mk["action_section"].match(section)) or \
            (listed and bool(label) and bool(self.mk["action_section"].match(label)))
        return in_review, in_actions

    def _note_on(self, parent: tuple[int, ActionItem, bool], u: Unit) -> bool:
        """A list item under an action or a report that tells how it stands ("- Circulated on
        2 April", "- Done") is a report on it; "- Alma noted ..." is what she said of it. An item
        that sets a task of its own ("- Ben to call them") is none of these."""
        if not (u.in_review or u.in_actions):
            return False
        note = u.lead.strip()
        task = TO_TASK.match(note)
        if self.mk["action_line"].match(note) or (task and resolve_owner(task.group("owner"), self.idx, self.orgs)):
            return False
        if u.in_review or STATUS_NOTE.match(note):
            self.status_note(parent[1], parent[2], note, u.ln, u.start, u.end, bool(STATUS_NOTE.match(note)))
            return True
        if REPORTED_NOTE.match(note):
            self._apply(prose(self, u))
            return True
        return False

    def _apply(self, chosen: Interp) -> None:
        """Apply an interpretation; every item it makes carries its score as confidence."""
        lists = (self.m.statements, self.m.action_items, self.m.action_updates, self.m.decisions)
        before = [len(x) for x in lists]
        chosen.apply()
        conf = round(chosen.score, 3)
        for items, n in zip(lists, before):
            for item in items[n:]:
                if item.confidence is None:
                    item.confidence = conf

    def _heading(self, ln: Line, content: str, start: int, end: int) -> None:
        self.agreed_list = False
        self.sublabel = ""
        self.last_item = None
        self.last_speaker = None
        self.parent_speaker = None
        cm = _NUMBERED_COMMITMENT.match(content)
        if cm:
            self._commitment(cm.group("name").strip(), None, "", start, end)
        m = self.mk["action_line"].match(content)
        if m and not re.fullmatch(r"actions?:?", content, re.I):
            c = Candidate("unit", start, end, {"rule": "action_heading"}).add("action_label")
            self._apply(Interp("action_heading", c, lambda: self.action_marker(m, ln, start, end)))

    def _table(self, t: Table) -> None:
        """An action table gives one action per row, its columns saying owner, due and status (a
        table of earlier actions gives their updates); any other table's cells are read as units."""
        c = self._action_table(t)
        if not c.accepted:
            self._cells(t)
            return
        conf = round(c.score, 3)
        section = t.rows[0][0].section if t.rows else ""
        review = bool(self.mk["review_section"].search(section)) and "action" in section.lower()

        def col(row: list[str], role: str) -> str | None:
            k = t.columns.get(role)
            return row[k].strip() if k is not None and k < len(row) and row[k].strip() else None

        for ln, row in t.rows:
            task = col(row, "task")
            if not task:
                continue
            owner = col(row, "owner")
            done = col(row, "status") or ""
            status = status_of(done) or ("done" if re.fullmatch(r"(?i)y|yes|✓|✔|x|done", done) else "open")
            a = make_action(task, ln.start, ln.end, self.idx, self.orgs, ref=col(row, "ref"),
                            owner=resolve_owner(owner, self.idx, self.orgs) or owner if owner else None)
            a.due = col(row, "due") or a.due
            a.status, a.confidence = status, conf
            (self.m.action_updates if review else self.m.action_items).append(a)

    def _action_table(self, t: Table) -> Candidate:
        """How far a table is a table of actions: its columns and the section it stands in."""
        c = Candidate("action_table", t.rows[0][0].start if t.rows else 0, 0, {})
        if "task" not in t.columns:
            return c
        for role in ("task", "owner", "due", "status", "ref"):
            if role in t.columns:
                c.add(f"{role}_column")
        section = t.rows[0][0].section if t.rows else ""
        if re.search(r"action|todo|to do|task|follow", section, re.I):
            c.add("action_section")
        elif re.search(r"discussion|topics|notes", section, re.I):
            c.add("agenda_section")
        return c

    def _cells(self, t: Table) -> None:
        """A table that holds minutes ("Item | Who | Notes"): each item of each cell is a unit,
        so speaker lines inside cells are read as they are anywhere else."""
        for ln, row in t.rows:
            pos = ln.start
            for cell in row:
                for part in cell.split(CELL_ITEM):
                    part = part.strip()
                    k = self.text.find(part, pos, ln.end + 1) if part else -1
                    if k < 0 or len(part.split()) < 2:
                        continue
                    pos = k + len(part)
                    unit_line = Line(k, k + len(part), part, indent=2, bullet="-", section=ln.section,
                                     index=ln.index)
                    self.unit(unit_line, part, k, k + len(part))

    # -- rules --------------------------------------------------------------------------------
    def _commitment(self, name: str, speaker: str | None, text: str, s: int, e: int) -> None:
        key = name.lower()
        c = self.commitments.get(key)
        if c is None:
            c = self.commitments[key] = Commitment(name=name, text=text.strip(), start=s, end=e)
        if speaker and speaker not in c.speakers:
            c.speakers.append(speaker)

    def _dedupe_decisions(self) -> None:
        """A decision the note states again (a list of the resolutions at its end, a
        "Proposed resolution" then carried) is the one it made: kept where first written."""
        seen: set[str] = set()
        out = []
        for d in self.m.decisions:
            key = _wording(d.text)
            if key not in seen:
                seen.add(key)
                out.append(d)
        self.m.decisions = out

    def _dedupe_actions(self) -> None:
        seen: dict[str, ActionItem] = {}
        out = []
        for a in self.m.action_items:
            key = f"ref:{a.ref}" if a.ref else _wording(a.text)
            if key in seen:
                prev = seen[key]
                prev.owner = prev.owner or a.owner
                prev.due = prev.due or a.due
                continue
            seen[key] = a
            out.append(a)
        self.m.action_items = out


def _wording(text: str) -> str:
    """An item's words without case or punctuation: how a note restating it is recognised."""
    return re.sub(r"\W+", " ", text.lower()).strip()
