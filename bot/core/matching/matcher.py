"""Decide what to do with a question: answer, clarify, escalate or decline. Never guess.

decide() analyses the question, keeps only the entries consistent with every name it mentions, scores them by
TF-IDF cosine against their example questions, and then applies the named rules of rules.py in order.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence

from bot.core.matching.analysis import Analysis, analyse
from bot.core.matching.entities import EntityIndex, Mention
from bot.core.matching.index import TermIndex
from bot.core.matching.rules import RULES, Situation, nothing_fits
from bot.core.matching.text import clean
from bot.core.models import Candidate, Decision, Entry
from bot.core.thresholds import Thresholds

__all__ = ["Matcher", "Thresholds"]


def _rank(item: tuple[str, float]) -> tuple[float, str]:
    return -item[1], item[0]


class Matcher:
    """Matches questions against an answer set; build once, call decide() many times."""

    def __init__(self, entries: Sequence[Entry], index: EntityIndex, thresholds: Thresholds | None = None) -> None:
        self.entries = {e.id: e for e in entries}
        self.index = index
        self.t = thresholds or Thresholds()
        self.terms = TermIndex(entries, index)
        self._by_entity: dict[str, set[str]] = defaultdict(set)
        for e in entries:
            for ident in (*e.applies_to.providers, *e.applies_to.platforms):
                self._by_entity[ident].add(e.id)
            for plat in e.applies_to.platforms:  # the company running a platform covers it (and its parent)
                op = index.operator.get(plat)
                while op:
                    self._by_entity[op].add(e.id)
                    op = index.parent.get(op)

    def consistent(self, mentions: Sequence[Mention]) -> set[str]:
        """Return the entries consistent with every mention."""
        result: set[str] | None = None
        for m in mentions:
            ids = {e for ident in m.ids for e in self._by_entity.get(ident, ())}
            ids = {e for e in ids if self.index.satisfied(m, self.entries[e].applies_to.providers,
                                                          self.entries[e].applies_to.platforms)}
            result = ids if result is None else result & ids
        return result or set()

    def _excluded(self, a: Analysis, candidates: set[str]) -> set[str]:
        """Return the candidates a negated mention rules out ("via Vertex, not Bedrock")."""
        positive_ids = {i for m in a.positive for i in m.ids}
        positive_ids |= {op for i in positive_ids if (op := self.index.operator.get(i))}
        out = set()
        for e in candidates:
            applies = self.entries[e].applies_to
            for m in a.negated:
                ids = m.ids - positive_ids
                if ids & set(applies.platforms if m.role == "platform" else applies.providers):
                    out.add(e)
        return out

    def candidates(self, a: Analysis) -> set[str] | None:
        """Return the entries that may answer: consistent with every name asked about, minus those excluded."""
        allowed: set[str] | None = None
        if a.positive:
            allowed = self.consistent(a.positive)
        elif a.negated:
            allowed = set(self.entries)
        if allowed and a.negated:
            allowed -= self._excluded(a, allowed)
        return allowed

    def decide(self, question: str) -> Decision:
        """Return what to do with a question."""
        a = analyse(clean(question), self.index)
        allowed = self.candidates(a)
        vector = self.terms.weigh(a.terms)
        scores = self.terms.scores(vector, allowed) if vector else {}
        for e in allowed or ():
            scores.setdefault(e, 0.0)
        # With nothing named, every rule looks only at the best few (the top two, and up to max_options options
        # above the clarify floor), so rank those alone; with names, the few candidates are all ranked.
        ranked = heapq.nsmallest(self.t.max_options + 5, scores.items(), key=_rank) if allowed is None else sorted(
            scores.items(), key=_rank)
        situation = Situation(analysis=a, allowed=allowed, ranked=ranked, vector=vector, entries=self.entries,
                              index=self.terms, t=self.t)
        verdict = next((v for rule in RULES if (v := rule(situation)) is not None), None) or nothing_fits(situation)
        return Decision(question=a.text, outcome=verdict.outcome, entry_id=verdict.entry_id,
                        confidence=verdict.confidence, options=verdict.options, reason=verdict.reason,
                        candidates=tuple(Candidate(entry_id=e, score=round(sc, 3)) for e, sc in ranked[:5]),
                        providers=a.providers, platforms=a.platforms, aspects=tuple(sorted(a.aspects)))
