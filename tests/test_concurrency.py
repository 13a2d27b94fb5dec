"""Nothing lost when an import is killed, and imports beside a running server or each other.

All of these run the real ``kb`` command in subprocesses (tests/kbproc.py): a SIGKILL only
means something to a separate process, and SQLite's locking only shows between processes.
"""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from kb.cli import cli
from kbproc import kb_command, kb_server, run_kb

FIRST = ["Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal", "Ida", "Jon", "Kim", "Lou"]
LAST = ["Lee", "Ray", "Kim", "Roe", "Moss", "Hart", "Webb", "Cole", "Dunn", "Frost"]
CHILD_TABLES = ("attendance", "meeting_names", "meeting_organisations", "commitment_updates",
                "statements", "action_items", "decisions")


def write_notes(folder: Path, count: int, paragraphs: int = 3) -> list[Path]:
    """``count`` distinct board notes; ``paragraphs`` sets how long each takes to parse."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        people = [f"{FIRST[(i + k) % len(FIRST)]} {LAST[(i * 3 + k) % len(LAST)]}"
                  for k in range(4)]
        body = "".join(
            f"{people[p % 4]} said that item {p} of meeting {i} was discussed at length.\n"
            f"ACTION {i}.{p}: {people[(p + 1) % 4]} to follow up item {p} by Friday.\n"
            for p in range(paragraphs))
        path = folder / f"2020-{1 + i // 28:02d}-{1 + i % 28:02d}-board.txt"
        path.write_text(f"Board meeting {i}\nPresent: {', '.join(people)}\n\n{body}"
                        "Agreed: the minutes were approved.\n")
        paths.append(path)
    return paths


def check_db(db_path: Path) -> dict[str, dict[str, int]]:
    """Integrity and orphan checks; returns per-note row counts by table."""
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in CHILD_TABLES:
            assert conn.execute(f'select count(*) from "{table}" where meeting_id not in '
                                "(select id from meetings)").fetchone()[0] == 0, table
        return {table: dict(conn.execute(
            f'select m.path, count(t.id) from meetings m left join "{table}" t '
            "on t.meeting_id = m.id group by m.path")) for table in CHILD_TABLES}
    finally:
        conn.close()


def reference_counts(tmp_path: Path, folder: Path) -> dict[str, dict[str, int]]:
    """Row counts per note from an uninterrupted import of ``folder`` (same key base)."""
    db_path = tmp_path / "reference.db"
    assert run_kb("import", "--db", str(db_path), str(folder)).returncode == 0
    return check_db(db_path)


def restrict(counts: dict[str, dict[str, int]], paths) -> dict[str, dict[str, int]]:
    return {table: {p: n for p, n in rows.items() if p in paths} for table, rows in counts.items()}


# The import below runs the real CLI in a subprocess, but stops in the middle of the third
# note's transaction (its meeting row and first rows written, not committed) so that the kill
# lands there every time, not only by luck.
PAUSING_IMPORT = """
import sys, time
from pathlib import Path
import kb.storage.store
from kb.cli import cli

marker, saved = Path(sys.argv[1]), []
original = kb.storage.store.insert_records

def pausing(db, meeting_id, meeting, *rest):
    original(db, meeting_id, meeting, *rest)
    saved.append(meeting.source)
    if len(saved) == 3:
        marker.write_text(meeting.source)
        time.sleep(600)

kb.storage.store.insert_records = pausing
cli(sys.argv[2:], prog_name="kb")
"""


def test_sigkill_inside_a_note_transaction_loses_only_that_note(tmp_path):
    notes = write_notes(tmp_path / "notes", 6)
    db_path = tmp_path / "meetings.db"
    marker = tmp_path / "in-transaction"
    proc = subprocess.Popen([sys.executable, "-c", PAUSING_IMPORT, str(marker), "import",
                             "--db", str(db_path), str(tmp_path / "notes")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    interrupted = Path(marker.read_text()).relative_to(tmp_path).as_posix()
    keys = [p.relative_to(tmp_path).as_posix() for p in notes]
    assert interrupted == keys[2]
    counts = check_db(db_path)
    assert set(counts["attendance"]) == set(keys[:2])  # earlier notes in, the third absent
    expected = reference_counts(tmp_path, tmp_path / "notes")
    assert counts == restrict(expected, keys[:2])  # ... and complete

    # the next import picks up where the killed one stopped
    result = run_kb("import", "--db", str(db_path), str(tmp_path / "notes"))
    assert result.stdout == "4 added, 0 updated, 2 unchanged, 0 failed\n", result.stderr
    assert check_db(db_path) == expected


def _processes_naming(path: Path) -> list[int]:
    """The live processes whose command line names ``path``."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes()
            state = (proc / "stat").read_text().split()[2]
        except OSError:
            continue
        if str(path).encode() in cmdline and state != "Z":
            found.append(int(proc.name))
    return found


def test_sigkill_at_an_arbitrary_moment_leaves_a_consistent_database(tmp_path):
    notes = write_notes(tmp_path / "notes", 30, paragraphs=60)
    db_path = tmp_path / "meetings.db"
    proc = subprocess.Popen(kb_command("import", "--db", str(db_path), str(tmp_path / "notes")),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while stored < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
        try:
            with sqlite3.connect(db_path, timeout=5) as conn:
                stored = conn.execute("select count(*) from meetings").fetchone()[0]
        except sqlite3.OperationalError:  # the schema is still being created
            pass
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # its parse workers (forked: the same command line) end too, instead of waiting for ever
    deadline = time.monotonic() + 15
    while _processes_naming(db_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_naming(db_path) == []

    counts = check_db(db_path)
    kept = set(counts["attendance"])
    keys = [p.relative_to(tmp_path).as_posix() for p in notes]
    assert 3 <= len(kept) < len(keys)
    assert kept == set(keys[:len(kept)])  # notes go in in order: no gaps
    assert counts == restrict(reference_counts(tmp_path, tmp_path / "notes"), kept)


def test_import_while_serving(tmp_path):
    """The server answers throughout an import and shows the new meetings once committed."""
    write_notes(tmp_path / "notes", 2)
    db_path = tmp_path / "meetings.db"
    assert run_kb("import", "--db", str(db_path), str(tmp_path / "notes")).returncode == 0
    new = write_notes(tmp_path / "more", 12, paragraphs=40)
    sql_url = "/meetings.json?sql=select+path+from+meetings&_shape=arrayfirst"

    with kb_server(db_path, tmp_path / "serve.log") as url:
        answers: list[tuple[float, int | str]] = []
        stop = threading.Event()

        def poll() -> None:
            with httpx.Client(base_url=url, timeout=10) as client:
                while not stop.is_set():
                    for page in (sql_url, "/meetings/meetings", "/meetings/statements.json"):
                        try:
                            answers.append((time.monotonic(), client.get(page).status_code))
                        except httpx.HTTPError as e:
                            answers.append((time.monotonic(), repr(e)))
                    time.sleep(0.01)

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            time.sleep(0.5)
            result = run_kb("import", "--db", str(db_path), str(tmp_path / "more"))
            committed = time.monotonic()
            time.sleep(0.5)
        finally:
            stop.set()
            poller.join()
        assert result.returncode == 0, result.stderr
        paths = set(httpx.get(url + sql_url, timeout=10).json())

    assert {p.relative_to(tmp_path).as_posix() for p in new} <= paths
    assert len(paths) == 14
    assert len(answers) > 30
    assert {status for _, status in answers} == {200}, [a for a in answers if a[1] != 200][:5]
    times = [t for t, _ in answers if t <= committed]
    assert max(b - a for a, b in zip(times, times[1:])) < 5  # never stalled for long


def test_two_imports_at_once_both_finish_without_corruption(tmp_path):
    write_notes(tmp_path / "notes" / "a", 10, paragraphs=20)
    write_notes(tmp_path / "notes" / "b", 10, paragraphs=20)
    db_path = tmp_path / "meetings.db"
    # one imports everything, the other one series: they overlap and race on the same rows
    procs = [subprocess.Popen(kb_command("import", "--db", str(db_path), str(folder)),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for folder in (tmp_path / "notes", tmp_path / "notes" / "a")]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        # each waits for the other's transactions (busy timeout); none may fail or crash
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    counts = check_db(db_path)
    assert counts == reference_counts(tmp_path, tmp_path / "notes")


def test_an_import_that_cannot_get_the_lock_fails_cleanly(runner, tmp_path, monkeypatch):
    import kb.storage.store

    write_notes(tmp_path / "notes", 1)
    db_path = tmp_path / "meetings.db"
    assert runner.invoke(cli, ["import", "--db", str(db_path), str(tmp_path / "notes")]
                         ).exit_code == 0
    write_notes(tmp_path / "notes", 2)
    monkeypatch.setattr(kb.storage.store, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer that does not let go
    try:
        result = runner.invoke(cli, ["import", "--db", str(db_path), str(tmp_path / "notes")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "database is locked" in result.stderr
    check_db(db_path)
    assert sqlite3.connect(db_path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_wal_lets_the_server_read_while_a_write_is_open(tmp_path):
    write_notes(tmp_path / "notes", 2)
    db_path = tmp_path / "meetings.db"
    assert run_kb("import", "--db", str(db_path), str(tmp_path / "notes")).returncode == 0
    with kb_server(db_path, tmp_path / "serve.log") as url:
        writer = sqlite3.connect(db_path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("delete from decisions")
        try:
            statuses = [httpx.get(url + page, timeout=10).status_code
                        for page in ("/meetings/meetings.json", "/meetings/decisions.json",
                                     "/meetings.json?sql=select+count(*)+from+decisions")]
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    assert statuses == [200, 200, 200]
