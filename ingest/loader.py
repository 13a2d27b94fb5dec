"""Read a note file into plain text the parser can work on.

Markdown keeps its line structure (headings as ``# ``, list bullets, indentation) but loses
emphasis, link targets and backslash escapes; HTML becomes the same light text form, with
headings, list items, definition lists and table rows each on their own line. Front matter
(``---`` blocks) is read for ``title`` and ``date`` and removed from the text. Word and PDF
files are read by ``ingest.formats``.

Every way a file can fail to be a note ends in ``ParseError("<path>: <one-line reason>")``:
missing, a broken symlink or symlink loop, not a regular file, unreadable, an unsupported
type, too large, empty, binary, an unknown text encoding.
"""
from __future__ import annotations

import codecs
import errno
import html
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

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

# Leading bytes of binary files that turn up with a note's name
MAGIC = [(b"%PDF-", "a PDF file (name it .pdf)"),
         (b"PK\x03\x04", "a ZIP archive, e.g. a Word file (name it .docx)"),
         (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Office file (.doc, .xls)"),
         (b"{\\rtf", "an RTF file"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
         (b"GIF8", "a GIF image"), (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "a program"),
         (b"SQLite format 3\x00", "an SQLite database")]
BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16's
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16")]
# Preferred among the encodings that read a file about equally well (see detect_encoding)
WESTERN = ("cp1252", "latin_1", "iso8859_15")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


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
    limit = (f"a {fmt} note may have at most {MAX_CHARS:,} characters" if fmt in ("text", "markdown")
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


def decode(data: bytes, fmt: str = "text") -> str:
    """A text file's bytes as str: a BOM, else UTF-8, else the encoding that is detected.

    Raises ParseError (without the path) for bytes that are not text.

    >>> decode("Caf\u00e9 N\u00fa\u00f1ez \u201cok\u201d".encode("cp1252"))
    'Café Núñez “ok”'
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise ParseError(f"not valid {encoding.upper()} text, although it starts with "
                                 "that encoding's byte-order mark") from None
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise ParseError(f"not a text file: looks like {kind}")
    if b"\x00" in data:
        raise ParseError("not a text file: contains NUL bytes "
                         f"(the first at byte {data.index(0)})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = (fmt == "html" and _declared_charset(data)) or detect_encoding(data)
        if encoding is None:
            raise ParseError("not a text file: no text encoding fits its bytes") from None
        text = data.decode(encoding, errors="replace")
    controls = sum(1 for c in text if c not in "\t\n\r\f\v" and unicodedata.category(c) == "Cc")
    if controls > max(8, len(text) // 20):
        raise ParseError(f"not a text file: {controls} control characters")
    return text


def detect_encoding(data: bytes) -> str | None:
    """The encoding charset-normalizer finds for bytes that are not UTF-8, or None.

    Mostly-English notes give the detector little evidence: "Café" reads as well in Urdu
    cp1006 as in Windows-1252. So when Windows-1252 (or Latin-1) is among the encodings that
    read the bytes about as well as the best one, it wins; otherwise the detector's choice
    stands (a Cyrillic cp1251 note stays Cyrillic).

    >>> detect_encoding("Caf\u00e9 meeting".encode("latin-1"))
    'cp1252'
    >>> detect_encoding("\u041f\u0440\u0438\u0441\u0443\u0442\u0441\u0442\u0432\u043e\u0432\u0430\u043b\u0438: \u0418\u0432\u0430\u043d".encode("cp1251"))
    'cp1251'
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.chaos <= best.chaos + 0.05:
            for encoding in WESTERN:
                if encoding in match.could_be_from_charset:
                    return encoding
    return best.encoding


def _declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` an HTML file declares, when Python knows that codec."""
    m = META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
        data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None
    return name


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
