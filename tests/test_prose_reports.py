"""Actions a later meeting reports done in prose, with no review section (issue 12,
kb.knowledge.prose_reports), through the real CLI on invented notes."""
from __future__ import annotations

import json
import sqlite3

from cli12 import kb, kb_json, note

ATTENDEES = """\
    ## Attendees

    - Priya Natarajan, Riverside Allotments
    - Tomasz Wierzbicki, Riverside Allotments
    - Gwen Adebayo, Millbrook Council
    """

MARCH = """\
    # Riverside Allotments committee

    Date: 10 March 2021

    """ + ATTENDEES + """
    ## Soil survey

    The committee discussed the plots along the river and a survey of their soil.

    Action: Priya to share the findings of the soil survey with the members.

    ## Orchard

    The committee discussed renewing the orchard lease with Millbrook Council.

    Action: Gwen to negotiate a revised orchard lease with the council.

    ## Water

    The committee discussed the plots and the water for the plots.

    Action: Tomasz to plan the water supply for the plots.
    """

APRIL = """\
    # Riverside Allotments committee

    Date: 14 April 2021

    """ + ATTENDEES + """
    ## Plots

    Priya presented the findings of the soil survey: there is lead near the river.

    Tomasz will plan the water supply once the plots are measured.

    The committee discussed the plots and thanked the members for their work on the plots.
    """

MAY = """\
    # Riverside Allotments committee

    Date: 12 May 2021

    """ + ATTENDEES + """
    ## Orchard

    {back}The revised orchard lease was signed by the council.
    """


def ledger(runner, db) -> dict[str, dict]:
    return {a["text"]: a for a in kb_json(runner, "actions", "--db", db)}


def import_series(tmp_path, runner, may_back: str):
    folder, db = tmp_path / "allotments", tmp_path / "kb.db"
    note(folder, "2021-03-10-committee.md", MARCH)
    note(folder, "2021-04-14-committee.md", APRIL)
    note(folder, "2021-05-12-committee.md", MAY.format(back=may_back))
    kb(runner, "import", "--db", db, folder)
    return db


def test_a_later_report_in_prose_closes_the_action_it_tells_of(tmp_path, runner):
    db = import_series(tmp_path, runner,
                       "At the March 2021 meeting the committee asked for a revised lease. ")
    rows = ledger(runner, db)
    survey = rows["share the findings of the soil survey with the members"]
    assert (survey["status"], survey["closed"]) == ("done", "2021-04-14")
    assert survey["meetings"] == ["2021-03-10", "2021-04-14"]
    # a report two meetings on counts because its section names the meeting that set it
    lease = rows["negotiate a revised orchard lease with the council"]
    assert (lease["status"], lease["closed"]) == ("done", "2021-05-12")
    # "will plan" is a plan, not a report: still open
    water = rows["plan the water supply for the plots"]
    assert (water["status"], water["closed"]) == ("open", None)
    con = sqlite3.connect(db)
    evidence = {t: json.loads(r) for t, r in con.execute(
        "select e.text, e.reasons from action_evidence e join actions a on a.id = e.action_id")}
    assert set(evidence) == {
        "Priya presented the findings of the soil survey: there is lead near the river.",
        "The revised orchard lease was signed by the council."}
    assert "tells of the delivery" in evidence[
        "Priya presented the findings of the soil survey: there is lead near the river."]
    assert "names the meeting that set it" in evidence[
        "The revised orchard lease was signed by the council."]


def test_a_report_after_a_silent_meeting_must_say_which_meeting_it_means(tmp_path, runner):
    db = import_series(tmp_path, runner, "")
    lease = ledger(runner, db)["negotiate a revised orchard lease with the council"]
    assert (lease["status"], lease["closed"]) == ("open", None)


GATES_MARCH = """\
    # Riverside Allotments committee

    Date: 10 March 2021

    """ + ATTENDEES + """
    ## Gates

    Action: Tomasz to repair the north gate hinge.

    Action: Gwen to repaint the north gate hinge.

    ## Sheds

    Action: Priya to share the findings of the shed inventory.
    """

GATES_APRIL = """\
    # Riverside Allotments committee

    Date: 14 April 2021

    """ + ATTENDEES + """
    ## Gates

    The north gate hinge was repaired and repainted.

    ## Sheds

    Priya circulated the findings of the shed inventory.
    """


def test_a_report_that_fits_two_actions_closes_neither_and_a_correction_wins(tmp_path, runner):
    folder, db = tmp_path / "allotments", tmp_path / "kb.db"
    note(folder, "2021-03-10-committee.md", GATES_MARCH)
    note(folder, "2021-04-14-committee.md", GATES_APRIL)
    kb(runner, "import", "--db", db, folder)
    rows = ledger(runner, db)
    assert rows["repair the north gate hinge"]["status"] == "open"  # no telling which
    assert rows["repaint the north gate hinge"]["status"] == "open"
    shed = rows["share the findings of the shed inventory"]
    assert (shed["status"], shed["closed"]) == ("done", "2021-04-14")
    # a reader who knows better reopens it by hand, and a rebuild's prose does not close it
    kb(runner, "action", "reopen", "--db", db, "shed inventory")
    note(folder, "2021-04-14-committee.md", GATES_APRIL + "\n    Any other business: none.\n")
    kb(runner, "import", "--db", db, folder)
    assert ledger(runner, db)["share the findings of the shed inventory"]["status"] == "open"


OUTREACH_MARCH = """\
    # Riverside Allotments committee

    Date: 10 March 2021

    """ + ATTENDEES + """
    ## Outreach

    Newcomers often break the plot rules. The plot rules are long. Members keep asking about
    the plot rules. {discussion}

    Action: Tomasz to produce an explanation of the plot rules for newcomers.
    """

OUTREACH_APRIL = """\
    # Riverside Allotments committee

    Date: 14 April 2021

    """ + ATTENDEES + """
    ## 3.1 Demo of the plot rules animation

    Members liked it.
    """


def test_what_the_discussion_said_a_deliverable_would_be_counts_when_it_is_shown(tmp_path, runner):
    status = {}
    for case, discussion in (("said", "Gwen suggested a short animation rather than a leaflet."),
                             ("unsaid", "Gwen suggested a short leaflet.")):
        folder, db = tmp_path / case / "allotments", tmp_path / case / "kb.db"
        note(folder, "2021-03-10-committee.md", OUTREACH_MARCH.format(discussion=discussion))
        note(folder, "2021-04-14-committee.md", OUTREACH_APRIL)
        kb(runner, "import", "--db", db, folder)
        a = ledger(runner, db)["produce an explanation of the plot rules for newcomers"]
        status[case] = (a["status"], a["closed"])
    # "plot rules" is in every other sentence: only "animation" says the demo is of it
    assert status == {"said": ("done", "2021-04-14"), "unsaid": ("open", None)}
