"""Vocabulary: the general word lists (``lexicon``, loading ``ingest/data``), name and
organisation normalisers, titles, nicknames (``names``) and dates in text (``dates``).
``kb`` takes all of these from here, so each is kept once.

May import: nothing else in ``ingest`` or ``kb``.
"""
