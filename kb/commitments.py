"""Commitments across meetings: one commitment however a note numbers or capitalises it.

The store files every commitment under ``commitment_key(name)``, so "Commitment 5: Open
contracting" in one note and "Open Contracting" in another are one ``commitments`` row; its
timeline is the ``commitment_timeline`` view (kb.knowledge): every report and statement on it,
meeting by meeting.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .names import fold

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database


def commitment_key(name: str) -> str:
    """A commitment's name without its number and with case/spacing folded.

    "Commitment 5: Open contracting" and "Open Contracting" are one commitment.

    >>> commitment_key("Commitment 5: Open contracting") == commitment_key("Open  Contracting")
    True
    """
    whole = " ".join(re.findall(r"[a-z0-9]+", fold(name)))
    s = re.sub(r"^\s*(?:commitment|proposal|challenge|milestone)?\s*(?:no\.?\s*)?"
               r"[0-9]+[a-z]?\s*[:.\-–—)]\s*", "", fold(name))
    return " ".join(re.findall(r"[a-z0-9]+", s)) or whole


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
