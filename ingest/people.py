"""Attendee lists in their many layouts, and the apologies beside them.

Layouts read: a heading (Attendees, Present, In attendance, Board members...) over one entry per
line; an inline "Present: a, b, c" (wrapped over several lines too); scribe definition lists
("Present: ...", "Chair: ...", "Scribe: ..."); and a headerless block of "Name – Organisation" lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import lookup_org
from .names import NameIndex, clean_name, looks_like_name
from .records import Attendee
from .structure import Line

ATTEND_HEAD = re.compile(
    r"^(?:\d+\.\s*)?(?:(?:additional|other|tsc|board|panel) )?(?:attendees|attendance|attending|attended(?: by)?|present|in attendance|participants|members|"
    r"(?:board|panel|committee|council|tsc|group|voting|non[- ]voting)? ?members(?: present| attending)?|"
    r"non[- ]members(?: attending| present)?|observers|guests|also (?:present|attending|in attendance)|who was there|"
    r"(?:the )?people (?:who came(?: along)?|present|attending)|"
    r"chairs?|co-chairs?|scribes?|scribe\(s\)|note ?takers?|minute ?takers?|facilitators?|secretariat)\b"
    r"(?:\s*\([^)]*\))?\s*(?::|-|–)?\s*(?P<rest>.*)$", re.I)
APOLOGY_HEAD = re.compile(
    r"^(?:\d+\.\s*)?(?:apologies(?: for absence| received)?|regrets|absent|not present|unable to attend)\b"
    r"\s*(?::|-|–)?\s*(?P<rest>.*)$", re.I)
ROLE_WORDS = re.compile(
    r"^(?:deputising|deputizing|representing|substituting|standing in|on behalf) .*|"
    r"^(?:acting |interim |outgoing |incoming )?(?:co-?)?chair(?:man|woman|person)?$|^deputy chair$|^vice[- ]chair$|^scribe$|^minutes?$|^note ?taker$|"
    r"^secretar(?:y|iat)$|^observer$|^guest$|^facilitat(?:or|ing)$|^(?:non-)?voting member$|^member$|"
    r"^invited expert$|^speaker$|^presenter$|^host$|^lead$|^regrets$|^tsc member$|^.*\bmember$", re.I)
SKIP_ENTRY = re.compile(r"^(?:-|none|n/a|all|everyone|tbc|\+?\d[\d\s.]+\w*)$", re.I)
BOTS = {"trackbot", "rrsagent", "zakim", "github-bot", "agendabot"}
HANDLE = re.compile(r"\s*\(?@([A-Za-z0-9][\w-]*)\)?")
INITIALS = re.compile(r"\s*\(([A-Z]{2,4})\)")
MODE = re.compile(r"\s*\((?:tele)?phone\)|\s*\(?\b(?:via|by|on(?: the)?|over)\s+(?:tele)?(?:phone|video(?:[- ]?conf\w*)?|skype|zoom|teams|"
                  r"webex|dial[- ]in|hangouts?|vc)\)?|\s*\(?\bremotely\)?", re.I)
SENT_APOLOGIES = re.compile(r",?\s*(?:who\s+)?(?:sent|gave|offered)\s+(?:his|her|their)\s+apologies\b.*$", re.I)
DASH = re.compile(r"\s+[–—-]\s+|\s+[–—]|[–—]\s+")


@dataclass
class PeopleLists:
    attendees: list[Attendee]
    apologies: list[Attendee]
    handles: dict[str, str]
    initials: dict[str, str]


def _role_or_org(s: str) -> tuple[str | None, str | None]:
    s = s.strip(" ()")
    if not s:
        return None, None
    if ROLE_WORDS.match(s):
        return s.lower(), None
    return None, s


def parse_entry(raw: str, inline: bool = False,
                speakers: frozenset[str] = frozenset()) -> tuple[str, str | None, str | None, str | None, str | None] | None:
    """One attendee entry -> (name, organisation, role, initials, handle), or None."""
    s = raw.replace("\u00a0", " ").strip().strip("*_").strip()
    s = MODE.sub("", s).strip()  # "(via phone)", "by video conf": how, not who
    s = SENT_APOLOGIES.sub("", s).strip(" ,.")
    if s.count("(") > s.count(")"):
        s += ")"
    handle = None
    hm = HANDLE.search(s)
    if hm:
        handle = hm.group(1)
        s = (s[:hm.start()] + s[hm.end():]).strip()
    ini = None
    im = INITIALS.search(s)
    if im:
        ini = im.group(1)
        s = (s[:im.start()] + s[im.end():]).strip()
    role = org = None
    # trailing "(chair)" / "(voting member)" / "(Org)"
    while True:
        pm = re.search(r"\s*\(([^()]*)\)\s*$", s)
        if not pm:
            break
        r, o = _role_or_org(pm.group(1))
        role = role or r
        org = org or o
        s = s[:pm.start()].strip()
    parts = DASH.split(s, maxsplit=1)
    if len(parts) == 2:
        name, tail = parts
        r, o = _role_or_org(tail)
        if r:
            role = role or r
        else:
            org = o if not org else f"{o} ({org})"
        s = name.strip()
        pm = re.search(r"\s*\(([^()]*)\)\s*$", s)
        if pm:
            r, o = _role_or_org(pm.group(1))
            role = role or r
            org = org or o
            s = s[:pm.start()].strip()
    if not inline and "," in s:
        name, tail = s.split(",", 1)
        if looks_like_name(name) and not looks_like_name(tail.strip(), strict=True):
            units = [u.strip() for u in tail.split(",")]
            if len(units) > 1 and _is_job_title(units[-1]):
                role = role or units.pop().lower()  # "GDS, Deputy Chief Technology Officer"
                tail = ", ".join(units)
            r, o = _role_or_org(tail)
            role = role or r
            org = org or o
            s = name
    if ":" in s:
        s = s.split(":", 1)[0]
    if not org:
        s, org, r = _split_glued(s)
        role = role or r
    # IRC-style "David_MacDonald"
    name = clean_name(s.replace("_", " ")).rstrip("_")
    if not name or SKIP_ENTRY.match(name) or name.lower() in BOTS:
        return None
    if not looks_like_name(name) and name not in speakers:
        return None  # (initials such as "TC" count when they also head speaker lines)
    return name, org, role, ini, handle


def _is_job_title(s: str) -> bool:
    words = s.split()
    return bool(words) and any(w.lower() in JOB_WORDS for w in words)


JOB_WORDS = {"officer", "director", "chief", "head", "manager", "lead", "adviser", "advisor", "secretary",
             "minister", "consultant", "architect", "analyst", "engineer", "scientist", "researcher", "editor",
             "coordinator", "president", "chair", "member", "representative", "specialist", "owner"}


def _split_glued(s: str) -> tuple[str, str | None, str | None]:
    """"Liam Maxwell  Chair", "Chris Francis SAP", "Matthew Dovey Jisc": a name, then an
    organisation or role with no separator but spaces."""
    cols = re.split(r"\s{2,}|\t", s.strip(), maxsplit=1)
    if len(cols) == 2 and looks_like_name(cols[0]):
        r, o = _role_or_org(cols[1])
        return cols[0], o, r
    words = s.split()
    for k in (2, 3):
        tail = " ".join(words[k:])
        acronym = bool(re.fullmatch(r"[A-Z][A-Za-z&]{0,6}[A-Z]", tail))
        # a rarer first name will do before an acronym ("Jeni Tennison ODI")
        if len(words) > k and looks_like_name(" ".join(words[:k]), strict=not acronym):
            if acronym or lookup_org(tail) or ROLE_WORDS.match(tail):
                r, o = _role_or_org(tail)
                return " ".join(words[:k]), o, r
    return s, None, None


def _split_inline(rest: str) -> list[str]:
    if ";" in rest:
        # "Alex Brown, Griffin Brown Publishing; Tim Kelsey, NHS England; and Lee Edwards, ..."
        parts = [re.sub(r"^and\s+", "", p.strip()) for p in rest.split(";")]
    else:
        parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+&\s+", rest)
    return [p for p in parts if p.strip()]


def _all_names(text: str, speakers: frozenset[str]) -> list[tuple] | None:
    """Every part of a comma list parses as an attendee entry: the entries, else None."""
    parts = _split_inline(text)
    if len(parts) < 2:
        return None
    entries = [parse_entry(p, inline=";" not in text, speakers=speakers) for p in parts]
    if not all(entries):
        return None
    if ";" in text:
        return entries
    strict = [looks_like_name(e[0], strict=True) or e[0] in speakers for e in entries]
    # "John Atherton, Surevine", "Matthias Kannwischer, Chelpis Quantum Tech": a name and an
    # organisation, not two people; a longer list may hold a rarer first name or two
    if not all(strict) and (len(entries) == 2 or sum(strict) * 2 < len(entries) or any(
            len(e[0].split()) == 1 and not ok for e, ok in zip(entries, strict))):
        return None
    return entries


def find_people_lists(lines: list[Line], speakers: frozenset[str] = frozenset()) -> PeopleLists:
    out = PeopleLists([], [], {}, {})
    kind: str | None = None  # the list we are inside: "attend" / "apology"
    kind_heading = 0
    role_of_head: str | None = None
    got_entries = False

    def add(entry, target: list[Attendee], ln: Line, role: str | None = None) -> None:
        name, org, r, ini, handle = entry
        if any(a.name == name for a in target):
            return
        target.append(Attendee(name=name, organisation=org, role=r or role, start=ln.start, end=ln.end))
        if handle:
            out.handles[handle] = name
        if ini:
            out.initials[ini] = name

    last_bullet: str | None = None
    for i, ln in enumerate(lines):
        text = ln.content.strip()
        if ln.bullet and kind:
            last_bullet = ln.bullet
        if ln.heading:
            am = ATTEND_HEAD.match(text)
            pm = APOLOGY_HEAD.match(text)
            if pm and not pm.group("rest"):
                kind, kind_heading, got_entries, role_of_head = "apology", ln.heading, False, None
            elif am and not am.group("rest"):
                kind, kind_heading, got_entries = "attend", ln.heading, False
                role_of_head = _head_role(text)
            elif kind and ln.heading <= kind_heading or kind and got_entries:
                kind = None
            if not (am and am.group("rest")) and not (pm and pm.group("rest")):
                continue
        if ln.blank:
            if kind and got_entries and not 1 <= kind_heading <= 6 and not lines_continue_list(lines, i, last_bullet):
                kind = None
            continue
        am = ATTEND_HEAD.match(text) if not ln.bullet or ln.heading else None
        pm = APOLOGY_HEAD.match(text) if not ln.bullet or ln.heading else None
        if not ln.heading and (am or pm) and not (am or pm).group("rest") and len(text) <= 40:
            # a label line ("In attendance:") over the list that follows
            kind, kind_heading, got_entries = ("apology" if pm else "attend"), 0, False
            role_of_head = _head_role(text)
            continue
        if (pm and pm.group("rest")) or (am and am.group("rest") and re.match(r"^[^:]{1,40}:", text)):
            m = pm if pm and pm.group("rest") else am
            target = out.apologies if m is pm else out.attendees
            rest = m.group("rest")
            # wrapped inline lists continue on the following lines without a label
            j = i + 1
            while j < len(lines) and not lines[j].blank and not lines[j].heading and not lines[j].bullet \
                    and not re.match(r"^[^:,]{1,30}:", lines[j].content) and _names_line(lines[j].content):
                rest += " " + lines[j].content.strip()
                j += 1
            role = _head_role(text)
            for part in _split_inline(rest):
                e = parse_entry(part, inline=True, speakers=speakers)
                if e:
                    add(e, target, ln, role)
            kind = None
            continue
        if kind:
            if ln.checked is False and kind == "attend":
                e = parse_entry(text)
                if e:
                    add(e, out.apologies, ln)  # an unticked box: on the list but not there
                    got_entries = True
                continue
            target = out.apologies if kind == "apology" or SENT_APOLOGIES.search(text) else out.attendees
            label = re.match(r"^([^:,]{1,30}):\s+(.*)$", text)
            if label and not looks_like_name(label.group(1)):
                text = label.group(2)  # "On the phone: Ann Lee (AL), Bob Ray (BR)"
            many = _all_names(text, speakers) if ("," in text or ";" in text) else None
            if many:
                for e in many:
                    add(e, target, ln, role_of_head)
                got_entries = True
                continue
            if ln.bullet or kind_heading or not re.search(r"[.!?]$", text):
                e = parse_entry(text)
                if e:
                    add(e, target, ln, role_of_head)
                    got_entries = True
                    continue
            if got_entries and not 1 <= kind_heading <= 6:
                kind = None  # under a markdown heading the list runs to the next heading
    if not out.attendees:
        _headerless_block(lines, out)
    return out


def _names_line(text: str) -> bool:
    """A wrapped continuation of an inline list: every comma part is a name."""
    parts = _split_inline(text)
    return bool(parts) and all(parse_entry(p, inline=True) for p in parts)


def lines_continue_list(lines: list[Line], i: int, bullet: str | None = None) -> bool:
    """After a blank line, does the list go on (the next line is another entry of the same kind
    of list: "- Ann Lee" after "- Bob Ray", not "1. Welcome")?"""
    for ln in lines[i + 1:]:
        if ln.blank:
            continue
        same_kind = bullet is None or (bullet[0].isdigit() == (ln.bullet or " ")[0].isdigit())
        return bool(ln.bullet) and same_kind and not ln.heading and parse_entry(ln.content) is not None
    return False


def _head_role(text: str) -> str | None:
    t = text.lower()
    for word, role in (("chair", "chair"), ("scribe", "scribe"), ("note", "note taker"),
                       ("minute", "note taker"), ("observer", "observer"), ("guest", "guest"),
                       ("facilitat", "facilitator"), ("non-member", "non-member"), ("non member", "non-member")):
        if t.startswith(word) or t.startswith("non") and word.startswith("non"):
            return role
    return None


def _headerless_block(lines: list[Line], out: PeopleLists) -> None:
    """A run of three or more "Name – Organisation" lines with no heading is an attendee list."""
    run: list[tuple[Line, tuple]] = []

    def flush() -> None:
        if len(run) >= 3 and not out.attendees:
            for ln, e in run:
                out.attendees.append(Attendee(name=e[0], organisation=e[1], role=e[2], start=ln.start, end=ln.end))
        run.clear()

    for ln in lines:
        e = parse_entry(ln.content) if not ln.blank and not ln.heading else None
        if e and e[1] and looks_like_name(e[0], strict=True):
            run.append((ln, e))
        else:
            flush()
    flush()


def register(idx: NameIndex, lists: PeopleLists) -> None:
    """Add the listed people to the name index, then merge entries that proved to be one person
    ("Tom Griffin (TG)" in the attendance list and "Tom" in a later "Present:" line)."""
    for a in lists.attendees + lists.apologies:
        ini = next((k for k, v in lists.initials.items() if v == a.name), None)
        handle = next((k for k, v in lists.handles.items() if v == a.name), None)
        a.name = idx.add(a.name, initials=ini, handle=handle)
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
