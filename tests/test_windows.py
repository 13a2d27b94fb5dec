"""The shared Matcher is run only over the stretches where a match can be (ingest.nlp.windows),
and finds what a Matcher run over the whole doc finds."""
from __future__ import annotations

import spacy

from ingest.nlp.pipeline import get_nlp
from ingest.nlp.shapes import ShapeMatcher
from ingest.nlp.windows import WindowFlags

# invented names, in the shapes notes write them
NOTE = """Attendees: Dr. Olwen Marsh-Tiller (Harbour Data Network), Priit van der Lind, K. Osei
Apologies: Prof Ines Ravel, University of Lowmoor

1. Minutes of the last meeting were agreed.
Olwen Marsh-Tiller said the Department for Coastal Affairs had sent the draft; HM Treasury
will comment by 4 May. ACTION: Priit to ask the Lowmoor Council Working Group for figures.
The Board thanked Zora De Witt-Anand and the Office of the Harbour Commissioner.
"""


def test_windowed_matches_are_the_whole_docs() -> None:
    nlp = get_nlp()
    shapes = nlp.get_pipe("kb_organisations").shapes
    doc = nlp.make_doc(NOTE)
    spans = shapes.windows.spans(doc)
    assert spans is not None  # every step of the bundled patterns tests the word alone
    assert len(spans) > 1 and sum(end - start for start, end in spans) < len(doc)
    # plain prose is no step of any pattern: the Matcher is not run over it at all
    assert shapes.windows.spans(nlp.make_doc("the draft was agreed, and sent out on 4 june.")) == []
    whole = sorted(shapes.matcher(doc), key=lambda m: (m[1], m[2], shapes.rank[m[0]]))
    assert shapes._match(doc) == whole
    texts = {doc[s:e].text for _, s, e in whole}
    assert {"Olwen Marsh-Tiller", "Department for Coastal Affairs", "HM Treasury"} <= texts


def test_a_match_is_found_wherever_the_doc_is_cut() -> None:
    nlp = get_nlp()
    shapes = nlp.get_pipe("kb_organisations").shapes
    lines = NOTE.splitlines(keepends=True)
    for k in range(len(lines)):
        text = "".join(lines[k:] + lines[:k])  # the same lines, starting elsewhere
        doc = nlp.make_doc(text)
        whole = sorted(shapes.matcher(doc), key=lambda m: (m[1], m[2], shapes.rank[m[0]]))
        assert shapes._match(doc) == whole


def test_a_step_that_tests_more_than_the_word_matches_the_whole_doc() -> None:
    nlp = spacy.blank("en")
    shapes = ShapeMatcher(nlp.vocab)
    shapes.add("x", "said-anything", [[{"LOWER": "said"}, {}]])  # a wildcard: any token
    doc = nlp("Yes, Ines said so.")
    assert shapes.windows.spans(doc) is None
    assert [(doc[s:e].text) for _, s, e in shapes.matches(doc, "x")] == ["said so"]


def test_words_seen_before_a_pattern_was_added_get_its_flags() -> None:
    nlp = spacy.blank("en")
    flags = WindowFlags(nlp.vocab)
    flags.add([{"ORTH": "Lowmoor"}])
    doc = nlp("Tovi went to Lowmoor and Quell.")
    assert flags.spans(doc) == [(3, 4)]
    flags.add([{"LOWER": "quell"}])  # "Quell" is in the vocabulary already
    assert flags.spans(nlp(doc.text)) == [(3, 6)]  # the two, with "and" between them


def test_a_run_is_run_over_from_where_a_pattern_can_start() -> None:
    nlp = spacy.blank("en")
    flags = WindowFlags(nlp.vocab)
    # "of" can only follow "Friends": a run "of of Friends of Lowmoor" starts at "Friends"
    flags.add([{"ORTH": "Friends"}, {"LOWER": "of"}, {"ORTH": "Lowmoor", "OP": "?"}])
    doc = nlp("Of of Friends of Lowmoor met; of note, nothing else.")
    assert flags.spans(doc) == [(2, 5)]
    flags.add([{"LOWER": "the", "OP": "?"}, {"ORTH": "Board"}])  # a match can start at "Board"
    assert flags.spans(nlp("Then Board of Friends spoke.")) == [(1, 4)]
