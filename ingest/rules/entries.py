"""One attendee entry, in the many ways minutes write one: "Ann Lee (Involve)", "Ann Lee, Home
Office (Chair)", "Ann Lee – DWP", "Ann Lee @annlee", "Ann Lee (AL)", "Councillor M Ferguson
Chairman", "NON-PARISH COUNCILLOR Ann Lee", "Ann Lee (apologies)", and inline lists of them.

Whether the name part is a name is judged by its shape (``names.plausible_name``), never by a
list of first names: the entry stands where the note's structure puts names.

>>> parse_entry("Sam Hill, Home Office (Chair)")
Entry(name='Sam Hill', organisation='Home Office', role='chair', initials=None, handle=None, apology=False)
>>> parse_entry("NON-PARISH COUNCILLOR Zed Quorra").name, parse_entry("Kit Ovan (apologies)").apology
('Zed Quorra', True)
>>> [e.name for e in split_inline_entries("Zed Quorra, Kit Ovan and Mo Ali")]
['Zed Quorra', 'Kit Ovan', 'Mo Ali']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.rules.prefilter import Needing
from ingest.vocabulary.lexicon import job_words, lookup_org
from ingest.vocabulary.name_shapes import clean_name, plausible_name

# patterns tried on every line, entry or sentence of a note: compiled once, rather than
# looked up in re's cache at each call
_ACRONYM_TAIL = re.compile(r"[A-Z][A-Za-z&]{0,6}[A-Z]")
_PAREN_TAIL = re.compile(r"\s*\(([^()]*)\)\s*$")
_AFTER_PAREN = re.compile(r"^(?P<head>.*\))\s+(?P<tail>[A-Za-z][\w&-]*(?: [A-Za-z][\w&-]*){0,2})$")
_COLUMN_GAP = re.compile(r"\s{2,}|\t")
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")

ROLE_WORDS = re.compile(
    r"^(?:deputising|deputizing|representing|substituting|standing in|on behalf) .*|"
    r"^(?:acting |interim |outgoing |incoming )?(?:co-?)?chair(?:man|woman|person)?$|^deputy chair$|^vice[- ]chair$|"
    r"^scribe$|^minutes?$|^note ?taker$|^secretar(?:y|iat)$|^clerk$|^observer$|^guest$|^facilitat(?:or|ing)$|"
    r"^(?:non-)?voting member$|^member$|^invited expert$|^speaker$|^presenter$|^host$|^lead$|^regrets$|"
    r"^tsc member$|^.*\bmember$|^(?:tac|outreach|staff|liaison|treasurer|president|vice[- ]president)$", re.I)
SKIP_ENTRY = re.compile(r"^(?:-|none|n/a|all|everyone|tbc|\+?\d[\d\s.]+\w*)$", re.I)
BOTS = {"trackbot", "rrsagent", "zakim", "github-bot", "agendabot", "meetingology", "zodbot"}
HANDLE = re.compile(r"\s*\(?@([A-Za-z0-9][\w-]*)\)?")
INITIALS = re.compile(r"\s*\(([A-Z]{2,4})\)")
APOLOGY_MARK = Needing(r"\s*[\(\[]\s*(?:apologies|apols?|regrets|absent|sent apologies)\s*[\)\]]",
                       ["apol", "regret", "absent"], re.I)
MODE = Needing(r"\s*\((?:tele)?phone\)|\s*\(?\b(?:via|by|on(?: the)?|over)\s+(?:tele)?(?:phone|video(?:[- ]?conf\w*)?|"
               r"skype|zoom|teams|webex|dial[- ]in|hangouts?|vc)\)?|\s*\(?\bremotely\)?|\s*\(\d+\)",
               ["phone", "video", "skype", "zoom", "teams", "webex", "dial", "hangout", "vc", "remotely",
                "("], re.I)
SENT_APOLOGIES = Needing(r",?\s*(?:who\s+)?(?:sent|gave|offered)\s+(?:his|her|their)\s+apologies\b.*$",
                         ["apologies"], re.I)
DASH = re.compile(r"\s+[–—-]\s+|\s+[–—]|[–—]\s+")
# "NON-PARISH COUNCILLOR Ann Lee", "PARISH COUNCILLORS: ...": a role written in capitals first
CAPS_ROLE = re.compile(r"^(?P<role>(?:[A-Z][A-Z'’-]+\s+){1,4})(?=[A-Z][a-z])")


@dataclass
class Entry:
    name: str
    organisation: str | None = None
    role: str | None = None
    initials: str | None = None
    handle: str | None = None
    apology: bool = False


def role_or_org(s: str) -> tuple[str | None, str | None]:
    """"chair" -> a role; "Acme" -> an organisation; "Acme - chair" -> both."""
    s = s.strip(" ()")
    if not s:
        return None, None
    if ROLE_WORDS.match(s):
        return s.lower(), None
    if s[0].islower() and len(s.split()) >= 2:
        return None, None  # "(had to leave early)": a note about the person, neither role nor body
    parts = _SPACED_DASH.split(s)
    if len(parts) == 2 and ROLE_WORDS.match(parts[1].strip()):
        return parts[1].strip().lower(), parts[0].strip()
    return None, s


def parse_entry(raw: str, inline: bool = False, speakers: frozenset[str] = frozenset(),
                nick_ok: bool = False) -> Entry | None:
    """One attendee entry, or None when its name part cannot be a name."""
    s = raw.replace("\u00a0", " ").strip().strip("*_").strip()
    apology = bool(APOLOGY_MARK.search(s))
    s = APOLOGY_MARK.sub("", s)
    s = MODE.sub("", s).strip()  # "(via phone)", "by video conf", "(12)": how, not who
    s = SENT_APOLOGIES.sub("", s).strip(" ,.")
    if s.count("(") > s.count(")"):
        s += ")"
    role = org = None
    cm = CAPS_ROLE.match(s)
    if cm and not lookup_org(cm.group("role").strip()):
        role = cm.group("role").strip().lower()
        s = s[cm.end():]
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
    tail = _AFTER_PAREN.match(s)
    if tail and "(" in tail.group("head"):
        # "Ann Lee (Acme) Chair", "Ann Lee (Acme) TAC": what follows the organisation is a role
        role = tail.group("tail").lower()
        s = tail.group("head")
    while True:  # trailing "(chair)" / "(voting member)" / "(Org)"
        pm = _PAREN_TAIL.search(s)
        if not pm:
            break
        r, o = role_or_org(pm.group(1))
        role = role or r
        org = org or o
        s = s[:pm.start()].strip()
    parts = DASH.split(s, maxsplit=1)
    if len(parts) == 2:
        name, tail = parts
        r, o = role_or_org(tail)
        role = role or r
        if o:
            org = o if not org else f"{o} ({org})"
        s = name.strip()
        pm = _PAREN_TAIL.search(s)
        if pm:
            r, o = role_or_org(pm.group(1))
            role = role or r
            org = org or o
            s = s[:pm.start()].strip()
    if not inline and "," in s:
        name, tail = s.split(",", 1)
        if plausible_name(name):
            # one entry per line names one person: what follows the comma is their organisation
            units = [u.strip() for u in tail.split(",")]
            if len(units) > 1 and _is_job_title(units[-1]):
                role = role or units.pop().lower()  # "GDS, Deputy Chief Technology Officer"
            r, o = role_or_org(", ".join(units))
            role = role or r
            org = org or o
            s = name
    if ":" in s:
        s = s.split(":", 1)[0]
    if not org:
        s, org, r = _split_glued(s)
        role = role or r
    # a nick is kept as written ("Odd_Bloke"); elsewhere "David_MacDonald" is IRC for a name
    name = clean_name(s) if nick_ok else clean_name(s.replace("_", " ")).rstrip("_")
    if not name or SKIP_ENTRY.match(name) or name.lower() in BOTS:
        return None
    if not plausible_name(name, nick_ok=nick_ok) and name not in speakers:
        return None
    return Entry(name, org, role, ini, handle, apology)


def _is_job_title(s: str) -> bool:
    return any(w.lower() in job_words() for w in s.split())


def _split_glued(s: str) -> tuple[str, str | None, str | None]:
    """"Liam Maxwell  Chair", "Chris Francis SAP", "Matthew Dovey Jisc": a name, then an
    organisation or role with no separator but spaces."""
    cols = _COLUMN_GAP.split(s.strip(), maxsplit=1)
    if len(cols) == 2 and plausible_name(cols[0]):
        r, o = role_or_org(cols[1])
        return cols[0], o, r
    words = s.split()
    for k in (2, 3):
        tail = " ".join(words[k:])
        acronym = bool(_ACRONYM_TAIL.fullmatch(tail))
        if len(words) > k and plausible_name(" ".join(words[:k])) and (
                acronym or lookup_org(tail) or ROLE_WORDS.match(tail)):
            r, o = role_or_org(tail)
            return " ".join(words[:k]), o, r
    return s, None, None


def _split_parts(rest: str) -> list[str]:
    if ";" in rest:
        # "Alex Brown, Griffin Brown Publishing; Tim Kelsey, NHS England; and Lee Edwards, ..."
        parts = [re.sub(r"^and\s+", "", p.strip()) for p in rest.split(";")]
    else:
        parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+&\s+", rest)
    return [p for p in parts if p.strip()]


def split_inline_entries(rest: str, speakers: frozenset[str] = frozenset(),
                         nick_ok: bool = False) -> list[Entry]:
    """The entries of an inline list ("Present: a, b and c"); a part that is an organisation
    rather than a name ("Ann Lee, Home Office, Bob Ray") is the organisation of the name before."""
    semi = ";" in rest
    out: list[Entry] = []
    for part in _split_parts(rest):
        e = parse_entry(part, inline=not semi, speakers=speakers, nick_ok=nick_ok)
        if e is None:
            if out and out[-1].organisation is None and _orgish(part):
                out[-1].organisation = part.strip(" .")
            continue
        out.append(e)
    return out


def _orgish(part: str) -> bool:
    p = part.strip(" .")
    return bool(lookup_org(p) or re.fullmatch(r"[A-Z][A-Za-z&]{1,7}", p) and any(c.isupper() for c in p[1:]))
