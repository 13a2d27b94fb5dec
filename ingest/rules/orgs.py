"""Organisations: from attendee lists, acronym definitions, the gazetteer and organisation shapes.

One entry per organisation: acronym use ("GDS") and the expanded name ("Government Digital
Service") are merged, through the note's own definitions first and the gazetteer second.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc

from ingest.vocabulary import lexicon
from ingest.records import Organisation

# patterns tried on every line, entry or sentence of a note: compiled once, rather than
# looked up in re's cache at each call
_SPACES = re.compile(r"\s+")

DEFINITION = re.compile(
    r"(?P<long>(?:(?:[A-Z][\w'’\-]*|of|for|and|the|on|de|in|&)\s+){1,9}?[A-Z][\w'’\-]*)\s*\((?P<acr>[A-Z][A-Za-z&]{1,7})\)")
# where a definition can end ("(CCS)"), and the runs of non-space a long form is made of
_ACRONYM_PAREN = re.compile(r"\s*\([A-Z][A-Za-z&]{1,7}\)")
_RUN = re.compile(r"\S+")
LOOK_BACK = 400  # characters looked through for those ten runs
ACR_TOKEN = re.compile(r"(?<![\w-])(?P<acr>[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*|[A-Z]{2,})(?![\w-])")


def initials_of(long: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", long) if w and w[0].isupper())


def acronym_fits(long: str, acr: str) -> bool:
    """Does the acronym spell (most of) the capitalised initials of the long name?"""
    caps = "".join(w[0] for w in re.split(r"[\s\-]+", long) if w and w[0].isupper())
    a = acr.upper().replace("&", "")
    if not caps:
        return False
    if caps.endswith(a) or a in caps:
        return True
    # allow one letter of slack ("Department for Environment, Food and Rural Affairs" = Defra)
    common = sum(1 for c in a if c in caps)
    return len(a) >= 3 and common >= len(a) - 1 and a[0] == caps[0]


class OrgTable:
    """The organisations of one note, keyed so acronym and expansion meet in one entry."""

    def __init__(self) -> None:
        self.items: list[Organisation] = []

    def find(self, name: str) -> Organisation | None:
        key = lexicon.org_key(name)
        for o in self.items:
            if lexicon.org_key(o.name) == key or (o.acronym and o.acronym == name.strip()):
                return o
        return None

    def add(self, name: str, acronym: str | None = None, start: int = 0, end: int = 0,
            parent: str | None = None) -> Organisation | None:
        name = _SPACES.sub(" ", name).strip(" ,.;:()")
        if len(name) < 2:
            return None
        if name.lower().startswith("the ") and len(name.split()) > 2:
            name = name[4:]
        entry = lexicon.lookup_org(name) or (lexicon.lookup_org(acronym) if acronym else None)
        long, acr = name, acronym
        if entry:
            if entry.acronym and name.upper() == entry.acronym.upper():
                long = entry.name  # "GDS" alone: name it by its expansion
            # the gazetteer's acronym is general knowledge, worth keeping even if the note never uses it
            acr = acr or entry.acronym
        existing = self.find(long) or (self.find(acr) if acr else None)
        if existing:
            if acr and not existing.acronym:
                existing.acronym = acr
            if acr and existing.name == acr:
                existing.name = long
            return existing
        org = Organisation(long, acr, parent, start, end)
        self.items.append(org)
        return org


def definitions(text: str) -> Iterator[re.Match]:
    """``DEFINITION.finditer(text)``, tried only in the ten words before each "(ACR)".

    A long form is ten words at most, each without a "(", so a definition starts no further
    back than the tenth run of non-space before its acronym; tried at every position of a
    note instead, the pattern was a fiftieth of a parse.
    """
    pos = 0
    for paren in _ACRONYM_PAREN.finditer(text):
        if paren.start() < pos:
            continue
        back = max(pos, paren.start() - LOOK_BACK)
        runs = [r.start() for r in _RUN.finditer(text, back, paren.start())]
        # the tenth run back, if it lies whole in what was looked at; else from ``pos``
        whole = len(runs) >= 10 if back == pos else len(runs) >= 11
        m = DEFINITION.search(text, runs[-10] if whole else pos, paren.end())
        if m:
            yield m
            pos = m.end()


def collect(text: str, doc: Doc, attendee_orgs: list[tuple[str, int, int]], table: OrgTable,
            person_initials: frozenset[str] = frozenset()) -> OrgTable:
    """The note's organisations; ``person_initials`` are initials that stand for people here
    ("DH" for Dan Holt), never for the body the gazetteer knows by them."""
    # 1. definitions "Crown Commercial Service (CCS)"; the long form must look like a body
    defined: dict[str, str] = {}
    for m in definitions(text):
        long, acr = m.group("long"), m.group("acr")
        words = long.split()
        # trim leading lowercase/sentence words until the initials fit
        while words and (words[0][0].islower() or words[0].lower() in lexicon.non_names()):
            words = words[1:]
        fits = [k for k in range(len(words)) if acronym_fits(" ".join(words[k:]), acr)
                and words[k][0].isupper()]
        exact = [k for k in fits if initials_of(" ".join(words[k:])) == acr.upper()]
        for k in (exact or fits)[:1]:
            cand = " ".join(words[k:])
            if True:
                if is_orgish(cand) or lexicon.lookup_org(cand) or lexicon.lookup_org(acr):
                    defined[acr] = cand
                    s = m.start("long") + m.group("long").find(cand)
                    table.add(cand, acr, s, m.end())
                break
    # 2. attendee organisations, split into their units: "Cabinet Office, Government Digital Service"
    for org, s, e in attendee_orgs:
        for part in split_units(org):
            m = re.match(r"^(.*?)\s*\(([A-Z][A-Za-z&]{1,7})\)$", part)
            if m:
                table.add(m.group(1), m.group(2), s, e)
            else:
                table.add(defined.get(part, part), part if part in defined else None, s, e)
    # 3. spans the ruler found (gazetteer names, acronyms and organisation shapes)
    for span in doc.spans["kb_orgs"]:
        t = span.text
        if ACR_TOKEN.fullmatch(t) and t not in defined and (not lexicon.lookup_org(t) or t in person_initials
                                                            or _opens_a_line(doc, span)):
            continue
        table.add(defined.get(t, t), t if t in defined else None, span.start_char, span.end_char)
    return table


def _opens_a_line(doc: Doc, span) -> bool:
    """"PI Yes to content negotiation": letters at the start of a minute line, before its text,
    are someone's initials, not a body the gazetteer knows by the same letters."""
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    at_start = before is None or "\n" in before.text or "\n" in before.whitespace_ or before.text in "-*•"
    return at_start and after is not None and after.text[:1].isupper()


def split_units(org: str) -> list[str]:
    """"Cabinet Office, Government Digital Service (GDS)" -> both units; keeps "X, Y and Z" names
    that the gazetteer knows whole."""
    org = org.strip()
    if lexicon.lookup_org(org):
        return [org]
    parts = [p.strip() for p in re.split(r",\s*|\s*/\s*(?=\S)", org) if p.strip()]
    # "Anaconda/cf": a short lower-case tag after the slash is no organisation of its own
    parts = [p for p in parts if not re.fullmatch(r"[a-z]{1,3}", p)]
    return parts if all(len(p) > 1 for p in parts) else [org]


def is_orgish(name: str) -> bool:
    words = name.split()
    ow = lexicon.org_words()
    return any(w in ow for w in words) or bool(lexicon.lookup_org(name))
