"""Who said what: one search over everything said or set at a meeting.

Statements, commitment updates, action items and decisions (kb.storage.search_index), each with its
agenda item, ranked together by relevance (FTS5's bm25) or listed newest or oldest first,
filtered by speaker, organisation, commitment, series, kind and date. ``kb search``, the
/-/search page and the ``search`` canned query all run ``SEARCH_SQL`` (kb/search.sql) with
the parameters ``Search.params()`` gives, so the three show the same rows for the same words.

The work is bounded whatever the input: the search text is cut to its first 32 words (and
its first 500 characters) with a notice saying so, at most 1,000 matches are ranked or listed
(newest first, or oldest first, as FTS5 hands them over: kb.storage.search_index), 20 to a page, and
snippets are cut from the page's rows only.

>>> import sqlite3
>>> match_expression('open data "open   data" OPEN')
'"open" "data" "open data"'
>>> match_expression("!!!")
'""'
>>> Search("ok", since="2017-13").problem()
'since: not a date (give YYYY, YYYY-MM or YYYY-MM-DD): 2017-13'
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SEARCH_SQL = (Path(__file__).resolve().parent / "search.sql").read_text(encoding="utf-8")

MAX_CHARS = 500  # of the search text that is read
MAX_WORDS = 32  # words (a quoted phrase counts its words) searched for
MAX_FILTER = 200  # characters of a filter (speaker, organisation, ...)
PAGE_SIZE = 20  # rows a page; search.sql says the same
MATCH_LIMIT = 1000  # matches ranked or listed, newest (oldest) first; search.sql says the same
MAX_PAGE = MATCH_LIMIT // PAGE_SIZE
ORDERS = ("relevance", "newest", "oldest")
KINDS = ("statement", "commitment_update", "action_item", "decision")
KIND_LABELS = {"statement": "statement", "commitment_update": "commitment update",
               "action_item": "action item", "decision": "decision"}
DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
# a quoted phrase, or a word as FTS5's unicode61 tokenizer cuts them (letters and digits)
_PART = re.compile(r'"([^"]*)"?|([^\W_]+)')
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SearchError(ValueError):
    """A search that cannot run; the message says why, in one line, for the person asking."""


def _parts(text: str | None) -> list[list[str]]:
    """The search's words and phrases (each a list of folded words): at most MAX_WORDS words
    from the first MAX_CHARS characters, repeats dropped. Only those characters are read, so
    a search of any size costs the same."""
    head = unicodedata.normalize("NFC", (text or "")[:MAX_CHARS + 1])
    parts: list[list[str]] = []
    taken = 0
    for match in _PART.finditer(head):
        words = [w.casefold() for w in _WORD.findall(match.group(1) or match.group(2) or "")]
        if not words or words in parts:
            continue
        if match.end() > MAX_CHARS or taken + len(words) > MAX_WORDS:
            break
        parts.append(words)
        taken += len(words)
    return parts


def searched_text(text: str) -> str:
    """The part of a search text that is read: its first MAX_CHARS characters, not ending in
    the middle of a word (what the search page shows back).

    >>> shown = searched_text("open data " * 100)
    >>> len(shown) <= MAX_CHARS, shown[-9:]
    (True, 'open data')
    """
    if len(text) <= MAX_CHARS:
        return text
    head = text[:MAX_CHARS + 1]
    cut = max(head.rfind(" "), head.rfind("\n"))
    return head[:cut if cut > 0 else MAX_CHARS].rstrip()


def match_expression(text: str | None) -> str:
    """The FTS5 query for a search text: every word (or quoted phrase) must appear, in any
    order; ``""``, which matches nothing, when there are no words. Registered as the SQL
    function ``kb_match``, so the SQL itself caps what it searches for.

    The words are only letters and digits, so nothing in the text can be FTS5 syntax. A text
    with a control character matches nothing (kb.knowledge.search refuses it with a reason; an SQL
    function cannot give one, and one that raised would print a traceback in the log).
    """
    if text and _CONTROL.search(text):
        return '""'
    parts = _parts(text)
    return " ".join('"' + " ".join(words) + '"' for words in parts) or '""'


def register_functions(conn: sqlite3.Connection) -> None:
    """Make ``kb_match`` available on ``conn`` (kb.site.plugin does it for Datasette's)."""
    conn.create_function("kb_match", 1, match_expression, deterministic=True)


@dataclass
class Search:
    """One search: the words, the filters, the order and the page."""

    q: str
    speaker: str = ""
    organisation: str = ""
    commitment: str = ""
    series: str = ""
    since: str = ""
    until: str = ""
    kind: str = ""
    order: str = "relevance"
    page: int = 1

    def params(self) -> dict[str, str]:
        """The SQL's parameters: also the canned query's, and the /-/search page's."""
        return {k: str(v) for k, v in asdict(self).items()}

    def filters(self) -> dict[str, str]:
        """The filters given (not the words, the order or the page)."""
        return {k: v for k, v in self.params().items()
                if v and k not in ("q", "order", "page")}

    def problem(self) -> str | None:
        """Why this search cannot run, or None."""
        for name, value in self.params().items():
            if _CONTROL.search(value):
                return f"{name}: contains a control character"
            if name != "q" and len(value) > MAX_FILTER:
                return f"{name}: longer than {MAX_FILTER} characters"
        if not _parts(self.q):
            return "nothing to search for: give some words"
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not DATE.fullmatch(value):
                return f"{name}: not a date (give YYYY, YYYY-MM or YYYY-MM-DD): {value}"
        if self.order not in ORDERS:
            return f"order: one of {', '.join(ORDERS)}, not {self.order}"
        if self.kind and self.kind not in KINDS:
            return f"kind: one of {', '.join(KINDS)}, not {self.kind}"
        if not 1 <= self.page <= MAX_PAGE:
            return f"page: from 1 to {MAX_PAGE}"
        return None

    def notice(self) -> str | None:
        """What the limits left out of the search text, if anything."""
        parts = _parts(self.q)
        taken = sum(len(p) for p in parts)
        words = f"{taken} word{'s' if taken != 1 else ''}"
        if len(self.q) > MAX_CHARS:
            return (f"Searched for the first {words} only: a search reads the first "
                    f"{MAX_CHARS} characters (this one had {len(self.q):,}) and at most "
                    f"{MAX_WORDS} words.")
        if _more_words(self.q, parts):
            return (f"Searched for the first {words} only: a search reads at most "
                    f"{MAX_WORDS} words.")
        return None


def _more_words(text: str, parts: list[list[str]]) -> bool:
    """Whether ``text`` has words beyond those ``parts`` searched for."""
    searched = {w for p in parts for w in p}
    return any(w.casefold() not in searched for w in _WORD.findall(text))


@dataclass
class Results:
    """A page of results; ``total`` counts the matches up to MATCH_LIMIT, ``more`` says
    whether there are more than that (then only those MATCH_LIMIT were ranked or listed)."""

    search: Search
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    more: bool = False
    notice: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def count(self) -> str:
        """The number of matches to show: "1,000+" when there are more."""
        return f"{self.total:,}{'+' if self.more else ''}"

    @property
    def too_many(self) -> str | None:
        """What a search with more matches than MATCH_LIMIT shows instead of all of them."""
        if not self.more:
            return None
        which = {"relevance": f"the best matches among the {MATCH_LIMIT:,} from the newest "
                              "meetings",
                 "newest": f"the newest {MATCH_LIMIT:,}",
                 "oldest": f"the oldest {MATCH_LIMIT:,}"}[self.search.order]
        return (f"More than {MATCH_LIMIT:,} items match: these are {which}. Add words or a "
                "filter to narrow the search.")


def search(conn: sqlite3.Connection, query: Search | str, **filters: Any) -> Results:
    """Run a search; ``query`` is a Search, or the words with the filters as keywords.

    Raises SearchError when the search cannot run (``query.problem()``). Matched words in
    ``snippet`` sit between ``\\x02`` and ``\\x03``.
    """
    if isinstance(query, str):
        query = Search(query, **filters)
    problem = query.problem()
    if problem:
        raise SearchError(problem)
    register_functions(conn)
    cursor = conn.execute(SEARCH_SQL, query.params())
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    if rows:
        total, more = rows[0]["total"], bool(rows[0]["more"])
    else:
        total, more = _count(conn, query)
    return Results(query, rows, total, more, query.notice())


def _count(conn: sqlite3.Connection, query: Search) -> tuple[int, bool]:
    """The total when the page is empty: a page beyond the last one still says how many."""
    if query.page == 1:
        return 0, False
    first = Search(**{**asdict(query), "page": 1})
    cursor = conn.execute(SEARCH_SQL, first.params())
    row = cursor.fetchone()
    names = [d[0] for d in cursor.description]
    return (row[names.index("total")], bool(row[names.index("more")])) if row else (0, False)


def marked(snippet: str | None, start: str = "[", end: str = "]") -> str:
    """A snippet with its matched words between ``start`` and ``end``.

    >>> marked("the \\x02slides\\x03 are late")
    'the [slides] are late'
    """
    return (snippet or "").replace("\x02", start).replace("\x03", end)
