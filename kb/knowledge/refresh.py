"""The derived tables brought up to date for the notes that changed, not rebuilt from all.

``kb.knowledge.rebuild`` derives everything from every note: 22 CPU seconds at 2,000 notes,
whatever one changed note touched. ``update`` redoes what the changed notes can have changed,
and leaves the rest as it is; the tables come out as a rebuild would make them (tests compare
the two). What a changed note reaches:

- its **folder** (``kb.knowledge.series.folder_of``): series, duplicates and the short names ("Ann",
  "AL") are decided within a folder, so its series, their ledgers and its names are redone;
- the **names** it writes in full, and every name that shares a key with one of them or could
  be a variant of one (``kb.knowledge.name_matching.variant_kind``): clusters of full names never join names
  outside such a group, so those groups are clustered again, with their mentions everywhere;
- the **people** those clusters and that folder's names are, with all their mentions;
- another folder, when a cluster it has names of split or merged (its short names are then
  decided again), or when an owner in one of its ledgers could now mean someone else
  (``kb_ledger_lookups``: the full names and organisation names its owners were looked up by).

What kb keeps to do this, beside the derived tables, is kb.knowledge.refresh_state's: the meetings
changed since the last rebuild, who each written name was found to be, each person's keys,
the ledgers' lookups. When the changes reach further (a changed organisation identity,
person corrections, code, a third of the notes), ``update`` says so and the caller rebuilds
all.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kb.knowledge import refresh_state as state
from kb.knowledge.name_mentions import (cluster_names, load_mentions, note_aliases_to_clusters,
                            resolve_identities, series_maps)
from ingest.vocabulary.nicknames import families_of
from kb.knowledge.name_matching import parse_name, variant_kind
from kb.knowledge.organisations import build_organisation_identities
from kb.knowledge.person_identity import Resolver, _full_name_facts, _short_kind
from kb.knowledge.person_rows import write_evidence, write_persons, write_redirects
from kb.knowledge.series import Series, build_series, folder_of

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

    from kb.knowledge.identity import Node

# above this share of the notes (and this many), a rebuild of all is the quicker
WHOLE_SHARE, WHOLE_MIN = 1 / 3, 200
SHORT_KINDS_OF_ROOT = {"initials", "first name and initial", "title and surname", "first name",
                       "short first name", "chat handle"}  # _short_kind's, read off the root


class Whole(Exception):
    """The changes reach too far for ``update``: rebuild everything (the reason is the text)."""


def update(db: Database, changes: list[tuple[int, str, str | None]]) -> None:
    """Bring the derived tables up to date for ``changes`` (kb_changes' rows: meeting id,
    path, new path); raises ``Whole`` when only a rebuild of all can."""
    if db.execute("select 1 from alias_corrections where kind = 'person' limit 1").fetchone():
        raise Whole("people's names were corrected (kb alias)")
    folders = {folder_of(p) for _, path, new in changes for p in (path, new) if p}
    gone = {meeting for meeting, _, _ in changes}  # their old names, even if deleted
    total = db.execute("select count(*) from meetings").fetchone()[0]
    keys: set[str] = set()
    for _ in range(4):  # what the first try finds can widen the folders or names, once or twice
        in_folders = {i for i, path in db.execute("select id, path from meetings")
                      if folder_of(path) in folders}
        if len(in_folders) > max(WHOLE_MIN, total * WHOLE_SHARE):
            raise Whole(f"{len(in_folders)} of {total} notes to redo")
        try:
            with db.atomic():  # a savepoint: widening undoes what was done so far
                _Update(db, folders, in_folders, gone, keys).run()
            return
        except _Widen as e:
            folders |= e.folders
            keys |= e.keys
    raise Whole("the changes kept reaching further")


class _Widen(Exception):
    """Redo more: these folders too (a cluster of their names split or merged), or these
    names (their person can take back an id another person gave up)."""

    def __init__(self, folders: set[str] = frozenset(), keys: set[str] = frozenset()) -> None:
        super().__init__(f"also {', '.join(sorted([*folders, *keys]))}")
        self.folders, self.keys = set(folders), set(keys)


class _Update:
    def __init__(self, db: Database, folders: set[str], meetings: set[int], gone: set[int],
                 keys: set[str]) -> None:
        self.db, self.folders, self.meetings = db, folders, meetings
        self.old_meetings = meetings | gone  # whose kb_names rows are the old state
        self.extra_keys = keys
        self.r = Resolver()

    def run(self) -> None:
        db, r = self.db, self.r
        canonical, org_keys = self._organisations()
        groups = build_series(db, self.folders)
        series = state.stored_series(db)
        series_maps(r, series)
        r.names = {i: parse_name(n) for i, n in db.execute("select id, name from names")}
        state.select(db, "kb_sel_m", ((m,) for m in self.meetings))
        load_mentions(db, r, canonical, "meeting_id in (select id from temp.kb_sel_m)")
        old = state.rows(db, "meeting_id in (select value from json_each(?))",
                    [json.dumps(sorted(self.old_meetings))])
        keys = self._keys_in_reach(old)
        k_pids = {p for p, n in r.names.items() if n.full and n.key in keys}
        state.select(db, "kb_sel_p", ((p,) for p in k_pids))
        load_mentions(db, r, canonical, "person_id in (select id from temp.kb_sel_p)")
        facts = {n: f for n, f in _full_name_facts(r).items() if n[0] in k_pids}
        cluster, joins = cluster_names(db, r, facts)
        # the names outside the folders that are (or were found to be) one of these clusters
        outside = [row for row in state.rows(db, "anchor_people_id in (select id from temp.kb_sel_p)")
                   if row["meeting_id"] not in self.old_meetings]
        self._check_partitions(outside, cluster)

        r.cluster = cluster
        note_aliases_to_clusters(r, {k: v for k, v in r.note_aliases.items()
                                     if k[0] in self.meetings})
        identity = resolve_identities(r, sorted(self.meetings))
        moved = {}  # the outside names: their cluster now, and how they were found
        for row in outside:
            pair = (row["meeting_id"], row["people_id"])
            root = cluster.get((row["anchor_people_id"], row["anchor_series_id"]))
            if root is None:  # cannot be, unless the tables were changed by hand
                raise Whole("kb_names is out of step with the notes")
            moved[pair] = root
            identity[pair] = ("full", root)
            if row["how_kind"]:
                kind = row["how_kind"]
                if kind in SHORT_KINDS_OF_ROOT:  # the kind compares the name with the root's
                    kind = _short_kind(r.names[row["people_id"]], r.names[root[0]])
                r.how[pair] = (kind, row["how_detail"])
        state.select(db, "kb_sel_mp", moved, columns=2)
        load_mentions(db, r, canonical,
                      "(meeting_id, person_id) in (select a, b from temp.kb_sel_mp)")
        old_people = {row["person_id"] for row in old} | {row["person_id"] for row in outside}
        changed = self._persons(identity, joins, old_people, series)
        self._write_state(identity, outside, old)
        ledgers = self._ledgers(groups, old, outside, keys, cluster, changed, org_keys)
        self._ledger(series, ledgers, canonical)

    def _organisations(self) -> tuple[dict[int, int], set[str]]:
        """Organisation identities are redone for all (a few ms); an identity that changed
        for a note outside the folders, or a name that became a person's, is ``Whole``."""
        db = self.db
        inputs = state.org_inputs(db)
        saved = state.load_org_state(db)
        if saved is not None and saved.get("inputs") == inputs:  # the same as last time
            return state.canonical_ids(db), set()
        before = dict(db.execute("select organisation_id, canonical_id "
                                 "from organisation_identities").fetchall())
        db.execute("delete from organisation_identities")
        canonical = build_organisation_identities(db)
        for org, was in before.items():
            if org in canonical and canonical[org] != was:
                raise Whole("an organisation's identity changed")
        fresh = sorted(set(canonical) - set(before))
        if fresh and db.execute(f"""select 1 from ({state.ORG_USES}) where organisation_id in
                (select value from json_each(?)) and meeting_id not in
                (select value from json_each(?)) limit 1""",
                [json.dumps(fresh), json.dumps(sorted(self.meetings))]).fetchone():
            raise Whole("an organisation of an unchanged note has a new identity")
        now, implausible = state.org_state(db, canonical)
        if saved is None:
            raise Whole("no record of the organisations' names")
        # an organisation's history shows only names that can be organisations', and a
        # person's name anywhere can decide that (kb.organisations.plausible_org)
        if set(saved["implausible"]) & set(canonical) != set(implausible) - set(fresh):
            raise Whole("an organisation's name became (or stopped being) a person's")
        before_keys = saved["keys"]
        changed = {k for k in set(before_keys) | set(now["keys"])
                   if before_keys.get(k) != now["keys"].get(k)}
        state.save_org_state(db, now)
        return canonical, changed

    def _keys_in_reach(self, old: list[dict]) -> set[str]:
        """The name keys of the full names of the folders, now and before, and every key a
        chain of variants leads to from them."""
        r = self.r
        keys = {r.names[p].key for m in self.meetings for p in r.by_meeting.get(m, {})
                if r.names[p].full} | self.extra_keys
        # and every full name of the people those were: a name gone from the folders leaves
        # its cluster's other names to be clustered again, wherever they are
        people = json.dumps(sorted({row["person_id"] for row in old}))
        keys |= {k for (k,) in self.db.execute(
            "select distinct anchor_key from kb_names where anchor_key is not null and "
            "person_id in (select value from json_each(?))", [people])}
        full = {p: n for p, n in r.names.items() if n.full}
        by_key: dict[str, list[int]] = defaultdict(list)
        buckets: dict[tuple[str, object], list[int]] = defaultdict(list)
        for p, n in full.items():
            by_key[n.key].append(p)
            for bucket in _buckets(n):
                buckets[bucket].append(p)
        todo, done = list(keys), set()
        while todo:
            key = todo.pop()
            if key in done:
                continue
            done.add(key)
            for p in by_key.get(key, []):
                for bucket in _buckets(full[p]):
                    for q in buckets[bucket]:
                        other = full[q].key
                        if other not in done and (variant_kind(full[p], full[q]) or
                                                  variant_kind(full[q], full[p])):
                            todo.append(other)
        return done

    def _check_partitions(self, outside: list[dict], cluster: dict[Node, Node]) -> None:
        """A folder outside whose full names these clusters split or merge decides its short
        names again: ``_Widen``."""
        before: dict[str, dict[Node, set]] = defaultdict(lambda: defaultdict(set))
        after: dict[str, dict[Node, set]] = defaultdict(lambda: defaultdict(set))
        family = self.r.family_of
        for row in outside:
            node = (row["anchor_people_id"], row["anchor_series_id"])
            where = family.get(node[1], str(node[1]))
            before[where][(row["root_people_id"], row["root_series_id"])].add(node)
            after[where][cluster[node]].add(node)
        widen = set()
        for where, groups in before.items():
            if {frozenset(g) for g in groups.values()} != \
                    {frozenset(g) for g in after[where].values()}:
                widen.add(where.split("/")[0])
        if widen - self.folders:
            raise _Widen(widen - self.folders)

    def _persons(self, identity: dict, joins: list, old_people: set[int],
                 series: list[Series]) -> set[int]:
        """Write the people these names are; return the ids whose row went or was renamed."""
        db, r = self.db, self.r
        names_before = dict(db.execute(
            "select id, name from people where id in (select value from json_each(?))",
            [json.dumps(sorted(old_people))]).fetchall())
        ids = json.dumps(sorted(old_people))
        for table in ("person_names", "person_organisations", "person_evidence"):
            db.execute(f"delete from {table} where person_id in (select value from json_each(?))",
                       [ids])
        current = {k: p for k, p in db.execute("select key, person_id from kb_person_keys")
                   if p not in old_people}
        dates = dict(db.execute("select id, date from meetings").fetchall())
        series_keys = {s.meetings[0]["series_id"]: s.key for s in series}
        r.keys = write_persons(db, r, identity, dates, {}, series_keys, current)
        write_evidence(db, r, identity, joins, dates)
        now = set(r.person_ids.values())
        gone = old_people - now
        self._check_freed(gone, old_people | now)
        renamed = {p for p in old_people & now if r.person_names[p] != names_before.get(p)}
        db.execute("delete from people where id in (select value from json_each(?))",
                   [json.dumps(sorted(gone))])
        db.execute("delete from person_redirects")
        write_redirects(db, r.keys)
        db.execute("delete from kb_person_keys where person_id in (select value from json_each(?))",
                   [json.dumps(sorted(old_people | now))])
        state.write_keys(db, {k: p for k, p in r.keys.items() if p in now})
        return gone | renamed

    def _check_freed(self, freed: set[int], redone: set[int]) -> None:
        """An id given up here goes back to whoever else a name of it was first given to
        (kb.storage.ids: a name keeps its first id), so that person is redone too: ``_Widen``."""
        if not freed:
            return
        holders = {p for (p,) in self.db.execute(
            """select distinct k.person_id from kb_ids i join kb_person_keys k on k.key = i.key
            where i.kind = 'person' and i.id in (select value from json_each(?))""",
            [json.dumps(sorted(freed))])} - redone
        if not holders:
            return
        rows = state.rows(self.db, "person_id in (select value from json_each(?))",
                     [json.dumps(sorted(holders))])
        keys = {row["anchor_key"] for row in rows if row["anchor_key"]}
        folders = {self.r.family_of.get(self.r.series_of.get(row["meeting_id"]), "").split("/")[0]
                   for row in rows if row["kind"] != "full"}
        if keys - self.extra_keys or folders - self.folders:
            raise _Widen(folders - self.folders - {""}, keys - self.extra_keys)

    def _write_state(self, identity: dict, outside: list[dict], old: list[dict]) -> None:
        db = self.db
        db.execute("delete from kb_names where meeting_id in (select value from json_each(?))",
                   [json.dumps(sorted(self.old_meetings))])
        for row in outside:
            db.execute("delete from kb_names where meeting_id = ? and people_id = ?",
                       [row["meeting_id"], row["people_id"]])
        state.write_names(self.db, self.r, {pair: who for pair, who in identity.items()})

    def _ledgers(self, groups: list[Series], old: list[dict], outside: list[dict],
                 keys: set[str], cluster: dict, changed_people: set[int],
                 org_keys: set[str]) -> set[int]:
        """The series whose ledgers must be redone: the folders', and those whose owners
        could now mean someone else."""
        db, r = self.db, self.r
        ledgers = {s.meetings[0]["series_id"] for s in groups}
        # a meeting outside whose names are someone else now
        moved = {row["meeting_id"] for row in outside
                 if r.person_of.get((row["meeting_id"], row["people_id"])) != row["person_id"]}
        # full names (by key) that are other people now: before, each node's person...
        was = {(row["anchor_people_id"], row["anchor_series_id"]): (row["person_id"],
                                                                    row["anchor_key"])
               for row in [*old, *outside]
               if row["kind"] == "full" and row["people_id"] == row["anchor_people_id"]}
        now = {node: (r.person_ids.get(("full", root)), r.names[node[0]].key)
               for node, root in cluster.items()}
        lookups = {"name:" + key for node in set(was) | set(now)
                   for key in {x[1] for x in (was.get(node), now.get(node)) if x}
                   if was.get(node) != now.get(node)}
        lookups |= {"org:" + key for key in org_keys}
        ledgers |= {s for (s,) in db.execute(
            "select distinct series_id from kb_ledger_lookups where key in "
            "(select value from json_each(?))", [json.dumps(sorted(lookups))])}
        ledgers |= {s for (s,) in db.execute(
            "select distinct series_id from series_meetings where meeting_id in "
            "(select value from json_each(?))", [json.dumps(sorted(moved))])}
        ledgers |= {s for (s,) in db.execute(
            """select a.series_id from actions a where a.person_id in (select value from
                json_each(?1)) union select a.series_id from action_owners o join actions a
                on a.id = o.action_id where o.person_id in (select value from json_each(?1))""",
            [json.dumps(sorted(changed_people))])}
        return {s for s in ledgers if s is not None}

    def _ledger(self, series: list[Series], ledgers: set[int], canonical: dict[int, int]) -> None:
        """Redo the ledgers of ``ledgers``, with everyone as they are now."""
        from kb.knowledge.ledger import build_ledger  # kb.knowledge.ledger imports kb.knowledge.person_identity; imported when used

        db, r = self.db, self.r
        chosen = [s for s in series if s.meetings[0]["series_id"] in ledgers]
        marks = json.dumps(sorted(ledgers))
        db.execute("delete from actions where series_id in (select value from json_each(?))",
                   [marks])
        db.execute("delete from kb_ledger_lookups where series_id in "
                   "(select value from json_each(?))", [marks])
        folders = {s.key.split("/")[0] for s in chosen}
        around = {m for s in series if s.key.split("/")[0] in folders
                  for m in [*(x["id"] for x in s.meetings), *(x["id"] for x in s.duplicates)]}
        state.select(db, "kb_sel_m", ((m,) for m in around))
        load_mentions(db, r, canonical, "meeting_id in (select id from temp.kb_sel_m)")
        # the clusters of these folders' names, as kb_names has them now; an owner's full name
        # is looked up among every folder's, by its key, when it is asked for
        cluster, person_ids = {}, {}
        r.cluster, r.person_ids = cluster, person_ids
        for a, s, root_p, root_s, person in db.execute(state.NODES_HERE):
            cluster[a, s] = (root_p, root_s)
            person_ids["full", (root_p, root_s)] = person
        named: dict[str, dict] = {}

        def nodes_named(key: str) -> dict:
            if key not in named:
                found = named[key] = {}
                for a, s, root_p, root_s, person in db.execute(state.NODES_NAMED, [key]):
                    found[a, s] = (root_p, root_s)
                    person_ids["full", (root_p, root_s)] = person
            return named[key]

        r.named = nodes_named
        r.person_of = {(m, p): person for m, p, person in db.execute(
            "select meeting_id, people_id, person_id from kb_names where meeting_id in "
            "(select id from temp.kb_sel_m)")}
        r.person_names = dict(db.execute("select id, name from people").fetchall())
        r.aliases = {}
        note_aliases_to_clusters(r, {k: v for k, v in r.note_aliases.items() if k[0] in around})
        r.lookups = set()
        build_ledger(db, chosen, r, canonical)
        state.write_lookups(db, {x for x in r.lookups if x[0] in ledgers})


def _buckets(n) -> Iterable[tuple[str, object]]:
    """Where a full name's possible variants are: same first three letters, same surname,
    one family of nicknames (as kb.knowledge.identity's candidate pairs)."""
    yield "last", n.last
    yield "start", n.first[:3]
    for family in families_of(n.first):
        yield "family", family
