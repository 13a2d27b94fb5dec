"""From a note's plain text to a Meeting record: the order in which the rule modules run.

The note is read once, line by line: people lists first (so first names resolve), then each
logical unit (a list item or a paragraph) is offered to the decision, action, speaker-line and
reported-speech rules in turn.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from .commitments import add_named_commitments
from .loader import Note
from .meta import meeting_date, meeting_title, next_meeting
from .names import NameIndex, looks_like_name
from .orgs import OrgTable, collect
from .attendance import find_people_lists, register
from .pipeline import get_nlp
from .records import Attendee, Meeting, Person
from .speech import speaker_labels
from .structure import split_lines
from .walker import Walker

# first names that are as often ordinary words at the start of a clause or in a product name
AMBIGUOUS_FIRST = {"Will", "Mark", "Bill", "Rob", "Pat", "Sue", "Grace", "Rose", "Frank", "Max", "Miles", "Sandy",
                   "Penny", "Ivy", "Dawn", "Summer", "Jack", "Lily", "Jan", "Ray", "Gene", "Dick", "Chase", "Drew"}


def parse(note: Note, source: str) -> Meeting:
    text = note.text
    lines = split_lines(text)
    by_start = {ln.start: ln for ln in lines}
    doc = get_nlp()(text)
    m = Meeting(source=source, text=text, format=note.format)
    m.title, title_line = meeting_title(lines, note.meta)
    m.date = meeting_date(text, lines, note.meta, source, title_line)
    m.next_meeting = next_meeting(text, lines)

    # a label heading two or more lines is a speaker's name only if the note never writes it in
    # lower case ("Khio: ..." yes; "Room: ..." no, the note also says "room")
    lower_words = set(re.findall(r"\b[a-z][\w'’-]*", text))
    counts = Counter({w: n for w, n in speaker_labels(lines).items() if w.lower() not in lower_words})
    lists = find_people_lists(lines, frozenset(w for w, n in counts.items() if w.isupper() and len(w) <= 4 and n >= 2))
    idx = NameIndex()
    register(idx, lists)
    for span in doc.spans["kb_people"]:
        if len(span.text.split()) >= 2 and looks_like_name(span.text):
            idx.add(span.text)
    _upgrade_short_names(lists.attendees, idx)

    orgs = OrgTable()
    collect(text, doc, [(a.organisation, a.start, a.end) for a in lists.attendees + lists.apologies
                        if a.organisation], orgs)
    m.attendees, m.apologies = lists.attendees, lists.apologies
    list_lines = {a.start for a in lists.attendees + lists.apologies}
    Walker(m, text, lines, by_start, idx, orgs, counts, list_lines).run()

    if not m.attendees:
        # no attendee list: the people who spoke were there
        for s in m.statements:
            if idx.resolve(s.speaker) and not any(a.name == s.speaker for a in m.attendees):
                m.attendees.append(Attendee(name=s.speaker, start=s.start, end=s.end))
    add_named_commitments(m, lines)
    org_of = {a.name: a.organisation for a in m.attendees + m.apologies if a.organisation}
    for st in m.statements:
        st.organisation = st.organisation or org_of.get(st.speaker)
    m.organisations = orgs.items
    m.people = _people(m, idx, doc)
    _sections(m, lines)
    return m


def _upgrade_short_names(attendees, idx: NameIndex) -> None:
    """"Steven" on the list and "Steven Pemberton" elsewhere in the note are one person."""
    for a in attendees:
        if len(a.name.split()) == 1:
            full = idx.resolve(a.name)
            if full and len(full.split()) > 1:
                a.name = full


def _people(m: Meeting, idx: NameIndex, doc) -> list[Person]:
    seen: dict[str, Person] = {}

    def add(name: str | None, org: str | None = None, role: str | None = None, s: int = 0, e: int = 0):
        if not name:
            return
        full = idx.resolve(name) or name
        if not looks_like_name(full):
            return
        if full not in seen:
            seen[full] = Person(name=full, organisation=org, role=role, start=s, end=e)

    for a in m.attendees + m.apologies:
        add(a.name, a.organisation, a.role, a.start, a.end)
    for st in m.statements:
        if idx.resolve(st.speaker):
            add(st.speaker, None, None, st.start, st.end)
    for span in doc.spans["kb_people"]:
        if len(span.text.split()) >= 2:
            add(span.text, None, None, span.start_char, span.end_char)
    for ai in m.action_items:
        if ai.owner and idx.resolve(ai.owner):
            add(ai.owner)
    for tok in doc:
        # a lone known first name ("Wayne – Done", "Condie is split") that names nobody listed
        if "F" in tok.tag_ and not tok.is_sent_start and tok.i + 1 < len(doc) and "C" not in doc[tok.i + 1].tag_ \
                and not {"C", "T"} & set(doc[tok.i - 1].tag_) and idx.resolve(tok.text) is None \
                and tok.text not in AMBIGUOUS_FIRST and not any(f.startswith(tok.text + " ") for f in seen):
            add(tok.text, None, None, tok.idx, tok.idx + len(tok.text))
    return list(seen.values())




def _sections(m: Meeting, lines) -> None:
    """Each statement, action and decision keeps the agenda item it falls under, so a search for
    an item's words finds what was said under it: the list item its line is nested in (a topic
    bullet over speakers' bullets), else the heading above it."""
    starts = [ln.start for ln in lines]
    for item in m.statements + m.action_items + m.action_updates + m.decisions:
        k = bisect_right(starts, item.start) - 1
        if k < 0 or item.section:
            continue
        item.section = _topic(lines, k) or lines[k].section or None


def _topic(lines, k: int) -> str | None:
    indent = lines[k].indent
    if indent == 0 or not lines[k].bullet:
        return None
    for ln in reversed(lines[:k]):
        if ln.heading:
            return None
        if ln.bullet and ln.indent < indent:
            if ln.indent == 0:
                return ln.content.strip() if len(ln.content) <= 120 else None
            indent = ln.indent
    return None
