"""A database made before issue 13 renamed the identity tables (``people`` -> ``names``,
``meeting_people`` -> ``meeting_names``, ``persons`` -> ``people``) is brought to the new
names when kb opens it, keeping its rows and its ids.

The old database is tests/fixtures/old_shape_kb.sql: the dump of one that kb made, before
the rename, from two invented notes (Orla Quennell and Bram Oyelaran at two board meetings).
In it names and real people are numbered differently (Orla is name 1 and person 2), so a
mix-up of the two tables shows."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest import Attendee, Meeting
from kb.knowledge.rebuild import ensure_fresh, rebuild
from kb.storage.ids import stable_id
from kb.storage.store import open_db, save_meeting
from cli12 import kb, kb_json

OLD_DB = Path(__file__).parent / "fixtures" / "old_shape_kb.sql"


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "kb.db"
    conn = sqlite3.connect(path)
    conn.executescript(OLD_DB.read_text(encoding="utf-8"))
    conn.close()
    return path


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    finally:
        conn.close()


def test_the_fixture_is_in_the_old_shape(old_db):
    assert {"people", "meeting_people", "persons"} <= tables(old_db)
    assert not {"names", "meeting_names"} & tables(old_db)


def test_opening_renames_the_tables_and_keeps_every_row(old_db):
    conn = sqlite3.connect(old_db)
    names = conn.execute("select id, name from people order by id").fetchall()
    meeting_names = conn.execute("select * from meeting_people order by id").fetchall()
    persons = conn.execute("select id, name from persons order by id").fetchall()
    conn.close()
    assert names == [(1, "Orla Quennell"), (2, "Bram Oyelaran")]
    assert persons == [(1, "Bram Oyelaran"), (2, "Orla Quennell")]

    db = open_db(old_db)
    assert not {"meeting_people", "persons"} & set(db.table_names())
    assert db.execute("select id, name from names order by id").fetchall() == names
    assert db.execute("select * from meeting_names order by id").fetchall() == meeting_names
    # the derived real people came along too, before any rebuild
    assert db.execute("select id, name from people order by id").fetchall() == persons
    # the foreign keys followed the rename: person_names points at names and people
    targets = {(r[3], r[2]) for r in db.execute("PRAGMA foreign_key_list(person_names)")}
    assert {("people_id", "names"), ("person_id", "people")} <= targets
    assert {r[2] for r in db.execute("PRAGMA foreign_key_list(attendance)")} >= {"names"}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # the view over names was made again
    assert {r["person"] for r in db.query("select person from person_attendance")} == {
        "Orla Quennell", "Bram Oyelaran"}
    db.close()


def test_after_the_rebuild_the_real_people_keep_their_ids(old_db):
    db = open_db(old_db)
    rebuild(db)
    assert db.execute("select id, name from people order by id").fetchall() == [
        (1, "Bram Oyelaran"), (2, "Orla Quennell")]
    # each name as written still leads to its person
    assert db.execute("""select n.name, p.name from person_names pn
                         join names n on n.id = pn.people_id join people p on p.id = pn.person_id
                         where pn.meeting_id = 1 order by n.id""").fetchall() == [
        ("Orla Quennell", "Orla Quennell"), ("Bram Oyelaran", "Bram Oyelaran")]
    db.close()


def test_ids_register_follows_the_rename(old_db):
    """kb_ids keys names by table: a name keeps its id, a new one never takes an old one's."""
    db = open_db(old_db)
    assert stable_id(db, "names", "Bram Oyelaran") == 2
    m = Meeting(source=str(old_db.parent / "notes" / "riverside-board" / "2021-05-06-board.md"),
                text="Present: Bram Oyelaran, Tamsin Achebe", date="2021-05-06")
    m.attendees = [Attendee("Bram Oyelaran", start=9, end=22), Attendee("Tamsin Achebe", start=24, end=37)]
    assert save_meeting(db, m) == "added"
    assert dict(db.execute("select name, id from names").fetchall()) == {
        "Orla Quennell": 1, "Bram Oyelaran": 2, "Tamsin Achebe": 3}
    ids = [r[0] for r in db.execute("select id from meeting_names")]
    assert len(ids) == len(set(ids))
    assert ensure_fresh(db)
    assert "Tamsin Achebe" in {r[0] for r in db.execute("select name from people")}
    db.close()


def test_opening_twice_changes_nothing_more(old_db):
    open_db(old_db).close()
    conn = sqlite3.connect(old_db)
    before = conn.execute("select type, name, sql from sqlite_master order by name").fetchall()
    conn.close()
    open_db(old_db).close()
    conn = sqlite3.connect(old_db)
    assert conn.execute("select type, name, sql from sqlite_master order by name").fetchall() == before
    conn.close()


def test_kb_people_finds_a_person_in_an_old_database(old_db):
    """The real CLI on the old file: `kb people NAME` migrates, rebuilds and answers."""
    runner = CliRunner()
    out = kb(runner, "people", "--db", old_db, "Orla").stdout
    assert out.startswith("Orla Quennell; attended 2: 2021-03-04 .. 2021-04-01; Tessellate Trust")
    assert {p["name"] for p in kb_json(runner, "people", "--db", old_db)} == {
        "Orla Quennell", "Bram Oyelaran"}
    (bram,) = kb_json(runner, "people", "--db", old_db, "Bram")
    assert bram["id"] == 1 and bram["organisations"] == ["Harbour Council"]
    assert {"names", "meeting_names", "people"} <= tables(old_db)
    assert not {"meeting_people", "persons"} & tables(old_db)


def _indexes(conn) -> set[str]:
    return {n for (n,) in conn.execute("select name from sqlite_master where type = 'index' "
                                       "and tbl_name in ('statements', 'attendance', 'action_items')")}


def _plan(conn, sql: str) -> str:
    return " ".join(row[-1] for row in conn.execute("explain query plan " + sql, [1]))


def test_an_index_another_one_begins_with_is_dropped_and_lookups_keep_an_index(old_db):
    # each note's transaction wrote (meeting_id) beside (meeting_id, person_id) three times over
    conn = sqlite3.connect(old_db)
    assert "idx_statements_meeting_id" in _indexes(conn)
    conn.close()
    db = open_db(old_db)
    found = _indexes(db.conn)
    assert not {"idx_statements_meeting_id", "idx_attendance_meeting_id",
                "idx_action_items_meeting_id"} & found
    assert {"idx_statements_meeting_id_person_id", "idx_statements_person_id"} <= found
    # deleting a changed meeting's rows still finds them by an index, not a scan
    for table in ("statements", "attendance", "action_items"):
        plan = _plan(db.conn, f"select id from {table} where meeting_id = ?")
        assert f"USING COVERING INDEX idx_{table}_meeting_id_person_id" in plan or \
            f"USING INDEX idx_{table}_meeting_id_person_id" in plan, plan
    assert _indexes(open_db(":memory:").conn) == found
