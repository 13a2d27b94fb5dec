"""One pass of a Matcher over a doc's tokens for the token patterns of every component.

spaCy's Matcher makes a Python Token for every token of a doc twice in each call (``for token
in doc`` and ``doc[i]`` in matcher.pyx's ``find_matches``), whatever its patterns: the
organisation and the people components each ran one, and paid that twice, about 1 ms a note.
Here both add their patterns to one Matcher of their vocab's (``shape_matcher``), under their
own component's name, and each reads back only its own matches (``ShapeMatcher.matches``):
the first to ask runs the Matcher once, and the doc keeps every component's matches.

A component's matches are what a Matcher holding its patterns alone gives: spaCy finds each
pattern's matches on its own, and the greedy filter of a key looks at that key's matches only.

>>> from spacy.lang.en import English
>>> nlp = English()
>>> shapes = shape_matcher(nlp.vocab)
>>> shapes.add("cities", "city", [[{"LOWER": "new"}, {"IS_TITLE": True}]])
>>> shapes.add("years", "year", [[{"SHAPE": "dddd"}]])
>>> doc = nlp("New York in 1999")
>>> [(nlp.vocab.strings[k], s, e) for k, s, e in shapes.matches(doc, "cities")]
[('city', 0, 2)]
>>> [(s, e) for _, s, e in shapes.matches(doc, "years")]
[(3, 4)]
"""
from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ingest.nlp.windows import WindowFlags

_SHAPES: dict[int, ShapeMatcher] = {}  # id(vocab) -> its ShapeMatcher


class ShapeMatcher:
    """A Matcher shared by the components of one vocab, with each key's owning component.

    The Matcher is run only over the stretches of a doc where a match can be
    (``ingest.nlp.windows``): where the patterns test nothing but words, most tokens of a note
    ("said", "the report", a date) could be no step of any pattern.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab, validate=False)  # the components validate (compile_pattern)
        self.owner: dict[int, str] = {}  # match key -> the component that added it
        self.rank: dict[int, int] = {}  # match key -> the order it was added in
        self.windows = WindowFlags(vocab)
        self._user_data_key = f"kb_shapes:{id(self)}"

    def add(self, owner: str, key: str, patterns: list[list[dict]], greedy: str | None = None) -> None:
        """Add ``patterns`` under ``key`` for the component ``owner`` (keys are the components'
        pattern ids, so one key belongs to one component)."""
        key_id = self.vocab.strings.add(key)
        if self.owner.setdefault(key_id, owner) != owner:
            raise ValueError(f"pattern key {key!r} is {self.owner[key_id]}'s, not {owner}'s")
        self.rank.setdefault(key_id, len(self.rank))
        self.matcher.add(key, patterns, greedy=greedy)
        for pattern in patterns:
            self.windows.add(pattern)

    def matches(self, doc: Doc, owner: str) -> list[tuple[int, int, int]]:
        """``owner``'s matches in ``doc`` as (key, start, end), by start, end and the order
        the keys were added in."""
        found = doc.user_data.get(self._user_data_key)
        if found is None:
            found = {}
            for match in self._match(doc):
                found.setdefault(self.owner[match[0]], []).append(match)
            doc.user_data[self._user_data_key] = found
        return found.get(owner, [])

    def _match(self, doc: Doc) -> list[tuple[int, int, int]]:
        # Sorted, as the Matcher's own order depends on where in the doc it was run: its
        # greedy keys come in the order each was first seen.
        rank = self.rank
        spans = self.windows.spans(doc)
        if spans is None:
            found = self.matcher(doc)
        else:
            found = []
            for start, end in spans:
                found.extend((key, s + start, e + start) for key, s, e in self.matcher(doc[start:end]))
        return sorted(found, key=lambda m: (m[1], m[2], rank[m[0]]))


def shape_matcher(vocab: Vocab) -> ShapeMatcher:
    """The ShapeMatcher of ``vocab``, made on first use."""
    shapes = _SHAPES.get(id(vocab))
    if shapes is None or shapes.vocab is not vocab:  # an id can be reused once a vocab is gone
        shapes = _SHAPES[id(vocab)] = ShapeMatcher(vocab)
    return shapes
