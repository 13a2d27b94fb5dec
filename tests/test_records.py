"""Records that validate: ``Meeting.validate()`` checks every field of every record once parsing
is over, and a broken one is a ``ParseError`` naming the note and the field; through
``kb import`` that note fails on one line and stores nothing while the others are stored.
"""
from __future__ import annotations

import dataclasses
import json
import math
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import ingest
import ingest.parser
from ingest import (ActionItem, ActionStatus, Attendee, Commitment, Decision, Meeting, NoteFormat,
                    Organisation, ParseError, Person, Statement)
from ingest.records import LISTS, MEETING_RULES, OFFSETS, RULES
from kb.cli import cli

TEXT = ("Present: Ann Lee (Home Office), Bob Ray\n"
        "Ann Lee said the pilot went well.\n"
        "ACTION: Bob Ray to send the slides by Friday.\n"
        "Agreed: the pilot continues.\n")


def at(part: str) -> dict[str, int]:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part)}


def good_meeting() -> Meeting:
    """One record of every kind, each field filled as the parser fills it."""
    return Meeting(
        source="notes/board.md", text=TEXT, title="Board", date="2021-03-04", format="markdown",
        attendees=[Attendee(name="Ann Lee", organisation="Home Office", confidence=0.9,
                            **at("Ann Lee (Home Office)")),
                   Attendee(name="Bob Ray", confidence=1, **at("Bob Ray"))],
        apologies=[],
        people=[Person(name="Ann Lee", aliases=["Ann"], role="Chair", **at("Ann Lee"))],
        organisations=[Organisation(name="Home Office", acronym="HO", confidence=0.0,
                                    **at("Home Office"))],
        commitments=[Commitment(name="Pilot", speakers=["Ann Lee"], text="", **at("pilot"))],
        statements=[Statement(speaker="Ann Lee", text="the pilot went well", section="Pilot",
                              **at("Ann Lee said the pilot went well."))],
        # the plain word, as the rules write it
        action_items=[ActionItem(text="send the slides by Friday", owner="Bob Ray", due="by Friday",
                                 status="open", **at("ACTION: Bob Ray to send the slides by Friday."))],
        action_updates=[ActionItem(text="book the room", status="done", ref="3.1",
                                   start=len(TEXT), end=len(TEXT))],  # empty span at the very end
        decisions=[Decision(text="the pilot continues", **at("Agreed: the pilot continues."))],
        next_meeting="in April")


def test_a_good_record_passes_with_statuses_as_enum_members_and_the_same_json():
    m = good_meeting()
    before = json.dumps(m.to_contract())
    assert m.problems() == []
    assert m.validate() is m
    assert m.action_items[0].status is ActionStatus.OPEN
    assert m.action_updates[0].status is ActionStatus.DONE
    assert m.format is NoteFormat.MARKDOWN
    # StrEnum members are their words: the contract's JSON does not change
    assert json.dumps(m.to_contract()) == before
    assert json.dumps(dataclasses.asdict(m.action_items[0]))  # serialisable as it stands
    assert m.to_contract()["action_updates"][0]["status"] == "done"


def edit(where: str, /, **changes) -> Callable[[Meeting], None]:
    """A change to the first record of list ``where`` (or to the meeting itself)."""
    def apply(m: Meeting) -> None:
        target = m if where == "meeting" else getattr(m, where)[0]
        for k, v in changes.items():
            setattr(target, k, v)
    return apply


BROKEN = [
    (edit("action_items", status="finished"),
     "action_items[0].status: 'finished' is not one of open, done, dropped"),
    (edit("action_updates", status=None),
     "action_updates[0].status: None is not one of open, done, dropped"),
    (edit("statements", end=len(TEXT) + 1),
     f"statements[0].end: {len(TEXT) + 1} is past the end of the text ({len(TEXT)} characters)"),
    (edit("attendees", start=-1), "attendees[0].start: -1 is negative"),
    (edit("decisions", start=40, end=30), "decisions[0].start: 40 is after the end (30)"),
    (edit("people", start="3"), "people[0].start: '3' is not a whole number"),
    (edit("organisations", end=2.0), "organisations[0].end: 2.0 is not a whole number"),
    (edit("meeting", date="4 March 2021"), "date: '4 March 2021' is not an ISO date (YYYY-MM-DD)"),
    (edit("meeting", date="20210304"), "date: '20210304' is not an ISO date (YYYY-MM-DD)"),
    (edit("meeting", date="2021-02-30"), "date: '2021-02-30' is not a day of the calendar"),
    (edit("organisations", confidence=1.5), "organisations[0].confidence: 1.5 is outside 0..1"),
    (edit("attendees", confidence=-0.1), "attendees[0].confidence: -0.1 is outside 0..1"),
    (edit("statements", confidence=math.nan), "statements[0].confidence: nan is outside 0..1"),
    (edit("people", confidence=True), "people[0].confidence: True is not a number"),
    (edit("attendees", name="  "), "attendees[0].name: '  ' is empty"),
    (edit("statements", speaker=""), "statements[0].speaker: '' is empty"),
    (edit("decisions", text=None), "decisions[0].text: None is not text"),
    (edit("attendees", organisation=""), "attendees[0].organisation: '' is empty"),
    (edit("commitments", speakers=["Ann Lee", " "]), "commitments[0].speakers[1]: ' ' is empty"),
    (edit("meeting", format="odt"),
     "format: 'odt' is not one of text, markdown, html, rst, docx, pdf, irc"),
    (edit("meeting", people=[Attendee(name="Ann Lee")]), "people[0]: expected Person, got Attendee"),
]


@pytest.mark.parametrize("breakage,problem", BROKEN, ids=[p.split(":")[0] for _, p in BROKEN])
def test_each_broken_field_is_a_parse_error_naming_the_note_and_the_field(breakage, problem):
    m = good_meeting()
    breakage(m)
    with pytest.raises(ParseError) as raised:
        m.validate()
    assert str(raised.value) == f"notes/board.md: {problem}"


def test_the_first_of_several_problems_is_reported_and_all_are_listed():
    m = good_meeting()
    m.action_items[0].status = "finished"
    m.decisions[0].end = 10_000
    assert m.problems() == [
        "action_items[0].status: 'finished' is not one of open, done, dropped",
        "decisions[0].end: 10000 is past the end of the text (" + str(len(TEXT)) + " characters)"]


def test_a_long_wrong_value_is_cut_short_and_stays_on_one_line():
    m = good_meeting()
    m.action_items[0].status = "the owner said\nit is " + "nearly " * 40 + "done"
    with pytest.raises(ParseError) as raised:
        m.validate()
    message = str(raised.value)
    assert "\n" not in message and len(message) < 150
    assert message.startswith("notes/board.md: action_items[0].status: 'the owner said\\nit is nearly")
    assert message.endswith("... is not one of open, done, dropped")


@pytest.mark.parametrize("kind", sorted(RULES, key=lambda k: k.__name__), ids=lambda k: k.__name__)
def test_every_field_of_every_record_has_a_check(kind):
    fields = {f.name for f in dataclasses.fields(kind)}
    assert fields == set(RULES[kind]) | set(OFFSETS)


def test_every_field_of_the_meeting_has_a_check():
    fields = {f.name for f in dataclasses.fields(Meeting)}
    assert fields == set(MEETING_RULES) | set(LISTS)
    assert set(LISTS.values()) == set(RULES)


def test_parsed_notes_leave_ingest_validated():
    m = ingest.parse_text("Present: Cat Kim, Dan Oak\n\nACTION: Dan Oak to book the hall.\n",
                          source="notes/hall.txt")
    assert m.action_items and m.action_items[0].status is ActionStatus.OPEN
    assert m.format is NoteFormat.TEXT


# --- through the real CLI ---------------------------------------------------------------------

WITH_ACTION = "Present: Cat Kim, Dan Oak\n\nACTION: Dan Oak to book the hall by Monday.\n"
WITHOUT_ACTION = "Present: Eve Fox, Gil Hart\n\nAgreed: the hall is booked for the summer fair.\n"


@pytest.fixture
def bad_status_rule(monkeypatch):
    """A parser step that writes a status no one knows, as a buggy rule might."""
    real = ingest.parser._sections

    def sections_then_bad_status(m, lines):
        real(m, lines)
        for a in m.action_items:
            a.status = "finished"

    monkeypatch.setattr(ingest.parser, "_sections", sections_then_bad_status)


def test_import_reports_the_broken_note_on_one_line_and_stores_the_others(
        runner, tmp_path: Path, bad_status_rule):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "hall.txt").write_text(WITH_ACTION)
    (notes / "fair.txt").write_text(WITHOUT_ACTION)
    db = tmp_path / "m.db"

    result = runner.invoke(cli, ["import", "--db", str(db), str(notes)])

    assert result.exit_code == 1
    assert result.stdout == "1 added, 0 updated, 0 unchanged, 1 failed\n"
    assert result.stderr == (f"{notes / 'hall.txt'}: action_items[0].status: 'finished' is not "
                             "one of open, done, dropped\n")
    with sqlite3.connect(db) as con:
        paths = [p for (p,) in con.execute("select path from meetings")]
        assert paths == ["notes/fair.txt"]
        assert con.execute("select count(*) from action_items").fetchone() == (0,)
        assert con.execute("select count(*) from decisions").fetchone() == (1,)


def test_parse_json_gives_the_broken_note_an_error_line(runner, tmp_path: Path, bad_status_rule):
    hall, fair = tmp_path / "hall.txt", tmp_path / "fair.txt"
    hall.write_text(WITH_ACTION)
    fair.write_text(WITHOUT_ACTION)

    result = runner.invoke(cli, ["parse", "--json", str(hall), str(fair)])

    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {"source": str(hall), "error": "action_items[0].status: 'finished' is not "
                                                   "one of open, done, dropped"}
    assert second["source"] == str(fair) and second["decisions"]


def test_without_the_broken_rule_both_notes_are_stored(runner, tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "hall.txt").write_text(WITH_ACTION)
    (notes / "fair.txt").write_text(WITHOUT_ACTION)
    db = tmp_path / "m.db"

    result = runner.invoke(cli, ["import", "--db", str(db), str(notes)])

    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db) as con:
        # the enum member is stored as its plain word
        assert con.execute("select status, typeof(status) from action_items").fetchall() == \
            [("open", "text")]
        assert con.execute("select format from meetings").fetchall() == [("text",), ("text",)]
