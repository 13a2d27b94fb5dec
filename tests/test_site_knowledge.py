"""The Datasette pages over knowledge across meetings: canned queries, facets, labels,
metadata, on a real database file holding the two fixture series."""
from __future__ import annotations

import asyncio
import json

import pytest

from kb.storage.derived import DERIVED_TABLES, VIEWS
from kb.site.serve import build_datasette, load_metadata
from kb.storage.store import open_db

from series_db import ICAT_DATES, import_series

NEW_QUERIES = ["action_ledger", "people_directory", "person_meetings", "commitment_history",
               "series_meetings_in_order", "organisation_directory"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    path = import_series(tmp_path_factory.mktemp("site"))
    return path, build_datasette(path)


def rows(ds, path: str) -> list[dict]:
    separator = "&" if "?" in path else "?"
    response = asyncio.run(ds.client.get(f"{path}{separator}_shape=array"))
    assert response.status_code == 200, response.text
    return response.json()


def test_action_ledger_query(site):
    _, ds = site
    found = rows(ds, "/meetings/action_ledger.json?owner=Rolf&status=open&series=icat")
    (rolf,) = [r for r in found if r["ref"] == "102.1"]
    assert (rolf["owner"], rolf["opened"], rolf["closed"], rolf["series"]) == \
        ("Rolf", "2017-02-23", None, "icat-monthly")
    assert json.loads(rolf["meetings"])[:3] == ICAT_DATES[:3]
    everything = rows(ds, "/meetings/action_ledger.json")  # empty boxes: every action
    assert len(everything) > len(found) and rolf in everything
    assert rows(ds, "/meetings/action_ledger.json?status=dropped") == []


def test_people_queries(site):
    _, ds = site
    (dan,) = rows(ds, "/meetings/people_directory.json?name=Dan+Appelquist")
    # five board meetings list him by either spelling (six once the 2016-11-24 list is read)
    assert dan["name"] == "Daniel Appelquist" and dan["meetings_attended"] in (5, 6)
    meetings = rows(ds, "/meetings/person_meetings.json?name=Brian+Ritchie")
    attended = [m["meeting_date"] for m in meetings if m["attendance"] == "present"]
    assert attended == ["2017-02-23", "2017-04-27", "2017-05-25"]
    assert rows(ds, "/meetings/person_meetings.json") == []  # asks for a name


def test_commitment_series_and_organisation_queries(site):
    _, ds = site
    timeline = rows(ds, "/meetings/commitment_history.json?name=TopCAT")
    assert timeline and all(r["commitment"] == "TopCAT" for r in timeline)
    assert timeline[0]["meeting_date"] == "2017-02-23"
    icat = rows(ds, "/meetings/series_meetings_in_order.json?series=icat")
    assert [(r["position"], r["date"], r["previous_date"], r["next_date"]) for r in icat] == [
        (1, ICAT_DATES[0], None, ICAT_DATES[1]), (2, ICAT_DATES[1], ICAT_DATES[0], ICAT_DATES[2]),
        (3, ICAT_DATES[2], ICAT_DATES[1], ICAT_DATES[3]), (4, ICAT_DATES[3], ICAT_DATES[2], None)]
    (gds,) = rows(ds, "/meetings/organisation_directory.json?name=GDS")
    assert (gds["name"], gds["acronym"]) == ("Government Digital Service", "GDS")
    assert "GDS" in gds["aliases"].split("; ")


def test_every_new_query_runs_without_parameters(site):
    _, ds = site
    queries = load_metadata()["databases"]["meetings"]["queries"]
    assert set(NEW_QUERIES) <= set(queries)
    for name in NEW_QUERIES:
        for suffix in (".json", ""):
            response = asyncio.run(ds.client.get(f"/meetings/{name}{suffix}"))
            assert response.status_code == 200, name


def test_facets_and_labels_on_the_ledger(site):
    _, ds = site
    response = asyncio.run(ds.client.get("/meetings/actions.json?_labels=on"))
    data = response.json()
    assert {"status", "owner", "series_id"} <= set(data["facet_results"])
    first = data["rows"][0]
    columns = data["columns"]
    row = dict(zip(columns, first)) if isinstance(first, list) else first
    assert row["series_id"]["label"] == "Open Standards Board"
    assert row["opened_meeting_id"]["label"] == "Open Standards Board"
    orgs = asyncio.run(ds.client.get("/meetings/person_organisations.json")).json()
    assert "organisation_id" in orgs["facet_results"]


def test_metadata_describes_every_derived_table_view_and_column(site):
    path, _ = site
    tables = load_metadata()["databases"]["meetings"]["tables"]
    db = open_db(path)
    for name in [*DERIVED_TABLES, *VIEWS, "kb_state"]:
        assert tables[name].get("title") and tables[name].get("description"), name
        assert set(tables[name]["columns"]) == set(db[name].columns_dict), name
    for name in ("series", "people", "actions"):
        assert tables[name]["label_column"] in db[name].columns_dict


def test_every_derived_table_and_view_page_renders(site):
    _, ds = site
    for name in [*DERIVED_TABLES, *VIEWS]:
        response = asyncio.run(ds.client.get(f"/meetings/{name}"))
        assert response.status_code == 200, name
