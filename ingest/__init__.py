"""ingest: meeting-note files in, validated meeting records out. Knows nothing of SQLite.

>>> from ingest import parse_text
>>> m = parse_text("Present: Ann Lee, Bob Ray\\n\\nACTION: Bob to send the slides.", source="x.txt")
>>> [a.name for a in m.attendees]
['Ann Lee', 'Bob Ray']
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.records import (ActionItem, ActionStatus, Attendee, Commitment, Decision, Meeting,
                             NoteFormat, Organisation, ParseError, Person, Statement)

__all__ = ["parse_file", "parse_text", "parse_note", "Meeting", "ParseError", "SUFFIXES",
           "ActionItem", "ActionStatus", "Attendee", "Commitment", "Decision", "NoteFormat",
           "Organisation", "Person", "Statement"]

if TYPE_CHECKING:
    from ingest.reading.loader import Note

# the readers (lxml, markdown-it, docutils) load on first use: kb's read-only commands import
# ingest's vocabulary, and with it this package, but never read a note
_FROM_LOADER = ("SUFFIXES", "Note", "convert", "read_note")


def __getattr__(name: str) -> Any:
    if name in _FROM_LOADER:
        from ingest.reading import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")


def parse_note(note: Note, source: str) -> Meeting:
    """Parse a note already read; the record is checked before it leaves ingest, so a broken
    field is a ParseError naming the note and the field (``Meeting.validate``)."""
    from ingest.parser import parse

    return parse(note, source).validate()


def parse_text(text: str, source: str = "<text>", fmt: str = "text") -> Meeting:
    """Parse note text already in memory (fmt: "text", "markdown" or "html")."""
    from ingest.reading.loader import convert

    return parse_note(convert(text, fmt), source)


def parse_file(path: str | Path) -> Meeting:
    """Read and parse one note file; raises ParseError with a one-line reason."""
    from ingest.reading.loader import read_note

    note = read_note(path)
    try:
        return parse_note(note, str(path))
    except ParseError:
        raise
    except RecursionError:
        raise ParseError(f"{path}: note too deeply nested to parse") from None
