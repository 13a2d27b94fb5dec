"""The line structure of a note: headings, list items, checkboxes, and the section each line is in.

Offsets are kept throughout so every extracted item can point back at its place in the note.

>>> lines = split_lines("# Actions\\n- [x] Bob to call\\n")
>>> lines[1].checked, lines[1].content, lines[1].section
(True, 'Bob to call', 'Actions')
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# patterns tried on every line, entry or sentence of a note: compiled once, rather than
# looked up in re's cache at each call
_NUMBER_BULLET = re.compile(r"\d{1,2}[.)]")
_RUNS_ON = re.compile(r"[\w,]$")

BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*+•‣◦·]|\d{1,3}[.)]|[a-z][.)])[ \t]+)?"
                    r"(?:\[(?P<box>[ xX✓])\][ \t]*)?")
HEADING = re.compile(r"^(#{1,6})[ \t]+")
# A numbered section line such as "0. Attendance" or "3. Review of SC terms of reference"
NUMBERED_HEAD = re.compile(r"^\d{1,2}\.\s+[A-Z][^.!?]{0,80}$")


LABEL_HEAD = re.compile(r"(?:new |agreed |open )?(?:actions?|action items?|action points?|decisions?|resolutions?|"
                        r"attendees|attendance|present|apologies|regrets|next steps|outcomes?)(?: \w+)?:", re.I)


@dataclass
class Line:
    start: int  # offset of the content (after markers) in the note text
    end: int
    content: str
    indent: int = 0
    bullet: str | None = None
    checked: bool | None = None  # None: no checkbox
    heading: int = 0  # markdown heading level, or 0
    section: str = ""  # text of the nearest heading above
    index: int = 0

    @property
    def blank(self) -> bool:
        return not self.content.strip()


def _is_plain_heading(raw: str, prev_blank: bool, next_blank: bool, numbered_only: bool) -> bool:
    """A short standalone line between blank lines, like "Commitment updates" or "Next meeting"."""
    s = raw.strip()
    if not (prev_blank and next_blank) or not s or len(s) > 70:
        return False
    if s[-1] in ".,;:!?" and not s.endswith(":"):
        return False
    if NUMBERED_HEAD.match(s):
        return True
    if LABEL_HEAD.fullmatch(s):
        return True  # a label line such as "Actions:" over a list or table
    if re.match(r"^[A-Z][A-Za-z ]{0,30}\d+(?:\.\d+)?\s*[:.\-–]\s+\S", s) and not s.endswith("."):
        return True  # "Commitment 3: Anti-corruption strategy", "Item 2 – Budget"
    if numbered_only or re.search(r":\s+\S", s):
        return False
    words = s.rstrip(":").split()
    return 1 <= len(words) <= 8 and s[0].isupper() and not re.search(r"\b(said|noted|asked)\b", s)


def split_lines(text: str) -> list[Line]:
    raw_lines = text.split("\n")
    # a note with markdown headings marks its sections itself: only numbered lines count as well
    numbered_only = any(HEADING.match(r) for r in raw_lines)
    out: list[Line] = []
    pos = 0
    section = ""
    for i, raw in enumerate(raw_lines):
        start = pos
        pos += len(raw) + 1
        hm = HEADING.match(raw)
        if hm:
            content = raw[hm.end():].strip().strip("#").strip()
            cstart = start + raw.find(content) if content else start
            section = content.rstrip(":")
            out.append(Line(cstart, cstart + len(content), content, heading=len(hm.group(1)),
                            section=section, index=i))
            continue
        bm = BULLET.match(raw)
        rest = raw[bm.end():]
        content = rest.rstrip()
        cstart = start + bm.end()
        indent = len(bm.group("indent").replace("\t", "    "))
        box = bm.group("box")
        line = Line(cstart, cstart + len(content), content, indent=indent, bullet=bm.group("bullet"),
                    checked=None if box is None else box != " ", section=section, index=i)
        prev_blank = i == 0 or not raw_lines[i - 1].strip()
        next_blank = i + 1 >= len(raw_lines) or not raw_lines[i + 1].strip()
        if not line.bullet and indent == 0 and _is_plain_heading(raw, prev_blank, next_blank, numbered_only):
            line.heading = 9  # a plain-text heading: lower rank than any markdown one
            section = content.strip().rstrip(":")
            line.section = section
        elif line.bullet and _NUMBER_BULLET.fullmatch(line.bullet) and indent == 0 \
                and NUMBERED_HEAD.match(raw.strip()) and prev_blank and next_blank:
            line.heading = 9
            section = content.strip().rstrip(":")
            line.section = section
        out.append(line)
    return out


def blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines (paragraphs and lists)."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.blank or ln.heading:
            if cur:
                out.append(cur)
            cur = []
            if ln.heading:
                out.append([ln])
        else:
            cur.append(ln)
    if cur:
        out.append(cur)
    return out


def paragraph_units(lines: list[Line]) -> list[tuple[int, int]]:
    """(start, end) spans of logical units: a list item with its wrapped continuation lines,
    or a paragraph of wrapped plain lines."""
    units: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    cur_indent = 0
    # a plain paragraph cut off mid-sentence by a blank line (PDF and Word conversions do it)
    cut: Line | None = None
    prev: Line | None = None
    for ln in lines:
        if ln.blank or ln.heading:
            if cur:
                units.append(cur)
                cut = prev if prev is not None and not prev.bullet and _RUNS_ON.search(prev.content) else None
            cur = None
            if ln.heading:
                cut = None
                if ln.content:
                    units.append((ln.start, ln.end))
            continue
        if cur is None and cut is not None and not ln.bullet and ln.checked is None and \
                re.match(r"^[a-z]", ln.content) and units and units[-1][1] == cut.end:
            cur = units.pop()  # "... Election procedures" / "as described above are adopted."
        cut = None
        prev = ln
        continues = cur is not None and not ln.bullet and ln.checked is None and ln.indent >= cur_indent \
            and not SPEAKER_START.match(ln.content)
        if continues:
            cur = (cur[0], ln.end)
        else:
            if cur:
                units.append(cur)
            cur = (ln.start, ln.end)
            cur_indent = ln.indent + (2 if ln.bullet else 0) if ln.bullet else ln.indent
    if cur:
        units.append(cur)
    return units


# "Name: text", "Name – text", "… text" and "<nick> text" lines start a new unit even without
# a bullet (a Markdown hard break between speakers' lines leaves no blank line between them)
SPEAKER_START = re.compile(r"^(?:[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}:\s|…|\.\.\.\s|<[^>]+>\s|"
                           r"[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*){0,2} [–—] |"
                           r"\([A-Z][A-Za-z]{1,4}(?:\s*[,/+&]\s*[A-Z][A-Za-z]{1,4})*\)\s)")
