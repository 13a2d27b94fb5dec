"""The fast path to a 20,000-note database: an imported one, copied K times over in SQL.

    python bench/replicate.py --db bench/out/db-2000.db --archive bench/out/archive-2000 \\
        --copies 10 --out-db bench/out/db-20000.db --out-archive bench/out/replica-20000

Parsing 20,000 notes takes longer than `make bench` may (see RESULTS.md), so the 20,000-note
database is the 2,000-note one ten times: copy k of a note is the note file hard-linked at
``<out-archive>/<series>-copy<k>/<file>`` (so each copy is a series of its own, as series
are in the 20,000-note archive) and its rows (``meetings`` and every table of kb.storage.schema that
hangs off a meeting) inserted again with shifted ids, so the FTS triggers index it as an
import would. People, organisations and commitments are shared, as the same names would be.
With ``--knowledge``, ``kb.knowledge.rebuild.ensure_fresh`` (what `kb import` runs last) then
rebuilds the derived tables, timed; without it they still describe the 2,000 originals.
A later `kb import` of ``<out-archive>`` finds every note file unchanged.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from kb.storage import schema
from kb.storage.search_index import KINDS


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'pragma table_info("{table}")')]


def replicate(db: Path, archive: Path, copies: int, out_db: Path, out_archive: Path,
              knowledge: bool = False) -> dict:
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out_db}{suffix}").unlink(missing_ok=True)
    src = sqlite3.connect(db)
    dst = sqlite3.connect(out_db)
    src.backup(dst)
    src.close()
    tables = ["meetings"] + [t for t in schema.MEETING_CHILD_TABLES if t != "meetings"]
    offset = {t: dst.execute(f'select coalesce(max(id), 0) from "{t}"').fetchone()[0]
              for t in tables}
    # archive-2000/<series>/<file> becomes replica-20000/<series>-copy<k>/<file>, series
    # "<series>-copy<k>": each copy is a series of its own, as in a real 20,000-note archive
    bad = dst.execute("select count(*) from meetings where path not like ? || series || '/%'",
                      [f"{archive.name}/"]).fetchone()[0]
    if bad:
        sys.exit(f"{db}: {bad} meetings are not at {archive.name}/<series>/<file>")

    def renamed(k: int) -> dict[str, str]:
        return {c: f"replace(\"{c}\", '{archive.name}/' || series || '/', "
                   f"'{out_archive.name}/' || series || '-copy{k}/')" for c in ("path", "source")} \
            | {"series": f"series || '-copy{k}'"}

    with dst:
        for k in range(1, copies):
            for t in tables:
                shift = {"id": t} | {col: other for col, other, _ in
                                     schema.FOREIGN_KEYS.get(t, []) if other in offset}
                cols = columns(dst, t)
                exprs = {c: f'"{c}" + {k * offset[shift[c]]}' if c in shift else f'"{c}"'
                         for c in cols} | (renamed(k) if t == "meetings" else {})
                if t == "search_items":  # item_id points into the table its kind names
                    exprs["item_id"] = "item_id + case kind " + " ".join(
                        f"when '{kind}' then {k * offset[table]}"
                        for kind, (table, _) in KINDS.items()) + " end"
                names = ", ".join(f'"{c}"' for c in cols)
                dst.execute(f'insert into "{t}" ({names}) select '
                            f'{", ".join(exprs[c] for c in cols)} from "{t}" where id <= {offset[t]}')
        # the originals are copy 0: only their names change
        dst.execute("update meetings set " + ", ".join(
            f'"{c}" = {e}' for c, e in renamed(0).items()) + f" where id <= {offset['meetings']}")
    dst.close()
    copied = time.perf_counter() - started

    if out_archive.exists():
        shutil.rmtree(out_archive)
    for p in (p for p in archive.rglob("*") if p.is_file()):
        for k in range(copies):
            target = out_archive / f"{p.parent.name}-copy{k}" / p.name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(p, target)
    result = {"meetings": dst_count(out_db), "seconds_copy": round(copied, 2)}
    if knowledge:
        from kb.knowledge.rebuild import ensure_fresh  # what `kb import` runs after storing notes
        from kb.storage.store import open_db

        t = time.perf_counter()
        ensure_fresh(open_db(out_db))
        result["seconds_knowledge"] = round(time.perf_counter() - t, 2)
        result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result | {"db_mb": round(out_db.stat().st_size / 2**20, 1)}


def dst_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from meetings").fetchone()[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--archive", type=Path, required=True)
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--out-db", type=Path, required=True)
    ap.add_argument("--out-archive", type=Path, required=True)
    ap.add_argument("--knowledge", action="store_true",
                    help="rebuild the derived tables (kb.knowledge.rebuild) too, and time it")
    args = ap.parse_args()
    result = replicate(args.db, args.archive, args.copies, args.out_db, args.out_archive,
                       args.knowledge)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
