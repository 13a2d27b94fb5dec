"""Nicknames: given names and their short forms, kept once in ``ingest/data/nicknames.txt``.

The parser asks which given names a short form stands for (``longer_forms``: "Will" in a note
is the William listed in it); the knowledge base asks whether two first names can be one
person's (``families_of``: "Dan" and "Daniel", "Bill" and "William" across meetings).

>>> sorted(longer_forms("harry")), longer_forms("william")
(['harold', 'henry'], frozenset())
>>> bool(families_of("bill") & families_of("will")), bool(families_of("tom") & families_of("tim"))
(True, False)
"""
from __future__ import annotations

from functools import lru_cache

from ingest.vocabulary.lexicon import data_lines, first_names


@lru_cache(maxsize=None)
def _lines() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Each line as (its given names, its short forms)."""
    out = []
    for line in data_lines("nicknames.txt"):
        given, _, short = line.lower().partition(":")
        out.append((frozenset(given.split()), frozenset(short.split())))
    return tuple(out)


@lru_cache(maxsize=None)
def nickname_families() -> tuple[frozenset[str], ...]:
    """Every family: a given name, its other spellings and its short forms."""
    return tuple(given | short for given, short in _lines())


@lru_cache(maxsize=None)
def _family_index() -> dict[str, frozenset[int]]:
    index: dict[str, frozenset[int]] = {}
    for i, family in enumerate(nickname_families()):
        for name in family:
            index[name] = index.get(name, frozenset()) | {i}
    return index


def families_of(name: str) -> frozenset[int]:
    """The families a lower-case first name is in ("harry" is a Henry or a Harold); two names
    that share one can be the same person's."""
    return _family_index().get(name, frozenset())


@lru_cache(maxsize=None)
def _longer() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for given, short in _lines():
        for s in short:
            out[s] = out.get(s, frozenset()) | given
    return out


def longer_forms(short: str) -> frozenset[str]:
    """The given names a lower-case short form stands for; empty for a name that is no short
    form."""
    return _longer().get(short, frozenset())


def is_short_form(name: str) -> bool:
    """Whether a lower-case word is a known short form of a given name ("bill", "liz")."""
    return name in _longer()


@lru_cache(maxsize=None)
def nickname_names() -> frozenset[str]:
    """Every name in the list, given names and short forms: all of them can open a person's
    name."""
    return frozenset().union(*nickname_families())


@lru_cache(maxsize=None)
def known_first_names() -> frozenset[str]:
    """The first names known as general knowledge, lower case: the first-name list and every
    name in the nickname list ("bob" is in the second only)."""
    return first_names() | nickname_names()
