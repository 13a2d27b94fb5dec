"""Status from the notes (issue 12): review sections, status words, tracker ids, what is no
action, and the stale view, through the real CLI."""
from __future__ import annotations

from ingest import ActionItem, Attendee, Meeting, Person

from cli12 import kb, kb_json, note, save

FIRST = """\
    # Harbour Trust board meeting

    Date: 4 March 2021

    ## Attendees

    - Alma Arkwright, Harbour Trust
    - Benedict Okafor, Tidewater Council

    ## Actions

    - Action 3.1: Alma to circulate the mooring survey.
    - Action 3.2: Benedict to cost the slipway repairs.
    - Action 3.3: Alma to draft the volunteer policy.
    """

SECOND = """\
    # Harbour Trust board meeting

    Date: 10 June 2021

    ## Attendees

    - Alma Arkwright, Harbour Trust
    - Benedict Okafor, Tidewater Council

    ## Actions from last meeting

    - Action 2.7: Alma to renew the insurance – done
    - Action 3.1: Alma to circulate the mooring survey – done
    - Action 3.2: Benedict to cost the slipway repairs – ongoing
    - Action 3.3: Alma to draft the volunteer policy – no longer needed

    ## Actions

    - Action 4.1: Benedict to order the new buoys.
    """


def ledger(runner, db):
    return {a["ref"] or a["text"]: a for a in kb_json(runner, "actions", "--db", db)}


def test_a_review_section_closes_and_drops_earlier_actions(tmp_path, runner):
    folder, db = tmp_path / "harbour", tmp_path / "kb.db"
    note(folder, "2021-03-04-board.md", FIRST)
    note(folder, "2021-06-10-board.md", SECOND)
    kb(runner, "import", "--db", db, folder)
    rows = ledger(runner, db)
    status = {ref: (a["status"], a["opened"], a["closed"]) for ref, a in rows.items()}
    assert status == {
        "3.1": ("done", "2021-03-04", "2021-06-10"),
        "3.2": ("open", "2021-03-04", None),
        "3.3": ("dropped", "2021-03-04", "2021-06-10"),
        "4.1": ("open", "2021-06-10", None),
    }  # 2.7 ended before the archive begins: a report on it is no action of the ledger
    assert rows["3.2"]["meetings"] == ["2021-03-04", "2021-06-10"]
    assert rows["3.1"]["owner"] == "Alma Arkwright"


def meeting(folder, date, new=(), updates=()):
    m = Meeting(source=str(folder / f"{date}-wg.md"), text="...", title="Lantern WG", date=date)
    m.attendees = [Attendee("Ollie Tremayne"), Attendee("Hanne Lund")]
    m.people = [Person("Ollie Tremayne"), Person("Hanne Lund")]
    m.action_items, m.action_updates = list(new), list(updates)
    return m


def test_status_words_tracker_ids_and_lines_that_are_no_action(tmp_path, runner):
    folder, db = tmp_path / "wg", tmp_path / "kb.db"
    save(db, meeting(folder, "2022-01-05", new=[
        ActionItem("renew the insurance", "Ollie Tremayne", ref="ACTION-190"),
        ActionItem("ACTION-191: Hanne to publish the wick table", "Hanne Lund"),
        ActionItem("write up the glass tests", "Hanne Lund"),
        ActionItem("fix the lamp posts", "Ollie Tremayne"),
        ActionItem("Next meeting: 6 months – TC/VC", due="Next meeting"),
        ActionItem("Carried forward from previous meeting:"),
        ActionItem("Send the survey [COMPLETE]", "Hanne Lund"),
    ]), meeting(folder, "2022-02-02", updates=[
        ActionItem("close action-190"),
        ActionItem("the wick table is published", "Hanne Lund", ref="action-191"),
        ActionItem("Hanne has not yet completed the glass tests write-up", "Hanne Lund"),
        ActionItem("lamp posts: no longer needed", "Ollie Tremayne"),
    ]))
    rows = ledger(runner, db)
    got = {k: (a["status"], a["closed"]) for k, a in rows.items()}
    assert got == {
        "ACTION-190": ("done", "2022-02-02"),
        "ACTION-191": ("done", "2022-02-02"),
        "write up the glass tests": ("open", None),
        "fix the lamp posts": ("dropped", "2022-02-02"),
        "Send the survey [COMPLETE]": ("done", "2022-01-05"),
    }


def test_stale_actions_are_open_and_unmentioned_for_n_meetings(tmp_path, runner):
    folder, db = tmp_path / "wg", tmp_path / "kb.db"
    dates = ["2022-01-05", "2022-02-02", "2022-03-02", "2022-04-06"]
    save(db, meeting(folder, dates[0], new=[
        ActionItem("renew the insurance", "Ollie Tremayne", ref="A1"),
        ActionItem("publish the wick table", "Hanne Lund", ref="A2"),
        ActionItem("order the lamp oil", "Hanne Lund", ref="A3")]),
        meeting(folder, dates[1], updates=[ActionItem("insurance: done", ref="A1")]),
        meeting(folder, dates[2], updates=[ActionItem("oil: ongoing", ref="A3")]),
        meeting(folder, dates[3]))
    stale = kb_json(runner, "actions", "--db", db, "--stale")
    assert [(a["ref"], a["meetings_since"], a["last_mentioned"]) for a in stale] == \
        [("A2", 3, dates[0])]
    assert [a["ref"] for a in kb_json(runner, "actions", "--db", db, "--stale",
                                      "--stale-after", "1")] == ["A2", "A3"]
    text = kb(runner, "actions", "--db", db, "--stale").stdout
    assert "publish the wick table (not mentioned for 3 meetings, since 2022-01-05)" in text



GUILD_MAY = """\
    # Lighthouse Guild meeting

    Date: 3 May 2022

    ## Attendees

    - Anouk Aalders (AA)
    - Bram Verlinde (BV)

    ## Actions

    - Bram to fix the fog horn
    - Anouk to order the brass polish

    Next meeting: 6 months
    """

GUILD_NOVEMBER = """\
    # Lighthouse Guild meeting

    Date: 8 November 2022

    ## Attendees

    - Anouk Aalders (AA)
    - Bram Verlinde (BV)

    ## Actions

    Carried forward from previous meeting:

    - Fog horn repairs: waiting for parts
    - [x] Anouk to order the brass polish

    New actions:

    - Bram to paint the railings
    """


def test_carried_forward_items_are_the_earlier_actions_and_a_tick_closes_one(tmp_path, runner):
    folder, db = tmp_path / "guild", tmp_path / "kb.db"
    note(folder, "2022-05-03-guild.md", GUILD_MAY)
    note(folder, "2022-11-08-guild.md", GUILD_NOVEMBER)
    kb(runner, "import", "--db", db, folder)
    rows = {a["text"]: a for a in kb_json(runner, "actions", "--db", db)}
    assert {t: (a["status"], a["opened"], a["closed"], a["meetings"]) for t, a in rows.items()} == {
        "fix the fog horn": ("open", "2022-05-03", None, ["2022-05-03", "2022-11-08"]),
        "order the brass polish": ("done", "2022-05-03", "2022-11-08", ["2022-05-03", "2022-11-08"]),
        "paint the railings": ("open", "2022-11-08", None, ["2022-11-08"]),
    }  # neither label nor "Next meeting: 6 months" is an action; what is carried forward
    # reports on the earlier action in words of its own ("repairs: waiting for parts")
    assert rows["fix the fog horn"]["owner"] == "Bram Verlinde"


SLIPWAY_MARCH = """\
    # Harbour Trust board meeting

    Date: 4 March 2022

    ## Attendees

    - Alma Arkwright, Harbour Trust
    - Benedict Okafor, Tidewater Council

    ## Actions

    - Alma to circulate the mooring survey
    - Benedict to cost the slipway repairs
    """

SLIPWAY_JUNE = """\
    # Harbour Trust board meeting

    Date: 10 June 2022

    ## Attendees

    - Alma Arkwright, Harbour Trust
    - Benedict Okafor, Tidewater Council

    ## Actions from last meeting

    - Alma to circulate the mooring survey
        - Circulated to members on 2 April
    - Benedict to cost the slipway repairs
        - ongoing, two quotes in
    """


def test_status_notes_under_earlier_actions_update_them(tmp_path, runner):
    folder, db = tmp_path / "harbour", tmp_path / "kb.db"
    note(folder, "2022-03-04-board.md", SLIPWAY_MARCH)
    note(folder, "2022-06-10-board.md", SLIPWAY_JUNE)
    kb(runner, "import", "--db", db, folder)
    rows = ledger(runner, db)
    assert {t: (a["status"], a["closed"], a["meetings"]) for t, a in rows.items()} == {
        "circulate the mooring survey": ("done", "2022-06-10", ["2022-03-04", "2022-06-10"]),
        "cost the slipway repairs": ("open", None, ["2022-03-04", "2022-06-10"]),
    }  # the notes are no actions of their own
