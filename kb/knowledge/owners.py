"""Who owns an action: a person, a named team or group, or an organisation, as one identity.

Notes write owners every way: "Steve", "Steve Fisher", "SF", "(AA)", "@dmacd", "the Clerk",
"Co-chairs", "(All)", "Secretariat" and "The secretariat", "Terence Eden/Lawrence Greenwood",
"??". ``OwnerResolver.owners(meeting, written)`` turns one written owner into the owners it
means, each with an identity ``key``:

- ``p<people.id>``: a person, resolved as their name is anywhere (``kb.knowledge.person_identity.Resolver``:
  initials, first names, chat handles, "Mr Surname"); a role ("the Chair", "the Clerk") is
  the one person the meeting (or its series) gives that role;
- ``o<organisation id>``: an organisation the meeting names ("GDS", "Cabinet Office"),
  by its canonical identity (``kb.knowledge.organisations``);
- ``g<series>:<group>``: a team or group ("Secretariat", "Open Standards team", "All",
  "Co-chairs"), the same group however it is capitalised or whether it has "the". A bare
  "The team" stays itself: in one note it is the open government team, in another the team
  of the person just named;
- ``n<series>:<name>``: a name kb cannot place (kept as written, so it is not lost).

Placeholders ("??", "TBD", "n/a") are no owner at all.

>>> split_owners("Terence Eden/Lawrence Greenwood"), split_owners("Magnus and Anisha")
(['Terence Eden', 'Lawrence Greenwood'], ['Magnus', 'Anisha'])
>>> group_key("The secretariat") == group_key("Secretariat"), group_key("Co-chairs")
(True, 'co chair')
>>> is_placeholder("??"), is_placeholder("TBD"), is_placeholder("Ann")
(True, True, False)
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.vocabulary.keys import fold
from ingest.vocabulary.lexicon import org_key
from kb.knowledge.person_identity import Resolver

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

PLACEHOLDERS = {"", "?", "??", "???", "tbd", "tbc", "tba", "n/a", "na", "none", "nobody",
                "unassigned", "unknown", "owner", "x", "-", "–", "—", "..."}
# everyone at the meeting
EVERYONE = {"all", "everyone", "everybody", "all members", "all attendees",
            "all participants", "whole group", "the group"}
# roles a meeting gives one person; "Chair" can mean that person
ROLES = {"chair", "chairman", "chairwoman", "chairperson", "co-chair", "cochair", "vice-chair",
         "vice chair", "deputy chair", "clerk", "secretary", "treasurer", "convenor", "convener",
         "president", "vice-president", "scribe", "minute-taker", "minute taker", "facilitator",
         "moderator", "coordinator", "host", "director", "manager", "lead"}
# words that make a name a team or group of people rather than one person
GROUP_WORDS = {"team", "teams", "group", "groups", "secretariat", "board", "committee",
               "panel", "members", "member", "staff", "office", "unit", "department",
               "council", "officers", "leads", "maintainers", "editors", "authors", "chairs",
               "co-chairs", "cochairs", "owner", "owners", "working", "wg", "tsc", "tf",
               "taskforce", "task", "force", "volunteers", "everyone", "all", "partners",
               "network", "forum", "subgroup", "sub-group", "representatives", "reps"}
SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\band\b)\s*", re.IGNORECASE)



@dataclass(frozen=True, slots=True)
class Owner:
    key: str
    kind: str  # person, organisation, group, name
    name: str  # as written (a group's or person's display name comes later)
    person_id: int | None = None
    organisation_id: int | None = None


def is_placeholder(written: str | None) -> bool:
    """No owner at all: "??", "TBD", and what cannot be a name (markup, a link, a sentence).

    >>> is_placeholder("<ul><li> https://example.org"), is_placeholder("Open Standards team")
    (True, False)
    """
    if written is None or fold(written).strip(" .()[]") in PLACEHOLDERS:
        return True
    return bool(re.search(r"<[a-z/]|https?://|www\.", written, re.IGNORECASE)) or \
        len(written.split()) > 12

def clean(written: str) -> str:
    """An owner without brackets, a leading "@" or trailing punctuation: "(AA)" -> "AA"."""
    return written.strip().strip("()[]{}").strip(" .:;,").lstrip("@").strip()


def split_owners(written: str) -> list[str]:
    """The owners in "A and B", "A/B", "A, B & C" (empty parts dropped)."""
    return [p for p in (clean(x) for x in SPLIT.split(written)) if p]


def group_key(written: str) -> str:
    """A group's name compared for sameness: folded, no "the", last word singular."""
    words = re.findall(r"[a-z0-9]+", fold(written).replace("'s", ""))
    while words and words[0] in ("the", "our", "a"):
        words = words[1:]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9\-]*", fold(text))


def _role_word(written: str) -> str | None:
    """The role in "the Chair", "Clerk", "Co-chair" (one role word, perhaps with "the")."""
    words = [w for w in _words(written) if w not in ("the", "our")]
    text = " ".join(words)
    return text if text in ROLES else None


class OwnerResolver:
    """Resolves written owners in meetings to identities (see the module doc)."""

    def __init__(self, db: Database, people: Resolver, org_canonical: dict[int, int]) -> None:
        self.db = db
        self.people = people
        self.org_canonical = org_canonical
        self.meeting_orgs: dict[int, dict[str, int]] = defaultdict(dict)
        self.all_orgs: dict[str, int] = {}
        for org, name, acronym in db.execute("select id, name, acronym from organisations "
                                             "order by id"):
            for n in (name, acronym):
                if n:
                    self.all_orgs.setdefault(org_key(n), org_canonical.get(org, org))

    def load_meetings(self, meetings: list[int]) -> None:
        """The organisations each of ``meetings`` names (those of earlier ones forgotten:
        the ledger asks a series at a time)."""
        self.meeting_orgs = defaultdict(dict)
        for meeting, org, name, acronym in self.db.execute(
                """select mo.meeting_id, o.id, o.name, o.acronym from meeting_organisations mo
                join organisations o on o.id = mo.organisation_id
                where mo.meeting_id in (select value from json_each(?)) order by o.id""",
                [json.dumps(meetings)]):
            for n in (name, acronym):
                if n:
                    self.meeting_orgs[meeting][org_key(n)] = self.org_canonical.get(org, org)

    def owners(self, meeting_id: int, written: str | None) -> list[Owner]:
        """The owners ``written`` means at ``meeting_id``; [] for none or a placeholder."""
        if is_placeholder(written):
            return []
        whole = clean(written)
        parts = [p for p in split_owners(whole) if not is_placeholder(p)]
        if len(parts) >= 2 and self._org(meeting_id, whole) is None:
            # "The challenge owner and the secretariat", "TE/LG": several owners, when each
            # part is someone; else one name with "and" in it
            each = [self._one(meeting_id, part) for part in parts]
            if all(each) or not self._groupish(whole):
                found: list[Owner] = []
                for part, owner in zip(parts, each):
                    owner = owner or self._fallback(meeting_id, part)
                    if owner not in found:
                        found.append(owner)
                return found
        return [self._one(meeting_id, whole) or self._fallback(meeting_id, whole)]

    def _org(self, meeting_id: int, written: str) -> int | None:
        # an organisation named in another note may answer: kb.refresh redoes this series'
        # ledger when an organisation of that name comes or goes
        self.people.lookups.add((self.people.series_of.get(meeting_id), "org:" + org_key(written)))
        return self.meeting_orgs.get(meeting_id, {}).get(org_key(written)) or \
            self.all_orgs.get(org_key(written))

    @staticmethod
    def _groupish(written: str) -> bool:
        return bool(set(_words(written)) & GROUP_WORDS)

    def _one(self, meeting_id: int, written: str) -> Owner | None:
        series = self.people.series_of.get(meeting_id)
        key = group_key(written)
        if key in EVERYONE or fold(written).strip() in EVERYONE:
            return Owner(f"g{series}:all", "group", "All")
        role = _role_word(written)
        if role:
            person = self._role_holder(meeting_id, role)
            if person is not None:
                return Owner(f"p{person}", "person", written, person_id=person)
            return Owner(f"g{series}:{key}", "group", written)
        org = self._org(meeting_id, written)
        if org is not None:
            return Owner(f"o{org}", "organisation", written, organisation_id=org)
        if self._groupish(written):
            return Owner(f"g{series}:{key}", "group", written)
        person = self.people.resolve(meeting_id, written)
        if person is not None:
            return Owner(f"p{person}", "person", written, person_id=person)
        return None

    def _fallback(self, meeting_id: int, written: str) -> Owner:
        series = self.people.series_of.get(meeting_id)
        return Owner(f"n{series}:{group_key(written)}", "name", written)

    def _role_holder(self, meeting_id: int, role: str) -> int | None:
        """The one person the meeting, else its series, gives ``role``."""
        r = self.people
        for scope in ("meeting", "series"):
            holders = set()
            for m in r.scope_meetings(meeting_id, scope):
                for pid, mention in r.by_meeting.get(m, {}).items():
                    if any(role == " ".join(_words(x)) or role in _words(x)
                           for x in mention.roles) and (m, pid) in r.person_of:
                        holders.add(r.person_of[m, pid])
            if len(holders) == 1:
                return next(iter(holders))
            if holders:
                return None
        return None


def display_names(owners_by_mention: dict[int, list[Owner]], person_names: dict[int, str], org_names: dict[int, str]) -> dict[str, str]:
    """The name shown for each owner key: the person's or organisation's name; for a group,
    its commonest writing without "the", capital first."""
    writings: dict[str, Counter] = defaultdict(Counter)
    for owners in owners_by_mention.values():
        for o in owners:
            name = re.sub(r"^(?:the|our)\s+", "", o.name, flags=re.IGNORECASE)
            writings[o.key][name[:1].upper() + name[1:]] += 1
    out = {}
    for key, counts in writings.items():
        if key.startswith("p") and int(key[1:]) in person_names:
            out[key] = person_names[int(key[1:])]
        elif key.startswith("o") and int(key[1:]) in org_names:
            out[key] = org_names[int(key[1:])]
        else:
            out[key] = min(counts, key=lambda w: (-counts[w], -sum(c.isupper() for c in w), w))
    return out


def _name_words(text: str) -> tuple[str, ...]:
    words = re.findall(r"[a-z0-9]+", fold(text).replace("'s", ""))
    while words and words[0] in ("the", "our"):
        words = words[1:]
    return tuple(words)


def matching_owner_keys(db: Database, name: str) -> set[str]:
    """The owner identities ``name`` means: every one with ``name`` as its name, an alias or a
    way the notes wrote it; failing that, every one whose name has all of ``name``'s words.

    Words, not letters: "Steve" finds Steve Fisher (and whoever the notes call "Steve"),
    never Steven Pemberton; "Secretariat" finds "The secretariat".
    """
    want = _name_words(name)
    if not want:
        return set()
    names: list[tuple[str, str]] = []  # (key, a name of it)
    for row in db.query("select id, name, aliases from people"):
        for n in [row["name"], *json.loads(row["aliases"])]:
            names.append((f"p{row['id']}", n))
    for row in db.query("""select distinct key, name, written, (select count(*) from
            action_owners x where x.action_id = ao.action_id) as owners from action_owners ao"""):
        names.append((row["key"], row["name"]))
        if row["owners"] == 1:  # how the notes wrote a sole owner is a name of that owner
            names.extend((row["key"], w) for w in json.loads(row["written"]))
    for row in db.query("""select coalesce(oi.canonical_id, o.id) as id, o.name, o.acronym
            from organisations o
            left join organisation_identities oi on oi.organisation_id = o.id"""):
        names.extend((f"o{row['id']}", n) for n in (row["name"], row["acronym"]) if n)
    exact = {key for key, n in names if _name_words(n) == want}
    if exact:
        return exact
    return {key for key, n in names if set(want) <= set(_name_words(n))}
