"""The two real series in tests/fixtures, imported once per test module through the parser.

ICAT monthly meetings 104-107 and nine UK Open Standards Board meetings (see
tests/fixtures/SOURCES.md), in one database: they are two series, and what the knowledge base
derives from one must not leak into the other.
"""
from __future__ import annotations

from pathlib import Path

from kb.importer import import_paths
from kb.storage.store import open_db

FIXTURES = Path(__file__).parent / "fixtures"
ICAT = FIXTURES / "icat-monthly"
BOARD = FIXTURES / "uk-open-standards-board"
ICAT_DATES = ["2017-02-23", "2017-03-23", "2017-04-27", "2017-05-25"]


def import_series(folder: Path) -> Path:
    """A database file in ``folder`` holding both fixture series."""
    path = folder / "meetings.db"
    db = open_db(path)
    report = import_paths(db, [ICAT, BOARD])
    assert report.failed == 0, report.failures
    assert report.added == 13
    db.close()
    return path
