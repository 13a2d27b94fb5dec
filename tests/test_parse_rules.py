"""Rules the walker weighs: initials speakers, minutes in table cells, tables of earlier
actions, checkboxes that tick off an agenda. Invented excerpts in each layout's shape."""
from __future__ import annotations

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
