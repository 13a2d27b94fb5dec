"""Titles before a name and letters after it, kept once in ``ingest/data/titles.txt`` and
``ingest/data/post_nominals.txt``.

The parser takes every title off a name as written (``titles``: offices too, "County
Councillor"); the knowledge base reads the forms of address among them (``forms_of_address``,
``surname_titles``) and the letters after a name (``post_nominals``) when it compares names.
Those three are sets of single words as ``keys.word_key`` folds them.

>>> "county councillor" in titles(), "chief executive" in titles()
(True, True)
>>> sorted(forms_of_address() & {"dr", "sir", "senor", "chief"})
['dr', 'senor', 'sir']
>>> "sir" in surname_titles(), "dr" in surname_titles(), "obe" in post_nominals()
(False, True, True)
"""
from __future__ import annotations

from functools import lru_cache

from ingest.vocabulary.keys import word_key
from ingest.vocabulary.lexicon import data_lines, data_sections

# the sections of titles.txt that are forms of address (the rest are offices and ranks)
ADDRESS_BEFORE_SURNAME = "surname"
ADDRESS_BEFORE_GIVEN_NAME = "given name"


@lru_cache(maxsize=None)
def titles() -> frozenset[str]:
    """Every title, one word or several, lower case without a final dot ("dr", "rt hon")."""
    return frozenset(t.lower().rstrip(".") for entries in data_sections("titles.txt").values()
                     for t in entries)


def _single_words(section: str) -> frozenset[str]:
    """A section's one-word titles, folded as name words are ("Señor" -> "senor")."""
    return frozenset(word_key(t) for t in data_sections("titles.txt").get(section, [])
                     if len(t.split()) == 1 and word_key(t))


@lru_cache(maxsize=None)
def surname_titles() -> frozenset[str]:
    """Forms of address that, before a lone word, make it a surname ("Mr Okafor")."""
    return _single_words(ADDRESS_BEFORE_SURNAME)


@lru_cache(maxsize=None)
def forms_of_address() -> frozenset[str]:
    """Every one-word form of address: those before a surname and those before a given name
    ("Sir Tim")."""
    return surname_titles() | _single_words(ADDRESS_BEFORE_GIVEN_NAME)


@lru_cache(maxsize=None)
def post_nominals() -> frozenset[str]:
    """Honours, degrees and generations written after a name ("obe", "phd", "jr")."""
    return frozenset(word_key(t) for t in data_lines("post_nominals.txt"))
