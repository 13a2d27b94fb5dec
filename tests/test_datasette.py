"""The Datasette site: metadata, canned queries and table pages over a real database file.

The database holds the fixture notes (imported through the parser, so their rows vary with
it) and two hand-built meetings saved directly in series "handmade", whose rows the assertions
rely on.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from kb.importer import import_paths
from kb.schema import FTS_CONFIG, TABLES, VIEWS
from kb.site import build_datasette, load_metadata
from kb.store import open_db, save_meeting


@pytest.fixture
def site_db(tmp_path: Path, notes: Path, meetings) -> Path:
    path = tmp_path / "meetings.db"
    db = open_db(path)
    assert import_paths(db, [notes]).failed == 0
    for meeting in meetings:
        assert save_meeting(db, meeting, series=HANDMADE) == "added"
    db.close()
    return path


HANDMADE = "handmade"


def handmade(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["series"] == HANDMADE]


def get(ds, path: str):
    """A GET through Datasette's own test client (an httpx client over ASGI)."""
    return asyncio.run(ds.client.get(path))


def get_rows(ds, path: str) -> list[dict]:
    separator = "&" if "?" in path else "?"
    response = get(ds, f"{path}{separator}_shape=array")
    assert response.status_code == 200, response.text
    return response.json()


def test_who_said_what_finds_statements_in_date_order(site_db):
    ds = build_datasette(site_db)
    rows = handmade(get_rows(ds, "/meetings/who_said_what.json?q=slides"))
    assert [(r["meeting_date"], r["speaker"], r["organisation"]) for r in rows] == [
        ("2020-01-15", "Involve", "Involve"),
        ("2020-02-12", "Cat Kim", "Crown Commercial Service"),
    ]
    assert rows[0] == {"meeting_date": "2020-01-15", "meeting_title": "Board meeting",
                       "series": HANDMADE, "speaker": "Involve", "organisation": "Involve",
                       "text": "it would send the slides to civil society groups",
                       "meeting_id": rows[0]["meeting_id"]}
    # stemmed: "publish" finds "publishing"
    rows = handmade(get_rows(ds, "/meetings/who_said_what.json?q=publish"))
    assert [r["speaker"] for r in rows] == ["Ann Lee"]


@pytest.mark.parametrize("q", ["", '"unbalanced', "open-data (plans", "NOT", "*"])
def test_who_said_what_survives_any_search_text(site_db, q):
    ds = build_datasette(site_db)
    response = get(ds, f"/meetings/who_said_what.json?_shape=array&q={q}")
    assert response.status_code == 200, response.text


def test_open_action_items_leaves_out_items_closed_later(site_db):
    ds = build_datasette(site_db)
    rows = get_rows(ds, "/meetings/open_action_items.json?owner=")
    board = [(r["ref"], r["owner"]) for r in handmade(rows)]
    # 1.1 was reported done at the next meeting; newest meeting first
    assert board == [("2.1", "Involve"), ("1.2", "Ann Lee")]
    assert get_rows(ds, "/meetings/open_action_items.json") == rows  # owner left out


def test_open_action_items_filters_by_part_of_the_owner(site_db):
    ds = build_datasette(site_db)
    rows = get_rows(ds, "/meetings/open_action_items.json?owner=inv")
    assert [(r["ref"], r["text"]) for r in handmade(rows)] == \
        [("2.1", "consult civil society groups")]
    assert get_rows(ds, "/meetings/open_action_items.json?owner=nobody") == []


def test_every_canned_query_runs(site_db):
    ds = build_datasette(site_db)
    queries = load_metadata()["databases"]["meetings"]["queries"]
    assert {"who_said_what", "open_action_items"} <= set(queries)
    for name in queries:
        assert get(ds, f"/meetings/{name}.json").status_code == 200, name
        assert get(ds, f"/meetings/{name}").status_code == 200, name


def test_full_text_search_over_imported_notes(site_db):
    ds = build_datasette(site_db)
    rows = get_rows(ds, "/meetings/meetings.json?_search=kingfisher")
    assert [(r["series"], r["date"]) for r in rows] == [("steering", "2020-03-01")]


def test_label_columns_name_the_linked_rows(site_db):
    ds = build_datasette(site_db)
    rows = get_rows(ds, "/meetings/statements.json?_labels=on"
                        "&text=departments+are+publishing+their+open+data+plans")
    assert len(rows) == 1
    assert rows[0]["meeting_id"]["label"] == "Board meeting"
    assert rows[0]["person_id"]["label"] == "Ann Lee"
    assert rows[0]["organisation_id"]["label"] == "Home Office"


def test_every_table_and_view_page_renders(site_db):
    ds = build_datasette(site_db)
    for name in [*TABLES, *VIEWS]:
        response = get(ds, f"/meetings/{name}")
        assert response.status_code == 200, name
    for name in FTS_CONFIG:
        assert get(ds, f"/meetings/{name}?_search=board").status_code == 200, name


def test_metadata_describes_every_table_view_and_column(site_db):
    tables = load_metadata()["databases"]["meetings"]["tables"]
    db = open_db(site_db)
    for name in [*TABLES, *VIEWS]:
        assert tables[name].get("description"), name
        assert set(tables[name]["columns"]) == set(db[name].columns_dict), name
    for name in ("people", "organisations", "commitments", "meetings"):
        assert tables[name]["label_column"] in db[name].columns_dict


def test_metadata_follows_the_database_file_name(site_db, tmp_path):
    renamed = site_db.rename(tmp_path / "minutes.db")
    ds = build_datasette(renamed)
    assert get(ds, "/minutes/who_said_what.json?q=slides").status_code == 200
    table = get(ds, "/minutes/statements").text
    assert "Who said what." in table  # the table description from metadata.yml
