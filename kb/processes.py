"""The machine's cores, and whether this process may fork one of its own.

The parse pool (``kb.parse_pool``) and the rebuild's prose searches
(``kb.knowledge.prose_pool``) both ask. Forking a process that runs other threads can copy a
lock another thread holds, so a fork is safe only while this one thread runs.

May import: nothing of kb or ingest.
"""
from __future__ import annotations

import multiprocessing
import os
import threading


def cores() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether a worker may be forked here: fork exists and no other thread runs."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
