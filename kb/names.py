"""People's names: how they are written, and when two spellings can be the same person.

These are the rules only; kb.people decides with the evidence (meetings, organisations).

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
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass

TITLES = {"sir", "dame", "dr", "mr", "mrs", "ms", "miss", "mx", "lord", "lady", "baroness",
          "baron", "prof", "professor", "rt", "hon", "cllr", "councillor"}

# Short forms that are not prefixes of the full name (prefixes, "Dan" -> "Daniel", are
# matched by rule). Each set is one family of names.
NICKNAMES = [
    {"william", "will", "bill", "billy"}, {"robert", "rob", "bob", "bobby", "robbie"},
    {"richard", "rich", "rick", "dick"}, {"thomas", "tom", "tommy"},
    {"james", "jim", "jimmy", "jamie"}, {"john", "jack", "johnny"},
    {"jonathan", "jon", "jonny"}, {"michael", "mike", "mick"}, {"david", "dave"},
    {"stephen", "steven", "steve"}, {"andrew", "andy", "drew"}, {"anthony", "tony"},
    {"peter", "pete"}, {"nicholas", "nick", "nic", "nicky"}, {"christopher", "chris", "kit"},
    {"elizabeth", "liz", "beth", "betty", "lizzie", "eliza"},
    {"katherine", "catherine", "kathryn", "kate", "katie", "cath", "kath"},
    {"margaret", "maggie", "meg", "peggy"}, {"edward", "ed", "ted", "eddie"},
    {"alexander", "alexandra", "alex", "sandy"}, {"samuel", "samantha", "sam"},
    {"benjamin", "ben"}, {"matthew", "matt"}, {"joseph", "joe"}, {"charles", "charlie", "chuck"},
    {"henry", "harry", "hal"}, {"susan", "sue", "suzy"}, {"patricia", "pat", "trish"},
    {"jennifer", "jenny", "jen"}, {"rebecca", "becky", "becca"}, {"deborah", "debbie", "deb"},
    {"frederick", "fred", "freddie"}, {"lawrence", "laurence", "larry", "laurie"},
    {"gregory", "greg"}, {"timothy", "tim"}, {"philip", "phillip", "phil"},
]
FAMILY = {name: i for i, family in enumerate(NICKNAMES) for name in family}


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lower case, accents and curly quotes folded."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("\u2019", "'").replace("\u2018", "'").lower()


@dataclass(frozen=True)
class Name:
    written: str
    words: tuple[str, ...]  # folded, titles removed
    initials: str | None  # "LM" written as initials
    initial: str | None  # the surname initial of "Brian R."

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

    @property
    def key(self) -> str:
        return " ".join(self.words)


def parse_name(written: str) -> Name:
    raw = [w for w in re.split(r"[\s]+", written.strip()) if w]
    words = [re.sub(r"[^\w'\-]", "", fold(w)) for w in raw]
    pairs = [(r, w) for r, w in zip(raw, words) if w]
    while pairs and pairs[0][1] in TITLES and len(pairs) > 1:
        pairs = pairs[1:]
    raw, words = [p[0] for p in pairs], [p[1] for p in pairs]
    initials = words[0] if len(words) == 1 and re.fullmatch(r"[A-Z]{2,4}", raw[0]) else None
    initial = None
    if len(words) == 2 and len(words[1]) == 1:
        initial, words = words[1], words[:1]
    return Name(written, tuple(words), initials, initial)


def first_names_match(a: str, b: str) -> bool:
    """The same first name, a known short form of it, or a prefix of at least three letters."""
    if not a or not b:
        return False
    if a == b:
        return True
    if a in FAMILY and FAMILY.get(a) == FAMILY.get(b):
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


def could_be(short: Name, full: Name) -> bool:
    """Whether a first name, "Brian R." or initials can refer to a full name.

    >>> could_be(parse_name("Brian R."), parse_name("Brian Ritchie"))
    True
    >>> could_be(parse_name("LM"), parse_name("Liam Maxwell"))
    True
    >>> could_be(parse_name("Will"), parse_name("William Gerry"))
    True
    """
    if not full.full:
        return False
    if short.initials:
        return short.initials == "".join(w[0] for w in full.words) or \
            short.initials == full.first[0] + full.last[0]
    if short.initial:
        return first_names_match(short.first, full.first) and full.last.startswith(short.initial)
    return len(short.words) == 1 and first_names_match(short.first, full.first)
