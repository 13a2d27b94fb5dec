"""`kb actions`, `kb people`, `kb commitment` and `kb search` through click's CliRunner, on a
real SQLite file holding the two fixture series."""
from __future__ import annotations

import json

import pytest

from kb.cli import cli
from kb.knowledge.queries import ACTION_KEYS, PERSON_KEYS

from series_db import ICAT_DATES, import_series


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    return str(import_series(tmp_path_factory.mktemp("cli")))


def run(runner, *args: str, code: int = 0):
    result = runner.invoke(cli, list(args), prog_name="kb")
    assert result.exit_code == code, (result.output, result.exception)
    return result


def test_actions_json_is_the_contract(runner, db_file):
    items = json.loads(run(runner, "actions", "--json", "--db", db_file).stdout)
    assert all(list(a) == ACTION_KEYS for a in items)
    (rolf,) = [a for a in items if a["ref"] == "102.1"]
    assert (rolf["owner"], rolf["status"], rolf["opened"], rolf["closed"]) == \
        ("Rolf", "open", "2017-02-23", None)
    assert rolf["meetings"][:3] == ICAT_DATES[:3]
    assert [a["opened"] for a in items] == sorted(a["opened"] for a in items)


def test_actions_open_and_owner_filters(runner, db_file):
    out = run(runner, "actions", "--db", db_file, "--open", "--owner", "Brian").stdout
    lines = out.splitlines()
    assert lines and all("Brian Ritchie" in line for line in lines)
    assert any(line.startswith("open    2017-02-23") and "[102.2] Brian Ritchie:" in line
               for line in lines)
    board = json.loads(run(runner, "actions", "--db", db_file, "--json", "--owner",
                           "secretariat").stdout)
    assert {a["opened"] for a in board} == {"2015-04-27", "2015-11-13", "2016-04-25"}


def test_people_json_is_the_contract(runner, db_file):
    people = json.loads(run(runner, "people", "--json", "--db", db_file).stdout)
    assert all(list(p) == PERSON_KEYS for p in people)
    (dan,) = [p for p in people if p["name"] == "Daniel Appelquist"]
    assert dan["aliases"] == ["Dan Appelquist"]
    assert len({p["name"] for p in people}) == len(people)


def test_people_name_shows_one_persons_record(runner, db_file):
    out = run(runner, "people", "--db", db_file, "Dan Appelquist").stdout
    assert out.startswith("Daniel Appelquist (also Dan Appelquist); attended ")
    assert "  organisation Telefonica: 2015-04-27 .. 2015-11-13 (2 meetings)" in out
    assert "  meeting 2016-04-25 Open Standards Board [Open Standards Board] present" in out
    detail = json.loads(run(runner, "people", "--db", db_file, "--json", "rolf").stdout)
    assert [p["name"] for p in detail] == ["Rolf"]
    assert {"meetings", "organisation_history", "statements", "actions"} <= set(detail[0])
    assert any(a["text"].startswith("move the repository") or a["status"] == "open"
               for a in detail[0]["actions"])
    result = run(runner, "people", "--db", db_file, "Nobody Atall", code=1)
    assert "no person matches" in result.stderr


def test_commitment_timeline(runner, db_file):
    out = run(runner, "commitment", "--db", db_file, "topcat").stdout
    lines = out.splitlines()
    assert lines[0] == "TopCAT"
    assert any(line.startswith("  2017-02-23 Jody") for line in lines[1:])
    found = json.loads(run(runner, "commitment", "--db", db_file, "--json", "TopCAT").stdout)
    assert found[0]["timeline"][0]["meeting_date"] == "2017-02-23"
    assert "no commitment matches" in run(runner, "commitment", "--db", db_file, "nothing",
                                          code=1).stderr


def test_search_says_who_said_what(runner, db_file):
    oldest = ["--order", "oldest", "--kind", "statement"]
    found = json.loads(run(runner, "search", "--db", db_file, "--json", *oldest,
                           "Glassfish").stdout)
    assert (found[0]["speaker"], found[0]["meeting_date"]) == ("Tom Griffin", "2017-02-23")
    assert [r["meeting_date"] for r in found] == sorted(r["meeting_date"] for r in found)
    assert all("[glassfish]" in r["snippet"].lower() for r in found)
    out = run(runner, "search", "--db", db_file, *oldest, "Glassfish").stdout
    assert out.startswith("2017-02-23 Tom Griffin")
    # best match first by default: the same items, whatever the order
    ranked = json.loads(run(runner, "search", "--db", db_file, "--json", "--kind", "statement",
                            "Glassfish").stdout)
    assert sorted(r["item_id"] for r in ranked) == sorted(r["item_id"] for r in found)


def test_read_commands_need_an_existing_database(runner, tmp_path):
    missing = str(tmp_path / "none.db")
    for args in (["actions"], ["people"], ["commitment", "x"], ["search", "x"]):
        result = run(runner, *args, "--db", missing, code=1)
        assert "run `kb import` first" in result.stderr
    assert not (tmp_path / "none.db").exists()
