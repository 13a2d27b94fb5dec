"""Read a note file into plain text the parser can work on.

Markdown keeps its line structure (headings as ``# ``, list bullets, indentation) but loses
emphasis, link targets and backslash escapes; HTML becomes the same light text form, with
headings, list items, definition lists and table rows each on their own line. Front matter
(``---`` blocks) is read for ``title`` and ``date`` and removed from the text. Word and PDF
files are read by ``ingest.formats``, and the bytes of text files decoded by ``ingest.decoding``.

Every way a file can fail to be a note ends in ``ParseError("<path>: <one-line reason>")``:
missing, a broken symlink or symlink loop, not a regular file, unreadable, an unsupported
type, too large, empty, binary, an unknown text encoding.
"""
from __future__ import annotations

import errno
import html
import os
import re
import stat
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .decoding import decode
from .irc import irc_to_text, is_irc_log
from .records import ParseError

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
# Document types kb cannot read. A folder search reports them instead of skipping them as it
# does images and the like: a note saved as .odt must not vanish without a word.
OTHER_DOCUMENTS = {".doc", ".docm", ".dot", ".dotx", ".odt", ".rtf", ".pages", ".wpd", ".epub",
                   ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp", ".eml", ".msg"}

# spaCy's default max_length: the parser cannot take a longer text, and no meeting is that long
MAX_CHARS = 1_000_000
# Checked before reading, so a huge file is refused without being loaded. A text note's bytes
# are at most 4 per character (UTF-8, UTF-16 surrogates); markup and embedded images make
# HTML, Word and PDF files far larger than their text.
MAX_BYTES = {"text": 4 * MAX_CHARS + 4, "markdown": 4 * MAX_CHARS + 4,
             "html": 50_000_000, "docx": 100_000_000, "pdf": 100_000_000}


@dataclass
class Note:
    text: str
    format: str
    meta: dict[str, str] = field(default_factory=dict)


def read_note(path: str | Path) -> Note:
    """Read one note file; raises ParseError("<path>: <one-line reason>")."""
    p = Path(path)
    try:
        info = check_file(p)
        fmt = SUFFIXES.get(p.suffix.lower())
        if fmt is None:
            raise ParseError(f"unsupported file type {p.suffix or '(no suffix)'!r}: kb reads "
                             + ", ".join(sorted(SUFFIXES)))
        if info.st_size > MAX_BYTES[fmt]:
            raise ParseError(too_large(info.st_size, fmt))
        return bytes_to_note(_read(p, fmt), fmt)
    except ParseError as e:
        raise ParseError(f"{path}: {e}") from None


def check_file(path: Path) -> os.stat_result:
    """``os.stat(path)``, or ParseError saying why the path cannot be a note file."""
    try:
        info = path.stat()
    except OSError as e:
        raise ParseError(os_error_reason(path, e)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ParseError("is a folder, not a note file")
    if not stat.S_ISREG(info.st_mode):
        # reading a named pipe would wait for a writer forever
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
        raise ParseError(f"not a regular file: {kind}")
    return info


def os_error_reason(path: Path, error: OSError) -> str:
    """One line for an error the OS gave on ``path``: the broken link, loop or denial."""
    if error.errno == errno.ELOOP:
        return "symlink loop (the link leads back to itself)"
    if error.errno == errno.ENOENT and path.is_symlink():
        return f"broken symlink (its target {os.readlink(path)} does not exist)"
    if error.errno == errno.ENOENT:
        return "cannot read: file not found"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    if error.errno == errno.EISDIR:
        return "is a folder, not a note file"
    return f"cannot read: {error.strerror or error}"


def too_large(size: int, fmt: str) -> str:
    """
    >>> too_large(20_000_000, "text")
    'too large for a meeting note: 20.0 MB (a text note may have at most 1,000,000 characters)'
    """
    limit = (f"a {fmt} note may have at most {MAX_CHARS:,} characters"
             if fmt in ("text", "markdown")
             else f"the limit for {fmt} files is {MAX_BYTES[fmt] / 1e6:.0f} MB")
    return f"too large for a meeting note: {size / 1e6:.1f} MB ({limit})"


def _read(path: Path, fmt: str) -> bytes:
    limit = MAX_BYTES[fmt]
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)  # + 1: a file that grew since stat() is still caught
    except OSError as e:
        raise ParseError(os_error_reason(path, e)) from None
    if len(data) > limit:
        raise ParseError(too_large(len(data), fmt))
    return data


def bytes_to_note(data: bytes, fmt: str) -> Note:
    """A note from a file's bytes and its format (a value of ``SUFFIXES``)."""
    if not data:
        raise ParseError("empty file")
    if fmt in ("docx", "pdf"):
        from . import formats

        text = formats.docx_text(data) if fmt == "docx" else formats.pdf_text(data)
        note = Note(text=text.replace("\r\n", "\n").replace("\r", "\n"), format=fmt)
    else:
        text = decode(data, fmt)
        if not text.strip():
            raise ParseError("empty file")  # whitespace only counts as empty
        note = convert(text, fmt)
    if not note.text.strip():
        raise ParseError(f"no text in this {fmt} file")
    if len(note.text) > MAX_CHARS:
        raise ParseError(f"too long for a meeting note: {len(note.text):,} characters "
                         f"(the limit is {MAX_CHARS:,})")
    return note



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


# "<!" other than a comment's: declarations such as "<![ x" or a broken doctype subset are what
# html.parser can choke on, and they carry no note text
BROKEN_DECL = re.compile(r"<!(?!--)")


def html_to_note(text: str) -> Note:
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser asserts on some broken "<!" markup
        # such markup is still a note: read it again with those declarations made inert
        parser = _HTMLText()
        parser.feed(BROKEN_DECL.sub("&lt;!", text))
        parser.close()
    lines = [ln.rstrip() for ln in "".join(parser.parts).split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    meta = {}
    title = " ".join("".join(parser.title).split())
    if title:
        meta["title"] = title
    return Note(text=body, format="html", meta=meta)
