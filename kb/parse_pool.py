"""Parse note files in worker processes, handing the results back in the order given.

Parsing is pure CPU work on one file at a time and most of an import's time (bench/RESULTS.md),
so ``kb import`` spreads it over the machine's cores; storing stays in the one process that
holds the database, so each note is still one transaction and ids are given out in file order,
exactly as an import in one process gives them.

- Each worker loads the spaCy pipeline (and the optional model, ``ingest.nlp.model``) once, in its
  initializer, with the model setting of the process that started it.
- At most ``WINDOW`` files per worker are in flight: parsed notes waiting to be stored would
  otherwise pile up in memory whenever storing is the slower side.
- A worker that dies (killed, out of memory, a crash in native code) breaks the pool: a fresh
  pool parses the note that was waited on alone, and only when it breaks that one too does the
  note fail; the others go on.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Present: Ann Lee, Bob Ray\\n")
>>> _ = (folder / "b.txt").write_text("")
>>> [(p.name, type(r).__name__) for p, r in parse_files([folder / "a.txt", folder / "b.txt"], 2)]
[('a.txt', 'Meeting'), ('b.txt', 'ParseError')]
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from kb import processes

if TYPE_CHECKING:
    import ingest

# files per worker submitted ahead of the one being stored: enough that a worker never waits
# for work, few enough that memory does not grow with the archive
WINDOW = 4
# allocations between two collections of the youngest generation in a worker (700 by default)
GC_THRESHOLD = 10_000
# Below this many notes per worker a pool costs more than it saves: each worker loads the
# pipeline (about 1.2 s, bench/RESULTS.md) where one process parses a note in about 0.1 s.
MIN_PER_WORKER = 8


def default_jobs() -> int:
    """The number of cores this process may run on."""
    return processes.cores()


def workers_for(files: int, jobs: int | None) -> int:
    """How many workers parse ``files`` notes: ``jobs`` when asked for (never more than the
    notes), else one per core for a large import and none (this process) for a small one.

    >>> workers_for(2000, None) == min(default_jobs(), 250), workers_for(3, None)
    (True, 1)
    >>> workers_for(3, 2), workers_for(1, 4), workers_for(0, 4)
    (2, 1, 1)
    """
    if jobs is None:
        jobs = min(default_jobs(), files // MIN_PER_WORKER)
    return max(1, min(jobs, files))


def _exit_with_parent(parent: int) -> None:
    """A worker whose import was killed outright (SIGKILL, the OOM killer) would wait on its
    queue for ever, holding a parser's memory: it ends once it has a new parent."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _start_worker(model: str | None) -> None:
    """Worker initializer: the parent's model setting, and the pipeline loaded once."""
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if model is None:
        os.environ.pop("KB_MODEL", None)
    else:
        os.environ["KB_MODEL"] = model
    import ingest
    from ingest.nlp import model as ingest_model
    from ingest.nlp.pipeline import get_nlp

    get_nlp()
    if ingest_model.enabled():
        ingest_model._nlp()
    # the first parse of a process loads the word lists (ingest.lexicon): before any note's
    ingest.parse_text("Present: Ann Lee (Acme)\n\nACTION: Ann Lee to send the notes.\n")
    # The pipeline, word lists and caches loaded so far (100,000 objects) live as long as the
    # worker: left out of the collector's full passes, which walked them all every few hundred
    # notes (0.3 of 0.4 ms a note spent collecting, bench/RESULTS.md)
    gc.freeze()
    # A parse leaves little cyclic garbage, but allocates enough to run the youngest
    # generation's collection almost twice a note (0.11-0.13 ms): a tenth of that at a
    # threshold of 10,000, with the same peak memory over 400 notes (bench/RESULTS.md)
    gc.set_threshold(GC_THRESHOLD, 10, 10)


def _parse(path: Path) -> ingest.Meeting:
    from kb.importer import parse_note_file  # looked up when called, as bench/kb_import.py wraps it

    return parse_note_file(path)


def _context() -> multiprocessing.context.BaseContext:
    # fork starts a worker in milliseconds with ingest already imported. Forking a process
    # that runs other threads can copy a lock another thread holds, so then (and where there
    # is no fork) spawn, which starts each worker afresh.
    fork = processes.can_fork()
    return multiprocessing.get_context("fork" if fork else "spawn")


def start(jobs: int | None, empty: bool = False) -> Pool | None:
    """Workers started before it is known what there is to parse, so that they load the
    parser (about 1.2 s: most of a re-import of one changed note in 2,000) while this
    process reads and hashes the notes. One worker, or (``empty``: a database with no notes
    yet, where every note will be parsed) as many as the import will use: ``jobs``, else one
    per core. None where a worker cannot be forked (no fork, or other threads running:
    spawning one would take longer than parsing here), with one core, or ``jobs`` 1. Its
    owner closes it (``Pool.close(cancel=True)``).
    """
    if jobs == 1 or default_jobs() <= 1 or not processes.can_fork():
        return None
    try:
        pool = Pool((jobs or default_jobs()) if empty else 1)
        pool.executor.submit(_ready)  # with fork, the workers start at the first task
        return pool
    except (OSError, ImportError, NotImplementedError):
        return None


def _ready() -> None:
    """The task that starts a worker."""


class Pool:
    """``jobs`` worker processes, started afresh if one dies."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=_start_worker,
                                   initargs=(os.environ.get("KB_MODEL"),))

    def submit(self, path: Path) -> Future:
        try:
            return self.executor.submit(_parse, path)
        except BrokenProcessPool as e:  # a worker died since: seen when this note's turn comes
            broken: Future = Future()
            broken.set_exception(e)
            return broken

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()

    def close(self, cancel: bool = False) -> None:
        """Stop the workers: when they are done, or (``cancel``) at once, whatever they do."""
        if cancel:
            # a worker may still be loading the parser: end it rather than wait for it
            terminate = getattr(self.executor, "terminate_workers", None)  # Python 3.14
            if terminate is not None:
                terminate()
            else:
                for process in list((getattr(self.executor, "_processes", None) or {}).values()):
                    process.terminate()
        # waiting for the executor's own thread too, which would otherwise hold up the exit
        self.executor.shutdown(wait=True, cancel_futures=cancel)


def parse_files(files: Iterable[Path], jobs: int, pool: Pool | None = None
                ) -> Iterator[tuple[Path, ingest.Meeting | BaseException]]:
    """(file, its Meeting or the exception its parse raised) for each file, in order.

    ``jobs`` worker processes parse, or ``pool``'s (``start``; its owner closes it); with
    ``jobs`` 1 and no pool, or where no pool can be started (no process may be forked, no
    semaphores), the files are parsed here, one after the other.
    """
    files = iter(files)
    if pool is not None:
        yield from _parse_in_pool(pool, files, pool.jobs, own=False)
        return
    if jobs > 1:
        try:
            pool = Pool(jobs)
        except (OSError, ImportError, NotImplementedError):
            pool = None
        if pool is not None:
            yield from _parse_in_pool(pool, files, jobs)
            return
    yield from _parse_here(files)


def _parse_here(files: Iterable[Path]) -> Iterator[tuple[Path, ingest.Meeting | BaseException]]:
    from kb import importer

    for path in files:
        try:
            # looked up for each note, as bench/kb_import.py wraps it to time it
            yield path, importer.parse_note_file(path)
        except Exception as e:  # noqa: BLE001 - one bad note must not stop the others
            yield path, e


def _parse_in_pool(pool: Pool, files: Iterator[Path], jobs: int, own: bool = True
                   ) -> Iterator[tuple[Path, ingest.Meeting | BaseException]]:
    pending: deque[tuple[Path, Future]] = deque()
    cancel = True  # unless the loop runs to its end (an error, or the caller stopped early)
    try:
        def fill() -> None:
            while len(pending) < jobs * WINDOW:
                path = next(files, None)
                if path is None:
                    return
                pending.append((path, pool.submit(path)))

        try:
            fill()  # with fork, the workers start at the first submit
        except (OSError, ImportError, NotImplementedError):
            yield from _parse_here([*(p for p, _ in pending), *files])
            return
        while pending:
            path, future = pending.popleft()
            try:
                result: ingest.Meeting | BaseException = future.result()
            except BrokenProcessPool:
                result = _alone(pool, path)
                # the pool is new: the files that were in flight in the old one go again
                waiting = [p for p, _ in pending]
                pending.clear()
                pending.extend((p, pool.submit(p)) for p in waiting)
            except Exception as e:  # noqa: BLE001 - the worker's exception, for this note only
                result = e
            fill()
            yield path, result
        cancel = False
    finally:
        if own or cancel:
            pool.close(cancel)


def _alone(pool: Pool, path: Path) -> ingest.Meeting | BaseException:
    """Parse ``path`` in a fresh pool with nothing else in flight: if the pool breaks now, this
    note broke it."""
    import ingest

    pool.restart()
    try:
        return pool.submit(path).result()
    except BrokenProcessPool:
        pool.restart()
        return ingest.ParseError("the parser's process died while parsing this note")
    except Exception as e:  # noqa: BLE001
        return e
