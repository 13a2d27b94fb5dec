"""People across meetings: one ``people`` row per real person, however the notes name them.

The store keeps one ``names`` row per name as written ("William Gerry", "Will", "Brian R.").
This pass decides who is who and writes

- ``people``: one row per real person, with every other way of writing them as an alias;
- ``person_names``: for each meeting, which person each written name in it means (a first
  name means different people in different series, so the answer is per meeting);
- ``person_organisations``: each person's organisations, from attendance, first and last date;
- ``person_evidence``: why each other way of writing them is them (``kb people NAME``).

Full names are clustered by ``kb.knowledge.identity`` (same name, spellings, nicknames, corrections).
A first name, "Brian R.", initials, "Mr Okafor" or a chat handle ("DMacD") is resolved
within its meeting first (the note's own aliases, then the one full name there it fits),
then within its series, then within related series (``series.family_key``: ICAT's monthly
meetings and its steering group); when two full names fit ("Peter Counter", "Peter
Grzeszczak") it stays unresolved: its own person in that series, never merged with another
series'. Last come the corrections people made (``kb alias``, ``kb unalias``).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.knowledge import corrections
from kb.knowledge.identity import Facts, Node
from kb.knowledge.name_mentions import (NameMention, cluster_names, load_mentions,
                            note_aliases_to_clusters, resolve_identities, series_maps)
from ingest.vocabulary.keys import fold
from kb.knowledge.name_matching import Name, could_be, first_names_match, parse_name, variant_kind
from kb.knowledge.person_rows import write_evidence, write_persons, write_redirects
from kb.knowledge.series import Series

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database



SCOPES = {"meeting": "at the meeting", "series": "in the series",
          "family": "in related series"}
FITS_CACHE = 20_000  # answers full_candidates keeps (a few MB): emptied when there are more


def _not_a_handle(short: Name, full: Name) -> bool:
    """``could_be``, but not as a chat handle."""
    return could_be(short, full, handles=False)


@dataclass
class Resolver:
    """Who a written name in a meeting is: filled by ``build_persons``, used by the ledger."""

    names: dict[int, Name] = field(default_factory=dict)  # names.id -> parsed name
    by_meeting: dict[int, dict[int, NameMention]] = field(default_factory=dict)
    series_of: dict[int, int] = field(default_factory=dict)  # meeting id -> series id
    meetings_of: dict[int, list[int]] = field(default_factory=dict)  # series id -> meetings
    family_meetings: dict[str, list[int]] = field(default_factory=dict)
    family_of: dict[int, str] = field(default_factory=dict)  # series id -> family key
    # (meeting id, names.id) -> the aliases the note itself gives that name
    note_aliases: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    # meeting id -> folded alias -> the clusters whose full name the note gives it to
    aliases: dict[int, dict[str, set[Node]]] = field(default_factory=dict)
    cluster: dict[Node, Node] = field(default_factory=dict)  # full-name node -> its cluster
    # how each short name was resolved: (meeting, names.id) -> (kind, detail)
    how: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    # (meeting id, names.id) -> people.id, once written
    person_of: dict[tuple[int, int], int] = field(default_factory=dict)
    person_ids: dict[object, int] = field(default_factory=dict)  # identity -> people.id
    person_names: dict[int, str] = field(default_factory=dict)  # people.id -> name
    by_alias: dict[str, int] = field(default_factory=dict)  # corrected alias -> people.id
    # what the rebuild decided, for kb.knowledge.refresh to keep: who each (meeting, names.id) is,
    # the people's keys and their ids, and the full names owners were looked up by
    identity: dict[tuple[int, int], tuple] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    lookups: set[tuple[int | None, str]] = field(default_factory=set)
    named: Callable[[str], dict[Node, Node]] | None = None  # for nodes_named, if set
    _scope_cache: dict[tuple, list[tuple[int, Node]]] = field(default_factory=dict, repr=False)
    _scope_cluster: dict[Node, Node] | None = field(default=None, repr=False)
    # full_candidates' answers for could_be and _not_a_handle, by scope and name: a name is
    # asked about at every meeting of its series (half the calls at 2,000 notes)
    _fits_cache: dict[tuple, frozenset[Node]] = field(default_factory=dict, repr=False)
    _fits_of: tuple = field(default=(), repr=False)
    _by_key: dict[str, dict[Node, Node]] = field(default_factory=dict, repr=False)
    _key_cluster: dict[Node, Node] | None = field(default=None, repr=False)

    def release(self) -> None:
        """Forget what only the people pass needs, before the ledger (kb.knowledge)."""
        self.identity, self.how, self.note_aliases = {}, {}, {}

    def node(self, meeting_id: int, pid: int) -> Node:
        return pid, self.series_of.get(meeting_id)

    def scope_meetings(self, meeting_id: int, scope: str) -> list[int]:
        series = self.series_of.get(meeting_id, -1)
        if scope == "meeting":
            return [meeting_id]
        if scope == "series":
            return self.meetings_of.get(series, [meeting_id])
        return self.family_meetings.get(self.family_of.get(series, ""), [meeting_id])

    def full_candidates(self, meeting_id: int, name: Name, scope: str,
                        fits=could_be) -> set[Node]:
        """Clusters of the full names in the meeting (its series, its family) that ``name``
        could be."""
        in_scope = self.scope_names(meeting_id, scope)
        if fits is not could_be and fits is not _not_a_handle:
            return {root for pid, root in in_scope if fits(name, self.names[pid])}
        if self._fits_of != (self.cluster, self.names) or len(self._fits_cache) > FITS_CACHE:
            self._fits_cache.clear()  # the answers of other clusters, or too many kept
            self._fits_of = (self.cluster, self.names)
        key = (self._scope_key(meeting_id, scope), name, fits)
        found = self._fits_cache.get(key)
        if found is None:
            found = self._fits_cache[key] = frozenset(
                root for pid, root in in_scope if fits(name, self.names[pid]))
        return set(found)

    def nodes_named(self, key: str) -> dict[Node, Node]:
        """{node: cluster} of the full names with ``key`` (``Name.key``), indexed once per
        ``cluster``: an owner's full name is looked up among every series' names."""
        if self.named is not None:  # kb.knowledge.refresh: looked up in what the last rebuild kept
            return self.named(key)
        if self._key_cluster is not self.cluster:
            self._by_key = defaultdict(dict)
            for node, root in self.cluster.items():
                self._by_key[self.names[node[0]].key][node] = root
            self._key_cluster = self.cluster
        return self._by_key.get(key, {})

    def scope_names(self, meeting_id: int, scope: str) -> list[tuple[int, Node]]:
        """The distinct (names.id, cluster) of the full names in a meeting's scope.

        A name written at every meeting of a series is one candidate, not forty: asking each
        meeting's mentions again was 90% of the people rebuild (bench/RESULTS.md). Kept per
        scope until ``cluster`` is replaced."""
        key = self._scope_key(meeting_id, scope)
        if self._scope_cluster is not self.cluster:
            self._scope_cache.clear()
            self._scope_cluster = self.cluster
        if key not in self._scope_cache:
            found: dict[tuple[int, Node], None] = {}
            for m in self.scope_meetings(meeting_id, scope):
                for pid in self.by_meeting.get(m, {}):
                    node = self.node(m, pid)
                    if node in self.cluster:
                        found[pid, self.cluster[node]] = None
            self._scope_cache[key] = list(found)
        return self._scope_cache[key]

    def _scope_key(self, meeting_id: int, scope: str) -> tuple[str, object]:
        """The meetings of a scope, named: ("series", its id), ("family", its key), or
        ("meeting", the meeting id) when the meeting has no wider scope."""
        series = self.series_of.get(meeting_id, -1)
        where: object = meeting_id
        if scope == "series" and series in self.meetings_of:
            where = series
        elif scope == "family" and self.family_of.get(series, "") in self.family_meetings:
            where = self.family_of[series]
        return (scope if where != meeting_id else "meeting", where)

    def by_surname(self, meeting_id: int, name: Name, scope: str) -> set[Node]:
        """Full names whose surname is a lone capitalised word ("Ramanathan", as notes write
        "Ms Ramanathan" once the title is gone), when nobody there has it as first name."""
        if len(name.words) != 1 or name.initials or name.nick or not name.written[:1].isupper():
            return set()
        word = name.first
        if self.full_candidates(meeting_id, name, scope,
                                lambda _, full: full.first == word):
            return set()
        return self.full_candidates(meeting_id, name, scope,
                                    lambda _, full: full.surname == word.replace("-", ""))

    def resolve_short(self, meeting_id: int, name: Name, listed: bool = False
                      ) -> tuple[Node | None, tuple[str, str] | None]:
        """The cluster a first name / initials / handle in ``meeting_id`` refers to, if only
        one fits, and how it was found."""
        here = self.by_meeting.get(meeting_id, {})
        own = self.aliases.get(meeting_id, {}).get(fold(name.written).strip(" ."), set())
        if len(own) == 1:
            return next(iter(own)), ("alias given in the note", "at the meeting")
        # someone on the same attendee list as this name is somebody else
        beside = {self.cluster[self.node(meeting_id, p)] for p, m in here.items()
                  if listed and m.listed and self.node(meeting_id, p) in self.cluster}
        for scope in SCOPES:
            # a handle is only read at its own meeting: its letters fit too many names
            fits = could_be if scope == "meeting" else _not_a_handle
            found = self.full_candidates(meeting_id, name, scope, fits) - beside
            if len(found) == 1:
                root = next(iter(found))
                return root, (_short_kind(name, self.names[root[0]]), SCOPES[scope])
            if found:
                return None, None  # ambiguous here: a wider scope cannot make it less so
            if scope != "family":
                found = self.by_surname(meeting_id, name, scope) - beside
                if len(found) == 1:
                    return next(iter(found)), ("surname", SCOPES[scope])
                if found:
                    return None, None
        return None, None

    def resolve(self, meeting_id: int, written: str | None) -> int | None:
        """The people.id a name written in a meeting means (for owners), or None."""
        if not written or not written.strip():
            return None
        if corrections.name_key(written) in self.by_alias:
            return self.by_alias[corrections.name_key(written)]
        name = parse_name(written)
        if not name.words:
            return None
        for pid in self.by_meeting.get(meeting_id, {}):
            if self.names[pid].key == name.key and (meeting_id, pid) in self.person_of:
                return self.person_of[meeting_id, pid]
        if name.full:
            return self._resolve_full(meeting_id, name)
        root, _ = self.resolve_short(meeting_id, name)
        return self.person_ids.get(("full", root)) if root is not None else None

    def _resolve_full(self, meeting_id: int, name: Name) -> int | None:
        series = self.series_of.get(meeting_id)
        self.lookups.add((series, "name:" + name.key))  # the answer depends on every series' names
        same = self.nodes_named(name.key)
        for scope in ("series", "family", "all"):
            roots = {root for node, root in same.items() if scope == "all" or
                     (node[1] == series if scope == "series" else
                      self.family_of.get(node[1]) == self.family_of.get(series))}
            if len(roots) == 1:
                return self.person_ids.get(("full", next(iter(roots))))
            if roots:
                return None
        # an owner misspelt at the meeting that names them ("Andy Gotz" for Andy Goetz)
        fits = {self.cluster[self.node(meeting_id, pid)]
                for pid in self.by_meeting.get(meeting_id, {})
                if self.node(meeting_id, pid) in self.cluster
                and variant_kind(name, self.names[pid]) is not None}
        return self.person_ids.get(("full", next(iter(fits)))) if len(fits) == 1 else None


def _short_kind(short: Name, full: Name) -> str:
    if short.initials:
        return "initials"
    if short.initial:
        return "first name and initial"
    if short.surname_only:
        return "title and surname"
    if first_names_match(short.first, full.first):
        return "first name" if short.first == full.first else "short first name"
    return "chat handle"


def _gather(db: Database, series: list[Series], org_canonical: dict[int, int]) -> Resolver:
    r = Resolver()
    series_maps(r, series)
    r.names = {row["id"]: parse_name(row["name"]) for row in db.query("select id, name from names")}
    load_mentions(db, r, org_canonical)
    return r


def _full_name_facts(r: Resolver) -> dict[Node, Facts]:
    facts: dict[Node, Facts] = {}
    for meeting, mentions in r.by_meeting.items():
        for pid, m in mentions.items():
            if r.names[pid].full:
                f = facts.setdefault(r.node(meeting, pid), Facts())
                f.orgs |= m.orgs
                f.roles |= m.roles
                f.series.add(r.series_of.get(meeting))
                if m.listed:
                    f.listed.add(meeting)
    return facts


def _corrected_pairs(r: Resolver, facts: dict[Node, Facts], rows: list[dict]):
    """Full-name node pairs people joined (``kb alias``) or parted (``kb unalias``)."""
    by_key: dict[str, list[Node]] = defaultdict(list)
    for node in facts:
        by_key[corrections.name_key(r.names[node[0]].written)].append(node)
        by_key[corrections.name_key(r.names[node[0]].key)].append(node)
    joined, forbidden = [], []
    for row in rows:
        if not row["name_key"]:
            continue
        for a in by_key.get(row["alias_key"], []):
            for b in by_key.get(row["name_key"], []):
                if row["same"]:
                    joined.append((a, b, f"alias added by {row['made_by']} on "
                                         f"{row['made_at'][:10]}"))
                else:
                    forbidden.append((a, b))
    return joined, forbidden


def build_persons(db: Database, series: list[Series], org_canonical: dict[int, int]) -> Resolver:
    """Write ``people``, ``person_names``, ``person_organisations`` and ``person_evidence``
    (emptied by the caller)."""
    r = _gather(db, series, org_canonical)
    facts = _full_name_facts(r)
    rows = corrections.aliases(db, "person")
    joined, forbidden = _corrected_pairs(r, facts, rows)
    r.cluster, joins = cluster_names(db, r, facts, forbidden, joined)
    note_aliases_to_clusters(r, r.note_aliases)
    # who each written name is, per meeting: ("full", cluster), or ("short", series, key)
    identity = resolve_identities(r, r.by_meeting)
    named = _apply_corrections(r, identity, rows)
    dates = dict(db.execute("select id, date from meetings").fetchall())
    series_keys = {s.meetings[0]["series_id"]: s.key for s in series if s.meetings}
    r.keys = write_persons(db, r, identity, dates, named, series_keys)
    write_redirects(db, r.keys)
    write_evidence(db, r, identity, joins, dates)
    for row in rows:
        if row["same"] and row["name_key"]:
            person = next((r.person_of[k] for k, who in identity.items()
                           if corrections.name_key(r.names[k[1]].written) == row["name_key"]
                           or (isinstance(who, tuple) and who[0] == "full" and
                               corrections.name_key(r.names[who[1][0]].key) == row["name_key"])),
                          None)
            if person is not None:
                r.by_alias.setdefault(row["alias_key"], person)
    r.identity = identity
    return r


def _apply_corrections(r: Resolver, identity: dict[tuple[int, int], object],
                       rows: list[dict]) -> dict[object, str]:
    """Move short names to the person a correction says they are (or away from the one it
    says they are not). Returns {identity: the name the correction gave it}."""
    named: dict[object, str] = {}

    def holders(key: str) -> set:
        return {who for k, who in identity.items()
                if corrections.name_key(r.names[k[1]].written) == key}

    for row in rows:
        aliased = [k for k in identity
                   if corrections.name_key(r.names[k[1]].written) == row["alias_key"]]
        if row["same"]:
            targets = holders(row["name_key"])
            target = min(targets, key=str) if targets else ("named", row["name_key"])
            named[target] = row["name"]
            for k in aliased:
                if identity[k] != target:
                    identity[k] = target
                    r.how[k] = ("correction", f"alias added by {row['made_by']} on "
                                              f"{row['made_at'][:10]}")
        else:
            others = holders(row["name_key"]) if row["name_key"] else None
            for k in aliased:
                if identity[k] == ("short", r.series_of.get(k[0]), row["alias_key"]):
                    continue
                if others is None or identity[k] in others:
                    identity[k] = ("parted", row["alias_key"])
                    r.how[k] = ("correction", f"set apart by {row['made_by']} on "
                                              f"{row['made_at'][:10]}")
    return named
