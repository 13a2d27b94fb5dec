"""Which full names are one person: the clustering behind ``people``, with its evidence.

A node is a full name as written *in one series*, ``(names.id, series id)``: the same words
in two bodies' notes may be two people. Nodes are joined when

- they are the same name in one body's series (one series, or series of one family,
  ``kb.knowledge.series.family_key``): a person's organisation changes over the years, and the
  Zaheda Bhorat of GDS in 2014 is the Zaheda Bhorat of Amazon in 2018. "Haritos-Shea" and
  "Haritos Shea" are the same name (``Name.key``), and so are "Dr Jane Doe" and "Jane Doe";
- they are the same name in unrelated series and their organisations do not say otherwise:
  when both are known and none is shared, a shared name alone is not enough ("Sam Patel" of
  Acme and "Sam Patel" of the city council stay two);
- they are two spellings ("Michelle Brook"/"Brooke") or a nickname ("Ollie"/"Oliver
  Tremayne") with evidence: a shared organisation or role, or for a nickname a shared
  series; never when both are on one meeting's attendee list, which makes them two people;
- a person said so (``kb alias``), and never when a person said they are not (``kb unalias``).

Every join keeps why (``Join``): ``kb people NAME`` prints it and the person page shows it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ingest.vocabulary.keys import fold
from ingest.vocabulary.nicknames import families_of
from kb.knowledge.name_matching import Name, variant_kind

Node = tuple[int, int | None]  # (names.id of a full name, series id)


@dataclass
class Facts:
    """What the notes say about one cluster of nodes, to decide whether to join another."""

    orgs: set[int] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    series: set[int | None] = field(default_factory=set)
    listed: set[int] = field(default_factory=set)  # meetings listing them

    def merged(self, other: "Facts") -> "Facts":
        return Facts(self.orgs | other.orgs, self.roles | other.roles,
                     self.series | other.series, self.listed | other.listed)


@dataclass(frozen=True)
class Join:
    """Why two full-name nodes are one person: ``kind`` (a short word) and a sentence of
    evidence."""

    a: Node
    b: Node
    kind: str
    detail: str


class GuardedUnionFind:
    """Disjoint sets that refuse to join two sets a forbidden pair would then share.

    >>> uf = GuardedUnionFind(forbidden=[(1, 3)])
    >>> uf.union(1, 2), uf.union(2, 3), uf.find(3) == uf.find(1)
    (True, False, False)
    """

    def __init__(self, forbidden: Iterable[tuple[object, object]] = ()) -> None:
        self.parent: dict[object, object] = {}
        self.members: dict[object, set] = {}
        self.forbidden: dict[object, set] = defaultdict(set)
        for a, b in forbidden:
            self.forbidden[a].add(b)
            self.forbidden[b].add(a)

    def find(self, x: object) -> object:
        if x not in self.parent:
            self.parent[x] = x
            self.members[x] = {x}
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def allowed(self, a: object, b: object) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, large = sorted((self.members[ra], self.members[rb]), key=len)
        return not any(self.forbidden.get(x, set()) & large for x in small)

    def union(self, a: object, b: object) -> bool:
        """Join the sets of ``a`` and ``b``; False when that is forbidden."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not self.allowed(ra, rb):
            return False
        keep, gone = sorted((ra, rb), key=str)
        self.parent[gone] = keep
        self.members[keep] |= self.members.pop(gone)
        return True


def _how_same(a: Name, b: Name) -> str:
    """Why two writings with one ``key`` are one name: the words that differ."""
    if a.written.replace("-", " ") == b.written.replace("-", " "):
        return "hyphenation"
    if fold(a.written) == fold(b.written):
        return "spelling"
    return "honorific" if a.titled or b.titled or len(a.written.split()) != len(b.written.split()) \
        else "spelling"


def cluster_full_names(nodes: dict[Node, Facts], names: dict[int, Name],
                       series_name: Callable[[int | None], str], org_name: Callable[[int], str],
                       family: Callable[[int | None], str],
                       forbidden: Iterable[tuple[Node, Node]] = (),
                       joined: Iterable[tuple[Node, Node, str]] = (),
                       ) -> tuple[dict[Node, Node], list[Join]]:
    """Cluster the full-name nodes (see the module doc); return {node: root} and the joins.

    ``joined`` are the pairs a person made one (with who said so); ``forbidden`` the pairs a
    person said are two.
    """
    uf = GuardedUnionFind(forbidden)
    facts: dict[object, Facts] = {n: f for n, f in nodes.items()}
    joins: list[Join] = []

    def join(a: Node, b: Node, kind: str, detail: str) -> bool:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or not uf.union(a, b):
            return False
        facts[uf.find(a)] = facts[ra].merged(facts[rb])
        joins.append(Join(a, b, kind, detail))
        return True

    for a, b, who in joined:
        if a in nodes and b in nodes:
            join(a, b, "correction", who)

    by_key: dict[str, list[Node]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: (str(n[1]), n[0])):
        by_key[names[node[0]].key].append(node)
    for group in by_key.values():
        # one body's series first: there the same name is the same person whatever the
        # organisation
        by_body: dict[str, list[Node]] = defaultdict(list)
        for node in group:
            by_body[family(node[1])].append(node)
        for members in by_body.values():
            for other in members[1:]:
                first = members[0]
                kind = _how_same(names[first[0]], names[other[0]]) if first[0] != other[0] \
                    else "same name"
                where = series_name(other[1]) if first[1] == other[1] else \
                    f"{series_name(first[1])} and {series_name(other[1])}, one body's series"
                join(first, other, kind, f"the same name in {where}")
        heads = [members[0] for members in by_body.values()]
        for i, a in enumerate(heads):
            for b in heads[i + 1:]:
                fa, fb = facts[uf.find(a)], facts[uf.find(b)]
                if fa.orgs and fb.orgs and not fa.orgs & fb.orgs:
                    continue  # a shared name, and organisations that say two people
                shared = sorted(org_name(o) for o in fa.orgs & fb.orgs)
                why = (f"shared organisation {', '.join(shared)}" if shared
                       else "no organisation tells them apart")
                join(a, b, "same name", f"the same name in {series_name(a[1])} and "
                     f"{series_name(b[1])}; {why}")

    roots = sorted({uf.find(n) for n in nodes}, key=str)
    for a, b in _candidate_pairs(names, roots):
        kind = variant_kind(names[a[0]], names[b[0]])
        if kind is None:
            continue
        fa, fb = facts[uf.find(a)], facts[uf.find(b)]
        if uf.find(a) == uf.find(b) or fa.listed & fb.listed:
            continue  # already one person; or both on one meeting's list: two people
        orgs = sorted(org_name(o) for o in fa.orgs & fb.orgs)
        roles = sorted(fa.roles & fb.roles)
        series = fa.series & fb.series
        if orgs:
            why = f"shared organisation {', '.join(orgs)}"
        elif roles:
            why = f"shared role {', '.join(roles)}"
        elif kind == "nickname" and series:
            why = f"both in {series_name(sorted(series, key=str)[0])}"
        else:
            continue
        word = "nickname" if kind == "nickname" else "spelling"
        join(a, b, word, f"{names[a[0]].written} / {names[b[0]].written}: {why}")
    return {n: uf.find(n) for n in nodes}, joins


def _candidate_pairs(names: dict[int, Name], nodes: list[Node]) -> list[tuple[Node, Node]]:
    """Pairs of full names that could be variants: sharing a surname, or first names that
    could match (same first three letters, or one family of nicknames). Comparing only these
    keeps the pass fast on thousands of names."""
    buckets: dict[tuple[str, str], list[Node]] = defaultdict(list)
    for node in nodes:
        n = names[node[0]]
        buckets["last", n.last].append(node)
        buckets["start", n.first[:3]].append(node)
        for family in families_of(n.first):
            buckets["family", str(family)].append(node)
    pairs = {(a, b) for ids in buckets.values() for i, a in enumerate(ids) for b in ids[i + 1:]}
    return sorted(pairs, key=str)
