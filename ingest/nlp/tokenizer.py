"""spaCy's tokenizer, with its cache of chunks kept full: a word seen before costs a lookup.

spaCy cuts a text at whitespace into chunks, splits each chunk into tokens (prefixes, suffixes,
infixes, special cases) and caches the split by the chunk's hash. But spaCy 3.8 caches a chunk
only while no special case has been met *earlier in the same text*: one flag for the whole text,
never reset (explosion/spaCy#13950). A line break is a special case, so in a note almost nothing
after its first line was ever cached: every chunk was split afresh at every note, and tokenizing
was a quarter of a parse (bench/RESULTS.md).

``NoteTokenizer`` first tokenizes each chunk it has not met before on its own, where that flag
starts clear: spaCy caches the chunk's split as it would with the flag reset at each chunk (one
holding a special case of its own is still left out, as spaCy means to). Then spaCy tokenizes
the whole text as before and finds its chunks cached. The tokens are the same
(tests/test_tokenizer.py compares them over the corpus and random texts); a new chunk costs one
more small call, and a note whose words are known is tokenized in a fifth of the time.

>>> import spacy
>>> tokenizer = NoteTokenizer(spacy.blank("en").tokenizer)
>>> doc = tokenizer("Ann's note:\\n(Acme) can't come, e.g. today.")
>>> [t.text for t in doc]
['Ann', "'s", 'note', ':', '\\n', '(', 'Acme', ')', 'ca', "n't", 'come', ',', 'e.g.', 'today', '.']
>>> text_of(doc) == doc.text, len(tokenizer.seen)
(True, 7)
"""
from __future__ import annotations

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

# distinct chunks whose splits are kept: ten times spaCy's default (10,000), which a few hundred
# notes fill. Each costs some 100 bytes here and in spaCy's cache. Once this many are kept
# (checked before each text, so a text's own new chunks may run past it), new chunks are
# tokenized as spaCy alone would, uncached, and memory stays flat however long the import.
MAX_CHUNKS = 100_000


class NoteTokenizer:
    """spaCy's ``tokenizer``, its cache filled chunk by chunk, leaving the text it was given on
    the Doc (``text_of``)."""

    def __init__(self, tokenizer: Tokenizer, max_chunks: int = MAX_CHUNKS) -> None:
        self.tokenizer = tokenizer
        self.max_chunks = max_chunks
        tokenizer.max_cache_size = max(tokenizer.max_cache_size, max_chunks)
        # chunks tokenized alone: cached by spaCy, unless special (or spaCy's cache was full,
        # flushed or in a memory zone, which kb never does: then only slower, never different)
        self.seen: set[str] = set()

    def __call__(self, text: str) -> Doc:
        if len(self.seen) < self.max_chunks:
            # str.split cuts where spaCy cuts (at runs of whitespace, both by str.isspace);
            # the runs themselves, a few kinds in all, are tokenized as before
            new = set(text.split())
            new.difference_update(self.seen)
            for chunk in new:
                self.tokenizer(chunk)
            self.seen.update(new)
        doc = self.tokenizer(text)
        doc.user_data["kb_text"] = text
        return doc


def text_of(doc: Doc) -> str:
    """``doc.text``, without joining every token again where the tokenizer kept the text (its
    tokens always add up to the text they were cut from): a fortieth of a parse."""
    return doc.user_data.get("kb_text") or doc.text
