"""The SQLite schema of the knowledge base, as data, and the one function that applies it.

Every table has an integer ``id`` primary key (so FTS rowids and Datasette links are stable;
kb.storage.ids decides the ids, so that they never move or get reused).
Extracted rows carry ``start``/``end``: character offsets into ``meetings.text``.

>>> from sqlite_utils import Database
>>> db = Database(memory=True)
>>> len(ensure_db_shape(db)) == len(TABLES)
True
>>> ensure_db_shape(db)  # idempotent
[]
>>> sorted(t for t in TABLES if db[t].exists()) == sorted(TABLES)
True
>>> "statements_fts" in db.table_names()
True
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from kb.storage import derived, search_queue
from kb.storage.ids import DDL as IDS_DDL, ensure_ids_shape

if TYPE_CHECKING:  # sqlite-utils is slow to import; read-only commands do without it
    from sqlite_utils import Database

# table -> {"columns": {name: type}, "not_null": [...], "unique": [(cols...)]}. Creation order
# matters: a table's foreign keys must point at tables created before it.
TABLES: dict[str, dict[str, Any]] = {
    "meetings": {
        "columns": {
            "id": int,
            "path": str,  # identity: the note's path relative to the database's folder
            "source": str,  # the path as given to the parser
            "series": str,  # the folder the note sits in, e.g. "icat-monthly"
            "title": str,
            "date": str,
            "format": str,
            "next_meeting": str,
            "text": str,
            "content_hash": str,  # sha256 of the parsed plain text
            "record_hash": str,  # sha256 of everything extracted: decides "unchanged"
            "file_hash": str,  # sha256 of the raw file bytes: lets re-import skip parsing
            "parser_version": str,  # fingerprint of the ingest code that did the parse
            "imported_at": str,
        },
        "not_null": ["path", "source", "text", "content_hash", "record_hash"],
        "unique": [("path",)],
    },
    "names": {"columns": {"id": int, "name": str}, "not_null": ["name"], "unique": [("name",)]},
    "organisations": {
        "columns": {"id": int, "name": str, "acronym": str, "parent_id": int},
        "not_null": ["name"],
        "unique": [("name",)],
    },
    "commitments": {
        # `key` is the normalised name, so "Open contracting " and "Open Contracting" are one
        "columns": {"id": int, "name": str, "key": str},
        "not_null": ["name", "key"],
        "unique": [("key",)],
    },
    "attendance": {
        "columns": {"id": int, "meeting_id": int, "person_id": int, "organisation_id": int,
                    "role": str, "status": str, "start": int, "end": int},
        "not_null": ["meeting_id", "person_id", "status"],
    },
    "meeting_names": {
        "columns": {"id": int, "meeting_id": int, "person_id": int, "organisation_id": int,
                    "role": str, "aliases": str, "start": int, "end": int},
        "not_null": ["meeting_id", "person_id"],
    },
    "meeting_organisations": {
        "columns": {"id": int, "meeting_id": int, "organisation_id": int, "start": int,
                    "end": int},
        "not_null": ["meeting_id", "organisation_id"],
    },
    "commitment_updates": {
        "columns": {"id": int, "meeting_id": int, "commitment_id": int, "speakers": str,
                    "text": str, "start": int, "end": int},
        "not_null": ["meeting_id", "commitment_id"],
    },
    "statements": {
        # section: the agenda item (parent list item) or heading the words were said under
        "columns": {"id": int, "meeting_id": int, "speaker": str, "person_id": int,
                    "organisation_id": int, "commitment_id": int, "text": str, "section": str,
                    "start": int, "end": int},
        "not_null": ["meeting_id", "speaker", "text"],
    },
    "action_items": {
        # kind "new": set at this meeting; kind "update": reports on an earlier item
        "columns": {"id": int, "meeting_id": int, "kind": str, "owner": str, "person_id": int,
                    "text": str, "due": str, "ref": str, "status": str, "section": str,
                    "start": int, "end": int},
        "not_null": ["meeting_id", "kind", "text", "status"],
    },
    "decisions": {
        "columns": {"id": int, "meeting_id": int, "text": str, "section": str, "start": int,
                    "end": int},
        "not_null": ["meeting_id", "text"],
    },
    # one row per statement, commitment update, action item and decision: what kb.knowledge.search
    # searches (kb.storage.search_index fills it in the note's transaction)
    "search_items": {
        "columns": {"id": int, "meeting_id": int, "kind": str, "item_id": int, "date": str,
                    "speaker": str, "people_id": int, "organisation_id": int,
                    "commitment_id": int, "status": str, "section": str, "topic": str,
                    "text": str, "terms": str, "start": int},
        "not_null": ["meeting_id", "kind", "item_id", "text"],
    },
}

# table -> [(column, other_table, other_column)]
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    # "Government Digital Service" -> "Cabinet Office"
    "organisations": [("parent_id", "organisations", "id")],
    "attendance": [("meeting_id", "meetings", "id"), ("person_id", "names", "id"),
                   ("organisation_id", "organisations", "id")],
    "meeting_names": [("meeting_id", "meetings", "id"), ("person_id", "names", "id"),
                       ("organisation_id", "organisations", "id")],
    "meeting_organisations": [("meeting_id", "meetings", "id"),
                              ("organisation_id", "organisations", "id")],
    "commitment_updates": [("meeting_id", "meetings", "id"),
                           ("commitment_id", "commitments", "id")],
    "statements": [("meeting_id", "meetings", "id"), ("person_id", "names", "id"),
                   ("organisation_id", "organisations", "id"),
                   ("commitment_id", "commitments", "id")],
    "action_items": [("meeting_id", "meetings", "id"), ("person_id", "names", "id")],
    "decisions": [("meeting_id", "meetings", "id")],
    "search_items": [("meeting_id", "meetings", "id"), ("people_id", "names", "id"),
                     ("organisation_id", "organisations", "id"),
                     ("commitment_id", "commitments", "id")],
}

# Tables whose rows belong to one meeting: deleted and re-inserted when a note changes.
MEETING_CHILD_TABLES: list[str] = [t for t, fks in FOREIGN_KEYS.items()
                                   if ("meeting_id", "meetings", "id") in fks]

# table -> columns indexed by FTS5 (sqlite-utils names the index table "<table>_fts"; kb's
# triggers queue each new row for it, kb.storage.search_queue)
FTS_CONFIG: dict[str, list[str]] = {
    "meetings": ["title", "text"],
    "statements": ["text"],
    "action_items": ["text"],
    "commitment_updates": ["text"],
    "decisions": ["text"],
    # the agenda item and the commitment's name count as an item's words; terms holds the
    # parts of words like "v22" (kb.storage.search_index.index_terms)
    "search_items": ["text", "section", "topic", "terms"],
}
# porter stemming: a search for "publish" should find "published"
FTS_TOKENIZE = "porter"
# bm25 weights of search_items_fts's columns: the words said count most, their agenda item
# and commitment less, the parts of mixed words least
SEARCH_RANK = "bm25(10.0, 3.0, 3.0, 1.0)"
# other indexes: column lists, by table
INDEXES: dict[str, list[list[str]]] = {
    "search_items": [["date"]],  # the feed's newest-first
    # a person's rows are found through person_names (meeting, name as written): with an
    # index on the name alone, each lookup read that name's rows in every meeting (the people
    # page took 190 s at 20,000 notes)
    "statements": [["meeting_id", "person_id"]],
    "action_items": [["meeting_id", "person_id"]],
    "attendance": [["meeting_id", "person_id"]],
}
# each foreign key column's own index (deleting a changed meeting's rows finds them by
# meeting_id), unless an index above starts with the column and so serves the same lookups:
# three such indexes cost every note's transaction three more B-trees to write
FK_INDEXES: dict[str, list[str]] = {
    table: [column for column, _, _ in keys
            if not any(columns[0] == column for columns in INDEXES.get(table, []))]
    for table, keys in FOREIGN_KEYS.items()
}

VIEWS: dict[str, str] = {
    "meeting_statements": """
        select s.id, m.date as meeting_date, m.title as meeting_title, m.series,
               s.speaker, o.name as organisation, c.name as commitment, s.text,
               s.meeting_id
        from statements s
        join meetings m on m.id = s.meeting_id
        left join organisations o on o.id = s.organisation_id
        left join commitments c on c.id = s.commitment_id
        order by m.date, s.start""",
    "action_item_ledger": """
        select a.id, m.date as meeting_date, m.title as meeting_title, m.series, a.kind,
               a.ref, a.owner, a.text, a.due, a.status, a.meeting_id
        from action_items a
        join meetings m on m.id = a.meeting_id
        order by m.date, a.start""",
    "person_attendance": """
        select p.name as person, m.date as meeting_date, m.title as meeting_title, m.series,
               o.name as organisation, at.role, at.status, at.meeting_id, at.person_id
        from attendance at
        join names p on p.id = at.person_id
        join meetings m on m.id = at.meeting_id
        left join organisations o on o.id = at.organisation_id
        order by p.name, m.date""",
}


def shape_fingerprint() -> str:
    """A hash of the schema (this module's and kb.storage.derived's), recorded in ``kb_state`` when
    it is applied: a reader sees at once whether the database has the shape it expects."""
    from kb.storage.search_index import SEARCH_INDEX_VERSION

    text = repr((TABLES, FOREIGN_KEYS, FK_INDEXES, FTS_CONFIG, FTS_TOKENIZE, SEARCH_RANK, INDEXES, VIEWS,
                 derived.DDL, derived.VERSIONING, derived.TRIGGERS, derived.REFRESH_TRIGGERS, derived.VIEWS, IDS_DDL,
                 SEARCH_INDEX_VERSION, search_queue.QUEUE_DDL,
                 [search_queue.trigger_sql(t, c) for t, c in FTS_CONFIG.items()]))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# Issue 13 gave the identity tables clear names: a table of an older database -> its name now.
# In this order: `people` must be out of the way before `persons` takes its name.
RENAMED_TABLES: list[tuple[str, str]] = [
    ("people", "names"),  # each distinct name as notes write it
    ("meeting_people", "meeting_names"),  # a name as one meeting gives it
    ("persons", "people"),  # the real person across notes (derived)
]


def rename_old_tables(db: Database) -> bool:
    """Bring a database made before the rename (it still has ``meeting_people``) to today's
    table names, keeping every row; returns whether it did. Run inside the caller's
    transaction, before the tables are created, so that no empty ``names`` is made beside
    the old ``people``.

    SQLite's ALTER TABLE RENAME (legacy_alter_table off) rewrites the foreign keys of the other
    tables, so ``person_names`` and the rest follow; the views are made again by
    ``ensure_db_shape``. kb_ids' kinds and high-water marks are keyed by table name, so they
    are renamed too: every name and person keeps its id (and its address).
    """
    tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
    if "meeting_people" not in tables or "meeting_names" in tables:
        return False
    db.execute("PRAGMA legacy_alter_table = OFF")
    # a view over an old table would stop the rename (and is made again below anyway)
    for (view,) in db.execute("select name from sqlite_master where type = 'view'").fetchall():
        db.execute(f'drop view "{view}"')
    for old, new in RENAMED_TABLES:
        if old not in tables:
            continue
        # sqlite-utils names indexes after their table: drop the old ones, made again below
        for (index,) in db.execute("select name from sqlite_master where type = 'index' and "
                                   "tbl_name = ? and name like ?", [old, f"idx_{old}_%"]).fetchall():
            db.execute(f'drop index "{index}"')
        db.execute(f'alter table "{old}" rename to "{new}"')
        if "kb_ids" in tables:
            db.execute("update kb_ids set kind = ? where kind = ?", [new, old])
            db.execute("update kb_ids set key = ? where kind = 'high-water' and key = ?", [new, old])
    return True


def ensure_db_shape(db: Database) -> list[str]:
    """Create whatever tables, columns, indexes, FTS indexes and views are missing; safe to
    repeat. Returns the tables it created.

    Existing data is never touched; a table made by an earlier kb gains the columns added
    since (they are empty until its notes are imported again).
    """
    rename_old_tables(db)
    created = []
    for name, spec in TABLES.items():
        table = db[name]
        if not table.exists():
            created.append(name)
        table.create(spec["columns"], pk="id", not_null=spec.get("not_null", []),
                     foreign_keys=FOREIGN_KEYS.get(name, []), if_not_exists=True)
        for column, kind in spec["columns"].items():
            if column not in table.columns_dict:
                table.add_column(column, kind)
        for columns in spec.get("unique", []):
            table.create_index(columns, unique=True, if_not_exists=True)
        for column in FK_INDEXES.get(name, []):
            table.create_index([column], if_not_exists=True)
        for columns in INDEXES.get(name, []):
            table.create_index(columns, if_not_exists=True)
        for column, _, _ in FOREIGN_KEYS.get(name, []):
            if column not in FK_INDEXES[name]:  # an earlier kb made it; an index above serves
                db.execute(f'drop index if exists "idx_{name}_{column}"')
    for name, columns in FTS_CONFIG.items():
        # replace=True is a no-op when the index already has this shape
        db[name].enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZE,
                            replace=True)
    search_queue.ensure_queue_shape(db, FTS_CONFIG)
    rank = db.execute("select v from search_items_fts_config where k = 'rank'").fetchone()
    if rank is None or rank[0] != SEARCH_RANK:
        db.execute("insert into search_items_fts (search_items_fts, rank) values ('rank', ?)",
                   [SEARCH_RANK])
    ensure_ids_shape(db)
    # the tables derived across meetings (kb.knowledge) live beside the notes' own
    derived.ensure_derived_shape(db)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
    return created
