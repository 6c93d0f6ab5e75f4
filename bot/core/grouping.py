"""Group similar questions for the curators' report (pure: rapidfuzz over normalised text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY

SIMILAR = 72.0  # token_set_ratio over content words at or above which two questions count as the same


@dataclass
class QuestionGroup:
    """Questions that ask the same thing: a representative, how many, and when last."""

    example: str
    count: int = 0
    last_asked: dt.datetime | None = None
    outcomes: dict[str, int] = field(default_factory=dict)


def _key(text: str) -> str:
    return " ".join(w for w in normalise(text).split() if w not in VOCABULARY.stopwords)


def group_questions(rows: Sequence[tuple[str, dt.datetime, str]], threshold: float = SIMILAR) -> list[QuestionGroup]:
    """Return groups of similar questions, largest first; rows are (text, asked at, outcome)."""
    groups: list[QuestionGroup] = []
    keys: list[str] = []
    for text, asked, outcome in sorted(rows, key=lambda r: r[1]):
        key = _key(text)
        best, best_score = -1, 0.0
        for i, other in enumerate(keys):
            score = fuzz.token_set_ratio(key, other) if key and other else (100.0 if key == other else 0.0)
            if score > best_score:
                best, best_score = i, score
        if best < 0 or best_score < threshold:
            groups.append(QuestionGroup(example=text))
            keys.append(key)
            best = len(groups) - 1
        group = groups[best]
        group.count += 1
        group.last_asked = asked if group.last_asked is None or asked > group.last_asked else group.last_asked
        group.outcomes[outcome] = group.outcomes.get(outcome, 0) + 1
    return sorted(groups, key=lambda g: (-g.count, g.example))
