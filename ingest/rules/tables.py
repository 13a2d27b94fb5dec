"""Tables (markdown pipes, or HTML rows turned into "a | b | c" lines) and what their columns mean.

>>> from ingest.rules.structure import split_lines
>>> t = find_tables(split_lines("| No. | Detail | Resp. |\\n|---|---|---|\\n| 2.1 | Fix it | TG |\\n"))
>>> t[0].columns, t[0].rows[0][1]
({'ref': 0, 'task': 1, 'owner': 2}, ['2.1', 'Fix it', 'TG'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.rules.structure import Line

COLUMN_WORDS = {
    "task": r"^(?:detail|details|action|actions|action item|task|description|item|what|todo|to do)$",
    "owner": r"^(?:resp\.?|responsible|owner|owners|who|assignee|assigned(?: to)?|lead|by whom|person|actionee|"
             r"action by|action on)$",
    "due": r"^(?:due|due date|deadline|when|date|by when|target date)$",
    "ref": r"^(?:no\.?|number|#|id|ref\.?|reference|action no\.?|item no\.?)$",
    "status": r"^(?:status|state|done\??|progress|complete\??|closed\??)$",
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


def column_roles(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for k, h in enumerate(header):
        h2 = h.lower().strip(" *_:\\")
        for role, rx in COLUMN_WORDS.items():
            if role not in columns and re.match(rx, h2):
                columns[role] = k
                break
    return columns


def _ref_column(t: Table) -> None:
    """An "Item" column whose cells are numbers like 102.1 holds references; the description
    column beside it holds the task."""
    k = t.columns.get("task")
    if k is None or not t.rows:
        return
    values = [row[k].strip() for _, row in t.rows if k < len(row) and row[k].strip()]
    if values and all(re.fullmatch(r"[A-Z]?\d+(?:\.\d+)*[a-z]?", v) for v in values):
        rest = [j for j in range(max(len(r) for _, r in t.rows)) if j != k and j not in t.columns.values()]
        longest = max(rest, key=lambda j: sum(len(r[j]) for _, r in t.rows if j < len(r)), default=None)
        t.columns["ref"] = k
        if longest is not None:
            t.columns["task"] = longest
        else:
            del t.columns["task"]


def row_runs(lines: list[Line]) -> list[tuple[list[Line], list[Line]]]:
    """Each run of table-row lines: (every line of it, the rows without separator lines)."""
    out = []
    i = 0
    while i < len(lines):
        if not is_row(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and is_row(lines[j]):
            j += 1
        block = lines[i:j]
        out.append((block, [ln for ln in block if not SEPARATOR.match(ln.content.strip())]))
        i = j
    return out


def find_tables(lines: list[Line]) -> list[Table]:
    out: list[Table] = []
    for block, rows in row_runs(lines):
        # the header is the first row that names a column: some tables open with an empty row
        head_at, columns = 0, {}
        for k, ln in enumerate(rows[:3]):
            columns = column_roles(cells(ln.content))
            if columns:
                head_at = k
                break
        t = Table(columns=columns, lines={ln.start for ln in block})
        for ln in rows[head_at + 1:]:
            t.rows.append((ln, cells(ln.content)))
        _ref_column(t)
        out.append(t)
    return out
