"""Read a note file into plain text the parser can work on.

Markdown keeps its line structure (headings as ``# ``, list bullets, indentation) but loses
emphasis, link targets and backslash escapes; HTML becomes the same light text form, with
headings, list items, definition lists and table rows each on their own line. Front matter
(``---`` blocks) is read for ``title`` and ``date`` and removed from the text.
"""
from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .irc import irc_to_text, is_irc_log
from .records import ParseError

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Note:
    text: str
    format: str
    meta: dict[str, str] = field(default_factory=dict)


def decode(data: bytes, name: str) -> str:
    """Bytes to str: BOMs first, then UTF-8, then a charset guess, then Windows-1252."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    if b"\x00" in data:
        raise ParseError(f"{name}: binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    except ImportError:  # optional: Windows-1252 covers most old notes
        pass
    return data.decode("cp1252", errors="replace")


def read_note(path: str | Path) -> Note:
    """Read one note file; raises ParseError with a one-line reason."""
    p = Path(path)
    fmt = SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise ParseError(f"{path}: unsupported file type {p.suffix or '(none)'!r}")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(f"{path}: file too large ({size} bytes)")
        data = p.read_bytes()
    except OSError as e:
        raise ParseError(f"{path}: cannot read: {e.strerror or e}") from None
    text = decode(data, str(path))
    if not text.strip():
        raise ParseError(f"{path}: empty file")
    return convert(text, fmt)


def convert(text: str, fmt: str) -> Note:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "html":
        return html_to_note(text)
    meta: dict[str, str] = {}
    if fmt == "text" and is_irc_log(text):
        return Note(text=irc_to_text(text), format="irc", meta=meta)
    if fmt == "markdown":
        text, meta = split_front_matter(text)
        text = markdown_to_text(text)
    return Note(text=text, format=fmt, meta=meta)


FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    m = FRONT.match(text)
    if not m:
        return text, {}
    meta = {}
    for line in m.group(1).splitlines():
        km = re.match(r"([A-Za-z_][\w-]*):\s*(.*)$", line)
        if km and km.group(2).strip() and not line.startswith(" "):
            meta[km.group(1).lower()] = km.group(2).strip().strip("'\"")
    return text[m.end():], meta


LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
EMPH = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
KRAMDOWN_ATTR = re.compile(r"^\s*\{:.*\}\s*$")
QUOTE = re.compile(r"^\s*(?:>\s?)+")
TAG = re.compile(r"</?(?:br|p|div|span|sup|sub|em|strong|b|i|u)\b[^>]*>", re.I)


def markdown_to_text(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if KRAMDOWN_ATTR.match(line):
            continue
        line = QUOTE.sub("", line)
        line = LINK.sub(lambda m: m.group(1), line)
        line = AUTOLINK.sub(lambda m: m.group(1), line)
        line = TAG.sub("", line)
        # emphasis: repeat for nesting such as ***bold italic***
        for _ in range(3):
            new = EMPH.sub(lambda m: m.group(2), line)
            if new == line:
                break
            line = new
        line = ESCAPE.sub(lambda m: m.group(1), line)
        line = html.unescape(line)
        out.append(line.rstrip())
    return "\n".join(out)


BLOCK = {"p", "div", "section", "article", "header", "footer", "main", "nav", "table", "ul", "ol",
         "dl", "blockquote", "pre", "body", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd"}
SKIP = {"script", "style", "head", "title", "noscript", "template", "address"}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.lists = 0
        self.title: list[str] = []
        self.in_title = False
        self.cell = 0

    def newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
        if tag in SKIP:
            self.skip += 1
            return
        if tag in ("ul", "ol"):
            self.lists += 1
        if tag == "dd" and self.parts and self.parts[-1] == ":":
            self.parts.append(" ")
            return
        if tag in BLOCK or tag == "br":
            self.newline()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append("#" * int(tag[1]) + " ")
        elif tag == "li":
            self.parts.append("  " * max(self.lists - 1, 0) + "- ")
        elif tag in ("td", "th"):
            if self.cell:
                self.parts.append(" | ")
            self.cell += 1
        elif tag == "tr":
            self.cell = 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in SKIP:
            self.skip = max(self.skip - 1, 0)
            return
        if tag in ("ul", "ol"):
            self.lists = max(self.lists - 1, 0)
        if tag == "dt":
            # "<dt>Present</dt><dd>a, b</dd>" reads as "Present: a, b"
            if self.parts and not self.parts[-1].rstrip().endswith(":"):
                self.parts.append(":")
            return
        if tag in BLOCK:
            self.newline()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip:
            return
        data = re.sub(r"[ \t\n]+", " ", data)
        if self.parts and self.parts[-1].endswith("\n"):
            data = data.lstrip()
        if data:
            self.parts.append(data)


def html_to_note(text: str) -> Note:
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as e:  # html.parser is lenient; this guards against the odd assertion
        raise ParseError(f"malformed HTML: {e}") from None
    lines = [ln.rstrip() for ln in "".join(parser.parts).split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    meta = {}
    title = " ".join("".join(parser.title).split())
    if title:
        meta["title"] = title
    return Note(text=body, format="html", meta=meta)
