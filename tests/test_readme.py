"""The README documents every command, and every command explains itself (sqlite-utils' habit)."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def test_there_are_commands_to_document():
    assert {"parse", "import", "serve", "actions", "people", "commitment", "search"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    first_line = " ".join(cli.commands[name].help.strip().splitlines()[0].split())
    assert first_line[:40] in " ".join(result.output.split())


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_readme(name):
    assert f"### `kb {name}" in README, f"README.md has no section for `kb {name}`"


def test_quick_start_is_two_make_commands():
    start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = [b.strip() for b in start.split("```")[1::2]]
    assert blocks == ["make serve", "make test"]
