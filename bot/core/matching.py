"""Decide what to do with a question: answer, clarify, escalate or decline. Never guess."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel, Field

from bot.core.entities import EntityIndex, Mention
from bot.core.models import Candidate, Decision, Entry, Outcome
from bot.core.text import (
    STOPWORDS,
    aspects_of,
    clean,
    normalise,
    off_topic_strength,
    privacy_strength,
)


class Thresholds(BaseModel):
    """Tunable decision thresholds; defaults chosen on tests/eval (see README)."""

    min_privacy: float = Field(default=0.8, description="Privacy strength needed to treat a question as ours.")
    answer_score: float = Field(default=0.35, description="Text score an entry needs to be answered alone.")
    unnamed_answer_score: float = Field(
        default=0.62, description="Text score needed to answer a question that names no provider or platform."
    )
    margin: float = Field(default=0.12, description="Lead over the runner-up needed to answer.")
    clarify_score: float = Field(default=0.2, description="Text score an entry needs to be offered.")
    max_options: int = Field(default=5, description="Most options offered when clarifying.")


@dataclass
class _Doc:
    entry_id: str
    vec: dict[str, float]


@dataclass
class _Prepared:
    words: list[str]
    mentions: list[Mention]
    terms: list[str]
    aspects: dict[str, float]
    privacy: float
    off_topic: float
    providers: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    extra: dict[str, float] = field(default_factory=dict)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


class Matcher:
    """Matches questions against an answer set; build once, call decide() many times."""

    def __init__(self, entries: Sequence[Entry], index: EntityIndex, thresholds: Thresholds | None = None):
        self.entries = {e.id: e for e in entries}
        self.index = index
        self.t = thresholds or Thresholds()
        self._by_entity: dict[str, set[str]] = defaultdict(set)
        for e in entries:
            for ident in (*e.applies_to.providers, *e.applies_to.platforms):
                self._by_entity[ident].add(e.id)
            for plat in e.applies_to.platforms:
                op = index.operator.get(plat)
                if op:
                    self._by_entity[op].add(e.id)
        raw: list[tuple[str, Counter[str]]] = []
        for e in entries:
            for q in (*e.questions, e.title):
                raw.append((e.id, Counter(self._prepare(q, full=False).terms)))
        df: Counter[str] = Counter()
        for _, terms in raw:
            df.update(set(terms))
        n = max(len(raw), 1)
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._default_idf = math.log(1 + n)
        self._docs: list[_Doc] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._entry_docs: dict[str, list[int]] = defaultdict(list)
        for entry_id, terms in raw:
            vec = self._vector(terms)
            idx = len(self._docs)
            self._docs.append(_Doc(entry_id, vec))
            self._entry_docs[entry_id].append(idx)
            for t in vec:
                self._postings[t].append(idx)
        self._common = max(50, n // 10)

    # -- text ------------------------------------------------------------------------------
    def _prepare(self, question: str, *, full: bool = True) -> _Prepared:
        words = normalise(question).split()
        mentions, rest = self.index.find(words)
        terms: list[str] = []
        for m in mentions:
            terms.extend(f"@{i}" for i in sorted(m.ids))
        for word in rest:
            if word in STOPWORDS:
                continue
            terms.append(_stem(word))
        aspects = aspects_of(rest)
        terms.extend(f"#{a}" for a in aspects)
        if not full:
            return _Prepared(words, mentions, terms, aspects, 0.0, 0.0)
        providers = sorted({i for m in mentions if m.role != "platform" for i in m.ids})
        platforms = sorted({i for m in mentions if m.role == "platform" for i in m.ids})
        return _Prepared(words, mentions, terms, aspects, privacy_strength(rest), off_topic_strength(rest),
                         tuple(providers), tuple(platforms))

    def _vector(self, terms: Iterable[str]) -> dict[str, float]:
        counts = Counter(terms)
        vec = {t: (1 + math.log(c)) * self._idf.get(t, self._default_idf) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def _scores(self, vec: dict[str, float], allowed: set[str] | None) -> dict[str, float]:
        """Return the best cosine per entry, over the entry's example questions and title."""
        best: dict[str, float] = {}
        if allowed is not None and len(allowed) * 12 < len(self._docs) // 4:
            doc_ids: Iterable[int] = (d for e in allowed for d in self._entry_docs[e])
        else:
            seen: set[int] = set()
            for term in sorted(vec, key=lambda t: len(self._postings.get(t, ()))):
                posting = self._postings.get(term, [])
                if len(posting) > self._common and seen:
                    break
                seen.update(posting)
            doc_ids = seen
        for d in doc_ids:
            doc = self._docs[d]
            if allowed is not None and doc.entry_id not in allowed:
                continue
            score = sum(w * doc.vec.get(t, 0.0) for t, w in vec.items())
            if score > best.get(doc.entry_id, 0.0):
                best[doc.entry_id] = score
        return best

    # -- decision --------------------------------------------------------------------------
    def consistent(self, mentions: Sequence[Mention]) -> set[str]:
        """Return the entries consistent with every mention."""
        result: set[str] | None = None
        for m in mentions:
            ids: set[str] = set()
            for ident in m.ids:
                ids |= self._by_entity.get(ident, set())
            ids = {
                e for e in ids
                if self.index.satisfied(m, self.entries[e].applies_to.providers,
                                        self.entries[e].applies_to.platforms)
            }
            result = ids if result is None else result & ids
        return result or set()

    def decide(self, question: str) -> Decision:
        """Return what to do with a question."""
        text = clean(question)
        p = self._prepare(text)
        vec = self._vector(p.terms)
        named = bool(p.mentions)
        allowed = self.consistent(p.mentions) if named else None
        scores = self._scores(vec, allowed) if vec else {}
        if named and allowed:
            for e in allowed:
                scores.setdefault(e, 0.0)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        candidates = tuple(Candidate(entry_id=e, score=round(s, 3)) for e, s in ranked[:5])
        base = {
            "question": text,
            "candidates": candidates,
            "providers": p.providers,
            "platforms": p.platforms,
            "aspects": tuple(sorted(p.aspects)),
        }
        top = ranked[0][1] if ranked else 0.0
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        strong_text = top >= self.t.unnamed_answer_score and top - second >= self.t.margin
        if not self._is_privacy(p, strong_text):
            return Decision(outcome=Outcome.DECLINE, reason=self._decline_reason(p), **base)
        if named and not allowed:
            names = ", ".join(m.text for m in p.mentions)
            return Decision(outcome=Outcome.ESCALATE, reason=f"no curated answer covers {names} together",
                            **base)
        if named and len(ranked) == 1:
            entry_id, score = ranked[0]
            return Decision(outcome=Outcome.ANSWER, entry_id=entry_id, confidence=round(0.7 + 0.3 * score, 3),
                            reason="the only entry that fits every provider and platform named", **base)
        threshold = self.t.answer_score if named else self.t.unnamed_answer_score
        if top >= threshold and top - second >= self.t.margin:
            return Decision(outcome=Outcome.ANSWER, entry_id=ranked[0][0],
                            confidence=round(min(1.0, 0.5 + top / 2 + (top - second)), 3),
                            reason="clearly the best fit", **base)
        options = [e for e, s in ranked if named or s >= self.t.clarify_score][: self.t.max_options]
        if len(options) >= 2:
            return Decision(outcome=Outcome.CLARIFY, options=tuple(options), confidence=round(top, 3),
                            reason="several entries fit; the question does not say which product", **base)
        if len(options) == 1 and named:
            return Decision(outcome=Outcome.ANSWER, entry_id=options[0], confidence=round(0.5 + top / 2, 3),
                            reason="the only entry that fits", **base)
        return Decision(outcome=Outcome.ESCALATE, confidence=round(top, 3),
                        reason="a privacy question that no curated entry answers with confidence", **base)

    def _is_privacy(self, p: _Prepared, strong_text: bool) -> bool:
        if p.off_topic > 0 and p.privacy < p.off_topic + self.t.min_privacy:
            return False
        if p.privacy >= self.t.min_privacy:
            return True
        return strong_text or (bool(p.mentions) and p.privacy > 0 and p.off_topic == 0)

    @staticmethod
    def _decline_reason(p: _Prepared) -> str:
        if p.off_topic:
            return "this reads as an operational question (quota, errors, billing, setup), not data privacy"
        return "this does not read as a data-privacy question about an AI vendor or platform"


def question_terms(matcher: Matcher, question: str) -> list[str]:
    """Return the canonical terms the matcher sees in a question (for debugging and tests)."""
    return matcher._prepare(normalise(question)).terms
