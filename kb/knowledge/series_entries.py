"""The entries of one series' ledger so far, looked up by what could make a mention join them.

kb.knowledge.ledger matches each mention of a series against the entries opened before it,
and comparing the mention's words with every one of them was two fifths of the ledger's time
at 2,000 notes (bench/RESULTS.md). But a mention can join only an entry that has its number,
one opened at its own meeting, or one whose main text shares a content word with it: the
similarity and the containment a match needs are both 0 without one. So those are what
``SeriesEntries`` hands over, always in the order the entries were opened, so that ties are
settled as they were when every entry was looked at.

>>> from types import SimpleNamespace as NS
>>> def entry(text, ref=None):
...     return NS(ref=ref, main=NS(text=text))
>>> entries = SeriesEntries()
>>> entries.start_meeting()
>>> for e in (entry("circulate the budget"), entry("book the venue", ref="2")):
...     entries.append(e)
>>> entries.start_meeting()
>>> entries.append(entry("publish the minutes"))
>>> [e.main.text for e in entries.sharing_words("the revised budget, circulated")]
['circulate the budget']
>>> [e.main.text for e in entries.with_ref("2")], [e.main.text for e in entries.opened_here()]
(['book the venue'], ['publish the minutes'])
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from kb.knowledge.action_text import words


class SeriesEntries:
    """Entries (anything with ``ref`` and ``main.text``, as kb.knowledge.ledger's Entry) in the
    order they were opened, indexed by number and by the content words of their main text.

    Call ``update(entry)`` after a mention joins an entry: its number or main mention may
    have changed. An entry stays listed under the words of a main text it no longer has,
    which only hands over one more entry to compare."""

    def __init__(self) -> None:
        self.entries: list[Any] = []
        self._position: dict[int, int] = {}  # id(entry) -> its place in entries
        self._by_ref: dict[str, list[int]] = defaultdict(list)
        self._by_word: dict[str, list[int]] = defaultdict(list)
        self._indexed: dict[int, tuple[Any, Any]] = {}  # position -> (ref, main) indexed
        self._here_from = 0

    def start_meeting(self) -> None:
        """The entries appended from now on were opened at the next meeting."""
        self._here_from = len(self.entries)

    def append(self, entry: Any) -> None:
        self._position[id(entry)] = len(self.entries)
        self.entries.append(entry)
        self.update(entry)

    def update(self, entry: Any) -> None:
        at = self._position[id(entry)]
        ref, main = self._indexed.get(at, (None, None))
        if entry.ref and entry.ref != ref:
            self._by_ref[entry.ref].append(at)
        if entry.main is not None and entry.main is not main:
            for word in words(entry.main.text):
                self._by_word[word].append(at)
        self._indexed[at] = (entry.ref or ref, entry.main or main)

    def with_ref(self, ref: str) -> list[Any]:
        """The entries numbered ``ref``."""
        return [self.entries[at] for at in sorted(set(self._by_ref.get(ref, ())))]

    def opened_here(self) -> list[Any]:
        """The entries opened at the meeting being read."""
        return self.entries[self._here_from:]

    def sharing_words(self, text: str | None) -> list[Any]:
        """The entries whose main text shares a content word with ``text``."""
        found: set[int] = set()
        for word in words(text):
            found.update(self._by_word.get(word, ()))
        return [self.entries[at] for at in sorted(found)]
