"""Rules the walker weighs: initials speakers, minutes in table cells, tables of earlier
actions, checkboxes that tick off an agenda. Invented excerpts in each layout's shape."""
from __future__ import annotations

import pytest

from ingest import parse_text

INITIALS = """# Working group call

## Attendees

| Name | Initials | Affiliation |
|---|---|---|
| Zorvan Quill | ZQ | Acme |
| Brisk Ottaby | BO | Globex |

## Discussion

- [x] (ZQ) Should we publish a citation file?
    - (BO) That would help reviewers.
      (ZQ) Agreed, let us start small.
    - ZQ we need a release first.
"""


def test_initials_defined_in_an_attendee_table_open_speaker_lines():
    m = parse_text(INITIALS, source="x.md", fmt="markdown")
    said = {(s.speaker, s.text) for s in m.statements}
    assert ("Zorvan Quill", "Should we publish a citation file?") in said
    assert ("Brisk Ottaby", "That would help reviewers.") in said
    assert ("Zorvan Quill", "Agreed, let us start small.") in said  # a line of its own in the item
    assert ("Zorvan Quill", "we need a release first.") in said  # no colon, but defined initials
    # a ticked agenda item is something discussed, not an action
    assert m.action_items == []
    assert all(0 < s.confidence <= 1 for s in m.statements)


CELLS = """## Attendees

Attendee | Moniker |
---- | ---- |
Zorvan Quill | ZQ |
Brisk Ottaby | BO |

## Discussion Items

Item | Who | Notes |
---- | ---- | ---- |
Roadmap | ZQ | Overview of the plan<ul><li>BO: the schedule looks tight</li><li>ZQ: we can drop one feature</li></ul> |

## Action Items From Last Meeting

Done? | Item | Responsible | Due Date |
---- | ---- | ---- | --- |
Y | BO to circulate the draft | BO | Next meeting |

## Action Items

\\# | Item | Responsible | Due Date |
---- | ---- | ---- | ---- |
1 | ZQ to book the room | ZQ | Next Meeting |
"""


def test_speaker_lines_inside_table_cells_and_tables_of_earlier_actions():
    m = parse_text(CELLS, source="x.md", fmt="markdown")
    said = {(s.speaker, s.text) for s in m.statements}
    assert ("Brisk Ottaby", "the schedule looks tight") in said
    assert ("Zorvan Quill", "we can drop one feature") in said
    # the discussion table is minutes, not actions; the earlier actions are updates
    assert [(a.owner, a.text, a.due, a.ref) for a in m.action_items] == [
        ("Zorvan Quill", "book the room", "Next Meeting", "1")]
    assert [(u.owner, u.text, u.status) for u in m.action_updates] == [
        ("Brisk Ottaby", "circulate the draft", "done")]


PARISH = """MINUTES OF THE PLAYING FIELDS COMMITTEE

PRESENT: Councillor Z Quill Chairman
Councillor B Ottaby

4 ITEMS

RESOLVED: That Councillor Z Quill attend the county forum on 3 May.

Members agreed that the swings needed painting and the Committee should prepare a costed plan.

It was AGREED that the item be added to the next agenda.

Councillor Ottaby undertook to contact the police. Further checks were to be made by the Clerk.

RESOLVED: That the draft procedures

as described above are hereby adopted.
"""


def test_decisions_that_set_tasks_passive_tasks_and_paragraphs_cut_by_a_blank_line():
    m = parse_text(PARISH, source="x.txt")
    actions = {(a.owner, a.text) for a in m.action_items}
    assert ("Z Quill", "attend the county forum on 3 May") in actions
    assert ("the Committee", "prepare a costed plan") in actions
    assert ("B Ottaby", "contact the police") in actions
    assert ("the Clerk", "Further checks to be made") in actions
    decisions = [d.text for d in m.decisions]
    assert "It was AGREED that the item be added to the next agenda" in decisions
    assert "That the draft procedures as described above are hereby adopted" in decisions
    # "the draft procedures" is no one: the adopted text sets no task
    assert not any(a.owner and "procedures" in a.owner for a in m.action_items)


MINUTE_LINES = """## Attendees

| Name | Initials |
|---|---|
| Zorvan Quill | ZQ |
| Brisk Ottaby | BO |

## Discussion

- ZQ to draft the charter
- BO: to review the budget
- (ZQ) will ask the treasurer
- Consensus: wait until the audit is done.
- Everyone agrees that the audit is useful.
"""


def test_initials_as_the_subject_of_a_task_and_consensus_lines():
    m = parse_text(MINUTE_LINES, source="x.md", fmt="markdown")
    actions = {(a.owner, a.text) for a in m.action_items}
    assert {("Zorvan Quill", "draft the charter"), ("Brisk Ottaby", "review the budget"),
            ("Zorvan Quill", "ask the treasurer")} <= actions
    assert [d.text for d in m.decisions] == ["wait until the audit is done",
                                            "Everyone agrees that the audit is useful"]


def test_titles_from_metadata_lines_and_the_line_that_names_a_meeting():
    pelican = "Title: Rocket bi-weekly status\nDate: 2021-02-03 17:00\nCategory: minutes\n\n## Notes\n\nHello.\n"
    m = parse_text(pelican, source="x.md", fmt="markdown")
    assert (m.title, m.date) == ("Rocket bi-weekly status", "2021-02-03")
    letterhead = "**Example Trust**\n\n**Minutes of the Meeting of the Trustees**\n\n**4 May 2020**\n\nText.\n"
    assert parse_text(letterhead, source="x.md", fmt="markdown").title == "Minutes of the Meeting of the Trustees"
    dated = "# Plenary December, 2020-12-03\n\nText.\n"
    assert parse_text(dated, source="x.md", fmt="markdown").title == "Plenary"


def test_affiliations_initials_and_odd_entries_in_attendee_lists():
    table = "## Attendees\n\n| Name | Initials | Affiliation |\n|---|---|---|\n| Zorvan Quill | DH | Acme/cf |\n\n" \
            "## Notes\n\nDH said the plan is ready.\n"
    m = parse_text(table, source="x.md", fmt="markdown")
    orgs = {o.name for o in m.organisations}
    assert "Acme" in orgs and "cf" not in orgs and "Acme/cf" not in orgs
    # "DH" is a person's initials here, not the department the gazetteer knows by them
    assert not any("Health" in o for o in orgs)
    listed = """## Attendees

- Brisk Ottaby - Globex (BO) - chair

-   Haiwu He (Initech)

-   ???

-   Tamsa Wirrel (Initech)
"""
    m = parse_text(listed, source="x.md", fmt="markdown")
    assert [(a.name, a.organisation, a.role) for a in m.attendees] == [
        ("Brisk Ottaby", "Globex", "chair"), ("Haiwu He", "Initech", None), ("Tamsa Wirrel", "Initech", None)]


COUNCIL = """---
title: "Parish Council Minutes"
date: "2021-06-30"
---

Minutes of the Parish Council Meeting held in the Village Hall

At 7.30pm on Wednesday 9 June 2021

1. Those Attending: Cllr Z Quill (Chairman), Cllr Mrs B Ottaby, Mrs T Wirrel (Clerk).  PCSO Pell Aranow was present for part of the meeting.

2. Minutes

Cllr Mrs Ottaby proposed acceptance of the Minutes, seconded by Cllr Quill.  **Unanimously Agreed**

3. Matters arising

The Clerk reported she was still awaiting the letter from the county council. The Chairman asked the Clerk to chase the highways team and report back. The Clerk to investigate
"""


def test_parish_minutes_roles_motions_and_the_day_the_meeting_was_held():
    m = parse_text(COUNCIL, source="x.md", fmt="markdown")
    assert m.date == "2021-06-09"  # held on, not the day the minutes were posted
    assert [a.name for a in m.attendees] == ["Z Quill", "B Ottaby", "T Wirrel", "Pell Aranow"]
    said = {(s.speaker, s.text) for s in m.statements}
    assert ("T Wirrel", "she was still awaiting the letter from the county council.") in said  # "The Clerk"
    actions = {(a.owner, a.text) for a in m.action_items}
    assert ("T Wirrel", "chase the highways team and report back") in actions
    assert ("T Wirrel", "investigate") in actions
    assert [d.text for d in m.decisions] == [
        "Cllr Mrs Ottaby proposed acceptance of the Minutes, seconded by Cllr Quill. Unanimously Agreed"]


PRESENT_TENSE_MINUTES = """Participants: Zorvan Quill, Brisk Ottaby, Tamsa Wirrel

Zorvan proposes to collect templates first. Brisk strongly disagrees with that order. Tamsa notes that the
templates could be a best-practice guide. Pell fears this is more work.
"""


def test_minutes_in_the_present_tense():
    m = parse_text(PRESENT_TENSE_MINUTES, source="x.txt")
    said = {(s.speaker, s.text) for s in m.statements}
    assert ("Zorvan Quill", "proposes to collect templates first.") in said
    assert ("Brisk Ottaby", "disagrees with that order.") in said
    assert ("Tamsa Wirrel", "the templates could be a best-practice guide.") in said
    # an unlisted name speaking next is not the speaker before
    assert not any("more work" in t for who, t in said if who == "Tamsa Wirrel")


def test_an_outcome_names_the_proposal_it_decides():
    text = "#### Proposal XP-012: Rebuild the website\n\nZorvan Quill presented the plan.\n\n**Outcome:** Approved, 8 to 4\n"
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [d.text for d in m.decisions] == ["Proposal XP-012: Rebuild the website. Outcome: Approved, 8 to 4"]
    assert [c.name for c in m.commitments] == ["Rebuild the website"]


@pytest.mark.parametrize("text, decided", [
    ("Motion to approve the 2023 budget. Unanimous consent.", "approve the 2023 budget"),
    ("Motion to approve the 2023 budget.\n\nUnanimous consent.", "approve the 2023 budget"),
    ("No objections to publishing the roadmap.", "publishing the roadmap"),
    ("Zorvan Quill moved that the accounts be adopted. The motion carries.", "the accounts be adopted"),
    ("4. Grants\nRESOLVED that a grant of 500 pounds be made to the village hall.", "grant of 500 pounds"),
])
def test_how_minutes_close_a_motion(text, decided):
    m = parse_text("Present: Zorvan Quill, Brisk Ottaby\n\n" + text + "\n", source="x.txt")
    assert [d for d in m.decisions if decided in d.text], [d.text for d in m.decisions]


def test_a_motion_put_without_assent_is_no_decision():
    m = parse_text("Present: Zorvan Quill, Brisk Ottaby\n\nMotion to approve the 2023 budget.\n", source="x.txt")
    assert m.decisions == []


def test_todo_with_the_owner_before_the_colon_and_we_will_in_a_speaker_line():
    text = ("## Attendees\n- Zorvan Quill\n- Brisk Ottaby\n\n## Notes\n- **TODO** Zorvan: update the wiki\n"
            "- Brisk: we'll publish the schedule next week.\n")
    m = parse_text(text, source="x.md", fmt="markdown")
    assert {(a.owner, a.text) for a in m.action_items} == {
        ("Zorvan Quill", "update the wiki"), ("Brisk Ottaby", "publish the schedule next week")}
    assert [s.speaker for s in m.statements] == ["Brisk Ottaby"]


def test_name_dash_lines_without_bullets_are_each_a_speaker():
    # a Markdown hard break (a backslash at the line end) leaves the lines in one paragraph
    text = ("## Attendees\n- Tamsa Wirrel\n- Pell Aranow\n\n## Discussion\n\n"
            "Tamsa – We could package it as a container\\\nPell – I agree with that\\\n"
            "Budget – still to be settled\n")
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [(s.speaker, s.text) for s in m.statements] == [
        ("Tamsa Wirrel", "We could package it as a container"), ("Pell Aranow", "I agree with that")]


def test_chat_nicks_for_people_listed_by_first_name():
    text = ("## Attendees\n\nPresent: Orrin, Tamsa, Pell\n\n## Minutes\n\n"
            "oquazzle: The draft is ready for review.\n\ntwirrel: I have read it.\n\n"
            "oquazzle: Then we can publish on Monday.\n\ntwirrel: Agreed, no changes from me.\n\n"
            "xzander: Hello all.\n\nxzander: Sorry I am late.\n")
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [s.speaker for s in m.statements] == ["Orrin", "Tamsa", "Orrin", "Tamsa"]


def test_a_name_label_over_a_list_gives_the_list_to_that_person_until_it_ends():
    text = ("## Attendees\n- Tamsa Wirrel\n- Pell Aranow\n- Orrin Vale\n\n## Updates\n\n"
            "Tamsa (not present):\n\n- The docs site moved to the new host\n- Search works again\n\n"
            "## Other business\n\n- Nothing else was raised\n")
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [(s.speaker, s.text) for s in m.statements] == [
        ("Tamsa Wirrel", "The docs site moved to the new host"), ("Tamsa Wirrel", "Search works again")]


@pytest.mark.parametrize("sentence", [
    "The recommendation to adopt the schema was accepted.",
    "The consent agenda is approved.",
    "Roadmap: The board agreed to publish the roadmap in May.",
])
def test_passive_and_prefixed_decisions(sentence):
    m = parse_text("Attendees: Tamsa Wirrel, Pell Aranow, Orrin Vale\n\n" + sentence + "\n", source="x.txt")
    assert [d.text for d in m.decisions] == [sentence.rstrip(".")]


def test_a_rule_that_is_approved_by_someone_is_no_decision():
    m = parse_text("Attendees: Tamsa Wirrel, Pell Aranow\n\nEach grant is approved by the treasurer.\n",
                   source="x.txt")
    assert m.decisions == []


LIGHTHOUSE = """# Lighthouse Guild meeting

Date: 3 May 2022

## Attendees

- Anouk Aalders (AA)
- Bram Verlinde (BV)
- kvanrijn
- Jon Ferreira

## Actions

- Circulate the revised lamp schedule (AA)
- [x] Jo to send the draft charter
- [ ] BV to book the harbour hall
- kvanrijn and jon to review the wick supplier contract

Carried forward from previous meeting:

- Bram to fix the fog horn

Next meeting: 6 months
"""


def test_lines_of_an_actions_list_that_set_no_task_and_owners_it_names():
    m = parse_text(LIGHTHOUSE, source="x.md", fmt="markdown")
    new = {a.text: (a.owner, a.status) for a in m.action_items}
    assert new == {
        "Circulate the revised lamp schedule": ("Anouk Aalders", "open"),  # initials at the end
        "send the draft charter": ("Jo", "done"),  # a ticked box
        "book the harbour hall": ("Bram Verlinde", "open"),
        # a handle and a first name in lower case, joined by "and": both own it
        "review the wick supplier contract": ("kvanrijn and Jon Ferreira", "open"),
    }  # the label and "Next meeting: 6 months" are no actions
    # what is carried forward reports on an earlier action, still open
    assert [(a.text, a.owner, a.status) for a in m.action_updates] == \
        [("fix the fog horn", "Bram Verlinde", "open")]
    assert m.next_meeting == "6 months"


SLIPWAY = """# Harbour board

Date: 3 May 2022

## Attendees

- Alma Arkwright
- Benedict Okafor

## Actions from last meeting

- Alma to circulate the mooring survey
    - Circulated to members on 2 April
- Benedict to cost the slipway repairs
    - ongoing, two quotes in

## Actions

- Benedict to order the buoys
    - Alma noted the supplier is closed until June
- Alma to print the tide tables
    - Done
"""

PLAIN = """Harbour board
Date: 3 May 2022

Attendees:
Alma Arkwright
Benedict Okafor

Actions:
- Benedict to order the buoys

Carried forward from previous meeting:
- Alma to circulate the survey
    - done
"""


def test_notes_under_an_action_are_reports_on_it_not_actions_of_their_own():
    m = parse_text(SLIPWAY, source="x.md", fmt="markdown")
    assert [(a.text, a.owner) for a in m.action_items] == [
        ("order the buoys", "Benedict Okafor"), ("print the tide tables", "Alma Arkwright")]
    assert [(a.text, a.owner, a.status) for a in m.action_updates] == [
        # under a report on an earlier action, the note is part of that report
        ("circulate the mooring survey – Circulated to members on 2 April", "Alma Arkwright", "open"),
        ("cost the slipway repairs – ongoing, two quotes in", "Benedict Okafor", "open"),
        # under an action set here, a status note reports on it
        ("print the tide tables – Done", "Alma Arkwright", "done")]
    # what someone said of an action is their statement; "closed" there is the supplier's
    assert ("Alma Arkwright", "the supplier is closed until June") in {
        (s.speaker, s.text) for s in m.statements}
    # a note without headings: the labels over its lists say what the items are
    plain = parse_text(PLAIN, source="x.txt", fmt="text")
    assert [a.text for a in plain.action_items] == ["order the buoys"]
    assert [(a.text, a.status) for a in plain.action_updates] == [("circulate the survey – done", "done")]


CHAT_STYLE = """# Publishing WG telecon

**Present:** Oriel Vantrebb, Zed Quorra, Ivo Brant

## Reports

**Zed Quorra:** oriel, do you want to say where the draft is?

**Oriel Vantrebb:** the draft is ready for review

**Ivo Brant:** Thanks, Oriel. Zed and I will read it.

**Oriel Vantrebb:** then we publish next week
"""


def test_a_listed_speaker_stays_a_person_when_the_chat_writes_their_first_name_in_lower_case():
    # "oriel," in lower case says that word may be no name; the note resolves it to the
    # attendee, so it counts for her (a reference), never against her
    m = parse_text(CHAT_STYLE, source="x.md", fmt="markdown")
    assert {a.name for a in m.attendees} == {"Oriel Vantrebb", "Zed Quorra", "Ivo Brant"}
    assert {"Oriel Vantrebb", "Zed Quorra", "Ivo Brant"} <= {p.name for p in m.people}


RESOLUTIONS_LISTED_AGAIN = """# Harbour Working Group telecon

**Present:** Orla Vantrebb, Ivo Brant, Zed Quorra

### 1. Draft note

**Orla Vantrebb:** the draft is ready for review

> ***Resolution #1: publish the draft as a note***

**Ivo Brant:** I will tell the editors

> ***Resolution #2: meet again in May***

### 2. Resolutions

* [Resolution #1](#resolution1): publish the draft as a note
* [Resolution #2](#resolution2): Meet again in May.
"""


def test_a_decision_listed_again_at_the_end_is_the_one_made_where_it_was_first_written():
    m = parse_text(RESOLUTIONS_LISTED_AGAIN, source="x.md", fmt="markdown")
    assert [d.text for d in m.decisions] == ["publish the draft as a note", "meet again in May"]
    assert all(d.start < m.text.index("2. Resolutions") for d in m.decisions)
