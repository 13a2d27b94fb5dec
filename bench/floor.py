"""The floor: the archive's notes through `spacy.blank("en")` tokenization alone.

    python bench/floor.py --json result.json ARCHIVE

The notes are the files `kb import` would take (``kb.importer.iter_note_files``), read into
plain text by the same loader (``ingest.read_note``) before the clock starts; then only
``nlp.pipe`` over those texts is timed, one process, spaCy's default batch size.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import spacy

import ingest
from kb.importer import iter_note_files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("archive", type=Path)
    args = ap.parse_args()

    t = time.perf_counter()
    texts = [ingest.read_note(path).text for path in iter_note_files([args.archive])]
    read = time.perf_counter() - t
    t = time.perf_counter()
    nlp = spacy.blank("en")
    load = time.perf_counter() - t
    tokens = 0
    t, c = time.perf_counter(), time.process_time()
    for doc in nlp.pipe(texts):
        tokens += len(doc)
    pipe, pipe_cpu = time.perf_counter() - t, time.process_time() - c
    args.json.write_text(json.dumps({
        "notes": len(texts), "tokens": tokens, "seconds_read": round(read, 3),
        "seconds_load": round(load, 3), "seconds_pipe": round(pipe, 3),
        "cpu_seconds_pipe": round(pipe_cpu, 3), "cpu_seconds_total": round(time.process_time(), 3),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, indent=1) + "\n")


if __name__ == "__main__":
    main()
