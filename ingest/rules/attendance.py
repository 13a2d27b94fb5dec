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

import re

from ingest.nlp.evidence import Candidate, resolve
from ingest.records import Attendee
from ingest.rules.attendee_tables import headerless_blocks, table_blocks
from ingest.rules.entries import Entry, SENT_APOLOGIES, parse_entry, split_inline_entries
from ingest.rules.layouts import Found, PeopleLists, block_opener, layouts, spec, weigh_entries
from ingest.rules.structure import Line
from ingest.rules.tables import row_runs
from ingest.vocabulary.lexicon import first_names, lookup_org, org_words
from ingest.vocabulary.name_shapes import plausible_name

# layouts() is read here by tests and by anyone asking which layouts exist
__all__ = ["find_people_lists", "layouts", "PeopleLists"]


def find_people_lists(lines: list[Line], speakers: frozenset[str] = frozenset()) -> PeopleLists:
    """Every attendee and apology of the note, from the blocks the resolver keeps."""
    table_rows = {ln.start for block, _ in row_runs(lines) for ln in block}
    cands = table_blocks(lines) + _line_blocks(lines, table_rows, speakers)
    if not any(c.accepted for c in cands):
        cands += headerless_blocks(lines, table_rows)
    out = PeopleLists([], [], {}, {})
    for block in resolve(cands):
        conf = round(block.score, 3)
        for f in block.data["found"]:
            _add(out, f, conf)
    return out


def _add(out: PeopleLists, f: Found, conf: float) -> None:
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


def _line_blocks(lines: list[Line], table_rows: set[int], speakers: frozenset[str]) -> list[Candidate]:
    out: list[Candidate] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        op = block_opener(ln) if ln.start not in table_rows else None
        if op is None:
            i += 1
            continue
        layout, group, rest = op
        found: list[Found] = []
        failed = 0
        end = ln.end
        if rest:
            # "Present: A, B (Clerk).  PCSO C was present for part": the list ends with its sentence
            rest = _first_sentence(rest)
            parts = split_inline_entries(rest, speakers)
            found += [Found(e, ln, group) for e in parts]
            failed += max(len(re.split(r"[,;]|\band\b", rest)) - len(parts), 0) if not parts else 0
        j = i + 1
        if layout in ("heading-list", "label-list") or rest:
            j, more, fails, end2 = _consume(lines, i + 1, group, layout, table_rows, speakers, bool(rest))
            found += more
            failed += fails
            end = max(end, end2)
        c = Candidate("attendee_block", ln.start, end, {"layout": layout, "found": found})
        c.add(spec(layout)["evidence"])
        weigh_entries(c, found, failed)
        out.append(c)
        i = max(j, i + 1)
    return out


def _consume(lines: list[Line], i: int, group: str, layout: str, table_rows: set[int],
             speakers: frozenset[str], inline: bool) -> tuple[int, list[Found], int, int]:
    """The entries on the lines after an opener: (next line, entries, lines that failed, end)."""
    found: list[Found] = []
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
            if (inline and spanned < 1) or block_opener(nxt) is not None and block_opener(nxt)[0] != "label-list" and \
                    block_opener(nxt)[1] == group:
                break
            k = next(j for j in range(i + 1, len(lines)) if lines[j] is nxt)
            if not _entries_of(nxt, speakers) and not _entry_shaped(nxt, found, lines, k, speakers) \
                    and not _sub_label(nxt, lines, k, speakers):
                break
            i += 1
            continue
        if ln.heading and ln.heading == lines[opener].heading and block_opener(ln) is not None \
                and block_opener(ln)[0] == "heading-list" and all(x.blank for x in lines[opener + 1:i]):
            i += 1  # "Attendees:" over "Apologies:": two column heads of one flattened table
            continue
        if ln.heading or ln.start in table_rows:
            break
        op = block_opener(ln)
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
                    found += [Found(e, ln, group) for e in split_inline_entries(rest, speakers)]
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
        found += [Found(e, ln, g, nick) for e, nick in entries]
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


def _consistent(found: list[Found], speakers: frozenset[str]) -> list[Found]:
    """One list writes its entries one way: where some lines are "Name, Organisation", a line
    of two comma parts read as two people ("Ann Lee, Morgan Stanley") is a name and its body."""
    if not any(f.entry.organisation and "," in f.line.content for f in found):
        return found
    out: list[Found] = []
    done: set[int] = set()
    for f in found:
        line = f.line
        same = [g for g in found if g.line is line]
        if len(same) == 2 and line.content.count(",") == 1 and ";" not in line.content:
            if line.start not in done:
                done.add(line.start)
                one = parse_entry(line.content.strip(), speakers=speakers)
                out.extend([Found(one, line, f.group)] if one else same)
            continue
        out.append(f)
    return out


def _entry_shaped(ln: Line, found: list[Found], lines: list[Line], i: int, speakers: frozenset[str]) -> bool:
    """A line that failed as an entry but stands like one: a bullet of the same kind as the
    entries before it, short, and followed by another entry."""
    if not found or not ln.bullet or found[-1].line.bullet is None or len(ln.content.split()) > 8:
        return False
    if ln.bullet[0].isdigit() != found[-1].line.bullet[0].isdigit() or ln.indent != found[-1].line.indent:
        return False
    after = _next_content(lines, i)
    return after is not None and after.bullet is not None and bool(_entries_of(after, speakers))


def _first_sentence(text: str) -> str:
    from ingest.rules.speech import ABBREV, sentence_gaps

    for gap, _ in sentence_gaps(text):
        if not ABBREV.search(text[:gap]):
            return text[:gap].rstrip(" .")
    return text


def _a_note(text: str) -> bool:
    """A sentence about someone, not an entry: it has a verb-like lower-case run and an end."""
    return len(text.split()) >= 4 and bool(re.search(r"\b[a-z]{2,}\b.*\b[a-z]{2,}\b", text))


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
