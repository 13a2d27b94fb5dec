"""Rules: from a note's lines and spaCy doc to records. Lines and headings (``structure``,
``tables``), attendee-list layouts as data (``attendance``, ``entries``), people and
organisations (``note_people``, ``orgs``), speaker lines and reported speech (``speech``), units
and their interpretations (``walker``, ``unit_rules``, ``item_rules``, ``actions``),
commitments and the meeting's title and date (``commitment_mentions``, ``meta``).

May import: ``ingest.records``, ``ingest.vocabulary``, ``ingest.reading`` (the light text's
markers), ``ingest.nlp`` and this room; never ``ingest.parser`` or ``kb``.
"""
