"""A pattern tried only on a text that holds one of the words it cannot match without.

Python's ``re`` tries a pattern that opens with ``\\b(?:a|b)`` at every position of a text,
which for a long pattern tried on every sentence of a note adds up (a motion's pattern was
a sixtieth of a parse). Finding a plain word first is many times quicker, and exact as long
as every match holds one of the words: ``Needing`` is told them, and a test holds each
pattern's matches to them.

>>> motion = Needing(r"\\bseconded by (\\w+)", ["seconded"], re.I)
>>> motion.search("Motion SECONDED BY Ann.").group(1), motion.search("Ann agreed.")
('Ann', None)
"""
from __future__ import annotations

import re
from collections.abc import Iterator

# What ``re.IGNORECASE`` takes for an ASCII letter beyond its two cases: the long s for "s",
# the dotted and dotless I for "i" (U+0130 lowers to "i" with a combining dot above); the
# Kelvin sign lowers to "k" by itself
_RE_FOLDS = str.maketrans({"ſ": "s", "ı": "i", "\u0307": None})


class Needing:
    """``re.compile(pattern, flags)``, whose ``search``, ``match`` and ``finditer`` first look
    for one of ``words`` in the text lowered: no match can be without one of them. A word is
    ASCII in lower case, or has no letters that have a case (":", "–"), which lowering leaves
    as they are."""

    def __init__(self, pattern: str, words: list[str], flags: int = 0) -> None:
        if not all(w == w.lower() and (w.isascii() or w == w.upper()) for w in words):
            raise ValueError(f"needed words must be ASCII in lower case, or without cased letters: {words!r}")
        self.pattern = re.compile(pattern, flags)
        self.words = tuple(words)

    def could_match(self, text: str) -> bool:
        low = text.lower()
        # translate maps every character through a dict: only for the few texts that need it
        if not low.isascii() and ("ſ" in low or "ı" in low or "\u0307" in low):
            low = low.translate(_RE_FOLDS)
        for w in self.words:  # a loop: a generator for any() costs more than the tests
            if w in low:
                return True
        return False

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if self.could_match(text) else None

    def match(self, text: str) -> re.Match | None:
        return self.pattern.match(text) if self.could_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match]:
        return self.pattern.finditer(text) if self.could_match(text) else iter(())

    def sub(self, repl: str, text: str) -> str:
        return self.pattern.sub(repl, text) if self.could_match(text) else text
