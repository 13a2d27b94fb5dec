"""ingest.nlp.tokenizer: with spaCy's cache of chunks filled chunk by chunk, a text is cut into
exactly the tokens spaCy's own tokenizer cuts it into."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import ingest
from ingest.nlp.pipeline import get_nlp
from ingest.nlp.tokenizer import MAX_CHUNKS, NoteTokenizer, text_of
from kb.importer import iter_note_files

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"

# pieces notes are made of, special cases of spaCy's English among them (a line break, "'s",
# "can't", "e.g.", ":)", "a.m."), which are what kept spaCy from caching what followed them
PIECES = ["Olwen", "Marsh-Tiller", "Zed's", "can't", "e.g.", "i.e.", "a.m.", ":)", "(Acme)",
          "[x]", "ACTION:", "10:30", "4-5", "Mr.", "U.S.", "'s", "n't", "co-op", "https://ex.org/a?b=1",
          "ann@ex.org", "#42", "$5", "50%", "--", "...", "“quoted”", "naïve", "ТАСС", "-", "*", "|"]
SPACES = [" ", "  ", "\n", "\n\n", "\n  ", "\t", "\xa0", " \n", "\r\n", "\u2003"]


def tokens(doc: spacy.tokens.Doc) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]


def test_every_note_is_cut_as_spacy_cuts_it() -> None:
    """Every note of the corpus and of notes/, each through both tokenizers, one after the other
    in one process, so that later notes meet chunks earlier ones cached."""
    texts = [ingest.read_note(path).text for path in iter_note_files([SHARED, ROOT / "notes"])]
    assert len(texts) > 50
    plain = spacy.blank("en").tokenizer
    caching = NoteTokenizer(spacy.blank("en").tokenizer)
    for text in texts + texts:  # the second time round every chunk is cached
        assert tokens(caching(text)) == tokens(plain(text))
    assert len(caching.seen) > 10_000


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES) | st.text(min_size=1, max_size=6),
                          st.sampled_from(SPACES)), min_size=1, max_size=40),
       st.integers(min_value=0, max_value=3))
def test_random_texts_are_cut_as_spacy_cuts_them(parts: list[tuple[str, str]], start: int) -> None:
    text = SPACES[start] * (start > 1) + "".join(piece + space for piece, space in parts)
    plain, caching = _kept()
    assert tokens(caching(text)) == tokens(plain(text))
    assert tokens(caching(text)) == tokens(plain(text))  # now from the cache
    assert text_of(caching(text)) == text


@cache
def _kept() -> tuple[spacy.tokenizer.Tokenizer, NoteTokenizer]:
    """spaCy's tokenizer and one filling its cache, each kept for all examples, as a worker
    keeps one for all its notes: a later example meets chunks earlier ones cached (so a
    failure may not shrink to the smallest text; the one it prints still fails)."""
    return spacy.blank("en").tokenizer, NoteTokenizer(spacy.blank("en").tokenizer)


def test_a_text_met_again_is_not_split_again() -> None:
    """What the cache is for: spaCy's own tokenizer splits every chunk after the first line
    break afresh each time; filled chunk by chunk, the cache answers for all of them."""
    def counting() -> tuple[spacy.tokenizer.Tokenizer, list[str]]:
        tokenizer, calls = spacy.blank("en").tokenizer, []
        search = tokenizer.prefix_search
        tokenizer.prefix_search = lambda chunk: calls.append(chunk) or search(chunk)
        return tokenizer, calls

    text = "Minutes:\nOlwen Marsh-Tiller (Acme) sent it, e.g. today."
    plain, plain_calls = counting()
    plain(text)
    plain_calls.clear()
    plain(text)
    assert plain_calls  # spaCy alone: split again after the line break
    inner, calls = counting()
    caching = NoteTokenizer(inner)
    assert inner.max_cache_size == MAX_CHUNKS
    caching(text)
    calls.clear()
    assert tokens(caching(text)) == tokens(plain(text))
    assert calls == []  # every chunk from the cache, "e.g." from the special cases


def test_past_its_limit_it_remembers_no_more_chunks_and_cuts_the_same() -> None:
    caching = NoteTokenizer(spacy.blank("en").tokenizer, max_chunks=3)
    plain = spacy.blank("en").tokenizer
    first = "Zed Quorra's draft:\nIvo can't come."
    assert tokens(caching(first)) == tokens(plain(first))
    assert caching.seen == {"Zed", "Quorra's", "draft:", "Ivo", "can't", "come."}
    later = "Ann Ode sent it, e.g. today."
    assert tokens(caching(later)) == tokens(plain(later))
    assert "Ode" not in caching.seen  # over the limit: tokenized as spaCy alone would
    assert caching.tokenizer.max_cache_size == 10_000  # never below spaCy's own default


def test_the_pipeline_tokenizes_with_it() -> None:
    nlp = get_nlp()
    assert isinstance(nlp.tokenizer, NoteTokenizer)
    doc = nlp("Present: Olwen Marsh-Tiller (Acme)\nACTION: Olwen to send it.\n")
    assert text_of(doc) == doc.text
    assert {"Marsh-Tiller", "(Acme)"} <= nlp.tokenizer.seen
