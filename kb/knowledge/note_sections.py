r"""A note's text as sections and sentences: the unit kb.knowledge.prose_reports reads a later
meeting's reports in.

A section begins at a heading: a Markdown heading, or a short line of its own without closing
punctuation ("2.2 Future of Open Standards"). A heading that only labels a list ("Decision:",
"Actions", "Any other business") begins none: it says nothing of the topic. The action items'
own lines are left out (they are the ledger's mentions already), and a section that holds a
report the parser read (an update row) is marked: that report is about the action it names.

>>> secs = sections("## Orchard\n\nThe lease was signed. Gwen thanked the council.\n\n"
...                 "### Decision:\n\nAction: Gwen to file it.\n", [(76, 100, "new")])
>>> [(s.heading, [x.text for x in s.sentences]) for s in secs]
[('', []), ('Orchard', ['The lease was signed.', 'Gwen thanked the council.'])]
>>> heading_at(secs, 80)
'Orchard'
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.vocabulary.dates import MONTH_NAMES
from ingest.vocabulary.keys import fold

# headings that label a list, not a topic ("Decision:", "Actions", "Any other business")
_LABEL = set("""decision decisions outcome outcomes summary minutes agenda note notes discussion
    topic other business aob next steps resolution resolutions agreed actions action items
    any of the a and for from to on in""".split())


def is_heading(block: str) -> bool:
    """A Markdown heading, or a short line of its own without closing punctuation
    ("2.2 Future of Open Standards")."""
    b = block.strip()
    return b.startswith("#") or ("\n" not in b and len(b.split()) <= 10
                                 and not re.search(r"[.?!:;,)]$", b) and bool(re.search(r"[A-Za-z]", b)))


def is_label(heading: str) -> bool:
    """Whether a heading only labels what follows ("Decision:", "Summary of outcomes")."""
    words = set(re.findall(r"[a-z]+", fold(heading)))
    return not (words - _LABEL)


@dataclass
class Sentence:
    text: str
    start: int
    end: int


@dataclass
class Section:
    heading: str
    start: int
    sentences: list[Sentence] = field(default_factory=list)
    reported: bool = False  # holds a report the parser read: left to that report
    _names: frozenset[str] | None = None

    def names(self) -> frozenset[str]:
        """The meetings the section names (``named_meetings``), worked out once."""
        if self._names is None:
            self._names = frozenset(named_meetings(
                " ".join([self.heading, *(s.text for s in self.sentences)])))
        return self._names


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of non-blank lines."""
    start = pos = None
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            if start is None:
                start = offset
            pos = offset + len(line)
        elif start is not None:
            yield start, pos
            start = None
        offset += len(line) + 1
    if start is not None:
        yield start, pos


def item_kinds(blocks: list[tuple[int, int]], items: list[tuple[int, int, str]]
               ) -> Iterator[list[str]]:
    """For each block (start, end; in text order, not overlapping), the kinds of the items
    (start, end, kind) that overlap it, in one pass over both: an item that ends before a
    block starts overlaps no later block either."""
    waiting = sorted(items, key=lambda item: item[0])
    ahead = 0
    active: list[tuple[int, int, str]] = []
    for start, end in blocks:
        while ahead < len(waiting) and waiting[ahead][0] < end:
            active.append(waiting[ahead])
            ahead += 1
        active = [item for item in active if item[1] > start]
        yield [kind for _, _, kind in active]


# the space between two sentences (after ".", "!" or "?", before a capital or an opening
# quote), or a line break. Written to begin with the punctuation rather than look back at it,
# so that the regex engine skips ahead to the next such character instead of
# trying every position: the space is group 1 (``sentence_breaks``)
_SENTENCE_END = re.compile(r"[.!?](\s+)(?=[A-Z\"'‘“(])|\n")


def sentence_breaks(block: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each break between sentences in ``block``: the space after a sentence's
    closing punctuation, or a line break."""
    for m in _SENTENCE_END.finditer(block):
        yield m.span(1) if m.start(1) >= 0 else m.span()


def sections(text: str, items: list[tuple[int, int, str]]) -> list[Section]:
    """A note's text as sections of sentences, leaving out the action items' own lines
    (``items``: start, end, kind of each action item row)."""
    out = [Section("", 0)]
    blocks = list(_blocks(text))
    for (start, end), kinds in zip(blocks, item_kinds(blocks, items)):
        block = text[start:end]
        if not kinds and is_heading(block):
            if not is_label(block):
                out.append(Section(block.strip("#* \t\n"), start))
            continue
        if kinds:
            out[-1].reported |= "update" in kinds
            continue
        pos = 0
        for cut, after in [*sentence_breaks(block), (len(block), len(block))]:
            sentence = block[pos:cut].strip()
            if sentence:
                out[-1].sentences.append(Sentence(sentence, start + pos, start + cut))
            pos = after
    return out


_NAMED_DAY = re.compile(r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(" + "|".join(MONTH_NAMES) + r")\s+(\d{4})\b"
                        r"|\b(\d{4})-(\d{2})-(\d{2})\b")


_YEAR = re.compile(r"\d{4}")  # what each of _NAMED_DAY's dates has


def named_meetings(text: str) -> set[str]:
    """The meetings a text names by date, as "YYYY-MM" (a month: "the April 2015 meeting")
    and "YYYY-MM-DD" (a day).

    >>> sorted(named_meetings("judged at the April 2015 meeting; see 2016-04-25 and 3 May 2018"))
    ['2015-04', '2016-04', '2016-04-25', '2018-05', '2018-05-03']
    """
    out: set[str] = set()
    if text.isascii() and not _YEAR.search(text):  # folding makes no digit of an ASCII text
        return out
    for m in _NAMED_DAY.finditer(fold(text)):
        if m.group(2):
            month = f"{m.group(3)}-{MONTH_NAMES.index(m.group(2)) + 1:02d}"
            out.add(month)
            if m.group(1):
                out.add(f"{month}-{int(m.group(1)):02d}")
        else:
            out |= {f"{m.group(4)}-{m.group(5)}", m.group(0)}
    return out


def heading_at(secs: list[Section], start: int | None) -> str:
    """The heading of the section that holds offset ``start``."""
    if start is None:
        return ""
    return next((s.heading for s in reversed(secs) if s.start <= start), "")
