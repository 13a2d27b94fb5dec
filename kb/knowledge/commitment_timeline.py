"""Commitments across meetings: one commitment however a note numbers or capitalises it.

The store files every commitment under ``commitment_key(name)``, so "Commitment 5: Open
contracting" in one note and "Open Contracting" in another are one ``commitments`` row; its
timeline is the ``commitment_timeline`` view (kb.knowledge.rebuild): every report and statement on it,
meeting by meeting.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingest.vocabulary.keys import commitment_key

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database


def commitments(db: Database, name: str) -> list[dict[str, Any]]:
    """Commitments whose name matches ``name`` (numbers and case folded), with their timeline."""
    want = commitment_key(name)
    out = []
    for c in db.query("select id, name from commitments order by id"):
        if want and want in commitment_key(c["name"]):
            timeline = [dict(r) for r in db.query(
                """select meeting_date, meeting_title, series, kind, speaker, text
                   from commitment_timeline where commitment_id = ?
                   order by meeting_date, meeting_id, kind desc""", [c["id"]])]
            out.append({"name": c["name"], "timeline": timeline})
    exact = [c for c in out if commitment_key(c["name"]) == want]
    return exact or out
