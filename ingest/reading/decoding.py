"""Bytes of a text note to str: byte-order marks, UTF-8, then a detected encoding.

Bytes that are not text (an image or a PDF under a .txt name, NUL bytes, control characters,
nothing any encoding fits) raise ``ParseError`` with a one-line reason (without the path).
"""
from __future__ import annotations

import codecs
import re

from ingest.records import ParseError

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
# Unicode's control characters (category Cc: C0, DEL, C1) but for the whitespace ones; one
# pattern, as a test of each character's category was a tenth of reading a note
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes, fmt: str = "text") -> str:
    """A text file's bytes as str: a BOM, else UTF-8, else the encoding that is detected.

    Raises ParseError (without the path) for bytes that are not text.

    >>> decode("Café Núñez “ok”".encode("cp1252"))
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
    if b"\x00" in data and (utf16 := _bomless_utf16(data)):
        return utf16
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
    controls = len(CONTROL.findall(text))
    if controls > max(8, len(text) // 20):
        raise ParseError(f"not a text file: {controls} control characters")
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark, recognised by its zero bytes.

    Mostly-Latin text in UTF-16 has a zero in every high byte: at odd offsets in
    little-endian, even ones in big-endian. Anything else with NULs is not taken for text.

    >>> _bomless_utf16("Present: Ann".encode("utf-16-le")), _bomless_utf16(b"ab\\x00cd")
    ('Present: Ann', None)
    """
    if len(data) % 2 or len(data) < 8:
        return None
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if high.count(0) >= 0.9 * len(high):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def detect_encoding(data: bytes) -> str | None:
    """The encoding charset-normalizer finds for bytes that are not UTF-8, or None.

    Mostly-English notes give the detector little evidence: "Café" reads as well in Urdu
    cp1006 as in Windows-1252. So when Windows-1252 (or Latin-1) is among the encodings that
    read the bytes about as well as the best one, it wins; otherwise the detector's choice
    stands (a Cyrillic cp1251 note stays Cyrillic).

    >>> detect_encoding("Café meeting".encode("latin-1"))
    'cp1252'
    >>> detect_encoding("Присутствовали: Иван Петров".encode("cp1251"))
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
