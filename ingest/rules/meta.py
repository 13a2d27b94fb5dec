"""The meeting's title, date and next meeting."""
from __future__ import annotations

import re

from ingest.rules.structure import Line
from ingest.vocabulary.dates import MON, find_dates

BOILERPLATE = re.compile(r"^(?:meeting notes?|minutes|meeting minutes|notes|agenda|draft)$", re.I)
PUBLICATION = re.compile(r"(?:published|posted|updated|meeting notes?|last modified|withdrawn(?: on)?)\s*:?\s*$", re.I)


def meeting_date(text: str, lines: list[Line], meta: dict[str, str], source: str, title_line: Line | None) -> str | None:
    """The day the meeting took place, the best-evidenced of the dates the note offers.

    Each candidate date gathers evidence (``data/evidence.json``, kind ``meeting_date``): the
    front matter's date, a date in the title line, one that follows "held on" / "Date:" / a
    weekday near the top, the file name's. Publication, withdrawal, a previous meeting and the
    next one count against. The same date from several places adds up.

    >>> meeting_date("Minutes\\n\\nHeld on Wednesday 10 July 2013\\n", [], {"date": "2013-08-15"}, "x.md", None)
    '2013-07-10'
    """
    from ingest.nlp.evidence import Candidate

    cands: dict[str, Candidate] = {}

    def propose(iso: str, evidence: str, share: float = 1.0) -> Candidate:
        c = cands.setdefault(iso, Candidate("meeting_date", 0, 0, {"date": iso}))
        if evidence not in c.evidence:
            c.add(evidence, share)
        return c

    if meta.get("date"):
        for iso, _, _ in find_dates(meta["date"])[:1]:
            propose(iso, "front_matter")
    if meta.get("meeting_day"):
        propose(meta["meeting_day"], "meeting_log")  # the day MeetBot logged the meeting
    head = text[:2500]
    for k, (iso, s, e) in enumerate(find_dates(head)):
        before = head[max(0, s - 60):s]
        if title_line is not None and title_line.start <= s < title_line.end:
            c = propose(iso, "title_line")
        elif DATE_CONTEXT.search(before):
            c = propose(iso, "meeting_context")
        else:
            c = propose(iso, "near_the_top", 1.0 if k == 0 else 0.5)
        if PUBLICATION.search(before) or OTHER_DAY.search(before):
            c.add("another_day")
        if NEXT_MEETING.search(before):
            c.add("next_meeting")
    for iso, _, _ in find_dates(source.replace("_", " "))[-1:]:
        propose(iso, "file_name")
    best = max(cands.values(), key=lambda c: c.score, default=None)
    return best.data["date"] if best is not None and best.score > 0 else None


# what stands before a meeting's own date: "held on", "Date:", "on Wednesday", "Minutes –"
DATE_CONTEXT = re.compile(r"(?:\bon|\bdate[d]?\s*:?|\bheld|\btook place|\bminutes\s*[-–—:]?|"
                          r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?|meeting date\W*)\s*$|^\s*$", re.I)
# a date that is some other day: a previous meeting's, a publication's or a withdrawal's
OTHER_DAY = re.compile(r"(?:minutes of|meeting of|meeting held on|dated|previous|last|withdrawn|archived|"
                       r"superseded|since)\b[^.\n]{0,40}$", re.I)
NEXT_MEETING = re.compile(r"next\s+meeting\b[^.\n]{0,40}$", re.I)


def strip_dates(s: str) -> str:
    """A title without its dates: "Plenary December, 2020-12-03" -> "Plenary"."""
    dates = find_dates(s)
    for iso, a, b in sorted(dates, key=lambda x: -x[1]):
        s = s[:a] + s[b:]
    s = re.sub(r"\b(?:19|20)\d\d-(?:0?[1-9]|1[0-2])\b(?!-\d)", "", s)
    # a month left beside a removed date, or with its year: "December, 2020-12-03", "March 2021"
    s = re.sub(rf"(?i)[\s,]+{MON}\s+(?:19|20)\d\d[\s,;:|–—-]*$", "", s.strip())
    if dates:
        s = re.sub(rf"(?i)[\s,]+{MON}[\s,;:|–—-]*$", "", s.strip())
    s = re.sub(r"^\s*[:|–—-]+\s*|\s*[:|–—-]+\s*$", "", s.strip())
    return re.sub(r"\s{2,}", " ", s).strip(" :|–—-")


GENERIC_HEADING = re.compile(
    r"^(?:\d+\.?\s*)?(?:agenda|attendees|attendance|present|apologies|regrets|context|background|summary(?: of .*)?|"
    r"minutes|notes|links|introduction|welcome|actions?(?: items?)?|decisions?|outcomes?|meeting minutes|contents|"
    r"declarations? of interests?|recap.*|updates?|announcements|next meeting|aob|any other business|draft)$", re.I)


def _clean_title(t: str) -> str:
    t = strip_dates(re.sub(r"\s+[-–—]\s+minutes$", "", t, flags=re.I))
    t = re.sub(r"\(\s*\)", "", t)
    return re.sub(r"\s+[-–—]\s*$|\s{2,}", " ", t).strip(" -–—:|")


def meeting_title(lines: list[Line], meta: dict[str, str]) -> tuple[str | None, Line | None]:
    """The pipe-separated title line of a published note, else the first level-one heading,
    else the front matter's title, else the first heading that is not a section name."""
    for ln in lines[:15]:
        parts = [p.strip() for p in ln.content.split("|")]
        # "Title | 1 Feb 2017 | Meeting note": a published note's title line, not a table row
        if " | " in ln.content and not ln.content.lstrip().startswith("|") and any(
                BOILERPLATE.match(p) or find_dates(p) for p in parts):
            keep = [p for p in parts if p and not BOILERPLATE.match(p) and strip_dates(p)]
            if keep:
                return strip_dates(keep[0]), ln
    headings = [ln for ln in lines[:60] if ln.heading and ln.heading < 9 and ln.content]
    for ln in headings:
        t = _clean_title(ln.content)
        if ln.heading == 1 and t and not GENERIC_HEADING.match(t) and not re.fullmatch(r"meeting \d+", t, re.I):
            return t, ln
    if meta.get("title"):
        t = _clean_title(meta["title"])
        if t:
            return t, None
    for ln in headings:
        t = _clean_title(ln.content)
        if t and not GENERIC_HEADING.match(t):
            return t, ln
    first = [ln for ln in lines[:12] if ln.content.strip()][:6]
    # no heading: the opening line that names a meeting ("Minutes of the Meeting of the Board"),
    # rather than a letterhead ("Example Consortium")
    for ln in first:
        t = _clean_title(ln.content)
        if t and MEETING_WORDS.search(t) and len(t.split()) <= 15 and not GENERIC_HEADING.match(t):
            return t, ln
    for ln in first[:1]:
        return _clean_title(ln.content) or None, ln
    return None, None


MEETING_WORDS = re.compile(r"\b(?:minutes|meeting|call|teleconference|telecon|telco|plenary|session|summit|forum|"
                           r"assembly|hearing|workshop)\b", re.I)


NEXT = re.compile(r"\bnext meeting\b[^.]*?\b(?:will (?:take place|be held|be)|is(?: scheduled| planned)?(?: for)?|:)\s+"
                  r"(?:(?:on|at|in)\s+)?(?:the\s+)?(?P<when>[^.\n]+)", re.I)


def next_meeting(text: str, lines: list[Line]) -> str | None:
    m = NEXT.search(text)
    if m:
        return m.group("when").strip(" .")
    for i, ln in enumerate(lines):
        if ln.heading and re.match(r"^(?:date of )?next meeting:?$", ln.content, re.I):
            for nxt in lines[i + 1:i + 4]:
                if nxt.content.strip():
                    return nxt.content.strip(" .")
    return None
