"""Serving conventions: ``make serve PORT= HOST=``, arbitrary SQL off on a non-loopback host
unless --allow-sql, read-only commands that never load spaCy, and a README whose Quality
section points only at files a clone has."""
from __future__ import annotations

import asyncio
import re
import subprocess
import sys

import httpx
import pytest

from kb.site import serve as site
from kb.cli import cli
from kb.importer import import_paths
from kb.storage.store import open_db

from conftest import FIXTURE_NOTES, REPO_ROOT


@pytest.fixture(scope="module")
def served_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("serving") / "meetings.db"
    db = open_db(path)
    assert import_paths(db, [FIXTURE_NOTES]).failed == 0
    db.close()
    return path


def serve(runner, monkeypatch, db, *args):
    """`kb serve ARGS` with uvicorn stubbed out: the app it would serve, and the output."""
    served = {}
    monkeypatch.setattr(site.uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    result = runner.invoke(cli, ["serve", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return served, result


def sql_status(app) -> int:
    async def get():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as c:
            return (await c.get("/meetings.json?sql=select+count(*)+from+meetings")).status_code
    return asyncio.run(get())


@pytest.mark.parametrize("args, sql_on, says", [
    ([], True, False),
    (["--host", "localhost"], True, False),
    (["--host", "::1"], True, False),
    (["--host", "0.0.0.0"], False, True),
    (["--host", "192.168.1.20"], False, True),
    (["--host", "0.0.0.0", "--allow-sql"], True, False),
])
def test_arbitrary_sql_is_off_beyond_loopback(runner, monkeypatch, served_db, args, sql_on,
                                              says):
    served, result = serve(runner, monkeypatch, served_db, *args)
    assert served["host"] == (args[1] if args else "127.0.0.1")
    assert sql_status(served["app"]) == (200 if sql_on else 403)
    assert ("arbitrary SQL is off" in result.stderr) == says


def test_make_serve_takes_port_and_host():
    out = subprocess.run(["make", "-n", "serve", "PORT=18000", "HOST=0.0.0.0"], cwd=REPO_ROOT,
                         capture_output=True, text=True, check=True).stdout
    (line,) = [x for x in out.splitlines() if " serve " in x]
    assert "--host 0.0.0.0" in line and "--port 18000" in line
    default = subprocess.run(["make", "-n", "serve"], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True).stdout
    assert "--host 127.0.0.1 --port 8001" in default


@pytest.mark.parametrize("args", [["search", "open data"], ["actions", "--open"],
                                  ["people", "Ann"], ["commitment", "open"]])
def test_read_only_commands_never_import_what_writing_needs(served_db, args):
    # -X importtime lists every module the process imports, at exit included
    done = subprocess.run([sys.executable, "-X", "importtime", "-c",
                           "from kb.cli import cli; cli()", *args, "--db", str(served_db)],
                          capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: nothing matched
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "kb.cli" in imported  # the listing works
    # spaCy, sqlite-utils (with numpy) and the note readers are for writing: a read that
    # loads them pays most of a second before it starts
    heavy = {"spacy", "sqlite_utils", "numpy", "lxml", "markdown_it", "docutils"}
    assert not {m for m in imported if m.split(".")[0] in heavy}
    assert not {m for m in imported if m.startswith(("ingest.nlp", "ingest.reading", "kb.storage.store"))}
    if args[0] == "search":  # nor the queries of the other read commands, nor the people pass
        assert not {"kb.knowledge.queries", "kb.knowledge.person_identity"} & imported


def test_readme_quality_section_points_only_at_files_a_clone_has():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    quality = readme.split("## Quality", 1)[1].split("\n## ", 1)[0]
    paths = re.findall(r"`([^`\s]*/[^`\s]*)`", quality) + re.findall(r"\]\(([^)]+)\)", quality)
    for path in paths:
        assert (REPO_ROOT / path.split()[-1]).exists(), path
    assert "../" not in quality
