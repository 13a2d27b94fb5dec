"""Stable addresses: importing an unrelated note, then pruning one, leaves every earlier
person, organisation, commitment, meeting and item address showing what it showed; a pruned
note's ids are never given to another; an id of two people found to be one redirects.

Through the real CLI (import, --prune) and Datasette's test client over the database file.
"""
from __future__ import annotations

import asyncio
import re
import shutil
import sqlite3
from pathlib import Path

from kb.cli import cli
from kb.site.serve import build_datasette

from conftest import FIXTURE_NOTES

# invented: a meeting of another body, dated before all the others, whose people's names sort
# before everyone else's (the order persons used to be numbered in)
UNRELATED = """Aardvark Trust trustees, 3 March 2019

Present: Aaron Abbott (Aardvark Trust), Abe Adams (Abacus Partners)

Aaron Abbott said that the grants round would open in April.
Open grants: Abe Adams reported that the new criteria are drafted.
ACTION: Abe Adams to publish the criteria.
"""

PAGES = {"person": "people", "organisation": "organisations", "commitment": "commitments",
         "meeting": "meetings"}


ITEM_TABLES = ("statements", "action_items", "decisions", "commitment_updates")


def item_pages(conn: sqlite3.Connection, meeting_id: int) -> set[str]:
    """The row pages of a meeting's items."""
    return {f"/meetings/{table}/{row_id}" for table in ITEM_TABLES
            for (row_id,) in conn.execute(f"select id from {table} where meeting_id = ?",
                                          [meeting_id])}


def import_notes(runner, db: Path, notes: Path, *extra: str) -> None:
    result = runner.invoke(cli, ["import", "--db", str(db), *extra, str(notes)])
    assert result.exit_code == 0, result.output


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def shown(ds, path: str) -> tuple | None:
    """What a page shows, in short: its heading, and on a meeting page every marked item
    (anchor and text). None for a 404."""
    response = get(ds, path)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, (path, response.status_code)
    heading = re.search(r"<h1>(.*?)</h1>", response.text, re.S).group(1)
    marks = re.findall(r'<mark [^>]*id="([a-z]-\d+)"[^>]*>(.*?)</mark>', response.text, re.S)
    return heading, tuple(marks)


def addresses(db: Path) -> dict[str, tuple | None]:
    """Every page of a person, organisation, commitment and meeting, and every item's row
    page, with what it shows."""
    ds = build_datasette(db)
    found: dict[str, tuple | None] = {}
    with sqlite3.connect(db) as conn:
        for page, table in PAGES.items():
            for (row_id,) in conn.execute(f"select id from {table}"):
                found[f"/-/{page}/{row_id}"] = shown(ds, f"/-/{page}/{row_id}")
        for table in ITEM_TABLES:
            for row_id, text in conn.execute(f"select id, text from {table}"):
                found[f"/meetings/{table}/{row_id}"] = (text,)
    return found


def still_shown(db: Path, before: dict[str, tuple | None]) -> dict[str, tuple]:
    """The earlier addresses that now show something else (a gone item shows None)."""
    ds = build_datasette(db)
    changed = {}
    for path, what in before.items():
        if path.startswith("/meetings/"):
            response = get(ds, f"{path}.json?_shape=array")
            now = (response.json()[0]["text"],) if response.status_code == 200 else None
        else:
            now = shown(ds, path)
        if now != what:
            changed[path] = (what, now)
    return changed


def test_addresses_survive_an_unrelated_import_and_a_prune(runner, tmp_path):
    notes = Path(shutil.copytree(FIXTURE_NOTES, tmp_path / "notes"))
    db = tmp_path / "meetings.db"
    import_notes(runner, db, notes)
    before = addresses(db)
    assert sum(p.startswith("/-/person/") for p in before) >= 3
    assert all(before.values())

    (notes / "aardvark").mkdir()
    (notes / "aardvark" / "2019-03-03-trustees.txt").write_text(UNRELATED, encoding="utf-8")
    import_notes(runner, db, notes)
    assert still_shown(db, before) == {}
    with sqlite3.connect(db) as conn:
        aaron = conn.execute("select id from people where name = 'Aaron Abbott'").fetchone()[0]
    assert aaron > max(int(p.rsplit("/", 1)[1]) for p in before if p.startswith("/-/person/"))

    pruned_file = notes / "board" / "2020-02-12-board.md"
    with sqlite3.connect(db) as conn:
        (pruned_id,) = conn.execute("select id from meetings where path like ?",
                                    ["%2020-02-12-board.md"]).fetchone()
        pruned_items = item_pages(conn, pruned_id)
    pruned_file.unlink()
    import_notes(runner, db, notes, "--prune")
    changed = still_shown(db, before)
    # what changed is what the pruned note alone held: its page and its items are gone (404),
    # and its rows shown on other pages nowhere
    assert f"/-/meeting/{pruned_id}" in changed
    assert all(now is None for _, now in changed.values()), changed
    assert set(changed) - {f"/-/meeting/{pruned_id}"} - pruned_items <= {
        p for p in changed if p.startswith(("/-/person/", "/-/organisation/", "/-/commitment/"))}

    # a new note never gets the pruned note's id, nor its items theirs
    (notes / "board" / "2020-04-01-board.txt").write_text(
        UNRELATED.replace("3 March 2019", "1 April 2020"), encoding="utf-8")
    import_notes(runner, db, notes)
    with sqlite3.connect(db) as conn:
        newest = conn.execute("select id from meetings where path like ?",
                              ["%2020-04-01-board.txt"]).fetchone()[0]
        new_items = item_pages(conn, newest)
    assert newest > pruned_id and new_items and not new_items & pruned_items
    # and the pruned note, put back, has its old address again
    pruned_file.write_text((FIXTURE_NOTES / "board" / "2020-02-12-board.md").read_text())
    import_notes(runner, db, notes)
    again = shown(build_datasette(db), f"/-/meeting/{pruned_id}")
    assert again is not None and again[0] == before[f"/-/meeting/{pruned_id}"][0]


def spelling(source: str, date: str, name: str, org: str):
    from ingest import Attendee, Meeting

    text = f"Present: {name} ({org})\n"
    m = Meeting(source=source, text=text, title="Board", date=date)
    m.attendees = [Attendee(name, org, start=9, end=9 + len(name))]
    return m


def test_an_id_of_two_people_found_to_be_one_redirects(tmp_path):
    from kb.knowledge.rebuild import ensure_fresh
    from kb.storage.store import open_db, save_meeting

    db = open_db(tmp_path / "meetings.db")
    board = tmp_path / "board"
    # two spellings with nothing in common yet: two people
    save_meeting(db, spelling(str(board / "a.txt"), "2020-01-01", "Dan Appelquist", "W3C"))
    save_meeting(db, spelling(str(board / "b.txt"), "2020-02-01", "Daniel Appelquist", "Mozilla"))
    ensure_fresh(db)
    ids = dict(db.execute("select name, id from people").fetchall())
    dan, daniel = ids["Dan Appelquist"], ids["Daniel Appelquist"]
    # a third note gives Daniel Dan's organisation: they are one person, who keeps the older id
    save_meeting(db, spelling(str(board / "c.txt"), "2020-03-01", "Daniel Appelquist", "W3C"))
    ensure_fresh(db)
    assert db.execute("select id, name from people").fetchall() == [(dan, "Daniel Appelquist")]
    db.close()
    ds = build_datasette(tmp_path / "meetings.db")
    response = get(ds, f"/-/person/{daniel}")
    assert response.status_code == 301
    assert response.headers["location"] == f"/-/person/{dan}"
    assert shown(ds, f"/-/person/{dan}")[0] == "Daniel Appelquist"
