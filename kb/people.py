"""People across meetings: one ``persons`` row per real person, however the notes name them.

The store keeps one ``people`` row per name as written ("William Gerry", "Will", "Brian R.").
This pass decides who is who and writes

- ``persons``: one row per real person, with every other way of writing them as an alias;
- ``person_names``: for each meeting, which person each written name in it means (a first
  name means different people in different series, so the answer is per meeting);
- ``person_organisations``: each person's organisations, from attendance, first and last date.

The rules, and why:

- one full name is one person everywhere, whatever organisation it is listed with (people
  change jobs: "Zaheda Bhorat" of GDS in 2014 is "Zaheda Bhorat" of Amazon in 2018);
- two spellings of a full name ("Dan"/"Daniel Appelquist", "Michelle Brook"/"Brooke") are
  merged only on evidence: a shared organisation or role (for a nickname also a shared series)
  and never when both are listed at one meeting, which would make them two people;
- a first name, "Brian R." or initials are resolved within their meeting first (the note's own
  aliases, then the one full name there it fits), then within their series (the one full name
  in the series it fits); two full names that fit ("Peter Counter", "Peter Grzeszczak") leave it
  unresolved: it is then its own person in that series, never merged with another series'.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .ids import new_id, register, registered_ids
from .names import FAMILY, Name, could_be, fold, parse_name, variant_kind
from .organisations import UnionFind, org_key, plausible_org
from .series import Series

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database


@dataclass
class _Mention:
    """Everything one meeting says about one written name."""

    orgs: set[int] = field(default_factory=set)  # canonical organisation ids
    roles: set[str] = field(default_factory=set)
    listed: bool = False  # on the attendee or apologies list
    present: bool = False  # on the attendee list


@dataclass
class Resolver:
    """Who a written name in a meeting is: filled by ``build_persons``, used by the ledger."""

    names: dict[int, Name] = field(default_factory=dict)  # people.id -> parsed name
    by_meeting: dict[int, dict[int, _Mention]] = field(default_factory=dict)
    series_of: dict[int, int] = field(default_factory=dict)  # meeting id -> series id
    meetings_of: dict[int, list[int]] = field(default_factory=dict)  # series id -> meetings
    # (meeting id, people.id) -> the aliases the note itself gives that name
    note_aliases: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    # meeting id -> folded alias -> the clusters whose full name the note gives it to
    aliases: dict[int, dict[str, set[int]]] = field(default_factory=dict)
    cluster: dict[int, int] = field(default_factory=dict)  # people.id (full name) -> cluster
    # (meeting id, people.id) -> persons.id, once written
    person_of: dict[tuple[int, int], int] = field(default_factory=dict)
    person_ids: dict[int, int] = field(default_factory=dict)  # cluster -> persons.id
    person_names: dict[int, str] = field(default_factory=dict)  # persons.id -> name

    def full_candidates(self, meeting_id: int, name: Name, scope: str) -> set[int]:
        """Clusters of the full names in the meeting (or its series) that ``name`` could be,
        leaving out anyone listed at the meeting beside a listed ``name``."""
        meetings = [meeting_id] if scope == "meeting" else \
            self.meetings_of.get(self.series_of.get(meeting_id, -1), [meeting_id])
        found = set()
        for m in meetings:
            for pid in self.by_meeting.get(m, {}):
                if pid in self.cluster and could_be(name, self.names[pid]):
                    found.add(self.cluster[pid])
        return found

    def resolve_short(self, meeting_id: int, name: Name, listed: bool = False) -> int | None:
        """The cluster a first name / initials in ``meeting_id`` refers to, if only one fits."""
        here = self.by_meeting.get(meeting_id, {})
        own = self.aliases.get(meeting_id, {}).get(fold(name.written).strip(" ."), set())
        if len(own) == 1:
            return next(iter(own))
        # someone on the same attendee list as this name is somebody else
        beside = {self.cluster[p] for p, m in here.items() if listed and m.listed
                  and p in self.cluster}
        for scope in ("meeting", "series"):
            found = self.full_candidates(meeting_id, name, scope) - beside
            if len(found) == 1:
                return next(iter(found))
            if found:
                return None  # ambiguous here: a wider scope cannot make it less so
        return None

    def resolve(self, meeting_id: int, written: str | None) -> int | None:
        """The persons.id a name written in a meeting means (for owners), or None."""
        if not written:
            return None
        name = parse_name(written)
        for pid in self.by_meeting.get(meeting_id, {}):
            if self.names[pid].key == name.key and (meeting_id, pid) in self.person_of:
                return self.person_of[meeting_id, pid]
        if name.full:
            for pid, cluster in self.cluster.items():
                if self.names[pid].key == name.key:
                    return self.person_ids.get(cluster)
            return None
        cluster = self.resolve_short(meeting_id, name)
        return self.person_ids.get(cluster) if cluster is not None else None


def _gather(db: Database, series: list[Series], org_canonical: dict[int, int]) -> Resolver:
    r = Resolver()
    for s in series:
        ids = [m["id"] for m in s.meetings]
        r.meetings_of[s.meetings[0]["series_id"]] = ids
        for m in ids:
            r.series_of[m] = s.meetings[0]["series_id"]
    r.names = {row["id"]: parse_name(row["name"]) for row in db.query("select id, name from people")}
    sources = """
        select meeting_id, person_id, organisation_id, role, status from attendance
        union all select meeting_id, person_id, organisation_id, role, null from meeting_people
        union all select meeting_id, person_id, organisation_id, null, null from statements
            where person_id is not null
        union all select meeting_id, person_id, null, null, null from action_items
            where person_id is not null"""
    for row in db.query(sources):
        m = r.by_meeting.setdefault(row["meeting_id"], {}).setdefault(row["person_id"],
                                                                      _Mention())
        if row["organisation_id"] is not None:
            m.orgs.add(org_canonical.get(row["organisation_id"], row["organisation_id"]))
        if row["role"]:
            m.roles.add(fold(row["role"]).strip())
        if row["status"]:
            m.listed = True
            m.present |= row["status"] == "present"
    for row in db.query("select meeting_id, person_id, aliases from meeting_people "
                        "where aliases is not null"):
        r.note_aliases.setdefault((row["meeting_id"], row["person_id"]), []).extend(
            a.strip() for a in row["aliases"].split(",") if a.strip())
    return r


def _candidate_pairs(r: Resolver, reps: list[int]) -> list[tuple[int, int]]:
    """Pairs of full names that could be variants: sharing a surname, or first names that
    could match (same first three letters, or one family of nicknames). Comparing only these
    keeps the pass fast on thousands of names."""
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pid in reps:
        n = r.names[pid]
        buckets["last", n.last].append(pid)
        buckets["start", n.first[:3]].append(pid)
        if n.first in FAMILY:
            buckets["family", str(FAMILY[n.first])].append(pid)
    pairs = {(a, b) for ids in buckets.values() for i, a in enumerate(ids) for b in ids[i + 1:]}
    return sorted(pairs)


def _cluster_full_names(r: Resolver) -> None:
    """Union full names: same words always; variants only on evidence (see module doc)."""
    uf = UnionFind()
    by_key: dict[str, int] = {}
    full = sorted(pid for pid, n in r.names.items() if n.full)
    for pid in full:
        uf.union(by_key.setdefault(r.names[pid].key, pid), pid)
    facts: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for meeting, mentions in r.by_meeting.items():
        for pid, m in mentions.items():
            if pid in r.names and r.names[pid].full:
                f = facts[uf.find(pid)]
                f["orgs"] |= m.orgs
                f["roles"] |= m.roles
                f["series"].add(r.series_of.get(meeting))
                if m.listed:
                    f["listed"].add(meeting)
    for a, b in _candidate_pairs(r, sorted({uf.find(p) for p in full})):
        kind = variant_kind(r.names[a], r.names[b])
        if kind is None:
            continue
        fa, fb = facts[uf.find(a)], facts[uf.find(b)]
        if fa is fb or fa["listed"] & fb["listed"]:
            continue  # already one person; or both on one meeting's list: two people
        shared = fa["orgs"] & fb["orgs"] or fa["roles"] & fb["roles"]
        if shared or (kind == "nickname" and fa["series"] & fb["series"]):
            uf.union(a, b)
            # what is known of either is now known of the merged person
            facts[uf.find(a)] = {k: fa[k] | fb[k] for k in ("orgs", "roles", "series", "listed")}
    r.cluster = {pid: uf.find(pid) for pid in full}


def build_persons(db: Database, series: list[Series], org_canonical: dict[int, int]) -> Resolver:
    """Write ``persons``, ``person_names`` and ``person_organisations`` (emptied by the caller)."""
    r = _gather(db, series, org_canonical)
    _cluster_full_names(r)
    for (meeting, pid), aliases in r.note_aliases.items():
        if pid in r.cluster:
            for alias in aliases:
                r.aliases.setdefault(meeting, {}).setdefault(fold(alias).strip(" ."),
                                                             set()).add(r.cluster[pid])
    # who each written name is, per meeting: a cluster id, or ("short", series, key)
    identity: dict[tuple[int, int], object] = {}
    for meeting, mentions in r.by_meeting.items():
        for pid, m in mentions.items():
            name = r.names[pid]
            if pid in r.cluster:
                identity[meeting, pid] = r.cluster[pid]
            else:
                found = r.resolve_short(meeting, name, m.listed)
                identity[meeting, pid] = found if found is not None else \
                    ("short", r.series_of.get(meeting), name.initials or name.key)
    series_keys = {s.meetings[0]["series_id"]: s.key for s in series if s.meetings}
    _write_persons(db, r, identity, dict(db.execute("select id, date from meetings").fetchall()),
                   series_keys)
    return r


def person_keys(r: Resolver, who: object, ms: list[tuple[int, int]],
                series_keys: dict[int, str]) -> list[str]:
    """What a person is known by, for a stable id (kb.ids): each full name they are written
    with; a person known only by a first name or initials, that name within its series."""
    if isinstance(who, tuple):
        _, series_id, short = who
        return [f"short:{series_keys.get(series_id, '')}:{short}"]
    return sorted({f"name:{r.names[p].key}" for _, p in ms if r.names[p].full})


def _person_id(db: Database, keys: list[str], claimed: set[int]) -> int:
    """The person's id: the oldest one any of their names had, unless another person of this
    rebuild took it already (two people once thought one), else a new one."""
    known = sorted(set(registered_ids(db, "person", keys).values()) - claimed)
    person_id = known[0] if known else new_id(db, "person")
    for key in keys:
        register(db, "person", key, person_id)  # a name keeps the id it first had
    claimed.add(person_id)
    return person_id


def _write_persons(db: Database, r: Resolver, identity: dict, dates: dict[int, str],
                   series_keys: dict[int, str]) -> None:
    members: dict[object, list[tuple[int, int]]] = defaultdict(list)
    for (meeting, pid), who in identity.items():
        members[who].append((meeting, pid))
    people = {org_key(n) for (n,) in db.execute("select name from people").fetchall()}
    # only names that can be organisations make a history ("via phone" cannot)
    org_names = {i: n for i, n in db.execute("select id, name from organisations").fetchall()
                 if plausible_org(n, people)}

    def order(item):  # first attended first, then by name: who gets an id first is stable
        who, ms = item
        first = min((dates.get(m) or "9999" for m, _ in ms), default="9999")
        return first, _canonical_name(r, ms).casefold(), str(who)

    claimed: set[int] = set()
    current: dict[str, int] = {}  # each key of this rebuild's people -> their id
    for who, ms in sorted(members.items(), key=order):
        name = _canonical_name(r, ms)
        keys = person_keys(r, who, ms, series_keys)
        written = {r.names[p].written for _, p in ms}
        for m, p in ms:
            written.update(r.note_aliases.get((m, p), []))
        aliases = sorted({w for w in written if fold(w) != fold(name)}, key=str.casefold)
        attended = sorted({dates[m] for m, p in ms if r.by_meeting[m][p].present and dates.get(m)})
        history: dict[int, list[str]] = defaultdict(list)
        for m, p in ms:
            for org in r.by_meeting[m][p].orgs:
                if dates.get(m):
                    history[org].append(dates[m])
        orgs = sorted((o for o in history if o in org_names),
                      key=lambda o: (min(history[o]), org_names[o]))
        person_id = _person_id(db, keys, claimed)
        current.update(dict.fromkeys(keys, person_id))
        db["persons"].insert({
            "id": person_id, "name": name,
            "series_id": who[1] if isinstance(who, tuple) else None,
            "aliases": json.dumps(aliases),
            "organisations": json.dumps([org_names[o] for o in orgs]),
            "first_attended": attended[0] if attended else None,
            "last_attended": attended[-1] if attended else None,
            "meetings_attended": len(attended)})
        if isinstance(who, int):
            r.person_ids[who] = person_id
        r.person_names[person_id] = name
        for m, p in ms:
            r.person_of[m, p] = person_id
        db["person_names"].insert_all(
            {"meeting_id": m, "people_id": p, "person_id": person_id} for m, p in sorted(ms))
        db["person_organisations"].insert_all(
            {"person_id": person_id, "organisation_id": o, "first_date": min(history[o]),
             "last_date": max(history[o]), "meetings": len(set(history[o]))} for o in orgs)
    _write_redirects(db, claimed, current)


def _write_redirects(db: Database, claimed: set[int], current: dict[str, int]) -> None:
    """``person_redirects``: an id that named a person once and names no one now (two people
    found to be one) leads to the person who has that person's names now."""
    redirects: dict[int, int] = {}
    for old_id, key in db.execute("select id, key from kb_ids where kind = 'person' "
                                  "order by id, key").fetchall():
        if old_id not in claimed and key in current:
            redirects.setdefault(old_id, current[key])
    db["person_redirects"].insert_all({"id": old, "person_id": new}
                                      for old, new in sorted(redirects.items()))


def _canonical_name(r: Resolver, ms: list[tuple[int, int]]) -> str:
    """The fullest way the person is written: most words, longest first name, most meetings."""
    counts = Counter(r.names[p].written for _, p in ms)
    def rank(w: str) -> tuple:
        n = parse_name(w)
        return -len(n.words), -len(n.first), -counts[w], w

    return min(counts, key=rank)
