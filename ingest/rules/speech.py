"""Who said what: speaker lines ("Name: text", "… more") and reported speech
("Tim Hughes (Involve) said that ...", "He praised ...", "Alison (Home Office) asked ...")."""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections import Counter
from functools import lru_cache

from ingest.vocabulary import lexicon
from ingest.nlp.evidence import Candidate
from ingest.vocabulary.name_shapes import NameIndex, clean_name, plausible_name
from ingest.rules.prefilter import Needing
from ingest.rules.structure import Line

SPEAKER_LINE = Needing(r"^(?:<[^>]{1,30}>\s+)?(?P<who>@?[A-Za-z][\w'’.\-]*(?: [A-Z@][\w'’.\-]*){0,3}"
                       r"(?:, [A-Z][\w'’.\-]*)*)"
                       r"(?:\s*\((?P<org>[^)]{1,60})\))?\s*:\s+(?P<text>\S.*)$", [":"])
IRC_DIRECT = re.compile(r"^<(?P<nick>[^>\s]{1,30})>\s+(?P<text>\S.*)$")
# "Robin - JSConf tickets are on sale", "Robin, yes I have": a known person's words in a list item
DASH_SPEAKER = re.compile(r"^(?P<who>[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*){0,2})\s*(?:[-–—]|,)\s+(?P<text>\S.*)$")
CONTINUATION = re.compile(r"^(?:<[^>]{1,30}>\s+)?(?:…|\.\.\.)\s*(?P<text>.*)$")
# the space after a sentence's end ("." "!" "?", not an ellipsis) before a capital or an opening
# quote: group 1. It begins with the punctuation, not a look back at it, so that the regex
# engine skips ahead to the next such character rather than trying every position
SENTENCE_END = re.compile(r"[.!?](?<!\.\.\.)(?<!…)(\s+)(?=[A-Z“\"(])")
ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|St|No|approx|cf|Prof)\.|\b[A-Z]\.)$")
# "The Clerk to investigate": a short sentence that sets a task stands on its own
SHORT_TASK = re.compile(r"^(?:[Tt]he\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+to\s+[a-z]")
PRONOUN = re.compile(r"^(?:He|She|They)$")


def sentence_gaps(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the space between each two sentences of ``text`` (an abbreviation's
    full stop included: the callers look at the words before)."""
    for m in SENTENCE_END.finditer(text):
        yield m.span(1)


def sentences(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Split text into sentences, keeping each one's offsets."""
    out = []
    start = 0
    for gap, after in sentence_gaps(text):
        if ABBREV.search(text[start:gap]):
            continue
        out.append((text[start:gap], offset + start, offset + gap))
        start = after
    if text[start:].strip():
        out.append((text[start:], offset + start, offset + len(text.rstrip())))
    # a fragment of four words or fewer ("Gives this group ownership.") finishes the sentence before it
    merged: list[tuple[str, int, int]] = []
    for sent, s, e in out:
        if merged and len(sent.split()) <= 4 and not SHORT_TASK.match(sent):
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


def resolve_speaker(who: str, idx: NameIndex, counts: Counter | None = None, orgs=None,
                    reported: bool = False, listed: bool = False) -> str | None:
    """The person a speaker label ("Ann:", counts says how often it opens a line) or the
    subject of a reporting verb (``reported``) names: someone the note already knows, or a new
    person when the evidence for one is enough (``speaker_candidate``)."""
    who = who.strip().lstrip("@").rstrip("_")
    if not who:
        return None
    if who[:1].islower() or "_" in who:
        # a nick: only one that names a known person
        return idx.resolve(who) or _nick_of_listed(who, idx, counts)
    full = idx.resolve(who)
    if full:
        return full  # a listed person, also by their role: "The Clerk" for the clerk
    if who.lower() in lexicon.non_names() or who.split()[0].lower() in lexicon.non_names():
        return None
    if speaker_candidate(who, counts.get(who, 0) if counts else 1, orgs, reported, listed).accepted:
        # a new speaker: later first-name references resolve to them
        return idx.add(clean_name(who))
    return None


def _nick_of_listed(nick: str, idx: NameIndex, counts: Counter | None) -> str | None:
    """A chat nick that opens several lines, for the one listed person it can stand for when
    the list gives first names only ("Present: Daniel, Giri" and "ddavis:", "gmandyam:"): a
    nick starts with its owner's first name or first initial. Two listed people with that
    initial leave it unresolved."""
    if not counts or counts.get(nick, 0) < 2 or not re.fullmatch(r"[a-z][a-z0-9]{3,15}", nick):
        return None
    fits = [f for f in idx.full if nick.startswith(f.split()[0].lower()[:3]) or nick[0] == f[0].lower()]
    if len(fits) != 1 or len(fits[0].split()) > 1:
        return None  # a full name has its own nick rules (NameIndex.resolve)
    idx.alias.setdefault(nick, fits[0])
    return fits[0]


def speaker_candidate(who: str, times: int = 1, orgs=None, reported: bool = False,
                      listed: bool = False) -> Candidate:
    """The evidence that a label or a reporting verb's subject is a person not listed anywhere
    (``listed``: the note has an attendee list, and this name is not on it).

    >>> speaker_candidate("Zorvan Quill").accepted, speaker_candidate("Zorvan").accepted
    (True, False)
    >>> speaker_candidate("Zorvan", times=3).accepted, speaker_candidate("Zorvan", reported=True).accepted
    (True, True)
    """
    c = Candidate("person", 0, 0, {"name": who})
    if not plausible_name(who):
        return c
    if reported:
        c.add("reporting_subject")
    else:
        c.add("speaker_label_repeated" if times >= 2 else "speaker_label")
    words = clean_name(who).split()
    c.add("two_word_shape" if len(words) >= 2 else "one_word_shape")
    if words[0].lower() in lexicon.first_names():
        c.add("known_first_name")
    if lexicon.lookup_org(who) or (orgs is not None and orgs.find(who)):
        c.add("gazetteer_organisation")
    if listed:
        c.add("unlisted_though_the_note_lists_attendees")
    return c


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
