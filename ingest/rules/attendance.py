"""Who was there: attendee and apology blocks in every layout, as scored candidates.

Each layout of ``data/layouts.json`` proposes blocks (a heading or label naming an attendance
group and the entries under it, an inline "Present: a, b and c", an introducing sentence, a table
with a name column, a run of "Name – Organisation" lines); each block is a ``Candidate`` whose
evidence is its opener and how far its entries look like names. One resolver keeps the best
blocks that do not overlap, and their entries become attendees (or apologies: a group such as
"Not in attendance", an unticked box, an "(apologies)" mark).

>>> from ingest.rules.structure import split_lines
>>> lists = find_people_lists(split_lines("## Attendees\\n- Zed Quorra (Acme)\\n- Kit Ovan\\n\\nApologies: Mo Ali\\n"))
>>> [(a.name, a.organisation) for a in lists.attendees], [a.name for a in lists.apologies]
([('Zed Quorra', 'Acme'), ('Kit Ovan', None)], ['Mo Ali'])
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest.rules.entries import Entry, SENT_APOLOGIES, parse_entry, split_inline_entries
from ingest.nlp.evidence import Candidate, resolve
from ingest.vocabulary.lexicon import first_names, lookup_org, org_words
from ingest.vocabulary.names import NameIndex, plausible_name
from ingest.records import Attendee
from ingest.rules.structure import Line
from ingest.rules.tables import cells, row_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "layouts.json"
CONTENT_WORD = re.compile(r"\b(?!(?:of|the|and|in|at|on|for|to|a|an|by|&)\b)[A-Za-z][\w'-]*")
LABEL = re.compile(r"^(?P<label>[^:]{1,80}?)\s*[:–—-]\s*(?P<rest>.*)$")


@lru_cache(maxsize=1)
def layouts() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _group_phrases() -> list[tuple[str, re.Pattern]]:
    """(group, phrase pattern), longest phrases first, apologies before the rest."""
    order = ["apology", "guest", "chair", "scribe", "present"]
    out = []
    for group in order:
        for phrase in sorted(layouts()["groups"][group], key=len, reverse=True):
            out.append((group, re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.I)))
    return out


def group_of(label: str) -> str | None:
    """The attendance group a heading or label names ("Guests and Observers" -> guest), or None.

    >>> group_of("Members of the Board Participating in the Meeting:"), group_of("Not in attendance")
    ('present', 'apology')
    >>> group_of("Review of the budget") is None
    True
    """
    t = re.sub(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[a-z][.)])\s*", "", label.strip())
    t = re.sub(r"\([^)]*\)", " ", t).strip(" *_:#")
    if not t or len(t.split()) > 10 or re.search(r"[.!?]\s*\S", t):
        return None
    found = None
    covered = 0
    for group, rx in _group_phrases():
        for m in rx.finditer(t):
            found = found or group
            covered += len(CONTENT_WORD.findall(m.group(0)))
            t = t[:m.start()] + " " * len(m.group(0)) + t[m.end():]
    content = covered + len(CONTENT_WORD.findall(t))
    # the group's words must be much of the label: "Board members" yes, "New members and
    # terms of reference" no (a topic that mentions members)
    return found if found and covered * 3 >= content else None


@dataclass
class PeopleLists:
    attendees: list[Attendee]
    apologies: list[Attendee]
    handles: dict[str, str] = field(default_factory=dict)
    initials: dict[str, str] = field(default_factory=dict)
    nicks: set[str] = field(default_factory=set)


@dataclass
class _Found:
    """An entry found in a block, before the block is weighed."""
    entry: Entry
    line: Line
    group: str
    nick: bool = False


def find_people_lists(lines: list[Line], speakers: frozenset[str] = frozenset()) -> PeopleLists:
    """Every attendee and apology of the note, from the blocks the resolver keeps."""
    table_rows = {ln.start for block, _ in row_runs(lines) for ln in block}
    cands = _table_blocks(lines) + _line_blocks(lines, table_rows, speakers)
    if not any(c.accepted for c in cands):
        cands += _headerless_blocks(lines, table_rows)
    out = PeopleLists([], [], {}, {})
    for block in resolve(cands):
        conf = round(block.score, 3)
        for f in block.data["found"]:
            _add(out, f, conf)
    return out


def _add(out: PeopleLists, f: _Found, conf: float) -> None:
    e = f.entry
    apology = f.group == "apology" or e.apology or bool(SENT_APOLOGIES.search(f.line.content))
    target = out.apologies if apology else out.attendees
    if any(a.name == e.name for a in out.attendees + out.apologies):
        return
    role = e.role or layouts()["role_of_group"].get(f.group)
    target.append(Attendee(name=e.name, organisation=e.organisation, role=role, start=f.line.start,
                           end=f.line.end, confidence=conf))
    if e.handle:
        out.handles[e.handle] = e.name
    if e.initials:
        out.initials[e.initials] = e.name
    if f.nick:
        out.nicks.add(e.name)


# -- blocks of lines under a heading or label ------------------------------------------------------

def _opener(ln: Line) -> tuple[str, str, str] | None:
    """(layout, group, rest of the line) when the line opens an attendee block."""
    text = ln.content.strip()
    if not text:
        return None
    if ln.heading:
        g = group_of(text)
        if g:
            return "heading-list", g, ""
        lm = LABEL.match(text)
        if lm and lm.group("rest") and group_of(lm.group("label")):
            return "label-inline", group_of(lm.group("label")), lm.group("rest")
        return None
    if ln.bullet and ln.indent > 4:
        return None
    for rx in _sentence_openers():
        sm = rx.match(text)
        if sm and text[sm.end():].strip(" :,-–"):
            return "introducing-sentence", "present", text[sm.end():].strip(" :,-–")
    lm = LABEL.match(text)
    if lm and ":" in text[:len(lm.group("label")) + 3]:
        g = group_of(lm.group("label"))
        if g and lm.group("rest").strip():
            return "label-inline", g, lm.group("rest")
        if g and len(text) <= 80:
            return "label-list", g, ""
    elif not ln.bullet and len(text) <= 60 and group_of(text) and (
            text.rstrip().endswith(":") or len(text.split()) <= 4 and _only_group_words(text)):
        return "label-list", group_of(text), ""
    return None


@lru_cache(maxsize=1)
def _sentence_openers() -> list[re.Pattern]:
    return [re.compile(rf"^{p}\b\s*:?", re.I) for p in layouts()["sentence_openers"]]


def _spec(name: str) -> dict:
    return next(s for s in layouts()["layouts"] if s["name"] == name)


def _line_blocks(lines: list[Line], table_rows: set[int], speakers: frozenset[str]) -> list[Candidate]:
    out: list[Candidate] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        op = _opener(ln) if ln.start not in table_rows else None
        if op is None:
            i += 1
            continue
        layout, group, rest = op
        found: list[_Found] = []
        failed = 0
        end = ln.end
        if rest:
            # "Present: A, B (Clerk).  PCSO C was present for part": the list ends with its sentence
            rest = _first_sentence(rest)
            parts = split_inline_entries(rest, speakers)
            found += [_Found(e, ln, group) for e in parts]
            failed += max(len(re.split(r"[,;]|\band\b", rest)) - len(parts), 0) if not parts else 0
        j = i + 1
        if layout in ("heading-list", "label-list") or rest:
            j, more, fails, end2 = _consume(lines, i + 1, group, layout, table_rows, speakers, bool(rest))
            found += more
            failed += fails
            end = max(end, end2)
        c = Candidate("attendee_block", ln.start, end, {"layout": layout, "found": found})
        c.add(_spec(layout)["evidence"])
        _weigh_entries(c, found, failed)
        out.append(c)
        i = max(j, i + 1)
    return out


def _consume(lines: list[Line], i: int, group: str, layout: str, table_rows: set[int],
             speakers: frozenset[str], inline: bool) -> tuple[int, list[_Found], int, int]:
    """The entries on the lines after an opener: (next line, entries, lines that failed, end)."""
    found: list[_Found] = []
    failed = 0
    opener = i - 1
    group_entries = False  # entries seen since the group last changed
    end = lines[i - 1].end
    # a heading or a label alone on its line ("In attendance:") stands over the list below it
    under_heading = lines[i - 1].heading > 0 or layout == "label-list"
    spanned = 0
    skipped_intro = False
    while i < len(lines):
        ln = lines[i]
        text = ln.content.strip()
        if ln.blank:
            nxt = _next_content(lines, i)
            if nxt is None or not found:
                if not found and nxt is not None and under_heading:
                    i += 1
                    continue
                break
            if nxt.heading or nxt.start in table_rows:
                break
            if (inline and spanned < 1) or _opener(nxt) is not None and _opener(nxt)[0] != "label-list" and \
                    _opener(nxt)[1] == group:
                break
            k = next(j for j in range(i + 1, len(lines)) if lines[j] is nxt)
            if not _entries_of(nxt, speakers) and not _entry_shaped(nxt, found, lines, k, speakers) \
                    and not _sub_label(nxt, lines, k, speakers):
                break
            i += 1
            continue
        if ln.heading and not found and ln.heading == lines[opener].heading and _opener(ln) is not None \
                and _opener(ln)[0] == "heading-list":
            i += 1  # "Attendees:" over "Apologies:": two column heads of one flattened table
            continue
        if ln.heading or ln.start in table_rows:
            break
        op = _opener(ln)
        if op is not None:
            new_layout, new_group, rest = op
            if new_layout == "label-list" or (new_layout == "label-inline" and (found or under_heading)):
                # a sub-group inside the block: "Guests:", "Not in attendance:", "Regrets: x, y";
                # but "Attendees:" then "Apologies:" with nothing between are two columns of a
                # table flattened into lines, and the names that follow are the first column's
                if found or rest or group_entries:
                    group = new_group
                group_entries = bool(rest)
                if rest:
                    found += [_Found(e, ln, group) for e in split_inline_entries(rest, speakers)]
                end = ln.end
                i += 1
                continue
            break
        entries = _entries_of(ln, speakers)
        if not entries and under_heading and _sub_label(ln, lines, i, speakers):
            i += 1  # "For the Secretariat:": a group of the same list
            continue
        if not entries:
            # "On the phone: Ann Lee (AL), Bob Ray (BR)": a label that is not a name, then names
            lm = re.match(r"^([^:,]{1,30}):\s+(.*)$", text)
            if lm and not plausible_name(lm.group(1)):
                entries = [(e, False) for e in split_inline_entries(lm.group(2), speakers)]
        if not entries:
            if not found and not skipped_intro and under_heading:
                skipped_intro = True  # one line of introduction under the heading
                i += 1
                continue
            if found and 1 <= lines[opener].heading <= 6 and _a_note(text):
                # under a heading of its own the list runs on past a line about the person
                # above ("Peter is chair of the panel")
                i += 1
                continue
            failed += 1
            if _entry_shaped(ln, found, lines, i, speakers):
                i += 1  # one odd entry in a list of them: the list goes on
                continue
            break
        g = "apology" if ln.checked is False and group != "apology" else group
        found += [_Found(e, ln, g, nick) for e, nick in entries]
        group_entries = True
        spanned += 1
        end = ln.end
        i += 1
    return i, _consistent(found, speakers), failed, end


def _sub_label(ln: Line, lines: list[Line], i: int, speakers: frozenset[str]) -> bool:
    """"For the Secretariat:" inside an attendee list: a short label over more entries."""
    text = ln.content.strip()
    if not (text.endswith(":") and len(text.split()) <= 8 and not ln.bullet):
        return False
    nxt = _next_content(lines, i)
    return nxt is not None and bool(_entries_of(nxt, speakers))


def _consistent(found: list[_Found], speakers: frozenset[str]) -> list[_Found]:
    """One list writes its entries one way: where some lines are "Name, Organisation", a line
    of two comma parts read as two people ("Ann Lee, Morgan Stanley") is a name and its body."""
    if not any(f.entry.organisation and "," in f.line.content for f in found):
        return found
    out: list[_Found] = []
    done: set[int] = set()
    for f in found:
        line = f.line
        same = [g for g in found if g.line is line]
        if len(same) == 2 and line.content.count(",") == 1 and ";" not in line.content:
            if line.start not in done:
                done.add(line.start)
                one = parse_entry(line.content.strip(), speakers=speakers)
                out.extend([_Found(one, line, f.group)] if one else same)
            continue
        out.append(f)
    return out


def _entry_shaped(ln: Line, found: list[_Found], lines: list[Line], i: int, speakers: frozenset[str]) -> bool:
    """A line that failed as an entry but stands like one: a bullet of the same kind as the
    entries before it, short, and followed by another entry."""
    if not found or not ln.bullet or found[-1].line.bullet is None or len(ln.content.split()) > 8:
        return False
    if ln.bullet[0].isdigit() != found[-1].line.bullet[0].isdigit() or ln.indent != found[-1].line.indent:
        return False
    after = _next_content(lines, i)
    return after is not None and after.bullet is not None and bool(_entries_of(after, speakers))


def _first_sentence(text: str) -> str:
    from ingest.rules.speech import SENTENCE_END, ABBREV

    for m in SENTENCE_END.finditer(text):
        if not ABBREV.search(text[:m.start()]):
            return text[:m.start()].rstrip(" .")
    return text


def _a_note(text: str) -> bool:
    """A sentence about someone, not an entry: it has a verb-like lower-case run and an end."""
    return len(text.split()) >= 4 and bool(re.search(r"\b[a-z]{2,}\b.*\b[a-z]{2,}\b", text))


def _only_group_words(text: str) -> bool:
    """"Attendees", "Board members present": the line is nothing but an attendance label."""
    t = text.strip(" *_:")
    for _, rx in _group_phrases():
        t = rx.sub(" ", t)
    return not CONTENT_WORD.findall(t)


def _next_content(lines: list[Line], i: int) -> Line | None:
    for ln in lines[i + 1:]:
        if not ln.blank:
            return ln
    return None


def _entries_of(ln: Line, speakers: frozenset[str]) -> list[tuple[Entry, bool]]:
    """The entries one line holds: one "Name, Organisation" or several names."""
    text = ln.content.strip()
    if re.search(r"[.!?]$", text) and not ln.bullet and ln.checked is None and len(text.split()) > 6:
        return []  # a sentence, not an entry
    if "," in text or ";" in text:
        one = parse_entry(text, speakers=speakers)
        many = split_inline_entries(text, speakers)
        if len(many) >= 2 and _all_names(text, many) and (
                len(many) >= 3 or not (one and one.organisation and _orgish(one.organisation))):
            return [(e, False) for e in many]
        if one:
            return [(one, False)]
    e = parse_entry(text, speakers=speakers)
    nick = parse_entry(text, speakers=speakers, nick_ok=True)
    if nick and len(nick.name.split()) == 1 and re.search(r"^[a-z]|[_\d]", nick.name):
        return [(nick, True)]  # "rharper (chair)", "Odd_Bloke": a nick, kept as written
    return [(e, False)] if e else []


def _all_names(text: str, many: list[Entry]) -> bool:
    """Does a comma line list people ("Ann Lee, Bob Ray, Cat Dee") rather than one person and
    their organisation ("Ann Lee, Chelpis Quantum")? Three or more names say so; two need the
    second to look like no organisation and (as one more piece of evidence) a known first name."""
    parts = [p for p in re.split(r"[,;]|\band\b", text) if p.strip()]
    if len(many) != len(parts):
        return False
    if len(many) >= 3:
        return True
    second = many[1].name
    return not _orgish(second) and second.split()[0].lower() in first_names()


def _orgish(s: str) -> bool:
    words = s.split()
    return bool(lookup_org(s)) or any(w in org_words() for w in words) or \
        bool(re.fullmatch(r"[A-Z][A-Za-z&]{1,7}", s.strip()) and any(c.isupper() for c in s.strip()[1:]))


def _weigh_entries(c: Candidate, found: list[_Found], failed: int) -> None:
    n = len(found)
    if n == 0:
        c.add("too_few_entries")
        c.add("entries_not_names")
        return
    named = sum(1 for f in found if not f.nick)
    c.add("entries_look_like_names", named / (n + failed))
    if n and named == 0:
        c.add("entries_are_nicks")
    if failed:
        c.add("entries_not_names", failed / (n + failed))
    with_org = sum(1 for f in found if f.entry.organisation)
    if with_org:
        c.add("entries_have_organisations", with_org / n)
    if n >= 3:
        c.add("three_or_more_entries")


# -- tables ----------------------------------------------------------------------------------------

def _column_roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    words = layouts()["table_columns"]
    for k, h in enumerate(header):
        h2 = re.sub(r"[*_:]", "", h).strip().lower()
        for role, names in words.items():
            if role not in roles and h2 in names:
                roles[role] = k
                break
    return roles


def _table_blocks(lines: list[Line]) -> list[Candidate]:
    out = []
    by_start = {ln.start: k for k, ln in enumerate(lines)}
    for block, rows in row_runs(lines):
        if len(rows) < 2:
            continue
        header = cells(rows[0].content)
        roles = _column_roles(header)
        heading_group = _heading_group(lines, by_start[block[0].start])
        body = rows[1:]
        evidence = "opener_table_header"
        if "name" not in roles:
            if not heading_group:
                continue
            # no header words, but under an attendance heading: the column of names is the one
            col = _names_column([cells(r.content) for r in rows])
            if col is None:
                continue
            roles, body, evidence = {"name": col}, rows, "table_under_attendance_heading"
        found, failed = [], 0
        for r in body:
            row = cells(r.content)
            f = _row_entry(row, roles, r, heading_group or "present")
            if f:
                found.append(f)
            elif any(x.strip() for x in row):
                failed += 1
        c = Candidate("attendee_block", block[0].start, block[-1].end, {"layout": "attendee-table", "found": found})
        c.add(evidence)
        if heading_group and evidence == "opener_table_header":
            c.add("table_under_attendance_heading")
        _weigh_entries(c, found, failed)
        out.append(c)
    return out


def _heading_group(lines: list[Line], k: int) -> str | None:
    """The attendance group named by the heading or label just above line ``k``."""
    for ln in reversed(lines[max(0, k - 3):k]):
        if ln.blank:
            continue
        op = _opener(ln)
        return op[1] if op and op[0] in ("heading-list", "label-list") else None
    return None


def _names_column(rows: list[list[str]]) -> int | None:
    width = max(len(r) for r in rows)
    best, best_n = None, 0
    for k in range(width):
        n = sum(1 for r in rows if k < len(r) and plausible_name(r[k]))
        if n > best_n:
            best, best_n = k, n
    return best if best_n * 2 >= len(rows) else None


def _row_entry(row: list[str], roles: dict[str, int], ln: Line, group: str) -> _Found | None:
    def col(role: str) -> str | None:
        k = roles.get(role)
        return row[k].strip() if k is not None and k < len(row) and row[k].strip() else None

    raw = col("name")
    if not raw:
        return None
    e = parse_entry(raw)
    if e is None:
        return None
    e.organisation = e.organisation or col("organisation")
    e.role = e.role or (col("role").lower() if col("role") else None)
    ini = col("initials")
    if ini and re.fullmatch(r"[A-Za-z]{1,5}\.?", ini):
        e.initials = ini.rstrip(".")
    handle = col("handle")
    if handle and re.fullmatch(r"@?[\w.-]{2,40}", handle):
        e.handle = handle.lstrip("@")
    presence = (col("presence") or "").lower()
    if presence and re.match(r"^(?:n|no|absent|apologies|regrets|✗|✘|-)$", presence):
        group = "apology"
    return _Found(e, ln, group)


# -- a run of "Name – Organisation" lines with no heading ---------------------------------------

def _headerless_blocks(lines: list[Line], table_rows: set[int]) -> list[Candidate]:
    out: list[Candidate] = []
    run: list[_Found] = []

    def flush() -> None:
        if len(run) >= _spec("headerless-block")["min_entries"]:
            c = Candidate("attendee_block", run[0].line.start, run[-1].line.end,
                          {"layout": "headerless-block", "found": list(run)})
            _weigh_entries(c, run, 0)
            out.append(c)
        run.clear()

    for ln in lines:
        e = parse_entry(ln.content) if not ln.blank and not ln.heading and ln.start not in table_rows else None
        if e and e.organisation and 2 <= len(e.name.split()) <= 4 and _orgish_unit(e.organisation):
            run.append(_Found(e, ln, "present"))
        elif not ln.blank:
            flush()
    flush()
    return out


def _orgish_unit(org: str) -> bool:
    """An organisation as a headerless list writes one: short, capitalised, no sentence."""
    words = org.split()
    return len(words) <= 10 and not re.search(r"[.!?]$", org) and all(
        w[0].isupper() or w.lower() in ("of", "for", "and", "the", "&", "on", "in", "de") or not w[0].isalpha()
        for w in words)


def register(idx: NameIndex, lists: PeopleLists) -> None:
    """Add the listed people to the name index, then merge entries that proved to be one person
    ("Tom Griffin (TG)" in the attendance list and "Tom" in a later "Present:" line)."""
    for a in lists.attendees + lists.apologies:
        ini = next((k for k, v in lists.initials.items() if v == a.name), None)
        handle = next((k for k, v in lists.handles.items() if v == a.name), None)
        a.name = idx.add(a.name, initials=ini, handle=handle)
    _role_aliases(idx, lists.attendees)
    for group in (lists.attendees, lists.apologies):
        for a in group:
            a.name = idx.resolve(a.name) or a.name
        seen: dict[str, Attendee] = {}
        for a in list(group):
            if a.name in seen:
                first = seen[a.name]
                first.organisation = first.organisation or a.organisation
                first.role = first.role or a.role
                group.remove(a)
            else:
                seen[a.name] = a


# a role the minutes name someone by ("The Clerk reported ...", "the Chairman welcomed ...")
ROLE_REFERENCES = {
    "chair": ("chair", "chairman", "chairwoman", "chairperson", "chair person", "presiding officer"),
    "vice-chair": ("vice-chair", "vice chair", "vice-chairman", "vice chairman", "deputy chair"),
    "clerk": ("clerk", "town clerk", "parish clerk"),
    "secretary": ("secretary", "secretariat"),
    "treasurer": ("treasurer",),
    "scribe": ("scribe", "note taker", "minute taker"),
}


def _role_aliases(idx: NameIndex, attendees: list[Attendee]) -> None:
    """The one attendee with a role is who the notes mean by "the Clerk" or "the Chair"."""
    holders: dict[str, list[str]] = {}
    for a in attendees:
        role = (a.role or "").lower().strip(" .")
        for key, words in ROLE_REFERENCES.items():
            if role in words or (key == "chair" and re.fullmatch(r"(?:co-)?chair\w*|chair of .*", role)
                                 and not role.startswith("vice")):
                holders.setdefault(key, []).append(a.name)
                break
    for key, names in holders.items():
        if len(set(names)) != 1:
            continue
        for word in ROLE_REFERENCES[key]:
            for ref in (word, "the " + word):
                idx.alias.setdefault(ref, names[0])
