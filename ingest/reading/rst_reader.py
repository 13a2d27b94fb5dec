"""reStructuredText notes, parsed by docutils and written out as light text.

Section titles become headings by their nesting, bullet and enumerated lists keep their nesting,
field lists and definition lists read "Name: value", tables become rows, literal blocks stay as
they are. A docinfo block (``:Date: 2021-03-04`` at the top) gives the note's date and the
document title its title.

>>> text, meta = rst_to_light("Board\\n=====\\n\\n:Date: 2021-03-04\\n\\nAttendees\\n---------\\n\\n* Mona Vell\\n* Tal Kerem\\n")
>>> meta
{'title': 'Board', 'date': '2021-03-04'}
>>> print(text, end="")
# Board
<BLANKLINE>
## Attendees
<BLANKLINE>
- Mona Vell
- Tal Kerem
"""
from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree
from docutils.utils import SystemMessage

from ingest.reading.lighttext import CELL_ITEM, LightText, tidy

# docutils reports markup problems by printing them (and, past a level, raising): a note with
# sloppy markup is still a note, so nothing is reported and nothing halts
SETTINGS = {"report_level": 5, "halt_level": 5, "warning_stream": False, "file_insertion_enabled": False,
            "raw_enabled": False, "input_encoding": "unicode", "doctitle_xform": True,
            "docinfo_xform": True, "sectsubtitle_xform": False}


def rst_to_light(src: str) -> tuple[str, dict[str, str]]:
    """(light text, meta with the title and date the document gives)."""
    try:
        doc = publish_doctree(src, settings_overrides=SETTINGS)
    except (SystemMessage, Exception):  # noqa: BLE001 - docutils raises from deep inside on odd input
        return src, {}
    out = LightText()
    meta: dict[str, str] = {}
    walker = _Walker(out, meta)
    walker.children(doc, level=1)
    return out.text(), meta


class _Walker:
    def __init__(self, out: LightText, meta: dict[str, str]) -> None:
        self.out = out
        self.meta = meta
        self.depth = 0

    def children(self, node, level: int) -> None:
        for child in node.children:
            self.node(child, level)

    def node(self, node, level: int) -> None:
        indent = self._indent()
        if isinstance(node, nodes.title):
            if isinstance(node.parent, nodes.document):
                self.meta.setdefault("title", tidy(node.astext()))
            self.out.heading(_title_level(node), node.astext())
        elif isinstance(node, nodes.section):
            self.children(node, level + 1)
        elif isinstance(node, nodes.docinfo):
            for field in node.children:
                name = field.tagname if not isinstance(field, nodes.field) else field[0].astext()
                value = field.astext() if not isinstance(field, nodes.field) else field[1].astext()
                # metadata, like a Markdown note's front matter: kept apart from the text
                self.meta.setdefault(name.lower(), tidy(value))
        elif isinstance(node, nodes.paragraph):
            self.out.paragraph(node.astext(), indent=indent)
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            self.list(node)
        elif isinstance(node, nodes.field_list):
            for field in node.children:
                self.out.paragraph(f"{field[0].astext()}: {tidy(field[1].astext())}", indent=indent)
        elif isinstance(node, nodes.definition_list):
            for item in node.children:
                term = tidy(item[0].astext())
                definition = item.children[-1] if isinstance(item.children[-1], nodes.definition) else None
                if definition is not None and _holds_blocks(definition):
                    # a line over an indented list (how MeetBot's text minutes nest): the line,
                    # then the list one level in
                    self.out.paragraph(term, indent=indent) if not self.depth else \
                        self.out.item(term, depth=self.depth)
                    self.depth += 1
                    self.children(definition, level)
                    self.depth -= 1
                else:
                    body = tidy(" ".join(c.astext() for c in item.children[1:]))
                    self.out.paragraph(f"{term}: {body}", indent=indent)
        elif isinstance(node, nodes.table):
            self.table(node)
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            self.out.verbatim(node.astext(), indent=indent)
        elif isinstance(node, (nodes.system_message, nodes.comment, nodes.target, nodes.substitution_definition)):
            return
        elif isinstance(node, nodes.Element) and node.children:
            self.children(node, level)  # block quotes, admonitions, topics: their content
        elif isinstance(node, nodes.Text) and node.astext().strip():
            self.out.paragraph(node.astext(), indent=indent)

    def _indent(self) -> int:
        return 2 * self.depth if self.depth else 0

    def list(self, node) -> None:
        enumerated = isinstance(node, nodes.enumerated_list)
        n = int(node.get("start", 1))
        self.depth += 1
        for item in node.children:
            marker = f"{n}." if enumerated else "-"
            n += 1
            first, *rest = item.children or [nodes.paragraph()]
            if isinstance(first, nodes.paragraph):
                text = first.astext()
            elif isinstance(first, nodes.definition_list) and len(first.children) == 1 and \
                    _holds_blocks(first.children[0].children[-1]):
                # "* Topic (nick, 14:00)" over an item list indented by three: the term is the item
                term_item = first.children[0]
                text, rest = term_item[0].astext(), list(term_item.children[-1].children) + rest
            else:
                text, rest = "", [first, *rest]
            checked = None
            if text[:4] in ("[ ] ", "[x] ", "[X] "):
                checked, text = text[1] != " ", text[4:]
            self.out.item(text, depth=self.depth, marker=marker, checked=checked)
            for child in rest:
                if isinstance(child, nodes.paragraph):
                    self.out.paragraph(child.astext(), indent=2 * self.depth)
                else:
                    self.node(child, 1)
        self.depth -= 1
        if self.depth == 0:
            self.out.blank()
            self.out._in_list = False

    def table(self, node) -> None:
        rows = []
        header = False
        for part in node.traverse(lambda n: isinstance(n, (nodes.thead, nodes.tbody))):
            for row in part.children:
                if isinstance(part, nodes.thead):
                    header = True
                rows.append([CELL_ITEM.join(tidy(p.astext()) for p in entry.children) or "" for entry in row.children])
        self.out.table(rows, header=header)


def _title_level(title) -> int:
    """A section's depth, counted below the document's own title when there is one."""
    level, node = 0, title.parent
    while node is not None and not isinstance(node, nodes.document):
        level += isinstance(node, nodes.section)
        node = node.parent
    has_title = node is not None and any(isinstance(c, nodes.title) for c in node.children)
    return level + 1 if has_title else max(level, 1)


def _holds_blocks(node) -> bool:
    return any(isinstance(c, (nodes.bullet_list, nodes.enumerated_list, nodes.definition_list)) for c in node.children)
