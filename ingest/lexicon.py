"""Word lists kept as data files in ingest/data/: general knowledge, never facts about one note."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=None)
def first_names() -> frozenset[str]:
    return frozenset(n.lower() for n in _lines("first_names.txt"))


@lru_cache(maxsize=None)
def titles() -> frozenset[str]:
    return frozenset(t.lower().rstrip(".") for t in _lines("titles.txt"))


@lru_cache(maxsize=None)
def org_words() -> frozenset[str]:
    return frozenset(_lines("org_words.txt"))


@lru_cache(maxsize=None)
def speech_verbs() -> tuple[str, ...]:
    # longest first so "pointed out" wins over "pointed"
    return tuple(sorted(set(_lines("speech_verbs.txt")), key=len, reverse=True))


@lru_cache(maxsize=None)
def non_names() -> frozenset[str]:
    """Capitalised words that start sentences or label things in minutes but are never names."""
    return frozenset(w.lower() for w in _lines("non_names.txt"))


@dataclass
class OrgEntry:
    name: str
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)


@lru_cache(maxsize=None)
def organisations() -> tuple[OrgEntry, ...]:
    out = []
    for line in _lines("organisations.jsonl"):
        d = json.loads(line)
        out.append(OrgEntry(d["name"], d.get("acronym"), list(d.get("aliases") or [])))
    return tuple(out)


def org_key(s: str) -> str:
    s = s.replace("&", "and").replace("’", "'")
    words = re.findall(r"[a-z0-9']+", s.lower())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=None)
def org_index() -> dict[str, OrgEntry]:
    """Every name, alias and acronym (case-sensitive for acronyms) to its entry."""
    idx: dict[str, OrgEntry] = {}
    for e in organisations():
        for n in [e.name, *e.aliases]:
            idx.setdefault(org_key(n), e)
        if e.acronym:
            idx.setdefault("ACR:" + e.acronym, e)
            idx.setdefault("ACR:" + e.acronym.upper(), e)
    return idx


def lookup_org(text: str) -> OrgEntry | None:
    idx = org_index()
    t = text.strip()
    if re.fullmatch(r"[A-Za-z&]{2,8}", t) and any(c.isupper() for c in t[1:] or t):
        hit = idx.get("ACR:" + t) or idx.get("ACR:" + t.upper())
        if hit:
            return hit
    return idx.get(org_key(t))
