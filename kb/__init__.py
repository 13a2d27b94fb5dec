"""kb: store parsed meeting notes in SQLite and browse them with Datasette.

- ``kb.storage.schema``: the tables, foreign keys, full-text indexes and views, as data
- ``kb.storage.store``: ``open_db`` and ``save_meeting`` (idempotent, one transaction per note)
- ``kb.importer``: find note files and import them, reporting failures
- ``kb.site.serve``: the Datasette site (metadata, app, server)
- ``kb.bundled``: where metadata.yml and the sample notes are, in a checkout or an install
- ``kb.cli``: the ``kb`` command
"""
