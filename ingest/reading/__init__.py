"""Reading: a note file to its text and units. Bytes are decoded (``decoding``), each format read
by a maintained parser where one exists (``md_reader``, ``html_reader``, ``rst_reader``,
``formats`` for .docx and .pdf, ``irc`` and ``meetbot`` for chat logs) into one light text
(``lighttext``); ``loader`` picks the reader by suffix and content.

May import: ``ingest.records``, ``ingest.vocabulary`` and this room; never spaCy or the rules.
"""
