"""Resolve an action's due phrase ("next week", "by the end of May 2017") to a date.

Dates are ISO strings (``YYYY-MM-DD``), resolved against the date of the meeting that set the
action. "next meeting" needs the series: the caller passes the next meeting's date, if any.
A phrase that names no day ("soon", "shortly", "in due course") resolves to ``None``: a made-up
date would be worse than none.

>>> resolve_due("next week", "2017-02-01")
'2017-02-08'
>>> resolve_due("by the end of May 2017", "2017-02-01")
'2017-05-31'
>>> resolve_due("at the next meeting", "2017-02-01", next_meeting="2017-03-01")
'2017-03-01'
>>> resolve_due("by Friday", "2017-02-01")  # a Wednesday
'2017-02-03'
>>> resolve_due("by 27 November", "2015-11-13")
'2015-11-27'
>>> resolve_due("shortly", "2017-02-01") is None
True
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ingest.vocabulary.dates import MONTH_RX, MONTHS, WEEKDAYS

NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "couple of": 2, "few": 3}
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_month_day(base: date, month: int, day: int | None) -> date | None:
    """The first ``day`` of ``month`` on or after ``base`` (month end when ``day`` is None)."""
    for year in (base.year, base.year + 1):
        try:
            d = date(year, month, day) if day else _month_end(year, month)
        except ValueError:
            return None
        if d >= base:
            return d
    return None


def resolve_due(phrase: str | None, meeting_date: str | None,
                next_meeting: str | None = None) -> str | None:
    """The date ``phrase`` points at, counted from ``meeting_date``, or None.

    "end of"/"by" a month is its last day; a month without a year is the next one on or after
    the meeting; a weekday is the next one after the meeting; "next week" is seven days on;
    "next month" is the end of the following month.

    >>> resolve_due("end of March", "2017-02-01")
    '2017-03-31'
    >>> resolve_due("by 3 March 2017", "2017-02-01")
    '2017-03-03'
    >>> resolve_due("within two weeks", "2017-02-01")
    '2017-02-15'
    >>> resolve_due("over the next month", "2017-02-01")
    '2017-03-31'
    >>> resolve_due("by Q3 2017", "2017-02-01")
    '2017-09-30'
    >>> resolve_due("2017-04-30", "2017-02-01")
    '2017-04-30'
    >>> resolve_due("next meeting", "2017-02-01") is None  # the series has no next meeting
    True
    """
    if not phrase or not meeting_date:
        return None
    try:
        base = date.fromisoformat(meeting_date[:10])
    except ValueError:
        return None
    p = " ".join(phrase.lower().replace(",", " ").split())
    found = _resolve(p, base, next_meeting)
    return found.isoformat() if isinstance(found, date) else found


def _resolve(p: str, base: date, next_meeting: str | None) -> date | str | None:
    if "next meeting" in p or "following meeting" in p:
        return next_meeting
    if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", p):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if m := re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? ({MONTH_RX})\b(?: (\d{{4}}))?", p) \
            or re.search(rf"\b({MONTH_RX}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?: (\d{{4}}))?", p):
        day, month = (m[1], m[2]) if m[1].isdigit() else (m[2], m[1])
        if m[3]:
            try:
                return date(int(m[3]), MONTHS[month], int(day))
            except ValueError:
                return None
        return _next_month_day(base, MONTHS[month], int(day))
    if m := re.search(rf"\b({MONTH_RX})\b(?: (\d{{4}}))?", p):
        if m[2]:
            return _month_end(int(m[2]), MONTHS[m[1]])
        return _next_month_day(base, MONTHS[m[1]], None)
    if m := re.search(r"\bq([1-4]) (\d{4})\b", p):
        month, day = QUARTER_END[int(m[1])]
        return date(int(m[2]), month, day)
    if m := re.search(rf"\b({'|'.join(WEEKDAYS)})\b", p):
        ahead = (WEEKDAYS[m[1]] - base.weekday() - 1) % 7 + 1
        return base + timedelta(days=ahead + (7 if "next " + m[1] in p else 0))
    if "tomorrow" in p:
        return base + timedelta(days=1)
    if m := re.search(r"\b(\d+|a|an|one|two|three|four|five|six|couple of|few) "
                      r"(day|week|month)s?\b", p):
        n = int(m[1]) if m[1].isdigit() else NUMBERS[m[1]]
        if m[2] == "day":
            return base + timedelta(days=n)
        if m[2] == "week":
            return base + timedelta(weeks=n)
        year, month = divmod(base.month - 1 + n, 12)
        return _month_end(base.year + year, month + 1)
    if "next week" in p:
        return base + timedelta(weeks=1)
    if "end of the week" in p or "end of this week" in p:
        return base + timedelta(days=(4 - base.weekday()) % 7)
    if "next month" in p:
        year, month = divmod(base.month, 12)
        return _month_end(base.year + year, month + 1)
    if "end of the month" in p or "end of this month" in p:
        return _month_end(base.year, base.month)
    if "end of the year" in p or "end of this year" in p:
        return date(base.year, 12, 31)
    return None
