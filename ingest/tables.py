"""Tables (markdown pipes, or HTML rows turned into "a | b | c" lines) and what their columns mean.

>>> from ingest.structure import split_lines
>>> t = find_tables(split_lines("| No. | Detail | Resp. |\\n|---|---|---|\\n| 2.1 | Fix it | TG |\\n"))
>>> t[0].columns, t[0].rows[0][1]
({'ref': 0, 'task': 1, 'owner': 2}, ['2.1', 'Fix it', 'TG'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .structure import Line

COLUMN_WORDS = {
    "task": r"^(?:detail|details|action|actions|action item|task|description|item|what|todo|to do)$",
    "owner": r"^(?:resp\.?|responsible|owner|owners|who|assignee|assigned to|lead|by whom|person|actionee)$",
    "due": r"^(?:due|due date|deadline|when|date|by when|target date)$",
    "ref": r"^(?:no\.?|number|#|id|ref\.?|reference|action no\.?)$",
    "status": r"^(?:status|state|done|progress)$",
}
SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


@dataclass
class Table:
    columns: dict[str, int]
    rows: list[tuple[Line, list[str]]] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)  # starts of every line in the table


def cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def is_row(line: Line) -> bool:
    s = line.content.strip()
    return not line.heading and (s.startswith("|") or s.count(" | ") >= 2)


def find_tables(lines: list[Line]) -> list[Table]:
    out: list[Table] = []
    i = 0
    while i < len(lines):
        if not is_row(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and is_row(lines[j]):
            j += 1
        block = lines[i:j]
        header = cells(block[0].content)
        columns = {}
        for k, h in enumerate(header):
            h2 = h.lower().strip(" *_")
            for role, rx in COLUMN_WORDS.items():
                if role not in columns and re.match(rx, h2):
                    columns[role] = k
        t = Table(columns=columns, lines={ln.start for ln in block})
        for ln in block[1:]:
            if SEPARATOR.match(ln.content.strip()):
                continue
            t.rows.append((ln, cells(ln.content)))
        out.append(t)
        i = j
    return out
