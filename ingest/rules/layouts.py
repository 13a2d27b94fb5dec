"""Attendee-list layouts as data (``ingest/data/layouts.json``): which words name which
attendance group, what opens a block, and how a block's entries are weighed as evidence.

>>> group_of("Guests and Observers"), block_opener(Line(0, 17, "Apologies: Mo Ali"))
('guest', ('label-inline', 'apology', 'Mo Ali'))
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest.nlp.evidence import Candidate
from ingest.records import Attendee
from ingest.rules.entries import Entry
from ingest.rules.prefilter import Needing
from ingest.rules.structure import Line

DATA = Path(__file__).resolve().parents[1] / "data" / "layouts.json"


CONTENT_WORD = re.compile(r"\b(?!(?:of|the|and|in|at|on|for|to|a|an|by|&)\b)[A-Za-z][\w'-]*")


LABEL = Needing(r"^(?P<label>[^:]{1,80}?)\s*[:–—-]\s*(?P<rest>.*)$", [":", "-", "–", "—"])


@lru_cache(maxsize=1)
def layouts() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _group_phrases() -> list[tuple[str, re.Pattern]]:
    """(group, phrase pattern), longest phrases first, apologies before the rest."""
    order = ["apology", "guest", "chair", "scribe", "present"]
    out = []
    for group in order:
        for phrase in sorted(layouts()["groups"][group], key=len, reverse=True):
            out.append((group, re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.I)))
    return out


@lru_cache(maxsize=20_000)  # a function of the label alone, asked of every line's label
def group_of(label: str) -> str | None:
    """The attendance group a heading or label names ("Guests and Observers" -> guest), or None.

    >>> group_of("Members of the Board Participating in the Meeting:"), group_of("Not in attendance")
    ('present', 'apology')
    >>> group_of("Review of the budget") is None
    True
    """
    t = re.sub(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[a-z][.)])\s*", "", label.strip())
    t = re.sub(r"\([^)]*\)", " ", t).strip(" *_:#")
    if not t or len(t.split()) > 10 or re.search(r"[.!?]\s*\S", t):
        return None
    found = None
    covered = 0
    for group, rx in _group_phrases():
        for m in rx.finditer(t):
            found = found or group
            covered += len(CONTENT_WORD.findall(m.group(0)))
            t = t[:m.start()] + " " * len(m.group(0)) + t[m.end():]
    content = covered + len(CONTENT_WORD.findall(t))
    # the group's words must be much of the label: "Board members" yes, "New members and
    # terms of reference" no (a topic that mentions members)
    return found if found and covered * 3 >= content else None


@lru_cache(maxsize=1)
def _sentence_openers() -> list[re.Pattern]:
    return [re.compile(rf"^{p}\b\s*:?", re.I) for p in layouts()["sentence_openers"]]


def spec(name: str) -> dict:
    return next(s for s in layouts()["layouts"] if s["name"] == name)


def block_opener(ln: Line) -> tuple[str, str, str] | None:
    """(layout, group, rest of the line) when the line opens an attendee block."""
    text = ln.content.strip()
    if not text:
        return None
    if ln.heading:
        g = group_of(text)
        if g:
            return "heading-list", g, ""
        lm = LABEL.match(text)
        if lm and lm.group("rest") and group_of(lm.group("label")):
            return "label-inline", group_of(lm.group("label")), lm.group("rest")
        return None
    if ln.bullet and ln.indent > 4:
        return None
    for rx in _sentence_openers():
        sm = rx.match(text)
        if sm and text[sm.end():].strip(" :,-–"):
            return "introducing-sentence", "present", text[sm.end():].strip(" :,-–")
    lm = LABEL.match(text)
    if lm and ":" in text[:len(lm.group("label")) + 3]:
        g = group_of(lm.group("label"))
        if g and lm.group("rest").strip():
            return "label-inline", g, lm.group("rest")
        if g and len(text) <= 80:
            return "label-list", g, ""
    elif not ln.bullet and len(text) <= 60 and group_of(text) and (
            text.rstrip().endswith(":") or len(text.split()) <= 4 and _only_group_words(text)):
        return "label-list", group_of(text), ""
    return None


def _only_group_words(text: str) -> bool:
    """"Attendees", "Board members present": the line is nothing but an attendance label."""
    t = text.strip(" *_:")
    for _, rx in _group_phrases():
        t = rx.sub(" ", t)
    return not CONTENT_WORD.findall(t)


@dataclass
class PeopleLists:
    attendees: list[Attendee]
    apologies: list[Attendee]
    handles: dict[str, str] = field(default_factory=dict)
    initials: dict[str, str] = field(default_factory=dict)
    nicks: set[str] = field(default_factory=set)


@dataclass
class Found:
    """An entry found in a block, before the block is weighed."""
    entry: Entry
    line: Line
    group: str
    nick: bool = False


def weigh_entries(c: Candidate, found: list[Found], failed: int) -> None:
    n = len(found)
    if n == 0:
        c.add("too_few_entries")
        c.add("entries_not_names")
        return
    named = sum(1 for f in found if not f.nick)
    c.add("entries_look_like_names", named / (n + failed))
    if n and named == 0:
        c.add("entries_are_nicks")
    if failed:
        c.add("entries_not_names", failed / (n + failed))
    with_org = sum(1 for f in found if f.entry.organisation)
    if with_org:
        c.add("entries_have_organisations", with_org / n)
    if n >= 3:
        c.add("three_or_more_entries")
