"""The schema of the tables kb derives across meetings (kb.knowledge fills them), of the
corrections made by hand, and of the views over both: data, applied by
``kb.storage.schema.ensure_db_shape`` with the notes' own tables.

Written as SQL rather than as ``TABLES`` specs because their foreign keys cascade (``on delete
cascade`` / ``set null``), which sqlite-utils' ``create`` cannot say: deleting a meeting must
take its derived rows with it even before the next rebuild.
"""
from __future__ import annotations

from typing import Any

# series, people across meetings, organisations' identities, the ledger; kb_state holds the
# notes' version and what the derived tables were built from
KNOWLEDGE_DDL = """
create table if not exists series (
    id integer primary key,
    key text not null unique,
    name text not null,
    folder text,
    first_date text,
    last_date text,
    meeting_count integer not null
);
create table if not exists series_meetings (
    id integer primary key,
    meeting_id integer not null unique references meetings(id) on delete cascade,
    series_id integer not null references series(id) on delete cascade,
    position integer not null,
    date text,
    previous_meeting_id integer references meetings(id) on delete set null,
    next_meeting_id integer references meetings(id) on delete set null
);
create table if not exists organisation_identities (
    id integer primary key,
    organisation_id integer not null unique references organisations(id) on delete cascade,
    canonical_id integer not null references organisations(id) on delete cascade,
    parent_id integer references organisations(id) on delete set null
);
create table if not exists people (
    id integer primary key,
    name text not null,
    series_id integer references series(id) on delete cascade,
    aliases text not null,
    organisations text not null,
    first_attended text,
    last_attended text,
    meetings_attended integer not null
);
create table if not exists person_names (
    id integer primary key,
    meeting_id integer not null references meetings(id) on delete cascade,
    people_id integer not null references names(id) on delete cascade,
    person_id integer not null references people(id) on delete cascade,
    unique (meeting_id, people_id)
);
create table if not exists person_redirects (
    id integer primary key,
    person_id integer not null references people(id) on delete cascade
);
create table if not exists person_organisations (
    id integer primary key,
    person_id integer not null references people(id) on delete cascade,
    organisation_id integer not null references organisations(id) on delete cascade,
    first_date text,
    last_date text,
    meetings integer not null
);
create table if not exists actions (
    id integer primary key,
    series_id integer not null references series(id) on delete cascade,
    ref text,
    text text not null,
    owner text,
    person_id integer references people(id) on delete set null,
    due text,
    due_date text,
    status text not null,
    opened text,
    closed text,
    opened_meeting_id integer references meetings(id) on delete set null,
    closed_meeting_id integer references meetings(id) on delete set null,
    last_meeting_id integer references meetings(id) on delete set null,
    meetings text not null,
    mention_count integer not null
);
create table if not exists action_mentions (
    id integer primary key,
    action_id integer not null references actions(id) on delete cascade,
    action_item_id integer not null references action_items(id) on delete cascade,
    meeting_id integer not null references meetings(id) on delete cascade,
    kind text not null,
    status text not null
);
create table if not exists kb_state (
    key text primary key,
    value text
);
create index if not exists series_meetings_series on series_meetings(series_id);
create index if not exists person_names_person on person_names(person_id);
create index if not exists person_organisations_person on person_organisations(person_id);
create index if not exists actions_series on actions(series_id);
create index if not exists action_mentions_action on action_mentions(action_id);
create index if not exists action_mentions_item on action_mentions(action_item_id);
"""

# people across meetings: the evidence for each merge (kb.knowledge.person_identity)
PERSON_EVIDENCE_DDL = """
create table if not exists person_evidence (
    id integer primary key,
    person_id integer not null references people(id) on delete cascade,
    name text not null,
    kind text not null,
    detail text not null,
    meetings integer not null,
    first_meeting_id integer references meetings(id) on delete set null
);
create index if not exists person_evidence_person on person_evidence(person_id);
"""

# one meeting published twice (its HTML minutes and its IRC log) (kb.knowledge.duplicates)
DUPLICATES_DDL = """
create table if not exists duplicate_meetings (
    id integer primary key,
    meeting_id integer not null unique references meetings(id) on delete cascade,
    same_as_meeting_id integer not null references meetings(id) on delete cascade,
    similarity real not null
);
"""

# an action's owners, each a person, a group or an organisation (kb.knowledge.owners)
OWNERS_DDL = """
create table if not exists action_owners (
    id integer primary key,
    action_id integer not null references actions(id) on delete cascade,
    position integer not null,
    key text not null,
    kind text not null,
    name text not null,
    person_id integer references people(id) on delete set null,
    organisation_id integer references organisations(id) on delete set null,
    written text not null
);
create index if not exists action_owners_action on action_owners(action_id);
create index if not exists action_owners_key on action_owners(key);
"""

# an action a later meeting's running text reports on: the sentence and why it counts
# (kb.knowledge.prose_reports)
ACTION_EVIDENCE_DDL = """
create table if not exists action_evidence (
    id integer primary key,
    action_id integer not null references actions(id) on delete cascade,
    meeting_id integer not null references meetings(id) on delete cascade,
    status text not null,
    text text not null,
    start integer,
    "end" integer,
    reasons text not null
);
create index if not exists action_evidence_action on action_evidence(action_id);
"""

# what kb.knowledge.refresh keeps between rebuilds: the meetings written since (kb_changes,
# filled by triggers), who each written name at each meeting was found to be (kb_names), each
# person's keys and the names the ledgers' owners were looked up by
REFRESH_DDL = """
create table if not exists kb_changes (
    id integer primary key,
    meeting_id integer not null,
    path text not null,
    new_path text
);
create table if not exists kb_names (
    meeting_id integer not null,
    people_id integer not null,
    person_id integer not null,
    kind text not null,
    key text,
    anchor_people_id integer,
    anchor_series_id integer,
    anchor_key text,
    root_people_id integer,
    root_series_id integer,
    how_kind text,
    how_detail text,
    primary key (meeting_id, people_id)
);
create index if not exists kb_names_anchor on kb_names(anchor_people_id);
create index if not exists kb_names_key on kb_names(anchor_key);
create table if not exists kb_person_keys (
    key text primary key,
    person_id integer not null
);
create table if not exists kb_ledger_lookups (
    series_id integer,
    key text not null,
    unique (series_id, key)
);
create index if not exists kb_ledger_lookups_key on kb_ledger_lookups(key);
"""
# emptied by a rebuild; kb_names has no foreign keys on purpose: the names of a deleted
# meeting must still say, at the next update, which people they were
REFRESH_TABLES: list[str] = ["kb_names", "kb_person_keys", "kb_ledger_lookups"]
REFRESH_TRIGGERS = [
    """create trigger if not exists meetings_changes_insert after insert on meetings begin
        insert into kb_changes (meeting_id, path) values (new.id, new.path); end""",
    """create trigger if not exists meetings_changes_update after update on meetings begin
        insert into kb_changes (meeting_id, path, new_path) values (old.id, old.path, new.path);
        end""",
    """create trigger if not exists meetings_changes_delete after delete on meetings begin
        insert into kb_changes (meeting_id, path) values (old.id, old.path); end""",
]

# which hand corrections the last rebuild applied (kb.knowledge.ledger)
APPLIED_DDL = """
create table if not exists applied_corrections (
    id integer primary key,
    action_id integer not null unique references actions(id) on delete cascade,
    correction_id integer not null references action_corrections(id) on delete cascade,
    status_from_notes text not null,
    closed_from_notes text
);
"""

# corrections are not derived: kept apart, never emptied (kb.knowledge.corrections)
CORRECTIONS_DDL = """
create table if not exists alias_corrections (
    id integer primary key,
    kind text not null,
    alias text not null,
    name text not null,
    alias_key text not null,
    name_key text not null,
    same integer not null,
    made_by text not null,
    made_at text not null,
    note text,
    unique (kind, alias_key, name_key)
);
create table if not exists action_corrections (
    id integer primary key,
    series_key text not null,
    ref text,
    opened text,
    text text not null,
    status text not null,
    closed text,
    made_by text not null,
    made_at text not null,
    note text
);
"""

DDL: list[str] = [KNOWLEDGE_DDL, PERSON_EVIDENCE_DDL, DUPLICATES_DDL, OWNERS_DDL, ACTION_EVIDENCE_DDL,
                  REFRESH_DDL, APPLIED_DDL, CORRECTIONS_DDL]

# emptied and refilled by a rebuild, children first
DERIVED_TABLES: list[str] = [
    "action_evidence", "applied_corrections", "action_owners", "action_mentions", "actions", "person_evidence",
    "person_organisations", "person_names", "person_redirects", "people",
    "organisation_identities", "series_meetings", "series", "duplicate_meetings",
    *REFRESH_TABLES]

# Every write to meetings bumps a counter in the same transaction, so "are the derived tables
# fresh?" reads one row instead of hashing every meeting (105 ms per `kb search` at 20,000
# notes, bench/RESULTS.md).
VERSIONING = [
    "insert or ignore into kb_state (key, value) values ('notes_version', '0')",
    """create trigger if not exists meetings_version_insert after insert on meetings begin
        update kb_state set value = cast(value as integer) + 1 where key = 'notes_version'; end""",
    """create trigger if not exists meetings_version_update after update on meetings begin
        update kb_state set value = cast(value as integer) + 1 where key = 'notes_version'; end""",
    """create trigger if not exists meetings_version_delete after delete on meetings begin
        update kb_state set value = cast(value as integer) + 1 where key = 'notes_version'; end""",
]

# A correction is a change to the knowledge: the derived tables are then stale. The notes'
# counter (VERSIONING above) is what freshness reads, so a correction bumps it too.
TRIGGERS = [
    f"""create trigger if not exists {table}_version_{op} after {op} on {table} begin
        update kb_state set value = cast(value as integer) + 1 where key = 'notes_version'; end"""
    for table in ("alias_corrections", "action_corrections")
    for op in ("insert", "update", "delete")]

# stale actions (kb.knowledge.stale): open, and not mentioned at the last N meetings
STALE_AFTER = 3
# meetings of the action's series after the last one that mentions it
SINCE = """(select count(*) from series_meetings later
             where later.series_id = a.series_id and later.position > sm.position
               and later.meeting_id not in (select meeting_id from duplicate_meetings))"""

STALE_SQL = f"""select a.id, a.series_id, s.name as series, a.ref, a.owner, a.text, a.due,
       a.opened, lm.date as last_mentioned, {SINCE} as meetings_since
    from actions a join series s on s.id = a.series_id
    join series_meetings sm on sm.meeting_id = a.last_meeting_id
    left join meetings lm on lm.id = a.last_meeting_id
    where a.status = 'open' and {SINCE} >= {{after}}"""

VIEWS: dict[str, str] = {
    # one commitment's reports and statements across meetings, in date order
    "commitment_timeline": """
        select c.id as commitment_id, c.name as commitment, m.date as meeting_date,
               m.title as meeting_title, s.name as series, 'update' as kind,
               u.speakers as speaker, u.text, u.meeting_id
        from commitment_updates u
        join commitments c on c.id = u.commitment_id
        join meetings m on m.id = u.meeting_id
        left join series_meetings sm on sm.meeting_id = m.id
        left join series s on s.id = sm.series_id
        union all
        select c.id, c.name, m.date, m.title, s.name, 'statement', st.speaker, st.text,
               st.meeting_id
        from statements st
        join commitments c on c.id = st.commitment_id
        join meetings m on m.id = st.meeting_id
        left join series_meetings sm on sm.meeting_id = m.id
        left join series s on s.id = sm.series_id""",
    "stale_actions": STALE_SQL.format(after=STALE_AFTER) + " order by a.opened, a.id",
}


def ensure_derived_shape(db: Any) -> None:
    """Create the derived and correction tables, their triggers and views if missing; safe to
    repeat. Statement by statement (not ``executescript``, which commits first), so that it
    can run inside the caller's transaction."""
    for ddl in DDL:
        for statement in ddl.split(";"):
            if statement.strip():
                db.execute(statement)
    for statement in VERSIONING + TRIGGERS + REFRESH_TRIGGERS:
        db.execute(statement)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
