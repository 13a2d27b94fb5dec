"""Markdown notes, read into their tree by markdown-it-py and written out as light text.

The tree says what the regular expressions of a line reader could only guess: which lines are
headings, list items and their nesting, table rows and cells, code. Words are never rewritten:
code spans keep their backticks (```__init__.py```), and ``2*3*4`` stays as written; only the
markup goes (emphasis, link targets, escapes). HTML inside the Markdown (a ``<ul>`` in a table
cell, a ``<br>``, a whole ``<table>`` block) is read as HTML.

>>> print(markdown_to_text("# Minutes\\n\\n* **Ann:** fix __init__.py\\n  * [x] Bob: 2*3*4 done\\n"), end="")
# Minutes
<BLANKLINE>
- Ann: fix __init__.py
  - [x] Bob: 2*3*4 done
"""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.reading.lighttext import CELL_ITEM, LightText

# patterns tried on every line, entry or sentence of a note: compiled once, rather than
# looked up in re's cache at each call
_CHECKBOX = re.compile(r"^\[([ xX])\][ \t]+")

KRAMDOWN_ATTR = re.compile(r"\{:[^}\n]*\}")
TAG = re.compile(r"^<\s*(/)?\s*([a-zA-Z][\w-]*)[^>]*?(/)?\s*>$", re.S)


# markdown-it tries each block rule at every line, and most of them again at every line of a
# paragraph, to see whether it ends there: a third of its time (and each inline rule wherever
# a run of plain text stops). A rule that cannot match a note
# lacking certain characters is left out for such a note, which changes nothing when the test is
# a necessary condition of the rule's (tests/test_readers.py compares the tokens, rule by rule).
_HR = re.compile(r"([*_-])(?:[ \t]*\1){2,}[ \t]*$", re.M)  # "* * *": its content to the end of line
# a setext underline ("===", "---"), after nothing but indentation and blockquote markers
_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.M)
_NEWLINES = re.compile(r"\r\n?")  # markdown-it's own normalisation, done first for the tests
COULD_MATCH = {
    "table": lambda src: "|" in src,  # a header row holds a pipe
    "fence": lambda src: "```" in src or "~~~" in src,
    "blockquote": lambda src: ">" in src,
    "html_block": lambda src: "<" in src,
    "heading": lambda src: "#" in src,
    "reference": lambda src: "]:" in src,  # "[label]: url"
    "hr": lambda src: _HR.search(src) is not None,
    "lheading": lambda src: _UNDERLINE.search(src) is not None,
    # inline rules, tried wherever a run of plain text stops (at every "-" and ":"): each
    # starts at a character of its own
    "escape": lambda src: "\\" in src,
    "backticks": lambda src: "`" in src,
    "strikethrough": lambda src: "~" in src,  # the rule and its pairing pass
    "emphasis": lambda src: "*" in src or "_" in src,
    "link": lambda src: "[" in src,
    "image": lambda src: "![" in src,
    "autolink": lambda src: "<" in src,
    "html_inline": lambda src: "<" in src,
    "entity": lambda src: "&" in src,
}


def _as_written(url: str) -> str:
    return url


@lru_cache(maxsize=None)  # at most one parser for each subset of COULD_MATCH's rules
def _parser(without: frozenset[str] = frozenset()) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # a link's target is dropped from the text (only its words are read), so it is not
    # parsed and encoded again as a URL (mdurl, punycode): a tenth of the time of a note
    # with links. validateLink still sees it, and turns away the same targets.
    md.normalizeLink = _as_written
    if without:
        md.disable(sorted(without))
    return md


def parse_tokens(src: str) -> list[Token]:
    """markdown-it's tokens for ``src``, by a parser without the block rules it cannot need."""
    if "\r" in src:
        src = _NEWLINES.sub("\n", src)
    return _parser(frozenset(rule for rule, could in COULD_MATCH.items() if not could(src))).parse(src)


def markdown_to_text(src: str) -> str:
    """The light text of a Markdown note (front matter already removed)."""
    tokens = parse_tokens(src)
    out = LightText()
    _Blocks(out).run(tokens)
    return out.text()


class _Blocks:
    """Walks markdown-it's flat token stream, keeping the list nesting it stands in."""

    def __init__(self, out: LightText) -> None:
        self.out = out
        self.lists: list[dict] = []  # one per open list: {"ordered": bool, "n": next number}
        self.item_open = False  # the current list item has not written its first line yet
        self.item_marker = "-"

    def run(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            i = self.block(tokens, i)

    def block(self, tokens: list[Token], i: int) -> int:
        t = tokens[i]
        kind = t.type
        if kind == "heading_open":
            self.out.heading(int(t.tag[1]), inline_text(tokens[i + 1]).replace("\n", " "))
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            if self.item_open:
                self._write_item("")
            start = int(t.attrGet("start") or 1)
            self.lists.append({"ordered": kind == "ordered_list_open", "n": start})
            return i + 1
        if kind in ("bullet_list_close", "ordered_list_close"):
            if self.item_open:
                self._write_item("")
            self.lists.pop()
            if not self.lists:
                self.out.blank()
                self.out._in_list = False
            return i + 1
        if kind == "list_item_open":
            if self.item_open:
                self._write_item("")
            lst = self.lists[-1]
            if lst["ordered"]:
                number = t.info or str(lst["n"])
                self.item_marker = f"{number}{t.markup or '.'}"
                lst["n"] = int(number) + 1 if number.isdigit() else lst["n"] + 1
            else:
                self.item_marker = "-"
            self.item_open = True
            return i + 1
        if kind == "list_item_close":
            if self.item_open:
                self._write_item("")
            return i + 1
        if kind == "paragraph_open":
            text = KRAMDOWN_ATTR.sub("", inline_text(tokens[i + 1], indent=self._cont_indent()))
            if text.strip():
                if self.item_open:
                    self._write_item(text)
                else:
                    self.out.paragraph(text, indent=self._cont_indent())
            return i + 3
        if kind == "table_open":
            return self.table(tokens, i)
        if kind in ("fence", "code_block"):
            self.out.verbatim(t.content, indent=self._cont_indent())
            return i + 1
        if kind == "html_block":
            from ingest.reading.html_reader import html_fragment_lines

            for line in html_fragment_lines(t.content):
                self.out.lines.append(" " * self._cont_indent() + line if line else "")
            if not self.lists:
                self.out.blank()
            return i + 1
        if kind == "hr":
            self.out.blank()
            return i + 1
        return i + 1  # blockquote_open/close and the like: their content is read as it comes

    def _cont_indent(self) -> int:
        """The indent of a line that continues the innermost open list item."""
        if not self.lists:
            return 0
        return 2 * (len(self.lists) - 1) + len(self.item_marker) + 1

    def _write_item(self, text: str) -> None:
        checked = None
        m = _CHECKBOX.match(text)
        if m:
            checked = m.group(1) != " "
            text = text[m.end():]
        self.out.item(text, depth=len(self.lists), marker=self.item_marker, checked=checked)
        self.item_open = False

    def table(self, tokens: list[Token], i: int) -> int:
        rows: list[list[str]] = []
        row: list[str] = []
        header = False
        while tokens[i].type != "table_close":
            t = tokens[i]
            if t.type == "tr_open":
                row = []
            elif t.type == "tr_close":
                rows.append(row)
            elif t.type == "th_open":
                header = True
            elif t.type == "inline":
                row.append(inline_text(t, in_cell=True))
            i += 1
        if self.item_open:
            self._write_item("")
        self.out.table(rows, header=header)
        return i + 1


def inline_text(token: Token, indent: int = 0, in_cell: bool = False) -> str:
    """The text of an inline token: words as written, markup gone; a line break stays one (in a
    table cell it becomes CELL_ITEM)."""
    parts: list[str] = []
    brk = CELL_ITEM if in_cell else "\n" + " " * indent
    children = token.children or []
    opened: list[tuple[int, str]] = []  # emphasis openers: (index in parts, markup)
    for k, child in enumerate(children):
        kind = child.type
        if kind == "text":
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" " if in_cell and kind == "softbreak" else brk)
        elif kind == "code_inline":
            parts.append(child.markup + child.content + child.markup)
        elif kind == "image":
            parts.append(child.content)
        elif kind == "html_inline":
            parts.append(_inline_tag(child.content, brk, in_cell))
        elif kind in ("em_open", "strong_open", "s_open"):
            opened.append((len(parts), child.markup))
            parts.append("")
        elif kind in ("em_close", "strong_close", "s_close") and opened:
            at, markup = opened.pop()
            before = "".join(parts[:at])[-1:]
            after = _text_after(children, k + 1)
            if not (_boundary_before(before) and _boundary_after(after)):
                # "2*3*4", "__init__.py": the markers are part of a word, not emphasis
                parts[at] = markup
                parts.append(markup)
    text = "".join(parts)
    if in_cell:
        text = re.sub(r"^(?:\s*•\s*)+|(?:\s*•\s*)+$", "", text)
        text = re.sub(r"(?:\s*•\s*){2,}", CELL_ITEM, text)
    return text


def _text_after(children: list[Token], k: int) -> str:
    for child in children[k:]:
        if child.type in ("text", "code_inline"):
            return child.content if child.type == "text" else child.markup
        if child.type in ("softbreak", "hardbreak"):
            return " "
        if child.type in ("em_close", "strong_close", "s_close", "link_close"):
            continue
        return ""
    return ""


def _boundary_before(c: str) -> bool:
    return not c or c.isspace() or c in "([{\"'“‘-–—/:;,"


def _boundary_after(s: str) -> bool:
    return not s or s[0].isspace() or (not s[0].isalnum() and s[0] not in "_*" and (len(s) == 1 or not s[1].isalnum()))


def _inline_tag(tag: str, brk: str, in_cell: bool) -> str:
    """An HTML tag inside Markdown text: line breaks and list items break the line; other tags
    (span, cite, sup, a, comments) are markup only."""
    m = TAG.match(tag.strip())
    if not m:
        return ""
    name = m.group(2).lower()
    closing = bool(m.group(1))
    if name == "br":
        return brk
    if name == "li" and not closing:
        return CELL_ITEM if in_cell else brk + "- "
    if name in ("ul", "ol", "p", "div"):
        return CELL_ITEM if in_cell else brk
    return ""
