"""The readers: each format's structure comes out as the same light text, words untouched."""
from __future__ import annotations

from ingest import parse_text
from ingest.loader import convert


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
