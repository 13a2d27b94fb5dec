"""How the ledger compares action items: their content words, and their numbers.

>>> similarity("Produce new releases of IJP components", "produce new IJP releases")
0.89
>>> norm_ref("Action 102.1:"), norm_ref("#3"), norm_ref(None), norm_ref("ACTION-190")
('102.1', '3', None, 'action-190')
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.vocabulary.keys import fold

STOP = set("""a an the and or of to in on for by with at from as is are was were be been being it
    its this that these those he she they we you i his her their our your them us him will would
    shall should can could may might has have had do does did not no so than then there here
    which who whom whose what when where how also into over under about after before up out if
    but such any all some more most other action actions item items""".split())
TRACKER = re.compile(r"\b(action|issue)-(\d+)\b", re.IGNORECASE)


@lru_cache(maxsize=20_000)
def words(text: str | None) -> frozenset[str]:
    """Content words, folded, with a plural/past "s"/"ed" taken off so forms agree.

    Cached: the ledger compares each action's text with many others of its series
    (bench/RESULTS.md); a series at a time, so 20,000 texts are plenty (100,000 held 30 MB)."""
    out = set()
    for w in re.findall(r"[a-z0-9]+", fold(text or "")):
        if w in STOP or len(w) < 2:
            continue
        out.add(re.sub(r"(?<=[a-z]{3})(s|ed)$", "", w))
    return frozenset(out)


def similarity(a: str | None, b: str | None) -> float:
    """Dice overlap of the content words of two texts, rounded to 2 places."""
    wa, wb = words(a), words(b)
    return round(2 * len(wa & wb) / (len(wa) + len(wb)), 2) if wa and wb else 0.0


def containment(a: str | None, b: str | None) -> float:
    """Share of the smaller text's words found in the other (reports add words of their own)."""
    wa, wb = words(a), words(b)
    if not wa or not wb or len(wa & wb) < 2:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def shown_ref(ref: str | None) -> str | None:
    """An action number as the note writes it, without "Action", "#" or punctuation around
    it ("A3", "ACTION-190")."""
    if not ref:
        return None
    tracker = TRACKER.fullmatch(ref.strip(" #:.)("))
    if tracker:  # a W3C tracker id names one action of the whole group: keep it whole
        return tracker.group(0)
    r = re.sub(r"^(?:action|item|no\.?|number)\s*", "", ref.strip(), flags=re.IGNORECASE)
    return r.strip(" #:.)(") or None


def norm_ref(ref: str | None) -> str | None:
    """An action number as compared: ``shown_ref`` in lower case."""
    shown = shown_ref(ref)
    return shown.lower() if shown else None


def compound(ref: str) -> bool:
    """Whether a number names one action in a whole series ("102.1", "A3"), not just "3"."""
    return not ref.isdigit()
