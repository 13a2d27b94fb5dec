"""How notes say where an action stands: done, dropped, or still open, in any wording
("– Done", "[COMPLETE]", "not yet sent", "carried forward", "no longer needed"). The parser
reads an action's status with these words, and the ledger reads later reports on it with the
same ones.

>>> status_from_text("Circulated on 2 April"), status_from_text("not yet sent"), status_from_text("no longer needed")
('done', 'open', 'dropped')
>>> status_of("Will do next week"), status_from_text("Will do next week")
(None, 'open')
"""
from __future__ import annotations

import re

from ingest.vocabulary.keys import fold

_NOT_YET = re.compile(r"\b(?:not\s+(?:yet\s+|been\s+|fully\s+)*(?:done|complete[d]?|finish(?:ed)?"
                      r"|start(?:ed)?|sent|closed|received|happened)|yet\s+to|still\s+to"
                      r"|not\s+yet|incomplete|outstanding|pending|remains?\s+open|still\s+open"
                      r"|ha(?:s|ve)\s+not|ha(?:s|ve)n'?t)\b")
_STILL = re.compile(r"\b(?:on-?going|in\s+progress|in\s+hand|under\s*way|carr(?:y|ied)\s+"
                    r"(?:forward|over)|on\s+hold|deferred|postponed|re-?opened|progressing)\b")
_OPEN = re.compile(r"\b(?:continu(?:e|es|ing)|open|will|to\s+be|plan(?:s|ned)?\s+to"
                   r"|working\s+on)\b")
_DROPPED = re.compile(r"\b(?:dropped|withdrawn|cancell?ed|abandoned|superseded|obsolete|moot"
                      r"|no\s+longer\s+(?:needed|required|relevant|necessary|applicable)"
                      r"|not\s+(?:needed|required|necessary)|won'?t\s+(?:do|fix)"
                      r"|did\s+not\s+happen|didn'?t\s+happen|will\s+not\s+(?:be\s+)?(?:done|pursued)"
                      r"|not\s+(?:be\s+)?pursued|removed\s+from\s+the\s+list)\b")
_DONE = re.compile(r"\b(?:done|complete[d]?|finished|closed|resolved|achieved|delivered"
                   r"|received|sent|circulated|published|merged|fixed|accomplished|ticked"
                   r"|ha(?:s|ve)\s+been\s+\w+ed)\b"
                   r"|^\s*close\b|[\u2713\u2714\u2705]")
# a tag ending a listed item: "– Done", "(completed)", "[COMPLETE]", "Status: dropped"
_TAG = re.compile(r"(?:[\u2013\u2014-]\s*|\(|\[|\bstatus\s*:\s*)([a-z ']{3,30}?)[)\]]?\s*\.?\s*$")


def status_from_text(text: str | None) -> str | None:
    """"done", "dropped" or "open" when the words of a report say so, else None."""
    if found := status_of(text):
        return found
    return "open" if _OPEN.search(fold(text or "")) else None


def says_not_done(text: str | None) -> bool:
    """Whether the words say the work is not done yet, or still going on ("not yet sent",
    "ongoing", "carried forward"); "open" alone is no such word ("the Open Standards team")."""
    t = fold(text or "")
    return bool(_NOT_YET.search(t) or _STILL.search(t))


def trailing_status(text: str | None) -> str | None:
    """The status a tag at the end of a listed item gives ("– Done", "[COMPLETE]")."""
    m = _TAG.search(fold(text or ""))
    if not m:
        return None
    found = status_from_text(m.group(1))
    return found if found in ("done", "dropped") else None


def status_of(text: str | None) -> str | None:
    """The status the words of a report state outright: like ``status_from_text``, but a plan
    ("will", "to be") says nothing, where the ledger reads it as still open."""
    t = fold(text or "")
    if _NOT_YET.search(t) or _STILL.search(t):
        return "open"
    if _DROPPED.search(t):
        return "dropped"
    if _DONE.search(t):
        return "done"
    return None
