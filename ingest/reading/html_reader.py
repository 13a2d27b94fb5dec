"""HTML notes, parsed by lxml and written out as light text.

lxml reads broken markup as browsers do (unclosed tags, stray end tags), and the tree says what
each piece of text is: headings, paragraphs (each its own unit, so two ``<p>X said …</p>`` never
run together), list items and their nesting, ticked ``<input type=checkbox>`` boxes, definition
lists (``<dt>Present</dt><dd>a, b</dd>`` reads "Present: a, b"), tables (a list in a cell is
joined by ``CELL_ITEM``), ``<pre>`` kept as it is.

>>> note = html_to_light("<title>Board</title><h1>Minutes</h1><p>Ann said hi</p><p>Bob said bye</p>"
...                      "<ul><li><input type=checkbox checked> Ann to call</li></ul>")
>>> note[1]
'Board'
>>> print(note[0], end="")
# Minutes
<BLANKLINE>
Ann said hi
<BLANKLINE>
Bob said bye
<BLANKLINE>
- [x] Ann to call
"""
from __future__ import annotations

import re

import lxml.etree
import lxml.html

from ingest.reading.lighttext import CELL_ITEM, LightText, tidy

SKIP = {"script", "style", "head", "title", "noscript", "template", "address", "button", "select",
        "svg", "object", "iframe"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LISTS = {"ul", "ol", "menu", "dir"}
# elements whose content is a paragraph of its own (or holds blocks that are)
BLOCKS = {"p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "blockquote",
          "figure", "figcaption", "details", "summary", "center", "form", "fieldset", "body", "html",
          "dl", "dt", "dd", "table", "li", "pre", "hr", *HEADINGS, *LISTS}
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


def html_to_light(src: str) -> tuple[str, str | None]:
    """(light text, the document's <title> or None)."""
    root = _parse(src)
    if root is None:
        return "", None
    title_el = root.find(".//title")
    title = tidy(title_el.text_content()) if title_el is not None else None
    body = root.find(".//body")
    out = LightText()
    _Walker(out).block(body if body is not None else root)
    return out.text(), title or None


def html_fragment_lines(src: str) -> list[str]:
    """The light-text lines of an HTML fragment (an HTML block inside a Markdown note)."""
    root = _parse(src, fragment=True)
    if root is None:
        return []
    out = LightText()
    _Walker(out).block(root)
    return out.text().rstrip("\n").split("\n") if out.lines else []


def _parse(src: str, fragment: bool = False):
    if not src.strip():
        return None
    try:
        if fragment:
            return lxml.html.fragment_fromstring(src, create_parent="div")
        return lxml.html.document_fromstring(src)
    except (lxml.etree.ParserError, ValueError):
        # an encoding declaration inside a str, or nothing lxml can call a document
        try:
            return lxml.html.document_fromstring(src.encode("utf-8"))
        except (lxml.etree.ParserError, ValueError):
            return None


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class _Walker:
    def __init__(self, out: LightText) -> None:
        self.out = out
        self.depth = 0  # list nesting

    def block(self, el) -> None:
        """Write ``el``'s content: its loose text as paragraphs, its block children in turn."""
        buf: list[str] = []

        def flush() -> None:
            text = "".join(buf)
            buf.clear()
            self._paragraph(text)

        if el.text:
            buf.append(el.text)
        for child in el:
            tag = _tag(child)
            if tag in SKIP or not tag:
                pass
            elif tag in HEADINGS:
                flush()
                self.out.heading(HEADINGS[tag], self.inline(child))
            elif tag in LISTS:
                flush()
                self.list(child)
            elif tag == "table":
                flush()
                self.table(child)
            elif tag == "pre":
                flush()
                self.out.verbatim(child.text_content(), indent=self._indent())
            elif tag == "dl":
                flush()
                self.definitions(child)
            elif tag == "li":  # an item outside any list
                flush()
                self.list_item(child, "-")
            elif tag in BLOCKS:
                flush()
                self.block(child)
            else:
                buf.append(self.inline(child, keep_breaks=True))
            if child.tail:
                buf.append(child.tail)
        flush()

    def _indent(self) -> int:
        return 2 * self.depth if self.depth else 0

    def _paragraph(self, text: str) -> None:
        lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
        text = "\n".join(ln for ln in lines if ln)
        if text:
            self.out.paragraph(text, indent=self._indent())

    def list(self, el) -> None:
        ordered = _tag(el) == "ol"
        n = int(el.get("start", "1")) if (el.get("start") or "1").isdigit() else 1
        self.depth += 1
        for child in el:
            if _tag(child) == "li":
                self.list_item(child, f"{n}." if ordered else "-")
                n += 1
            elif _tag(child) in LISTS:
                self.list(child)
        self.depth -= 1
        if self.depth == 0:
            self.out.blank()
            self.out._in_list = False

    def list_item(self, li, marker: str) -> None:
        """The item's own text is one line; lists and blocks inside it follow, nested."""
        depth = max(self.depth, 1)
        checked = None
        box = li.find(".//input")
        if box is not None and (box.get("type") or "").lower() == "checkbox":
            checked = box.get("checked") is not None
        own: list[str] = [li.text or ""]
        rest = []
        for child in li:
            tag = _tag(child)
            if rest or tag in LISTS or tag in ("table", "pre", "dl") or tag in HEADINGS or \
                    (tag in BLOCKS and own and "".join(own).strip()):
                rest.append(child)
                continue
            if tag in ("p", "div"):
                own.append(self.inline(child, keep_breaks=True))
            elif tag not in SKIP and tag:
                own.append(self.inline(child, keep_breaks=True))
            own.append(child.tail or "")
        text = "\n".join(_SPACES.sub(" ", ln).strip() for ln in "".join(own).split("\n"))
        self.out.item(text.strip(), depth=depth, marker=marker, checked=checked)
        if rest:
            saved = self.depth
            self.depth = depth
            for child in rest:
                tag = _tag(child)
                if tag in LISTS:
                    self.list(child)
                elif tag == "table":
                    self.table(child)
                else:
                    holder = lxml.html.Element("div")
                    holder.append(_copy(child))
                    self.block(holder)
                if child.tail and child.tail.strip():
                    self._paragraph(child.tail)
            self.depth = saved

    def definitions(self, dl) -> None:
        term = None
        for child in dl:
            tag = _tag(child)
            if tag == "dt":
                if term is not None:
                    self.out.paragraph(term.rstrip(":") + ":", indent=self._indent())
                term = tidy(self.inline(child))
            elif tag == "dd":
                value = tidy(self.inline(child))
                line = f"{term.rstrip(':')}: {value}" if term else value
                self.out.paragraph(line, indent=self._indent())
                term = None
        if term:
            self.out.paragraph(term.rstrip(":") + ":", indent=self._indent())

    def table(self, table) -> None:
        rows: list[list[str]] = []
        header = False
        for tr in table.iter("tr"):
            cells = [c for c in tr if _tag(c) in ("td", "th")]
            if not rows and cells and all(_tag(c) == "th" for c in cells):
                header = True
            rows.append([self.cell(c) for c in cells])
        self.out.table(rows, header=header or len(rows) > 1)

    def cell(self, td) -> str:
        text = self.inline(td, keep_breaks=True, in_cell=True)
        parts = [tidy(p) for p in re.split(r"\n|•", text)]
        return CELL_ITEM.join(p for p in parts if p)

    def inline(self, el, keep_breaks: bool = False, in_cell: bool = False) -> str:
        """The text of ``el`` and its inline children; ``<br>``, list items and paragraphs inside
        it break the line when ``keep_breaks``."""
        parts: list[str] = []

        def walk(node) -> None:
            tag = _tag(node)
            if tag in SKIP:
                return
            if tag == "br":
                parts.append("\n" if keep_breaks else " ")
            elif tag == "input" and (node.get("type") or "").lower() == "checkbox" and not in_cell:
                pass
            else:
                breaks = keep_breaks and tag in BLOCKS and tag not in ("html", "body")
                if breaks:
                    parts.append("\n")
                if node.text:
                    parts.append(node.text)
                for child in node:
                    walk(child)
                    if child.tail:
                        parts.append(child.tail)
                if breaks:
                    parts.append("\n")

        parts.append(el.text or "")
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        text = "".join(parts)
        if not keep_breaks:
            return _SPACES.sub(" ", text).strip()
        return "\n".join(_SPACES.sub(" ", ln).strip() for ln in text.split("\n")).strip("\n")


def _copy(el):
    from copy import deepcopy

    c = deepcopy(el)
    c.tail = None
    return c
