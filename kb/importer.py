"""Find note files and import them: a note that fails is reported, and the others go on.

>>> import tempfile
>>> from kb.store import open_db
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Present: Ann Lee\\n")
>>> _ = (folder / "b.xyz").write_text("not a note")   # skipped: not a note suffix
>>> [p.name for p in iter_note_files([folder])]
['a.txt']
>>> db = open_db(folder / "kb.db")
>>> import_paths(db, [folder]).summary()
'1 added, 0 updated, 0 unchanged, 0 failed'
>>> import_paths(db, [folder]).summary()
'0 added, 0 updated, 1 unchanged, 0 failed'
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

import ingest

from .store import UNCHANGED, note_key, save_meeting

# Documentation that sits among notes (notes/SOURCES.md) is not a meeting. Only skipped when
# found inside a folder: a file named on the command line is always imported.
NOT_NOTES = {"readme", "sources", "license", "licence", "changelog", "contributing"}


def iter_note_files(paths: Iterable[str | Path]) -> list[Path]:
    """The note files named by ``paths``, as a list (so a progress bar knows its length).

    A file is taken as given, whatever its suffix (an unsupported one then fails visibly on
    import). A folder is searched recursively for files with a suffix in ``ingest.SUFFIXES``,
    in sorted order, leaving out hidden files and folders and documentation such as
    ``README.md``. Duplicates are dropped.
    """
    found: dict[Path, None] = {}  # an ordered set
    for path in map(Path, paths):
        if not path.is_dir():
            found[path] = None
            continue
        for file in sorted(path.rglob("*")):
            rel = file.relative_to(path)
            if (file.is_file() and file.suffix.lower() in ingest.SUFFIXES
                    and not any(part.startswith(".") for part in rel.parts)
                    and file.stem.lower() not in NOT_NOTES):
                found[file] = None
    return list(found)


def failure_reason(path: str | Path, error: BaseException) -> str:
    """One line saying why ``path`` failed, without the path itself in front.

    >>> failure_reason("a.txt", ingest.ParseError("a.txt: empty file"))
    'empty file'
    >>> failure_reason("a.txt", ValueError("bad\\n  thing"))
    'ValueError: bad thing'
    """
    text = " ".join(str(error).split())
    if not isinstance(error, ingest.ParseError):
        text = f"{type(error).__name__}: {text}" if text else type(error).__name__
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def parse_note_file(path: str | Path) -> ingest.Meeting:
    """``ingest.parse_file``, except that any failure at all is a one-line ``ParseError``.

    A parser bug on one odd note must cost that note only, not the whole run.
    """
    try:
        return ingest.parse_file(path)
    except Exception as e:  # noqa: BLE001 - see docstring
        raise ingest.ParseError(failure_reason(path, e)) from e


@functools.cache
def parser_fingerprint() -> str:
    """A short hash of the ingest package's files (code, patterns, data).

    Stored with each meeting, so a re-import skips a note only when neither the note nor the
    parser has changed since it was stored.
    """
    root = Path(ingest.__file__).resolve().parent
    digest = hashlib.sha256()
    for file in sorted(root.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class ImportReport:
    """What an import did: counts by outcome, and each failure as (file, reason)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.failed} failed")


def import_files(db: Database, files: Iterable[Path],
                 progress: Callable[[Path], None] | None = None) -> ImportReport:
    """Import each note file (see ``iter_note_files``) into ``db``.

    A note whose bytes and parser are those already stored is not even parsed. A note that
    cannot be read, parsed or saved is recorded in ``failures`` and leaves whatever the
    database held for it before untouched (each save is one transaction).
    ``progress(file)`` is called after each file.
    """
    report = ImportReport()
    version = parser_fingerprint()
    stored = {row["path"]: (row["file_hash"], row["parser_version"])
              for row in db.query("select path, file_hash, parser_version from meetings")}
    for file in files:
        try:
            # the parser reads the file again, but only when it changed: cheaper than
            # duplicating ingest's reading rules here
            file_hash = hashlib.sha256(file.read_bytes()).hexdigest()
            if stored.get(note_key(db, file)) == (file_hash, version):
                report.count(UNCHANGED)
            else:
                meeting = parse_note_file(file)
                report.count(save_meeting(db, meeting, series=file.resolve().parent.name or None,
                                          file_hash=file_hash, parser_version=version))
        except Exception as e:  # noqa: BLE001 - one bad note must not stop the others
            report.failures.append((str(file), failure_reason(file, e)))
        if progress:
            progress(file)
    return report


def import_paths(db: Database, paths: Iterable[str | Path],
                 progress: Callable[[Path], None] | None = None) -> ImportReport:
    """Import every note file in ``paths`` (files or folders); see ``import_files``."""
    return import_files(db, iter_note_files(paths), progress)
