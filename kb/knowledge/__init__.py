"""Knowledge across meetings, derived from the stored notes: series, people and their aliases,
organisations, commitments, the action ledger with owners and status, corrections made by
hand, and the read-only queries and search over all of it.

``rebuild`` recomputes the derived tables; ``reading`` opens a database for the read-only
commands; ``queries`` and ``search`` answer them.

May import: ``ingest`` (its vocabulary), ``kb.storage`` and this room. Never ``kb.site``,
``kb.export`` or the command line.
"""
