"""A large rebuild searches its series' prose reports in forked workers
(kb.knowledge.prose_pool): the ledger it writes is the one a rebuild in one process writes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from series_db import import_series

from kb.knowledge import prose_pool
from kb.knowledge.rebuild import rebuild
from kb.storage.store import open_db

LEDGER = ["actions", "action_mentions", "action_owners", "action_evidence"]


def _ledger(db) -> dict[str, list[tuple]]:
    return {t: db.execute(f'select * from "{t}" order by 1, 2').fetchall()  # noqa: S608
            for t in LEDGER}


def _pid_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_results_come_back_in_the_order_given_from_other_processes():
    tasks = [(k, (k,) if k % 3 else None) for k in range(20)]
    got = list(prose_pool.in_order(tasks, _pid_square, workers=2))
    assert [k for k, _ in got] == list(range(20))
    assert [r and r[1] for _, r in got] == [k * k if k % 3 else None for k in range(20)]
    assert {r[0] for _, r in got if r} - {os.getpid()}, "no worker process ran the function"
    assert list(prose_pool.in_order(tasks, _pid_square, workers=0)) == \
        [(k, (os.getpid(), k * k) if k % 3 else None) for k in range(20)]


def test_a_small_rebuild_stays_in_this_process():
    assert prose_pool.workers_for(prose_pool.PARALLEL_FROM - 1) == 0


# run in a fresh interpreter: the rebuild forks only where no other thread runs, and earlier
# tests in this process leave some (Datasette's, a parse pool's)
WITH_WORKERS = """
import json, os, sys
sys.path.insert(0, sys.argv[2])
from test_prose_pool import _ledger
from kb.knowledge import prose_pool
from kb.knowledge.rebuild import rebuild
from kb.storage.store import open_db
os.sched_getaffinity = lambda _: {0, 1}  # as on CI's two cores
prose_pool.PARALLEL_FROM = 0
used = []
real = prose_pool.in_order
prose_pool.in_order = lambda tasks, fn, workers: used.append(workers) or real(tasks, fn, workers)
db = open_db(sys.argv[1])
rebuild(db)
print(json.dumps({"workers": used, "ledger": _ledger(db)}))
"""


def test_the_ledger_built_with_workers_is_the_ledger_built_here(tmp_path, monkeypatch):
    path = import_series(tmp_path)
    db = open_db(path)
    monkeypatch.setattr(prose_pool, "PARALLEL_FROM", 10**9)
    rebuild(db)
    here = json.loads(json.dumps(_ledger(db)))  # tuples as the other process's JSON has them
    db.close()
    assert here["action_evidence"], "the fixtures' prose closes some action: the search matters"
    out = subprocess.run([sys.executable, "-c", WITH_WORKERS, str(path), str(Path(__file__).parent)],
                         capture_output=True, text=True, check=True).stdout
    there = json.loads(out)
    assert there["workers"] == [2]
    assert there["ledger"] == here
