"""The light text form every reader writes, and the one the rules read.

Whatever the file's format, a note becomes plain lines that keep its structure:

- a heading is ``#`` … ``######`` and a space before its text;
- a list item is its marker (``- `` or ``3. ``) after two spaces of indent per level of nesting,
  with ``[x] `` / ``[ ] `` after the marker for a checkbox; the item's further lines are indented
  under its text;
- a table is ``| a | b |`` rows, a ``|---|---|`` line after the header row, and the items of a
  list inside a cell joined by ``CELL_ITEM``;
- paragraphs, lists, tables and headings are separated by one blank line; the items of one list
  are not, however loose the source list was.

>>> w = LightText()
>>> w.heading(2, "Attendees")
>>> w.item("Ann Lee (Involve)", depth=1)
>>> w.item("Bob Ray", depth=2)
>>> w.paragraph("Ann said hello.\\nBob agreed.")
>>> print(w.text(), end="")
## Attendees
<BLANKLINE>
- Ann Lee (Involve)
  - Bob Ray
<BLANKLINE>
Ann said hello.
Bob agreed.
"""
from __future__ import annotations

import re

# joins the items of a list (or the lines broken with <br>) inside one table cell
CELL_ITEM = " • "
_SPACE = re.compile(r"[ \t\u00a0]+")


def tidy(s: str) -> str:
    """One line's text with runs of spaces made one (a cell, a heading, a table row)."""
    return _SPACE.sub(" ", s.replace("\n", " ")).strip()


class LightText:
    """Collects the lines of a note in the light text form."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._in_list = False

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def _leave_list(self) -> None:
        if self._in_list:
            self._in_list = False
            self.blank()

    def heading(self, level: int, text: str) -> None:
        text = tidy(text)
        if not text:
            return
        self._leave_list()
        self.blank()
        self.lines.append("#" * max(1, min(level, 6)) + " " + text)
        self.blank()

    def paragraph(self, text: str, indent: int = 0) -> None:
        """A paragraph; inside a list item (``indent`` > 0) it continues the item, unspaced."""
        lines = [ln.rstrip() for ln in text.strip("\n").split("\n")]
        lines = [ln for ln in lines if ln.strip()]
        if not lines:
            return
        if indent == 0:
            self._leave_list()
            self.blank()
        pad = " " * indent
        self.lines.extend(pad + ln.strip() for ln in lines)
        if indent == 0:
            self.blank()

    def item(self, text: str, depth: int = 1, marker: str = "-", checked: bool | None = None) -> None:
        """A list item at ``depth`` (1 for the outermost list)."""
        if not self._in_list:
            self.blank()
        self._in_list = True
        pad = "  " * max(depth - 1, 0)
        box = "" if checked is None else ("[x] " if checked else "[ ] ")
        first, *rest = (text.strip("\n").split("\n") or [""])
        self.lines.append(f"{pad}{marker} {box}{first.strip()}".rstrip())
        cont = " " * (len(pad) + len(marker) + 1)
        self.lines.extend(cont + ln.strip() for ln in rest if ln.strip())

    def table(self, rows: list[list[str]], header: bool = True) -> None:
        rows = [[tidy(c).replace("|", "¦") for c in r] for r in rows if any(tidy(c) for c in r)]
        if not rows:
            return
        if max(len(r) for r in rows) == 1:
            # a one-column table lays text out; it holds no columns to read
            for r in rows:
                self.paragraph(r[0].replace("¦", "|"))
            return
        self._leave_list()
        self.blank()
        for k, row in enumerate(rows):
            self.lines.append("| " + " | ".join(row) + " |")
            if k == 0 and header:
                self.lines.append("|" + "|".join("---" for _ in row) + "|")
        self.blank()

    def verbatim(self, text: str, indent: int = 0) -> None:
        """Preformatted lines (code, a pasted log), kept as they are."""
        if indent == 0:
            self._leave_list()
            self.blank()
        self.lines.extend((" " * indent + ln).rstrip() for ln in text.rstrip("\n").split("\n"))
        if indent == 0:
            self.blank()

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        while self.lines and self.lines[0] == "":
            self.lines.pop(0)
        return "\n".join(self.lines) + "\n" if self.lines else ""
