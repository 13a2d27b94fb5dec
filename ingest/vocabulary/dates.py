"""Months and dates as written in notes, found in text as ISO dates.

>>> find_dates("On 1st February 2017, and 2017-3-5")
[('2017-02-01', 3, 20), ('2017-03-05', 26, 34)]
>>> MONTHS["sept"], MONTHS["feb"], len(MONTHS)
(9, 2, 24)
"""
from __future__ import annotations

import re
from datetime import date

from ingest.vocabulary.stretches import stretches

# month names and their abbreviations, lower case -> 1..12
MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"]
MONTHS: dict[str, int] = {m: i + 1 for i, m in enumerate(MONTH_NAMES)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
# any of them, longest first; the patterns that use it ignore case
MONTH_RX = "|".join(sorted(MONTHS, key=len, reverse=True))
# weekday names, lower case -> 0 (Monday) .. 6, as date.weekday() counts them
WEEKDAYS: dict[str, int] = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
MON = rf"(?:{MONTH_RX})\.?"
DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
DATE_RES = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(rf"\b{DAY}\s+(?:of\s+)?(?P<mon>{MON})\s*,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<mon>{MON})\s+{DAY},?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)\b"),
]

# what every one of DATE_RES holds, and a character none of their matches can
_YEAR = re.compile(r"(?:19|20)\d\d")
_NOT_IN_A_DATE = re.compile(r"[^\w\s.,/\-]")


def _stretches(text: str) -> list[tuple[int, int]]:
    """The only places DATE_RES can match (their month names are tried at every word)."""
    return stretches(text, _NOT_IN_A_DATE, _YEAR)


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every date in ``text`` as (ISO date, start, end), in order, nested matches dropped."""
    found = []
    stretches = _stretches(text)
    for rx in DATE_RES:
        for m in (found_at for start, end in stretches for found_at in rx.finditer(text, start, end)):
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
