"""The Datasette site over a knowledge-base database: metadata, app, server.

>>> metadata = load_metadata("minutes")
>>> sorted(metadata["databases"])
['minutes']
>>> "who_said_what" in metadata["databases"]["minutes"]["queries"]
True
"""
from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import uvicorn
import yaml
from datasette.app import Datasette
from datasette.plugins import pm

from kb.site import plugin
from kb.bundled import metadata_path
from kb.knowledge.search import SEARCH_SQL

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
    # the search query is kb.knowledge.search's SQL, so that it gives the rows kb search and /-/search do
    metadata["databases"][METADATA_DATABASE]["queries"]["search"]["sql"] = SEARCH_SQL
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


def is_loopback(host: str) -> bool:
    """Whether serving on ``host`` reaches this machine only.

    >>> [is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "10.0.0.5")]
    [True, True, True, False, False]
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def build_datasette(db_path: str | Path, allow_sql: bool = True,
                    settings: dict[str, Any] | None = None) -> Datasette:
    """A Datasette instance serving ``db_path`` with kb's metadata, pages and stylesheet
    (Datasette's default settings, but for ``settings`` given). ``allow_sql=False`` turns off
    arbitrary SQL (the SQL box)."""
    # Datasette's plugin manager is process-wide: register kb's plugin once
    if not pm.is_registered(plugin):
        pm.register(plugin, name="kb")
    # Datasette 0.65's default error handler prints every exception, a 404 included, with
    # rich when rich is installed (spaCy's tools pull it in): a traceback in the log for each
    # mistyped address, and outside an except block rich itself fails, turning a 404 into a
    # 500. Without rich it prints the traceback of real errors (500) only. (Imported here,
    # after datasette.app: imported first, it would register before it is defined.)
    from datasette import handle_exception as default_error_handler

    default_error_handler.rich = None
    metadata = load_metadata(database_name(db_path))
    if not allow_sql:
        metadata["allow_sql"] = False
    # suggested facets re-scan every matching row on each page: 1.2 s p95 for a table search at
    # 20,000 notes against 0.16 s without them (bench/RESULTS.md)
    return Datasette(files=[str(db_path)], metadata=metadata,
                     settings={"suggest_facets": False, **(settings or {})},
                     template_dir=str(TEMPLATES_DIR),
                     static_mounts=[(plugin.STATIC_MOUNT, str(STATIC_DIR))])


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001,
          allow_sql: bool = True) -> None:
    """Serve ``db_path`` with Datasette until interrupted (as ``datasette serve`` does)."""
    # ds.app() runs Datasette's startup hooks on the first request
    uvicorn.run(build_datasette(db_path, allow_sql).app(), host=host, port=port,
                log_level="info", lifespan="on",
                # a long search address (h11 refuses a request line over 16 KB by default)
                # reaches kb's page, which says what it searched for
                h11_max_incomplete_event_size=256 * 1024)
