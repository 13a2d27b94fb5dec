"""Word lists kept as data files in ingest/data/: general knowledge, never facts about one note.

A file is one entry a line; ``#`` starts a comment line, and a line ``[name]`` starts a section
(``data_sections``) where one list holds entries of several kinds.

>>> org_key("The Internet Engineering Task Force") == org_key("Internet Engineering Taskforce")
True
>>> org_key("Acme Ltd") == org_key("ACME"), org_name_words("The Zoë & Ash Trust Ltd")
(True, ['zoe', 'and', 'ash', 'trust'])
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest.vocabulary.keys import fold

# patterns tried on every line, entry or sentence of a note: compiled once, rather than
# looked up in re's cache at each call
_KEY_WORDS = re.compile(r"[a-z0-9]+")

DATA = Path(__file__).resolve().parents[1] / "data"


def data_lines(name: str) -> list[str]:
    """The entries of a data file, without comments and blank lines."""
    path = DATA / name
    if not path.exists():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]$")


def data_sections(name: str) -> dict[str, list[str]]:
    """The entries of a data file by section (those before any ``[section]`` line under "")."""
    out: dict[str, list[str]] = {}
    current = ""
    for line in data_lines(name):
        if m := SECTION.match(line):
            current = m["name"]
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(line)
    return out


@lru_cache(maxsize=None)
def first_names() -> frozenset[str]:
    return frozenset(n.lower() for n in data_lines("first_names.txt"))


@lru_cache(maxsize=None)
def org_words() -> frozenset[str]:
    """Words that make a phrase an organisation's name ("Agency", "Ltd"), as written."""
    return frozenset(w for words in data_sections("org_words.txt").values() for w in words)


@lru_cache(maxsize=None)
def legal_forms() -> frozenset[str]:
    """The legal forms at the end of a company's name ("Ltd", "plc"), folded to a word."""
    return frozenset(w for f in data_sections("org_words.txt").get("legal form", [])
                     for w in re.findall(r"[a-z0-9]+", fold(f)))


@lru_cache(maxsize=None)
def job_words() -> frozenset[str]:
    """Words of job titles ("officer", "chair"), lower case."""
    return frozenset(w.lower() for w in data_lines("job_words.txt"))


@lru_cache(maxsize=None)
def speech_verbs() -> tuple[str, ...]:
    """The reporting verbs, past ("noted") and present ("notes"): minutes are written in both.
    Longest first, so "pointed out" wins over "pointed"."""
    past = set(data_lines("speech_verbs.txt"))
    return tuple(sorted(past | {p for v in past for p in present_forms(v)}, key=len, reverse=True))


IRREGULAR_PRESENT = {"said": "says", "thought": "thinks", "felt": "feels", "told": "tells", "gave": "gives",
                     "made": "makes", "spoke": "speaks", "wrote": "writes", "brought": "brings", "began": "begins",
                     "took": "takes", "put": "puts", "set": "sets", "read": "reads", "led": "leads", "met": "meets",
                     "knew": "knows", "saw": "sees", "held": "holds", "sought": "seeks", "taught": "teaches"}


def present_forms(verb: str) -> set[str]:
    """The third-person present of a past-tense verb ("noted" -> "notes", "pointed out" ->
    "points out"). Spelling rules leave some doubt, so the plausible forms are all given: a form
    no one writes ("askes") never matches anything.

    >>> sorted(present_forms("noted")), sorted(present_forms("pointed out")), present_forms("said")
    (['notes', 'nots'], ['pointes out', 'points out'], {'says'})
    """
    first, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    if first in IRREGULAR_PRESENT:
        return {IRREGULAR_PRESENT[first] + tail}
    if first.endswith("ied"):
        return {first[:-3] + "ies" + tail}
    if not first.endswith("ed"):
        return set()
    forms = {first[:-1] + "s", first[:-2] + "s"}
    if len(first) > 4 and first[-3] == first[-4]:
        forms.add(first[:-3] + "s")  # "referred" -> "refers"
    if first[:-2].endswith(("sh", "ch", "ss", "x")):
        forms.add(first[:-2] + "es")  # "wished" -> "wishes"
    return {f + tail for f in forms}


@lru_cache(maxsize=None)
def non_names() -> frozenset[str]:
    """Capitalised words that start sentences or label things in minutes but are never names."""
    return frozenset(w.lower() for w in data_lines("non_names.txt"))


@dataclass
class OrgEntry:
    name: str
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)


@lru_cache(maxsize=None)
def organisations() -> tuple[OrgEntry, ...]:
    out = []
    for line in data_lines("organisations.jsonl"):
        d = json.loads(line)
        out.append(OrgEntry(d["name"], d.get("acronym"), list(d.get("aliases") or [])))
    return tuple(out)


def org_name_words(name: str) -> list[str]:
    """The folded words of an organisation's name, without a leading "the" or a legal form
    at its end ("The Acme Company Ltd" -> acme, company)."""
    words = _KEY_WORDS.findall(fold(name).replace("&", " and "))
    if words and words[0] == "the":
        words = words[1:]
    legal = legal_forms()
    while len(words) > 1 and words[-1] in legal:
        words = words[:-1]
    return words


@lru_cache(maxsize=100_000)
def org_key(name: str) -> str:
    """The name two spellings of one organisation share: its words run together, so case,
    accents, "The", a legal form and spacing ("Task Force", "Taskforce") cannot differ.

    Cached: the owners of every action are looked up among every organisation's names."""
    return "".join(org_name_words(name))


ACRONYM_SHAPE = re.compile(r"[A-Za-z&]{2,8}")


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


@lru_cache(maxsize=100_000)  # asked of the same candidate names again and again
def lookup_org(text: str) -> OrgEntry | None:
    idx = org_index()
    t = text.strip()
    if ACRONYM_SHAPE.fullmatch(t) and any(c.isupper() for c in t[1:] or t):
        hit = idx.get("ACR:" + t) or idx.get("ACR:" + t.upper())
        if hit:
            return hit
    return idx.get(org_key(t))
