"""The ``kb_people`` component: every place in the text where a person's name may stand.

The token patterns of ``patterns/people.jsonl`` (matched with the organisations' in one pass,
``ingest.nlp.shapes``) find name shapes (capitalised words, with initials,
particles, hyphens, a title before them) and proposes each as a span in ``doc.spans["kb_people"]``
with the evidence its surroundings give (``span._.kb_evidence``): the shape itself, a title
before it, "(Organisation)" after it, a reporting verb after it, a first name the word list
knows. No piece decides alone; ``ingest.rules.note_people`` adds what the note's structure says (an
attendee entry, a speaker label, an owner) and weighs it all.

>>> from ingest.nlp.pipeline import get_nlp
>>> doc = get_nlp()("Later Councillor Zed Quorra (Acme) said the plan was ready.")
>>> [(s.text, sorted(s._.kb_evidence)) for s in doc.spans["kb_people"]]
[('Zed Quorra', ['org_after', 'reporting_subject', 'title_before', 'two_word_shape'])]
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ingest.nlp.evidence import weight
from ingest.nlp.pipeline import Words, words_of
from ingest.nlp.shapes import ShapeMatcher, shape_matcher
from ingest.vocabulary import lexicon

PATTERNS = Path(__file__).resolve().parents[1] / "patterns"
LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][\w]*")
# first names that are as often ordinary words ("Will", "Mark"): as a lone word, no evidence of a person
AMBIGUOUS_FIRST = {"Will", "Mark", "Bill", "Rob", "Pat", "Sue", "Grace", "Rose", "Frank", "Max", "Miles", "Sandy",
                   "Penny", "Ivy", "Dawn", "Summer", "Jack", "Lily", "Jan", "Ray", "Gene", "Dick", "Chase", "Drew",
                   "May", "June", "August", "Hope", "Faith", "Joy", "Art", "Bob", "Don", "Guy", "Sam"}

if not Span.has_extension("kb_evidence"):
    Span.set_extension("kb_evidence", default=None)


@Language.factory("kb_people", default_config={"patterns_file": "people.jsonl"})
def make_people(nlp: Language, name: str, *, patterns_file: str):
    from ingest.nlp.pipeline import add_word_flags, compile_pattern

    add_word_flags(nlp.vocab)
    shapes = shape_matcher(nlp.vocab)  # matched in one pass with the organisations' patterns
    for line in (PATTERNS / patterns_file).read_text(encoding="utf-8").splitlines():
        if line.strip():
            p = json.loads(line)
            # the longest match at each start: a run of capitalised words is one candidate
            shapes.add(name, p["id"], [compile_pattern(p["pattern"], nlp.vocab)], greedy="LONGEST")
    return PeopleFinder(name, shapes)


class PeopleFinder:
    def __init__(self, name: str, shapes: ShapeMatcher) -> None:
        self.name = name
        self.shapes = shapes

    def __call__(self, doc: Doc) -> Doc:
        w = words_of(doc)
        orgs = doc.spans["kb_orgs"] if "kb_orgs" in doc.spans else []
        taken = {i for s in orgs for i in range(s.start, s.end)}
        found = []
        for match_id, s, e in self.shapes.matches(doc, self.name):
            if e - s > 5 or any(w.space(k) for k in range(s, e - 1)):
                continue  # a name does not run over a line break
            found.append(_Match(s, e, match_id))
        spans = []
        seen: list[NameSpan] = []  # the same, as plain values (candidates())
        lower = set(LOWER_WORD.findall(w.text))
        for m in filter_spans(found):  # it reads only .start and .end
            start, end, kind = m.start, m.end, doc.vocab.strings[m.match_id]
            inside = [i for i in range(start, end) if i in taken]
            if inside:
                # "Cabinet Office Ben Gummer": the name is what follows the organisation
                if inside[-1] + 1 >= end:
                    continue
                start, kind = inside[-1] + 1, "name-shape"
            trimmed = _without_title(w, start, end, kind, lower)
            if trimmed is None:
                continue
            ev = _evidence(w, *trimmed, lower)
            if ev is not None:
                span = Span(doc, trimmed[0], trimmed[1], label="PERSON", span_id=trimmed[2])
                span._.kb_evidence = ev
                spans.append(span)
                seen.append(NameSpan(w.span_text(trimmed[0], trimmed[1]), w.idx[trimmed[0]],
                                     w.end_char(trimmed[1] - 1), ev))
        doc.spans["kb_people"] = spans
        doc.user_data["kb_people_seen"] = (doc.spans["kb_people"], seen)
        return doc


class NameSpan(NamedTuple):
    """A name candidate of ``doc.spans["kb_people"]`` as plain values: its text, characters and
    evidence (``span._.kb_evidence``)."""
    text: str
    start_char: int
    end_char: int
    evidence: dict[str, float] | None


def candidates(doc: Doc) -> list[NameSpan]:
    """``doc.spans["kb_people"]`` as plain values: the rules read each candidate's text and
    evidence several times a note, and a Span's text and extension attribute are slow to get.
    Made by the component itself; made afresh when the spans were set since (the model's)."""
    group = doc.spans["kb_people"] if "kb_people" in doc.spans else []
    made = doc.user_data.get("kb_people_seen")
    if made is not None and made[0] is group:
        return made[1]
    return [NameSpan(s.text, s.start_char, s.end_char, s._.kb_evidence) for s in group]


class _Match(NamedTuple):
    start: int
    end: int
    match_id: int


def _without_title(w: Words, start: int, end: int, kind: str, lower: set[str]
                   ) -> tuple[int, int, str] | None:
    """"Councillor Zed Quorra" is the person Zed Quorra, the title staying evidence; "Later Zed
    Quorra" loses the sentence's first word when the note also writes it in lower case."""
    titled = False
    for k in range(start, end - 1):
        if w.has(k, "T"):
            start, titled = k + 1, True
    while start < end and w.word[start] == ".":
        start += 1
    while end - start > 1 and w.word[start].lower() in lower and not titled:
        start += 1
    if start >= end:
        return None
    return start, end, "title-name" if titled else kind


def evidence_for(doc: Doc, span: Span, lower: set[str] = frozenset()) -> dict[str, float] | None:
    """The evidence a name-shaped span's own words and neighbours give; None for no name."""
    return _evidence(words_of(doc), span.start, span.end, span.id_, lower)


def _evidence(w: Words, start: int, end: int, kind: str, lower: set[str] = frozenset()
              ) -> dict[str, float] | None:
    words = [k for k in range(start, end) if w.word[k] not in ("-", ".")]
    if not words:
        return None
    full = [k for k in words if not w.has(k, "I")]
    ev: dict[str, float] = {}

    def add(name: str, share: float = 1.0) -> None:
        ev[name] = round(weight("person", name) * share, 4)

    before = start - 1 if start > 0 else None
    titled = kind == "title-name" or (before is not None and w.has(before, "T"))
    if titled:
        add("title_before")
    if len(full) >= 2:
        add("two_word_shape")
    elif len(words) >= 2:
        add("two_word_shape", 0.7)  # "Crystal S": a name and an initial
    elif not titled:
        tok = words[0]
        if w.starts_sentence(tok) or (before is not None and w.word[before] in ":(-–—•*#|\"“"):
            return None  # a capitalised word that starts a sentence or a label says nothing
        if w.word[tok] in AMBIGUOUS_FIRST or (before is not None and (w.has(before, "C") or w.has(before, "T"))):
            return None
        add("one_word_shape")
        add("mid_sentence_capital")
    else:
        add("one_word_shape")
    if w.has(words[0], "F"):
        add("known_first_name")
    if any(w.has(k, "O") for k in words):
        add("organisation_word")
    if lexicon.lookup_org(w.span_text(start, end)):
        add("gazetteer_organisation")
    if any(w.word[k].lower() in lower for k in full):
        add("lower_case_elsewhere")  # "Plan" where the note also says "plan"
    after = end if end < len(w) else None
    if after is not None and w.word[after] == "(":
        inner = range(end + 1, min(end + 6, len(w)))
        if inner and w.word[inner[0]][:1].isupper() and any(w.word[k] == ")" for k in inner) and \
                not (w.has(inner[0], "A") and len(inner) > 1 and w.word[inner[1]] == ")"
                     and len(words) == 1):
            add("org_after")  # "Ann (Home Office)"; not "Plan (NAP)", an acronym defined
    elif after is not None and w.word[after] in ("at", "from") and end + 1 < len(w) and \
            w.word[end + 1][:1].isupper():
        add("org_after", 0.8)  # "Crystal S at Anaconda"
    if after is not None and _is_reporting_verb(w, end):
        add("reporting_subject")
    return ev


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    return frozenset(lexicon.speech_verbs())


def _is_reporting_verb(w: Words, i: int) -> bool:
    verbs = _verbs()
    n = len(w)
    # skip "(Org)" and adverbs between the name and the verb
    k = i
    if k < n and w.word[k] == "(":
        while k < n and w.word[k] != ")" and k - i < 12:
            k += 1
        k += 1
    while k < n and w.word[k] in ("also", "then", "further", "briefly", "again", "later", "has", "had"):
        k += 1
    if k >= n:
        return False
    return w.word[k] in verbs or w.span_text(k, min(k + 2, n)) in verbs
