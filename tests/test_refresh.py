"""kb.knowledge.refresh: after a change, the derived tables redone for what it touches only are the
tables a rebuild from every note makes.

Real CLI imports into real SQLite files; each step changes notes (invented ones), imports,
and compares every derived table with a rebuild of a copy of the same database. Row ids of
the link tables (person_names, action_mentions...) are left out: nothing refers to them.
"""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kb.knowledge import rebuild as knowledge, refresh
from kb.storage import derived
from kb.cli import cli

# the tables whose ids are addresses (pages, links); other derived rows are compared without
KEEP_IDS = {"series", "people", "actions"}
TABLES = [*derived.DERIVED_TABLES, "kb_state"]
REBUILD = knowledge.rebuild


def note(title: str, date: str, present: str, body: str) -> str:
    return f"# {title}\n\nDate: {date}\n\nPresent: {present}\n\n## Notes\n\n{body}\n"


BOARD = note("Alpha board meeting", "10 January 2021",
             "Daniel Quillby (Marrow Trust), Ottilie Fensham (Harrowgate Council), Brannock Vell",
             "Daniel Quillby said that the survey was ready.\n\n"
             "ACTION 1.1: Dan to circulate the survey.\n\n"
             "ACTION 1.2: Fernwood Lab to send the figures.")
PANEL = note("Alpha panel", "10 February 2021", "Dan Quillby, Ottilie Fensham, Brannock",
             "Ottilie said that the hall was booked.\n\nACTION: Brannock to write the minutes.")
FORUM = note("Beta forum", "1 March 2021",
             "Ottilie Fensham (Harrowgate Council), Wenna Trelask (Pellam Institute), "
             "Tamsin Carrow (Quarrow Works)",
             "Wenna Trelask said that the forum would meet again in May.\n\n"
             "ACTION 3: Wenna to draft the terms of reference.")
# in a third series of alpha, "Dan" could be either Dan Quillby (panel) or Daniel Quillby
# (board): until another note says those are one person
REVIEW = note("Alpha review", "10 March 2021", "Dan, Brannock Vell",
              "Dan said that the survey had forty replies.")
# Tam Carrow is Tamsin Carrow of beta's forum, by their shared organisation
CIRCLE = note("Gamma circle", "5 April 2021", "Ysolde Marrack-Lowe, Tam Carrow (Quarrow Works)",
              "Ysolde Marrack-Lowe said that the garden plan was agreed.\n\n"
              "ACTION 7: The secretariat to price the fencing.\n\n"
              "ACTION 8: Tam Carrow to send the grant form.\n\n"
              "ACTION 9: Ysolde Marrack-Lowe to water the beds.")

def derived(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    out = {}
    for table in TABLES:
        cols = [c[1] for c in conn.execute(f'pragma table_info("{table}")')
                if c[1] != "id" or table in KEEP_IDS]
        names = ", ".join(f'"{c}"' for c in cols)
        rows = conn.execute(f'select {names} from "{table}"').fetchall()
        if table == "kb_state":  # what the rebuild writes, not the notes' counter
            rows = [r for r in rows if r[0] in ("knowledge", "organisations")]
        out[table] = sorted(rows, key=repr)
    conn.close()
    return out


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    for folder, name, text in (("alpha", "2021-01-10-board.md", BOARD),
                               ("alpha", "2021-02-10-panel.md", PANEL),
                               ("alpha", "2021-03-10-review.md", REVIEW),
                               ("beta", "2021-03-01-forum.md", FORUM),
                               ("gamma", "2021-04-05-circle.md", CIRCLE)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_text(text)
    return root


@pytest.fixture
def rebuilds(monkeypatch) -> list[int]:
    """Counts the imports that fell back to rebuilding everything."""
    calls: list[int] = []
    real = knowledge.rebuild

    def counted(db):
        calls.append(1)
        return real(db)

    monkeypatch.setattr(knowledge, "rebuild", counted)
    return calls


def import_and_compare(runner, archive: Path, db: Path, monkeypatch, *options: str
                       ) -> dict[str, list]:
    """Import ``archive`` into ``db``, and into a copy of ``db`` as it was with the derived
    tables rebuilt from all notes instead: the tables must be the same."""
    copy = db.with_name("copy.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    if db.exists():
        source = sqlite3.connect(db)
        source.execute(f"vacuum into '{copy}'")
        source.close()
    result = runner.invoke(cli, ["import", "--db", str(db), *options, str(archive)])
    assert result.exit_code == 0, result.output
    with monkeypatch.context() as m:
        def whole(db, changes):
            raise refresh.Whole("asked for")

        m.setattr(refresh, "update", whole)
        m.setattr(knowledge, "rebuild", REBUILD)  # not counted: the comparison's own
        again = runner.invoke(cli, ["import", "--db", str(copy), *options, str(archive)])
    assert again.exit_code == 0 and again.stdout == result.stdout, again.output
    now, whole_tables = derived(db), derived(copy)
    differences = [f"{table}: {sorted(set(now[table]) - set(whole_tables[table]), key=repr)}"
                   f" / {sorted(set(whole_tables[table]) - set(now[table]), key=repr)}"
                   for table in TABLES if now[table] != whole_tables[table]]
    assert not differences, "\n".join(differences)  # updated / rebuilt
    assert now == whole_tables
    return now


def test_each_change_redoes_only_what_it_touches_and_matches_a_rebuild(runner, archive,
                                                                       tmp_path, rebuilds,
                                                                       monkeypatch):
    db = tmp_path / "kb.db"
    first = import_and_compare(runner, archive, db, monkeypatch)
    assert len(rebuilds) == 1  # a new database: everything
    names = {row[1] for row in first["people"]}
    assert {"Daniel Quillby", "Ottilie Fensham", "Brannock Vell"} <= names

    # a changed note: a new action, and a status
    board = archive / "alpha" / "2021-01-10-board.md"
    board.write_text(BOARD.replace("ACTION 1.2", "ACTION 1.3: Brannock to order the chairs."
                                   "\n\nACTION 1.2"))
    after = import_and_compare(runner, archive, db, monkeypatch)
    assert len(rebuilds) == 1
    assert len(after["actions"]) == len(first["actions"]) + 1

    # a note elsewhere writes Dan Quillby of the Marrow Trust: the panel's Dan Quillby and
    # the board's Daniel Quillby become one person, so alpha's names are decided again
    (archive / "beta" / "2021-05-01-forum.md").write_text(note(
        "Beta forum", "1 May 2021", "Dan Quillby (Marrow Trust), Wenna Trelask",
        "Dan Quillby said that the survey had gone out.\n\n"
        "ACTION 4: Wenna to chase the replies."))
    merged = import_and_compare(runner, archive, db, monkeypatch)
    assert len(rebuilds) == 1
    assert "Dan" in {row[1] for row in after["people"]}  # unresolved: two people fit
    assert "Dan" not in {row[1] for row in merged["people"]}

    # a new folder names an organisation, so gamma's owner "The secretariat" is that
    # organisation now, not a group of gamma's
    (archive / "delta").mkdir()
    (archive / "delta" / "2021-06-01-club.md").write_text(note(
        "Delta club", "1 June 2021", "Jory Pask (Quarrow), Ulla Brenn (Secretariat Ltd)",
        "Jory Pask said that the fencing was in stock."))
    owners = {row[4]: row[3] for row in merged["action_owners"]}
    assert owners["Secretariat"] == "group" and "Ysolde Marrack-Lowe" in owners
    now = import_and_compare(runner, archive, db, monkeypatch)
    assert len(rebuilds) == 1
    owners = {row[4]: row[3] for row in now["action_owners"]}
    assert owners["Secretariat Ltd"] == "organisation" and "Secretariat" not in owners

    # another writes Ysolde Marrack-Lowe more fully: gamma's action 9 shows her by that name
    (archive / "delta" / "2021-07-01-club.md").write_text(note(
        "Delta club", "1 July 2021", "Jory Pask, Ysolde Marrack Lowe",
        "Ysolde Marrack Lowe said that the gate was mended."))
    now = import_and_compare(runner, archive, db, monkeypatch)
    assert len(rebuilds) == 1
    assert {row[4]: row[3] for row in now["action_owners"]}["Ysolde Marrack Lowe"] == "person"

    # beta's Tamsin Carrow moves to the Pellam Institute: gamma's Tam Carrow is someone else
    # now, and so is the owner of gamma's action 8
    forum = archive / "beta" / "2021-03-01-forum.md"
    forum.write_text(FORUM.replace("Tamsin Carrow (Quarrow Works)", "Tamsin Carrow (Pellam Institute)"))
    before = {row[1]: row[0] for row in now["people"]}
    assert "Tam Carrow" not in before
    now = import_and_compare(runner, archive, db, monkeypatch)
    assert len(rebuilds) == 1
    after_split = {row[1]: row[0] for row in now["people"]}
    assert after_split["Tamsin Carrow"] == before["Tamsin Carrow"]
    assert after_split["Tam Carrow"] != before["Tamsin Carrow"]
    assert {row[4]: row[5] for row in now["action_owners"]}["Tam Carrow"] == \
        after_split["Tam Carrow"]

    # a note gone (--prune): Wenna Trelask's only forum of March, and its action
    forum.unlink()
    import_and_compare(runner, archive, db, monkeypatch, "--prune")
    assert len(rebuilds) == 1


def test_a_change_after_a_correction_rebuilds_everything(runner, archive, tmp_path, rebuilds,
                                                        monkeypatch):
    db = tmp_path / "kb.db"
    import_and_compare(runner, archive, db, monkeypatch)
    result = runner.invoke(cli, ["alias", "--db", str(db), "Brannock", "Brannock Vell"])
    assert result.exit_code == 0, result.output
    calls = len(rebuilds)
    board = archive / "alpha" / "2021-01-10-board.md"
    board.write_text(BOARD + "\nACTION 1.4: Ottilie to thank the hosts.\n")
    import_and_compare(runner, archive, db, monkeypatch)
    assert len(rebuilds) == calls + 1
