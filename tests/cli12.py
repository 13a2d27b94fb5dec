"""Helpers for the tests of owners, status, duplicates, people and corrections (issue 12):
write invented notes, save hand-built meetings, and run the real `kb` command line."""
from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

from click.testing import CliRunner

from ingest import Meeting
from kb.cli import cli
from kb.storage.store import open_db, save_meeting


def note(folder: Path, name: str, text: str) -> Path:
    """Write an invented note (dedented) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


def kb(runner: CliRunner, *args: object, code: int = 0):
    """Run `kb ARGS` and check its exit status; returns the click Result."""
    result = runner.invoke(cli, [str(a) for a in args], prog_name="kb")
    assert result.exit_code == code, (result.output, result.stderr, result.exception)
    return result


def kb_json(runner: CliRunner, *args: object) -> list[dict]:
    return json.loads(kb(runner, *args, "--json").stdout)


def save(db_path: Path, *meetings: Meeting) -> None:
    """Store hand-built meetings the way `kb import` stores parsed ones."""
    db = open_db(db_path)
    for m in meetings:
        save_meeting(db, m)
    db.close()
