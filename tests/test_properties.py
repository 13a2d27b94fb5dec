"""Property-based tests (hypothesis): the parser takes any text, keeps its offsets inside the
note's text, and gives the same answer every time; the loader turns any bytes into a note or a
one-line ParseError.

The strategies mix arbitrary text with fragments of real note syntax (attendee lists, action
markers, tables, headings, HTML tags), so examples reach the parser's rules rather than only
its "nothing recognised" path.
"""
from __future__ import annotations

import dataclasses
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ingest
from ingest.reading.loader import SUFFIXES, bytes_to_note
from kb.storage.store import open_db, save_meeting

FRAGMENTS = [
    "Present:", "Attendees:", "Apologies:", "Ann Lee", "Bob Ray (Involve)", "Dr Cat Kim",
    "Home Office", "Crown Commercial Service (CCS)", ", ", " and ", "ACTION", "ACTION 1.1:",
    "Action:", " to send the slides", " by Friday", "Agreed:", "Decision:", "said that",
    "reported", "Commitment 5: Open Contracting", "|", " | ", "---", "# ", "## ", "- ", "* ",
    "1. ", "\n", "\n\n", "\t", "  ", ":", ".", "(", ")", "[", "]", "**", "_", "\\", "`",
    "<p>", "</p>", "<li>", "<ul>", "</ul>", "<tr><td>", "</td><td>", "<h1>", "<![", "<!--",
    "&amp;", "&#0;", "\u00e9", "\u201c", "\u2014", "\ufeff", "\u0000", "\r\n", "\r", "\u2028",
    "2017-02-01", "1 February 2017", "Next meeting:", "[10:02] <ann>", "* bob waves",
]
note_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=40).map("".join)
texts = note_text | st.text(max_size=300)
FORMATS = ["text", "markdown", "html"]
# KB_FUZZ_EXAMPLES=5000 for a longer hunt; the default keeps the suite fast
EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def offset_pairs(meeting: ingest.Meeting):
    """(record kind, start, end) for every extracted record that carries offsets."""
    for f in dataclasses.fields(meeting):
        value = getattr(meeting, f.name)
        if isinstance(value, list):
            for item in value:
                if dataclasses.is_dataclass(item) and hasattr(item, "start"):
                    yield f.name, item.start, item.end


@SETTINGS
@given(text=texts, fmt=st.sampled_from(FORMATS))
def test_parser_never_raises_and_offsets_point_inside_the_text(text, fmt):
    meeting = ingest.parse_text(text, source="fuzz.txt", fmt=fmt)
    for kind, start, end in offset_pairs(meeting):
        assert 0 <= start <= end <= len(meeting.text), (kind, start, end, len(meeting.text))


@SETTINGS
@given(text=texts, fmt=st.sampled_from(FORMATS))
def test_parsing_is_deterministic(text, fmt):
    first = ingest.parse_text(text, source="fuzz.txt", fmt=fmt)
    second = ingest.parse_text(text, source="fuzz.txt", fmt=fmt)
    assert dataclasses.asdict(first) == dataclasses.asdict(second)


@pytest.fixture(scope="module")
def memory_db():
    return open_db(":memory:")


@settings(max_examples=max(EXAMPLES // 3, 10), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=note_text, fmt=st.sampled_from(FORMATS))
def test_every_stored_offset_pair_points_inside_the_stored_text(memory_db, text, fmt):
    db = memory_db
    meeting = ingest.parse_text(text, source="notes/fuzz.txt", fmt=fmt)
    save_meeting(db, meeting)
    # lengths compared in Python: SQLite's length() stops at a NUL character
    texts = dict(db.execute("select id, text from meetings").fetchall())
    for table in ("attendance", "meeting_names", "meeting_organisations", "commitment_updates",
                  "statements", "action_items", "decisions"):
        rows = db.execute(f'select meeting_id, start, "end" from "{table}"').fetchall()
        for meeting_id, start, end in rows:
            assert start is not None and end is not None, table
            assert 0 <= start <= end <= len(texts[meeting_id]), (table, start, end)


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.binary(max_size=400) | note_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
       suffix=st.sampled_from(sorted(SUFFIXES)))
def test_loader_turns_any_bytes_into_a_note_or_a_one_line_parse_error(data, suffix):
    try:
        note = bytes_to_note(data, SUFFIXES[suffix])
    except ingest.ParseError as e:
        assert "\n" not in str(e) and str(e)
    else:
        assert note.text.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1Z2_ .-²½١日é\n"), max_size=40))
def test_index_terms_are_the_runs_of_every_word_that_mixes_letters_and_digits(text):
    """kb.storage.search_index finds the words first, then tests each: the same words the one
    pattern it replaced found (letters and digits side by side, anywhere in the word)."""
    import re

    from kb.storage.search_index import index_terms

    mixed = re.compile(r"[^\W_]*(?:[^\W\d_]\d|\d[^\W\d_])[^\W_]*")
    runs = [run for word in mixed.findall(text) for run in re.findall(r"\d+|[^\W\d_]+", word)]
    assert index_terms(text) == (" ".join(runs) or None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["May ", "3 ", "2015", "201", "5", "-04-", "25", "april", "x",
                                 "２０１５", "²", " ", "\n"]), max_size=12).map("".join))
def test_named_meetings_finds_the_same_dates_as_its_pattern_alone(text):
    """kb.knowledge.note_sections skips an ASCII text without four digits in a row: its pattern
    would have found no date there either."""
    from ingest.vocabulary.keys import fold
    from kb.knowledge import note_sections

    whole = note_sections._NAMED_DAY.search(fold(text)) is not None
    assert whole == bool(note_sections.named_meetings(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=8),
       st.lists(st.tuples(st.integers(0, 120), st.integers(0, 40), st.sampled_from("nu")),
                max_size=8))
def test_item_kinds_are_the_items_overlapping_each_block(cuts, items):
    """kb.knowledge.note_sections finds the items overlapping each block in one pass: the
    kinds a test of every item against every block finds."""
    from kb.knowledge.note_sections import item_kinds

    blocks, pos = [], 0
    for gap, length in cuts:  # in text order, apart, as a note's runs of lines are
        blocks.append((pos + gap, pos + gap + length))
        pos += gap + length + 1
    spans = [(start, start + length, kind) for start, length, kind in items]
    found = [sorted(kinds) for kinds in item_kinds(blocks, spans)]
    assert found == [sorted(k for s, e, k in spans if s < end and e > start)
                     for start, end in blocks]


_said_present = st.tuples(
    st.lists(st.sampled_from(["Ann", "Lee", "J.", "O'Neil", "Zed-Ora", "Ö", "x", "the"]), min_size=1,
             max_size=5).map(" ".join),
    st.sampled_from([" was present", " were also present", " was in attendance", " joined the meeting",
                     " attended for", " attended", "  was\npresent", " presented", " joined"]),
    st.sampled_from(["", ",", ".", ":", "(", "\n", " ", "’s", "x"]),
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_said_present | st.sampled_from([" ", ", ", "(", "\n", "Ann ", "x"]), max_size=8)
       .map("".join))
def test_present_in_prose_finds_what_its_pattern_finds_over_the_whole_text(text):
    """ingest.parser tries PRESENT only between characters none of its matches can hold, where
    one of its words stands: the same matches as PRESENT over the whole text."""
    from ingest import parser

    assert [m.span() for m in parser._present_matches(text)] == \
        [m.span() for m in parser.PRESENT.finditer(text)]


_written_date = st.sampled_from(["1st February 2017", "3 of Sept. 1999", "ſept 3, 2017", "May 12 2020",
                                 "2017-03-12", "12/3/2017", "1 Feb, 2017", "٢٠١٧", "3 May"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_written_date | st.sampled_from([" ", ", ", "(", ":", "\n", "x", "20", "-", "the "]),
                max_size=10).map("".join))
def test_dates_are_found_in_the_stretches_with_a_year_as_in_the_whole_text(text):
    """ingest.vocabulary.dates tries its patterns only between characters no date holds, where
    a year stands: the same dates as its patterns over the whole text."""
    from unittest import mock

    from ingest.vocabulary import dates

    with mock.patch.object(dates, "_stretches", lambda t: [(0, len(t))]):
        whole = dates.find_dates(text)
    assert dates.find_dates(text) == whole


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list(".!? \n\tAb'“(x") + ["\u2028", "  ", ".\n", "Ann. Bo"]),
                max_size=30).map("".join))
def test_sentence_breaks_are_where_a_look_back_at_the_punctuation_finds_them(text):
    """kb.knowledge.note_sections matches the punctuation and takes the space after it: the
    same breaks as the pattern that looked back at the punctuation from the space."""
    import re

    from kb.knowledge.note_sections import sentence_breaks

    looking_back = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'‘“(])|\n")
    assert list(sentence_breaks(text)) == [m.span() for m in looking_back.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list(".!?… \n\tAb“\"(x") + ["...", "  ", "Ann. Bo", "e.g. X"]),
                max_size=30).map("".join))
def test_sentence_gaps_are_where_a_look_back_at_the_punctuation_finds_them(text):
    """ingest.rules.speech matches a sentence's end and takes the space after it: the same
    gaps as the pattern that looked back at the end from the space."""
    import re

    from ingest.rules.speech import sentence_gaps

    looking_back = re.compile(r"(?<=[.!?])(?<!\.\.\.)(?<!…)\s+(?=[A-Z“\"(])")
    assert list(sentence_gaps(text)) == [m.span() for m in looking_back.finditer(text)]
