"""Read a note file into plain text the parser can work on.

Markdown keeps its line structure (headings as ``# ``, list bullets, indentation) but loses
emphasis, link targets and backslash escapes; HTML becomes the same light text form, with
headings, list items, definition lists and table rows each on their own line. Front matter
(``---`` blocks) is read for ``title`` and ``date`` and removed from the text. Word and PDF
files are read by ``ingest.reading.formats``, and the bytes of text files decoded by ``ingest.reading.decoding``.

Every way a file can fail to be a note ends in ``ParseError("<path>: <one-line reason>")``:
missing, a broken symlink or symlink loop, not a regular file, unreadable, an unsupported
type, too large, empty, binary, an unknown text encoding.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ingest.reading.decoding import decode
from ingest.reading.irc import irc_to_text, is_irc_log
from ingest.reading.meetbot import is_meetbot, meeting_day, meetbot_to_text
from ingest.records import ParseError

# The Markdown, HTML and reStructuredText readers (markdown-it-py, lxml, docutils: 90 ms to
# import) are imported by the note that needs one: `kb import` of an unchanged archive, and
# kb's own checks of a file before it is read, use this module without reading any note.

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".rst": "rst", ".docx": "docx", ".pdf": "pdf"}
# Document types kb cannot read. A folder search reports them instead of skipping them as it
# does images and the like: a note saved as .odt must not vanish without a word.
OTHER_DOCUMENTS = {".doc", ".docm", ".dot", ".dotx", ".odt", ".rtf", ".pages", ".wpd", ".epub",
                   ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp", ".eml", ".msg"}

# spaCy's default max_length: the parser cannot take a longer text, and no meeting is that long
MAX_CHARS = 1_000_000
# Checked before reading, so a huge file is refused without being loaded. A text note's bytes
# are at most 4 per character (UTF-8, UTF-16 surrogates); markup and embedded images make
# HTML, Word and PDF files far larger than their text.
MAX_BYTES = {"text": 4 * MAX_CHARS + 4, "markdown": 4 * MAX_CHARS + 4, "rst": 4 * MAX_CHARS + 4,
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
             if fmt in ("text", "markdown", "rst")
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
        from ingest.reading import formats

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
    """A note's decoded text, read as its format says, into light text (``lighttext``)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    if fmt == "html":
        note = html_to_note(text)
    elif fmt == "text" and is_irc_log(text) and not is_meetbot(text):
        return Note(text=irc_to_text(text), format="irc", meta=meta)
    elif fmt == "markdown":
        from ingest.reading.md_reader import markdown_to_text

        text, meta = split_front_matter(text)
        note = Note(text=markdown_to_text(text), format=fmt, meta=meta)
    elif fmt == "rst":
        from ingest.reading.rst_reader import rst_to_light

        body, meta = rst_to_light(text)
        note = Note(text=body, format=fmt, meta=meta)
    else:
        note = Note(text=text, format=fmt, meta=meta)
    if is_meetbot(note.text):
        # MeetBot minutes look alike in every format once read: one reading for all of them.
        # The day is MeetBot's own (its log's name): a post quoting the minutes is dated later.
        day = meeting_day(text) or meeting_day(note.text)
        note.text = meetbot_to_text(note.text, day)
        if day:
            note.meta["meeting_day"] = day
    return note


FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


# Pelican and MultiMarkdown notes open with "Title: ...", "Date: ..." lines instead of a --- block
META_BLOCK = re.compile(r"\A(?:(?:title|date|author|authors|category|tags|slug|summary|status|modified|lang)"
                        r":[^\n]*\n)+(?=\s*\n|\Z)", re.I)


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    m = FRONT.match(text)
    if not m:
        mb = META_BLOCK.match(text)
        if mb and re.match(r"(?i)title:", text):
            meta = {k.lower(): v.strip() for k, v in re.findall(r"(?m)^([A-Za-z]+):[ \t]*(.*)$", mb.group(0)) if v.strip()}
            return text[mb.end():], meta
        return text, {}
    meta = {}
    for line in m.group(1).splitlines():
        km = re.match(r"([A-Za-z_][\w-]*):\s*(.*)$", line)
        if km and km.group(2).strip() and not line.startswith(" "):
            meta[km.group(1).lower()] = km.group(2).strip().strip("'\"")
    return text[m.end():], meta


def html_to_note(text: str) -> Note:
    from ingest.reading.html_reader import html_to_light

    body, title = html_to_light(text)
    return Note(text=body, format="html", meta={"title": title} if title else {})
