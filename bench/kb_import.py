"""`kb import --db DB PATH...` run in this process, with timers around its parse and store steps.

    python bench/kb_import.py --json result.json --db DB [--jobs N] [--model] PATH...

It runs the real command (``kb.cli``) after wrapping ``kb.importer.parse_note_file`` and
``kb.importer.save_meeting`` (and ``ensure_fresh``, the knowledge brought up to date after
them) with timers (two ``perf_counter`` calls each), and every 100 notes records the
resident memory and the size of spaCy's string store. When the notes are parsed in worker
processes (``kb.parse_pool``), "parse" is this process waiting for them, and the workers'
CPU seconds and peak memory are counted apart (``RUSAGE_CHILDREN``). Writes one JSON
object: seconds in total (from interpreter start), in ``import_files``, in parse, store and
knowledge; the outcome counts; max RSS; the samples.
"""
from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from kb import cli, importer  # noqa: E402

try:
    from kb import parse_pool  # noqa: E402
except ImportError:  # a kb before the parallel import
    parse_pool = None  # noqa: N816

EVERY = 100


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def spacy_strings() -> int | None:
    pipeline = sys.modules.get("ingest.nlp.pipeline")
    if pipeline is None or not pipeline.get_nlp.cache_info().currsize:
        return None
    return len(pipeline.get_nlp().vocab.strings)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", type=Path, required=True, help="where to write the figures")
    ap.add_argument("--db", required=True)
    ap.add_argument("--no-knowledge", action="store_true",
                    help="skip the rebuild of the derived tables at the end (said in the JSON)")
    ap.add_argument("--jobs", help="kb import --jobs (default: kb's)")
    ap.add_argument("--model", action="store_true", help="kb import --model")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()

    # parse_wait: from asking for the next parsed note to having it (a parse here, or waiting
    # for a worker's)
    timers = {"parse": 0.0, "parse_wait": 0.0, "store": 0.0, "knowledge": 0.0,
              "import_files": 0.0}
    cpu = dict.fromkeys(timers, 0.0)  # CPU seconds: what other load on the machine inflates less
    counts = {"parse": 0, "store": 0}
    samples: list[dict] = []
    result: dict = {}

    def timed(name: str, fn):
        def wrapper(*a, **kw):
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                timers[name] += time.perf_counter() - t
                cpu[name] += time.process_time() - c
                if name in counts:
                    counts[name] += 1
        return wrapper

    original_import_files = importer.import_files

    def import_files(db, files, progress=None, **options):
        files = list(files)
        result["files"] = len(files)
        done = 0

        def tick(file):
            nonlocal done
            done += 1
            if done % EVERY == 0 or done == len(files):
                samples.append({"notes": done, "seconds": round(time.perf_counter() - T0, 2),
                                "rss_mb": round(rss_mb(), 1), "spacy_strings": spacy_strings()})
            if progress:
                progress(file)

        report = timed("import_files", original_import_files)(db, files, tick, **options)
        result["report"] = report.summary()
        return report

    # the CLI calls these by their names in kb.importer (kb.cli imports import_files from it
    # when the command runs), so that is where to wrap them
    importer.parse_note_file = timed("parse", importer.parse_note_file)
    importer.save_meeting = timed("store", importer.save_meeting)
    if hasattr(importer, "ensure_fresh"):  # the knowledge derived from all notes together
        importer.ensure_fresh = timed("knowledge", (lambda db: False) if args.no_knowledge
                                      else importer.ensure_fresh)
        result["knowledge_skipped"] = args.no_knowledge
    importer.import_files = import_files
    if parse_pool is not None:  # waiting for the workers' results counts as parse
        parse_files = parse_pool.parse_files

        def timed_results(files, jobs, *rest):
            result["jobs"] = jobs
            results = parse_files(files, jobs, *rest)
            wait = timed("parse_wait", lambda: next(results))
            while True:
                try:
                    yield wait()
                except StopIteration:
                    return

        parse_pool.parse_files = timed_results
    options = (["--jobs", args.jobs] if args.jobs else []) + (["--model"] if args.model else [])
    status = 0
    try:
        cli.cli.main(["import", "--db", args.db, *options, *args.paths], prog_name="kb",
                     standalone_mode=False)
    except SystemExit as e:  # exit 1: some notes failed; they are counted in the report
        status = e.code or 0
    result.update({
        "exit_status": status,
        "seconds_total": round(time.perf_counter() - T0, 3),
        "seconds": {k: round(v, 3) for k, v in timers.items()},
        "cpu_seconds_total": round(time.process_time(), 3),
        "cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
        "calls": counts,
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # the worker processes, once they have ended: their CPU, and the largest one's peak
        "cpu_seconds_workers": round(sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2]), 3),
        "max_rss_workers_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                                    / 1024, 1),
        "parser_version": importer.parser_fingerprint(),
        "samples": samples,
    })
    args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
