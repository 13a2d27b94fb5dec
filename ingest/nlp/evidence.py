"""Candidates that carry the evidence for them, and the one way their evidence is weighed.

Every rule that finds something (an attendee block, a person, a speaker line, a statement, an
action, a decision) proposes a ``Candidate`` with the evidence that fired, rather than deciding
alone. How much each kind of evidence counts is data (``data/evidence.json``); the score is a
noisy-or of the positive pieces, lowered by the pieces against, so no single rule is a gate and
one more piece of evidence (a first name the word list knows, the statistical model's PERSON
span) only adds to the rest.

>>> c = Candidate("person", 0, 8, {"name": "Ann Lee"})
>>> c.add("two_word_shape").add("reporting_subject")
Candidate(kind='person', start=0, end=8, data={'name': 'Ann Lee'}, evidence={'two_word_shape': 0.35, 'reporting_subject': 0.55})
>>> round(c.score, 3), c.accepted
(0.708, True)
>>> round(c.add("organisation_word").score, 3)
0.035
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "evidence.json"


@lru_cache(maxsize=1)
def weights() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def accept_at() -> float:
    return float(weights()["accept"])


def weight(kind: str, name: str) -> float:
    """The weight of one piece of evidence; negative for evidence against."""
    table = weights()
    if name in table.get(kind, {}):
        return float(table[kind][name])
    if name in table.get(kind + "_against", {}):
        return -float(table[kind + "_against"][name])
    raise KeyError(f"no weight for evidence {name!r} of a {kind} (data/evidence.json)")


def combine(pieces: dict[str, float]) -> float:
    """Noisy-or of the positive pieces, times (1 - w) for each piece against."""
    miss = 1.0
    against = 1.0
    for w in pieces.values():
        if w >= 0:
            miss *= 1.0 - w
        else:
            against *= 1.0 + w
    return (1.0 - miss) * against


@dataclass
class Candidate:
    """Something a rule proposes, with the evidence that fired (name -> weight)."""

    kind: str
    start: int
    end: int
    data: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, share: float = 1.0) -> "Candidate":
        """Add a piece of evidence, scaled by ``share`` (e.g. the share of entries that fit)."""
        w = weight(self.kind, name) * share
        if w:
            self.evidence[name] = round(w, 4)
        return self

    @property
    def score(self) -> float:
        return combine(self.evidence)

    @property
    def accepted(self) -> bool:
        return self.score >= accept_at()


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """The accepted candidates that do not overlap a better one, in text order.

    >>> a = Candidate("attendee_block", 0, 50, evidence={"x": 0.6})
    >>> b = Candidate("attendee_block", 40, 90, evidence={"x": 0.9})
    >>> [(c.start, c.end) for c in resolve([a, b])]
    [(40, 90)]
    """
    taken: list[Candidate] = []
    for c in sorted((c for c in candidates if c.accepted), key=lambda c: (-c.score, c.start)):
        if not any(c.start < t.end and t.start < c.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)
