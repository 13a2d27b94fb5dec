"""One search (kb.knowledge.search) behind ``kb search``, the /-/search page and the ``search`` canned
query: the same rows in all three, filters, orders, pages, limits, and what an empty or
impossible search says.

The seed note (notes/uk-ogn/) and a Node-TSC-shaped note with invented names go through the
real parser; the filter tests use the hand-built meetings of the ``site_db`` fixture.
"""
from __future__ import annotations

import asyncio
import html
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from kb.cli import cli
from kb.importer import import_paths
from kb.knowledge.search import MAX_WORDS, Search, SearchError, match_expression, search
from kb.site.serve import build_datasette
from kb.storage.store import open_db

from conftest import REPO_ROOT

# invented, in the shape of the Node.js TSC minutes: agenda items as list items, each
# speaker's words as sub-items under them
TSC_NOTE = """# Widget Technical Steering Committee (TSC) Meeting 2025-03-05

## Present

* Alice Walker
* Bruno Diaz
* Chen Liu

## Agenda

### Announcements

* Chen: the spring release is on schedule.

### Issues

* Upgrade gizmo to v5 in Widget v18 #4242
  * Alice: the question is whether this major version breaks anything for our users.
  * Bruno: I have not seen bug reports in the main tracker.
* Retire the old build farm #4250
  * Bruno: the machines are out of support next month.
"""


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    """A database of the seed note and the TSC note, imported through the parser."""
    root = tmp_path_factory.mktemp("seed")
    notes = root / "notes"
    shutil.copytree(REPO_ROOT / "notes" / "uk-ogn", notes / "uk-ogn")
    (notes / "widget-tsc").mkdir()
    (notes / "widget-tsc" / "2025-03-05.md").write_text(TSC_NOTE, encoding="utf-8")
    path = root / "meetings.db"
    db = open_db(path)
    assert import_paths(db, [notes]).failed == 0
    db.close()
    return path


def cli_search(runner, db: Path, *args: str, code: int = 0):
    result = runner.invoke(cli, ["search", "--db", str(db), *args])
    assert result.exit_code == code, (result.output, result.exception)
    return result


def cli_rows(runner, db: Path, *args: str) -> list[dict]:
    return json.loads(cli_search(runner, db, "--json", *args).stdout)


def get(ds, path: str, **params):
    return asyncio.run(ds.client.get(path, params=params))


def canned_rows(ds, **params) -> list[dict]:
    response = get(ds, "/meetings/search.json", _shape="array", **params)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def page_results(ds, **params) -> tuple[str, list[str]]:
    """The /-/search page's text and each result's link to its place in its note."""
    response = get(ds, "/-/search", **params)
    assert response.status_code == 200, response.text[:500]
    items = re.findall(r'<li class="kb-result .*?</li>', response.text, re.S)
    links = [re.search(r'class="kb-meeting-link" href="([^"]+)"', i).group(1) for i in items]
    return response.text, links


def person_id(db_path: Path, name: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select id from people where name = ?", [name]).fetchone()[0]


def everywhere(runner, db: Path, words: str) -> tuple[list[dict], list[dict], str]:
    """The same search three ways; asserts they give the same rows, in the same order."""
    from_cli = cli_rows(runner, db, words)
    ds = build_datasette(db)
    from_query = canned_rows(ds, q=words)
    text, links = page_results(ds, q=words)
    assert [r["url"] for r in from_cli] == [r["url"] for r in from_query] == links
    count = len(from_cli)
    assert {r["total"] for r in from_cli + from_query} == {count}
    assert f"{count} result{'s' if count != 1 else ''} for" in text
    return from_cli, from_query, text


def test_procurement_transparency_reaches_andrew_bowen(runner, seed):
    andrew = person_id(seed, "Andrew Bowen")
    from_cli, from_query, page = everywhere(runner, seed, "procurement transparency")
    for rows in (from_cli, from_query):
        assert any(r["speaker"] == "Andrew Bowen" and r["person_id"] == andrew for r in rows)
        # "CCS are doing a discovery project to look at further steps on procurement
        # transparency" continues his report: his statement, not only the update he gave
        # (the parser attributes continuing sentences: needs the parser of issue 11's lead)
        assert any(r["kind"] == "statement" and r["speaker"] == "Andrew Bowen" for r in rows)
    assert f'<a class="kb-person" href="/-/person/{andrew}">Andrew Bowen</a>' in page
    assert "<mark>procurement</mark> <mark>transparency</mark>" in page


def test_beneficial_ownership_reaches_its_commitment_update(runner, seed):
    from_cli, from_query, page = everywhere(runner, seed, "beneficial ownership")
    for rows in (from_cli, from_query):
        (update,) = [r for r in rows if r["kind"] == "commitment_update"]
        # the update's words never say "beneficial ownership": its commitment's name does
        assert update["commitment"] == "Beneficial ownership"
        assert "beneficial" not in update["text"].lower()
        assert update["section"] == "Commitment updates"
    assert re.search(r'href="/-/commitment/\d+">Beneficial ownership</a>', page)
    out = cli_search(runner, seed, "beneficial ownership").stdout
    assert "2017-02-01 commitment update on Beneficial ownership under “Commitment updates”" \
        in out


def test_the_agenda_item_is_searched_and_shown(runner, seed):
    # "gizmo 18": "Upgrade gizmo to v5 in Widget v18" is the agenda item; Alice's words under
    # it say neither, and "v18" is one token unless its parts are indexed too
    rows = cli_rows(runner, seed, "gizmo 18")
    by_speaker = {r["speaker"]: r for r in rows}
    assert set(by_speaker) == {"Alice Walker", "Bruno Diaz"}
    alice = by_speaker["Alice Walker"]
    assert alice["section"] == "Upgrade gizmo to v5 in Widget v18 #4242"
    assert "gizmo" not in alice["text"] and "18" not in alice["text"]
    text, _ = page_results(build_datasette(seed), q="gizmo 18")
    assert 'under <span class="kb-section">Upgrade gizmo to v5 in Widget v18 #4242</span>' in text
    assert cli_rows(runner, seed, "retire farm")[0]["section"] == "Retire the old build farm #4250"


def test_filters(site_db):
    conn = sqlite3.connect(site_db)

    def found(q: str, **filters) -> list[tuple[str, str, str]]:
        return sorted((r["meeting_date"], r["kind"], r["speaker"])
                      for r in search(conn, q, **filters).rows if r["series"] == "board")

    slides = [("2020-01-15", "action_item", "Bob Ray"), ("2020-01-15", "statement", "Involve"),
              # the second meeting reports Bob Ray's action done, and Cat Kim mentions slides
              ("2020-02-12", "action_item", "Bob Ray"), ("2020-02-12", "statement", "Cat Kim")]
    assert found("slides") == slides
    # a person by any of their names: "Bob" is how the notes also write Bob Ray
    assert found("slides", speaker="Bob") == [slides[0], slides[2]]
    # an organisation by an acronym its rows never spell out
    assert found("slides", organisation="CCS") == [slides[3]]
    # Involve speaking, and Bob Ray of Involve (so the note lists him) owning an action
    assert found("slides", organisation="Involve") == [slides[0], slides[1]]
    assert found("pilot", commitment="open contracting") == [
        ("2020-01-15", "commitment_update", "Bob Ray"), ("2020-01-15", "statement", "Bob Ray")]
    assert found("slides", kind="statement") == [slides[1], slides[3]]
    assert found("slides", since="2020-02") == slides[2:]
    assert found("slides", until="2020-01") == slides[:2]
    assert found("slides", since="2020-01-16", until="2020-02-12") == slides[2:]
    assert found("slides", series="board") == slides
    assert found("slides", series="steering") == []
    assert found("approved") == [("2020-01-15", "decision", None)]


def test_orders_and_pages(site_db):
    conn = sqlite3.connect(site_db)
    newest = search(conn, "slides", order="newest").rows
    oldest = search(conn, "slides", order="oldest").rows
    dates = [r["meeting_date"] for r in newest]
    assert dates == sorted(dates, reverse=True)
    assert [r["meeting_date"] for r in oldest] == sorted(dates)
    ranked = search(conn, "slides").rows
    assert [r["score"] for r in ranked] == sorted(r["score"] for r in ranked)  # bm25: lower first
    assert sorted(r["url"] for r in ranked) == sorted(r["url"] for r in newest)
    assert [r["position"] for r in ranked] == list(range(1, len(ranked) + 1))
    beyond = search(conn, "slides", page=2)
    assert beyond.rows == [] and beyond.total == len(ranked)


def test_an_empty_result_says_so(runner, site_db):
    result = cli_search(runner, site_db, "zzqx nothing", "--speaker", "Bob", code=1)
    assert result.stdout == ""
    assert result.stderr == "nothing in the notes matches 'zzqx nothing', speaker 'Bob'\n"
    assert json.loads(cli_search(runner, site_db, "--json", "zzqx", code=1).stdout) == []
    ds = build_datasette(site_db)
    text, links = page_results(ds, q="zzqx nothing")
    assert links == [] and "No results for" in text and "Nothing in the notes matches" in text
    assert canned_rows(ds, q="zzqx nothing") == []


def test_long_searches_are_cut_with_a_notice(runner, site_db):
    conn = sqlite3.connect(site_db)
    words = " ".join(f"word{i}" for i in range(2000))
    long = search(conn, f"slides {words}")
    assert long.rows == []  # every word must appear: the first 32 are searched for
    assert long.notice.startswith(f"Searched for the first {MAX_WORDS} words only")
    assert match_expression(f"slides {words}").count('"') == 2 * MAX_WORDS
    # repeated words are one word: the same results, and nothing to say within 500 characters
    assert search(conn, "slides " * 50).notice is None
    assert [r["url"] for r in search(conn, "slides " * 5000).rows] == \
        [r["url"] for r in search(conn, "slides").rows]
    assert search(conn, "slides " * 5000).notice.startswith("Searched for the first 1 word only")
    result = cli_search(runner, site_db, f"slides {words}", code=1)
    assert result.stderr.startswith("Searched for the first 32 words only")
    text = get(build_datasette(site_db), "/-/search", q=f"slides {words[:30000]}").text
    assert "Searched for the first 32 words only" in text
    # the page shows back what was searched, not the 30 KB
    assert "word31 " in text and "word1999" not in text and len(text) < 20_000


@pytest.mark.parametrize("search_args, reason", [
    ({"q": ""}, "nothing to search for: give some words"),
    ({"q": "!!! ..."}, "nothing to search for: give some words"),
    ({"q": "a\x00b"}, "q: contains a control character"),
    ({"q": "slides", "since": "2020-13"}, "since: not a date"),
    ({"q": "slides", "until": "last week"}, "until: not a date"),
    ({"q": "slides", "order": "random"}, "order: one of relevance, newest, oldest"),
    ({"q": "slides", "kind": "minutes"}, "kind: one of statement"),
    ({"q": "slides", "speaker": "x" * 201}, "speaker: longer than 200 characters"),
    ({"q": "slides", "page": 0}, "page: from 1 to"),
])
def test_a_search_that_cannot_run_says_why(site_db, search_args, reason):
    with pytest.raises(SearchError, match=re.escape(reason)):
        search(sqlite3.connect(site_db), Search(**search_args))
    params = {k: str(v) for k, v in search_args.items()}
    response = get(build_datasette(site_db), "/-/search", **params)
    if search_args["q"] or len(params) > 1:
        assert response.status_code == 400
        assert "This search cannot run:" in response.text
        assert html.escape(reason, quote=False) in response.text
    else:  # nothing asked yet: the empty form
        assert response.status_code == 200 and "This search cannot run" not in response.text


def test_cli_refuses_a_bad_date_in_one_line(runner, site_db):
    result = cli_search(runner, site_db, "slides", "--since", "2020-13", code=1)
    assert result.stderr == ("Error: cannot search: since: not a date (give YYYY, YYYY-MM or "
                             "YYYY-MM-DD): 2020-13\n")


def test_a_database_from_before_the_search_index_gets_one(tmp_path, meetings):
    from kb.storage.store import save_meeting

    path = tmp_path / "old.db"
    db = open_db(path)
    for meeting in meetings:
        save_meeting(db, meeting, series="board")
    expected = [(r["kind"], r["item_id"]) for r in search(db.conn, "slides").rows]
    # what an earlier kb made: no search index, no register of ids, no recorded shape
    for table in ("search_items_fts", "search_items", "kb_ids"):
        db.execute(f"drop table {table}")
    db.execute("delete from kb_state where key in ('shape', 'search_index')")
    db.conn.commit()
    db.close()
    again = open_db(path)
    assert [(r["kind"], r["item_id"]) for r in search(again.conn, "slides").rows] == expected
    # and the register holds what was given out, so the next note's id is a new one
    assert again.execute("select count(*) from kb_ids where kind = 'meetings'").fetchone()[0] == 2


def test_kb_pages_run_under_datasettes_time_limit(site_db):
    # a limit of 0 ms: SQLite is interrupted at its first step (Datasette's progress handler),
    # where execute_fn alone would let every query finish
    ds = build_datasette(site_db, settings={"sql_time_limit_ms": 0})
    slow = get(ds, "/-/search", q="slides board meeting")
    assert slow.status_code == 400
    assert "took longer than the archive allows" in slow.text
    for path in ("/", "/-/people", "/-/open-actions"):
        response = get(ds, path)
        assert response.status_code == 503, path
        assert "took longer than the archive allows" in response.text
    assert get(build_datasette(site_db), "/-/search", q="slides").status_code == 200


def test_more_than_a_thousand_matches_are_bounded_and_filters_still_reach_all(tmp_path):
    from ingest import Attendee, Meeting, Statement
    from kb.knowledge.rebuild import ensure_fresh
    from kb.storage.store import save_meeting

    def meeting(name: str, date: str, speaker: str, n: int) -> Meeting:
        lines = [f"{speaker} said the budget line {i} is agreed." for i in range(n)]
        text = f"Present: {speaker}\n" + "\n".join(lines) + "\n"
        m = Meeting(source=str(tmp_path / "board" / name), text=text, title="Board", date=date)
        m.attendees = [Attendee(speaker, start=9, end=9 + len(speaker))]
        offset = text.index("\n") + 1
        for line in lines:
            m.statements.append(Statement(speaker, line, start=offset, end=offset + len(line)))
            offset += len(line) + 1
        return m

    db = open_db(tmp_path / "meetings.db")
    save_meeting(db, meeting("old.txt", "2019-05-01", "Zed Quill", 1))
    save_meeting(db, meeting("new.txt", "2021-05-01", "Ann Lee", 1100))
    ensure_fresh(db)
    found = search(db.conn, "budget")
    assert (found.total, found.more, found.count, found.pages) == (1000, True, "1,000+", 50)
    assert found.too_many.startswith("More than 1,000 items match: these are the best matches "
                                     "among the 1,000 from the newest meetings")
    assert {r["meeting_date"] for r in found.rows} == {"2021-05-01"}
    # the filters are applied before the bound: the one old match is still found
    (zed,) = search(db.conn, "budget", speaker="Zed").rows
    assert zed["meeting_date"] == "2019-05-01"
    assert search(db.conn, "budget", order="oldest").rows[0]["speaker"] == "Zed Quill"
    assert search(db.conn, "budget", until="2020").total == 1
    assert len(search(db.conn, "budget", page=50).rows) == 20
