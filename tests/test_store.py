"""kb.storage.schema, kb.storage.store and kb.importer against real SQLite files."""
from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

import pytest

from ingest import Person, Statement
from kb.importer import import_paths, iter_note_files
from kb.storage.schema import FTS_CONFIG, TABLES, VIEWS, ensure_db_shape
from kb.storage.store import note_key, open_db, save_meeting


def counts(db) -> dict[str, int]:
    return {table: db[table].count for table in TABLES}


def test_schema_is_created_with_wal_fts_and_views(db_path):
    db = open_db(db_path)
    assert db.journal_mode == "wal"
    assert set(TABLES) <= set(db.table_names())
    assert {f"{t}_fts" for t in FTS_CONFIG} <= set(db.table_names())
    assert set(VIEWS) <= set(db.view_names())
    fks = {(fk.column, fk.other_table) for fk in db["statements"].foreign_keys}
    assert {("meeting_id", "meetings"), ("person_id", "names"),
            ("commitment_id", "commitments")} <= fks


def test_ensure_db_shape_is_idempotent_and_keeps_data(db_path, meetings):
    db = open_db(db_path)
    save_meeting(db, meetings[0])
    before = counts(db)
    schema = db.schema
    ensure_db_shape(db)
    db.close()
    db = open_db(db_path)  # and again through open_db
    assert counts(db) == before
    assert db.schema == schema


def test_save_is_idempotent_and_writes_nothing_when_unchanged(db_path, meetings):
    db = open_db(db_path)
    assert save_meeting(db, meetings[0]) == "added"
    before = counts(db)
    changes = db.conn.total_changes
    assert save_meeting(db, copy.deepcopy(meetings[0])) == "unchanged"
    assert db.conn.total_changes == changes
    assert counts(db) == before


def test_changed_note_replaces_its_rows_and_keeps_ids(db_path, meetings):
    db = open_db(db_path)
    first, second = meetings
    save_meeting(db, first)
    save_meeting(db, second)
    meeting_ids = {r["path"]: r["id"] for r in db["meetings"].rows}
    ann = db.execute("select id from names where name = 'Ann Lee'").fetchone()[0]
    before = counts(db)

    first.text += "Ann Lee said that the guidance is nearly ready.\n"
    first.statements.append(Statement("Ann Lee", "the guidance is nearly ready",
                                      start=len(first.text) - 30, end=len(first.text) - 2))
    assert save_meeting(db, first) == "updated"

    assert {r["path"]: r["id"] for r in db["meetings"].rows} == meeting_ids
    assert db.execute("select id from names where name = 'Ann Lee'").fetchone()[0] == ann
    after = counts(db)
    # one statement more, and its row in the search index
    assert after["statements"] == before["statements"] + 1
    assert after["search_items"] == before["search_items"] + 1
    assert {t: n for t, n in after.items() if t not in ("statements", "search_items")} == \
        {t: n for t, n in before.items() if t not in ("statements", "search_items")}
    # the full-text index follows the rows (kb.storage.search_queue, flushed by save_meeting)
    hits = db.execute("select count(*) from statements_fts where statements_fts match 'nearly'")
    assert hits.fetchone()[0] == 1


def test_people_no_longer_mentioned_are_pruned(db_path, meetings):
    db = open_db(db_path)
    first = meetings[0]
    save_meeting(db, first)
    bob = db.execute("select id from names where name = 'Bob Ray'").fetchone()[0]
    first.people.append(Person("Zoe Quinn"))
    save_meeting(db, first)
    assert db["names"].count == 3
    first.people.pop()
    save_meeting(db, first)
    assert [r["name"] for r in db["names"].rows_where(order_by="name")] == ["Ann Lee", "Bob Ray"]
    assert db.execute("select id from names where name = 'Bob Ray'").fetchone()[0] == bob


def test_failed_save_changes_nothing(db_path, meetings):
    db = open_db(db_path)
    first = meetings[0]
    save_meeting(db, first)
    before = counts(db)
    stored = db["meetings"].get(1)
    broken = copy.deepcopy(first)
    broken.title = "Changed"
    broken.statements.append(Statement("Ann Lee", None))  # NOT NULL: fails mid-save
    with pytest.raises(sqlite3.IntegrityError):
        save_meeting(db, broken)
    assert counts(db) == before
    assert db["meetings"].get(1) == stored


def test_speakers_owners_and_organisations_are_linked(db_path, meetings):
    db = open_db(db_path)
    for m in meetings:
        save_meeting(db, m)
    rows = {r["speaker"]: r for r in db.query(
        "select s.speaker, p.name as person, o.name as org, c.name as commitment "
        "from statements s left join names p on p.id = s.person_id "
        "left join organisations o on o.id = s.organisation_id "
        "left join commitments c on c.id = s.commitment_id")}
    assert rows["Ann Lee"] == {"speaker": "Ann Lee", "person": "Ann Lee", "org": "Home Office",
                               "commitment": None}
    # words attributed to an organisation: no person invented for it
    assert rows["Involve"]["person"] is None and rows["Involve"]["org"] == "Involve"
    assert rows["Bob Ray"]["commitment"] == "Open Contracting"
    owners = dict(db.execute("select a.owner, p.name from action_items a "
                             "left join names p on p.id = a.person_id where a.kind = 'new'"))
    assert owners == {"Bob Ray": "Bob Ray", "Ann Lee": "Ann Lee", "Involve": None}
    assert db.execute("select acronym from organisations where name = 'Crown Commercial Service'"
                      ).fetchone()[0] == "CCS"
    kinds = dict(db.execute("select kind, count(*) from action_items group by kind"))
    assert kinds == {"new": 3, "update": 1}
    attendance = db.execute("select count(*) from attendance where status = 'present'")
    assert attendance.fetchone()[0] == 4


def test_note_key_is_relative_to_the_database_not_the_cwd(db_path, tmp_path, monkeypatch):
    db = open_db(db_path)
    note = tmp_path / "notes" / "a.txt"
    assert note_key(db, note) == "notes/a.txt"
    monkeypatch.chdir(tmp_path / "..")
    assert note_key(db, Path(tmp_path.name) / "notes" / "a.txt") == "notes/a.txt"
    assert note_key(db, "/elsewhere/a.txt") == "/elsewhere/a.txt"


def test_iter_note_files_recurses_sorts_and_skips(notes):
    (notes / ".hidden.txt").write_text("Present: Ann Lee\n")
    (notes / ".git").mkdir()
    (notes / ".git" / "x.md").write_text("Present: Ann Lee\n")
    (notes / "README.md").write_text("# About these notes\n")
    (notes / "board" / "slides.png").write_bytes(b"\x89PNG")
    found = iter_note_files([notes])
    assert [p.relative_to(notes).as_posix() for p in found] == [
        "board/2020-01-15-board.txt", "board/2020-02-12-board.md",
        "steering/2020-03-01-steering.html"]
    # a file named explicitly is taken as given, and duplicates are dropped
    assert iter_note_files([notes / "README.md", notes]) == [notes / "README.md", *found]


def test_import_twice_then_change_one_note(db_path, notes):
    db = open_db(db_path)
    first = import_paths(db, [notes])
    assert (first.added, first.updated, first.unchanged, first.failed) == (3, 0, 0, 0)
    before = counts(db)
    changes = db.conn.total_changes

    again = import_paths(db, [notes])
    assert (again.added, again.updated, again.unchanged, again.failed) == (0, 0, 3, 0)
    assert counts(db) == before
    assert db.conn.total_changes == changes  # not parsed, nothing written

    note = notes / "steering" / "2020-03-01-steering.html"
    note.write_text(note.read_text().replace("two councils", "three councils"))
    ids = [r["id"] for r in db["meetings"].rows]
    changed = import_paths(db, [notes])
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 2)
    assert [r["id"] for r in db["meetings"].rows] == ids
    assert db["meetings"].count == 3
    assert db.execute("select count(*) from meetings where text like '%three councils%'"
                      ).fetchone()[0] == 1


def test_import_reports_bad_notes_and_keeps_going(db_path, notes):
    db = open_db(db_path)
    import_paths(db, [notes])
    stored = db["meetings"].get(1)
    (notes / "board" / "2020-01-15-board.txt").write_text("")  # now unparseable
    (notes / "board" / "2020-04-01-board.txt").write_text("Present: Ann Lee\n")
    report = import_paths(db, [notes])
    assert (report.added, report.unchanged, report.failed) == (1, 2, 1)
    assert report.failures == [(str(notes / "board" / "2020-01-15-board.txt"), "empty file")]
    assert db["meetings"].get(1) == stored  # the failed note's earlier rows are intact


def test_import_records_series_and_hashes(db_path, notes):
    db = open_db(db_path)
    import_paths(db, [notes])
    rows = {r["path"]: r for r in db["meetings"].rows}
    row = rows["notes/board/2020-01-15-board.txt"]
    assert row["series"] == "board"
    assert row["file_hash"] and row["content_hash"] and row["parser_version"]
    assert rows["notes/steering/2020-03-01-steering.html"]["format"] == "html"


def test_record_hash_is_the_hash_of_the_records_as_json(meetings):
    """The hash a database stored before this was written with: the JSON of
    ``dataclasses.asdict``. Were it to change, every stored note would count as changed."""
    import dataclasses
    import hashlib
    import json

    from kb.storage.store import record_hash

    for meeting in meetings:
        data = json.dumps(dataclasses.asdict(meeting), sort_keys=True, ensure_ascii=False)
        assert record_hash(meeting) == hashlib.sha256(data.encode("utf-8")).hexdigest()
    changed = copy.deepcopy(meetings[0])
    changed.statements[0].end += 1
    assert record_hash(changed) != record_hash(meetings[0])
