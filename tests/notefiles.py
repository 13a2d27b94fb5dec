"""Note files of every format, made in the tests rather than stored as binary fixtures.

``make_pdf`` writes a minimal PDF by hand (pypdf reads PDFs but cannot easily write text): one
page per list of lines, each line a Helvetica text object; a page with no lines has no text
layer at all, as a scan has none.
"""
from __future__ import annotations

from pathlib import Path

NOTE = ("Board meeting\n"
        "Present: Ren\u00e9e Dupr\u00e9 (Home Office), Ana N\u00fa\u00f1ez (Involve)\n"
        "ACTION: Ana N\u00fa\u00f1ez to send the slides by Friday.\n")


def pdf_string(text: str) -> str:
    """A PDF literal string: parentheses and backslashes escaped."""
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show ``pages`` (each a list of lines; latin-1 characters only)."""
    objects: list[bytes] = []  # object n is objects[n - 1]
    page_ids = []
    font_id = 3
    next_id = 4
    page_objects: list[tuple[int, bytes]] = []
    for lines in pages:
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        page_ids.append(page_id)
        if lines:
            ops = ["BT", "/F1 12 Tf", "72 720 Td", "16 TL"]
            ops += [f"{pdf_string(line)} Tj T*" for line in lines]
            ops.append("ET")
            stream = "\n".join(ops).encode("latin-1")
        else:
            stream = b"0.9 g 72 72 200 200 re f"  # a grey box: something drawn, no text
        page = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>")
        page_objects.append((page_id, page.encode()))
        page_objects.append((content_id, b"<< /Length %d >>\nstream\n" % len(stream) + stream
                             + b"\nendstream"))
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>"]
    objects += [body for _, body in sorted(page_objects)]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def make_docx(path: Path, title: str = "Board meeting",
              paragraphs: tuple[str, ...] = ("Present: Ren\u00e9e Dupr\u00e9 (Home Office), "
                                             "Ana N\u00fa\u00f1ez (Involve)",),
              bullets: tuple[str, ...] = ("Ana N\u00fa\u00f1ez to send the slides by Friday.",),
              table: tuple[tuple[str, ...], ...] = (("Action", "Owner"),
                                                    ("Draft the guidance", "Ren\u00e9e Dupr\u00e9"))
              ) -> Path:
    """A Word file with a heading, paragraphs, a bulleted list and a table."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    for text in bullets:
        document.add_paragraph(text, style="List Bullet")
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table):
            for cell, value in zip(row.cells, values):
                cell.text = value
    document.add_paragraph("Next meeting: 12 February 2020")
    document.save(path)
    return path
