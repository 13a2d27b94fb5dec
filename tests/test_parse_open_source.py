"""Open-source governance minutes: @handles, speaker lines, checkbox lists, action tables."""
from ingest import parse_text

TSC = """# Example Technical Steering Committee (TSC) Meeting 2025-06-11

## Present

* Ruben Bridgewater @BridgeAR (voting member)
* Joyee Cheung @joyeecheung (voting member)
* Richard Lau @richardlau

## Agenda

* Update npm to v11 #58423
  * Ruben: It does not sound that the update will impact our users. We have no way around it.
  * richardlau: npm does not have an LTS policy.
  * Joyee
    * asked if we can make the results more transparent.

Action item: @joyeecheung to write the question on the PR

Decision: we land the npm update in v22
"""


def test_present_list_with_handles_and_roles():
    m = parse_text(TSC, source="x.md", fmt="markdown")
    assert [(a.name, a.role) for a in m.attendees] == [
        ("Ruben Bridgewater", "voting member"), ("Joyee Cheung", "voting member"), ("Richard Lau", None)]
    assert m.title == "Example Technical Steering Committee (TSC) Meeting" and m.date == "2025-06-11"


def test_speaker_lines_first_names_handles_and_parent_bullets():
    m = parse_text(TSC, source="x.md", fmt="markdown")
    said = [(s.speaker, s.text) for s in m.statements]
    assert ("Ruben Bridgewater", "We have no way around it.") in said
    assert ("Richard Lau", "npm does not have an LTS policy.") in said  # a handle as the label
    assert ("Joyee Cheung", "asked if we can make the results more transparent.") in said  # name-only parent


def test_action_item_and_decision_labels():
    m = parse_text(TSC, source="x.md", fmt="markdown")
    assert [(a.owner, a.text) for a in m.action_items] == [("Joyee Cheung", "write the question on the PR")]
    assert [d.text for d in m.decisions] == ["we land the npm update in v22"]


CHECKBOXES = """# 2024-11-21 : TSC Minutes

## Action items

- [ ] Hanno: review the CBMC proofs by next week
- [x] Matthias: publish the release notes

## Attended by

* [X] [Manuel Barbosa](https://github.com/mbbarbosa), University of Porto
* [X] [Hanno Becker](https://github.com/hanno-becker), AWS
* [ ] [Nigel Jones](https://github.com/planetf1), IBM
* [X] [Matthias J. Kannwischer](https://github.com/mkannwischer), Chelpis Quantum Tech
"""


def test_checkbox_attendance_and_actions():
    m = parse_text(CHECKBOXES, source="x.md", fmt="markdown")
    assert [(a.name, a.organisation) for a in m.attendees] == [
        ("Manuel Barbosa", "University of Porto"), ("Hanno Becker", "AWS"),
        ("Matthias J. Kannwischer", "Chelpis Quantum Tech")]
    assert [a.name for a in m.apologies] == ["Nigel Jones"]  # an unticked box: listed, not there
    actions = [(a.owner, a.text, a.due, a.status) for a in m.action_items]
    assert actions == [("Hanno Becker", "review the CBMC proofs by next week", "by next week", "open"),
                       ("Matthias J. Kannwischer", "publish the release notes", None, "done")]


ICAT = """---
title: Meeting 02
---

# ICAT Steering Committee Meeting

Minutes – 1st April 2015 – 14:00

0\\. Attendance

- Brian Matthews (BM), STFC, Scientific Computing
- Tom Griffin (TG), STFC, Scientific Computing
- Andy Goetz (AG), ESRF

1\\. Review of actions from meeting in May 2014

- Write minutes – Alistair.

It was agreed that the minutes should be open to all.

Present: Steve, Tom, Brian

Action 102.1: Brian has not yet completed this action.

Actions:

| No.  | Detail                                     | Resp. |
| ---- | ------------------------------------------ | ----- |
| 2.1  | Add the terms of reference to the website | TG    |
| 2.2  | Ask ELETTRA if they wish to continue       | AG    |
"""


def test_initials_resolve_in_action_tables():
    m = parse_text(ICAT, source="x.md", fmt="markdown")
    assert m.title == "ICAT Steering Committee Meeting" and m.date == "2015-04-01"
    assert [(a.name, a.organisation) for a in m.attendees] == [
        ("Brian Matthews", "STFC, Scientific Computing"), ("Tom Griffin", "STFC, Scientific Computing"),
        ("Andy Goetz", "ESRF"), ("Steve", None)]  # "Present: Steve, Tom, Brian" adds only Steve
    assert [(a.ref, a.owner, a.text) for a in m.action_items] == [
        ("2.1", "Tom Griffin", "Add the terms of reference to the website"),
        ("2.2", "Andy Goetz", "Ask ELETTRA if they wish to continue")]
    assert [d.text for d in m.decisions] == ["It was agreed that the minutes should be open to all"]


def test_status_reports_on_earlier_actions_are_updates_not_new_items():
    m = parse_text(ICAT, source="x.md", fmt="markdown")
    updates = [(u.ref, u.owner, u.status) for u in m.action_updates]
    assert ("102.1", "Brian Matthews", "open") in updates
    assert all(a.ref != "102.1" for a in m.action_items)
    acronyms = {o.acronym for o in m.organisations}
    assert "STFC" in acronyms  # a UK research council: expanded from the gazetteer, acronym kept
    assert "ESRF" in {o.name for o in m.organisations}  # one the gazetteer does not know: as written
    assert "Scientific Computing" in {o.name for o in m.organisations}  # the unit after the comma
