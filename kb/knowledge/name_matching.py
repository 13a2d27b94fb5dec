"""People's names: how they are written, and when two spellings can be the same person.

These are the rules only; kb.knowledge.person_identity decides with the evidence (meetings, organisations).

>>> n = parse_name("Dr Daniel Appelquist")
>>> n.first, n.last, n.full
('daniel', 'appelquist', True)
>>> first_names_match("dan", "daniel"), first_names_match("will", "william")
(True, True)
>>> first_names_match("tom", "tim")
False
>>> parse_name("Brian R.").initial
'r'
>>> parse_name("LM").initials
'lm'
>>> parse_name("Ms Ramanathan").surname_only, parse_name("Katie Haritos-Shea").key
(True, 'katie haritos shea')
>>> parse_name("DMacD").nick, parse_name("Joshue").nick
(True, False)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ingest.vocabulary.keys import fold, word_key
from ingest.vocabulary.nicknames import families_of
from ingest.vocabulary.titles import forms_of_address, post_nominals, surname_titles


@lru_cache(maxsize=100_000)
@dataclass(frozen=True)
class Name:
    written: str
    words: tuple[str, ...]  # folded, titles and suffixes removed
    initials: str | None  # "LM" written as initials
    initial: str | None  # the surname initial of "Brian R."
    titled: bool = False  # written with a title: "Ms Ramanathan", "Dr Jane Doe"
    nick: bool = False  # one word shaped like a chat handle: "DMacD", "dmacdona"
    plain: str = ""  # as written without titles and letters after it: "Jane Doe"

    @property
    def surname_only(self) -> bool:
        """A title and one word: "Mr Okafor" names someone by their surname."""
        return self.titled and len(self.words) == 1 and not self.initials

    @property
    def first(self) -> str:
        return self.words[0] if self.words else ""

    @property
    def last(self) -> str:
        return self.words[-1] if len(self.words) > 1 else ""

    @property
    def full(self) -> bool:
        """A first name and a surname (not just an initial)."""
        return len(self.words) >= 2 and not self.initial

    # key and surname are asked for hundreds of thousands of times a rebuild: worked out once
    # (cached_property writes the instance's __dict__, which a frozen dataclass allows)
    @cached_property
    def key(self) -> str:
        """The words compared for "the same name": hyphens and apostrophes do not count, so
        "Haritos-Shea" and "Haritos Shea", "O'Connor" and "OConnor" are one name."""
        return " ".join(w.replace("-", " ").replace("'", "") for w in self.words)

    @cached_property
    def surname(self) -> str:
        """Everything after the first name, run together: "haritosshea"."""
        return re.sub(r"[^a-z0-9]", "", "".join(self.words[1:]))


@lru_cache(maxsize=100_000)
def parse_name(written: str) -> Name:
    raw = [w for w in re.split(r"[\s_]+", written.strip().lstrip("@")) if w]
    words = [word_key(w) for w in raw]
    pairs = [(r, w) for r, w in zip(raw, words) if w]
    titled = False
    while pairs and pairs[0][1] in forms_of_address() and len(pairs) > 1:
        titled = pairs[0][1] in surname_titles() or titled
        pairs = pairs[1:]
    while len(pairs) > 2 and pairs[-1][1] in post_nominals():
        pairs = pairs[:-1]
    raw, words = [p[0] for p in pairs], [p[1] for p in pairs]
    initials = words[0] if len(words) == 1 and re.fullmatch(r"[A-Z]{2,4}", raw[0]) else None
    initial = None
    if len(words) == 2 and len(words[1]) == 1:
        initial, words = words[1], words[:1]
    # chat handles are one word, all lower case or with capitals inside ("DMacD")
    nick = len(raw) == 1 and not initials and len(words[0]) >= 3 and not titled and \
        (raw[0].islower() or bool(re.search(r"[a-z][A-Z]", raw[0])))
    return Name(written, tuple(words), initials, initial, titled and len(words) >= 1, nick,
                " ".join(raw))


def first_names_match(a: str, b: str) -> bool:
    """The same first name, a known short form of it, or a prefix of at least three letters."""
    if not a or not b:
        return False
    if a == b:
        return True
    if families_of(a) & families_of(b):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, giving up (returning ``limit``) once it reaches ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) >= limit:
            return limit
        prev = cur
    return min(prev[-1], limit)


def variant_kind(a: Name, b: Name) -> str | None:
    """How two different full names could be one person, or None.

    - ``"nickname"``: same surname, first names that match ("Dan"/"Daniel Appelquist");
    - ``"spelling"``: same first name, surnames one or two letters apart ("Brook"/"Brooke")
      or one name the other plus more words ("Rachel Davies"/"Rachel Davies Teka").

    >>> variant_kind(parse_name("Dan Appelquist"), parse_name("Daniel Appelquist"))
    'nickname'
    >>> variant_kind(parse_name("Michelle Brook"), parse_name("Michelle Brooke"))
    'spelling'
    >>> variant_kind(parse_name("Rachel Davies"), parse_name("Rachel Davies Teka"))
    'spelling'
    >>> variant_kind(parse_name("Tom Gowland"), parse_name("Tom Griffin")) is None
    True
    """
    if not (a.full and b.full) or a.key == b.key:
        return None
    if a.last == b.last and first_names_match(a.first, b.first):
        return "nickname"
    if not first_names_match(a.first, b.first):
        return None
    short, long = sorted((a.words, b.words), key=len)
    if len(short) < len(long) and long[:len(short)] == short:
        return "spelling"
    if len(a.last) >= 5 and edit_distance(a.last, b.last) <= (1 if len(a.last) < 8 else 2):
        return "spelling"
    return None


def _subsequence(part: str, whole: str) -> bool:
    letters = iter(whole)
    return all(c in letters for c in part)


def nick_fits(nick: str, full: Name) -> bool:
    """Whether a chat handle is made of a full name's letters: the start of the first name,
    then the surname's first letter and more of its letters in order ("DMacD", "DMcD",
    "dmacdona" for David MacDonald; "ebruchez" for Erik Bruchez).

    >>> [nick_fits(n, parse_name("David MacDonald")) for n in ("DMacD", "dmcd", "dmacdona", "dave")]
    [True, True, True, False]
    """
    letters = re.sub(r"[^a-z]", "", fold(nick))
    first, surname = re.sub(r"[^a-z]", "", full.first), re.sub(r"[^a-z]", "", full.surname)
    if len(letters) < 3 or not first or not surname:
        return False
    for i in range(1, len(first) + 1):
        if not letters.startswith(first[:i]):
            break
        rest = letters[i:]
        if rest and rest[0] == surname[0] and _subsequence(rest, surname):
            return True
    return False


def could_be(short: Name, full: Name, handles: bool = True) -> bool:
    """Whether a first name, "Brian R.", initials, "Mr Surname" or a chat handle can refer
    to a full name (``handles=False``: not a chat handle).

    >>> could_be(parse_name("Brian R."), parse_name("Brian Ritchie"))
    True
    >>> could_be(parse_name("LM"), parse_name("Liam Maxwell"))
    True
    >>> could_be(parse_name("Will"), parse_name("William Gerry"))
    True
    >>> could_be(parse_name("Ms Haritos-Shea"), parse_name("Katie Haritos Shea"))
    True
    """
    if not full.full:
        return False
    if short.initials:
        return short.initials == "".join(w[0] for w in full.words) or \
            short.initials == full.first[0] + full.last[0]
    if short.initial:
        return first_names_match(short.first, full.first) and full.last.startswith(short.initial)
    if short.surname_only:
        return re.sub(r"[^a-z0-9]", "", short.first) == full.surname
    if len(short.words) != 1:
        return False
    return first_names_match(short.first, full.first) or \
        (handles and short.nick and nick_fits(short.written, full))
