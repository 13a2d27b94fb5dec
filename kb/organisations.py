"""Organisations across meetings: one identity per organisation, whatever each note calls it.

The store keeps one ``organisations`` row per name as written. This pass decides which rows
are the same organisation and writes ``organisation_identities``: for every row, its
canonical row and the canonical row of its parent unit. Rows are the same organisation when

- their names agree once case, "The", "Ltd" and spacing are folded
  ("The National Archives" = "National Archives", "Task Force" = "Taskforce");
- one is the other's acronym ("GDS" = "Government Digital Service (GDS)");
- they share an acronym and one name's words contain the other's ("Diamond" (DLS) =
  "Diamond Light Source" (DLS)); a shared acronym alone is not enough (CC, EC, ...);
- a name is a path, "Cabinet Office, Government Digital Service", whose last unit is known on
  its own: it is that unit, and the one before is the unit's parent;
- a person said so (``kb alias --organisation``); and never when a person said they are not
  (``kb unalias --organisation``), whatever the rules above find.

>>> org_key("The National Archives") == org_key("National Archives")
True
>>> org_key("Internet Engineering Task Force") == org_key("Internet Engineering Taskforce")
True
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from .identity import GuardedUnionFind
from .names import NICKNAMES

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

# first names that can start a person's name written where an organisation would go
FIRST_NAMES = set().union(*NICKNAMES)
LEGAL_SUFFIXES = {"ltd", "limited", "plc", "inc", "llc", "gmbh"}
# words of job titles, which notes write where an organisation's unit would go
ROLE_WORDS = {"officer", "director", "chair", "chairman", "chairwoman", "head", "manager",
              "secretary", "minister", "chief", "deputy", "lead", "advisor", "adviser", "analyst",
              "engineer", "architect", "scientist", "consultant", "president", "member"}


def org_words(name: str) -> list[str]:
    """Folded words of an organisation name, without a leading "the" or a legal suffix."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", s)
    if words and words[0] == "the":
        words = words[1:]
    while words and words[-1] in LEGAL_SUFFIXES:
        words = words[:-1]
    return words


@lru_cache(maxsize=100_000)
def org_key(name: str) -> str:
    """The name compared for sameness: its words run together (so spacing cannot differ).

    Cached: the owners of every action are looked up among every organisation's names."""
    return "".join(org_words(name))


class UnionFind:
    """Disjoint sets of ids (for "these rows are one organisation / one person").

    >>> uf = UnionFind(); uf.union(3, 1); uf.union(1, 2); uf.find(3) == uf.find(2)
    True
    """

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def build_organisation_identities(db: Database) -> dict[int, int]:
    """Write ``organisation_identities`` (emptied by the caller); return {row id: canonical id}."""
    rows = list(db.query("select id, name, acronym, parent_id from organisations order by id"))
    named: dict[str, list[int]] = {}
    for r in rows:
        for n in (r["name"], r["acronym"]):
            if n:
                named.setdefault(org_key(n), []).append(r["id"])
    fixes = list(db.query("select * from alias_corrections where kind = 'organisation' "
                          "order by id"))
    pairs = [(a, b, f["same"]) for f in fixes for a in named.get(org_key(f["alias"]), [])
             for b in (named.get(org_key(f["name"]), []) if f["name"] else
                       [i for k, ids in named.items() if k != org_key(f["alias"]) for i in ids])
             if a != b]
    uf = GuardedUnionFind(forbidden=[(a, b) for a, b, same in pairs if not same])
    for a, b, same in pairs:
        if same:  # a person's word comes first, so no rule can part them
            uf.union(a, b)
    by_key: dict[str, int] = {}
    for r in rows:
        uf.find(r["id"])
        key = org_key(r["name"])
        if key in by_key:
            uf.union(by_key[key], r["id"])
        else:
            by_key[key] = r["id"]
    # acronyms: a row named like another row's acronym is that organisation, when the acronym
    # belongs to one organisation only
    acronym_of: dict[str, set[int]] = {}
    for r in rows:
        if r["acronym"]:
            acronym_of.setdefault(org_key(r["acronym"]), set()).add(r["id"])
    for acr, ids in acronym_of.items():
        roots = {uf.find(i) for i in ids}
        named = by_key.get(acr)
        if len(roots) == 1 and named is not None:
            uf.union(named, next(iter(ids)))
        elif len(roots) > 1:
            _merge_contained(uf, [r for r in rows if r["id"] in ids])
    people = {org_key(n) for (n,) in db.execute("select name from people").fetchall()}
    parents = _unit_paths(rows, by_key, uf, people)
    groups: dict[int, list[dict]] = {}
    for r in rows:
        groups.setdefault(uf.find(r["id"]), []).append(r)
    uses = dict(db.execute("""select organisation_id, count(*) from (
        select organisation_id from meeting_organisations
        union all select organisation_id from attendance where organisation_id is not null)
        group by organisation_id""").fetchall())
    # the row that names the group: a plain name (not "A, B") with its acronym spelt out,
    # then the fullest wording, then the one notes use most; ties go to the first seen
    best = {root: min(group, key=lambda r: (r["id"] in parents and "," in r["name"],
                                            not r["acronym"], -len(org_words(r["name"])),
                                            -uses.get(r["id"], 0), r["id"]))["id"]
            for root, group in groups.items()}
    canonical = {r["id"]: best[uf.find(r["id"])] for r in rows}
    for r in rows:
        parent = parents.get(r["id"]) or r["parent_id"]
        db["organisation_identities"].insert({
            "organisation_id": r["id"], "canonical_id": canonical[r["id"]],
            "parent_id": canonical.get(parent) if parent else None})
    return canonical


def plausible_org(name: str, people: set[str]) -> bool:
    """Whether a name given as someone's organisation can be one (for their history).

    Attendee lists put phone notes, roles and other people where an organisation would go;
    those are not an organisation history.

    >>> [plausible_org(n, {org_key("Nic Harrison")}) for n in
    ...  ["Jisc", "via phone", "acting chair", "Data Scientist", "JR", "Nic Harrison"]]
    [True, False, False, False, False, False]
    """
    words = org_words(name)
    if not words or words[0] == "via" or set(words) & ROLE_WORDS or ";" in name:
        return False
    if re.fullmatch(r"[A-Z]{2}", name.strip()):  # two capitals: a person's initials
        return False
    parts = [p for p in name.split(",") if p.strip()]
    return not all(_person_like(p, people) for p in parts)


def _merge_contained(uf: UnionFind, rows: list[dict]) -> None:
    """Rows sharing an acronym: merge those where one name's words contain the other's."""
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            wa, wb = set(org_words(a["name"])), set(org_words(b["name"]))
            if wa and wb and (wa <= wb or wb <= wa):
                uf.union(a["id"], b["id"])


def _person_like(part: str, people: set[str]) -> bool:
    """Two or three capitalised words that are a known person's name or start with a first
    name ("Nic Harrison"); longer names are never taken for a person's."""
    words = part.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and \
        (org_key(part) in people or words[0].lower() in FIRST_NAMES)


def _not_an_org(part: str, people: set[str]) -> bool:
    """A part of "A, B" that is a person's name or a job title, not an organisational unit
    ("Government Digital Service, Deputy Chief Technology Officer")."""
    return _person_like(part, people) or bool(set(org_words(part)) & ROLE_WORDS)


def _unit_paths(rows: list[dict], by_key: dict[str, int], uf: UnionFind,
                people: set[str]) -> dict[int, int | None]:
    """"A, B" where B is a known organisation and A names one: the row is B, A is B's parent.

    The last part must be known on its own, so "Department for Business, Energy and
    Industrial Strategy" is never split. Returns {row id: parent row id, or None for a path
    whose parent has no row of its own}.
    """
    parents: dict[int, int | None] = {}
    for r in rows:
        parts = [p.strip() for p in r["name"].split(",")]
        # a list of several things ("A; B, C") or a sentence is not a unit path
        if len(parts) < 2 or ";" in r["name"] or any(len(p.split()) > 6 for p in parts) \
                or any(_not_an_org(p, people) for p in parts):
            continue
        ids = [by_key.get(org_key(p)) for p in parts]
        # the unit must be known on its own; the parent may be known only from paths
        if ids[-1] is not None and all(p[:1].isupper() for p in parts):
            uf.union(ids[-1], r["id"])
            if ids[-2] is not None:
                parents[ids[-1]] = ids[-2]
                parents[r["id"]] = ids[-2]
            else:
                parents[r["id"]] = None  # a path, but its parent has no row to link to
    return parents
