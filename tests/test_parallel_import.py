"""`kb import --jobs N`: notes parsed in worker processes, stored here, the same database.

Real CLI (CliRunner), real SQLite files. Both databases sit in one folder, so that notes have
the same keys in both (kb.store.note_key counts from the database's folder).
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.nlp import model
from kb import importer, parse_pool
from kb.knowledge.reading import has_no_notes
from kb.cli import cli

from conftest import FIXTURE_NOTES
from series_db import BOARD, ICAT

NOTE = """# Working group call

## Attendees

- Quenby Arlott (Fenwick Trust)
- Dorotea Vasquez-Lind

## Notes

Quenby Arlott said that the survey Ilse Marwood wrote for the Fenwick Trust would be out next month.

ACTION: Dorotea Vasquez-Lind to circulate the survey.
"""


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, but for the time each note was imported."""
    conn = sqlite3.connect(db)
    tables = [t for (t,) in conn.execute("select name from sqlite_master where type = 'table' "
                                         "and name not like '%fts%' order by name")]
    out = {}
    for table in tables:
        cols = [c[1] for c in conn.execute(f'pragma table_info("{table}")') if c[1] != "imported_at"]
        out[table] = conn.execute(f'select {", ".join(map(quoted, cols))} from "{table}" '
                                  "order by rowid").fetchall()
    conn.close()
    return out


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Three folders of notes: the fixture series and the hand-made board notes."""
    root = tmp_path / "notes"
    for folder in (ICAT, BOARD):
        shutil.copytree(folder, root / folder.name)
    shutil.copytree(FIXTURE_NOTES, root / "small")
    return root


def test_two_jobs_store_exactly_what_one_stores(runner, archive, tmp_path):
    one = runner.invoke(cli, ["import", "--db", str(tmp_path / "one.db"), "--jobs", "1",
                              str(archive)])
    two = runner.invoke(cli, ["import", "--db", str(tmp_path / "two.db"), "--jobs", "2",
                              str(archive)])
    assert one.exit_code == two.exit_code == 0, (one.output, two.output)
    assert one.stdout == two.stdout == "16 added, 0 updated, 0 unchanged, 0 failed\n"
    a, b = rows(tmp_path / "one.db"), rows(tmp_path / "two.db")
    for table in ("meetings", "statements", "action_items", "names", "attendance",
                  "organisations", "people", "actions", "series_meetings", "kb_ids"):
        assert a[table], table  # something to compare
        assert a[table] == b[table], table
    assert a == b


def test_a_bad_note_among_good_ones_fails_alone(runner, archive, tmp_path):
    (archive / "small" / "empty.txt").write_text("")
    (archive / "small" / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    one = runner.invoke(cli, ["import", "--db", str(tmp_path / "one.db"), "-j", "1",
                              str(archive)])
    two = runner.invoke(cli, ["import", "--db", str(tmp_path / "two.db"), "-j", "2",
                              str(archive)])
    assert one.exit_code == two.exit_code == 1
    assert two.stdout == one.stdout == "16 added, 0 updated, 0 unchanged, 2 failed\n"
    assert two.stderr == one.stderr
    failures = two.stderr.splitlines()
    assert len(failures) == 2
    assert failures[1] == f"{archive / 'small' / 'empty.txt'}: empty file"
    assert failures[0].startswith(f"{archive / 'small' / 'binary.txt'}: ")
    assert "Traceback" not in two.output
    assert rows(tmp_path / "one.db") == rows(tmp_path / "two.db")


def test_unchanged_notes_are_not_sent_to_workers(runner, archive, tmp_path, monkeypatch):
    db = tmp_path / "kb.db"
    assert runner.invoke(cli, ["import", "--db", str(db), "-j", "2", str(archive)]).exit_code == 0
    note = archive / "small" / "board" / "2020-01-15-board.txt"
    note.write_text(note.read_text() + "\nACTION: Quenby Arlott to book the room.\n")
    sent: list[list[Path]] = []
    real = parse_pool.parse_files

    def spy(files, jobs, pool=None):
        sent.append(list(files))
        return real(sent[-1], jobs, pool)

    monkeypatch.setattr(parse_pool, "parse_files", spy)
    result = runner.invoke(cli, ["import", "--db", str(db), "-j", "2", str(archive)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "0 added, 1 updated, 15 unchanged, 0 failed\n"
    assert sent == [[note]]


def test_a_worker_that_dies_costs_its_note_only(runner, archive, tmp_path, monkeypatch):
    # the pool forks, so the workers run this process's (patched) parse_note_file
    monkeypatch.setattr(parse_pool, "_context", lambda: multiprocessing.get_context("fork"))
    crash = archive / "small" / "crash.txt"
    crash.write_text("Present: Quenby Arlott\n")
    real = importer.parse_note_file

    def parse(path):
        if Path(path) == crash:
            os._exit(3)  # as a crash in native code or the kernel's OOM killer would
        return real(path)

    monkeypatch.setattr(importer, "parse_note_file", parse)
    result = runner.invoke(cli, ["import", "--db", str(tmp_path / "kb.db"), "-j", "2",
                                 str(archive)])
    assert result.exit_code == 1
    assert result.stdout == "16 added, 0 updated, 0 unchanged, 1 failed\n"
    assert result.stderr == f"{crash}: the parser's process died while parsing this note\n"


@pytest.mark.skipif(not model.available(), reason="pip install 'kb[model]' for the model path")
def test_the_model_option_reaches_the_workers(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_MODEL", "")  # restored when the test ends, whatever --model sets
    folder = tmp_path / "calls"
    folder.mkdir()
    for i in range(3):
        (folder / f"call-{i}.md").write_text(NOTE.replace("next month", f"in week {i}"))

    def hashes(name: str, *options: str) -> list[str]:
        db = tmp_path / f"{name}.db"
        result = runner.invoke(cli, ["import", "--db", str(db), *options, str(folder)])
        assert result.exit_code == 0, result.output
        with sqlite3.connect(db) as conn:
            return [h for (h,) in conn.execute("select record_hash from meetings order by path")]

    plain = hashes("plain", "-j", "2")
    here = hashes("here", "--model", "-j", "1")
    workers = hashes("workers", "--model", "-j", "2")
    # the model's evidence changes the records' confidences, so their hashes
    assert workers == here and set(workers).isdisjoint(plain)


def test_small_imports_are_parsed_in_process():
    assert parse_pool.workers_for(3, None) == 1
    assert parse_pool.workers_for(3, 2) == 2  # asked for
    assert parse_pool.workers_for(100 * parse_pool.MIN_PER_WORKER, None) == \
        parse_pool.default_jobs()


def _frozen_objects() -> tuple[int, int]:
    import gc

    return gc.get_freeze_count(), gc.get_threshold()[0]


def test_a_worker_keeps_its_loaded_parser_out_of_the_collector():
    # the objects a worker loads once are not walked again by every full collection
    pool = parse_pool.Pool(1)
    try:
        frozen, threshold = pool.executor.submit(_frozen_objects).result()
    finally:
        pool.close()
    assert frozen > 10_000  # the pipeline and word lists, not a handful of objects
    assert threshold == parse_pool.GC_THRESHOLD > 700  # and young objects collected less often


def test_a_database_without_notes_is_told_apart_without_being_created(runner, tmp_path):
    missing = tmp_path / "new.db"
    assert has_no_notes(missing) and not missing.exists()
    blank = tmp_path / "blank.db"
    blank.write_bytes(b"")  # SQLite takes an empty file for an empty database
    assert has_no_notes(blank)
    (tmp_path / "junk.db").write_text("not a database")
    assert not has_no_notes(tmp_path / "junk.db")  # the import says why
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTE)
    db = tmp_path / "kb.db"
    result = runner.invoke(cli, ["import", "--db", str(db), "-j", "1", str(notes)])
    assert result.exit_code == 0, result.output
    assert not has_no_notes(db)
    sqlite3.connect(db).executescript("pragma foreign_keys = off; delete from meetings;")
    assert has_no_notes(db)


STARTED = """
import sys
from kb import parse_pool
parse_pool.default_jobs = lambda: 2
for empty in (False, True):
    pool = parse_pool.start(None, empty=empty)
    # every worker is forked before the first note is sent (Pool.close reads the same table
    # of the executor's processes), and parses
    print(len(pool.executor._processes), pool.executor.submit(parse_pool._parse, sys.argv[1])
          .result().attendees[0].name)
    pool.close(cancel=True)
print(parse_pool.start(1, empty=True))  # one job: parsed in this process
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are started early only by fork")
def test_an_import_into_an_empty_database_starts_a_worker_per_core_at_once(tmp_path):
    note = tmp_path / "a.md"
    note.write_text(NOTE)
    # in a process of its own: this one may run threads (Datasette's), and then forks nothing
    done = subprocess.run([sys.executable, "-c", STARTED, str(note)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["1 Quenby Arlott", "2 Quenby Arlott", "None"]
