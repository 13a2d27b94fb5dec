"""kb's own pages (kb.site.pages through kb.site.plugin): home, search, meeting, person, organisation,
commitment, people, open actions, and the dashboard, over the ``site_db`` fixture."""
from __future__ import annotations

import asyncio
import html
import re

import pytest

from kb.site.serve import build_datasette, load_metadata
from kb.storage.store import open_db


@pytest.fixture
def site(site_db):
    return open_db(site_db), build_datasette(site_db)


def page(ds, path: str) -> str:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:2000])
    return response.text


def the_meeting(db, date: str) -> dict:
    (m,) = db.query("select * from meetings where series = 'handmade' and date = ?", [date])
    return m


def person_id(db, name: str) -> int:
    return db.execute("select id from people where name = ?", [name]).fetchone()[0]


def test_meeting_page_marks_each_item_at_its_offsets(site):
    db, ds = site
    m = the_meeting(db, "2020-01-15")
    text = page(ds, f"/-/meeting/{m['id']}")
    note = text[text.index('<article class="kb-note"'):text.index("</article>")]
    for table, letter in [("statements", "s"), ("action_items", "a"), ("decisions", "d"),
                          ("commitment_updates", "u"), ("attendance", "p")]:
        for row in db.query(f"select id, start, end from {table} where meeting_id = ?",
                            [m["id"]]):
            # the mark's text, tags removed, is the note's text between the stored offsets
            match = re.search(rf'id="{letter}-{row["id"]}"[^>]*>(.*?)</mark>', note, re.S)
            assert match, (table, row)
            marked = html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
            assert m["text"][row["start"]:row["end"]].startswith(marked), (table, marked)
            # and the list beside the note links to it
            assert f'href="#{letter}-{row["id"]}"' in text, (table, row)
    # names link to their person and organisation pages, the update to its commitment
    assert f'href="/-/person/{person_id(db, "Ann Lee")}"' in note
    (home_office,) = db.query("select id from organisations where name = 'Home Office'")
    assert f'/-/organisation/{home_office["id"]}"' in text
    (oc,) = db.query("select id from commitments where name = 'Open Contracting'")
    assert f'href="/-/commitment/{oc["id"]}"' in text


def test_meeting_page_links_to_the_previous_and_next_meeting(site):
    db, ds = site
    first, second = the_meeting(db, "2020-01-15"), the_meeting(db, "2020-02-12")
    assert f'href="/-/meeting/{second["id"]}"' in page(ds, f"/-/meeting/{first['id']}")
    text = page(ds, f"/-/meeting/{second['id']}")
    assert f'href="/-/meeting/{first["id"]}"' in text
    assert "changes_since_previous?series=board" in text


def test_search_page_links_speakers_meetings_and_commitments(site):
    db, ds = site
    text = page(ds, "/-/search?q=slides")
    assert f'<a class="kb-person" href="/-/person/{person_id(db, "Cat Kim")}">Cat Kim</a>' in text
    assert "<mark>slides</mark>" in text
    cat = db.execute("select id from statements where speaker = 'Cat Kim'").fetchone()[0]
    assert f'#s-{cat}"' in text  # to the statement's place in its note
    assert "/meetings/feed.atom?q=slides" in text  # follow this search
    text = page(ds, "/-/search?q=pilot")
    assert "/-/commitment/" in text and "Open Contracting" in text
    assert "Nothing in the notes matches" in page(ds, "/-/search?q=zzqx+nothing")
    page(ds, "/-/search")  # no search yet
    page(ds, '/-/search?q="unbalanced (')


def test_person_page(site):
    db, ds = site
    text = page(ds, f"/-/person/{person_id(db, 'Ann Lee')}")
    assert "<h1>Ann Lee</h1>" in text
    assert "departments are publishing their open data plans" in text
    assert "draft the guidance" in text  # her action
    assert "Home Office" in text
    assert "/meetings/feed.atom?person=Ann%20Lee" in text
    bob = page(ds, f"/-/person/{person_id(db, 'Bob Ray')}")
    assert "Also written as Bob" in bob


def test_organisation_commitment_people_and_open_actions_pages(site):
    db, ds = site
    (ccs,) = db.query("select id from organisations where name = 'Crown Commercial Service'")
    text = page(ds, f"/-/organisation/{ccs['id']}")
    assert "Crown Commercial Service" in text and "CCS would add the slides" in text
    (oc,) = db.query("select id from commitments where name = 'Open Contracting'")
    text = page(ds, f"/-/commitment/{oc['id']}")
    assert "the pilot is on track" in text and "/meetings/feed.atom?commitment=" in text
    text = page(ds, "/-/people")
    assert f'href="/-/person/{person_id(db, "Cat Kim")}"' in text
    text = page(ds, "/-/open-actions")
    assert "consult civil society groups" in text and "draft the guidance" in text
    assert "send the slides" not in text  # done at the second meeting
    text = page(ds, "/-/open-actions?owner=Involve")
    assert "consult civil society groups" in text and "draft the guidance" not in text


def test_home_page_lists_series_meetings_and_commitments(site):
    db, ds = site
    text = page(ds, "/")
    m = the_meeting(db, "2020-01-15")
    assert f'href="/-/meeting/{m["id"]}"' in text
    assert "Open Contracting" in text and 'action="/-/search"' in text


@pytest.mark.parametrize("path", ["/-/meeting/999999", "/-/person/999999",
                                  "/-/organisation/999999", "/-/commitment/999999"])
def test_unknown_ids_are_not_found(site, path):
    _, ds = site
    assert asyncio.run(ds.client.get(path)).status_code == 404


def test_query_results_link_ids_to_pages(site):
    db, ds = site
    text = page(ds, "/meetings/who_said_what?q=slides")
    assert re.search(r'<a href="/-/meeting/\d+">meeting \d+</a>', text)
    assert "/kb-static/kb.css" in text  # kb's stylesheet on Datasette's own pages too
    assert page(ds, "/kb-static/kb.css").startswith("/*")


def test_dashboard_renders_and_every_chart_query_runs(site):
    db, ds = site
    text = page(ds, "/-/dashboards/activity")
    assert "Activity across meetings" in text and "vega-lite.min.js" in text
    dashboard = load_metadata()["plugins"]["datasette-dashboards"]["activity"]
    for slug, chart in dashboard["charts"].items():
        # the plugin drops [[ ... ]] parts whose parameter is not given
        sql = re.sub(r"\[\[.*?\]\]", "", chart["query"])
        rows = list(db.query(sql))
        assert rows, slug
        assert page(ds, f"/-/dashboards/activity/{slug}")
    rows = list(db.query(re.sub(r"\[\[(.*?)\]\]", r"\1",
                                dashboard["charts"]["per-meeting"]["query"]),
                         {"series": "board"}))
    assert {(r["meeting"], r["change"], r["actions"]) for r in rows} >= {
        ("2020-01-15", "opened", 2), ("2020-02-12", "closed", 1)}


def test_pages_escape_what_they_echo(site):
    _, ds = site
    text = page(ds, "/-/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text
    text = page(ds, "/-/open-actions?owner=%3Cb%3Ex")
    assert "<b>x" not in text


def test_pages_only_read(site):
    _, ds = site
    response = asyncio.run(ds.client.post("/-/search?q=slides", data={"q": "x"}))
    assert response.status_code == 405
