"""The kb command line, through click's CliRunner."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlite_utils import Database

from kb import bundled

from kb.site import serve as site
from kb.cli import cli
from kb.importer import iter_note_files

from conftest import REPO_ROOT

CONTRACT_KEYS = {"source", "title", "date", "attendees", "people", "organisations",
                 "commitments", "statements", "action_items", "decisions", "next_meeting"}


@pytest.mark.parametrize("command", [[], *([name] for name in cli.commands)])
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [*command, "--help"], prog_name="kb")
    assert result.exit_code == 0, result.output
    assert "Usage: kb" in result.stdout


def test_parse_json_one_line_per_file_in_order(runner, notes, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    unsupported = tmp_path / "note.xyz"
    unsupported.write_text("Present: Ann Lee")
    files = [str(notes / "board" / "2020-02-12-board.md"), str(empty),
             str(notes / "steering" / "2020-03-01-steering.html"), str(unsupported)]
    result = runner.invoke(cli, ["parse", "--json", *files])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"] for line in lines] == files
    good, bad_empty, good2, bad_suffix = lines
    assert CONTRACT_KEYS <= set(good) and CONTRACT_KEYS <= set(good2)
    assert "error" not in good
    assert good["date"] == "2020-02-12"  # from the front matter
    assert bad_empty == {"source": str(empty), "error": "empty file"}
    assert set(bad_suffix) == {"source", "error"} and ".xyz" in bad_suffix["error"]


def test_parse_json_exits_0_when_all_parse_and_writes_no_database(runner, notes, tmp_path,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["parse", "--json", str(notes / "board" / "2020-01-15-board.txt")])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert not list(tmp_path.glob("*.db"))


def test_parse_without_json_prints_a_summary(runner, notes, tmp_path):
    missing = tmp_path / "missing.txt"
    result = runner.invoke(cli, ["parse", str(notes / "board" / "2020-02-12-board.md"),
                                 str(missing)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{notes / 'board' / '2020-02-12-board.md'}: ")
    assert "(2020-02-12)" in result.stdout and "action items" in result.stdout
    assert result.stderr.startswith(f"{missing}: cannot read")
    assert "Traceback" not in result.output


def test_import_prints_summary_and_is_idempotent(runner, notes, db_path):
    result = runner.invoke(cli, ["import", "--db", str(db_path), str(notes)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "3 added, 0 updated, 0 unchanged, 0 failed\n"
    counts = {t: Database(db_path)[t].count for t in ("meetings", "names", "action_items")}

    result = runner.invoke(cli, ["import", "--db", str(db_path), str(notes)])
    assert result.stdout == "0 added, 0 updated, 3 unchanged, 0 failed\n"
    assert {t: Database(db_path)[t].count for t in counts} == counts


def test_import_db_from_environment(runner, notes, tmp_path):
    db_path = tmp_path / "from-env.db"
    result = runner.invoke(cli, ["import", str(notes / "board")], env={"KB_DB": str(db_path)})
    assert result.exit_code == 0
    assert result.stdout.startswith("2 added")
    assert Database(db_path)["meetings"].count == 2


def test_import_failure_is_one_line_on_stderr_and_exit_1(runner, notes, db_path):
    bad = notes / "board" / "2020-05-01-board.txt"
    bad.write_text("   \n")
    result = runner.invoke(cli, ["import", "--db", str(db_path), str(notes)])
    assert result.exit_code == 1
    assert result.stdout == "3 added, 0 updated, 0 unchanged, 1 failed\n"
    assert result.stderr == f"{bad}: empty file\n"


def test_import_changed_note_is_updated(runner, notes, db_path):
    runner.invoke(cli, ["import", "--db", str(db_path), str(notes)])
    note = notes / "board" / "2020-01-15-board.txt"
    note.write_text(note.read_text() + "\nThe board agreed to meet monthly.\n")
    result = runner.invoke(cli, ["import", "--db", str(db_path), str(notes)])
    assert result.stdout == "0 added, 1 updated, 2 unchanged, 0 failed\n"
    assert Database(db_path)["meetings"].count == 3


@pytest.mark.parametrize("args, message", [
    (["import", "does-not-exist"], "does not exist"),
    (["parse"], "Missing argument"),
    (["serve", "--port", "99999"], "99999"),
])
def test_bad_usage_is_reported_without_traceback(runner, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_import_into_a_file_that_is_not_a_database(runner, notes, tmp_path):
    not_db = tmp_path / "notes.db"
    not_db.write_text("this is not SQLite " * 100)
    result = runner.invoke(cli, ["import", "--db", str(not_db), str(notes)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot open database {not_db}")
    assert "Traceback" not in result.output


def test_serve_help_lists_its_options(runner):
    result = runner.invoke(cli, ["serve", "--help"])
    for text in ("--db", "KB_DB", "meetings.db", "--host", "127.0.0.1", "--port", "8001"):
        assert text in result.stdout


def test_bundled_files_are_found_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert bundled.metadata_path().read_text() == (REPO_ROOT / "metadata.yml").read_text()
    assert bundled.notes_dir() == REPO_ROOT / "notes"
    assert site.load_metadata()["title"]


def test_serve_imports_sample_notes_then_serves_with_metadata(runner, notes, tmp_path,
                                                              monkeypatch):
    """`kb serve` from an unrelated folder: creates the db, finds metadata, serves."""
    served = {}
    monkeypatch.setattr(site.uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    # the fixture notes stand in for the bundled ones (same code path, quicker to parse)
    monkeypatch.setattr("kb.bundled.notes_dir", lambda: notes)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    monkeypatch.chdir(workdir)

    result = runner.invoke(cli, ["serve", "--db", "minutes.db", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "3 added" in result.stderr
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    assert Database(workdir / "minutes.db")["meetings"].count == 3

    async def get(path):
        transport = httpx.ASGITransport(app=served["app"])
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as c:
            return await c.get(path)

    metadata = asyncio.run(get("/-/metadata.json")).json()
    assert metadata["title"] == site.load_metadata()["title"]
    # the metadata's database section follows the database's name
    assert "who_said_what" in metadata["databases"]["minutes"]["queries"]
    response = asyncio.run(get("/minutes/meetings.json?_search=kingfisher&_shape=array"))
    assert [row["series"] for row in response.json()] == ["steering"]


def test_serve_skips_import_when_database_exists(runner, db_path, monkeypatch):
    monkeypatch.setattr(site.uvicorn, "run", lambda app, **kw: None)
    Database(db_path).execute("vacuum")
    result = runner.invoke(cli, ["serve", "--db", str(db_path)])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_bundled_sample_notes_are_all_note_files():
    files = iter_note_files([bundled.notes_dir()])
    assert len(files) >= 10
    assert all(f.suffix in {".txt", ".md", ".html"} for f in files)
    assert not [f for f in files if f.stem.upper() in {"README", "SOURCES"}]


def test_built_package_ships_metadata_and_notes(tmp_path):
    """A regular (non-editable) build puts metadata.yml and notes/ inside kb/_bundled/,
    and kb finds them there from any directory."""
    build = tmp_path / "build"
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build)],
                   cwd=REPO_ROOT, check=True, capture_output=True)
    assert (build / "kb" / "_bundled" / "metadata.yml").is_file()
    assert (build / "kb" / "knowledge" / "search.sql").is_file()  # the one search, as package data
    assert (build / "kb" / "site" / "templates" / "kb_home.html").is_file()
    assert (build / "ingest" / "data" / "layouts.json").is_file()
    assert (build / "ingest" / "rules" / "walker.py").is_file()
    assert list((build / "kb" / "_bundled" / "notes").rglob("*.md"))
    found = subprocess.run(
        [sys.executable, "-c", "from kb import bundled; print(bundled.metadata_path()); "
         "print(bundled.notes_dir())"],
        cwd=tmp_path, env={"PYTHONPATH": str(build)}, check=True, capture_output=True, text=True)
    assert found.stdout.splitlines() == [str(build / "kb" / "_bundled" / "metadata.yml"),
                                         str(build / "kb" / "_bundled" / "notes")]


def test_reimport_of_unchanged_notes_loads_neither_readers_nor_rebuild(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Board\n\nPresent: Ann Lee, Bob Ray\n\n* Bob to send the notes\n")
    (notes / "b.html").write_text("<h1>Board</h1><p>Present: Cy Dee</p>")
    db = tmp_path / "kb.db"
    command = [sys.executable, "-X", "importtime", "-c", "from kb.cli import cli; cli()",
               "import", "--jobs", "1", "--db", str(db), str(notes)]

    def imported() -> tuple[str, set[str]]:
        done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout, {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
                             if line.startswith("import time:")}

    out, first = imported()
    assert "2 added" in out
    assert {"markdown_it", "lxml", "kb.knowledge.rebuild"} <= first  # the listing works
    out, again = imported()
    assert "2 unchanged" in out
    # nothing to read or derive: the readers (markdown-it-py, lxml, docutils) and the
    # rebuild's modules are a fifth of such a run's time
    assert not {m for m in again
                if m.split(".")[0] in {"lxml", "markdown_it", "docutils", "spacy"}}
    assert not {m for m in again if m.startswith(("kb.knowledge.rebuild", "kb.knowledge.ledger",
                                                  "ingest.nlp.pipeline"))}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads counted in /proc (Linux)")
def test_kb_starts_no_blas_threads_unless_the_user_asks(tmp_path):
    # numpy comes in with sqlite-utils and spaCy; each of its BLAS threads spins at start
    count = ("import os, sys; from kb import cli, importer; import numpy; "
             "print(len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'])")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", count], capture_output=True, text=True,
                          cwd=tmp_path, env=env, check=True)
    assert done.stdout.split() == ["1", "1"]
    done = subprocess.run([sys.executable, "-c", count], capture_output=True, text=True,
                          cwd=tmp_path, env={**env, "OPENBLAS_NUM_THREADS": "2"}, check=True)
    assert done.stdout.split()[1] == "2"  # the user's own (threads: no more than the cores)
