"""kb.storage.search_queue: rows are indexed in bulk, and none is lost or indexed twice."""
from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from ingest import Statement
from kb.cli import cli
from kb.importer import import_paths
from kb.storage.schema import FTS_CONFIG
from kb.storage.store import flush_search_queue, open_db, save_meeting


def matches(path: Path, table: str, words: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(
            f"select rowid from {table}_fts where {table}_fts match ? order by rowid", [words])]
    finally:
        conn.close()


def check_indexes(path: Path) -> None:
    """FTS5's own check that each index holds exactly its table's rows."""
    conn = sqlite3.connect(path)
    try:
        for table in FTS_CONFIG:
            conn.execute(f"insert into {table}_fts ({table}_fts, rank) values ('integrity-check', 1)")
        assert conn.execute("select count(*) from kb_search_queue").fetchone()[0] == 0
    finally:
        conn.close()


def test_an_import_indexes_every_note_in_bulk(db_path, notes, monkeypatch):
    monkeypatch.setattr("kb.importer.FLUSH_EVERY", 2)  # three notes: one flush midway, one at the end
    flushes = []
    real = flush_search_queue
    monkeypatch.setattr("kb.importer.flush_search_queue", lambda db: flushes.append(real(db)))
    db = open_db(db_path)
    assert import_paths(db, [notes]).summary() == "3 added, 0 updated, 0 unchanged, 0 failed"
    assert len(flushes) == 2 and all(n > 0 for n in flushes)
    stored = db.execute("select count(*) from statements").fetchone()[0]
    assert db.execute("select count(*) from statements_fts_docsize").fetchone()[0] == stored
    check_indexes(db_path)


def test_rows_a_killed_import_left_waiting_are_indexed_on_open(db_path, meetings):
    db = open_db(db_path)
    for meeting in meetings:
        save_meeting(db, meeting, index=False)  # stored, then the process dies before the flush
    db.close()
    assert matches(db_path, "meetings", "board") == []
    open_db(db_path).close()
    assert matches(db_path, "meetings", "board") == [1, 2]
    check_indexes(db_path)


def test_a_row_changed_or_deleted_before_it_was_indexed_leaves_the_index_whole(db_path, meetings):
    db = open_db(db_path)
    first = meetings[0]
    save_meeting(db, first)  # indexed
    changed = copy.deepcopy(first)
    changed.text += "Bea Kurz said that the zoetrope budget is agreed.\n"
    changed.statements.append(Statement("Bea Kurz", "the zoetrope budget is agreed",
                                        start=len(changed.text) - 30, end=len(changed.text) - 2))
    assert save_meeting(db, changed, index=False) == "updated"  # old rows out, new ones queued
    assert save_meeting(db, first, index=False) == "updated"  # the queued ones deleted unindexed
    flush_search_queue(db)
    assert matches(db_path, "statements", "zoetrope") == []
    assert save_meeting(db, changed) == "updated"
    assert len(matches(db_path, "statements", "zoetrope")) == 1
    check_indexes(db_path)


def test_a_database_with_the_old_triggers_gets_the_queue_and_keeps_its_index(db_path, meetings):
    db = open_db(db_path)
    save_meeting(db, meetings[0])
    for table, columns in FTS_CONFIG.items():  # as kb before the queue made them
        for suffix in ("ai", "ad", "au"):
            db.execute(f'drop trigger "{table}_{suffix}"')
        db.execute(f"drop table {table}_fts")
        db[table].enable_fts(columns, create_triggers=True, tokenize="porter")
    db.execute("drop table kb_search_queue")
    db.conn.commit()
    db.close()
    db = open_db(db_path)
    trigger = db.execute("select sql from sqlite_master where name = 'statements_ai'").fetchone()[0]
    assert "kb_search_queue" in trigger
    save_meeting(db, meetings[1])
    assert matches(db_path, "meetings", "board") == [1, 2]
    check_indexes(db_path)


def test_kb_import_leaves_nothing_waiting_and_search_finds_it(db_path, notes):
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "--db", str(db_path), "--jobs", "1", str(notes)])
    assert result.exit_code == 0, result.output
    check_indexes(db_path)
    conn = sqlite3.connect(db_path)
    word = conn.execute("select text from statements order by id limit 1").fetchone()[0].split()[-1]
    conn.close()
    assert matches(db_path, "statements", '"' + word.strip('.,;:"') + '"')


def test_rows_are_queued_without_a_key_and_a_row_changed_twice_is_indexed_once(db_path, meetings):
    db = open_db(db_path)
    # no index on the queue: queueing appends, rather than writing into the middle of a B-tree
    assert db.execute("select count(*) from sqlite_master where type = 'index' "
                      "and tbl_name = 'kb_search_queue'").fetchone()[0] == 0
    save_meeting(db, meetings[0], index=False)
    statement = db.execute("select id from statements order by id limit 1").fetchone()[0]
    for text in ("the quokka census is late", "the quokka census is done"):
        db.execute("update statements set text = ? where id = ?", [text, statement])
    queued = db.execute("select count(*) from kb_search_queue where tbl = 'statements' "
                        "and id = ?", [statement]).fetchone()[0]
    assert queued == 3  # inserted, then changed twice
    flush_search_queue(db)
    assert matches(db_path, "statements", "quokka") == [statement]
    assert matches(db_path, "statements", "late") == []
    check_indexes(db_path)


def test_an_earlier_keyed_queue_is_replaced_and_its_waiting_rows_are_indexed(db_path, meetings):
    db = open_db(db_path)
    save_meeting(db, meetings[0], index=False)  # its rows wait in the queue
    waiting = db.execute("select tbl, id from kb_search_queue order by tbl, id").fetchall()
    db.execute("drop table kb_search_queue")  # the queue as an earlier kb kept it
    db.execute("create table kb_search_queue (tbl text not null, id integer not null, "
               "primary key (tbl, id))")
    db.execute("insert into kb_search_queue values " + ", ".join("(?, ?)" for _ in waiting),
               [v for row in waiting for v in row])
    db.execute("delete from kb_state where key = 'shape'")  # as a database of that kb
    db.conn.commit()
    db.close()
    db = open_db(db_path)
    assert db.execute("select count(*) from sqlite_master where type = 'index' "
                      "and tbl_name = 'kb_search_queue'").fetchone()[0] == 0
    assert matches(db_path, "meetings", "board") == [1]
    check_indexes(db_path)
