"""Vocabulary: the general word lists (``lexicon``, loading ``ingest/data``, with the
organisation key ``org_key``), nicknames (``nicknames``), titles and letters after names
(``titles``), name shapes and names within one note (``name_shapes``), months and dates in text (``dates``),
where in a text a pattern can match (``stretches``) and the
keys that fold spellings (``keys``). ``kb`` takes all of these from here, so each is kept once.

May import: nothing else in ``ingest`` or ``kb``.
"""
