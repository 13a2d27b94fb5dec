"""The prose-report searches of a large rebuild, in forked worker processes.

``prose_reports.find_reports`` is almost half of a rebuild (2.4 of 5.4 s at 2,000 notes,
bench/RESULTS.md), and that rebuild ran alone at the end of ``kb import`` with a core idle.
One series' search needs nothing of another's, so while this process (which holds the
rebuild's write transaction) gathers the next series' actions, workers search the earlier
series'. A worker gets only the search's arguments and gives back only its evidence: it never
touches the database whose connection it was forked holding.

Workers are forked, never spawned (a spawned worker would import kb afresh, longer than the
searches take), and only where forking is safe: no other thread runs. Elsewhere, and for a
small rebuild, the searches run here, one after the other; the results are the same.

>>> list(in_order([("a", (1, 2)), ("b", None)], max, workers=0))
[('a', 2), ('b', None)]
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from kb.processes import can_fork, cores

T = TypeVar("T")
R = TypeVar("R")

# meetings a rebuild must hold before workers pay: forking one costs some 10 ms, and a small
# series' search takes less
PARALLEL_FROM = 400
# series whose searches are in flight, per worker: enough that a worker does not wait, few
# enough that the series' gathered actions do not pile up in memory
WINDOW = 2


def workers_for(meetings: int) -> int:
    """How many workers search a rebuild of ``meetings`` notes: one per core (this process
    mostly waits on them: it gathers a series' actions in less time than a search takes), and
    none for a small rebuild, on one core, or where forking is not safe."""
    if meetings < PARALLEL_FROM or not can_fork():
        return 0
    n = cores()
    return 0 if n < 2 else n


def in_order(tasks: Iterable[tuple[T, tuple | None]], fn: Callable[..., R], workers: int
             ) -> Iterator[tuple[T, R | None]]:
    """``(item, fn(*args))`` for each ``(item, args)`` of ``tasks``, in their order (``None``
    for args of None), with ``fn`` run by ``workers`` forked processes (0: here).

    ``tasks`` is read ahead by at most ``WINDOW`` items per worker, so what it makes for each
    item is in memory for a few items only. ``fn`` and its arguments must pickle.
    """
    if workers < 1:
        for item, args in tasks:
            yield item, (fn(*args) if args is not None else None)
        return
    pending: deque[tuple[T, Future | None]] = deque()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        tasks = iter(tasks)

        def fill() -> None:
            while len(pending) < workers * WINDOW:
                task = next(tasks, None)
                if task is None:
                    return
                item, args = task
                pending.append((item, pool.submit(fn, *args) if args is not None else None))

        fill()
        while pending:
            item, future = pending.popleft()
            result: Any = future.result() if future is not None else None
            fill()
            yield item, result
