"""The action-item ledger (kb.knowledge.ledger) over hand-built meetings saved to a real SQLite file.

The meetings are shaped like the ICAT monthly notes once their action tables are parsed: each
meeting lists the open actions again in a table (kind "new", same number) and reports on some
of them ("Action 102.1: Rolf reported that it is done", kind "update").
"""
from __future__ import annotations

from pathlib import Path

from ingest import ActionItem, Attendee, Meeting, Person
from kb.knowledge import queries
from kb.knowledge.rebuild import ensure_fresh, rebuild
from kb.storage.store import open_db, save_meeting

DATES = ["2017-02-23", "2017-03-23", "2017-04-27", "2017-05-25"]
ICAT_PEOPLE = ["Steve", "Rolf", "Brian Ritchie", "Tom Gowland", "Tom Griffin"]


def meeting(folder: Path, date: str, number: int, new=(), updates=(), people=ICAT_PEOPLE,
            attendees=None) -> Meeting:
    m = Meeting(source=str(folder / f"{date}-monthly-{number}.md"), text=f"Meeting {number}",
                title=f"Meeting {number}", date=date)
    m.attendees = [Attendee(n) for n in (attendees if attendees is not None else people)]
    m.people = [Person(n) for n in people]
    m.action_items = [ActionItem(*a) if isinstance(a, tuple) else a for a in new]
    m.action_updates = list(updates)
    return m


def table(*refs: str) -> list[ActionItem]:
    rows = {"102.1": ("Send message to icatgroup explaining proposed modification to plugin "
                      "interface for IDS locking", "Rolf"),
            "102.2": ("Produce new releases of IJP components", "Brian Ritchie"),
            "106.1": ("Produce a report detailing the suggested schema changes", "Steve")}
    return [ActionItem(rows[r][0], rows[r][1], ref=r) for r in refs]


def icat_series(folder: Path) -> list[Meeting]:
    return [
        meeting(folder, DATES[0], 104, new=[
            *table("102.1", "102.2"),
            ActionItem("look into how rules would be enforced at this level", "Steve"),
            ActionItem("send the minutes round", "Tom Gowland", "next week", status="done"),
        ], updates=[ActionItem("Rolf has not yet completed this action", ref="Action 102.1")]),
        meeting(folder, DATES[1], 105, new=[
            *table("102.1", "102.2"),
            # the same unnumbered action, listed again in other words
            ActionItem("look into how the rules would be enforced at this level", "Steve"),
        ], updates=[ActionItem("Rolf reported that this is ongoing", ref="102.1")]),
        meeting(folder, DATES[2], 106, new=[
            *table("102.1", "102.2", "106.1"),
            ActionItem("write the release notes", "Brian R.", "by the end of May 2017"),
            ActionItem("circulate the agenda", "Tom", "at the next meeting"),
        ], updates=[
            ActionItem("Rolf reported that it is done", ref="102.1", status="done"),
            ActionItem("Steve has completed looking into how rules would be enforced",
                       "Steve", status="done"),
        ]),
        meeting(folder, DATES[3], 107, new=table("102.2", "106.1"), updates=[
            ActionItem("no longer needed", ref="106.1", status="dropped")]),
    ]


def ledger(db_path: Path, notes: list[Meeting]) -> dict[str, dict]:
    db = open_db(db_path)
    for m in notes:
        save_meeting(db, m)
    ensure_fresh(db)
    return {a["ref"] or a["text"]: a for a in queries.actions(db)}


def test_numbered_actions_are_one_row_each_with_their_history(tmp_path):
    rows = ledger(tmp_path / "kb.db", icat_series(tmp_path / "icat"))
    done = rows["102.1"]
    assert (done["status"], done["opened"], done["closed"], done["owner"]) == \
        ("done", DATES[0], DATES[2], "Rolf")
    # the table's wording, not the report's, says what the action is
    assert done["text"].startswith("Send message to icatgroup")
    assert done["meetings"] == DATES[:3]
    still_open = rows["102.2"]
    assert (still_open["status"], still_open["closed"], still_open["meetings"]) == \
        ("open", None, DATES)
    dropped = rows["106.1"]
    assert (dropped["status"], dropped["opened"], dropped["closed"]) == \
        ("dropped", DATES[2], DATES[3])


def test_unnumbered_actions_match_by_owner_and_text(tmp_path):
    rows = ledger(tmp_path / "kb.db", icat_series(tmp_path / "icat"))
    rules = rows["look into how rules would be enforced at this level"]
    assert (rules["status"], rules["opened"], rules["closed"], rules["meetings"]) == \
        ("done", DATES[0], DATES[2], DATES[:3])
    # a ticked box when the action is set: done at the meeting that set it
    minutes = rows["send the minutes round"]
    assert (minutes["status"], minutes["opened"], minutes["closed"]) == \
        ("done", DATES[0], DATES[0])
    assert len(rows) == 7


def test_owner_is_the_resolved_person_and_due_dates_are_resolved(tmp_path):
    rows = ledger(tmp_path / "kb.db", icat_series(tmp_path / "icat"))
    notes = rows["write the release notes"]
    assert (notes["owner"], notes["due"], notes["due_date"]) == \
        ("Brian Ritchie", "by the end of May 2017", "2017-05-31")
    # "Tom" could be Tom Gowland or Tom Griffin: left as written
    agenda = rows["circulate the agenda"]
    assert (agenda["owner"], agenda["due_date"]) == ("Tom", DATES[3])  # the next meeting
    assert rows["send the minutes round"]["due_date"] == "2017-03-02"  # next week


def without_ids(rows: dict) -> dict:
    return {key: {k: v for k, v in row.items() if k != "id"} for key, row in rows.items()}


def test_import_order_and_repeated_rebuilds_change_nothing(tmp_path):
    notes = icat_series(tmp_path / "icat")
    forward = ledger(tmp_path / "a.db", notes)
    backward = ledger(tmp_path / "b.db", list(reversed(notes)))
    # an action's id is that of the mention that opened it, a row id that depends on the order
    # notes were stored in; everything the ledger says must not
    assert without_ids(backward) == without_ids(forward)
    db = open_db(tmp_path / "a.db")
    rebuild(db)
    rebuild(db)
    assert {a["ref"] or a["text"]: a for a in queries.actions(db)} == forward
    assert db["actions"].count == 7 and db["action_mentions"].count == 19


def test_a_changed_note_updates_the_ledger(tmp_path):
    notes = icat_series(tmp_path / "icat")
    ledger(tmp_path / "kb.db", notes)
    notes[3].action_updates.append(ActionItem("Brian released them", ref="102.2",
                                              status="done"))
    rows = ledger(tmp_path / "kb.db", notes[3:])  # only the changed note is saved again
    assert (rows["102.2"]["status"], rows["102.2"]["closed"]) == ("done", DATES[3])


def test_bare_numbers_restart_each_meeting(tmp_path):
    folder = tmp_path / "board"
    notes = [
        meeting(folder, "2015-11-13", 1, new=[
            ActionItem("forward suggestions for an open register for addressing",
                       "All board members", "by 27 November", "1"),
            ActionItem("write to the schema.org steering group", "The chair", None, "2")]),
        meeting(folder, "2016-04-25", 2, new=[
            ActionItem("work with CCS on a UK alert issuing bodies forum", "Secretariat",
                       None, "1")],
                updates=[ActionItem("reply received", ref="2", status="done")]),
    ]
    rows = queries.actions(_db_with(tmp_path, notes))
    assert [(a["ref"], a["opened"], a["status"], a["closed"]) for a in rows] == [
        ("1", "2015-11-13", "open", None),
        ("2", "2015-11-13", "done", "2016-04-25"),
        ("1", "2016-04-25", "open", None),
    ]
    assert rows[0]["due_date"] == "2015-11-27"


def test_a_report_without_a_number_closes_the_action_it_repeats(tmp_path):
    folder = tmp_path / "board"
    notes = [
        meeting(folder, "2015-11-13", 1, new=[
            ActionItem("write to the schema.org steering group and request that they open "
                       "their processes", "The chair"),
            ActionItem("draft a letter", "Secretariat")]),
        meeting(folder, "2016-04-25", 2, updates=[
            ActionItem("The chair wrote to schema.org's steering group; a reply was received",
                       "The chair", status="done")]),
    ]
    rows = {a["text"]: a for a in queries.actions(_db_with(tmp_path, notes))}
    assert len(rows) == 2
    letter = rows["write to the schema.org steering group and request that they open their "
                  "processes"]
    assert (letter["status"], letter["closed"]) == ("done", "2016-04-25")
    assert rows["draft a letter"]["status"] == "open"


def test_owner_filter_and_open_filter(tmp_path):
    db = _db_with(tmp_path, icat_series(tmp_path / "icat"))
    assert {a["ref"] for a in queries.actions(db, open_only=True)} == {"102.2", None}
    assert [a["text"] for a in queries.actions(db, owner="brian r")] == [
        "Produce new releases of IJP components", "write the release notes"]


def _db_with(tmp_path: Path, notes: list[Meeting]):
    db = open_db(tmp_path / "kb.db")
    for m in notes:
        save_meeting(db, m)
    ensure_fresh(db)
    return db


def test_series_entries_hand_over_every_entry_a_mention_could_join_in_opened_order():
    from types import SimpleNamespace as NS

    from kb.knowledge.series_entries import SeriesEntries

    entries = SeriesEntries()
    entries.start_meeting()
    first, second = NS(ref=None, main=None), NS(ref="7", main=NS(text="order the quinces"))
    entries.append(first)
    entries.append(second)
    first.ref, first.main = "7", NS(text="weigh the marrows")  # numbered once a mention joins
    entries.update(first)
    entries.start_meeting()
    third = NS(ref=None, main=NS(text="weigh the quinces"))
    entries.append(third)
    # the first opened comes first, though its number was indexed after the second's
    assert entries.with_ref("7") == [first, second]
    assert entries.sharing_words("Quinces weighed") == [first, second, third]
    assert entries.sharing_words("paint the shed") == []
    assert entries.opened_here() == [third]
