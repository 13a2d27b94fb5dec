"""People across meetings (issue 12): every kind of merge keeps its evidence, and a shared
name alone never merges two people of unrelated bodies. Through the real CLI."""
from __future__ import annotations

from ingest import Attendee, Meeting, Person, Statement

from cli12 import kb, kb_json, note, save

BOARD = """\
    # Harbour Trust board meeting

    Date: {date}

    ## Attendees

    {people}

    ## Actions

    - {action}
    """


def board(folder, date, people, action):
    return note(folder, f"{date}-board.md", BOARD.format(
        date=date, people="\n    ".join(f"- {p}" for p in people), action=action))


def people_of(runner, db):
    return {p["name"]: p for p in kb_json(runner, "people", "--db", db)}


def test_double_surnames_nicknames_and_surnames_are_one_person(tmp_path, runner):
    folder, db = tmp_path / "harbour", tmp_path / "kb.db"
    board(folder, "2021-03-04", ["Alma Arkwright-Bell, Harbour Trust",
                                 "Oliver Tremayne, Harbour Trust",
                                 "Priya Ramanathan, Tidewater Council"],
          "Oliver Tremayne to cost the slipway repairs.")
    board(folder, "2021-06-10", ["Alma Arkwright Bell, Harbour Trust",
                                 "Ollie Tremayne, Harbour Trust",
                                 "Ms Ramanathan, Tidewater Council"],
          "Ms Ramanathan to book the hall for the open day.")
    kb(runner, "import", "--db", db, folder)
    people = people_of(runner, db)
    assert set(people) == {"Alma Arkwright Bell", "Oliver Tremayne", "Priya Ramanathan"}
    for p in people.values():
        assert p["attended"] == ["2021-03-04", "2021-06-10"], p
    assert people["Oliver Tremayne"]["aliases"] == ["Ollie Tremayne"]
    # each merge says why
    out = kb(runner, "people", "--db", db, "Ollie Tremayne").stdout
    assert "same person as 'Ollie Tremayne': nickname" in out
    assert "shared organisation Harbour Trust" in out
    assert "same person as 'Alma Arkwright-Bell': hyphenation" in \
        kb(runner, "people", "--db", db, "Alma").stdout
    out = kb(runner, "people", "--db", db, "Priya Ramanathan").stdout
    assert "same person as 'Ramanathan': surname" in out
    assert "action open 2021-06-10: book the hall for the open day" in out


def meeting(folder, date, attendees, people=(), statements=()):
    m = Meeting(source=str(folder / f"{date}-wg.md"), text="...", title="Lantern WG", date=date)
    m.attendees = [Attendee(n, o) for n, o in attendees]
    m.people = [Person(n, o) for n, o in attendees] + list(people)
    m.statements = list(statements)
    return m


def test_titles_honours_irc_nicks_and_aliases_the_note_gives(tmp_path, runner):
    folder, db = tmp_path / "wg", tmp_path / "kb.db"
    save(db, meeting(folder, "2014-04-15", [("David MacDonald", "CanAdapt"),
                                            ("Dr Katie Haritos-Shea", "Knowbility")],
                     people=[Person("DMacD"), Person("DMcD"), Person("Ms Haritos-Shea"),
                             Person("Joshue O Connor", aliases=["Josh"])],
                     statements=[Statement("DMacD", "we do want to make sure it works"),
                                 Statement("DMcD", "it is a difficult question"),
                                 Statement("Josh", "let us limit it to SCR21")]),
         meeting(folder, "2014-04-22", [("Katie Haritos-Shea OBE", "Knowbility"),
                                        ("Joshue O Connor", None)]))
    people = people_of(runner, db)
    david = people["David MacDonald"]
    assert david["aliases"] == ["DMacD", "DMcD"]
    assert people["Katie Haritos-Shea"]["attended"] == ["2014-04-15", "2014-04-22"]
    assert set(people) == {"David MacDonald", "Katie Haritos-Shea", "Joshue O Connor"}
    out = kb(runner, "people", "--db", db, "DMcD").stdout
    assert out.startswith("David MacDonald (also DMacD, DMcD)")
    assert "same person as 'DMacD': chat handle, at the meeting (2014-04-15, 1 meeting)" in out
    assert "said 2014-04-15: it is a difficult question" in out
    out = kb(runner, "people", "--db", db, "Josh").stdout
    assert "same person as 'Josh': alias given in the note" in out
    assert people["Katie Haritos-Shea"]["aliases"] == [
        "Dr Katie Haritos-Shea", "Katie Haritos-Shea OBE", "Ms Haritos-Shea"]
    out = kb(runner, "people", "--db", db, "Katie").stdout
    assert "same person as 'Katie Haritos-Shea OBE': honorific" in out
    assert "same person as 'Ms Haritos-Shea': title and surname" in out


def test_the_same_name_in_unrelated_bodies_with_other_organisations_is_two_people(
        tmp_path, runner):
    db = tmp_path / "kb.db"
    save(db, meeting(tmp_path / "harbour", "2021-03-04", [("Sam Patel", "Harbour Trust")]),
         meeting(tmp_path / "rowing", "2021-05-05", [("Sam Patel", "Kingfisher Rowing Club")]),
         # within one body a changed organisation is a job change, not another person
         meeting(tmp_path / "harbour", "2022-03-03", [("Sam Patel", "Tidewater Council")]),
         # no organisation to tell them apart: the name is the evidence
         meeting(tmp_path / "canal", "2021-07-07", [("Gwen Morgan", None)]),
         meeting(tmp_path / "rowing", "2021-08-08", [("Gwen Morgan", "Canal Society")]))
    sams = [p for p in kb_json(runner, "people", "--db", db) if p["name"] == "Sam Patel"]
    assert sorted((p["attended"], p["organisations"]) for p in sams) == [
        (["2021-03-04", "2022-03-03"], ["Harbour Trust", "Tidewater Council"]),
        (["2021-05-05"], ["Kingfisher Rowing Club"])]
    (gwen,) = [p for p in kb_json(runner, "people", "--db", db) if p["name"] == "Gwen Morgan"]
    assert gwen["attended"] == ["2021-07-07", "2021-08-08"]
    out = kb(runner, "people", "--db", db, "Gwen Morgan").stdout
    assert "same name, the same name in" in out and "no organisation tells them apart" in out
