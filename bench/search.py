"""Search latency: 50 different queries through the site and through `kb search`.

    python bench/search.py --json result.json --db DB --archive ARCHIVE [--library]

- the site: `kb serve --db DB` started as a real server (uvicorn) on a free port of
  127.0.0.1; each query is one HTTP GET (keep-alive) of
    ``/-/search?q=Q`` (kb's search page, HTML: the one search, first page of 20),
    ``/<db>/search.json?q=Q`` (the same search as the `search` canned query),
    ``/<db>/meetings.json?_search=Q`` (the meetings table's full-text search: first page,
      count and facets, as the web page shows it),
    ``/<db>/search_items.json?_search=Q`` (the same on the table the search reads) and
    ``/<db>/who_said_what.json?q=Q`` (the canned query over statements alone);
  three queries not in the list are sent first, so start-up costs are not counted.
- `kb search --db DB --json Q`: the real command, run in this process through click's
  CliRunner (so each query pays what the command does: open the database, check the
  derived tables are fresh, query, print JSON, but not Python's start-up; that is measured
  apart, as `kb search` run as a process for 11 of the queries).
- ``--library``: for a database whose derived tables are stale (the copied 20,000), where
  `kb search` and `kb serve` would first rebuild them: ``kb.knowledge.queries.search`` on a database
  opened once (the FTS query `kb search` runs, without its freshness check) instead of the
  command, and the server started as ``kb.site.serve.serve`` (what `kb serve` runs after that check).
The queries are words and word pairs of the archive, from frequent to rare (``queries``).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

STOP = set("""about above after again against also because been before being below between
both could does doing down during each from further have having here into itself more most
must other over same should some such than that their them then there these they this those
through under until very what when where which while whom with would your will were shall
just only""".split())


def queries(archive: Path, n: int = 50, seed: int = 7, sample: int = 300) -> list[str]:
    """``n`` different queries from ``sample`` notes spread over ``archive``: 20 frequent
    words, 15 less frequent ones, 10 frequent pairs of adjacent words, 5 capitalised words
    (names, organisations)."""
    words, pairs, caps = Counter(), Counter(), Counter()
    files = sorted(p for p in archive.rglob("*") if p.is_file())
    for path in files[::max(1, len(files) // sample)]:
        tokens = re.findall(r"[A-Za-z][a-z]+|[A-Z]+", path.read_text(encoding="utf-8"))
        low = [t.lower() for t in tokens]
        words.update(w for w in low if len(w) >= 4 and w not in STOP)
        pairs.update(f"{a} {b}" for a, b in zip(low, low[1:])
                     if len(a) >= 4 and len(b) >= 4 and a not in STOP and b not in STOP)
        caps.update(t for t in tokens[1:]
                    if t[0].isupper() and len(t) >= 4 and t.lower() not in STOP)
    rng = random.Random(seed)
    ranked = [w for w, _ in words.most_common()]
    picked = rng.sample(ranked[:150], 20) + rng.sample(ranked[150:1500], 15)
    picked += rng.sample([p for p, _ in pairs.most_common(100)], 10)
    picked += rng.sample([c for c, _ in caps.most_common(200) if c.lower() not in picked], 5)
    assert len(set(picked)) == n, picked
    return picked


def percentiles(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    q = statistics.quantiles(ms, n=20)  # q[9] = p50, q[18] = p95
    return {"p50_ms": round(q[9], 1), "p95_ms": round(q[18], 1), "max_ms": round(ms[-1], 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kb_command() -> list[str]:
    return [str(Path(sys.executable).with_name("kb"))]


def datasette(db: Path, qs: list[str], direct: bool = False) -> dict:
    port = free_port()
    command = [*kb_command(), "serve", "--db", str(db), "--port", str(port)]
    if direct:  # kb serve would first rebuild the derived tables: serve kb's site as it is
        command = [sys.executable, "-c", "import sys; from kb.site.serve import serve; "
                   "serve(sys.argv[1], port=int(sys.argv[2]))", str(db), str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    name = db.stem
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/-/versions.json").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("kb serve did not start")
                time.sleep(0.2)
            endpoints = {"search_page": ("/-/search", "q"),
                         "search_query": ("/{}/search.json", "q"),
                         "table_search": ("/{}/meetings.json", "_search"),
                         "items_table_search": ("/{}/search_items.json", "_search"),
                         "who_said_what": ("/{}/who_said_what.json", "q")}
            out = {}
            for label, (path, param) in endpoints.items():
                for warm in ("warm", "up", "query"):
                    client.get(path.format(name), params={param: warm})
                seconds, rows = [], 0
                for q in qs:
                    t = time.perf_counter()
                    r = client.get(path.format(name), params={param: q, "_shape": "objects"})
                    seconds.append(time.perf_counter() - t)
                    r.raise_for_status()
                    rows += (r.text.count('<li class="kb-result ') if path.startswith("/-/")
                             else len(r.json()["rows"]))
                out[label] = percentiles(seconds) | {"rows_returned": rows}
            return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def kb_search_cli(db: Path, qs: list[str]) -> dict:
    from click.testing import CliRunner

    from kb.cli import cli

    runner = CliRunner()

    def search(q: str) -> list:
        result = runner.invoke(cli, ["search", "--db", str(db), "--json", q])
        if result.exit_code not in (0, 1):  # 1: nothing matched
            raise RuntimeError(f"kb search {q!r}: {result.output or result.exception}")
        return json.loads(result.stdout)

    search("warm")
    seconds, rows = [], 0
    for q in qs:
        t = time.perf_counter()
        rows += len(search(q))
        seconds.append(time.perf_counter() - t)
    process = []
    for q in qs[:11]:
        t = time.perf_counter()
        subprocess.run([*kb_command(), "search", "--db", str(db), "--json", q],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ)
        process.append(time.perf_counter() - t)
    return percentiles(seconds) | {"rows_returned": rows,
                                   "process_median_ms": round(statistics.median(process) * 1000)}


def kb_search_library(db: Path, qs: list[str]) -> dict:
    import sqlite3

    from kb.knowledge.search import search

    conn = sqlite3.connect(db)
    search(conn, "warm")
    seconds, rows = [], 0
    for q in qs:
        t = time.perf_counter()
        rows += len(search(conn, q).rows)
        seconds.append(time.perf_counter() - t)
    return percentiles(seconds) | {"rows_returned": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--archive", type=Path, required=True, help="where the queries come from")
    ap.add_argument("--library", action="store_true", help="see above")
    args = ap.parse_args()
    qs = queries(args.archive)
    from kb.cli import cli

    result = {"queries": len(qs), "datasette": datasette(args.db, qs, direct=args.library)}
    if args.library or "search" not in cli.commands:
        result["kb_search_library"] = kb_search_library(args.db, qs)
    else:
        result["kb_search"] = kb_search_cli(args.db, qs)
    args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
