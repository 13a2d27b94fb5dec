"""Find note files and import them: a note that fails is reported, and the others go on.

>>> import tempfile
>>> from kb.storage.store import open_db
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

import contextlib
import functools
import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

import ingest
from ingest.nlp import model as ingest_model
from ingest.reading import loader

from kb import parse_pool
from kb.knowledge.freshness import ensure_fresh
from kb.storage.search_queue import FLUSH_EVERY
from kb.storage.store import (UNCHANGED, delete_meeting, flush_search_queue, note_key,
                            save_meeting)

# Documentation that sits among notes (notes/SOURCES.md) is not a meeting. Only skipped when
# found inside a folder: a file named on the command line is always imported.
NOT_NOTES = {"readme", "sources", "license", "licence", "changelog", "contributing"}
PARSE = "parse"  # what import_files does with a file whose hash or parser changed


@dataclass
class NoteFiles:
    """What a search of paths found: note files to import, and entries that are broken."""

    files: list[Path] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def find_note_files(paths: Iterable[str | Path]) -> NoteFiles:
    """The note files named by ``paths``, and the broken entries met on the way.

    A file is taken as given, whatever its suffix (an unsupported one then fails visibly on
    import). A folder is searched recursively, in sorted order, following symlinked folders,
    for files with a suffix in ``ingest.SUFFIXES``, leaving out hidden files and folders,
    Word's ``~$`` lock files and documentation such as ``README.md``. Documents of a type kb
    cannot read (``.doc``, ``.odt``...) and non-regular files with a note's suffix are listed
    too, so that their import fails with a reason instead of their being skipped unseen.
    Broken symlinks and symlink loops are ``problems``. Duplicates are dropped.
    """
    found = NoteFiles()
    files: dict[Path, None] = {}  # an ordered set
    for path in map(Path, paths):
        if path.is_dir():
            top = _dir_id(path)
            _walk(path, files, found.problems, ancestors=(top,), seen={top})
        else:
            files[path] = None
    found.files = list(files)
    return found


def iter_note_files(paths: Iterable[str | Path]) -> list[Path]:
    """The note files ``find_note_files`` finds in ``paths`` (without the broken entries)."""
    return find_note_files(paths).files


def _dir_id(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _walk(folder: Path, files: dict[Path, None], problems: list[tuple[str, str]],
          ancestors: tuple[tuple[int, int], ...], seen: set[tuple[int, int]]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        problems.append((str(folder), f"cannot read folder: {e.strerror or e}"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith((".", "~$")):
            continue
        try:
            info = path.stat()  # follows symlinks
        except OSError as e:
            # a link to nowhere might have been the only copy of a note, or a folder of them
            problems.append((str(path), loader.os_error_reason(path, e)))
            continue
        suffix = path.suffix.lower()
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                problems.append((str(path), f"symlink loop ({os.readlink(path)} is a folder "
                                 "this one is in)" if path.is_symlink() else "folder loop"))
            elif key not in seen:  # a folder reached by two links is searched once
                seen.add(key)
                _walk(path, files, problems, ancestors + (key,), seen)
        elif suffix in ingest.SUFFIXES:
            if path.stem.lower() not in NOT_NOTES:
                files[path] = None
        elif suffix in loader.OTHER_DOCUMENTS and stat.S_ISREG(info.st_mode):
            files[path] = None


def failure_reason(path: str | Path, error: BaseException) -> str:
    """One line saying why ``path`` failed, without the path itself in front.

    >>> failure_reason("a.txt", ingest.ParseError("a.txt: empty file"))
    'empty file'
    >>> failure_reason("a.txt", ValueError("bad\\n  thing"))
    'ValueError: bad thing'
    """
    text = str(error)
    prefix = f"{path}: "
    if text.startswith(prefix):  # before joining lines: the path may hold a newline itself
        text = text[len(prefix):]
    text = printable(" ".join(text.split()))
    if not isinstance(error, ingest.ParseError):
        text = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return text


def printable(path: str | Path) -> str:
    """``path`` fit for a one-line message: control characters and undecodable bytes escaped.

    >>> printable("notes/a\\nb.txt"), printable(os.fsdecode(b"caf\\xe9.txt"))
    ('notes/a\\\\nb.txt', 'caf\\\\xe9.txt')
    """
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def parse_note_file(path: str | Path) -> ingest.Meeting:
    """``ingest.parse_file``, except that any failure at all is a one-line ``ParseError``.

    A parser bug on one odd note must cost that note only, not the whole run.
    """
    try:
        return ingest.parse_file(path)
    except Exception as e:  # noqa: BLE001 - see docstring
        raise ingest.ParseError(failure_reason(path, e)) from e


def parser_fingerprint() -> str:
    """A short hash of the ingest package's files (code, patterns, data) and of whether the
    optional model takes part.

    Stored with each meeting, so a re-import skips a note only when neither the note nor the
    parser has changed since it was stored.
    """
    return hashlib.sha256(f"{_code_fingerprint()}:{ingest_model.state()}".encode()).hexdigest()[:16]


@functools.cache
def _code_fingerprint() -> str:
    root = Path(ingest.__file__).resolve().parent
    digest = hashlib.sha256()
    for file in sorted(root.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()


@dataclass
class ImportReport:
    """What an import did: counts by outcome, and each failure as (file, reason)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    pruned: int | None = None  # None: pruning was not asked for

    @property
    def failed(self) -> int:
        return len(self.failures)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self) -> str:
        pruned = "" if self.pruned is None else f", {self.pruned} pruned"
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.failed} failed{pruned}")


def import_files(db: Database, files: Iterable[Path],
                 progress: Callable[[Path], None] | None = None, *,
                 report: ImportReport | None = None,
                 on_error: Callable[[Path, BaseException], None] | None = None,
                 jobs: int | None = None, pool: parse_pool.Pool | None = None) -> ImportReport:
    """Import each note file (see ``iter_note_files``) into ``db``.

    A note whose bytes and parser are those already stored is not even parsed. The others
    are parsed by ``jobs`` worker processes (``kb.parse_pool``; None: one per core, or this
    process alone when there are too few notes to parse for a pool to pay) and stored here,
    in the order given. A note that cannot be read, parsed or saved is recorded in
    ``failures`` and leaves whatever the database held for it before untouched (each save is
    one transaction). ``progress(file)`` is called after each file, ``on_error(file,
    exception)`` after each failure (``kb import --debug`` prints the traceback). Counts are
    added to ``report`` when one is given. ``pool``: a worker started beforehand
    (``parse_pool.start``, closed by the caller) that parses when only a few notes changed.
    Then the knowledge derived across notes is brought up to date for what changed
    (``kb.knowledge.ensure_fresh``).
    """
    report = report if report is not None else ImportReport()
    version = parser_fingerprint()
    stored = {row["path"]: (row["file_hash"], row["parser_version"])
              for row in db.query("select path, file_hash, parser_version from meetings")}
    # first which files need parsing at all, so that only those go to the workers
    plan: list[tuple[Path, str | None, str | BaseException]] = []  # file, hash, what to do
    for file in files:
        try:
            file_hash = _file_hash(file)
            fresh = file_hash and stored.get(note_key(db, file)) == (file_hash, version)
            plan.append((file, file_hash, UNCHANGED if fresh else PARSE))
        except Exception as e:  # noqa: BLE001 - one bad note must not stop the others
            plan.append((file, None, e))
    to_parse = [file for file, _, todo in plan if todo == PARSE]
    jobs = parse_pool.workers_for(len(to_parse), jobs)
    if pool is not None and (not to_parse or jobs > pool.jobs):
        pool.close(cancel=True)  # not needed, or too few: a pool of `jobs` workers instead
        pool = None
    stored = 0
    with contextlib.closing(parse_pool.parse_files(to_parse, jobs, pool)) as parsed:
        for file, file_hash, todo in plan:
            try:
                if isinstance(todo, BaseException):
                    raise todo
                if todo == UNCHANGED:
                    report.count(UNCHANGED)
                else:
                    _, meeting = next(parsed)  # in the order of to_parse, which is plan's
                    if isinstance(meeting, BaseException):
                        raise meeting
                    report.count(save_meeting(db, meeting,
                                              series=file.resolve().parent.name or None,
                                              file_hash=file_hash, parser_version=version,
                                              index=False))
                    stored += 1
                    if stored % FLUSH_EVERY == 0:  # search keeps up with a long import
                        flush_search_queue(db)
            except Exception as e:  # noqa: BLE001 - one bad note must not stop the others
                report.failures.append((str(file), failure_reason(file, e)))
                if on_error:
                    on_error(file, e)
            if progress:
                progress(file)
    if pool is not None:  # its workers are done, and the rebuild forks workers of its own
        pool.close()          # only where no other thread runs (kb.knowledge.prose_pool)
    flush_search_queue(db)
    # people, series and the action ledger depend on the notes together
    ensure_fresh(db)
    return report


def _file_hash(file: Path) -> str | None:
    """sha256 of the file's bytes, or None when the parser must look at it anyway.

    The parser reads the file again, but only when it changed: cheaper than duplicating
    ingest's reading rules here. A file that cannot be read, is not a regular file (a named
    pipe would block) or is too large to be a note is left to the loader, which says why.
    """
    try:
        info = loader.check_file(file)
        if info.st_size > max(loader.MAX_BYTES.values()):
            return None
        with open(file, "rb") as f:  # whole: file_digest's fresh 256 KB buffer cost more
            return hashlib.sha256(f.read()).hexdigest()
    except (OSError, ingest.ParseError):
        return None


def import_paths(db: Database, paths: Iterable[str | Path],
                 progress: Callable[[Path], None] | None = None,
                 jobs: int | None = None) -> ImportReport:
    """Import every note file in ``paths`` (files or folders); see ``import_files``.

    Broken entries met while searching folders are reported as failures, first.
    """
    found = find_note_files(paths)
    return import_files(db, found.files, progress, report=ImportReport(failures=found.problems),
                        jobs=jobs)


def prune_missing(db: Database, folders: Iterable[str | Path]) -> list[str]:
    """Delete the meetings whose note files, once inside one of ``folders``, are gone.

    Only a note whose file no longer exists at all is pruned: one that is unreadable, broken
    or failed to parse keeps its earlier rows. Returns the pruned meetings' paths.
    """
    roots = [Path(f).resolve() for f in folders if Path(f).is_dir()]
    db_file = db.execute("PRAGMA database_list").fetchone()[2]
    base = Path(db_file).resolve().parent if db_file else Path.cwd()
    pruned = []
    for (key,) in db.execute("select path from meetings order by path").fetchall():
        file = base / key  # an absolute key stays absolute
        if not any(file.is_relative_to(root) for root in roots) or not _gone(file):
            continue
        if delete_meeting(db, key):
            pruned.append(key)
    return pruned


def _gone(file: Path) -> bool:
    """Whether ``file`` is surely not there (an unreadable folder proves nothing)."""
    try:
        os.lstat(file)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False
