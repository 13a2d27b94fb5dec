"""UK government and civil-society note layouts (small invented excerpts in each real style)."""
from ingest import parse_text

SEED_STYLE = """Meeting notes 20th March 2018

Open Data Action Plan implementation meeting | 6 Mar 2018 | Meeting note

On 6 March 2018, officials and civil society met to review progress. Present:

Jane Porter – Cabinet Office, Government Digital Service
Ravi Shah – Department for Work and Pensions
Amy Lee – Involve

Commitment updates

  • Open contracting – Ravi Shah (DWP) said the pilot has started. He noted that two suppliers had joined.
  • Grants data – Jane Porter (Cabinet Office, Government Digital Service (GDS)) said she will shortly publish the register.

Amy (Involve) asked when the register will be published. Jane said that it was planned for May.

The open government team aims to present the findings at the next meeting.

Next meeting

The next meeting will take place at the end of June.
"""


def test_seed_style_title_date_and_headerless_attendee_block():
    m = parse_text(SEED_STYLE, source="x.txt")
    assert m.title == "Open Data Action Plan implementation meeting"
    assert m.date == "2018-03-06"
    assert [(a.name, a.organisation) for a in m.attendees] == [
        ("Jane Porter", "Cabinet Office, Government Digital Service"),
        ("Ravi Shah", "Department for Work and Pensions"),
        ("Amy Lee", "Involve"),
    ]
    assert m.next_meeting == "end of June"


def test_reported_speech_resolves_first_names_and_pronouns():
    m = parse_text(SEED_STYLE, source="x.txt")
    said = [(s.speaker, s.text) for s in m.statements]
    assert ("Ravi Shah", "the pilot has started.") in said
    assert ("Ravi Shah", "two suppliers had joined.") in said  # "He noted that"
    assert ("Amy Lee", "asked when the register will be published.") in said  # "Amy (Involve) asked"
    assert ("Jane Porter", "it was planned for May.") in said


def test_commitment_bullets_carry_their_speakers():
    m = parse_text(SEED_STYLE, source="x.txt")
    by_name = {c.name: c.speakers for c in m.commitments}
    assert by_name["Open contracting"] == ["Ravi Shah"]
    assert by_name["Grants data"] == ["Jane Porter"]


def test_undertakings_become_action_items_with_owner_and_due():
    m = parse_text(SEED_STYLE, source="x.txt")
    actions = {a.text: (a.owner, a.due) for a in m.action_items}
    assert actions["publish the register"] == ("Jane Porter", "shortly")
    assert actions["present the findings at the next meeting"] == ("open government team", "at the next meeting")


def test_nested_acronyms_and_gazetteer_acronyms():
    m = parse_text(SEED_STYLE, source="x.txt")
    orgs = {o.name: o.acronym for o in m.organisations}
    assert orgs["Government Digital Service"] == "GDS"
    assert orgs["Department for Work and Pensions"] == "DWP"  # known acronym, used as "(DWP)"
    assert "Cabinet Office" in orgs and "Involve" in orgs


HEADED_LIST = """# Data Panel meeting

## Attendees
* Sam Hill, Home Office (Chair)
* Priya Nair (Office for National Statistics) – secretariat
* Tom Webb – Ministry of Justice

## Apologies
Kate Moss, Leo Park

## Minutes
Sam Hill welcomed members. Priya Nair (ONS) highlighted that the survey closes on Friday.

Action: Tom Webb to circulate the draft profile by 30 June 2016.

The panel agreed that the profile should go to the board.
"""


def test_headed_attendee_list_with_roles_and_apologies_apart():
    m = parse_text(HEADED_LIST, source="x.md", fmt="markdown")
    assert [(a.name, a.organisation, a.role) for a in m.attendees] == [
        ("Sam Hill", "Home Office", "chair"),
        ("Priya Nair", "Office for National Statistics", "secretariat"),
        ("Tom Webb", "Ministry of Justice", None),
    ]
    assert [a.name for a in m.apologies] == ["Kate Moss", "Leo Park"]
    assert {"Kate Moss", "Leo Park"} <= {p.name for p in m.people}


def test_action_line_and_board_agreed_decision():
    m = parse_text(HEADED_LIST, source="x.md", fmt="markdown")
    [a] = m.action_items
    assert (a.owner, a.text, a.due) == ("Tom Webb", "circulate the draft profile by 30 June 2016", "by 30 June 2016")
    assert [d.text for d in m.decisions] == ["The panel agreed that the profile should go to the board"]
    assert ("Priya Nair", "the survey closes on Friday.") in [(s.speaker, s.text) for s in m.statements]


def test_offsets_point_at_the_source_span():
    m = parse_text(HEADED_LIST, source="x.md", fmt="markdown")
    for item in m.statements + m.action_items + m.decisions + m.attendees:
        assert 0 <= item.start < item.end <= len(m.text)
    a = m.action_items[0]
    assert "circulate the draft profile" in m.text[a.start:a.end]


COMMITMENT_HEADINGS = """Open Government Network implementation meeting – 30 November 2017

Attendees:
William Gerry, Cabinet Office (chair)
Rachel Davies Teka, Transparency International UK
Alison Cotterill (Home Office) – note taker

Apologies: Tim Hughes (Involve)

Commitment 3: Anti-corruption strategy

Alison (Home Office) raised that the strategy was published in December. Will outlined the next steps.

Action: Alison to circulate the strategy to the network by 15 December.

Commitment 5: Open contracting

Rachel Davies highlighted the need for better data. The Cabinet Office will publish the data by the end of January 2018.
"""


def test_comma_and_parenthesis_attendees_with_roles():
    m = parse_text(COMMITMENT_HEADINGS, source="x.txt")
    assert [(a.name, a.organisation, a.role) for a in m.attendees] == [
        ("William Gerry", "Cabinet Office", "chair"),
        ("Rachel Davies Teka", "Transparency International UK", None),
        ("Alison Cotterill", "Home Office", "note taker")]
    assert [(a.name, a.organisation) for a in m.apologies] == [("Tim Hughes", "Involve")]


def test_commitment_headings_collect_speakers_and_tag_statements():
    m = parse_text(COMMITMENT_HEADINGS, source="x.txt")
    by_name = {c.name: c.speakers for c in m.commitments}
    assert by_name == {"Anti-corruption strategy": ["Alison Cotterill", "William Gerry"],
                       "Open contracting": ["Rachel Davies Teka"]}
    tagged = {(s.speaker, s.commitment) for s in m.statements}
    assert ("William Gerry", "Anti-corruption strategy") in tagged  # "Will outlined"
    assert ("Rachel Davies Teka", "Open contracting") in tagged  # a shorter form of the listed name
    assert {p.name for p in m.people} == {"William Gerry", "Rachel Davies Teka", "Alison Cotterill", "Tim Hughes"}


def test_organisation_undertaking_with_due_date():
    m = parse_text(COMMITMENT_HEADINGS, source="x.txt")
    actions = {(a.owner, a.text, a.due) for a in m.action_items}
    assert ("Alison Cotterill", "circulate the strategy to the network by 15 December", "by 15 December") in actions
    assert ("Cabinet Office", "publish the data by the end of January 2018", "by the end of January 2018") in actions


IN_ATTENDANCE = """# Open Government Forum – 12 June 2019

In attendance:
- Sarah Jones (Department for Digital, Culture, Media and Sport) – chair
- Kevin Wu (Cabinet Office)
- Mo Ali (mySociety)

Apologies: Ruth Kelly (Open Knowledge Foundation), Sam Patel

## Updates

- Beneficial ownership – Kevin Wu (Cabinet Office) said the register will be updated in July. He also noted that BEIS is consulting.
- Open data – Mo (mySociety) highlighted that local authorities publish patchily.

Date of next meeting: 10 September 2019
"""


def test_in_attendance_label_over_a_list():
    m = parse_text(IN_ATTENDANCE, source="x.md", fmt="markdown")
    assert [(a.name, a.organisation, a.role) for a in m.attendees] == [
        ("Sarah Jones", "Department for Digital, Culture, Media and Sport", "chair"),
        ("Kevin Wu", "Cabinet Office", None), ("Mo Ali", "mySociety", None)]
    assert [(a.name, a.organisation) for a in m.apologies] == [
        ("Ruth Kelly", "Open Knowledge Foundation"), ("Sam Patel", None)]
    assert m.next_meeting == "10 September 2019"


def test_topic_dash_speaker_bullets_outside_a_commitments_section():
    m = parse_text(IN_ATTENDANCE, source="x.md", fmt="markdown")
    assert {c.name: c.speakers for c in m.commitments} == {
        "Beneficial ownership": ["Kevin Wu"], "Open data": ["Mo Ali"]}
    assert ("Kevin Wu", "BEIS is consulting.", "Beneficial ownership") in [
        (s.speaker, s.text, s.commitment) for s in m.statements]


REPORT_CARRIES_ON = """Present:

Jane Porter – Cabinet Office
Ravi Shah – Department for Work and Pensions (DWP)
Amy Lee – Involve

  • Grants data – Ravi Shah (DWP) said the pilot has started. The register now lists 40 funds. DWP are looking at publishing payments data too. It was agreed that the team would report back in May. The register will grow.
  • Open maps – Amy Lee asked when the maps will be released. Jane Porter said it is planned for June.
"""


def test_sentences_carrying_on_a_report_are_the_speakers_until_the_meeting_speaks():
    m = parse_text(REPORT_CARRIES_ON, source="x.txt")
    said = [(s.speaker, s.text) for s in m.statements]
    assert ("Ravi Shah", "The register now lists 40 funds.") in said
    # his own organisation as the subject still carries his report on
    assert ("Ravi Shah", "DWP are looking at publishing payments data too.") in said
    # "It was agreed" is the meeting's voice: the report ends there
    assert not any("register will grow" in t for _, t in said)
    # a question is no report: the answer after it is another person's
    assert ("Amy Lee", "it is planned for June.") not in said
    assert ("Jane Porter", "it is planned for June.") in said
