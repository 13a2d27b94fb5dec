"""The ``kb_people`` component: every place in the text where a person's name may stand.

A Matcher over ``patterns/people.jsonl`` finds name shapes (capitalised words, with initials,
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

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ingest.nlp.pipeline import is_class, starts_sentence, text_of
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
    matcher = Matcher(nlp.vocab, validate=False)  # compile_pattern validates
    for line in (PATTERNS / patterns_file).read_text(encoding="utf-8").splitlines():
        if line.strip():
            p = json.loads(line)
            # the longest match at each start: a run of capitalised words is one candidate
            matcher.add(p["id"], [compile_pattern(p["pattern"])], greedy="LONGEST")
    return PeopleFinder(matcher)


class PeopleFinder:
    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        orgs = doc.spans["kb_orgs"] if "kb_orgs" in doc.spans else []
        taken = {i for s in orgs for i in range(s.start, s.end)}
        found = []
        for match_id, s, e in self.matcher(doc):
            if e - s > 5 or any(t.is_space or "\n" in t.whitespace_ for t in doc[s:e - 1]):
                continue  # a name does not run over a line break
            found.append(Span(doc, s, e, label="PERSON", span_id=doc.vocab.strings[match_id]))
        spans = []
        lower = set(LOWER_WORD.findall(text_of(doc)))
        for span in filter_spans(found):
            inside = [i for i in range(span.start, span.end) if i in taken]
            if inside:
                # "Cabinet Office Ben Gummer": the name is what follows the organisation
                if inside[-1] + 1 >= span.end:
                    continue
                span = Span(doc, inside[-1] + 1, span.end, label="PERSON", span_id="name-shape")
            span = _without_title(span, lower)
            if span is None:
                continue
            ev = evidence_for(doc, span, lower)
            if ev is not None:
                span._.kb_evidence = ev
                spans.append(span)
        doc.spans["kb_people"] = spans
        return doc


def _without_title(span: Span, lower: set[str]) -> Span | None:
    """"Councillor Zed Quorra" is the person Zed Quorra, the title staying evidence; "Later Zed
    Quorra" loses the sentence's first word when the note also writes it in lower case."""
    doc = span.doc
    start = span.start
    titled = False
    for k in range(span.start, span.end - 1):
        if is_class(doc[k], "T"):
            start, titled = k + 1, True
    while start < span.end and doc[start].text == ".":
        start += 1
    while span.end - start > 1 and doc[start].text.lower() in lower and not titled:
        start += 1
    if start >= span.end:
        return None
    out = Span(doc, start, span.end, label="PERSON", span_id="title-name" if titled else span.id_)
    return out


def evidence_for(doc: Doc, span: Span, lower: set[str] = frozenset()) -> dict[str, float] | None:
    """The evidence a name-shaped span's own words and neighbours give; None for no name."""
    from ingest.nlp.evidence import weight

    words = [t for t in span if t.text not in ("-", ".")]
    if not words:
        return None
    full = [t for t in words if not is_class(t, "I")]
    ev: dict[str, float] = {}

    def add(name: str, share: float = 1.0) -> None:
        ev[name] = round(weight("person", name) * share, 4)

    kind = span.id_
    before = doc[span.start - 1] if span.start > 0 else None
    titled = kind == "title-name" or (before is not None and is_class(before, "T"))
    if titled:
        add("title_before")
    if len(full) >= 2:
        add("two_word_shape")
    elif len(words) >= 2:
        add("two_word_shape", 0.7)  # "Crystal S": a name and an initial
    elif not titled:
        tok = words[0]
        if starts_sentence(tok) or (before is not None and before.text in ":(-–—•*#|\"“"):
            return None  # a capitalised word that starts a sentence or a label says nothing
        if tok.text in AMBIGUOUS_FIRST or (before is not None and (is_class(before, "C") or is_class(before, "T"))):
            return None
        add("one_word_shape")
        add("mid_sentence_capital")
    else:
        add("one_word_shape")
    if is_class(words[0], "F"):
        add("known_first_name")
    if any(is_class(t, "O") for t in words):
        add("organisation_word")
    if lexicon.lookup_org(span.text):
        add("gazetteer_organisation")
    if any(t.text.lower() in lower for t in full):
        add("lower_case_elsewhere")  # "Plan" where the note also says "plan"
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text == "(":
        inner = doc[span.end + 1:span.end + 6]
        if inner and inner[0].text[:1].isupper() and any(t.text == ")" for t in inner) and \
                not (is_class(inner[0], "A") and inner[1:2] and inner[1].text == ")" and len(words) == 1):
            add("org_after")  # "Ann (Home Office)"; not "Plan (NAP)", an acronym defined
    elif after is not None and after.text in ("at", "from") and span.end + 1 < len(doc) and \
            doc[span.end + 1].text[:1].isupper():
        add("org_after", 0.8)  # "Crystal S at Anaconda"
    if after is not None and _is_reporting_verb(doc, span.end):
        add("reporting_subject")
    return ev


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    return frozenset(lexicon.speech_verbs())


def _is_reporting_verb(doc: Doc, i: int) -> bool:
    verbs = _verbs()
    # skip "(Org)" and adverbs between the name and the verb
    k = i
    if k < len(doc) and doc[k].text == "(":
        while k < len(doc) and doc[k].text != ")" and k - i < 12:
            k += 1
        k += 1
    while k < len(doc) and doc[k].text in ("also", "then", "further", "briefly", "again", "later", "has", "had"):
        k += 1
    if k >= len(doc):
        return False
    two = doc[k:k + 2].text
    return doc[k].text in verbs or two in verbs
