"""The Datasette site over a knowledge-base database: metadata, app, server.

>>> metadata = load_metadata("minutes")
>>> sorted(metadata["databases"])
['minutes']
>>> "who_said_what" in metadata["databases"]["minutes"]["queries"]
True
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import uvicorn
import yaml
from datasette.app import Datasette
from datasette.plugins import pm

from . import plugin
from .bundled import metadata_path

# The database name metadata.yml is written for (the default meetings.db)
METADATA_DATABASE = "meetings"
# kb's page templates and stylesheet ship inside the package (package data)
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def database_name(db_path: str | Path) -> str:
    """The name Datasette gives a database file: its stem (``data/meetings.db`` -> meetings)."""
    return Path(db_path).stem


def load_metadata(database: str = METADATA_DATABASE) -> dict[str, Any]:
    """metadata.yml, with its database section filed under ``database``.

    Datasette matches per-database metadata by name, so without the rename a database called
    anything but meetings.db would lose its descriptions and canned queries.
    """
    metadata = yaml.safe_load(metadata_path().read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if METADATA_DATABASE in databases and database != METADATA_DATABASE:
        databases[database] = databases.pop(METADATA_DATABASE)
    # the dashboards' charts and filters name the database they query
    dashboards = metadata.get("plugins", {}).get("datasette-dashboards", {})
    for dashboard in dashboards.values():
        for part in [*dashboard.get("charts", {}).values(),
                     *dashboard.get("filters", {}).values()]:
            if part.get("db") == METADATA_DATABASE:
                part["db"] = database
    return metadata


def build_datasette(db_path: str | Path) -> Datasette:
    """A Datasette instance serving ``db_path`` with kb's metadata, pages and stylesheet
    (default settings kept)."""
    # Datasette's plugin manager is process-wide: register kb's plugin once
    if not pm.is_registered(plugin):
        pm.register(plugin, name="kb")
    # suggested facets re-scan every matching row on each page: 1.2 s p95 for a table search at
    # 20,000 notes against 0.16 s without them (bench/RESULTS.md)
    return Datasette(files=[str(db_path)], metadata=load_metadata(database_name(db_path)),
                     settings={"suggest_facets": False},
                     template_dir=str(TEMPLATES_DIR),
                     static_mounts=[(plugin.STATIC_MOUNT, str(STATIC_DIR))])


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve ``db_path`` with Datasette until interrupted (as ``datasette serve`` does)."""
    # ds.app() runs Datasette's startup hooks on the first request
    uvicorn.run(build_datasette(db_path).app(), host=host, port=port, log_level="info",
                lifespan="on")
