"""People, organisations, series and commitments across hand-built meetings (kb.knowledge.person_identity & co)."""
from __future__ import annotations

from pathlib import Path

from ingest import Attendee, Commitment, Meeting, Organisation, Person, Statement
from kb.knowledge import queries
from kb.knowledge.rebuild import ensure_fresh
from kb.storage.store import open_db, save_meeting


def note(folder: Path, date: str, attendees: list[tuple[str, str | None]],
         people: list[Person] = (), orgs: list[Organisation] = ()) -> Meeting:
    m = Meeting(source=str(folder / f"{date}-meeting.txt"), text="...", title="Implementation",
                date=date)
    m.attendees = [Attendee(n, o) for n, o in attendees]
    m.people = [Person(n, o) for n, o in attendees] + list(people)
    m.organisations = list(orgs) + [Organisation(o) for o in {o for _, o in attendees if o}]
    return m


def build(tmp_path: Path, notes: list[Meeting]):
    db = open_db(tmp_path / "kb.db")
    for m in notes:
        save_meeting(db, m)
    ensure_fresh(db)
    return db


def by_name(db) -> dict[str, dict]:
    return {p["name"]: p for p in queries.people(db)}


def test_first_names_and_spellings_become_aliases_of_one_person(tmp_path):
    ogn = tmp_path / "ogn"
    db = build(tmp_path, [
        note(ogn, "2017-02-01", [("William Gerry", "Cabinet Office, Government Digital Service"),
                                 ("Dan Appelquist", "Telefonica")],
             people=[Person("William Gerry", aliases=["Will"])]),
        note(ogn, "2017-03-01", [("Will", None), ("Daniel Appelquist", "Telefonica")]),
        note(ogn, "2017-11-30", [("William Gerry", "Government Digital Service")]),
    ])
    people = by_name(db)
    assert set(people) == {"William Gerry", "Daniel Appelquist"}
    will = people["William Gerry"]
    assert will["aliases"] == ["Will"]
    assert will["attended"] == ["2017-02-01", "2017-03-01", "2017-11-30"]
    assert will["organisations"] == ["Government Digital Service"]
    assert people["Daniel Appelquist"]["aliases"] == ["Dan Appelquist"]


def test_people_sharing_a_first_name_are_kept_apart(tmp_path):
    icat = tmp_path / "icat"
    db = build(tmp_path, [
        note(icat, "2017-02-23", [("Tom Gowland", None), ("Tom Griffin", None),
                                  ("Brian Ritchie", None)], people=[Person("Tom")]),
        note(icat, "2017-04-27", [("Tom Gowland", None), ("Brian", None)]),
        # a first name at a meeting with only one full name it fits is that person
        note(icat, "2017-05-25", [("Tom Griffin", None)], people=[Person("Tom")]),
    ])
    people = by_name(db)
    assert people["Tom Gowland"]["attended"] == ["2017-02-23", "2017-04-27"]
    assert people["Tom Griffin"]["attended"] == ["2017-02-23", "2017-05-25"]
    assert people["Tom Griffin"]["aliases"] == ["Tom"]
    assert people["Tom Gowland"]["aliases"] == []
    # "Tom" at the first meeting fits both: a person of its own, not a merge
    assert people["Tom"]["attended"] == []
    assert people["Brian Ritchie"]["aliases"] == ["Brian"]
    assert people["Brian Ritchie"]["attended"] == ["2017-02-23", "2017-04-27"]


def test_spelling_variants_merge_only_on_evidence(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    db = build(tmp_path, [
        note(a, "2017-01-10", [("Michelle Brook", "Open Knowledge"), ("Rachel Davies", "Involve")]),
        note(a, "2017-02-10", [("Michelle Brooke", "Open Knowledge"),
                               ("Rachel Davies Teka", "Involve")]),
        # same spelling variant, no shared organisation or role, another series: not merged
        note(b, "2017-03-10", [("Michelle Brookes", "Home Office")]),
        # two names listed at one meeting are two people, whatever else they share
        note(b, "2017-04-10", [("Sam Jones", "Home Office"), ("Samuel Jones", "Home Office")]),
    ])
    people = by_name(db)
    # equally full spellings: the first alphabetically names the person, the other is an alias
    assert people["Michelle Brook"]["aliases"] == ["Michelle Brooke"]
    assert people["Michelle Brook"]["attended"] == ["2017-01-10", "2017-02-10"]
    assert people["Rachel Davies Teka"]["aliases"] == ["Rachel Davies"]
    assert people["Michelle Brookes"]["aliases"] == []
    assert "Sam Jones" in people and "Samuel Jones" in people


def test_same_full_name_is_one_person_with_an_organisation_history(tmp_path):
    board = tmp_path / "board"
    db = build(tmp_path, [
        note(board, "2014-03-25", [("Zaheda Bhorat", "Government Digital Service")]),
        note(board, "2018-05-03", [("Zaheda Bhorat", "Amazon")]),
    ])
    (person,) = queries.people(db, "zaheda")
    assert person["organisations"] == ["Government Digital Service", "Amazon"]
    detail = queries.person_detail(db, person["id"])
    assert [(o["organisation"], o["first_date"], o["last_date"])
            for o in detail["organisation_history"]] == [
        ("Government Digital Service", "2014-03-25", "2014-03-25"),
        ("Amazon", "2018-05-03", "2018-05-03")]


def test_organisations_acronyms_and_parent_units(tmp_path):
    ogn = tmp_path / "ogn"
    db = build(tmp_path, [
        note(ogn, "2017-02-01", [("William Gerry", "Cabinet Office, Government Digital Service")],
             orgs=[Organisation("Government Digital Service", "GDS"),
                   Organisation("Cabinet Office"),
                   Organisation("Department for Business, Energy and Industrial Strategy")]),
        note(ogn, "2017-03-01", [("Peter Hatchard", "GDS")]),
    ])
    rows = {r["name"]: r for r in db.query("""
        select o.name, c.name as canonical, p.name as parent from organisation_identities oi
        join organisations o on o.id = oi.organisation_id
        join organisations c on c.id = oi.canonical_id
        left join organisations p on p.id = oi.parent_id""")}
    assert rows["GDS"]["canonical"] == "Government Digital Service"
    assert rows["Cabinet Office, Government Digital Service"]["canonical"] == \
        "Government Digital Service"
    assert rows["Government Digital Service"]["parent"] == "Cabinet Office"
    # a comma inside a name is not a unit path unless both parts are organisations
    dbeis = rows["Department for Business, Energy and Industrial Strategy"]
    assert (dbeis["canonical"], dbeis["parent"]) == (dbeis["name"], None)
    assert by_name(db)["Peter Hatchard"]["organisations"] == ["Government Digital Service"]


def test_series_order_and_links(tmp_path):
    icat = tmp_path / "icat"
    db = build(tmp_path, [note(icat, d, []) for d in ("2017-04-27", "2017-02-23", "2017-03-23")]
               + [note(tmp_path / "other", "2017-03-01", [])])
    rows = list(db.query("""select m.date, p.date as prev, n.date as next, s.meeting_count
        from series_meetings sm join series s on s.id = sm.series_id
        join meetings m on m.id = sm.meeting_id
        left join meetings p on p.id = sm.previous_meeting_id
        left join meetings n on n.id = sm.next_meeting_id
        where s.folder = 'icat' order by sm.position"""))
    assert [(r["date"], r["prev"], r["next"]) for r in rows] == [
        ("2017-02-23", None, "2017-03-23"),
        ("2017-03-23", "2017-02-23", "2017-04-27"),
        ("2017-04-27", "2017-03-23", None)]
    assert db["series"].count == 2


def test_commitment_timeline_across_numbered_and_plain_names(tmp_path):
    ogn = tmp_path / "ogn"
    first = note(ogn, "2017-02-01", [("Andrew Bowen", "Crown Commercial Service")])
    first.commitments = [Commitment("Commitment 5: Open contracting", ["Andrew Bowen"],
                                    "OCP are doing a review")]
    second = note(ogn, "2017-11-30", [("Andrew Bowen", "Crown Commercial Service")])
    second.commitments = [Commitment("Open Contracting", ["Andrew Bowen"], "the review is out")]
    second.statements = [Statement("Andrew Bowen", "the data will be published monthly",
                                   commitment="Open Contracting")]
    db = build(tmp_path, [first, second])
    (found,) = queries.commitments(db, "open contracting")
    assert [(t["meeting_date"], t["kind"], t["text"]) for t in found["timeline"]] == [
        ("2017-02-01", "update", "OCP are doing a review"),
        ("2017-11-30", "update", "the review is out"),
        ("2017-11-30", "statement", "the data will be published monthly")]
    assert queries.commitments(db, "Commitment 5: Open Contracting") == [found]


def test_any_write_to_meetings_makes_the_derived_tables_stale(tmp_path):
    from kb.knowledge.rebuild import is_fresh
    from kb.storage.store import delete_meeting, note_key

    ogn = tmp_path / "ogn"
    first = note(ogn, "2017-02-01", [("William Gerry", "Cabinet Office")])
    db = build(tmp_path, [first])
    assert is_fresh(db)
    save_meeting(db, note(ogn, "2017-03-01", [("Ann Lee", "Involve")]))
    assert not is_fresh(db)  # a new note
    assert ensure_fresh(db) and is_fresh(db) and "Ann Lee" in by_name(db)
    first.attendees.append(Attendee("Bob Ray", "Involve"))
    first.people.append(Person("Bob Ray", "Involve"))
    save_meeting(db, first)
    assert not is_fresh(db)  # a changed note
    ensure_fresh(db)
    assert delete_meeting(db, note_key(db, ogn / "2017-03-01-meeting.txt"))
    assert not is_fresh(db)  # a pruned note
    ensure_fresh(db)
    assert "Ann Lee" not in by_name(db) and "Bob Ray" in by_name(db)
