"""Text out of Word (.docx) and PDF files, in the light text form the parser reads.

Word headings become ``# `` lines, list paragraphs ``- `` items and table rows
``cell | cell`` lines, as the HTML reader does, so the parser sees one shape whatever the
format. A PDF gives the text of its text layer, page after page; a PDF without one (a scan)
is an error, not an empty note.

Both readers raise ``ParseError`` with a one-line reason on a file they cannot read.
"""
from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile

from ingest.records import ParseError

# pypdf reports recoverable damage through logging; with no handler configured, Python would
# print each message on stderr, breaking kb's one-line-per-file error report
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc, .xls)
HEADING = re.compile(r"^(?:Heading|Überschrift|Titre)\s*(\d)$", re.I)


def docx_text(data: bytes) -> str:
    """The text of a .docx file's body, in document order (paragraphs and tables)."""
    from docx import Document
    from docx.table import Table

    if data.startswith(OLE2_MAGIC):
        raise ParseError("an old binary Word (.doc) file named .docx: save it as .docx again")
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ParseError(f"not a valid .docx file ({_short(e)})") from None
    except Exception as e:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise ParseError(f"not a valid .docx file ({type(e).__name__}: {_short(e)})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
            lines.append("")
        else:
            lines.append(_paragraph_line(block))
    return "\n".join(lines)


def _paragraph_line(paragraph) -> str:
    # soft line breaks inside a paragraph are kept as line breaks: notes use them for lists
    text = paragraph.text.replace("\r", "\n").rstrip()
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = HEADING.match(style)
    if heading and text:
        return "#" * min(int(heading.group(1)), 6) + " " + text.strip()
    if style.lower() == "title" and text:
        return "# " + text.strip()
    if style.lower().startswith("list") and text:
        return "- " + text.strip()
    return text


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            # a merged cell is returned once per grid column it spans
            if not cells or cells[-1] != text:
                cells.append(text)
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages separated by a blank line.

    Raises ``ParseError("no text layer ...")`` when no page has any text (a scanned PDF).
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pypdf warns about every recoverable defect
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                _decrypt(reader)
            pages = list(reader.pages)
        except ParseError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, OSError) as e:
            raise ParseError(f"not a valid PDF ({type(e).__name__}: {_short(e)})") from None
        except Exception as e:  # a damaged PDF can trip pypdf anywhere; e.g. missing crypto lib
            raise ParseError(f"cannot read PDF ({type(e).__name__}: {_short(e)})") from None
        texts = []
        for page in pages:
            try:
                texts.append(page.extract_text() or "")
            except Exception:  # noqa: BLE001 - one damaged page must not lose the others
                texts.append("")
    if not "".join(texts).strip():
        raise ParseError(f"no text layer in this PDF ({len(pages)} page(s)): "
                         "a scan needs OCR before kb can read it")
    return "\n\n".join(t.strip("\n") for t in texts)


def _decrypt(reader) -> None:
    """Open a PDF that is encrypted with an empty user password (many are, to stop editing)."""
    try:
        opened = reader.decrypt("")
    except Exception:  # noqa: BLE001 - e.g. AES without the optional cryptography package
        opened = False
    if not opened:
        raise ParseError("encrypted PDF: save an unprotected copy")


def _short(error: BaseException) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__
