"""The readers: each format's structure comes out as the same light text, words untouched."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import parse_text
from ingest.reading.loader import convert


def test_markdown_never_rewrites_the_words_of_a_note():
    text = convert("# Build\n\n- Mona: rename __init__.py and keep 2*3*4 as it is\n- **Action:** Tal to fix it\n",
                   "markdown").text
    assert "__init__.py" in text
    assert "2*3*4" in text
    assert "- Action: Tal to fix it" in text  # emphasis used as a label loses only its markers


def test_markdown_tree_gives_nesting_checkboxes_and_tables():
    src = ("## Attendees\n\nName | Org |\n--- | --- |\nMona Vell | Acme |\n\n"
           "* [x] Topic one\n    * Mona: first point\n\n* [ ] Topic two\n")
    text = convert(src, "markdown").text
    assert "| Name | Org |\n|---|---|\n| Mona Vell | Acme |" in text
    # a loose list comes out tight: its items are one list, not paragraphs apart
    assert "- [x] Topic one\n  - Mona: first point\n- [ ] Topic two" in text


def test_html_inside_a_markdown_table_cell_keeps_its_items_apart():
    src = "Item | Notes |\n--- | --- |\nMaps | <ul><li>MV: first</li><li>TK: second</li></ul> |\n"
    text = convert(src, "markdown").text
    assert "| Maps | MV: first • TK: second |" in text


def test_html_paragraphs_stay_separate_units():
    html = ("<h1>Board</h1><p>Present: Mona Vell, Tal Kerem</p>"
            "<p>Mona Vell said that the plan is late</p><p>Tal Kerem said that it is on time</p>")
    m = parse_text(html, fmt="html")
    said = {(s.speaker, s.text) for s in m.statements}
    assert ("Mona Vell", "the plan is late") in said
    assert ("Tal Kerem", "it is on time") in said


def test_html_lists_checkboxes_and_definition_lists():
    html = ("<dl><dt>Present</dt><dd>Mona Vell, Tal Kerem</dd></dl>"
            "<ul><li><input type=checkbox checked> Ship it<ul><li>nested</li></ul></li>"
            "<li><input type=checkbox> Write docs</li></ul>")
    text = convert(html, "html").text
    assert "Present: Mona Vell, Tal Kerem" in text
    assert "- [x] Ship it\n  - nested\n- [ ] Write docs" in text


RST_NOTE = """Working group call
==================

:Date: 2022-05-04

Present
-------

* Mona Vell (Acme)
* Tal Kerem (Globex)

Budget
------

* Mona Vell said the budget is on track.
* ACTION: Tal Kerem to send the figures by Friday.
"""


def test_restructuredtext_is_read_through_docutils(tmp_path):
    path = tmp_path / "call.rst"
    path.write_text(RST_NOTE, encoding="utf-8")
    import ingest

    m = ingest.parse_file(path)
    assert (m.title, m.date) == ("Working group call", "2022-05-04")
    assert [(a.name, a.organisation) for a in m.attendees] == [("Mona Vell", "Acme"), ("Tal Kerem", "Globex")]
    assert [(a.owner, a.text, a.due) for a in m.action_items] == [
        ("Tal Kerem", "send the figures by Friday", "by Friday")]
    assert ("Mona Vell", "the budget is on track.") in {(s.speaker, s.text) for s in m.statements}


MEETBOT_MINUTES = """==========================
#rocket-dev: Rocket weekly
==========================

Meeting started by quillon at 16:00:12 UTC.

Meeting summary
---------------
* Release  (quillon, 16:01:02)
  * ACTION: tarvo to tag the 2.1 release  (quillon, 16:05:40)
  * AGREED: the 2.1 release ships on Friday  (quillon,
    16:07:11)
  * LINK: https://example.org/rocket/2.1  (tarvo, 16:08:00)

Action Items
------------
* tarvo to tag the 2.1 release

People Present (lines said)
---------------------------
* quillon (40)
* tarvo (12)
* zodbot (4)
"""


def test_meetbot_minutes_read_as_minutes():
    text = convert(MEETBOT_MINUTES, "text").text
    assert "ACTION: tarvo to tag the 2.1 release" in text
    assert "AGREED: the 2.1 release ships on Friday" in text
    assert "https://example.org/rocket/2.1" not in text  # a link is no item
    assert text.count("tarvo to tag the 2.1 release") == 1  # the action list repeats the summary
    assert "zodbot" not in text  # a bot is no attendee
    m = parse_text(MEETBOT_MINUTES)
    assert [d.text for d in m.decisions] == ["the 2.1 release ships on Friday"]
    assert [(a.owner, a.text) for a in m.action_items] == [("tarvo", "tag the 2.1 release")]


MEETBOT_LOG = """16:00:01 <quillon> #startmeeting Rocket weekly
16:00:01 <zodbot> Meeting started Wed Mar  2 16:00:01 2022 UTC.
16:00:20 <quillon> #topic Release
16:01:00 <tarvo> the build is green again
16:01:30 <quillon> #action tarvo to tag the 2.1 release
16:02:00 <quillon> #agreed ship on Friday
16:03:00 <quillon> #endmeeting
"""


def test_a_bare_meetbot_log_becomes_minutes():
    text = convert(MEETBOT_LOG, "text").text
    assert "### Release" in text
    assert "tarvo: the build is green again" in text
    assert "ACTION: tarvo to tag the 2.1 release" in text
    assert "AGREED: ship on Friday" in text
    assert "#endmeeting" not in text and "zodbot" not in text


MEETBOT_IN_A_POST = """Team update: week 2
###################

:date: 2020-03-09 10:00:00

We met this week. The `logs <https://meetbot.example.org/team.2020-03-06-14.00.log.html>`__ are online.

Meeting summary
---------------
Meeting started by quillon at 14:00:15 UTC.

* Packaging  (quillon, 14:04:37)
   * We need more testers for the next release  (quillon, 14:05:30)
   * ACTION: tarvo update the packaging guide  (quillon,
     14:06:10)
   * AGREED: move the docs to the wiki (+5, -0)  (tarvo, 14:08:00)

Meeting ended at 15:10:43 UTC.
"""


def test_meetbot_minutes_quoted_in_a_restructuredtext_post(tmp_path):
    import ingest

    path = tmp_path / "post.rst"
    path.write_text(MEETBOT_IN_A_POST, encoding="utf-8")
    m = ingest.parse_file(path)
    assert m.date == "2020-03-06"  # the meeting's log, not the post's date
    assert [(a.name, a.role) for a in m.attendees] == [("quillon", "chair"), ("tarvo", None)]
    assert ("quillon", "We need more testers for the next release") in {(s.speaker, s.text) for s in m.statements}
    assert [(a.owner, a.text) for a in m.action_items] == [("tarvo", "update the packaging guide")]
    assert [d.text for d in m.decisions] == ["move the docs to the wiki (+5, -0)"]


# Markdown: a block rule markdown-it is spared on a note that lacks what it needs
_MD_ALPHABET = "#>-*_=|`~<[]:!&;\\ \t\n\r.1aZ"


def _full_parser_tokens(src: str):
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).parse(src)


def test_a_markdown_note_of_the_corpus_gives_the_same_tokens_without_the_rules_it_cannot_need():
    from pathlib import Path

    from ingest.reading.md_reader import COULD_MATCH, parse_tokens

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    files = sorted(corpus.rglob("*.md"))
    assert len(files) > 20
    spared = set()
    for file in files:
        src = file.read_text(encoding="utf-8", errors="replace")
        assert parse_tokens(src) == _full_parser_tokens(src), file.name
        spared |= {rule for rule, could in COULD_MATCH.items() if not could(src)}
    assert spared >= {"table", "fence", "blockquote", "reference"}  # the notes do lack some


def test_each_spared_rule_is_one_that_could_not_have_matched():
    from ingest.reading.md_reader import COULD_MATCH, parse_tokens

    cases = ["Title\n===\n\n- a\n  ---\n", "> quote\n> ===\n", "* * *\n- ***\n", "1. x\n   ___  \n",
             "| a | b |\n|---|---|\n| 1 | 2 |\n", "```\ncode\n```\n", "~~~\nx\n~~~", "<div>\nx\n</div>",
             "# Heading\n", "[a]: http://x.org\n", "[a\nb]: /u\n", "- item\n\n    code\n", "text\r\n---\r\n",
             "a\n\n-\n", "a\n\t===\t\n", "> - 1. ***\n", "plain words only\n", "-- -\n", "_ _\n",
             "a \\* b\n", "`x` and ``y``\n", "~~gone~~ ~x\n", "**b** _i_ *x\n", "[a](b) [c]\n",
             "![img](x.png) !x\n", "<http://x.org> <b>x</b>\n", "&amp; &copy &#35;\n"]
    for src in cases:
        assert parse_tokens(src) == _full_parser_tokens(src), src
    # and every rule is spared somewhere, so each test above is exercised
    assert all(any(not could(src) for src in cases) for could in COULD_MATCH.values())


@given(st.text(alphabet=_MD_ALPHABET, max_size=120))
@settings(max_examples=400, deadline=None)
def test_any_markup_gives_the_same_tokens_without_the_rules_it_cannot_need(src):
    from ingest.reading.md_reader import parse_tokens

    assert parse_tokens(src) == _full_parser_tokens(src)
