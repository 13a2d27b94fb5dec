"""One vocabulary (ingest.vocabulary) for the parser and the knowledge base: a word added to a
list in ingest/data reaches both, so the two can never disagree about it again."""
from __future__ import annotations

import functools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import Attendee, Meeting, Organisation, Person, parse_text
from ingest.rules.orgs import OrgTable
from ingest.vocabulary import lexicon, nicknames, titles
from ingest.vocabulary.name_shapes import NameIndex, clean_name
from ingest.nlp.pipeline import get_nlp
from kb.knowledge.name_matching import could_be, first_names_match, parse_name, variant_kind
from kb.knowledge.organisations import plausible_org
from kb.knowledge.rebuild import ensure_fresh
from kb.storage.store import open_db, save_meeting


def test_a_short_form_once_known_only_to_the_parser_now_matches_in_the_knowledge_base_too():
    # "Zak" and "Ed" (for Edmund) were the parser's; "Bert" for Robert was the knowledge base's
    idx = NameIndex()
    idx.add("Zachary Quorn"), idx.add("Edmund Varle"), idx.add("Robert Tansy")
    assert [idx.resolve(n) for n in ("Zak", "Ed", "Bert")] == \
        ["Zachary Quorn", "Edmund Varle", "Robert Tansy"]
    assert could_be(parse_name("Zak"), parse_name("Zachary Quorn"))
    assert variant_kind(parse_name("Ed Varle"), parse_name("Edmund Varle")) == "nickname"
    assert first_names_match("bert", "robert") and not first_names_match("alan", "alistair")


def test_a_note_resolves_a_nickname_from_the_one_list():
    m = parse_text("Attendees:\n- Zachary Quorn\n- Ilse Marrow\n\nZak noted the budget was late.\n")
    assert "Zak" not in {p.name for p in m.people}
    assert "Zachary Quorn" in {p.name for p in m.people}


def test_the_nickname_file_gives_both_directions():
    assert nicknames.longer_forms("ted") == {"edward", "theodore"}
    assert nicknames.is_short_form("bill") and not nicknames.is_short_form("william")
    assert {"bob", "zak"} <= nicknames.known_first_names()


def test_forms_of_address_are_titles_and_an_initial_is_neither():
    # the parser takes any title off; the knowledge base knows which ones say "a surname follows"
    assert clean_name("Br. Tomas Vell") == "Tomas Vell"
    assert clean_name("County Councillor M Quill") == "M Quill"
    assert parse_name("Señora Quill").surname_only and parse_name("Dott.ssa Quill").surname_only
    assert not parse_name("Sir Tomas").surname_only
    assert not parse_name("M Quill").surname_only  # an initial, not "M." for Monsieur
    assert "m" not in titles.titles() and "m" not in titles.forms_of_address()
    # offices are titles to the parser, never forms of address to the knowledge base
    assert "chief executive" in titles.titles() and "chief" not in titles.forms_of_address()
    assert parse_name("Jane Quill PhD OBE").words == ("jane", "quill")


def test_one_organisation_key_for_the_note_and_the_knowledge_base(tmp_path: Path):
    table = OrgTable()
    first = table.add("Quillon Widgets Ltd")
    assert table.add("The Quillon Widgets") is first
    assert lexicon.org_key("Quillon Taskforce") == lexicon.org_key("Quillon Task Force")

    db = open_db(tmp_path / "kb.db")
    for date, org in (("2020-01-01", "Quillon Widgets Ltd"), ("2020-02-01", "Quillon Widgets")):
        m = Meeting(source=str(tmp_path / f"{date}.txt"), text="...", title="Board", date=date)
        m.attendees = [Attendee("Ilse Marrow", org)]
        m.people = [Person("Ilse Marrow", org)]
        m.organisations = [Organisation(org)]
        save_meeting(db, m)
    ensure_fresh(db)
    canon = {r["canonical_id"] for r in db.query("select canonical_id from organisation_identities")}
    assert len(canon) == 1


def test_one_list_of_job_words():
    # "owner" came from the parser's list, "chairwoman" from the knowledge base's
    assert not plausible_org("Product Owner", set()) and not plausible_org("Chairwoman", set())
    assert {"owner", "chairwoman", "deputy"} <= lexicon.job_words()


def test_fold_takes_plain_text_as_it_is_lowered_and_folds_the_rest():
    from ingest.vocabulary.keys import fold

    ascii_text = "".join(map(chr, range(128)))
    assert fold(ascii_text) == ascii_text.lower()  # the fast path: nothing to fold
    assert fold("Zoë O’Brien-Müller ﬁnds Ｓ") == "zoe o'brien-muller finds s"


def test_fold_drops_every_combining_mark_and_only_those():
    import unicodedata

    from ingest.vocabulary.keys import fold

    # every code point, each between ASCII letters: fold looks only at the runs of others
    text = "a".join(chr(c) for c in range(0x30000) if not 0xD800 <= c < 0xE000)
    decomposed = unicodedata.normalize("NFKD", text)
    expected = "".join(c for c in decomposed if not unicodedata.combining(c))
    assert fold(text) == expected.replace("\u2019", "'").replace("\u2018", "'").lower()


def test_control_characters_are_unicodes_but_for_whitespace():
    import unicodedata

    from ingest.reading.decoding import CONTROL

    found = {chr(c) for c in range(0x110000) if CONTROL.match(chr(c))}
    assert found == {chr(c) for c in range(0x110000)
                     if unicodedata.category(chr(c)) == "Cc" and chr(c) not in "\t\n\r\f\v"}


@functools.cache
def _with_sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _sentence_starts_both_ways(text: str) -> tuple[list[bool], list[bool]]:
    from ingest.nlp.pipeline import starts_sentence

    doc = _with_sentencizer()(text)
    return [bool(t.is_sent_start) for t in doc], [starts_sentence(t) for t in doc]


def test_a_sentence_starts_where_spacy_s_sentencizer_starts_one():
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.rglob("*"))
             if p.suffix in (".md", ".txt", ".log")][:60]
    texts += ["Done. Next item", "Ann agreed... (see notes.) Then: 'Zed left.' Bob!?", "", ".",
              "a . . b", "x - - y", "Why? « Yes. » No", "end。次", "।नया", "-- Ann", "Q: ok?\n\nA: yes"]
    assert len(texts) > 40
    for text in texts:
        sentencizer, ours = _sentence_starts_both_ways(text)
        assert ours == sentencizer, text[:80]


@given(st.text(alphabet=".!?,;:-()'\"« »。 \nAb1", max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_punctuation_starts_sentences_where_the_sentencizer_does(text):
    sentencizer, ours = _sentence_starts_both_ways(text)
    assert ours == sentencizer


def test_a_doc_s_words_are_its_tokens_with_their_flags_and_spaces():
    from ingest.nlp.pipeline import FLAGS, get_nlp, words_of

    text = "Cllr Zed Quorra (Acme  Trust)\n\n- J. Ode from GDS said: fine.\tDone!  Next"
    doc = get_nlp()(text)
    w = words_of(doc)
    assert w.word == [t.text for t in doc]
    assert [w.space(k) for k in range(len(doc))] == [t.is_space for t in doc]
    assert w.spacy == [bool(t.whitespace_) for t in doc] and w.punct == [t.is_punct for t in doc]
    for letter, flag in FLAGS.items():
        assert [w.has(k, letter) for k in range(len(doc))] == [t.check_flag(flag) for t in doc]
    assert w.span_text(1, 3) == doc[1:3].text and w.span_text(2, 2) == ""


def test_name_candidates_as_plain_values_are_the_spans_and_follow_a_new_group():
    from ingest.nlp.person_finder import candidates

    doc = get_nlp()("Cllr Zed Quorra (Acme) said the plan was ready, and Ivo Brant agreed.")
    spans = list(doc.spans["kb_people"])
    assert [(c.text, c.start_char, c.end_char, c.evidence) for c in candidates(doc)] == \
        [(s.text, s.start_char, s.end_char, s._.kb_evidence) for s in spans]
    assert {c.text for c in candidates(doc)} >= {"Zed Quorra", "Ivo Brant"}
    doc.spans["kb_people"] = spans[:1]  # as the model's evidence sets them again
    spans[0]._.kb_evidence = {"model_person": 1.0}
    assert [(c.text, c.evidence) for c in candidates(doc)] == [(spans[0].text, {"model_person": 1.0})]


def test_a_word_list_in_a_pattern_matches_as_spacy_s_in_list_does():
    """kb.nlp.pipeline.compile_pattern turns {"ORTH"/"LOWER": {"IN": [...]}} into a word flag:
    the same matches as spaCy's own IN test, on every pattern file's patterns."""
    import json

    from spacy.matcher import Matcher

    from ingest.nlp.pipeline import PATTERNS, compile_pattern, get_nlp

    nlp = get_nlp()
    text = ("Her Majesty's Quorra Office met the Board of Trade and Ivo Vale for the Vale Trust; "
            "HM Zedland Revenue, Ada van Brant, the Office FOR the Arts & Letters, His Majesty "
            "Orran Service, the Fund of Quorra and Brant, University of Zedland. OF the, de Ode")
    doc = nlp.make_doc(text)
    for file in ("people.jsonl", "organisations.jsonl"):
        raw, ours = Matcher(nlp.vocab, validate=False), Matcher(nlp.vocab, validate=False)
        lists = 0
        for line in (PATTERNS / file).read_text(encoding="utf-8").splitlines():
            p = json.loads(line)
            # spaCy's own: the word classes as the flags they are, the IN lists as written
            plain = [{k: v for k, v in t.items() if k != "_"} | compile_pattern(
                [{"_": t["_"]}], nlp.vocab)[0] if "_" in t else t for t in p["pattern"]]
            lists += sum(isinstance(v, dict) for t in plain for v in t.values())
            raw.add(p["id"], [plain])
            ours.add(p["id"], [compile_pattern(p["pattern"], nlp.vocab)])
        assert lists  # each file has word lists to test
        found = raw(doc)
        assert found and ours(doc) == found, file
