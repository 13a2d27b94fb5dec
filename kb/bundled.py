"""Files that ship with kb but live at the top of the repository: ``metadata.yml`` and ``notes/``.

In a source checkout (and an editable install, ``pip install -e .``) they are read where they
are. A regular install (``pip install .``) has no repository to look in, so the build copies
them into the package as ``kb/_bundled/`` (see ``setup.py``). Lookup tries the package copy
first, then the checkout, so both kinds of install work from any working directory.

>>> metadata_path().name
'metadata.yml'
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLE_DIR = "_bundled"  # inside the installed kb package
REPO_ROOT = Path(__file__).resolve().parent.parent  # meaningful in a checkout only


def bundled_path(name: str) -> Path | None:
    """Where the shipped file or folder ``name`` is, or None if this install lacks it."""
    packaged = resources.files("kb").joinpath(BUNDLE_DIR, name)
    if packaged.is_file() or packaged.is_dir():
        # kb is installed as plain files (never zipped), so the resource is a real path
        return Path(str(packaged))
    in_checkout = REPO_ROOT / name
    return in_checkout if in_checkout.exists() else None


def metadata_path() -> Path:
    """The Datasette metadata file; raises FileNotFoundError if the install lacks it."""
    path = bundled_path("metadata.yml")
    if path is None:
        raise FileNotFoundError("metadata.yml not found: kb is installed without its data")
    return path


def notes_dir() -> Path | None:
    """The sample notes folder shipped with kb, if there is one."""
    return bundled_path("notes")
