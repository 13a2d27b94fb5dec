"""The spaCy side: the blank English pipeline with kb's components (``pipeline``) and its
tokenizer, which keeps spaCy's cache of chunks full (``tokenizer``), the person
finder that proposes names with their evidence into ``doc.spans`` (``person_finder``), scored
candidates and their resolution (``evidence``), the one Matcher of both components' token
patterns (``shapes``) with the stretches of a doc it is run over (``windows``), and the optional
statistical model (``model``).

May import: ``ingest.vocabulary``, ``ingest.records`` and this room; never the rules or readers.
"""
