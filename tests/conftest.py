"""Shared fixtures: a private copy of the fixture notes, database paths, hand-built meetings.

Tests whose assertions depend on what was extracted use hand-built ``ingest.records``
objects, so they hold whatever the parser's quality; the fixture notes are for tests of files,
hashing, counts and the command line.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest import (ActionItem, Attendee, Commitment, Decision, Meeting, Organisation, Person,
                    Statement)

FIXTURE_NOTES = Path(__file__).parent / "fixtures" / "notes"
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/notes (three notes in two series folders)."""
    return Path(shutil.copytree(FIXTURE_NOTES, tmp_path / "notes"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "meetings.db"


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner keeping stderr apart from stdout."""
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 always keeps them apart


def span(text: str, part: str) -> dict[str, int]:
    """start/end offsets of ``part`` in ``text``."""
    start = text.index(part)
    return {"start": start, "end": start + len(part)}


def board_meeting(source: str) -> Meeting:
    """A hand-built first board meeting: two open actions, statements, a decision."""
    text = ("Present: Ann Lee (Home Office), Bob Ray (Involve)\n"
            "Ann Lee said that departments are publishing their open data plans.\n"
            "Involve said that it would send the slides to civil society groups.\n"
            "Open Contracting: Bob Ray reported the pilot is on track.\n"
            "ACTION 1.1: Bob Ray to send the slides by Friday.\n"
            "ACTION 1.2: Ann Lee to draft the guidance.\n"
            "Agreed: minutes approved.\n")
    m = Meeting(source=source, text=text, title="Board meeting", date="2020-01-15",
                next_meeting="12 February")
    m.attendees = [Attendee("Ann Lee", "Home Office", **span(text, "Ann Lee (Home Office)")),
                   Attendee("Bob Ray", "Involve", **span(text, "Bob Ray (Involve)"))]
    m.people = [Person("Ann Lee", "Home Office", **span(text, "Ann Lee")),
                Person("Bob Ray", "Involve", aliases=["Bob"], **span(text, "Bob Ray"))]
    m.organisations = [Organisation("Home Office", **span(text, "Home Office")),
                       Organisation("Involve", **span(text, "Involve"))]
    m.commitments = [Commitment("Open Contracting", ["Bob Ray"], "the pilot is on track",
                                **span(text, "Open Contracting: Bob Ray reported"))]
    m.statements = [
        Statement("Ann Lee", "departments are publishing their open data plans",
                  organisation="Home Office", **span(text, "departments are publishing")),
        Statement("Involve", "it would send the slides to civil society groups",
                  **span(text, "it would send the slides")),
        Statement("Bob Ray", "the pilot is on track", commitment="Open Contracting",
                  **span(text, "the pilot is on track")),
    ]
    m.action_items = [
        ActionItem("send the slides", "Bob Ray", "by Friday", "1.1",
                   **span(text, "ACTION 1.1: Bob Ray to send the slides by Friday.")),
        ActionItem("draft the guidance", "Ann Lee", None, "1.2",
                   **span(text, "ACTION 1.2: Ann Lee to draft the guidance.")),
    ]
    m.decisions = [Decision("minutes approved", **span(text, "minutes approved"))]
    return m


def second_board_meeting(source: str) -> Meeting:
    """A hand-built follow-up: closes action 1.1, sets an action owned by an organisation."""
    text = ("Present: Ann Lee (Home Office), Cat Kim (Crown Commercial Service (CCS))\n"
            "Action 1.1: done.\n"
            "Cat Kim said that CCS would add the slides to the procurement templates.\n"
            "ACTION 2.1: Involve to consult civil society groups.\n")
    m = Meeting(source=source, text=text, title="Board meeting", date="2020-02-12")
    m.attendees = [Attendee("Ann Lee", "Home Office", **span(text, "Ann Lee (Home Office)")),
                   Attendee("Cat Kim", "Crown Commercial Service", **span(text, "Cat Kim"))]
    m.people = [Person("Ann Lee", **span(text, "Ann Lee")),
                Person("Cat Kim", **span(text, "Cat Kim"))]
    m.organisations = [Organisation("Home Office", **span(text, "Home Office")),
                       Organisation("Crown Commercial Service", "CCS",
                                    **span(text, "Crown Commercial Service (CCS)"))]
    m.statements = [Statement("Cat Kim", "CCS would add the slides to the procurement templates",
                              organisation="Crown Commercial Service",
                              **span(text, "CCS would add the slides"))]
    m.action_updates = [ActionItem("send the slides", "Bob Ray", ref="1.1", status="done",
                                   **span(text, "Action 1.1: done."))]
    m.action_items = [ActionItem("consult civil society groups", "Involve", ref="2.1",
                                 **span(text, "ACTION 2.1: Involve to consult"))]
    return m


@pytest.fixture
def meetings(tmp_path: Path) -> tuple[Meeting, Meeting]:
    """The two hand-built board meetings, as notes in tmp_path/board/."""
    return (board_meeting(str(tmp_path / "board" / "2020-01-15.txt")),
            second_board_meeting(str(tmp_path / "board" / "2020-02-12.txt")))


HANDMADE = "handmade"  # the series (folder) of the hand-built meetings in site_db


@pytest.fixture
def site_db(tmp_path: Path, notes: Path, meetings) -> Path:
    """A database file for the site: the fixture notes plus the two hand-built meetings."""
    from kb.importer import import_paths
    from kb.knowledge.rebuild import ensure_fresh
    from kb.storage.store import open_db, save_meeting

    path = tmp_path / "meetings.db"
    db = open_db(path)
    assert import_paths(db, [notes]).failed == 0
    for meeting in meetings:
        assert save_meeting(db, meeting, series=HANDMADE) == "added"
    ensure_fresh(db)  # as `kb import` and `kb serve` do: the site reads the derived tables
    db.close()
    return path
