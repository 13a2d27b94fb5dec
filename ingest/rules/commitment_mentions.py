"""Commitments, proposals and challenges whose progress a note reports, found after the main pass.

Three shapes beside the "Topic – Name (Org) said ..." bullets the walker reads:
- a heading "Commitment 3: Anti-corruption strategy" or "Discussion topic 2: X challenge";
- a capitalised name followed by challenge/proposal/commitment in the text ("the Public
  Emergency Alert Messaging challenge");
- a short list introduced by "two proposals were tabled:".
Speakers are the people whose statements mention the commitment's words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.records import Commitment, Meeting
from ingest.rules.prefilter import Needing
from ingest.rules.structure import Line

KIND = r"(?:challenges?|proposals?|commitments?)"
HEADING = re.compile(rf"^(?:(?:discussion\s+)?(?:topic|item|commitment|proposal|challenge)\s*(?:[A-Z]{{2,6}}-)?\d*\s*[:.\-–]\s*)"
                     rf"(?P<name>.+?)(?:\s+{KIND})?$", re.I)
KIND_WORDS = ["challenge", "proposal", "commitment"]  # one of them is in every match of KIND
IN_TEXT = Needing(rf"(?<![\w-])(?P<name>[A-Z][\w'’-]*(?: (?:(?:of|and|for|on|to) )?[A-Z][\w'’-]*){{1,6}}) {KIND}\b",
                  KIND_WORDS)
INTRO = Needing(rf"\b{KIND}\s+(?:were|was|are|is)\s+(?:tabled|discussed|considered|presented|reviewed)\b.*:\s*$",
                KIND_WORDS, re.I)
STOP_NAMES = {"the", "this", "that", "a", "an", "board", "panel", "new", "previous", "next"}


_WORD = re.compile(r"[A-Za-z]{3,}")


def _stem(w: str) -> str:
    return w.lower().rstrip("s")[:5]


@lru_cache(maxsize=4096)  # every statement's words are looked at for every commitment
def _stems(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _WORD.findall(text))


def _mentions(text: str, name: str) -> bool:
    words = _stems(name)
    return bool(words) and words <= _stems(text)


def add_named_commitments(m: Meeting, lines: list[Line]) -> None:
    found: dict[str, Commitment] = {c.name.lower(): c for c in m.commitments}

    sections: list[tuple[Commitment, int]] = []  # a commitment heading and where its section starts

    def add(name: str, s: int, e: int) -> Commitment | None:
        name = re.sub(r"\s+", " ", name).strip(" .:-–")
        name = re.sub(r"^(?:the|a|an|this|these|two|three|both)\s+", "", name, flags=re.I)
        parts = re.split(r"\s+and\s+", name)
        if len(parts) == 2 and all(1 <= len(p.split()) <= 3 for p in parts):
            # "Language tag and country code proposals": two of them
            add(parts[0], s, e)
            return add(parts[1], s, e)
        if not name or name.lower() in STOP_NAMES or len(name.split()) > 8:
            return None
        for c in found.values():
            if _mentions(c.name, name) and _mentions(name, c.name):
                return c
        c = found[name.lower()] = Commitment(name=name[0].upper() + name[1:], start=s, end=e)
        return c

    intro = False
    for ln in lines:
        text = ln.content.strip()
        if ln.heading:
            hm = HEADING.match(text)
            if hm and re.search(rf"\b{KIND}\b|^(?:commitment|proposal|challenge)\s*(?:[A-Z]{{2,6}}-)?\d", text, re.I):
                c = add(hm.group("name"), ln.start, ln.end)
                if c:
                    sections.append((c, ln.start))
            else:
                sections.append((None, ln.start))
            intro = False
            continue
        if ln.blank:
            continue
        if intro and ln.bullet and len(text.split()) <= 6:
            add(text, ln.start, ln.end)
            continue
        intro = bool(INTRO.search(text))
        for im in IN_TEXT.finditer(text):
            add(im.group("name"), ln.start + im.start("name"), ln.start + im.end("name"))
    for k, (c, start) in enumerate(sections):
        if c is None:
            continue
        end = sections[k + 1][1] if k + 1 < len(sections) else len(m.text)
        for st in m.statements:
            if start <= st.start < end:
                st.commitment = st.commitment or c.name
                if st.speaker not in c.speakers:
                    c.speakers.append(st.speaker)
    for c in found.values():
        for st in m.statements:
            if st.speaker not in c.speakers and _mentions(st.text, c.name):
                c.speakers.append(st.speaker)
    m.commitments = list(found.values())
