"""Where in a doc a set of token patterns can match at all: the stretches a Matcher is run over.

spaCy's Matcher gives every pattern a state at every token of what it is run over: 12
patterns cost about 2 ms a note (bench/RESULTS.md), most of it at tokens no step of any
pattern accepts ("said", "2024", ","). When every step tests only the word itself (its text,
its lower case, a lexeme flag), a match lies inside a run of tokens that some step accepts,
and starts at a token that a pattern's first step accepts (or a step after optional ones).
Two lexeme flags say that of each word, worked out once for each word as it enters the
vocabulary, and ``WindowFlags.spans`` reads them for a whole doc in one ``Doc.to_array``.

A pattern with a step that tests more than the word (a wildcard ``{}``, a negation, a token
attribute such as ``IS_SENT_START``) could match anywhere: then ``spans`` says None, and the
Matcher runs over the whole doc.

>>> from spacy.lang.en import English
>>> nlp = English()
>>> flags = WindowFlags(nlp.vocab)
>>> flags.add([{"LOWER": "new"}, {"ORTH": "York"}])
>>> doc = nlp("We flew from Paris to New York, then on to new york.")
>>> flags.spans(doc)  # "New York" and "new": the Matcher is not run over the rest
[(5, 7), (11, 12)]
>>> flags.add([{"ORTH": "Paris"}])
>>> flags.spans(nlp(doc.text))  # "to" between "Paris" and "New York" is run over with them
[(3, 7), (11, 12)]
"""
from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc
from spacy.vocab import Vocab

# spaCy's FLAG63 and FLAG62, the last two it leaves to applications (ingest.nlp.pipeline's
# word classes and word lists take flags from FLAG19 up, and stop below these)
IN_A_PATTERN, OPENS_A_PATTERN = 63, 62
# non-matching tokens between two stretches that are run over as one: one more Matcher call
# costs about what three more tokens do
GAP = 3
Test = tuple[tuple[object, object], ...]


class WindowFlags:
    """The steps of the patterns added, and the two lexeme flags they give ``vocab``'s words."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.steps: set[Test] = set()  # what a step of some pattern tests
        self.openers: set[Test] = set()  # ... and of a step a match can start at
        self.usable = True  # every step tests only the word
        self._stale = False  # the flags are not yet those of the steps added

    def add(self, pattern: list[dict]) -> None:
        """Take ``pattern``'s steps (a Matcher pattern, as given to ``Matcher.add``)."""
        opening = True
        for step in pattern:
            op = step.get("OP", "1")
            test = tuple(sorted(((k, v) for k, v in step.items() if k != "OP"), key=repr))
            if not test or op == "!" or not all(self._word_level(k, v) for k, v in test):
                self.usable = False
                return
            self.steps.add(test)
            if opening:
                self.openers.add(test)
                opening = _optional(op)
        if opening:  # every step optional: it could match nothing, anywhere
            self.usable = False
        self._stale = True

    def spans(self, doc: Doc) -> list[tuple[int, int]] | None:
        """(start, end) of each stretch of ``doc`` that holds every match of the patterns,
        in order; None when a match could be anywhere."""
        if not self.usable:
            return None
        if self._stale:
            self._set_flags()
        if not len(doc):
            return []
        inside, opens = doc.to_array([IN_A_PATTERN, OPENS_A_PATTERN]).astype(bool).T
        before = numpy.concatenate(([False], inside[:-1]))
        after = numpy.concatenate((inside[1:], [False]))
        run_starts = numpy.flatnonzero(inside & ~before)
        run_ends = numpy.flatnonzero(inside & ~after) + 1
        openers = numpy.flatnonzero(opens & inside)
        if not len(openers):
            return []
        # each run from the first token a match can start at, where it has one
        first = numpy.searchsorted(openers, run_starts)
        has = first < len(openers)
        starts = openers[numpy.minimum(first, len(openers) - 1)]
        has &= starts < run_ends
        starts, ends = starts[has], run_ends[has]
        # runs close together are run over as one
        joined = numpy.flatnonzero(starts[1:] - ends[:-1] > GAP)
        return list(zip(starts[numpy.concatenate(([0], joined + 1))].tolist(),
                        ends[numpy.concatenate((joined, [len(ends) - 1]))].tolist()))

    def _word_level(self, attr: object, want: object) -> bool:
        """Whether a step's test of ``attr`` is one of the word alone."""
        if isinstance(attr, int):
            return attr < 64 and self.vocab.lex_attr_getters.get(attr) is not None \
                and isinstance(want, bool)
        if attr in ("ORTH", "LOWER"):
            return isinstance(want, str) or (isinstance(want, dict) and bool(want) and
                                             set(want) <= {"IN", "NOT_IN"})
        return False

    def _set_flags(self) -> None:
        steps = [self._tester(t) for t in self.steps]
        openers = [self._tester(t) for t in self.openers]
        # add_flag sets the flag of every word already in the vocabulary, and of each new one
        self.vocab.add_flag(lambda text: any(accepts(text) for accepts in steps), IN_A_PATTERN)
        self.vocab.add_flag(lambda text: any(accepts(text) for accepts in openers), OPENS_A_PATTERN)
        self._stale = False

    def _tester(self, test: Test) -> Callable[[str], bool]:
        getters = self.vocab.lex_attr_getters
        lower = getters.get(LOWER, str.lower)
        checks: list[Callable[[str], bool]] = []
        for attr, want in test:
            if isinstance(attr, int):
                checks.append(lambda text, get=getters[attr], want=want: bool(get(text)) == want)
                continue
            word = (lambda text: text) if attr == "ORTH" else lower
            if isinstance(want, str):
                checks.append(lambda text, word=word, want=want: word(text) == want)
            else:
                for op, values in want.items():
                    values = frozenset(values)
                    checks.append(lambda text, word=word, values=values, op=op:
                                  (word(text) in values) == (op == "IN"))
        return lambda text: all(check(text) for check in checks)


def _optional(op: str) -> bool:
    """Whether a step with this operator can be skipped ("?", "*", "{0,2}", "{,3}")."""
    if op in ("?", "*"):
        return True
    if op.startswith("{"):
        return op[1:-1].split(",")[0].strip() in ("", "0")
    return False
