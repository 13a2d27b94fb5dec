"""Bad requests to a real ``kb serve`` get a readable 400, 404 or 405, never a 500, and leave
no traceback in the server's log; a 100 KB search is answered (how fast is bench/load.py's).

Over real HTTP, as a visitor's browser or a script would send them. The 100 KB search goes
through http.client: httpx refuses to send an address over 64 KB at all.
"""
from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path

import httpx
import pytest

from kb.importer import import_paths
from kb.storage.store import open_db

from conftest import FIXTURE_NOTES
from kbproc import kb_server

BAD = [
    ("GET", "/-/search?q=a%00b", 400),
    ("GET", "/-/search?q=open&since=yesterday", 400),
    ("GET", "/-/search?q=open&page=0", 400),
    ("GET", "/-/person/99999999999999999999999", 404),
    ("GET", "/-/meeting/9223372036854775808", 404),
    ("GET", "/-/meeting/9223372036854775807", 404),
    ("GET", "/-/meeting/0", 404),
    ("GET", "/-/meeting/1/extra", 404),
    ("GET", "/-/commitment/1/2/3", 404),
    ("GET", "/-/no-such-page", 404),
    ("GET", "/meetings/statements/99999999999999999999999", 404),
    ("POST", "/meetings/search", 405),
    ("POST", "/meetings/who_said_what?q=slides", 405),
    ("PUT", "/-/search?q=slides", 405),
    ("DELETE", "/meetings/meetings/1", 405),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    path = root / "meetings.db"
    db = open_db(path)
    assert import_paths(db, [FIXTURE_NOTES]).failed == 0
    db.close()
    log = root / "serve.log"
    with kb_server(path, log) as url:
        yield url, log


def test_bad_requests_get_400_404_405_and_no_traceback(server):
    url, log = server
    with httpx.Client(base_url=url, timeout=30) as client:
        for method, path, status in BAD:
            response = client.request(method, path)
            assert response.status_code == status, (method, path, response.text[:300])
            assert "Traceback" not in response.text, path
            if status != 405:  # kb's and Datasette's error pages say what went wrong
                assert "<html" in response.text.lower(), path
        assert client.get("/-/search", params={"q": "a\x00b"}).text.count(
            "contains a control character") == 1
        # the archive still answers after all that
        assert client.get("/").status_code == 200
    text = log.read_text()
    assert '"GET /-/meeting/1/extra HTTP/1.1" 404' in text  # the log is the server's
    assert "Traceback" not in text and "Exception" not in text, text[-3000:]
    assert " 500 " not in text


def test_a_100_kb_search_is_answered(server):
    url, log = server
    words = " ".join(f"word{i % 997}" for i in range(17_000))[:100_000]
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("GET", "/-/search?" + urllib.parse.urlencode({"q": words}))
    response = conn.getresponse()
    body = response.read().decode("utf-8")
    conn.close()
    assert len(words) == 100_000
    assert response.status == 200, body[:500]
    assert "Searched for the first 32 words only" in body
    assert "Traceback" not in log.read_text()
