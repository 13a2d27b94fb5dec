"""What a note says about an action's state, read from its words, and what is no action.

The parser gives each action item a status (a ticked box, a "Status" column, a review
section's "done"). Where it leaves "open", the words may still say more: a report on an
earlier action ("circulated to the group", "no longer needed", "ongoing"), or a listing that
ends in a tag ("Survey of members – Done", "Send the budget [COMPLETE]"). The ledger reads
them with these rules; "not yet completed" is open, not done.

>>> [status_from_text(t) for t in ("Rolf reported that it is done", "no longer needed",
...     "Rolf has not yet completed this action", "ongoing", "Roadmap feedback – Received",
...     "close action-182", "will circulate it next week", "discussed at length")]
['done', 'dropped', 'open', 'open', 'done', 'done', 'open', None]
>>> trailing_status("Survey of requirements – Wayne – Done."), trailing_status("Get it done")
('done', None)
>>> not_an_action("Next meeting: 6 months – TC/VC"), not_an_action("Co-chairs:")
(True, True)
>>> not_an_action("Circulate the agenda")
False
"""
from __future__ import annotations

import re

from ingest.vocabulary.keys import fold

_NOT_YET = re.compile(r"\b(?:not\s+(?:yet\s+|been\s+|fully\s+)*(?:done|complete[d]?|finish(?:ed)?"
                      r"|start(?:ed)?|sent|closed|received|happened)|yet\s+to|still\s+to"
                      r"|not\s+yet|incomplete|outstanding|pending|remains?\s+open)\b")
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
    t = fold(text or "")
    if _NOT_YET.search(t) or _STILL.search(t):
        return "open"
    if _DROPPED.search(t):
        return "dropped"
    if _DONE.search(t):
        return "done"
    if _OPEN.search(t):
        return "open"
    return None


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


_NEXT_MEETING = re.compile(r"^\s*(?:date\s+of\s+|time\s+of\s+)?(?:the\s+)?next\s+(?:meeting|call)\b")
_URL = re.compile(r"https?://\S+|\bwww\.\S+")


def not_an_action(text: str | None) -> bool:
    """Lines the ledger must not count as actions, whatever placed them among actions: the
    next meeting's date, a label that introduces a list ("Co-chairs:"), a bare link."""
    t = fold(text or "").strip()
    if not t or _NEXT_MEETING.match(t) or t.endswith(":"):
        return True
    words = re.findall(r"[a-z]{2,}", _URL.sub(" ", t))
    return len([w for w in words if w not in ("link", "see", "url")]) < 1
