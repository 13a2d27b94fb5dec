"""Long searches and the site under them: a 100 KB search answers within 2 s, and the home
page stays under 1 s while 4 such searches run at once (issue 11).

    python bench/load.py [--db DB] [--json result.json] [--seconds 10]

Starts a real `kb serve` on a free port of 127.0.0.1 (over DB, or over a new database of the
bundled notes/ when none is given) and sends, over plain HTTP (http.client: httpx will not
send an address over 64 KB):

1. alone, 5 times each: /-/search with a 100 KB search text, of "open " repeated (the issue's
   case) and of 100 KB of different words, and the `search` canned query with the latter;
2. then, from 4 threads at once for --seconds, 100 KB searches one after the other, while
   this thread fetches the home page (/) and a meeting page again and again.

Prints (and with --json writes) the latencies: each request's round trip, in ms.
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search import free_port, kb_command  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZE = 100_000


def texts() -> dict[str, str]:
    repeated = ("open " * (SIZE // 5))[:SIZE]
    different = " ".join(f"word{i}" for i in range(SIZE // 6))[:SIZE]
    return {"open repeated": repeated, "different words": different}


def get(port: int, path: str) -> tuple[float, int, int]:
    """(seconds, status, bytes) of one GET on a fresh connection."""
    t = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return time.perf_counter() - t, response.status, len(body)


def summary(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 1), "max_ms": round(ms[-1], 1)}


def start(db: Path, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    out = open(log, "w")
    server = subprocess.Popen([*kb_command(), "serve", "--db", str(db), "--port", str(port)],
                              stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while True:
        try:
            if get(port, "/-/versions.json")[1] == 200:
                return server, port
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError(f"kb serve did not start: {log.read_text()}")
        time.sleep(0.2)


def run(db: Path, seconds: float, log: Path) -> dict:
    server, port = start(db, log)
    name = db.stem
    result: dict = {"db": str(db)}
    try:
        get(port, "/")  # start-up costs out of the figures
        alone = {}
        for label, q in texts().items():
            path = "/-/search?" + urllib.parse.urlencode({"q": q})
            runs = [get(port, path) for _ in range(5)]
            alone[f"/-/search, {label}"] = summary([r[0] for r in runs]) | {
                "status": sorted({r[1] for r in runs})}
        q = texts()["different words"]
        runs = [get(port, f"/{name}/search.json?" + urllib.parse.urlencode({"q": q}))
                for _ in range(5)]
        alone["search canned query, different words"] = summary([r[0] for r in runs]) | {
            "status": sorted({r[1] for r in runs})}
        result["alone"] = alone

        stop = time.monotonic() + seconds
        searches: list[tuple[float, int, int]] = []
        paths = ["/-/search?" + urllib.parse.urlencode({"q": q}) for q in texts().values()]

        def search_loop(i: int) -> None:
            while time.monotonic() < stop:
                searches.append(get(port, paths[i % 2]))

        threads = [threading.Thread(target=search_loop, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.5)  # let the four searches get going
        home, meeting = [], []
        while time.monotonic() < stop:
            home.append(get(port, "/"))
            meeting.append(get(port, "/-/meeting/1"))
        for t in threads:
            t.join()
        result["under_4_searches"] = {
            "home": summary([r[0] for r in home]) | {"status": sorted({r[1] for r in home})},
            "meeting": summary([r[0] for r in meeting]) | {
                "status": sorted({r[1] for r in meeting})},
            "searches": summary([r[0] for r in searches]) | {
                "status": sorted({r[1] for r in searches})},
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["traceback_in_log"] = "Traceback" in log.read_text()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="default: a new database of notes/")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--seconds", type=float, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "meetings.db"
            subprocess.run([*kb_command(), "import", "--db", str(db), str(ROOT / "notes")],
                           check=True, stdout=subprocess.DEVNULL)
        result = run(db, args.seconds, Path(tmp) / "serve.log")
    text = json.dumps(result, indent=1)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
