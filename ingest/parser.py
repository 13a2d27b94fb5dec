"""From a note's plain text to a Meeting record: the order in which the rule modules run.

The note is read once, line by line: people lists first (so first names resolve), then each
logical unit (a list item or a paragraph) is offered to the decision, action, speaker-line and
reported-speech rules in turn.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator

from ingest.rules.attendance import find_people_lists
from ingest.rules.commitment_mentions import add_named_commitments
from ingest.reading.loader import Note
from ingest.rules.meta import meeting_date, meeting_title, next_meeting
from ingest.vocabulary.stretches import stretches
from ingest.vocabulary.name_shapes import NameIndex, clean_name, initials, plausible_name
from ingest.rules.orgs import OrgTable, collect
from ingest.nlp import model
from ingest.rules.note_people import add_model_evidence, known_names, meeting_people, register
from ingest.nlp.pipeline import get_nlp
from ingest.records import Attendee, Meeting
from ingest.rules.speech import speaker_labels
from ingest.rules.structure import split_lines
from ingest.rules.walker import Walker

# how sure we are that someone who spoke attended, where the note lists no one
SPOKE_SO_ATTENDED = 0.6


def parse(note: Note, source: str) -> Meeting:
    text = note.text
    lines = split_lines(text)
    by_start = {ln.start: ln for ln in lines}
    doc = get_nlp()(text)
    if model.enabled():
        add_model_evidence(doc, model.entities(text))
    m = Meeting(source=source, text=text, format=note.format)
    m.title, title_line = meeting_title(lines, note.meta)
    m.date = meeting_date(text, lines, note.meta, source, title_line)
    m.next_meeting = next_meeting(text, lines)

    # a label heading two or more lines is a speaker's name only if the note never writes it in
    # lower case ("Khio: ..." yes; "Room: ..." no, the note also says "room"); a label written in
    # lower case is a chat nick, and that test says nothing about it
    lower_words = set(re.findall(r"\b[a-z][\w'’-]*", text))
    counts = Counter({w: n for w, n in speaker_labels(lines).items()
                      if w.lower() not in lower_words or not w[:1].isupper()})
    lists = find_people_lists(lines, frozenset(w for w, n in counts.items() if w.isupper() and len(w) <= 4 and n >= 2))
    idx = NameIndex()
    register(idx, lists)
    for name in known_names(doc):
        idx.add(name)
    _upgrade_short_names(lists.attendees, idx)

    orgs = OrgTable()
    person_initials = frozenset(k.upper() for k in idx.alias if k.isalpha() and len(k) <= 4) | \
        frozenset(lists.initials) | frozenset(initials(f) for f in idx.full if len(f.split()) > 1)
    collect(text, doc, [(a.organisation, a.start, a.end) for a in lists.attendees + lists.apologies
                        if a.organisation], orgs, person_initials)
    m.attendees, m.apologies = lists.attendees, lists.apologies
    list_lines = {a.start for a in lists.attendees + lists.apologies}
    Walker(m, text, lines, by_start, idx, orgs, counts, list_lines).run()

    _present_in_prose(m, idx)
    if not m.attendees:
        # no attendee list: the people who spoke were there
        for s in m.statements:
            if idx.resolve(s.speaker) and not any(a.name == s.speaker for a in m.attendees):
                m.attendees.append(Attendee(name=s.speaker, start=s.start, end=s.end, confidence=SPOKE_SO_ATTENDED))
    add_named_commitments(m, lines)
    org_of = {a.name: a.organisation for a in m.attendees + m.apologies if a.organisation}
    for st in m.statements:
        st.organisation = st.organisation or org_of.get(st.speaker)
    m.organisations = orgs.items
    m.people = meeting_people(m, idx, doc, lists.nicks)
    _sections(m, lines)
    return m


def _upgrade_short_names(attendees, idx: NameIndex) -> None:
    """"Steven" on the list and "Steven Pemberton" elsewhere in the note are one person."""
    for a in attendees:
        if len(a.name.split()) == 1:
            full = idx.resolve(a.name)
            if full and len(full.split()) > 1:
                a.name = full


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


# "PCSO Ann Lee was present for part of the meeting", "Bob Ray joined the meeting at 8pm"
PRESENT = re.compile(r"(?P<who>(?:[A-Z]\.|[A-Z][\w'’-]*)(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]*)){0,3})\s+(?:was|were)\s+"
                     r"(?:also\s+)?(?:present|in attendance)\b|"
                     r"(?P<who2>(?:[A-Z]\.|[A-Z][\w'’-]*)(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]*)){0,3})\s+"
                     r"(?:joined|attended)\s+(?:the\s+meeting|for\b)")
# a word PRESENT needs, found far faster than PRESENT itself
PRESENT_WORDS = re.compile(r"present|attendance|joined|attended")
# a character no match of PRESENT holds (its names and words are letters, digits, "'", "’",
# "-", "." and spaces): every match lies between two of them, with one of PRESENT_WORDS
_NOT_IN_PRESENT = re.compile(r"[^\w\s'’.\-]")
# evidence enough that someone a sentence says was present is an attendee
PRESENT_IN_PROSE = 0.7


def _present_in_prose(m: Meeting, idx: NameIndex) -> None:
    """A sentence that says someone was present makes them an attendee, as a list would."""
    if not PRESENT_WORDS.search(m.text):  # PRESENT tries a name at every capital
        return
    listed = {a.name for a in m.attendees + m.apologies}
    for pm in _present_matches(m.text):
        raw = pm.group("who") or pm.group("who2")
        who = idx.resolve(raw) or (clean_name(raw) if plausible_name(raw) and len(clean_name(raw).split()) >= 2
                                   else None)
        if who and who not in listed and not UNNAMED.match(raw):
            idx.add(who)
            m.attendees.append(Attendee(name=who, start=pm.start(), end=pm.end(), confidence=PRESENT_IN_PROSE))
            listed.add(who)


def _present_matches(text: str) -> Iterator[re.Match]:
    """``PRESENT.finditer(text)``, tried only where it can match (``stretches``): PRESENT tries
    a name at every capital."""
    for start, end in stretches(text, _NOT_IN_PRESENT, PRESENT_WORDS):
        yield from PRESENT.finditer(text, start, end)


UNNAMED = re.compile(r"^(?:The|All|Members|Everyone|Nobody|No one|It|This|They)\b")
