"""Storage: the SQLite schema as data (``schema``), saving and deleting one note's records in
one transaction (``store``), stable ids (``ids``) and the rows of the search index
(``search_index``).

May import: ``ingest`` (its records) and this room. Never ``kb.knowledge``, ``kb.site``,
``kb.export`` or the command line.
"""
