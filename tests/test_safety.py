"""Safety: no SQL built from user input, canned queries bound as parameters, a read-only site,
and Datasette's SQL time limit in force.
"""
from __future__ import annotations

import ast
import asyncio
import hashlib
import re
from pathlib import Path

import httpx
import pytest

from kb.importer import import_paths
from kb.site.serve import build_datasette, load_metadata
from kb.storage.store import open_db

from conftest import FIXTURE_NOTES, REPO_ROOT
from kbproc import kb_server

# --- no SQL built by string formatting ---------------------------------------------------------

SQL_SHAPE = re.compile(
    r"(?is)\b(select\b.*\bfrom\b|insert\s+(or\s+\w+\s+)?into\b|update\s+\S+\s+set\b"
    r"|delete\s+from\b|drop\s+(table|view|index|trigger)\b"
    r"|create\s+(temp\w*\s+)?(table|view|index|trigger|virtual)\b|alter\s+table\b|attach\s)")

# Every place that formats SQL, each read and found to interpolate nothing from a note, the
# command line or a request. A new one fails the test below until it is reviewed and added.
REVIEWED = {
    ("kb/storage/search_queue.py", "trigger_sql"):
        "table and column names from kb.storage.schema.FTS_CONFIG, quoted",
    ("kb/storage/search_queue.py", "ensure_queue_shape"): "trigger names from trigger_sql, quoted",
    ("kb/storage/search_queue.py", "flush"):
        "table and column names from FTS_CONFIG, quoted; the table bound as a parameter too",
    ("kb/storage/store.py", "_prune_unreferenced"):
        "table and column names from kb.storage.schema.FOREIGN_KEYS",
    ("kb/knowledge/rebuild.py", "rebuild"): "table names from the DERIVED_TABLES constant",
    ("kb/knowledge/queries.py", "actions"):
        "joins fixed where-clause fragments; the user's text is bound as :k0.. and :s",
    ("kb/storage/ids.py", "_table_max"): "a table name from kb's own modules (kb.storage.store, kb.storage.schema)",
    ("kb/storage/ids.py", "registered_ids"): "only the ? placeholders, one per key; keys are bound",
    ("kb/storage/search_index.py", "backfill"): "table names from a constant tuple",
    # kb/site/page_data.py: the archive's pages; a request's text and ids are always bound as ?
    ("kb/site/page_data.py", "meeting"): "the constant join fragments _PERSON, _ORG, _ORG_ID",
    ("kb/site/page_data.py", "person"): "the constant join fragment _ORG, _ORG_ID",
    ("kb/site/page_data.py", "ledger_actions"):
        "its where-clause, a constant fragment from person() and open_actions()",
    ("kb/site/page_data.py", "commitment"): "the constant join fragment _PERSON",
    ("kb/site/page_data.py", "organisation"):
        "the constant fragments _ORG_ID, _PERSON and the subquery `same`",
    ("kb/storage/derived.py", "<module>"):
        "triggers on the constant corrections table names; the stale view's constant subquery",
    ("kb/corrections_cli.py", "_known"): "the table name, names or organisations, by kind",
    ("kb/storage/schema.py", "ensure_db_shape"):
        "an index name made of table and column names from TABLES and FOREIGN_KEYS, quoted",
    ("kb/storage/schema.py", "rename_old_tables"):
        "table names from RENAMED_TABLES; view and index names read from sqlite_master",
    ("kb/knowledge/duplicates.py", "find_duplicates"): "one ? per meeting id; the ids are bound",
    ("kb/knowledge/stale.py", "stale_actions"): "the constant subquery SINCE; N is bound as :after or is "
                                 "the constant STALE_AFTER",
    # kb.refresh selects by constant subqueries of its temporary tables; ids are bound
    ("kb/knowledge/name_mentions.py", "load_mentions"): "`where`, a constant condition from kb.knowledge.refresh",
    ("kb/knowledge/refresh_state.py", "select"): "the names of kb.knowledge.refresh's own temporary tables",
    ("kb/knowledge/refresh_state.py", "save_names"): "table names from a constant tuple",
    ("kb/knowledge/refresh_state.py", "rows"): "a constant condition from kb.knowledge.refresh; ids are bound",
    ("kb/knowledge/refresh.py", "_persons"): "table names from a constant tuple",
    ("kb/knowledge/refresh.py", "_organisations"): "the constant subquery ORG_USES",
    ("kb/knowledge/series.py", "_forget_series"): "table names from a constant tuple",
    ("kb/storage/rows.py", "insert_rows"): "table and column names from kb's own row dicts, quoted",
}


def formatted_sql(source: str) -> list[tuple[str, int]]:
    """(enclosing function, line) of each f-string, % or + or .format() that builds SQL."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def function(node: ast.AST) -> str:
        while node in parents:
            node = parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node.name
        return "<module>"

    def text(node: ast.AST) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) \
            else None

    found = []
    for node in ast.walk(tree):
        literal = None
        if isinstance(node, ast.JoinedStr):
            literal = "".join(text(v) or "" for v in node.values)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if text(side) and text(other) is None:
                    literal = text(side)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "format"):
            literal = text(node.func.value)
        if literal and SQL_SHAPE.search(literal):
            found.append((function(node), node.lineno))
    return found


def test_the_scan_catches_formatted_sql():
    source = ('def f(db, name):\n'
              '    db.execute(f"select * from t where name = \'{name}\'")\n'
              '    db.execute("delete from t where id = %s" % name)\n'
              '    db.execute("select a from " + name)\n'
              '    db.execute("select * from t where name = ?", [name])\n')
    assert formatted_sql(source) == [("f", 2), ("f", 3), ("f", 4)]


def test_no_sql_is_built_by_string_formatting():
    sites = {}
    for package in ("kb", "ingest"):
        for file in sorted((REPO_ROOT / package).rglob("*.py")):
            rel = file.relative_to(REPO_ROOT).as_posix()
            for function, line in formatted_sql(file.read_text(encoding="utf-8")):
                sites.setdefault((rel, function), []).append(line)
    unreviewed = {site: lines for site, lines in sites.items() if site not in REVIEWED}
    assert not unreviewed, ("SQL built by string formatting; bind values as parameters, or "
                            "if only constant identifiers are interpolated, add the site to "
                            f"REVIEWED with the reason: {unreviewed}")


def test_canned_queries_only_use_named_parameters():
    queries = load_metadata()["databases"]["meetings"]["queries"]
    assert queries
    for name, query in queries.items():
        assert not query.get("write"), f"{name} is a write query"
        sql = query["sql"]
        # Datasette binds :name parameters; template or format markers would mean text pasted in
        assert not re.search(r"\{\{|\{%|%s|\{\w*\}", sql), name


# --- the served archive ------------------------------------------------------------------------

# (a NUL character is left out: FTS5 reads it as the end of who_said_what's search string and
# answers 400 "unterminated string", an error but no injection)
HOSTILE = ["'; drop table meetings; --", '" or 1=1 --', "%", "_", "\\", "' union select "
           "name, sql, 1, 1, 1, 1, 1, 1, 1 from sqlite_master --", "\u2028", "a" * 5000]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("site") / "meetings.db"
    db = open_db(path)
    assert import_paths(db, [FIXTURE_NOTES]).failed == 0
    db.close()
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def request(ds, method: str, path: str, **kwargs):
    return asyncio.run(getattr(ds.client, method)(path, **kwargs))


def unchanged(site) -> bool:
    path, digest = site
    return hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_canned_queries_survive_hostile_parameters(site):
    ds = build_datasette(site[0])
    queries = load_metadata()["databases"]["meetings"]["queries"]
    for name, query in queries.items():
        params = sorted(set(re.findall(r"(?<!:):(\w+)", query["sql"])))
        for value in HOSTILE:
            response = request(ds, "get", f"/meetings/{name}.json",
                               params={p: value for p in params})
            assert response.status_code == 200, (name, value, response.text[:200])
    assert unchanged(site)


@pytest.mark.parametrize("sql", [
    "insert into names (name) values ('x')", "update names set name = 'x'",
    "delete from meetings", "drop table meetings", "create table t (x)",
    "attach database ':memory:' as other", "pragma writable_schema = 1", "vacuum",
    "select 1; delete from meetings", "with x as (select 1) delete from meetings",
])
def test_arbitrary_sql_cannot_write(site, sql):
    ds = build_datasette(site[0])
    response = request(ds, "get", "/meetings.json", params={"sql": sql})
    assert response.status_code >= 400, response.text[:200]
    assert unchanged(site)


WRITE_PATHS = [
    "/meetings", "/meetings.json", "/meetings/meetings", "/meetings/meetings/1",
    "/meetings/who_said_what", "/meetings/meetings/-/insert", "/meetings/meetings/1/-/update",
    "/meetings/meetings/1/-/delete", "/meetings/-/create", "/meetings/meetings/-/drop",
    "/-/upload-csvs", "/-/permissions",
    # kb's own pages and the Atom feed
    "/", "/-/search", "/-/meeting/1", "/-/person/1", "/-/organisation/1", "/-/commitment/1",
    "/-/people", "/-/open-actions", "/meetings/feed.atom",
]  # (/-/messages takes a POST, but only to set a flash-message cookie)


def test_no_write_endpoints(site, tmp_path):
    """Every write-like request to a real ``kb serve`` is refused, and the file is untouched.

    Over real HTTP: in-process, Datasette 0.65's error page for a refused POST itself fails
    when ``rich`` is installed, which says nothing about the server.
    """
    with kb_server(site[0], tmp_path / "serve.log") as url, httpx.Client(base_url=url) as client:
        for path in WRITE_PATHS:
            for method in ("POST", "PUT", "PATCH", "DELETE"):
                response = client.request(method, path, json={"row": {"name": "x"}},
                                          timeout=10)
                # Datasette 0.65 answers a POST to a table or a read-only canned query with a
                # 500 ("You may only POST to a canned query"): an error, and nothing written
                assert response.status_code >= 400, (method, path, response.status_code)
    assert unchanged(site)


# Every plugin the site runs, each read and found to add no way to write (issue 5 chose them).
# A new one (say, one that pip pulls in) fails the test below until it is reviewed and added.
REVIEWED_PLUGINS = {
    "kb.site.plugin": "kb's read-only pages (they answer 405 to anything but GET), a stylesheet, "
                 "menu links and links in query results",
    "datasette-atom": "an .atom output format for read-only canned queries",
    "datasette-dashboards": "GET pages that render charts from read-only SQL",
    "datasette-leaflet": "static map JavaScript (a dependency of datasette-dashboards)",
    "datasette-render-markdown": "renders Markdown cells (a dependency of datasette-dashboards)",
}


def test_only_reviewed_plugins(site):
    ds = build_datasette(site[0])
    plugins = request(ds, "get", "/-/plugins.json").json()
    assert {p["name"] for p in plugins} == set(REVIEWED_PLUGINS), plugins
    assert not ds.get_database("meetings").is_memory


def test_sql_time_limit_is_on(site):
    ds = build_datasette(site[0])
    limit = ds.setting("sql_time_limit_ms")
    assert 0 < limit <= 5000
    slow = ("with recursive n(i) as (select 1 union all select i + 1 from n) "
            "select count(*) from n")
    response = request(ds, "get", "/meetings.json", params={"sql": slow})
    assert response.status_code == 400
    assert "interrupted" in response.text.lower() or "time limit" in response.text.lower()
