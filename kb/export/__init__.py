"""Exports of the knowledge base for other tools: Popolo JSON (``popolo``).

May import: ``kb.knowledge``, ``kb.storage``. Never ``kb.site`` or the command line.
"""
