"""The knowledge base over two real series (tests/fixtures), imported through the parser.

Assertions pin what the hand-made ledgers in ../shared/eval/ledger/ say (text, owner, status,
opening and closing meeting), so a better parser cannot break them, only a worse one.
"""
from __future__ import annotations

import pytest

from kb.knowledge import queries
from kb.storage.store import open_db

from series_db import ICAT_DATES, import_series


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return open_db(import_series(tmp_path_factory.mktemp("corpus")))


def action(db, start: str) -> dict:
    (found,) = [a for a in queries.actions(db) if a["text"].startswith(start)]
    return found


def person(db, name: str) -> dict:
    (found,) = [p for p in queries.people(db) if p["name"] == name]
    return found


def test_two_series_in_date_order_with_links(db):
    series = {r["name"]: r for r in db.query("select * from series")}
    assert {n: (s["meeting_count"], s["first_date"], s["last_date"]) for n, s in series.items()} \
        == {"icat-monthly": (4, "2017-02-23", "2017-05-25"),
            "Open Standards Board": (9, "2013-05-09", "2018-05-03")}
    rows = list(db.query("""select m.date, p.date as prev, n.date as next from series_meetings sm
        join meetings m on m.id = sm.meeting_id
        left join meetings p on p.id = sm.previous_meeting_id
        left join meetings n on n.id = sm.next_meeting_id
        where sm.series_id = ? order by sm.position""", [series["icat-monthly"]["id"]]))
    assert [(r["prev"], r["date"], r["next"]) for r in rows] == [
        (None, ICAT_DATES[0], ICAT_DATES[1]), (ICAT_DATES[0], ICAT_DATES[1], ICAT_DATES[2]),
        (ICAT_DATES[1], ICAT_DATES[2], ICAT_DATES[3]), (ICAT_DATES[2], ICAT_DATES[3], None)]


def test_icat_numbered_actions_are_one_row_each(db):
    icat = [a for a in queries.actions(db) if a["ref"] in ("102.1", "102.2")]
    assert [(a["ref"], a["owner"], a["status"], a["opened"], a["closed"]) for a in icat] == [
        ("102.1", "Rolf", "open", "2017-02-23", None),
        ("102.2", "Brian Ritchie", "open", "2017-02-23", None)]
    # reported on ("Action 102.1: Rolf reported that this is ongoing") at each later meeting
    assert ICAT_DATES[:3] == icat[0]["meetings"][:3]


def test_icat_action_tables_give_the_actions_text_and_later_numbers(db):
    # the table listing each meeting repeats an open action: one row, every meeting
    assert action(db, "Send message to icatgroup")["meetings"] == ICAT_DATES
    assert action(db, "Produce new releases of IJP components")["meetings"] == ICAT_DATES
    numbered = {a["ref"]: a for a in queries.actions(db) if a["ref"] in ("106.1", "106.2",
                                                                          "107.1")}
    assert {r: (a["owner"], a["opened"], a["status"], a["closed"], a["meetings"])
            for r, a in numbered.items()} == {
        "106.1": ("Steve", "2017-04-27", "open", None, ICAT_DATES[2:]),
        "106.2": ("Steve", "2017-04-27", "open", None, ICAT_DATES[2:]),
        "107.1": ("Steve", "2017-05-25", "open", None, ICAT_DATES[3:])}
    assert action(db, "Produce a report detailing the suggested schema changes")["ref"] == "106.1"


def test_board_actions_with_owner_and_dates(db):
    expect = {
        "share the suggested improvements to the standards process":
            ("Magnus Falk and Anisha Ahuja", "2014-10-06"),
        "amend the country codes proposal to remove reference": ("Paul Downey", "2015-04-27"),
        "investigate copyright of ISO standards": ("Secretariat", "2015-04-27"),
        "take forward a discovery project": ("Paul Downey", "2015-11-13"),
        "list issues in the process that may be missed": ("Chris Francis", "2016-04-25"),
        "invite JS to Digital Economy Council": ("Liam Maxwell", "2017-06-20"),
        "find out who trialled the standard": ("Open Standards Team", "2018-05-03"),
    }
    for start, (owner, opened) in expect.items():
        a = action(db, start)
        assert (a["owner"], a["opened"], a["status"], a["closed"], a["meetings"]) == \
            (owner, opened, "open", None, [opened]), start


def test_board_action_closed_by_a_later_report(db):
    # 2016-04-25: "The chair took an action to write to schema.org's steering group ... The
    # board has since received a reply"
    letter = action(db, "write to the schema.org steering group")
    assert (letter["ref"], letter["status"], letter["opened"], letter["closed"]) == \
        ("6", "done", "2015-11-13", "2016-04-25")
    assert letter["meetings"] == ["2015-11-13", "2016-04-25"]


def test_every_action_belongs_to_the_series_of_its_meetings(db):
    for a in queries.actions(db):
        icat = a["series"] == "icat-monthly"
        assert all((d in ICAT_DATES) == icat for d in a["meetings"]), a


def test_people_spelt_two_ways_are_one_person(db):
    dan = person(db, "Daniel Appelquist")
    assert dan["aliases"] == ["Dan Appelquist"]
    assert {"2015-04-27", "2015-11-13", "2016-04-25"} <= set(dan["attended"])
    assert {"Telefonica", "Samsung"} <= set(dan["organisations"])
    # one full name with two organisations over time is one person
    assert {"Bolton University", "CETIS"} <= set(person(db, "Adam Cooper")["organisations"])


def test_people_sharing_a_first_name_stay_apart(db):
    names = {p["name"] for p in queries.people(db)}
    for pair in [("Tom Gowland", "Tom Griffin"), ("Peter Grzeszczak", "Peter Counter"),
                 ("David Cotterill", "David Barnes"), ("John Sheridan", "John Strudwick")]:
        assert set(pair) <= names, pair
    assert person(db, "Tom Griffin")["attended"] == ["2017-02-23"]
    assert person(db, "Tom Gowland")["attended"] == ICAT_DATES[:3]
    # "Brian" at meetings 106 and 107 is the series' one Brian, Brian Ritchie
    assert person(db, "Brian Ritchie")["attended"] == ["2017-02-23", "2017-04-27", "2017-05-25"]
    assert "Brian" not in names
    assert person(db, "Steve")["attended"] == ICAT_DATES
