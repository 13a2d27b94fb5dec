"""Validated intermediate records: what the parser produces and the store consumes.

Every extracted item keeps the character offsets (``start``, ``end``) of its source span in
``Meeting.text``, the plain text the parser read (markup already stripped), so a page can point
back at the place in the note an item came from.

>>> m = Meeting(source="a.txt", text="Action: Bob to call Alice.")
>>> m.action_items.append(ActionItem(text="call Alice", owner="Bob", start=8, end=25))
>>> m.to_contract()["action_items"]
[{'text': 'call Alice', 'owner': 'Bob', 'due': None, 'ref': None, 'status': 'open', 'section': None, 'confidence': None}]
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


class ParseError(Exception):
    """A note that cannot be read or parsed; the message is one line meant for a user."""


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
    # "open" for a new item; "done"/"dropped" when the note records an earlier item's end
    status: str = "open"
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
    date: str | None = None
    format: str = "text"
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

    def to_contract(self) -> dict[str, Any]:
        """The JSON object `kb parse --json` prints (see the parse contract)."""

        def strip(d: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in d.items() if k not in ("start", "end")}

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
