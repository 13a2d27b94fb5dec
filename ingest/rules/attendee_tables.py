"""Attendee tables (a name column, perhaps organisation, initials, handle, presence) and
headerless runs of "Name – Organisation" lines, as attendee-block candidates."""
from __future__ import annotations

import re

from ingest.nlp.evidence import Candidate
from ingest.rules.entries import parse_entry
from ingest.rules.layouts import Found, block_opener, layouts, spec, weigh_entries
from ingest.rules.structure import Line
from ingest.rules.tables import cells, row_runs
from ingest.vocabulary.name_shapes import plausible_name

def _column_roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    words = layouts()["table_columns"]
    for k, h in enumerate(header):
        h2 = re.sub(r"[*_:]", "", h).strip().lower()
        for role, names in words.items():
            if role not in roles and h2 in names:
                roles[role] = k
                break
    return roles


def table_blocks(lines: list[Line]) -> list[Candidate]:
    out = []
    by_start = {ln.start: k for k, ln in enumerate(lines)}
    for block, rows in row_runs(lines):
        if len(rows) < 2:
            continue
        header = cells(rows[0].content)
        roles = _column_roles(header)
        heading_group = _heading_group(lines, by_start[block[0].start])
        body = rows[1:]
        evidence = "opener_table_header"
        if "name" not in roles:
            if not heading_group:
                continue
            # no header words, but under an attendance heading: the column of names is the one
            col = _names_column([cells(r.content) for r in rows])
            if col is None:
                continue
            roles, body, evidence = {"name": col}, rows, "table_under_attendance_heading"
        found, failed = [], 0
        for r in body:
            row = cells(r.content)
            f = _row_entry(row, roles, r, heading_group or "present")
            if f:
                found.append(f)
            elif any(x.strip() for x in row):
                failed += 1
        c = Candidate("attendee_block", block[0].start, block[-1].end, {"layout": "attendee-table", "found": found})
        c.add(evidence)
        if heading_group and evidence == "opener_table_header":
            c.add("table_under_attendance_heading")
        weigh_entries(c, found, failed)
        out.append(c)
    return out


def _heading_group(lines: list[Line], k: int) -> str | None:
    """The attendance group named by the heading or label just above line ``k``."""
    for ln in reversed(lines[max(0, k - 3):k]):
        if ln.blank:
            continue
        op = block_opener(ln)
        return op[1] if op and op[0] in ("heading-list", "label-list") else None
    return None


def _names_column(rows: list[list[str]]) -> int | None:
    width = max(len(r) for r in rows)
    best, best_n = None, 0
    for k in range(width):
        n = sum(1 for r in rows if k < len(r) and plausible_name(r[k]))
        if n > best_n:
            best, best_n = k, n
    return best if best_n * 2 >= len(rows) else None


def _row_entry(row: list[str], roles: dict[str, int], ln: Line, group: str) -> Found | None:
    def col(role: str) -> str | None:
        k = roles.get(role)
        return row[k].strip() if k is not None and k < len(row) and row[k].strip() else None

    raw = col("name")
    if not raw:
        return None
    e = parse_entry(raw)
    if e is None:
        return None
    e.organisation = e.organisation or col("organisation")
    e.role = e.role or (col("role").lower() if col("role") else None)
    ini = col("initials")
    if ini and re.fullmatch(r"[A-Za-z]{1,5}\.?", ini):
        e.initials = ini.rstrip(".")
    handle = col("handle")
    if handle and re.fullmatch(r"@?[\w.-]{2,40}", handle):
        e.handle = handle.lstrip("@")
    presence = (col("presence") or "").lower()
    if presence and re.match(r"^(?:n|no|absent|apologies|regrets|✗|✘|-)$", presence):
        group = "apology"
    return Found(e, ln, group)


def headerless_blocks(lines: list[Line], table_rows: set[int]) -> list[Candidate]:
    out: list[Candidate] = []
    run: list[Found] = []

    def flush() -> None:
        if len(run) >= spec("headerless-block")["min_entries"]:
            c = Candidate("attendee_block", run[0].line.start, run[-1].line.end,
                          {"layout": "headerless-block", "found": list(run)})
            weigh_entries(c, run, 0)
            out.append(c)
        run.clear()

    for ln in lines:
        e = parse_entry(ln.content) if not ln.blank and not ln.heading and ln.start not in table_rows else None
        if e and e.organisation and 2 <= len(e.name.split()) <= 4 and _orgish_unit(e.organisation):
            run.append(Found(e, ln, "present"))
        elif not ln.blank:
            flush()
    flush()
    return out


def _orgish_unit(org: str) -> bool:
    """An organisation as a headerless list writes one: short, capitalised, no sentence."""
    words = org.split()
    return len(words) <= 10 and not re.search(r"[.!?]$", org) and all(
        w[0].isupper() or w.lower() in ("of", "for", "and", "the", "&", "on", "in", "de") or not w[0].isalpha()
        for w in words)
