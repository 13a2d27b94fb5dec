"""A note's text as HTML with its extracted items marked where they were found.

Every extracted row stores ``start``/``end`` offsets into ``meetings.text``. The meeting page
shows that text with each statement, action item, decision and commitment update wrapped in a
``<mark>`` (with an ``id`` the item lists link to), and with names of people and
organisations as links to their pages.

Items can nest (a statement inside a commitment update, a name inside a statement) and, when
a parser rule is sloppy, overlap without nesting. HTML elements must nest, so the text is cut
at every offset and each piece is wrapped in the items covering it, outermost first; an item
split into pieces keeps its ``id`` on the first piece only.

>>> text = "Ann Lee said the pilot is on track."
>>> print(mark_text(text, [Mark(0, 35, "statement", anchor="s-1"),
...                        Mark(0, 7, "link", href="/-/person/3", title="Ann Lee")]))
<mark class="kb-statement" id="s-1"><a class="kb-link" href="/-/person/3" title="Ann Lee">Ann Lee</a> said the pilot is on track.</mark>
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup


@dataclass(frozen=True)
class Mark:
    """One marked span: ``kind`` becomes the CSS class; a "link" kind is an ``<a>``."""

    start: int
    end: int
    kind: str
    anchor: str | None = None  # the element id, for links to this place in the note
    href: str | None = None
    title: str | None = None


def _open_tag(mark: Mark, first: bool) -> str:
    attrs = [f'class="kb-{mark.kind}"']
    if first and mark.anchor:
        attrs.append(f'id="{escape(mark.anchor)}"')
    if mark.href:
        attrs.append(f'href="{escape(mark.href)}"')
    if mark.title:
        attrs.append(f'title="{escape(mark.title)}"')
    return f"<{_tag(mark)} {' '.join(attrs)}>"


def _tag(mark: Mark) -> str:
    return "a" if mark.href else "mark"


def _usable(marks: list[Mark], length: int) -> list[Mark]:
    """Marks clipped to the text, empty ones dropped, outermost first where they start together."""
    clipped = []
    for m in marks:
        start, end = max(0, m.start), min(length, m.end)
        if end > start:
            clipped.append(Mark(start, end, m.kind, m.anchor, m.href, m.title))
    return sorted(clipped, key=lambda m: (m.start, -m.end))


def mark_text(text: str, marks: list[Mark]) -> Markup:
    """``text`` escaped as HTML, with each mark's span wrapped in its element."""
    marks = _usable(marks, len(text))
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    order = {id(m): i for i, m in enumerate(marks)}
    out: list[str] = []
    opened: list[Mark] = []  # the elements open now, outermost first
    started: set[int] = set()
    for begin, finish in zip(cuts, cuts[1:]):
        covering = [m for m in marks if m.start <= begin and m.end >= finish]
        # a link inside a link is not valid HTML: the inner one is dropped
        wanted: list[Mark] = []
        for m in sorted(covering, key=lambda m: order[id(m)]):
            if m.href and any(w.href for w in wanted):
                continue
            wanted.append(m)
        keep = 0
        while keep < min(len(opened), len(wanted)) and opened[keep] is wanted[keep]:
            keep += 1
        for m in reversed(opened[keep:]):
            out.append(f"</{_tag(m)}>")
        for m in wanted[keep:]:
            out.append(_open_tag(m, id(m) not in started))
            started.add(id(m))
        opened = wanted
        out.append(escape(text[begin:finish], quote=False))
    for m in reversed(opened):
        out.append(f"</{_tag(m)}>")
    return Markup("".join(out))
