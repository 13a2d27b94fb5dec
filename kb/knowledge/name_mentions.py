"""What each meeting says about each written name, and who each name is: the steps of the
people pass (kb.knowledge.person_identity) that kb.knowledge.refresh runs again for the names a change touches.

They read and fill a ``kb.knowledge.person_identity.Resolver``: which series each meeting is in
(``series_maps``), the mentions (``load_mentions``), the clusters of full names
(``cluster_names``), the aliases notes give (``note_aliases_to_clusters``), and who each
written name at a meeting is (``resolve_identities``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.knowledge.identity import Facts, Join, Node, cluster_full_names
from ingest.vocabulary.keys import fold
from kb.knowledge.series import Series, family_key

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

    from kb.knowledge.person_identity import Resolver


NOTHING: frozenset = frozenset()


@dataclass(slots=True)
class NameMention:
    """Everything one meeting says about one written name.

    One per name per meeting, so 340,000 at 20,000 notes: no __dict__, and no set until
    there is something to put in it (two empty sets were 430 of its 500 bytes)."""

    orgs: set[int] | frozenset[int] = NOTHING  # canonical organisation ids
    roles: set[str] | frozenset[str] = NOTHING
    listed: bool = False  # on the attendee or apologies list
    present: bool = False  # on the attendee list


def series_maps(r: Resolver, series: list[Series]) -> None:
    """Fill in which series (and family) each meeting is in."""
    for s in series:
        sid = s.meetings[0]["series_id"]
        ids = [m["id"] for m in s.meetings]
        r.meetings_of[sid] = ids
        r.family_of[sid] = family_key(s.key)
        r.family_meetings.setdefault(r.family_of[sid], []).extend(ids)
        for m in ids + [d["id"] for d in s.duplicates]:
            r.series_of[m] = sid


MENTIONS = """
    select meeting_id, person_id, organisation_id, role, status from attendance where {where}
    union all select meeting_id, person_id, organisation_id, role, null from meeting_names
        where {where}
    union all select meeting_id, person_id, organisation_id, null, null from statements
        where person_id is not null and {where}
    union all select meeting_id, person_id, null, null, null from action_items
        where person_id is not null and {where}"""


def load_mentions(db: Database, r: Resolver, org_canonical: dict[int, int],
                  where: str = "1") -> None:
    """Add what the notes say about each written name at each meeting to ``r.by_meeting``
    and ``r.note_aliases``: every mention, or those ``where`` (SQL on meeting_id and
    person_id, kb's own text) selects. Loading a mention twice changes nothing."""
    # tuples, not sqlite-utils' dicts: a row for every mention of every name in the archive
    for meeting_id, person_id, org_id, role, status in db.execute(MENTIONS.format(where=where)):
        m = r.by_meeting.setdefault(meeting_id, {}).setdefault(person_id, NameMention())
        if org_id is not None:
            if m.orgs is NOTHING:
                m.orgs = set()
            m.orgs.add(org_canonical.get(org_id, org_id))
        if role:
            if m.roles is NOTHING:
                m.roles = set()
            m.roles.add(fold(role).strip())
        if status:
            m.listed = True
            m.present |= status == "present"
    aliases: dict[tuple[int, int], list[str]] = {}
    for row in db.query("select meeting_id, person_id, aliases from meeting_names "
                        f"where aliases is not null and {where} order by id"):
        aliases.setdefault((row["meeting_id"], row["person_id"]), []).extend(
            a.strip() for a in row["aliases"].split(",") if a.strip())
    r.note_aliases.update(aliases)


def cluster_names(db: Database, r: Resolver, facts: dict[Node, Facts],
                  forbidden: list = (), joined: list = ()) -> tuple[dict[Node, Node], list[Join]]:
    """``kb.knowledge.identity.cluster_full_names`` with the series' and organisations' names."""
    series_names = dict(db.execute("select id, name from series").fetchall())
    org_names = dict(db.execute("select id, name from organisations").fetchall())
    return cluster_full_names(
        facts, r.names, lambda s: series_names.get(s, "no series"),
        lambda o: org_names.get(o, "?"), lambda s: r.family_of.get(s, str(s)),
        forbidden=forbidden, joined=joined)


def note_aliases_to_clusters(r: Resolver, note_aliases: dict[tuple[int, int], list[str]]) -> None:
    """``r.aliases``: the aliases a note gives a full name, each pointing at its cluster."""
    for (meeting, pid), aliases in note_aliases.items():
        node = r.node(meeting, pid)
        if node in r.cluster:
            for alias in aliases:
                r.aliases.setdefault(meeting, {}).setdefault(fold(alias).strip(" ."),
                                                             set()).add(r.cluster[node])


def resolve_identities(r: Resolver, meetings: Iterable[int]) -> dict[tuple[int, int], tuple]:
    """Who each written name at ``meetings`` is: ("full", cluster) for a full name or a
    short one that fits one full name in reach, else ("short", series, name); how each
    short one was resolved goes into ``r.how``."""
    identity: dict[tuple[int, int], tuple] = {}
    one: dict[tuple, tuple] = {}  # each identity a single tuple, however many names it has
    for meeting in meetings:
        for pid, m in r.by_meeting.get(meeting, {}).items():
            name = r.names[pid]
            node = r.node(meeting, pid)
            if node in r.cluster:
                who: tuple = ("full", r.cluster[node])
            else:
                found, how = r.resolve_short(meeting, name, m.listed)
                if found is not None:
                    who = ("full", found)
                    r.how[meeting, pid] = how
                else:
                    who = ("short", r.series_of.get(meeting), name.initials or name.key)
            identity[meeting, pid] = one.setdefault(who, who)
    return identity
