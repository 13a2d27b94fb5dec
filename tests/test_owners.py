"""Owners are people or named teams, one identity however the notes write them (issue 12),
checked through the real CLI on invented notes and hand-built meetings."""
from __future__ import annotations

from ingest import ActionItem, Attendee, Meeting, Person

from cli12 import kb, kb_json, note, save

HARBOUR = """\
    # Harbour Trust board meeting

    Date: {date}

    ## Attendees

    - Alma Arkwright (AA), Harbour Trust
    - Benedict Okafor (BO), Tidewater Council
    - Priya Ramanathan (PR), Harbour Trust

    ## Actions

    {actions}
    """


def harbour(folder, date, *actions):
    return note(folder, f"{date}-board.md",
                HARBOUR.format(date=date, actions="\n    ".join(f"- {a}" for a in actions)))


def owners(runner, db, **filters):
    args = [x for k, v in filters.items() for x in (f"--{k}", v)]
    return {a["text"]: a["owner"] for a in kb_json(runner, "actions", "--db", db, *args)}


def test_initials_in_brackets_are_the_attendee_with_those_initials(tmp_path, runner):
    harbour(tmp_path / "harbour", "2021-03-04",
            "Draft the harbour master's job description (AA)",
            "Ask the council about the grant deadline (BO)",
            "Book the venue for the open day (All)")
    db = tmp_path / "kb.db"
    kb(runner, "import", "--db", db, tmp_path / "harbour")
    # initials nobody defined in this note: the attendee whose name they are
    m = Meeting(source=str(tmp_path / "harbour" / "2021-06-10-board.md"), text="...",
                title="Harbour Trust board meeting", date="2021-06-10")
    m.attendees = [Attendee("Alma Arkwright", "Harbour Trust"),
                   Attendee("Benedict Okafor", "Tidewater Council")]
    m.people = [Person("Alma Arkwright"), Person("Benedict Okafor")]
    m.action_items = [ActionItem("Repaint the slipway", "AA"),
                      ActionItem("Count the moorings", "@BO")]
    save(db, m)
    got = owners(runner, db)
    assert got["Draft the harbour master's job description"] == "Alma Arkwright"
    assert got["Ask the council about the grant deadline"] == "Benedict Okafor"
    assert got["Book the venue for the open day"] == "All"
    assert got["Repaint the slipway"] == "Alma Arkwright"
    assert got["Count the moorings"] == "Benedict Okafor"
    # one person, however written: --owner by first name finds both of Alma's
    assert set(owners(runner, db, owner="Alma")) == {
        "Draft the harbour master's job description", "Repaint the slipway"}
    assert set(owners(runner, db, owner="AA")) == set(owners(runner, db, owner="Alma"))


def meeting(folder, date, attendees, actions, roles=None):
    m = Meeting(source=str(folder / f"{date}-meeting.md"), text="...", title="Parish council",
                date=date)
    m.attendees = [Attendee(n, "Parish Council", role=(roles or {}).get(n)) for n in attendees]
    m.people = [Person(n, role=(roles or {}).get(n)) for n in attendees]
    m.action_items = [ActionItem(text, owner) for text, owner in actions]
    return m


def test_teams_roles_and_placeholders(tmp_path, runner):
    folder, db = tmp_path / "parish", tmp_path / "kb.db"
    save(db, meeting(folder, "2022-01-10", ["Ruth Okonkwo", "Dev Anand"], [
        ("circulate the precept figures", "Secretariat"),
        ("book the village hall", "the Clerk"),
        ("agree the grass-cutting contract", "??"),
        ("check the bus shelter", "Ruth Okonkwo/Dev Anand"),
    ], roles={"Ruth Okonkwo": "Clerk"}),
        meeting(folder, "2022-02-14", ["Ruth Okonkwo", "Dev Anand"], [
            ("publish the minutes on the noticeboard", "The secretariat"),
            ("order the grit bins", "Co-chairs")]))
    got = owners(runner, db)
    assert got["circulate the precept figures"] == got["publish the minutes on the noticeboard"] \
        == "Secretariat"
    assert got["book the village hall"] == "Ruth Okonkwo"  # the meeting's clerk
    assert got["agree the grass-cutting contract"] is None  # "??" is no owner
    assert got["check the bus shelter"] == "Ruth Okonkwo and Dev Anand"
    assert got["order the grit bins"] == "Co-chairs"
    # "The secretariat" and "Secretariat" are one owner to --owner too
    assert set(owners(runner, db, owner="the secretariat")) == {
        "circulate the precept figures", "publish the minutes on the noticeboard"}
    assert set(owners(runner, db, owner="Dev")) == {"check the bus shelter"}
    text = kb(runner, "actions", "--db", db, "--open").stdout
    assert "??" not in text and "(no owner): agree the grass-cutting contract" in text


def test_owner_matches_a_person_and_only_that_person(tmp_path, runner):
    folder, db = tmp_path / "forms", tmp_path / "kb.db"
    save(db, meeting(folder, "2014-04-09", ["Steven Pemberton", "Nick Vale"], [
        ("fix the label text", "Steven Pemberton")]),
        meeting(folder, "2014-04-16", ["Steve Fisher", "Nick Vale"], [
            ("release the schema", "Steve Fisher"), ("write the tests", "SF")]))
    assert set(owners(runner, db, owner="Steve")) == {"release the schema", "write the tests"}
    assert set(owners(runner, db, owner="Steven")) == {"fix the label text"}
    assert set(owners(runner, db, owner="Fisher")) == {"release the schema", "write the tests"}
    assert owners(runner, db, owner="Nobody") == {}
