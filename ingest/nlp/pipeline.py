"""The spaCy pipeline: `spacy.blank("en")` plus rule components whose patterns are data files.

Components (each registered with ``@Language.factory``):

- ``kb_organisations``: a span ruler over ``patterns/organisations.jsonl`` (organisation shapes
  such as "<Capitalised words> Network", "Department for <X>") and phrase patterns for every
  name, alias and acronym in ``data/organisations.jsonl``; results in ``doc.spans["kb_orgs"]``.
- ``kb_people`` (``person_finder.py``): the token patterns of ``patterns/people.jsonl`` (name
  shapes: capitalised words, initials, particles, titles); every match is a candidate in
  ``doc.spans["kb_people"]`` with its evidence in ``span._.kb_evidence``.

Both components' token patterns are matched in one pass over the tokens (``ingest.nlp.shapes``).

>>> doc = get_nlp()("Andrew Bowen of the Crown Commercial Service spoke.")
>>> [s.text for s in doc.spans["kb_people"]], [s.text for s in doc.spans["kb_orgs"]]
(['Andrew Bowen'], ['Crown Commercial Service'])
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.attrs import IDX, IS_PUNCT, LENGTH, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab
from spacy.util import filter_spans

from ingest.nlp.shapes import ShapeMatcher, shape_matcher
from ingest.nlp.tokenizer import NoteTokenizer, text_of
from ingest.nlp.windows import IN_A_PATTERN, OPENS_A_PATTERN
from ingest.vocabulary import lexicon
from ingest.vocabulary.name_shapes import INITIAL
from ingest.vocabulary.titles import titles

# words that only describe a body's kind: "Steering Committee" alone names no one
GENERIC = {"steering", "advisory", "executive", "management", "working", "technical", "project", "programme",
           "the", "joint", "national", "central", "local", "new", "main", "core", "open", "data", "digital"}
PATTERNS = Path(__file__).resolve().parents[1] / "patterns"
CAP = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž](?=\S*[a-zß-öø-ÿ])[^\W\d_’']*(?:[’'][^\W\d_]+)?$")
ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*$")


# Word classes, one letter each: C capitalised name-like word, F known first name, T title, O
# organisation-type word, A acronym, I initial ("J", "J."). Each is a lexeme flag: spaCy works a
# flag out once for each distinct word, as the word enters the vocabulary, and its Matcher tests
# flags natively. Predicates on custom attributes ran a Python call per token per pattern (40%
# of the parse); TAG in-lists, the route before this one, still ran a Python set test per token
# and a component to fill the tags: 1.7 ms a note more.
CLASSES = {"kb_cap": "C", "kb_first": "F", "kb_title": "T", "kb_org_word": "O", "kb_acronym": "A",
           "kb_initial": "I"}
# spaCy leaves lexeme flags 19-63 to applications (spacy.attrs.FLAG19 ... FLAG63)
FLAGS = {letter: 19 + i for i, letter in enumerate(CLASSES.values())}


@lru_cache(maxsize=200_000)
def word_classes(text: str) -> str:
    low = text.lower()
    cap = bool(CAP.match(text)) and low not in lexicon.non_names()
    out = "C" if cap else ""
    if cap and low in lexicon.first_names():
        out += "F"
    if low.rstrip(".") in titles() and text[:1].isupper():
        out += "T"
    if text in lexicon.org_words():
        out += "O"
    if ACRONYM.match(text) and 2 <= len(text) <= 8:
        out += "A"
    if INITIAL.match(text):
        out += "I"
    return out


def _flag_getter(letter: str):
    def getter(text: str) -> bool:
        return letter in word_classes(text)
    return getter


FLAG_GETTERS = {letter: _flag_getter(letter) for letter in FLAGS}


def add_word_flags(vocab: Vocab) -> None:
    """Give ``vocab``'s words the class flags (idempotent: every pipeline's factories call it)."""
    for letter, flag in FLAGS.items():
        if vocab.lex_attr_getters.get(flag) is not FLAG_GETTERS[letter]:
            vocab.add_flag(FLAG_GETTERS[letter], flag)


def is_class(token: Token, letter: str) -> bool:
    """Whether ``token``'s word is of the class ``letter`` ("C", "F", "T", "O", "A", "I")."""
    return token.check_flag(FLAGS[letter])


def has(token: Token, attr: str) -> bool:
    return is_class(token, CLASSES[attr])


for _attr in CLASSES:
    if not Token.has_extension(_attr):
        Token.set_extension(_attr, getter=lambda t, a=_attr: has(t, a))


# a word list a pattern tests ({"ORTH": {"IN": [...]}}, {"LOWER": {"IN": [...]}}) -> its flag,
# after the word classes' (spacy.attrs.FLAG25 ... FLAG61). spaCy tests an IN list with a Python
# call at every token where a pattern could take that step: "hm-body" starts with one, so every
# token of every note paid it (1,600 calls a note); a flag is worked out once for each word.
SET_FLAGS: dict[tuple[str, frozenset[str]], int] = {}
LAST_FLAG = min(IN_A_PATTERN, OPENS_A_PATTERN) - 1  # the two above are ingest.nlp.windows'


def _set_flag(vocab: Vocab, attr: str, values: frozenset[str]) -> int:
    key = (attr, values)
    if key not in SET_FLAGS:
        flag = 19 + len(FLAGS) + len(SET_FLAGS)
        if flag > LAST_FLAG:
            raise ValueError(f"more word lists in the patterns than spaCy has flags for: {sorted(values)}")
        SET_FLAGS[key] = flag
    flag = SET_FLAGS[key]
    if vocab.lex_attr_getters.get(flag) is None:
        # LOWER is the word lower-cased (spaCy's own getter): the same test on the word's text
        vocab.add_flag((lambda text: text.lower() in values) if attr == "LOWER"
                       else (lambda text: text in values), flag)
    return flag


def compile_pattern(pattern: list[dict], vocab: Vocab) -> list[dict]:
    """Patterns in the data files say {"_": {"kb_cap": true}} and {"ORTH": {"IN": [...]}} for
    readability; the matcher gets the equivalent flag tests (an IN list becomes a flag of
    ``vocab``'s, ``SET_FLAGS``), so it needs ``validate=False``: the readable form is checked
    here instead, with spaCy's own schema.

    >>> tokens = compile_pattern([{"LOWER": {"IN": ["of", "for"]}, "OP": "?"}, {"LOWER": "the"}],
    ...                          get_nlp().vocab)
    >>> [type(k).__name__ for k in tokens[0]], tokens[1]
    (['str', 'int'], {'LOWER': 'the'})
    """
    errors = validate_token_pattern(pattern)
    if errors:
        raise ValueError(f"invalid token pattern {pattern!r}: {'; '.join(errors)}")
    out = []
    for tok in pattern:
        tok = dict(tok)
        ext = tok.pop("_", None)
        if ext:
            (attr, want), = ext.items()
            tok[FLAGS[CLASSES[attr]]] = bool(want)
        for attr in ("ORTH", "LOWER"):
            test = tok.get(attr)
            if isinstance(test, dict) and set(test) == {"IN"}:
                del tok[attr]
                tok[_set_flag(vocab, attr, frozenset(test["IN"]))] = True
        out.append(tok)
    return out


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@Language.factory("kb_organisations", default_config={"patterns_file": "organisations.jsonl"})
def make_organisations(nlp: Language, name: str, *, patterns_file: str):
    add_word_flags(nlp.vocab)
    finder = OrganisationFinder(name, shape_matcher(nlp.vocab), PhraseMatcher(nlp.vocab, attr="ORTH"))
    for p in _read_jsonl(PATTERNS / patterns_file):
        finder.shapes.add(name, finder.key(p["label"], p.get("id", "")),
                          [compile_pattern(p["pattern"], nlp.vocab)])
    seen = set()
    for e in lexicon.organisations():
        for text in [e.name, *e.aliases] + ([e.acronym] if e.acronym else []):
            if text and text not in seen:
                seen.add(text)
                finder.phrases.add(finder.key("ORG", "gazetteer:" + e.name), [nlp.make_doc(text)])
    return finder


class OrganisationFinder:
    """A span ruler as spaCy's SpanRuler is one (its token patterns matched in the pass
    ingest.nlp.shapes shares with the people finder), then trims sentence-initial words ("The Board") that are
    not part of a name."""

    def __init__(self, name: str, shapes: ShapeMatcher, phrases: PhraseMatcher) -> None:
        self.name = name
        self.shapes = shapes
        self.phrases = phrases
        self.labels: dict[int, tuple[str, str]] = {}  # match key -> the pattern's label and id

    def key(self, label: str, pattern_id: str) -> str:
        """A pattern's match key, as the SpanRuler makes it: one for each label and id."""
        key = repr((label, pattern_id))
        self.labels[self.shapes.vocab.strings.add(key)] = (label, pattern_id)
        return key

    def match(self, doc: Doc) -> list[Span]:
        """The token and phrase patterns' spans, each once, in order (SpanRuler.match)."""
        matches = self.shapes.matches(doc, self.name) + list(self.phrases(doc))
        return sorted({Span(doc, start, end, label=self.labels[key][0], span_id=self.labels[key][1])
                       for key, start, end in matches if start != end})

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["kb_orgs"] = self.match(doc)
        w = words_of(doc)
        skip = lexicon.non_names() | {"the"}
        keep = []
        for span in doc.spans["kb_orgs"]:
            if self._part_of_something_else(w, span):
                continue
            start = span.start
            # "Anti-Corruption Unit": the tokenizer splits at the hyphen, the name does not
            while start >= 2 and w.word[start - 1] == "-" and not w.spacy[start - 2] \
                    and not w.spacy[start - 1] and w.word[start - 2][:1].isupper():
                start -= 2
                # ... and over the capitalised words before it: "Joint Anti-Corruption Unit"
                while start >= 1 and w.has(start - 1, "C") and not w.starts_sentence(start - 1):
                    start -= 1
            while start < span.end and w.word[start].lower() in skip:
                start += 1
            if start >= span.end or (span.end - start == 1 and w.has(start, "O") and
                                     not span.id_.startswith("gazetteer:")):
                continue
            keep.append(Span(doc, start, span.end, label=span.label_, span_id=span.id_))
        doc.spans["kb_orgs"] = filter_spans(keep)
        return doc

    @staticmethod
    def _part_of_something_else(w: Words, span: Span) -> bool:
        """"ML-DSA", "Google Doc", "Open Government Action Plan": a match glued to a longer
        name that is not an organisation's."""
        before = span.start - 1 if span.start > 0 else None
        after = span.end if span.end < len(w) else None
        if before is not None and w.word[before] == "-" and not w.spacy[before] and \
                (len(span) == 1 or span.start < 2 or not w.word[span.start - 2][:1].isupper()):
            return True  # "ML-DSA"; but "Anti-Corruption Unit" is extended over the hyphen below
        if after is not None and w.word[after] == "-" and not w.spacy[span.end - 1]:
            return True
        from_gazetteer = span.id_.startswith("gazetteer:")
        if after is not None and w.has(after, "C") and not w.has(after, "O") and \
                (not from_gazetteer or len(span) == 1) and not w.has(after, "F"):
            return True
        words = [w.word[k] for k in range(span.start, span.end) if w.word[k] not in ("-", "&")]
        return not from_gazetteer and all(x in lexicon.org_words() or x.lower() in GENERIC for x in words)


# the characters spaCy's Sentencizer ends a sentence at ("." "!" "?" and their kin in other scripts)
SENTENCE_END = frozenset(Sentencizer.default_punct_chars)


def starts_sentence(token: Token) -> bool:
    """Whether spaCy's Sentencizer would start a sentence at ``token``: the first token, or one
    that is not punctuation after a run of punctuation holding a sentence end ("done. Next").

    Two rules ask this of a few tokens a note; the Sentencizer, which the pipeline ran for them,
    worked it out for every token (tests/test_vocabulary.py holds the two to the same answers).
    """
    return words_of(token.doc).starts_sentence(token.i)


class Words:
    """A doc's tokens as plain lists, read in one ``Doc.to_array`` call: the components and rules
    ask about tokens by position a hundred times a name candidate, and each ``doc[i]`` makes a
    new Token object (most of what the name finder did besides matching).

    spaCy keeps at most one space after a token (``whitespace_`` is "" or " "), so ``spacy``
    says whether there is one; a line break is a space token of its own (``space(k)``).
    """

    def __init__(self, doc: Doc) -> None:
        self.text = text_of(doc)
        columns = doc.to_array([IDX, LENGTH, IS_PUNCT, SPACY]).T.tolist() if len(doc) else [[]] * 4
        self.idx, lengths, self.punct, self.spacy = columns
        self.word = [self.text[i:i + n] for i, n in zip(self.idx, lengths)]

    def has(self, k: int, letter: str) -> bool:
        """Whether token ``k``'s word is of the class ``letter`` (``CLASSES``: "C", "F", "T"...):
        its lexeme flag, which spaCy worked out by ``word_classes`` of the same text."""
        return letter in word_classes(self.word[k])

    def space(self, k: int) -> bool:
        """``doc[k].is_space``"""
        return self.word[k].isspace()

    def __len__(self) -> int:
        return len(self.word)

    def end_char(self, k: int) -> int:
        """Where token ``k``'s word ends in the text."""
        return self.idx[k] + len(self.word[k])

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``"""
        return self.text[self.idx[start]:self.end_char(end - 1)] if end > start else ""

    def starts_sentence(self, i: int) -> bool:
        """``starts_sentence(doc[i])``, by position."""
        if i == 0:
            return True
        if self.punct[i] or self.word[i] in SENTENCE_END:
            return False
        for k in range(i - 1, -1, -1):
            if self.word[k] in SENTENCE_END:
                return True
            if not self.punct[k]:
                return False
        return False


def words_of(doc: Doc) -> Words:
    """The doc's ``Words``, read at the first question and kept on the doc."""
    words = doc.user_data.get("kb_words")
    if words is None or len(words) != len(doc):
        words = doc.user_data["kb_words"] = Words(doc)
    return words


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.tokenizer = NoteTokenizer(nlp.tokenizer)
    nlp.add_pipe("kb_organisations")
    from ingest.nlp import person_finder  # noqa: F401  (registers the kb_people factory)

    nlp.add_pipe("kb_people")
    return nlp
