"""Keys that make two spellings of one thing equal: ``fold`` for any text, ``word_key`` for one
word of a name, ``commitment_key`` for a commitment's name. The parser, the store and the
knowledge base all compare through these.

>>> fold("Zoë’s"), word_key("Haritos-Shea,"), word_key("Dott.ssa")
("zoe's", 'haritos-shea', 'dottssa')
"""
from __future__ import annotations

import re
import unicodedata

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: re.Match) -> str:
    return "".join(c for c in run.group() if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case, accents and curly quotes folded."""
    if text.isascii():  # nothing to decompose or fold: most text, and a tenth of a rebuild
        return text.lower()
    # the accents to drop are never ASCII: only the runs of other letters are looked at, as
    # one curly quote in a long text otherwise sent every letter of it through Python
    s = _NON_ASCII.sub(_without_marks, unicodedata.normalize("NFKD", text))
    return s.replace("\u2019", "'").replace("\u2018", "'").lower()


def word_key(word: str) -> str:
    """One word of a name as compared: folded, without its punctuation but for the hyphens
    and apostrophes inside it ("O'Connor", "Haritos-Shea")."""
    return re.sub(r"[^\w'\-]", "", fold(word)).strip("-'")


def commitment_key(name: str) -> str:
    """A commitment's name without its number and with case/spacing folded.

    "Commitment 5: Open contracting" and "Open Contracting" are one commitment.

    >>> commitment_key("Commitment 5: Open contracting") == commitment_key("Open  Contracting")
    True
    """
    whole = " ".join(re.findall(r"[a-z0-9]+", fold(name)))
    s = re.sub(r"^\s*(?:commitment|proposal|challenge|milestone)?\s*(?:no\.?\s*)?"
               r"[0-9]+[a-z]?\s*[:.\-–—)]\s*", "", fold(name))
    return " ".join(re.findall(r"[a-z0-9]+", s)) or whole
