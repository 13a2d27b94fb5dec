"""Actions a later meeting reports on in prose, with no review section to say so.

Many minutes never list last time's actions again: the next meeting just tells what became of
them ("TE presented the 'Results of the discovery' paper", "The newly drafted challenge was
accepted by the Board, which at the April 2015 meeting had judged it too wide in scope"). This
pass reads the later notes of a series for such reports on actions still open and weighs the
evidence; it closes an action only when all of this holds:

- a sentence of a later meeting reports something done: a past outcome ("was accepted",
  "presented", "has since received"), not a plan or a request ("will", "should", "asked");
- it, with its section's heading, repeats at least two content words of the action, one of
  them rare in the series (so "board", "standards", "process" alone prove nothing);
- something else bears it out: a second rare word; the section names the meeting that set
  the action ("at the April 2015 meeting", "at the last meeting"); the section's heading
  continues the topic the action was set under; or the action was to deliver something
  ("share", "present", "produce") and the sentence tells of a delivery ("presented", "demo";
  an agenda item "Demo of the new video" is one). For a delivery, the discussion just before
  the action may say what the thing was to be ("short videos rather than a document"): its
  rare words count as the action's;
- it is the next meeting after the action was last mentioned, or its section names the
  action's meeting (a report a year on says which meeting it means);
- no other open action fits that sentence nearly as well, and where the section continues
  the topic of some actions, the sentence is about one of those.

Sections that hold a report the parser already read (an update row) are left alone: their
report is about the action it names. What was found is kept in ``action_evidence`` (the
sentence, its offsets into ``meetings.text`` and the reasons), so a reader can check it and
``kb action reopen`` can overrule it.

>>> stem("archival"), stem("archives"), stem("recruitment"), stem("results")
('archiv', 'archiv', 'recruit', 'result')
>>> sorted(content_words("We discussed the results of the user research"))
['research', 'result', 'user']
>>> reports_done("The newly drafted challenge was accepted by the Board.")
True
>>> reports_done("The team will present the results next time."), reports_done("It was not sent.")
(False, False)
>>> reports_done("The draft budget was discussed at length."), reports_done("It had been sent.")
(False, True)
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ingest.vocabulary.keys import fold
from kb.knowledge.note_sections import Section, Sentence, heading_at, sections
from ingest.vocabulary.status import says_not_done, status_from_text


# function words, and words any report or any action uses: they carry no subject
_STOP = set("""a an the and or of to in on for by with at from as is are was were be been being it
    its this that these those he she they we you i his her their our your them us him will would
    shall should can could may might has have had do does did not no so than then there here which
    who whom whose what when where how also into over under about after before up out if but such
    any all some more most other action actions item items through via across within without yet
    still already now like etc per further potential possible current new various next last
    previous first second third way time thing part make made take taken use used get good well
    less back forward each every both either one two three four five many much very just only""".split())
# reporting and meeting verbs: how a note tells things, not what they are about
_REPORTING = set("""suggest suggested suggestion suggestions explain explained explanation present
    presented presentation discuss discussed discussion propose proposed proposal agree agreed
    ask asked request requested note noted state stated confirm confirmed mention mentioned
    highlight highlighted raise raised outline outlined describe described question questions
    answer answered comment comments report reported say said tell told think thought feel felt
    decide decided recommend recommended advise advised welcome welcomed thank thanked consider
    considered meeting meetings""".split())
_SUFFIXES = ("ational", "ations", "ation", "ional", "ions", "ion", "ments", "ment", "ings", "ing",
             "ities", "ity", "ies", "ied", "ers", "er", "als", "al", "es", "ed", "s", "e", "ly", "y")

# a past outcome: something was done, given, accepted
_DONE_CUE = re.compile(
    # a bare participle after "the", "some" or "most" is an adjective ("published data sets")
    r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bsome )(?<!\bmost )(?<!\bmore )(?<!\bany )(?<!\bof )"
    r"\b(?:presented|demonstrated|shown|accepted|approved|adopted|received|completed|circulated"
    r"|sent|published|delivered|shared|launched)\b"
    r"|\b(?:demo|demonstration)\b"
    # a passive that tells of an outcome, not of talk about one ("was discussed", "was planned")
    r"|\b(?:(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:being\s+)?"
    r"(?!(?:discuss|not|rais|mention|consider|debat|question|explain|describ|ask|request|suggest"
    r"|propos|remind|invit|encourag|expect|plann|schedul|postpon|defer|delay|need|requir|concern"
    r"|hop|intend|tabl|welcom|thank)\w*\b)\w+(?:ed|en|wn|ne)"
    r"|ha(?:s|ve)\s+since)\b", re.IGNORECASE)
# an agenda item that shows a thing: the thing was there to show
_SHOWN_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:demo|demonstration|presentation|showcase|launch)\s+of\b", re.I)
# a delivery in particular: what an action to share, present or produce something ends in
_DELIVERED = re.compile(r"\b(?:presented|demonstrated|demonstration|demo|shown|circulated|sent"
                        r"|published|delivered|shared|launched)\b", re.IGNORECASE)
_DELIVERY_ACTION = re.compile(
    r"^(?:share|present|circulate|send|produce|prepare|draft|write|publish|provide|demonstrate"
    r"|distribute|deliver|report|create|develop)\b", re.IGNORECASE)
# a plan, a request or a doubt: the sentence sets work, it does not report it
_NOT_A_REPORT = re.compile(
    r"\b(?:will|would|should|shall|to\s+be|is\s+to|are\s+to|going\s+to|asked|requested|suggested"
    r"|proposed|need(?:s|ed)?\s+to|must|can|could|may|might|if|whether|not|no|never)\b|n[’']t\b|\?",
    re.IGNORECASE)
_LAST_MEETING = re.compile(r"\b(?:last|previous|prior)\s+(?:board\s+|committee\s+|group\s+)?"
                           r"(?:meeting|session|call)\b", re.IGNORECASE)
# a word, with a dotted name kept whole ("schema.org", "gov.uk")
_WORD = re.compile(r"[a-z][a-z0-9]*(?:\.[a-z0-9]+)*")
# the verbs of handing work over: a report and an action may share them, but they say nothing
# of what was handed over ("shared some feedback" is no report on "share the results")
_DELIVERY_VERBS = """share shared circulate circulated send sent produce produced prepare prepared
    provide provided deliver delivered distribute distributed create created develop developed
    write written""".split()
RARE_SHARE = 0.02  # a word is rare when at most this share of the series' sentences use it
MARGIN = 1.25  # the best action for a sentence must beat the next by this factor
# a sentence this much the action's own words repeats the earlier text (minutes copied
# forward): its section does not report on it
REPEATED = 0.9


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A word without its commonest English endings, twice over ("archives" and "archival"
    are one word; "recruitment" is "recruit")."""
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[:-len(suffix)]
                break
    return word


@lru_cache(maxsize=100_000)
def content_words(text: str | None) -> frozenset[str]:
    """The stems of the words that say what a text is about."""
    return frozenset(stem(w) for w in _WORD.findall(fold(text or ""))
                     if len(w) > 2 and w not in _STOP and w not in _REPORTING)


def reports_done(sentence: str) -> bool:
    """Whether a sentence tells of something done, rather than planned, asked or not done."""
    return bool(_DONE_CUE.search(sentence)) and not _NOT_A_REPORT.search(sentence) \
        and not says_not_done(sentence)


@dataclass
class OpenAction:
    """What the search needs to know of one open ledger entry."""
    key: int
    text: str
    meeting_id: int  # where it was set
    start: int | None  # its line's offset in that meeting's text
    last_meeting_id: int  # the last meeting that mentions it


@dataclass(frozen=True)
class Evidence:
    meeting_id: int
    date: str | None
    status: str
    text: str
    start: int
    end: int
    reasons: tuple[str, ...]
    score: float


def _repeats(sentence: frozenset[str], action: frozenset[str]) -> bool:
    """Whether a sentence is the action's own words again: (nearly) all its words are the
    action's, and it has enough of them to be more than a coincidence."""
    return len(sentence) >= 4 and len(sentence & action) >= REPEATED * len(sentence)


class _SeriesWords:
    """How many of a series' sentences use each content word: rare words say what a report
    is about; common ones ("board", "standard") say nothing."""

    def __init__(self, secs: list[list[Section]]) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for note in secs:
            for sec in note:
                for text in [sec.heading, *(s.text for s in sec.sentences)]:
                    self.n += 1
                    self.df.update(content_words(text))
        self.limit = max(2.0, RARE_SHARE * self.n)
        self.no_subject: frozenset[str] = frozenset()  # rare, but no sign of what it is about

    def rare(self, word: str) -> bool:
        return self.df[word] <= self.limit

    def telling(self, word: str) -> bool:
        """A rare word that says what a text is about (not a name, not "shared")."""
        return self.rare(word) and word not in self.no_subject

    def weight(self, words: set[str] | frozenset[str]) -> float:
        return sum(math.log((self.n + 1) / (self.df[w] + 1)) for w in words)


@dataclass
class _Report:
    """A sentence of a later note that tells of something done, with what it is about."""
    meeting_id: int
    date: str | None
    section: Section
    sentence: Sentence
    words: frozenset[str]  # the sentence's content words and its section heading's
    heading: frozenset[str]
    _done: bool | None = None

    def done(self) -> bool:
        """``reports_done``, worked out once, and only for sentences some action shares
        words with (most never are)."""
        if self._done is None:
            self._done = reports_done(self.sentence.text)
        return self._done

    @property
    def delivered(self) -> bool:
        return bool(_DELIVERED.search(self.sentence.text))

    @property
    def last_meeting(self) -> bool:
        """"at the last meeting", in its own words"""
        return bool(_LAST_MEETING.search(self.sentence.text))


def _reports(meeting_id: int, date: str | None, secs: list[Section], wanted: set[str]
             ) -> list[_Report]:
    """The meeting's sentences that use a word of ``wanted``, as reports (a series has some
    sixty times as many sentences as open actions: the others are never looked at)."""
    out = []
    for sec in secs:
        if sec.reported:
            continue
        heading = content_words(sec.heading)
        by_heading = not heading.isdisjoint(wanted)  # then each sentence's words include it
        if _SHOWN_HEADING.match(sec.heading) and by_heading:  # "2.5 Demo of the new video"
            out.append(_Report(meeting_id, date, sec, Sentence(sec.heading, sec.start, sec.start + len(sec.heading)),
                               heading, heading, True))
        out.extend(_Report(meeting_id, date, sec, sent, content_words(sent.text) | heading, heading)
                   for sent in sec.sentences
                   if by_heading or not content_words(sent.text).isdisjoint(wanted))
    return out


def find_reports(actions: list[OpenAction], meetings: list[dict], texts: dict[int, str],
                 items: dict[int, list[tuple[int, int, str]]],
                 names: frozenset[str] = frozenset()) -> dict[int, Evidence]:
    """For open actions of one series (``meetings`` in date order, each with ``id`` and
    ``date``), the prose report of a later meeting that closes each, by action key.

    ``names``: the words of people's names. A report may repeat them, but a name is no
    subject: "Lawrence noted ..." is not about every action of Lawrence's."""
    order = {m["id"]: i for i, m in enumerate(meetings)}
    date_of = {m["id"]: m.get("date") or "" for m in meetings}
    secs = {m["id"]: sections(texts.get(m["id"]) or "", items.get(m["id"], []))
            for m in meetings}
    words = _SeriesWords(list(secs.values()))
    words.no_subject = frozenset(stem(w) for w in _DELIVERY_VERBS) | frozenset(stem(n) for n in names)
    actions = [a for a in actions if a.meeting_id in order and a.last_meeting_id in order]
    looks = []  # each action's own words, its discussion's, whether a delivery, the words to look up
    for a in actions:
        own = content_words(a.text)
        # the discussion that led to it: what a thing to deliver was to be may be said there
        # ("short videos rather than a document") and not in the action's own words
        context = _context(secs[a.meeting_id], a.start, words) - own
        delivery = bool(_DELIVERY_ACTION.match(a.text.strip()))
        # a report found by a word of the discussion alone shares no rare word of the action
        # unless the action is a delivery (see below): then it could never count
        looks.append((own, context, delivery, own | context if delivery else own))
    # rare word -> the reports that use it, in meeting order: only the words some action looks
    # up (a series has some sixty times as many sentences as open actions)
    wanted = {w for *_, look in looks for w in look if words.rare(w)}
    by_word: dict[str, list[_Report]] = {}
    for r in (r for m in meetings for r in _reports(m["id"], m.get("date"), secs[m["id"]], wanted)):
        for w in r.words & wanted:
            by_word.setdefault(w, []).append(r)
    # where each word's reports are, in the meetings' order: a report is looked for after
    # the action's last mention only, and the earlier ones (half, on average) are skipped at once
    at = {w: [order[r.meeting_id] for r in rs] for w, rs in by_word.items()}
    by_heading: dict[str, list[tuple[int, Section]]] = {}  # rare heading word -> sections
    for m in meetings:
        for sec in secs[m["id"]]:
            for w in content_words(sec.heading):
                if words.rare(w):
                    by_heading.setdefault(w, []).append((m["id"], sec))
    candidates: dict[tuple[int, int], list[tuple[float, int, Evidence]]] = {}
    topical: dict[tuple[int, int], set[int]] = {}  # section -> actions whose topic it continues
    for a, (own, context, delivery, look) in zip(actions, looks):
        after = order[a.last_meeting_id]
        topic = frozenset(w for w in content_words(heading_at(secs[a.meeting_id], a.start)) - own
                          if words.rare(w))
        for w in topic:
            for meeting_id, sec in by_heading.get(w, []):
                if order[meeting_id] > after:
                    topical.setdefault((meeting_id, sec.start), set()).add(a.key)
        set_on = date_of[a.meeting_id]
        seen: set[int] = set()
        for w in look:
            rs = by_word.get(w)
            if not rs:
                continue
            for r in rs[bisect_right(at[w], after):]:
                if id(r) in seen:
                    continue
                seen.add(id(r))
                common = own & r.words
                if len(common) < 2:
                    continue
                shared = common | (context & r.words) if delivery and r.delivered else common
                if not any(words.telling(x) for x in shared):
                    continue
                named = bool(set_on) and bool({set_on, set_on[:7]} & r.section.names())
                if order[r.meeting_id] - after > 1 and not named:
                    continue  # a report after a meeting's silence must say which meeting
                if not r.done():
                    continue
                ev = _weigh(a, r, own, context, topic, named, delivery, words,
                            previous=order[r.meeting_id] - order[a.meeting_id] == 1)
                if ev is not None:
                    candidates.setdefault((r.meeting_id, r.sentence.start), []).append(
                        (ev.score, a.key, ev))
    return _claim(candidates, topical, secs, order)


def _weigh(a: OpenAction, r: _Report, own: frozenset[str], context: frozenset[str],
           topic: frozenset[str], named: bool, delivery: bool, words: _SeriesWords,
           previous: bool) -> Evidence | None:
    """The evidence that report r tells of action a, or None when there is too little."""
    delivered = delivery and r.delivered
    # the discussion's words count only for what the action was to deliver
    shared = own & r.words | (context & r.words if delivered else frozenset())
    rare = {w for w in shared if words.telling(w)}
    if len(own & r.words) < 2 or not rare or \
            any(_repeats(content_words(x.text), own) for x in r.section.sentences):
        return None  # too little in common, or the earlier text copied forward
    same_topic = topic & r.heading
    # "at the last meeting" names the meeting only in the report's own words
    back = named or (previous and r.last_meeting)
    reasons = [f"words: {', '.join(sorted(shared & own))}"
               + (f"; from the discussion that set it: {', '.join(sorted(shared - own))}" if shared - own else "")]
    if len(rare) >= 2:
        reasons.append("rare words")
    if back:
        reasons.append("names the meeting that set it")
    if same_topic:
        reasons.append(f"same topic: {', '.join(sorted(same_topic))}")
    if delivered:
        reasons.append("tells of the delivery")
    if len(reasons) < 2:
        return None  # words in common, and nothing to bear them out
    score = words.weight(shared) + words.weight(same_topic) + 2 * back + 2 * delivered
    status = "dropped" if status_from_text(r.sentence.text) == "dropped" else "done"
    return Evidence(r.meeting_id, r.date, status, r.sentence.text, r.sentence.start,
                    r.sentence.end, tuple(reasons), round(score, 2))


def _context(secs: list[Section], start: int | None, words: _SeriesWords, n: int = 3) -> frozenset[str]:
    """The rare words of the last ``n`` sentences before offset ``start`` in its section."""
    if start is None:
        return frozenset()
    sec = next((s for s in reversed(secs) if s.start <= start), None)
    before = [x for x in (sec.sentences if sec else []) if x.end <= start][-n:]
    return frozenset(w for x in before for w in content_words(x.text) if words.telling(w))


def _claim(candidates: dict[tuple[int, int], list[tuple[float, int, Evidence]]],
           topical: dict[tuple[int, int], set[int]], secs: dict[int, list[Section]],
           order: dict[int, int]) -> dict[int, Evidence]:
    """Each report to the one action it fits best, if that is clear; each action to the
    first meeting that reports it."""
    claimed: dict[int, Evidence] = {}
    for (meeting_id, start), found in candidates.items():
        section = next(s for s in reversed(secs[meeting_id]) if s.start <= start)
        allowed = topical.get((meeting_id, section.start))
        if allowed:
            found = [c for c in found if c[1] in allowed]
        found.sort(key=lambda c: -c[0])
        if not found or (len(found) > 1 and found[0][0] < MARGIN * found[1][0]):
            continue  # about none of them, or no telling which
        _, key, ev = found[0]
        mine = claimed.get(key)
        if mine is None or (order[ev.meeting_id], -ev.score) < (order[mine.meeting_id], -mine.score):
            claimed[key] = ev
    return claimed
