"""The Datasette site: metadata, canned queries and table pages over a real database file.

The database (the ``site_db`` fixture in conftest.py) holds the fixture notes (imported
through the parser, so their rows vary with it) and two hand-built meetings saved directly in
series "handmade", whose rows the assertions rely on.
"""
from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from kb.storage.schema import FTS_CONFIG, TABLES, VIEWS
from kb.site.serve import build_datasette, load_metadata
from kb.storage.store import open_db

from conftest import HANDMADE




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
                       "commitment": None,
                       "text": "it would send the slides to civil society groups",
                       "meeting_id": rows[0]["meeting_id"], "person_id": None,
                       "statement_id": rows[0]["statement_id"]}
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
        assert tables[name].get("title") and tables[name].get("description"), name
        assert set(tables[name]["columns"]) == set(db[name].columns_dict), name
        # a default sort order, on a column the table has
        sort = tables[name].get("sort") or tables[name].get("sort_desc")
        assert sort in db[name].columns_dict, name
    for name in ("names", "organisations", "commitments", "meetings", "statements",
                 "action_items", "commitment_updates", "decisions"):
        assert tables[name]["label_column"] in db[name].columns_dict


# the facets issue 5 asks for: series, organisation, speaker, owner, status, commitment
FACETS = {"statements": {"speaker", "organisation_id", "commitment_id"},
          "meeting_statements": {"series", "speaker", "organisation", "commitment"},
          "action_items": {"owner", "status"}, "action_item_ledger": {"series", "owner", "status"},
          "commitment_updates": {"commitment_id"}, "commitment_timeline": {"commitment", "series"}}


def test_facets_and_full_text_search_are_configured(site_db):
    ds = build_datasette(site_db)
    for table, facets in FACETS.items():
        data = get(ds, f"/meetings/{table}.json").json()
        assert facets <= set(data["facet_results"]), table
    for table, words in [("statements", "slides"), ("action_items", "slides"),
                         ("commitment_updates", "pilot"), ("meetings", "slides")]:
        assert get_rows(ds, f"/meetings/{table}.json?_search={words}"), table


def test_metadata_follows_the_database_file_name(site_db, tmp_path):
    renamed = site_db.rename(tmp_path / "minutes.db")
    ds = build_datasette(renamed)
    assert get(ds, "/minutes/who_said_what.json?q=slides").status_code == 200
    table = get(ds, "/minutes/statements").text
    assert "Who said what." in table  # the table description from metadata.yml


def test_who_said_what_within_a_commitment_or_an_organisation(site_db):
    ds = build_datasette(site_db)
    # the organisation by its acronym, which the statement's own row does not spell out
    rows = handmade(get_rows(ds, "/meetings/who_said_what.json?q=slides&organisation=CCS"))
    assert [(r["speaker"], r["organisation"]) for r in rows] == \
        [("Cat Kim", "Crown Commercial Service")]
    rows = handmade(get_rows(ds, "/meetings/who_said_what.json?q=pilot"
                                 "&commitment=open+contracting"))
    assert [(r["speaker"], r["commitment"]) for r in rows] == [("Bob Ray", "Open Contracting")]
    persons = {p["name"]: p["person_id"] for p in get_rows(ds, "/meetings/people_directory.json")}
    assert rows[0]["person_id"] == persons["Bob Ray"]  # a real person (people.id)
    assert get_rows(ds, "/meetings/who_said_what.json?q=pilot&commitment=nothing+like+it") == []


# Each canned query, with parameters and a row it must return from the hand-built meetings
# (series "handmade", which the knowledge base names "board" after its folder). A row matches
# when it has every key/value given here.
KNOWN_ROWS = {
    "who_said_what": ("q=slides", {"speaker": "Cat Kim", "series": HANDMADE}),
    "search": ("q=slides&speaker=Cat", {"kind": "statement", "speaker": "Cat Kim",
                                         "series": "board", "total": 1}),
    "open_action_items": ("owner=Ann", {"ref": "1.2", "owner": "Ann Lee", "series": HANDMADE}),
    "action_ledger": ("status=done&owner=Bob", {"ref": "1.1", "series": "board",
                                                "opened": "2020-01-15",
                                                "closed": "2020-02-12"}),
    "people_directory": ("name=Bob", {"name": "Bob Ray", "aliases": '["Bob"]'}),
    "person_meetings": ("name=Cat+Kim", {"meeting_date": "2020-02-12",
                                         "attendance": "present", "series": "board"}),
    "commitment_history": ("name=Open+Contracting", {"kind": "update", "speaker": "Bob Ray",
                                                     "text": "the pilot is on track"}),
    "series_meetings_in_order": ("series=board", {"series": "board", "position": 2,
                                                  "date": "2020-02-12",
                                                  "previous_date": "2020-01-15"}),
    "organisation_directory": ("name=CCS", {"name": "Crown Commercial Service",
                                            "acronym": "CCS"}),
    "person_record": ("name=Ann+Lee", {"kind": "said", "meeting_date": "2020-01-15",
                                       "text": "departments are publishing their open data "
                                               "plans"}),
    "open_actions_by_owner": ("owner=Involve", {"owner": "Involve", "ref": "2.1",
                                                "text": "consult civil society groups",
                                                "series": "board"}),
    "stale_actions_after": ("meetings=1", {"ref": "1.2", "series": "board",
                                           "meetings_since": 1, "owner": "Ann Lee"}),
    "overdue_actions": ("as_of=2020-04-01", {"owner": "Dan Roe", "due_date": "2020-03-31",
                                             "days_overdue": 1}),
    "changes_since_previous": ("series=board&date=2020-02-12",
                               {"series": "board", "change": "action done", "who": "Bob Ray",
                                "text": "send the slides", "previous_date": "2020-01-15"}),
    "feed": ("q=slides&person=Cat", {"kind": "statement", "who": "Cat Kim",
                                     "atom_updated": "2020-02-12T00:00:00+00:00"}),
}


def test_every_canned_query_returns_a_known_row(site_db):
    ds = build_datasette(site_db)
    queries = load_metadata()["databases"]["meetings"]["queries"]
    assert set(queries) == set(KNOWN_ROWS)  # a new query gets a known row here too
    for name, (params, expected) in KNOWN_ROWS.items():
        rows = get_rows(ds, f"/meetings/{name}.json?{params}")
        assert any(expected.items() <= r.items() for r in rows), (name, rows)
        assert get(ds, f"/meetings/{name}?{params}").status_code == 200, name


def test_overdue_actions_leave_out_done_and_not_yet_due(site_db):
    ds = build_datasette(site_db)
    rows = get_rows(ds, "/meetings/overdue_actions.json?as_of=2020-04-01")
    assert [r["owner"] for r in rows] == ["Dan Roe"]  # Bob Ray's 1.1 (due 01-17) was done
    assert get_rows(ds, "/meetings/overdue_actions.json?as_of=2020-03-31") == []


def test_changes_since_previous_meeting(site_db):
    ds = build_datasette(site_db)
    rows = [r for r in get_rows(ds, "/meetings/changes_since_previous.json?series=board"
                                    "&date=2020-02-12") if r["series"] == "board"]
    assert {(r["change"], r["who"]) for r in rows} == {
        ("action done", "Bob Ray"), ("action opened", "Involve"),
        ("attending this time", "Cat Kim"), ("not attending this time", "Bob Ray")}
    # no date: each series' latest meeting
    latest = get_rows(ds, "/meetings/changes_since_previous.json")
    assert {r["meeting_date"] for r in latest if r["series"] == "board"} == {"2020-02-12"}


def test_atom_feeds_for_a_search_a_person_and_a_commitment(site_db):
    ds = build_datasette(site_db)
    for params, title in [("q=slides", "Cat Kim: CCS would add the slides"),
                          ("person=Ann+Lee", "Ann Lee: draft the guidance"),
                          ("commitment=open+contracting",
                           "Bob Ray on Open Contracting: the pilot is on track")]:
        response = get(ds, f"/meetings/feed.atom?{params}")
        assert response.status_code == 200, params
        assert response.headers["content-type"].startswith("application/xml")
        assert "<feed" in response.text and f"<title>{title}" in response.text, params
    # a feed nothing matches yet still renders (datasette-atom needs one entry)
    empty = get(ds, "/meetings/feed.atom?q=nothing+says+this")
    assert empty.status_code == 200 and "Nothing matches yet" in empty.text
    # entry ids are tag: URIs naming the meeting and the item (no path of the server's), and
    # links are absolute, from the request's own address
    rows = get_rows(ds, "/meetings/feed.json?q=slides")
    ids = [r["atom_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"tag:kb,2025:meeting/\d+/[a-z-]+/\d+", i) for i in ids), ids
    assert all(str(site_db.parent) not in r["atom_content"] for r in rows)
    feed = get(ds, "/meetings/feed.atom?q=slides").text
    links = re.findall(r'<link href="([^"]+)"', feed)
    assert links and all(link.startswith("http://localhost/") for link in links), links
    assert re.search(r'<link href="http://localhost/-/meeting/\d+#s-\d+"', feed)


def test_who_said_what_reads_the_words_said_oldest_first_and_stops_at_a_thousand(tmp_path):
    from ingest import Meeting, Statement
    from kb.knowledge.rebuild import ensure_fresh
    from kb.storage.store import save_meeting

    db = open_db(tmp_path / "meetings.db")
    # three meetings saved newest first, so that import order is not date order; 1,005
    # statements say "pilot", and one more stands under a "Pilot" heading without saying it
    for n, day in enumerate(["2021-03-01", "2020-01-01", "2020-06-01"]):
        lines = [f"Vera Quill: pilot step {i} of {day}" for i in range(335)]
        text = "\n".join(lines + ["Omar Tesk: the budget is agreed"])
        offsets = [text.index(line) for line in lines]
        statements = [Statement(speaker="Vera Quill", text=line.split(": ", 1)[1],
                                section="Pilot", start=at, end=at + len(line))
                      for line, at in zip(lines, offsets)]
        statements.append(Statement(speaker="Omar Tesk", text="the budget is agreed",
                                    section="Pilot", start=text.index("Omar"), end=len(text)))
        save_meeting(db, Meeting(source=f"notes/m{n}.txt", text=text, date=day,
                                 title=f"Meeting {n}", statements=statements), series="s")
    ensure_fresh(db)
    db.close()
    ds = build_datasette(tmp_path / "meetings.db")
    page = get(ds, "/meetings/who_said_what.json?q=pilot&_shape=objects").json()
    rows = page["rows"]
    assert len(rows) == 1000 and page["truncated"]
    assert "Omar Tesk" not in {r["speaker"] for r in rows}  # the heading's word is not his
    dates = [r["meeting_date"] for r in rows]
    assert dates == sorted(dates) and dates[0] == "2020-01-01" and dates[-1] == "2021-03-01"
    assert rows[0]["text"] == "pilot step 0 of 2020-01-01"
