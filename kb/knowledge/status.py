"""What is no action ("Next meeting: 6 months", "Co-chairs:"); the words of a status are
``ingest.vocabulary.status``, read here as the ledger reads them.

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
from ingest.vocabulary.status import status_from_text, trailing_status  # noqa: F401  (the doctests)

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
