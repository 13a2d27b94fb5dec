"""Every attendee-list layout of ingest/data/layouts.json, each read from an invented excerpt.

The names are invented and on no list of first names: a layout is read from where the names
stand, not from knowing them.
"""
from __future__ import annotations

import pytest

from ingest import parse_text
from ingest.rules.attendance import find_people_lists, layouts
from ingest.reading.loader import convert
from ingest.rules.structure import split_lines

EXAMPLES = {
    "heading-list": ("markdown", """# Board

## Attendees

- Zorvan Quill (Acme Trust)
- Brisk Ottaby, Globex Ltd

## Apologies

- Mirel Dounce
""", [("Zorvan Quill", "Acme Trust"), ("Brisk Ottaby", "Globex Ltd")], ["Mirel Dounce"]),
    "label-list": ("text", """Steering group, 4 March 2021

In attendance:
Zorvan Quill – Acme Trust
Brisk Ottaby – Globex Ltd

Welcome and introductions.
""", [("Zorvan Quill", "Acme Trust"), ("Brisk Ottaby", "Globex Ltd")], []),
    "label-inline": ("text", """Present: Zorvan Quill (Acme Trust), Brisk Ottaby and Tamsa Wirrel
Apologies: Mirel Dounce
""", [("Zorvan Quill", "Acme Trust"), ("Brisk Ottaby", None), ("Tamsa Wirrel", None)], ["Mirel Dounce"]),
    "introducing-sentence": ("text", """The following were present: Zorvan Quill, Brisk Ottaby and Tamsa Wirrel.

1. Minutes of the last meeting were approved.
""", [("Zorvan Quill", None), ("Brisk Ottaby", None), ("Tamsa Wirrel", None)], []),
    "attendee-table": ("markdown", """## Attendees

| Name | Initials | Affiliation | Attended |
|---|---|---|---|
| Zorvan Quill | ZQ | Acme Trust | Y |
| Brisk Ottaby | BO | Globex Ltd | Y |
| Mirel Dounce | MD | Initech | N |
| 3 people in total | | | |
""", [("Zorvan Quill", "Acme Trust"), ("Brisk Ottaby", "Globex Ltd")], ["Mirel Dounce"]),
    "headerless-block": ("text", """Planning meeting note

Zorvan Quill – Department for Transport
Brisk Ottaby – Acme Trust
Tamsa Wirrel – Globex Ltd

The group discussed the plan.
""", [("Zorvan Quill", "Department for Transport"), ("Brisk Ottaby", "Acme Trust"),
      ("Tamsa Wirrel", "Globex Ltd")], []),
}


def test_every_layout_has_an_example():
    assert {spec["name"] for spec in layouts()["layouts"]} == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_layout(name):
    fmt, text, attendees, apologies = EXAMPLES[name]
    m = parse_text(text, source=f"{name}.txt", fmt=fmt)
    assert [(a.name, a.organisation) for a in m.attendees] == attendees
    assert [a.name for a in m.apologies] == apologies
    assert all(0 < a.confidence <= 1 for a in m.attendees + m.apologies)


def test_sub_group_labels_blank_lines_and_not_in_attendance():
    text = """**Members of the Board Participating in the Meeting:**

-   Zorvan Quill (Acme) Chair

-   Brisk Ottaby (Globex)

General Members Attending:

-   Tamsa Wirrel (Initech)

Guests and Observers:

-   Pell Aranow (Acme)

**Not in attendance:**

-   Mirel Dounce (Umbrella)

**Roll Call:** There was a roll call.
"""
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [a.name for a in m.attendees] == ["Zorvan Quill", "Brisk Ottaby", "Tamsa Wirrel", "Pell Aranow"]
    assert [a.name for a in m.apologies] == ["Mirel Dounce"]
    assert m.attendees[3].role == "guest"


def test_roll_call_of_titles_and_initials_across_lines():
    text = """PARISH COUNCIL

   PRESENT:      Councillor Z Quill      Chairman
         Councillor B Ottaby
   Councillor T Wirrel

 CO-OPTED MEMBER Pell Aranow

APOLOGIES:   Councillor M Dounce and Mr K Vasq

1 DECLARATIONS OF INTEREST
"""
    m = parse_text(text, source="x.txt")
    assert [(a.name, a.role) for a in m.attendees] == [
        ("Z Quill", "chairman"), ("B Ottaby", None), ("T Wirrel", None), ("Pell Aranow", "co-opted member")]
    assert [a.name for a in m.apologies] == ["M Dounce", "K Vasq"]


def test_ticked_boxes_are_present_and_unticked_are_not():
    text = "## Attended by\n\n- [x] Zorvan Quill, Acme\n- [ ] Brisk Ottaby, Globex\n"
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [a.name for a in m.attendees] == ["Zorvan Quill"]
    assert [a.name for a in m.apologies] == ["Brisk Ottaby"]


def test_an_apologies_mark_on_a_name_is_no_organisation():
    text = "Attendees:\n- Zorvan Quill (Acme)\n- Brisk Ottaby (apologies)\n"
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [(a.name, a.organisation) for a in m.attendees] == [("Zorvan Quill", "Acme")]
    assert [(a.name, a.organisation) for a in m.apologies] == [("Brisk Ottaby", None)]


def test_nicks_under_an_attendee_heading():
    text = "## Attendees\n\n- quorra_z (chair)\n- bottaby\n- Twirrel\n"
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [(a.name, a.role) for a in m.attendees] == [("quorra_z", "chair"), ("bottaby", None), ("Twirrel", None)]


def test_a_topic_heading_that_mentions_members_is_no_list():
    text = "## Item 1: new members and the terms of reference\n\n- Zorvan Quill\n- Brisk Ottaby\n"
    lists = find_people_lists(split_lines(convert(text, "markdown").text))
    assert lists.attendees == []


def test_a_bare_label_line_and_notes_between_entries_under_a_heading():
    text = """# Board

**Attendees**

Zorvan Quill  Chair
Brisk Ottaby  Acme

## Other attendees:
Tamsa Wirrel, Department for Transport
Tamsa is chair of the technical panel

Pell Aranow, Cabinet Office
"""
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [(a.name, a.organisation, a.role) for a in m.attendees] == [
        ("Zorvan Quill", None, "chair"), ("Brisk Ottaby", "Acme", None),
        ("Tamsa Wirrel", "Department for Transport", None), ("Pell Aranow", "Cabinet Office", None)]


def test_a_line_of_names_with_initials_under_a_heading():
    text = "## Attendees\nZorvan Quill (ZQ), Brisk Ottaby (BO), Tamsa Wirrel (TW) (deputising for Mo Ali)\n"
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [a.name for a in m.attendees] == ["Zorvan Quill", "Brisk Ottaby", "Tamsa Wirrel"]


def test_sub_labels_inside_a_list_and_one_way_of_writing_entries():
    text = """## Attendees

Board members present:

- Zorvan Quill, Acme Trust
- Brisk Ottaby, Morgan Harlow

For the secretariat:

- Tamsa Wirrel, Globex
"""
    m = parse_text(text, source="x.md", fmt="markdown")
    # "Morgan Harlow" looks like a name, but this list writes "Name, Organisation"
    assert [(a.name, a.organisation) for a in m.attendees] == [
        ("Zorvan Quill", "Acme Trust"), ("Brisk Ottaby", "Morgan Harlow"), ("Tamsa Wirrel", "Globex")]


def test_column_heads_of_a_flattened_table_give_the_names_to_the_first():
    # a two-column table ("Attendees | Apologies") read line by line puts both heads first
    text = "Attendees:\nApologies:\nZorvan Quill, Acme Trust\nBrisk Ottaby, Globex Ltd\n\nThe board met.\n"
    m = parse_text(text, source="x.txt")
    assert [a.name for a in m.attendees] == ["Zorvan Quill", "Brisk Ottaby"]
    assert m.apologies == []



def test_a_group_heading_over_a_sentence_is_no_column_head():
    text = ("### Apologies\n\nMirel Dounce, Umbrella; and Kell Varga, Initech sent their apologies.\n\n"
            "### Also in attendance\n\n* Zorvan Quill, Acme Trust\n* Brisk Ottaby, Globex Ltd\n")
    m = parse_text(text, source="x.md", fmt="markdown")
    assert [a.name for a in m.attendees] == ["Zorvan Quill", "Brisk Ottaby"]
