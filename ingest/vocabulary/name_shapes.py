"""Person names: what looks like one, and resolving short references to the full name.

>>> idx = NameIndex()
>>> _ = idx.add("William Gerry"), idx.add("Alison Cotterill", initials="AC")
>>> idx.resolve("Will"), idx.resolve("AC"), idx.resolve("Alison")
('William Gerry', 'Alison Cotterill', 'Alison Cotterill')
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from ingest.vocabulary import lexicon
from ingest.vocabulary.dates import MONTHS, WEEKDAYS
from ingest.vocabulary.nicknames import known_first_names, longer_forms
from ingest.vocabulary.titles import titles

# A capitalised name word: Gerry, O'Flynn, O’Flynn, McKesson, DeMeglio, Yee-Wan, Jean-Luc
# (any script's letters after the capital: "Beránek", "Łukasz"; looks_like_name wants a lowercase one)
WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][^\W\d_]*(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)*"
PARTICLES = {"de", "da", "van", "von", "der", "den", "le", "la", "du", "di", "del", "dos", "bin", "ter", "ten", "al"}
NAME = rf"{WORD}(?:\s+[A-Z]\.)?(?:\s+(?:(?:{'|'.join(sorted(PARTICLES))})\s+)?{WORD}){{0,3}}"
NAME_RE = re.compile(rf"^(?:(?:{WORD}|Dr|Mr|Mrs|Ms)\.?\s+)?{NAME}$")
WORD_RE = re.compile(WORD)  # one word of a name, tried on every word of every candidate


@lru_cache(maxsize=50_000)  # a note's index compares the same few names again and again
def similar(a: str, b: str, at_least: float) -> bool:
    """Whether difflib's ratio of ``a`` and ``b`` is ``at_least``, with its cheap upper bounds
    tried first: most pairs differ in length or letters too much to need the full match.

    >>> similar("Katherine", "Kathereine", 0.8), similar("Ann", "Bartholomew", 0.8)
    (True, False)
    """
    total = len(a) + len(b)
    if not total or 2.0 * min(len(a), len(b)) / total < at_least:
        return total == 0 and at_least <= 1.0
    # difflib's quick_ratio, the letters the two have in common, counted here: building a
    # SequenceMatcher for it took three times as long, and most pairs go no further
    left: dict[str, int] = {}
    for c in b:
        left[c] = left.get(c, 0) + 1
    common = 0
    for c in a:
        k = left.get(c, 0)
        if k:
            left[c] = k - 1
            common += 1
    return 2.0 * common / total >= at_least and SequenceMatcher(None, a, b).ratio() >= at_least


# The note's rules ask the same few hundred strings again and again (each candidate unit asks
# about its lead words): these functions of a string alone keep their answers
@lru_cache(maxsize=100_000)
def clean_name(s: str) -> str:
    s = SPACES.sub(" ", s.replace("\u00a0", " ")).strip(" \t,;:.-–—*_")
    words = s.split()
    known = titles()
    while len(words) > 1:
        if len(words) > 2 and " ".join(words[:2]).lower().rstrip(".") in known:
            words = words[2:]  # "County Councillor M Storey"
        elif words[0].lower().rstrip(".") in known:
            words = words[1:]
        else:
            break
    return " ".join(words)


def looks_like_name(s: str, strict: bool = False) -> bool:
    """True for "Ann Lee" or "Hilary O’Flynn"; strict also wants a known first name."""
    s = clean_name(s)
    if not s or len(s) > 60 or not NAME_RE.match(s):
        return False
    words = s.split()
    if not all(any(c.islower() for c in w) or re.fullmatch(r"[A-Z]\.", w) for w in words):
        return False  # "GDS", "TC": initials, not a name
    stop = lexicon.non_names()
    orgw = lexicon.org_words()
    if any(w.lower() in stop or w in orgw for w in words):
        return False
    if strict:
        return words[0].lower() in known_first_names()
    return True


INITIAL = re.compile(r"^[A-Z]\.?$")
SPACES = re.compile(r"\s+")
NICK = re.compile(r"^@?[A-Za-z][\w.\-|^`]{1,30}$")


def _calendar_word(word: str) -> bool:
    """A month or a weekday written out, unless it is also a common first name ("May", "June")."""
    w = word.lower().strip(".,:")
    return (w in WEEKDAYS or (w in MONTHS and len(w) > 4)) and w not in lexicon.first_names()


@lru_cache(maxsize=100_000)
def plausible_name(s: str, nick_ok: bool = False) -> bool:
    """Could ``s`` be a person's name, where the text's structure says a name stands (an
    attendee entry, a speaker label)? Shape only, never a list of first names: capitalised
    words, initials ("M Ferguson", "Cheng H. Lee", "Crystal S"), particles; a nick or handle
    ("rharper", "Odd_Bloke") where ``nick_ok``.

    >>> [plausible_name(x) for x in ("M Ferguson", "Zorvan Quill", "Home Office", "TC", "the minutes")]
    [True, True, False, False, False]
    >>> plausible_name("odd_bloke"), plausible_name("odd_bloke", nick_ok=True)
    (False, True)
    >>> plausible_name("October"), plausible_name("Thursday"), plausible_name("April Ryan")
    (False, False, True)
    """
    s = clean_name(s)
    if not s or len(s) > 60:
        return False
    words = s.split()
    stop = lexicon.non_names()
    # a label word ("Agenda", "Next") cannot open a name; later it may be a surname ("Haiwu He")
    if words[0].lower().strip(".,") in stop or any(w in lexicon.org_words() for w in words) or \
            all(w.lower().strip(".,") in stop for w in words):
        return False
    if len(words) == 1 and _calendar_word(s):
        return False  # "October:" over a list of releases, "Monday" as a heading
    if len(words) == 1 and nick_ok and NICK.match(s) and re.search(r"[a-z]", s):
        return True
    if len(words) > 5 or lexicon.lookup_org(s):
        return False
    wordy = 0
    for w in words:
        if INITIAL.match(w):
            continue
        if w.lower() in PARTICLES:
            continue
        if not WORD_RE.fullmatch(w) or not any(c.islower() for c in w):
            return False
        wordy += 1
    return wordy >= 1


@lru_cache(maxsize=50_000)
def _words(name: str) -> tuple[str, ...]:
    """A full name's words: the index compares them for every reference it resolves."""
    return tuple(name.split())


@lru_cache(maxsize=50_000)
def _low(name: str) -> tuple[str, ...]:
    """A full name's words in lower case."""
    return tuple(w.lower() for w in _words(name))


@lru_cache(maxsize=50_000)
def _handles(name: str) -> tuple[str, str, str]:
    """The handles a full name of two words or more may go by: "rlau", "richardlau", "richardl"."""
    w = _words(name)
    return ((w[0][0] + w[-1]).lower(), (w[0] + w[-1]).lower().replace("-", ""), (w[0] + w[-1][0]).lower())


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


class NameIndex:
    """The people of one note, so a first name, initials or handle resolves to the full name."""

    def __init__(self) -> None:
        self.full: list[str] = []
        self.alias: dict[str, str] = {}
        # resolve() is asked the same references again and again; any add() may change answers
        self._cache: dict[str, str | None] = {}
        self._aliases_seen = 0

    def add(self, name: str, initials: str | None = None, handle: str | None = None) -> str:
        """Add a person (with their initials or handle); returns the name they are known by."""
        self._cache.clear()
        try:
            return self._add(name, initials, handle)
        finally:
            self._cache.clear()  # what add() looked up before the name was in

    def _add(self, name: str, initials: str | None, handle: str | None) -> str:
        name = clean_name(name)
        if not name:
            return name
        existing = self.resolve(name)
        if existing is None and len(name.split()) > 1:
            # "Steven" was seen alone before "Steven Pemberton": the short form was this person;
            # "Alistair Mill" beside "Alistair Mills" is a misspelling of the same person
            first = name.split()[0].lower()
            same_first = [f for f in self.full if f.split()[0].lower() == first]
            prefix = [f for f in same_first if f.split()[:len(name.split())] == name.split()]
            if len(prefix) == 1:
                existing = prefix[0]  # "Rachel Davies" is short for "Rachel Davies Teka"
            elif len(same_first) == 1 and (len(same_first[0].split()) == 1 or
                                           similar(same_first[0], name, 0.9)):
                existing = same_first[0]
        if existing is None and len(name.split()) >= 2 and len(name.split()[0]) > 2:
            initialled = [f for f in self.full if len(f.split()) == len(name.split()) and
                          INITIAL.match(f.split()[0]) and f.split()[0][0] == name[0] and
                          f.split()[1:] == name.split()[1:]]
            if len(initialled) == 1:
                self.full.remove(initialled[0])
                self.alias[initialled[0].lower()] = name
        if existing and len(existing.split()) >= len(name.split()):
            if existing.lower() != name.lower():
                self.alias[name.lower()] = existing
            return existing
        if existing and existing in self.full:
            # a fuller form arrived later ("Tom" then "Tom Griffin"): keep the fuller one
            self.full.remove(existing)
            self.alias[existing.lower()] = name
        self.full.append(name)
        for a in (initials, handle):
            if a:
                self.alias[a.lower().lstrip("@")] = name
        return name

    def resolve(self, ref: str) -> str | None:
        """The full name a reference stands for, or None when unknown or ambiguous."""
        if len(self._cache) and self._aliases_seen != len(self.alias):
            self._cache.clear()
        self._aliases_seen = len(self.alias)
        if ref not in self._cache:
            self._cache[ref] = self._resolve(ref)
        return self._cache[ref]

    def _resolve(self, ref: str) -> str | None:
        ref = clean_name(ref).lstrip("@").rstrip("_")
        if not ref:
            return None
        low = ref.lower()
        for f in self.full:
            if f.lower() == low:
                return f
        if low in self.alias:
            target = self.alias[low]
            return self._resolve(target) if target.lower() != low else target
        if "_" in ref:
            ref = ref.replace("_", " ").strip()
            return self._resolve(ref) if ref else None
        words = ref.split()
        if len(words) == 1 and ref.islower() and len(ref) > 3:
            # an IRC nick or handle: "ebruchez" = E. Bruchez, "richardlau" = Richard Lau
            hits = [f for f in self.full if len(_words(f)) > 1 and low in _handles(f)]
            if len(hits) == 1:
                return hits[0]
        if len(words) == 1:
            w = words[0].lower()
            hits = [f for f in self.full if _low(f)[0] == w]
            if not hits:
                longer = longer_forms(w)
                hits = [f for f in self.full if _low(f)[0] in longer]
            if not hits and ref.isupper() and 2 <= len(ref) <= 4:
                hits = [f for f in self.full if initials(f).lower() == w and len(f.split()) > 1]
            if not hits:
                hits = [f for f in self.full if len(_low(f)) > 1 and _low(f)[-1] == w]
            if not hits and len(w) >= 5 and not ref.isupper():
                # "Magenus emphasised": a misspelt first name of one listed person
                hits = [f for f in self.full if len(_low(f)) > 1 and similar(_low(f)[0], w, 0.85)]
            longer_hits = [h for h in hits if len(_low(h)) > 1]
            if len(hits) > 1 and len(longer_hits) == 1:
                return longer_hits[0]
            return hits[0] if len(hits) == 1 else None
        if len(words) == 2 and len(words[0].rstrip(".")) == 1:
            # "S Edgar", "S. Edgar" -> Steve Edgar
            hits = [f for f in self.full if len(_low(f)) > 1 and _low(f)[-1] == words[1].lower()
                    and _words(f)[0][0].lower() == words[0][0].lower()]
            if len(hits) == 1:
                return hits[0]
        if len(words) >= 2:
            # "Kathereine Abrikian" for Katherine Abrikian: one surname, a misspelt first name
            last, first = words[-1].lower(), words[0].lower()
            hits = [f for f in self.full if len(_low(f)) >= 2 and _low(f)[-1] == last
                    and similar(_low(f)[0], first, 0.8)]
            if len(hits) == 1 and len(words[0]) > 2:
                return hits[0]
        if len(words) == 2 and len(words[1].rstrip(".")) == 1:
            # "Brian R." -> Brian Ritchie
            first, letter = words[0].lower(), words[1][0].lower()
            hits = [f for f in self.full if _low(f)[0] == first
                    and len(_low(f)) > 1 and _words(f)[-1][0].lower() == letter]
            return hits[0] if len(hits) == 1 else None
        # a full name that differs from a known one only by a missing middle part
        first, last = words[0].lower(), words[-1].lower()
        hits = [f for f in self.full if _low(f)[0] == first and _low(f)[-1] == last]
        return hits[0] if len(hits) == 1 else None
