"""The meeting's title, date and next meeting.

>>> find_dates("On 1st February 2017, and 2017-3-5")
[('2017-02-01', 3, 20), ('2017-03-05', 26, 34)]
"""
from __future__ import annotations

import re
from datetime import date

from .structure import Line

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
DATE_RES = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(rf"\b{DAY}\s+(?:of\s+)?(?P<mon>{MON})\s*,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<mon>{MON})\s+{DAY},?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)\b"),
]
BOILERPLATE = re.compile(r"^(?:meeting notes?|minutes|meeting minutes|notes|agenda|draft)$", re.I)
PUBLICATION = re.compile(r"(?:published|posted|updated|meeting notes?|last modified)\s*:?\s*$", re.I)


def find_dates(text: str) -> list[tuple[str, int, int]]:
    found = []
    for rx in DATE_RES:
        for m in rx.finditer(text):
            g = m.groupdict()
            try:
                mon = (g.get("mon") or "").lower().rstrip(".")
                month = int(g["m"]) if g.get("m") else MONTHS.get(mon) or MONTHS[mon[:3]]
                iso = date(int(g["y"]), month, int(g["d"])).isoformat()
            except (ValueError, KeyError):
                continue
            found.append((iso, m.start(), m.end()))
    found.sort(key=lambda x: x[1])
    # drop dates nested in a longer one found by another pattern
    return [f for f in found if not any(o[1] <= f[1] and f[2] <= o[2] and o != f for o in found)]


def meeting_date(text: str, lines: list[Line], meta: dict[str, str], source: str, title_line: Line | None) -> str | None:
    """Front matter first, then the title line, "On <date>" / "Date: <date>" near the top, then the
    file name, then the first date of the note that is not a publication date."""
    if meta.get("date"):
        d = find_dates(meta["date"])
        if d:
            return d[0][0]
    head = text[:2500]
    cands = find_dates(head)
    if title_line is not None:
        for iso, s, e in cands:
            if title_line.start <= s < title_line.end:
                return iso
    for iso, s, e in cands:
        before = head[max(0, s - 40):s]
        if re.search(r"(?:\bon|\bdate[d]?\s*:?|\bheld|\btook place|\bminutes\s*[-–—:]?|^)\s*$", before, re.I | re.M) \
                and not PUBLICATION.search(before):
            return iso
    d = find_dates(source.replace("_", " "))
    if d:
        return d[-1][0]
    for iso, s, e in cands:
        if not PUBLICATION.search(head[max(0, s - 40):s]):
            return iso
    return None


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
