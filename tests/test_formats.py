"""Note formats and encodings: what each reads as, and the one-line error for what cannot be read.

Every good file here is generated in tmp_path, including the Word and PDF files (see
tests/notefiles.py), so the repository holds no binary fixtures.
"""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

import ingest
from ingest.reading.loader import decode, read_note
from notefiles import NOTE, make_docx, make_pdf

NAMES = ["Ren\u00e9e Dupr\u00e9", "Ana N\u00fa\u00f1ez"]


def attendees(path: Path) -> list[str]:
    return [a.name for a in ingest.parse_file(path).attendees]


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("cp1252", b""),
    ("latin-1", b""),
    ("utf-16-le", b""),  # no BOM: recognised by the zero high bytes
    ("utf-16-be", b""),
])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_and_markdown_in_every_encoding_read_the_same(tmp_path, encoding, prefix, suffix):
    # smart quotes exist in Windows-1252 only; Latin-1 gets the plain-ASCII version
    extra = "\u201cWe agreed\u201d \u2013 \u20ac5.\n" if encoding != "latin-1" else "We agreed.\n"
    path = tmp_path / f"note{suffix}"
    path.write_bytes(prefix + (NOTE + extra).encode(encoding))
    note = read_note(path)
    assert note.text.startswith("Board meeting\nPresent: Ren\u00e9e Dupr\u00e9")
    assert extra.strip() in note.text and "\ufeff" not in note.text
    assert attendees(path) == NAMES


@pytest.mark.parametrize("text, encoding", [
    ("Caf\u00e9 meeting", "latin-1"),  # charset-normalizer alone says Urdu cp1006
    ("Present: Ana N\u00fa\u00f1ez, Se\u00f1or Pe\u00f1a", "cp1252"),  # ... or Baltic cp775
    ("\u201cMinutes\u201d \u2014 Fran\u00e7ois", "cp1252"),
    ("\u041f\u0440\u0438\u0441\u0443\u0442\u0441\u0442\u0432\u043e\u0432\u0430\u043b\u0438: "
     "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432", "cp1251"),
])
def test_legacy_encodings_are_detected_not_assumed(text, encoding):
    assert decode(text.encode(encoding)) == text


def test_html_with_a_declared_charset(tmp_path):
    path = tmp_path / "note.html"
    path.write_bytes(b'<html><head><meta charset="windows-1252"><title>Board</title></head>'
                     b"<body><p>Present: Ren\xe9e Dupr\xe9, Ana N\xfa\xf1ez</p></body></html>")
    assert "Present: Ren\u00e9e Dupr\u00e9, Ana N\u00fa\u00f1ez" in read_note(path).text


@pytest.mark.parametrize("markup", [
    # unclosed tags, stray end tags, an unterminated attribute, a broken declaration that
    # makes html.parser raise, an unclosed comment at the end
    "<html><body><h1>Board meeting<p>Present: {names}<div></span></td>"
    "<p>ACTION: Ana N\u00fa\u00f1ez to send the slides by Friday.<p class='x",
    "<![ broken declaration <h1>Board meeting</h1><p>Present: {names}</p>"
    "<ul><li>ACTION: Ana N\u00fa\u00f1ez to send the slides by Friday.<li>Other</ul><!-- open",
    "<table><tr><td>Present: {names}<tr><td>ACTION: Ana N\u00fa\u00f1ez to send the slides "
    "by Friday.</table></table></html></html>",
])
@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_malformed_html_is_still_read(tmp_path, markup, suffix):
    path = tmp_path / f"note{suffix}"
    path.write_text(markup.format(names="Ren\u00e9e Dupr\u00e9, Ana N\u00fa\u00f1ez"),
                    encoding="utf-8")
    meeting = ingest.parse_file(path)
    assert meeting.format == "html"
    assert "Present: Ren\u00e9e Dupr\u00e9, Ana N\u00fa\u00f1ez" in meeting.text
    assert [a.name for a in meeting.attendees] == NAMES
    assert [a.owner for a in meeting.action_items] == ["Ana N\u00fa\u00f1ez"]


def test_docx_headings_lists_and_tables_become_light_text(tmp_path):
    path = make_docx(tmp_path / "note.docx")
    note = read_note(path)
    assert note.format == "docx"
    assert note.text.splitlines()[:5] == [
        "# Board meeting",
        "Present: Ren\u00e9e Dupr\u00e9 (Home Office), Ana N\u00fa\u00f1ez (Involve)",
        "- Ana N\u00fa\u00f1ez to send the slides by Friday.",
        "Action | Owner",
        "Draft the guidance | Ren\u00e9e Dupr\u00e9"]
    meeting = ingest.parse_file(path)
    assert [a.name for a in meeting.attendees] == NAMES
    assert meeting.next_meeting == "12 February 2020"


def test_pdf_text_layer_is_read_page_after_page(tmp_path):
    path = tmp_path / "note.pdf"
    path.write_bytes(make_pdf([NOTE.splitlines(), ["Agreed: minutes approved (as amended)."]]))
    meeting = ingest.parse_file(path)
    assert meeting.format == "pdf"
    assert meeting.title == "Board meeting"
    assert [a.name for a in meeting.attendees] == NAMES
    assert [a.owner for a in meeting.action_items] == ["Ana N\u00fa\u00f1ez"]
    assert "Agreed: minutes approved (as amended)." in meeting.text


def reason(path: Path) -> str:
    with pytest.raises(ingest.ParseError) as caught:
        read_note(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message[len(f"{path}: "):]


@pytest.mark.parametrize("name, data, expected", [
    ("scan.pdf", make_pdf([[], []]), "no text layer in this PDF (2 page(s)): a scan needs OCR "
                                     "before kb can read it"),
    ("broken.pdf", b"%PDF-1.4\ngarbage", "not a valid PDF"),
    ("not-a-pdf.pdf", b"Present: Ann Lee\n", "not a valid PDF"),
    ("broken.docx", b"PK\x03\x04garbage", "not a valid .docx file"),
    ("text.docx", b"Present: Ann Lee\n", "not a valid .docx file"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
     "an old binary Word (.doc) file named .docx: save it as .docx again"),
    ("minutes.odt", b"PK\x03\x04", "unsupported file type '.odt': kb reads .docx, .htm, .html, "
                                   ".markdown, .md, .pdf, .rst, .txt"),
    ("minutes", b"Present: Ann Lee\n", "unsupported file type '(no suffix)'"),
    ("slides.txt", b"%PDF-1.4\n", "not a text file: looks like a PDF file (name it .pdf)"),
    ("word.md", b"PK\x03\x04" + bytes(100), "not a text file: looks like a ZIP archive"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "not a text file: looks like a PNG image"),
    ("utf16.txt", codecs.BOM_UTF16_LE + "Present".encode("utf-16-le")[:-1],
     "not valid UTF-16 text, although it starts with that encoding's byte-order mark"),
    ("controls.txt", bytes(range(1, 9)) * 20, "not a text file: 160 control characters"),
    ("noise.txt", bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xff, 0xfe, 0x98]) * 40,
     "not a text file"),
    ("empty.html", b"<html><head><title>x</title></head><body> </body></html>",
     "no text in this html file"),
])
def test_unreadable_formats_get_a_clear_one_line_reason(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    assert reason(path).startswith(expected)


def test_unsupported_file_named_on_the_command_line(runner, tmp_path):
    from kb.cli import cli

    (tmp_path / "minutes.odt").write_bytes(b"PK\x03\x04")
    result = runner.invoke(cli, ["import", "--db", str(tmp_path / "m.db"),
                                 str(tmp_path / "minutes.odt")])
    assert result.exit_code == 1
    assert result.stderr == (f"{tmp_path / 'minutes.odt'}: unsupported file type '.odt': kb "
                             "reads .docx, .htm, .html, .markdown, .md, .pdf, .rst, .txt\n")


def test_parse_json_reads_every_format(runner, tmp_path):
    from kb.cli import cli

    files = [make_docx(tmp_path / "a.docx"), tmp_path / "b.pdf", tmp_path / "c.txt"]
    files[1].write_bytes(make_pdf([NOTE.splitlines()]))
    files[2].write_bytes(NOTE.encode("cp1252"))
    result = runner.invoke(cli, ["parse", "--json", *map(str, files)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(f) for f in files]


def test_supported_suffixes_are_matched_case_insensitively(tmp_path):
    path = tmp_path / "NOTE.TXT"
    path.write_bytes(NOTE.encode("utf-8"))
    assert attendees(path) == NAMES
