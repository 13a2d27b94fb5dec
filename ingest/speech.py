"""Who said what: speaker lines ("Name: text", "… more") and reported speech
("Tim Hughes (Involve) said that ...", "He praised ...", "Alison (Home Office) asked ...")."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from . import lexicon
from .names import NameIndex, clean_name, looks_like_name
from .structure import Line

SPEAKER_LINE = re.compile(r"^(?:<[^>]{1,30}>\s+)?(?P<who>@?[A-Za-z][\w'’.\-]*(?: [A-Z@][\w'’.\-]*){0,3}"
                          r"(?:, [A-Z][\w'’.\-]*)*)"
                          r"(?:\s*\((?P<org>[^)]{1,60})\))?\s*:\s+(?P<text>\S.*)$")
IRC_DIRECT = re.compile(r"^<(?P<nick>[^>\s]{1,30})>\s+(?P<text>\S.*)$")
# "Robin - JSConf tickets are on sale", "Robin, yes I have": a known person's words in a list item
DASH_SPEAKER = re.compile(r"^(?P<who>[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*){0,2})\s*(?:[-–—]|,)\s+(?P<text>\S.*)$")
CONTINUATION = re.compile(r"^(?:<[^>]{1,30}>\s+)?(?:…|\.\.\.)\s*(?P<text>.*)$")
SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\.\.\.)(?<!…)\s+(?=[A-Z“\"(])")
ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|St|No|approx|cf|Prof)\.|\b[A-Z]\.)$")
PRONOUN = re.compile(r"^(?:He|She|They)$")


def sentences(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Split text into sentences, keeping each one's offsets."""
    out = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        if ABBREV.search(text[start:m.start()]):
            continue
        out.append((text[start:m.start()], offset + start, offset + m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((text[start:], offset + start, offset + len(text.rstrip())))
    # a fragment of four words or fewer ("Gives this group ownership.") finishes the sentence before it
    merged: list[tuple[str, int, int]] = []
    for sent, s, e in out:
        if merged and len(sent.split()) <= 4:
            ps, pstart, _ = merged[-1]
            merged[-1] = (text[pstart - offset:e - offset], pstart, e)
        else:
            merged.append((sent, s, e))
    return merged


def speaker_labels(lines: list[Line]) -> Counter:
    """How often each label opens a "Name: text" line: repeated labels are speakers."""
    c: Counter = Counter()
    for ln in lines:
        m = SPEAKER_LINE.match(ln.content)
        if m:
            c[m.group("who")] += 1
    return c


def resolve_speaker(who: str, idx: NameIndex, counts: Counter | None = None) -> str | None:
    who = who.strip().lstrip("@").rstrip("_")
    if who[:1].islower() or "_" in who:
        return idx.resolve(who)  # a nick: only one that names a known person
    if not who or who.lower() in lexicon.non_names() or who.split()[0].lower() in lexicon.non_names():
        return None
    full = idx.resolve(who)
    if full:
        return full
    if not looks_like_name(who):
        return None
    if looks_like_name(who, strict=True) or (counts and counts.get(who, 0) >= 2):
        # a new speaker: later first-name references resolve to them
        return idx.add(clean_name(who))
    return None


def verbs_alternation() -> str:
    return "|".join(re.escape(v) for v in lexicon.speech_verbs()) or "said"


@lru_cache(maxsize=1)
def reported_pattern() -> re.Pattern:
    name = r"[A-Z][\w'’\-]*(?:\s+(?:[A-Z]\.\s+)?(?:(?:de|van|von|le|la|du|da|di)\s+)?[A-Z][\w'’\-]*){0,3}"
    return re.compile(
        rf"(?:^|(?<=[,;–—-]\s)|(?<=:\s))(?P<who>{name})"
        rf"(?:\s*\((?P<org>(?:[^()]|\([^()]*\))*)\))?(?:,\s+(?P<appos>[^,]{{3,70}}),)?\s+"
        rf"(?:(?:also|then|further|briefly|again|later|strongly|has|had|have)\s+)?"
        rf"(?P<verb>{verbs_alternation()})\b(?P<that>\s+that\b)?[,:]?\s*(?P<text>.*)$", re.S)
