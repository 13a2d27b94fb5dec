"""Bad input never loses data: a folder of broken files through the real ``kb import``, and
changed or deleted notes on re-import.

The folder test runs ``kb`` in a subprocess. Its unreadable file is made with chmod 000; as the
tests run as root, the subprocess is started through setpriv without the capabilities that let
root read it anyway (see tests/kbproc.py), so the read genuinely fails with EACCES.
"""
from __future__ import annotations

import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from kb.cli import cli
from kbproc import CAN_MAKE_UNREADABLE, run_kb
from notefiles import NOTE, make_docx, make_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "notes"


def make_bad_folder(root: Path) -> tuple[list[Path], dict[Path, str]]:
    """A folder of notes: the good files, and each bad file with the reason kb must give."""
    root.mkdir()
    series = root / "board"
    series.mkdir()
    good = [Path(shutil.copy(FIXTURES / "board" / name, series / name))
            for name in ("2020-01-15-board.txt", "2020-02-12-board.md")]
    good.append(root / "cp1252.txt")
    good[-1].write_bytes(NOTE.encode("cp1252"))
    good.append(root / "utf16.md")
    good[-1].write_bytes(NOTE.encode("utf-16"))  # with a BOM
    good.append(make_docx(root / "word.docx"))
    good.append(root / "scanned-with-ocr.pdf")
    good[-1].write_bytes(make_pdf([NOTE.splitlines()]))
    good.append(root / "broken-markup.html")
    good[-1].write_text("<h1>Board<p>Present: Ann Lee, Bob Ray<div></span><p class='x", "utf-8")

    bad: dict[Path, str] = {}

    def add(name: str, data: bytes | str, reason: str) -> Path:
        path = root / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        bad[path] = reason
        return path

    add("empty.txt", b"", "empty file")
    add("blank.md", " \n\t\n", "empty file")
    add("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "not a text file: looks like a PNG image")
    noise = random.Random(6)
    add("noise.md", bytes(noise.randrange(1, 256) for _ in range(3000)),
        "not a text file: no text encoding fits its bytes")
    add("nul.txt", "Present: Ann Lee\x00\x00, Bob Ray\n",
        "not a text file: contains NUL bytes (the first at byte 16)")
    add("huge.txt", b"x" * 20_000_000, "too large for a meeting note: 20.0 MB (a text note "
                                       "may have at most 1,000,000 characters)")
    add("minutes.odt", b"PK\x03\x04", "unsupported file type '.odt': kb reads .docx, .htm, "
                                      ".html, .markdown, .md, .pdf, .rst, .txt")
    add("scan.pdf", make_pdf([[]]), "no text layer in this PDF (1 page(s)): a scan needs OCR "
                                    "before kb can read it")
    add("corrupt.docx", b"PK\x03\x04 not really a zip", "not a valid .docx file (")
    add("odd\nname.txt", b"", "empty file")  # reported on one line, the newline escaped
    if CAN_MAKE_UNREADABLE:
        os.chmod(add("unreadable.txt", NOTE, "cannot read: permission denied"), 0)
    (root / "broken.txt").symlink_to("missing.txt")
    bad[root / "broken.txt"] = "broken symlink (its target missing.txt does not exist)"
    (root / "loop.txt").symlink_to("loop.txt")
    bad[root / "loop.txt"] = "symlink loop (the link leads back to itself)"
    (series / "up").symlink_to("..")
    bad[series / "up"] = "symlink loop (.. is a folder this one is in)"
    os.mkfifo(root / "pipe.txt")
    bad[root / "pipe.txt"] = "not a regular file: a named pipe (FIFO)"
    # not notes, so not errors either: Word's lock file, documentation, an image
    (root / "~$word.docx").write_bytes(b"\x05owner")
    (root / "README.md").write_text("# About these notes\n")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return good, bad


def stored_paths(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {row[0] for row in conn.execute("select path from meetings")}


def test_a_folder_of_bad_files_through_the_real_cli(tmp_path):
    good, bad = make_bad_folder(tmp_path / "notes")
    db_path = tmp_path / "meetings.db"
    result = run_kb("import", "--db", str(db_path), str(tmp_path / "notes"),
                    obey_permissions=True)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == f"{len(good)} added, 0 updated, 0 unchanged, {len(bad)} failed\n"
    lines = result.stderr.splitlines()
    assert len(lines) == len(bad), result.stderr
    for path, reason in bad.items():
        shown = str(path).replace("\n", "\\n")
        assert [line for line in lines if line.startswith(f"{shown}: {reason}")], (path, lines)
    # every good file is in, under its path relative to the database's folder
    assert stored_paths(db_path) == {p.relative_to(tmp_path).as_posix() for p in good}

    # a second run changes nothing and says the same
    again = run_kb("import", "--db", str(db_path), str(tmp_path / "notes"),
                   obey_permissions=True)
    assert again.returncode == 1
    assert again.stdout == f"0 added, 0 updated, {len(good)} unchanged, {len(bad)} failed\n"
    assert sorted(again.stderr.splitlines()) == sorted(lines)


def test_debug_shows_the_traceback_and_the_default_does_not(runner, tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "empty.txt").write_bytes(b"")
    args = ["import", "--db", str(tmp_path / "m.db"), str(tmp_path / "notes")]
    plain = runner.invoke(cli, args)
    debug = runner.invoke(cli, [*args[:1], "--debug", *args[1:]])
    assert plain.exit_code == debug.exit_code == 1
    assert plain.stderr == f"{tmp_path / 'notes' / 'empty.txt'}: empty file\n"
    assert "Traceback" in debug.stderr and "ParseError" in debug.stderr
    assert debug.stderr.rstrip().endswith(f"{tmp_path / 'notes' / 'empty.txt'}: empty file")


def test_a_database_error_is_one_line_not_a_traceback(runner, tmp_path, monkeypatch):
    import kb.importer

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(kb.importer, "parser_fingerprint", broken)
    (tmp_path / "a.txt").write_text(NOTE)
    result = runner.invoke(cli, ["import", "--db", str(tmp_path / "m.db"), str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == "Error: import stopped: OperationalError: disk I/O error\n"


# --- changed and deleted notes ---------------------------------------------------------------

CHILD_TABLES = ("attendance", "meeting_names", "meeting_organisations", "commitment_updates",
                "statements", "action_items", "decisions")


def snapshot(db_path: Path) -> dict:
    """Per-meeting row counts, people and organisation ids, and the orphan count."""
    with sqlite3.connect(db_path) as conn:
        counts = {table: dict(conn.execute(
            f'select m.path, count(t.id) from meetings m left join "{table}" t '
            "on t.meeting_id = m.id group by m.path")) for table in CHILD_TABLES}
        orphans = sum(conn.execute(
            f'select count(*) from "{table}" where meeting_id not in (select id from meetings)'
        ).fetchone()[0] for table in CHILD_TABLES)
        return {"counts": counts, "orphans": orphans,
                "people": dict(conn.execute("select name, id from names")),
                "organisations": dict(conn.execute("select name, id from organisations")),
                "meetings": dict(conn.execute("select path, id from meetings"))}


BOARD = """Board meeting, 15 January 2020
Present: Ann Lee (Home Office), Bob Ray (Involve), Eve Moss (Crown Commercial Service)

Ann Lee said that departments are publishing their open data plans.
ACTION: Bob Ray to send the slides by Friday.
ACTION: Eve Moss to draft the guidance.
Agreed: the minutes were approved.
"""


def test_changed_note_replaces_its_rows_and_keeps_ids(runner, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "board.txt").write_text(BOARD)
    shutil.copy(FIXTURES / "board" / "2020-02-12-board.md", notes / "other.md")
    db = str(tmp_path / "m.db")
    assert runner.invoke(cli, ["import", "--db", db, str(notes)]).exit_code == 0
    before = snapshot(tmp_path / "m.db")

    # Eve Moss leaves the note, an action goes, a statement is added
    (notes / "board.txt").write_text(
        BOARD.replace(", Eve Moss (Crown Commercial Service)", "")
        .replace("ACTION: Eve Moss to draft the guidance.\n", "")
        + "Bob Ray said that the pilot is on track.\n")
    result = runner.invoke(cli, ["import", "--db", db, str(notes)])
    assert result.stdout == "0 added, 1 updated, 1 unchanged, 0 failed\n"
    after = snapshot(tmp_path / "m.db")

    # the same rows as a fresh import of the changed note: nothing left over, nothing twice
    fresh = tmp_path / "fresh"
    shutil.copytree(notes, fresh / "notes")
    assert runner.invoke(cli, ["import", "--db", str(fresh / "m.db"),
                               str(fresh / "notes")]).exit_code == 0
    assert after["counts"] == snapshot(fresh / "m.db")["counts"]
    assert after["orphans"] == 0
    assert after["meetings"] == before["meetings"]
    # everyone still mentioned keeps their id; Eve Moss, mentioned nowhere now, is gone
    assert "Eve Moss" in before["people"] and "Eve Moss" not in after["people"]
    assert all(before["people"][name] == pid for name, pid in after["people"].items()
               if name in before["people"])
    assert all(before["organisations"][name] == oid
               for name, oid in after["organisations"].items()
               if name in before["organisations"])
    assert after["people"].keys() - before["people"].keys() == set()


def test_a_deleted_note_stays_unless_prune(runner, tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(FIXTURES, notes)
    db = str(tmp_path / "m.db")
    assert runner.invoke(cli, ["import", "--db", db, str(notes)]).exit_code == 0
    (notes / "board" / "2020-02-12-board.md").unlink()
    # a note outside the folder being imported is never pruned
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text(BOARD)
    assert runner.invoke(cli, ["import", "--db", db, str(elsewhere)]).exit_code == 0
    elsewhere.unlink()

    kept = runner.invoke(cli, ["import", "--db", db, str(notes)])
    assert kept.stdout == "0 added, 0 updated, 2 unchanged, 0 failed\n"
    assert "notes/board/2020-02-12-board.md" in stored_paths(tmp_path / "m.db")

    pruned = runner.invoke(cli, ["import", "--prune", "--db", db, str(notes)])
    assert pruned.exit_code == 0
    assert pruned.stdout == "0 added, 0 updated, 2 unchanged, 0 failed, 1 pruned\n"
    assert stored_paths(tmp_path / "m.db") == {
        "notes/board/2020-01-15-board.txt", "notes/steering/2020-03-01-steering.html",
        "elsewhere.txt"}
    assert snapshot(tmp_path / "m.db")["orphans"] == 0


def test_a_note_that_turns_bad_keeps_its_earlier_rows(runner, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "board.txt").write_text(BOARD)
    db = str(tmp_path / "m.db")
    assert runner.invoke(cli, ["import", "--db", db, str(notes)]).exit_code == 0
    before = snapshot(tmp_path / "m.db")
    (notes / "board.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = runner.invoke(cli, ["import", "--prune", "--db", db, str(notes)])
    assert result.exit_code == 1
    assert result.stdout == "0 added, 0 updated, 0 unchanged, 1 failed, 0 pruned\n"
    assert snapshot(tmp_path / "m.db") == before


@pytest.mark.parametrize("name", ["a\tb.txt", "caf\udce9.txt"])
def test_odd_file_names_are_reported_on_one_line(runner, tmp_path, name):
    (tmp_path / "notes").mkdir()
    path = tmp_path / "notes" / name
    path.write_bytes(b"")
    result = runner.invoke(cli, ["import", "--db", str(tmp_path / "m.db"),
                                 str(tmp_path / "notes")])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.endswith(": empty file\n")
