"""Where in a text a pattern can match at all: the stretches between characters none of its
matches holds, that hold one of the words it needs.

A pattern that tries a name or a month at every word is tried on those stretches only
(``ingest.parser``'s PRESENT, ``dates.find_dates``): a match cannot cross such a character, so
it gives the same matches there as over the whole text.

>>> import re
>>> stretches("Minutes: Ann Lee was present, then left.", re.compile(r"[,:]"), re.compile("present"))
[(8, 28)]
"""
from __future__ import annotations

import re
from bisect import bisect_right


def stretches(text: str, cut: re.Pattern, word: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of each stretch of ``text`` between two one-character matches of ``cut``
    that holds a match of ``word``, in text order, each once."""
    cuts = [c.start() for c in cut.finditer(text)]
    out: list[tuple[int, int]] = []
    done = -1
    for found in word.finditer(text):
        k = bisect_right(cuts, found.start())  # the stretch between cuts[k - 1] and cuts[k]
        if k != done:
            done = k
            out.append((cuts[k - 1] + 1 if k else 0, cuts[k] if k < len(cuts) else len(text)))
    return out
