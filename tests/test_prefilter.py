"""ingest.rules.prefilter: a pattern tried only where one of its words stands gives the
same answers as the pattern alone."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.rules.orgs import DEFINITION, definitions
from ingest.rules.prefilter import Needing

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def test_every_letter_ignorecase_takes_for_an_ascii_one_is_folded_to_it():
    n = Needing("x", ["x"])
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in string.ascii_lowercase:
        for twin in re.findall(letter, every, re.I):  # "ſ" for "s", "İ" and "ı" for "i", the Kelvin sign for "k"
            assert Needing("x", [letter]).could_match(f"a{twin}b"), (letter, hex(ord(twin)))
    assert not n.could_match("Ann agreed.")


@pytest.mark.parametrize("name", ["item_rules.MOTION", "entries.APOLOGY_MARK", "entries.MODE",
                                  "entries.SENT_APOLOGIES", "actions.markers.passive_decision",
                                  "actions.markers.decision_sentence", "item_rules.TOOK_ACTION",
                                  "item_rules.ASKED_TO", "item_rules.PASSIVE_BY",
                                  "commitment_mentions.IN_TEXT", "commitment_mentions.INTRO",
                                  "speech.SPEAKER_LINE", "layouts.LABEL"])
def test_each_prefiltered_pattern_finds_what_the_pattern_alone_finds(name):
    import importlib

    module, attr = name.split(".", 1)
    found_in = importlib.import_module(f"ingest.rules.{module}")
    needing = found_in.markers()[attr.split(".")[1]] if attr.startswith("markers.") \
        else getattr(found_in, attr)
    lines = ["Cllr Zed Quorra proposed the minutes be accepted, seconded by Cllr Ivo Brant.",
             "MOVED BY Ivo Brant, SECONDED BY Zed Quorra.", "Motion to adjourn at 9pm.",
             "We move that the budget be adopted.", "Ivo moved that the item be deferred.",
             "The motion was ſeconded by Zed.", "Ivo Brant agreed to send the list.", "",
             "Zed Quorra (apologies)", "Ivo Brant [Regrets]", "Ann Ode (ABSENT)", "Ivo (via Zoom)",
             "Zed Quorra by video-conference", "Ann Ode remotely", "Ivo Brant (12)", "Ed (telephone)",
             "Zed Quorra, who sent her apologies", "Ivo Brant gave his apologies late",
             "The budget was formally approved.", "The minutes were accepted as a true record.",
             "The plan is hereby adopted.", '"Blue Fern" won the vote.', "The motion carried.",
             "No objections were raised to the change.", "It was moved, seconded and carried.",
             "The Board unanimously agreed that the plan go ahead.", "We DECIDED to wait.",
             "The Panel has resolved to meet monthly.", "Members, after some debate and disagreed",
             "It was agreed: none", "All endorsed the report.", "The TSC Approves the charter.",
             "The chair took an action to write to Ivo.", "Zed Quorra had taken the ACTION to call",
             "Ivo was given an action to draft it.",
             "The Panel asked the Clerk to write to Ann Ode.", "Ivo requested Zed to circulate it",
             "The letter is to be sent by the Secretariat.", "Notes were to be kept by Ann Ode",
             "Blue Fern Open Data Commitment was discussed.", "The Harbour Access challenge stands",
             "Proposals were tabled as follows:", "COMMITMENTS ARE REVIEWED below:",
             "Zed Quorra (Blue Fern): we have the figures", "<ivo> Ann Ode: thanks", "Zed: ok",
             "Present – Zed Quorra, Ivo Brant", "Apologies- Ann Ode", "Chair — Ivo"]
    for path in sorted(SHARED.rglob("*")):
        if path.suffix in (".md", ".txt", ".html", ".log"):
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    found = [line for line in lines if needing.search(line)]
    assert found == [line for line in lines if needing.pattern.search(line)]
    assert [bool(needing.match(x)) for x in lines] == [bool(needing.pattern.match(x)) for x in lines]
    assert [[m.span() for m in needing.finditer(x)] for x in lines] == \
        [[m.span() for m in needing.pattern.finditer(x)] for x in lines]
    assert [needing.sub("", x) for x in lines] == [needing.pattern.sub("", x) for x in lines]
    assert len(found) >= 2


def test_needed_words_are_plain_lower_case():
    with pytest.raises(ValueError):
        Needing("Café", ["Café"])
    with pytest.raises(ValueError):
        Needing("café", ["café"])  # "É" lowers to it: the text lowered would hold it for both
    assert Needing("a – b", ["–"]).search("Zed: a – b")  # a dash has no case: lowering keeps it


LONG_FORMS = st.lists(st.sampled_from(["Crown", "Commercial", "Service", "of", "the", "and", "x",
                                       "Office", "(CCS)", "(ODI)", "(Ab&C)", "(", ")", "\n",
                                       "Datum-Zentrale", "A" * 300, "plan"]), max_size=40)


@settings(max_examples=400, deadline=None)
@given(LONG_FORMS, st.sampled_from([" ", "  ", "\n", ""]))
def test_definitions_are_those_the_pattern_finds_anywhere(words, sep):
    from ingest.rules import orgs

    text = sep.join(words)
    expected = [m.span() for m in DEFINITION.finditer(text)]
    look_back = orgs.LOOK_BACK
    try:
        for orgs.LOOK_BACK in (look_back, 40, 8):  # the ten words cut off, and not
            assert [m.span() for m in definitions(text)] == expected
    finally:
        orgs.LOOK_BACK = look_back


def test_definitions_in_the_corpus_are_those_the_pattern_finds_anywhere():
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SHARED.rglob("*"))
             if p.suffix in (".md", ".txt", ".html", ".log")]
    found = [[m.span() for m in definitions(t)] for t in texts]
    assert found == [[m.span() for m in DEFINITION.finditer(t)] for t in texts]
    assert sum(map(len, found)) >= 20


def test_a_sentence_s_whitespace_is_what_re_takes_for_whitespace():
    """item_rules joins a sentence's words with str.split where it once ran re.sub(r"\\s+")."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert re.findall(r"\s", every) == [c for c in every if c.isspace()]
    text = "a\u2003b \x1c c\u00a0\n\td\u200be"
    assert " ".join(text.split()) == re.sub(r"\s+", " ", text).strip()
