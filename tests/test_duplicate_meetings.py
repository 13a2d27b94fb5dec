"""One meeting, one record (issue 12): minutes and the IRC log they came from are one meeting
with two sources; another meeting on the same day stays its own. Through the real CLI and
the archive's meeting page."""
from __future__ import annotations

import asyncio

from kb.site.serve import build_datasette
from kb.storage.store import open_db

from cli12 import kb, kb_json, note

IRC = """\
    15:00:01 <Rosa_> Meeting: Lantern Standards Working Group
    15:00:02 <Rosa_> Date: 14 September 2022
    15:00:03 <Rosa_> Chair: Rosa
    15:00:05 <Rosa_> Present: Rosa_Quintero, Tomasz_Wilk, Hanne_Lund
    15:01:00 <Rosa_> Topic: Wick sizes
    15:01:10 <Rosa_> Tomasz: the survey of wick sizes came back with forty replies
    15:01:20 <Rosa_> Hanne: we should publish the table of sizes before the autumn fair
    15:01:30 <Rosa_> ACTION: Hanne to publish the table of wick sizes on the website
    15:02:00 <Rosa_> Topic: Glass safety
    15:02:10 <Rosa_> Rosa: the glass safety note needs a review from the testing lab
    15:02:20 <Rosa_> ACTION: Tomasz to ask the testing lab for a review of the glass safety note
    15:03:00 <Rosa_> rrsagent, make minutes
    """

MINUTES = """\
    # Lantern Standards Working Group

    Date: 14 September 2022

    Present: Rosa Quintero, Tomasz Wilk, Hanne Lund

    Chair: Rosa

    ## Wick sizes

    Tomasz: the survey of wick sizes came back with forty replies

    Hanne: we should publish the table of sizes before the autumn fair

    ACTION: Hanne to publish the table of wick sizes on the website

    ## Glass safety

    Rosa: the glass safety note needs a review from the testing lab

    ACTION: Tomasz to ask the testing lab for a review of the glass safety note
    """

PANEL = """\
    # Lantern Standards Panel

    Date: 14 September 2022

    Present: Rosa Quintero, Ines Duarte

    ## Budget

    Ines: the panel budget for next year is agreed

    ACTION: Ines to send the budget to the treasurer
    """


def test_minutes_and_their_irc_log_are_one_meeting_with_two_sources(tmp_path, runner):
    folder, db = tmp_path / "lanterns", tmp_path / "kb.db"
    note(folder, "2022-09-14-lanterns-wg-irc.txt", IRC)
    note(folder, "2022-09-14-lanterns-wg.md", MINUTES)
    note(folder, "2022-09-14-lanterns-panel.md", PANEL)  # same day, another meeting
    assert kb(runner, "import", "--db", db, folder).stdout.startswith("3 added")
    actions = kb_json(runner, "actions", "--db", db)
    assert sorted((a["owner"], a["text"]) for a in actions) == [
        ("Hanne Lund", "publish the table of wick sizes on the website"),
        ("Ines Duarte", "send the budget to the treasurer"),
        ("Tomasz Wilk", "ask the testing lab for a review of the glass safety note")]
    assert all(a["meetings"] == ["2022-09-14"] for a in actions)
    conn = open_db(db)
    assert sorted(r["meeting_count"] for r in conn.query("select meeting_count from series")) \
        == [1, 1]
    (dup,) = conn.query("""select m.path, o.path as same_as from duplicate_meetings d
        join meetings m on m.id = d.meeting_id join meetings o on o.id = d.same_as_meeting_id""")
    assert {dup["path"].rsplit("/", 1)[1], dup["same_as"].rsplit("/", 1)[1]} == {
        "2022-09-14-lanterns-wg-irc.txt", "2022-09-14-lanterns-wg.md"}
    people = {p["name"]: p for p in kb_json(runner, "people", "--db", db)}
    assert people["Hanne Lund"]["attended"] == ["2022-09-14"]
    # the archive says the meeting has two sources, on both notes' pages
    ds = build_datasette(db)
    ids = dict(conn.execute("select path, id from meetings").fetchall())
    for path, meeting_id in ids.items():
        page = asyncio.run(ds.client.get(f"/-/meeting/{meeting_id}")).text
        if "panel" in path:
            assert "One meeting, " not in page
        else:
            assert "One meeting, 2 sources" in page
