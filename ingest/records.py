"""Validated intermediate records: what the parser produces and the store consumes.

Every extracted item keeps the character offsets (``start``, ``end``) of its source span in
``Meeting.text``, the plain text the parser read (markup already stripped), so a page can point
back at the place in the note an item came from.

The rules build and amend these records as they read (a section or a fuller name is set after
an item was made), so checks on assignment would catch half-built records. Instead
``Meeting.validate()`` runs once, when parsing is over (``ingest.parse_note``), and checks every
field of every record; the first broken field becomes a ``ParseError`` naming the note and the
field, so a parser bug costs one note a one-line error rather than bad rows in the database.

>>> m = Meeting(source="a.txt", text="Action: Bob to call Alice.")
>>> m.action_items.append(ActionItem(text="call Alice", owner="Bob", start=8, end=25))
>>> m.to_contract()["action_items"]
[{'text': 'call Alice', 'owner': 'Bob', 'due': None, 'ref': None, 'status': 'open', 'section': None, 'confidence': None}]
"""
from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from enum import Enum, StrEnum
from typing import Any


class ParseError(Exception):
    """A note that cannot be read or parsed; the message is one line meant for a user."""


class ActionStatus(StrEnum):
    """Where an action item stands. A ``str``, so JSON and SQLite see the plain word."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class NoteFormat(StrEnum):
    """How the note was written (``ingest.reading.loader``); "irc" is a chat log in a .txt file."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    RST = "rst"
    DOCX = "docx"
    PDF = "pdf"
    IRC = "irc"


@dataclass
class Attendee:
    name: str
    organisation: str | None = None
    role: str | None = None
    start: int = 0
    end: int = 0
    # how sure the parser is, 0..1: the score of the evidence that found it (ingest.nlp.evidence)
    confidence: float | None = None


@dataclass
class Person:
    name: str
    organisation: str | None = None
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    # how sure the parser is, 0..1: the score of the evidence that found it (ingest.nlp.evidence)
    confidence: float | None = None


@dataclass
class Organisation:
    name: str
    acronym: str | None = None
    parent: str | None = None
    start: int = 0
    end: int = 0
    # how sure the parser is, 0..1: the score of the evidence that found it (ingest.nlp.evidence)
    confidence: float | None = None


@dataclass
class Commitment:
    name: str
    speakers: list[str] = field(default_factory=list)
    text: str = ""
    start: int = 0
    end: int = 0
    # how sure the parser is, 0..1: the score of the evidence that found it (ingest.nlp.evidence)
    confidence: float | None = None


@dataclass
class Statement:
    speaker: str
    text: str
    organisation: str | None = None
    commitment: str | None = None
    # the agenda item or section heading the words were said under
    section: str | None = None
    start: int = 0
    end: int = 0
    # how sure the parser is, 0..1: the score of the evidence that found it (ingest.nlp.evidence)
    confidence: float | None = None


@dataclass
class ActionItem:
    text: str
    owner: str | None = None
    due: str | None = None
    ref: str | None = None
    # "open" for a new item; "done"/"dropped" when the note records an earlier item's end. The
    # rules may set the plain word; validate() turns it into the enum member (equal to the word).
    status: ActionStatus = ActionStatus.OPEN
    section: str | None = None
    start: int = 0
    end: int = 0
    # how sure the parser is, 0..1: the score of the evidence that found it (ingest.nlp.evidence)
    confidence: float | None = None


@dataclass
class Decision:
    text: str
    section: str | None = None
    start: int = 0
    end: int = 0
    # how sure the parser is, 0..1: the score of the evidence that found it (ingest.nlp.evidence)
    confidence: float | None = None


@dataclass
class Meeting:
    source: str
    text: str
    title: str | None = None
    # the day the meeting took place, ISO YYYY-MM-DD
    date: str | None = None
    format: NoteFormat = NoteFormat.TEXT
    attendees: list[Attendee] = field(default_factory=list)
    apologies: list[Attendee] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    # updates to earlier meetings' actions ("Action 102.1: Rolf reported it is done")
    action_updates: list[ActionItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    next_meeting: str | None = None

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def problems(self) -> list[str]:
        """Every broken field, as "field path: what is wrong" (see ``validate``)."""
        return list(_problems(self))

    def validate(self) -> Meeting:
        """Check every field of every record; returns the meeting, statuses as enum members.

        Raises ``ParseError("<source>: <field path>: <what is wrong>")`` for the first broken
        field, e.g. ``notes/x.md: action_items[3].status: 'finished' is not one of open, done,
        dropped``.
        """
        for problem in _problems(self):
            raise ParseError(f"{self.source}: {problem}")
        # the rules write plain words; the members equal them, and say what they are
        self.format = NoteFormat(self.format)
        for a in self.action_items + self.action_updates:
            a.status = ActionStatus(a.status)
        return self

    def to_contract(self) -> dict[str, Any]:
        """The JSON object `kb parse --json` prints (see the parse contract)."""

        def strip(d: dict[str, Any]) -> dict[str, Any]:
            # enum members as their plain words: the contract is JSON's strings
            return {k: v.value if isinstance(v, Enum) else v for k, v in d.items()
                    if k not in ("start", "end")}

        return {
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "attendees": [strip(asdict(a)) for a in self.attendees],
            "apologies": [strip(asdict(a)) for a in self.apologies],
            "people": [strip(asdict(p)) for p in self.people],
            "organisations": [strip(asdict(o)) for o in self.organisations],
            "commitments": [strip(asdict(c)) for c in self.commitments],
            "statements": [strip(asdict(s)) for s in self.statements],
            "action_items": [strip(asdict(a)) for a in self.action_items],
            "action_updates": [strip(asdict(a)) for a in self.action_updates],
            "decisions": [strip(asdict(d)) for d in self.decisions],
            "next_meeting": self.next_meeting,
        }


# A check takes a field's value and says what is wrong with it, or None when nothing is.
Check = Callable[[Any], "str | None"]


def _shown(v: Any) -> str:
    """``repr(v)``, cut short: a whole paragraph in the wrong field would swamp the message."""
    text = repr(v)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _text(v: Any) -> str | None:
    """Text that names or says something: a name, a speaker, what was said or agreed."""
    if not isinstance(v, str):
        return f"{_shown(v)} is not text"
    return None if v.strip() else f"{_shown(v)} is empty"


def _optional_text(v: Any) -> str | None:
    """None, or text: a blank organisation or role would be stored as one named ''."""
    return None if v is None else _text(v)


def _any_text(v: Any) -> str | None:
    """Text that may be empty: a commitment's words when the note only names it."""
    return None if isinstance(v, str) else f"{_shown(v)} is not text"


def _names(v: Any) -> str | None:
    if not isinstance(v, list):
        return f"{_shown(v)} is not a list"
    # "[i]: ..." is joined to the field's path without a colon: speakers[1]: '' is empty
    return next((f"[{i}]: {bad}" for i, name in enumerate(v) if (bad := _text(name))), None)


def _confidence(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return f"{_shown(v)} is not a number"
    return None if 0 <= v <= 1 else f"{_shown(v)} is outside 0..1"  # NaN fails both comparisons


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(v: Any) -> str | None:
    if v is None:
        return None
    # fromisoformat alone would take "20170201" and "2017-W05-3" too
    if not isinstance(v, str) or not ISO_DAY.fullmatch(v):
        return f"{_shown(v)} is not an ISO date (YYYY-MM-DD)"
    try:
        datetime.date.fromisoformat(v)
    except ValueError:
        return f"{_shown(v)} is not a day of the calendar"
    return None


def _one_of(kind: type[StrEnum]) -> Check:
    words = frozenset(m.value for m in kind)
    listed = ", ".join(m.value for m in kind)
    return lambda v: None if isinstance(v, str) and v in words else f"{_shown(v)} is not one of {listed}"


# Every field of every record has its check; tests/test_records.py fails when a field is added
# without one. start/end are checked against the meeting's text (_offsets).
OFFSETS = ("start", "end")
RULES: dict[type, dict[str, Check]] = {
    Attendee: {"name": _text, "organisation": _optional_text, "role": _optional_text,
               "confidence": _confidence},
    Person: {"name": _text, "organisation": _optional_text, "role": _optional_text,
             "aliases": _names, "confidence": _confidence},
    Organisation: {"name": _text, "acronym": _optional_text, "parent": _optional_text,
                   "confidence": _confidence},
    Commitment: {"name": _text, "speakers": _names, "text": _any_text,
                 "confidence": _confidence},
    Statement: {"speaker": _text, "text": _text, "organisation": _optional_text,
                "commitment": _optional_text, "section": _optional_text, "confidence": _confidence},
    ActionItem: {"text": _text, "owner": _optional_text, "due": _optional_text,
                 "ref": _optional_text, "status": _one_of(ActionStatus),
                 "section": _optional_text, "confidence": _confidence},
    Decision: {"text": _text, "section": _optional_text, "confidence": _confidence},
}
MEETING_RULES: dict[str, Check] = {
    "source": _text, "text": _any_text,
    "title": _optional_text, "date": _iso_date, "format": _one_of(NoteFormat),
    "next_meeting": _optional_text,
}
# what each list of the meeting holds
LISTS: dict[str, type] = {
    "attendees": Attendee, "apologies": Attendee, "people": Person,
    "organisations": Organisation, "commitments": Commitment, "statements": Statement,
    "action_items": ActionItem, "action_updates": ActionItem, "decisions": Decision,
}


def _join(path: str, problem: str) -> str:
    return f"{path}{problem}" if problem.startswith("[") else f"{path}: {problem}"


def _problems(m: Meeting) -> Iterator[str]:
    for name, check in MEETING_RULES.items():
        if problem := check(getattr(m, name)):
            yield _join(name, problem)
    size = len(m.text) if isinstance(m.text, str) else 0
    for list_name, kind in LISTS.items():
        items = getattr(m, list_name)
        if not isinstance(items, list):
            yield f"{list_name}: {_shown(items)} is not a list"
            continue
        rules = RULES[kind]
        for i, item in enumerate(items):
            path = f"{list_name}[{i}]"
            if type(item) is not kind:
                yield f"{path}: expected {kind.__name__}, got {type(item).__name__}"
                continue
            for name, check in rules.items():
                if problem := check(getattr(item, name)):
                    yield _join(f"{path}.{name}", problem)
            yield from (f"{path}.{p}" for p in _offsets(item.start, item.end, size))


def _offsets(start: Any, end: Any, size: int) -> Iterator[str]:
    """0 <= start <= end <= len(text): the span lies inside the text the parser read."""
    for name, v in (("start", start), ("end", end)):
        if isinstance(v, bool) or not isinstance(v, int):
            yield f"{name}: {_shown(v)} is not a whole number"
            return
    if start < 0:
        yield f"start: {start} is negative"
    elif end > size:
        yield f"end: {end} is past the end of the text ({size} characters)"
    elif start > end:
        yield f"start: {start} is after the end ({end})"
