"""Decide what to do with a question: answer, clarify, escalate or decline. Never guess."""

from __future__ import annotations

import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat

from pydantic import BaseModel, Field

from bot.core.matching.entities import EntityIndex, FoundAliases, Mention
from bot.core.matching.text import (
    ASPECTS,
    OFF_TOPIC_WORDS,
    PRIVACY_WORDS,
    STOPWORDS,
    WEAK_PRIVACY_WORDS,
    aspects_of,
    clean,
    normalise,
    normalise_many,
    off_topic_strength,
    privacy_strength,
)
from bot.core.models import Candidate, Decision, Entry, Outcome


class Thresholds(BaseModel):
    """Tunable decision thresholds; defaults chosen on tests/eval (see README)."""

    min_privacy: float = Field(default=0.8, description="Privacy strength needed to treat a question as ours.")
    min_privacy_named: float = Field(
        default=0.5, description="Privacy strength needed when the question names a provider or platform.")
    answer_score: float = Field(default=0.35, description="Text score an entry needs to be answered alone.")
    unnamed_answer_score: float = Field(
        default=0.62, description="Text score needed to answer a question that names no provider or platform."
    )
    margin: float = Field(default=0.12, description="Lead over the runner-up needed when a platform is named.")
    strict_margin: float = Field(
        default=0.25, description="Lead needed when only a provider or model is named, or nothing at all.")
    specific_margin: float = Field(
        default=0.1, description="Lead needed on product-specific words (not generic privacy words) to answer.")
    clarify_score: float = Field(
        default=0.35, description="Text score an entry needs to be offered when the question names no product.")
    max_options: int = Field(default=5, description="Most options offered when clarifying.")


@dataclass
class _Doc:
    entry_id: str
    vec: dict[str, float]


@dataclass
class _Prepared:
    mentions: list[Mention]
    terms: list[str]
    aspects: dict[str, float]
    privacy: float
    off_topic: float
    providers: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()


# Words that say a question is about privacy but not which product: they must not decide between entries.
_GENERIC = PRIVACY_WORDS | WEAK_PRIVACY_WORDS | frozenset(
    w for vocab in ASPECTS.values() for w in vocab) | OFF_TOPIC_WORDS | frozenset(
    "ok okay fine allowed allow can use using used company our work internal".split())


def _specific(vec: dict[str, float]) -> dict[str, float]:
    return {t: w for t, w in vec.items() if t[0] not in "~#@"}


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


ExampleTerms = Sequence[Sequence[str]]
"""The index terms of one entry's example questions, then of its title."""


class TermExtractor:
    """Turns example questions into index terms; the Matcher and the loader's worker processes share it."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index
        self._word_terms: dict[str, tuple[str, ...]] = {}

    def entry_terms(self, entries: Sequence[Entry]) -> list[list[list[str]]]:
        """Return, per entry, the terms of each example question and then of its title."""
        texts = [q for e in entries for q in (*e.questions, e.title)]
        docs = [self.doc_terms(words) for words in normalise_many(texts)]
        out: list[list[list[str]]] = []
        start = 0
        for e in entries:
            end = start + len(e.questions) + 1
            out.append(docs[start:end])
            start = end
        return out

    def _word(self, word: str) -> tuple[str, ...]:
        """Return the terms one leftover word contributes (cached: the same words recur everywhere)."""
        terms = self._word_terms.get(word)
        if terms is None:
            out: list[str] = []
            if word not in STOPWORDS:
                out.append(_stem(word) if word not in _GENERIC else f"~{word}")
            out.extend(f"#{a}" for a in aspects_of([word]))
            terms = self._word_terms[word] = tuple(out)
        return terms

    def doc_terms(self, words: list[str]) -> list[str]:
        """Return the terms of an example question."""
        found, rest = self.index.scan(words)
        return self.terms(found, rest, self.api_platforms(found, ()) if "api" in rest else [])

    def api_platforms(self, found: FoundAliases, negated: Sequence[bool]) -> list[str]:
        """Return the platforms meant by a bare "API" next to a provider ("Anthropic's API"), if one applies."""
        aliases = [a for k, (_, _, group) in enumerate(found) for a in group if not (negated and negated[k])]
        if any(a.role == "platform" for _, _, group in found for a in group):
            return []
        return [p for a in aliases for i in sorted(a.ids) if (p := self.index.api_platform.get(i))]

    def terms(self, found: FoundAliases, rest: list[str], api: Sequence[str]) -> list[str]:
        """Return the index terms of scanned words: names, leftover words (stemmed), aspects, "the API"."""
        terms = [t for _, _, aliases in found for a in aliases for t in a.terms]
        seen_aspects: set[str] = set()
        word_terms = self._word_terms
        for word in rest:
            cached = word_terms.get(word)
            for t in cached if cached is not None else self._word(word):
                if t[0] == "#":
                    if t in seen_aspects:
                        continue
                    seen_aspects.add(t)
                terms.append(t)
        if "api" in rest:
            terms.extend(f"@{p}" for p in api)
        return terms


class Matcher:
    """Matches questions against an answer set; build once, call decide() many times."""

    def __init__(self, entries: Sequence[Entry], index: EntityIndex, thresholds: Thresholds | None = None,
                 *, terms: Sequence[ExampleTerms] | None = None):
        """Build the index; terms, when given, are TermExtractor(index).entry_terms(entries), computed elsewhere."""
        self.entries = {e.id: e for e in entries}
        self.index = index
        self.t = thresholds or Thresholds()
        self._by_entity: dict[str, set[str]] = defaultdict(set)
        for e in entries:
            for ident in (*e.applies_to.providers, *e.applies_to.platforms):
                self._by_entity[ident].add(e.id)
            for plat in e.applies_to.platforms:
                op = index.operator.get(plat)
                while op:
                    self._by_entity[op].add(e.id)
                    op = index.parent.get(op)
        self._extractor = TermExtractor(index)
        if terms is None:
            terms = self._extractor.entry_terms(entries)
        elif len(terms) != len(entries) or any(
                len(t) != len(e.questions) + 1 for e, t in zip(entries, terms, strict=True)):
            raise ValueError("terms must hold one list per example question and title of each entry")
        owners = [e.id for e, entry_terms in zip(entries, terms, strict=True) for _ in entry_terms]
        docs_terms = [doc for entry_terms in terms for doc in entry_terms]
        n = max(len(docs_terms), 1)
        # Each example's distinct terms in first-occurrence order: the order its vector's norm is summed in.
        df = Counter(chain.from_iterable(map(dict.fromkeys, docs_terms)))
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._default_idf = math.log(1 + n)
        idf = self._idf
        weight, mul, div, sqrt = idf.__getitem__, operator.mul, operator.truediv, math.sqrt
        vecs: list[dict[str, float]] = []
        for doc in docs_terms:
            keys = dict.fromkeys(doc)
            if len(keys) == len(doc):  # no term twice (nearly always): every weight is 1.0 * idf
                weights = list(map(weight, keys))
            else:
                weights = [(1.0 + math.log(c) if c > 1 else 1.0) * idf[t] for t, c in Counter(doc).items()]
            norm = sqrt(sum(map(mul, weights, weights))) or 1.0
            vecs.append(dict(zip(keys, map(div, weights, repeat(norm)), strict=True)))
        self._docs: list[_Doc] = list(map(_Doc, owners, vecs))
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._entry_docs: dict[str, list[int]] = defaultdict(list)
        postings, entry_docs = self._postings, self._entry_docs
        for idx, (entry_id, vec) in enumerate(zip(owners, vecs, strict=True)):
            entry_docs[entry_id].append(idx)
            for t in vec:
                postings[t].append(idx)
        self._common = max(50, n // 10)

    # -- text ------------------------------------------------------------------------------
    def _prepare(self, question: str) -> _Prepared:
        words = normalise(question).split()
        found, rest = self.index.scan(words)
        mentions = self.index.mentions(words, found)
        negated = [self.index.negated(words, i) for i, _, _ in found]
        api = self._extractor.api_platforms(found, negated) if "api" in rest else []
        # The same terms as the example questions in the index, or the cosine compares unlike things.
        terms = self._extractor.terms(found, rest, api)
        mentions.extend(Mention(frozenset({plat}), "platform", "api") for plat in api)
        aspects = aspects_of(rest)
        providers = sorted({i for m in mentions if m.role != "platform" for i in m.ids})
        platforms = sorted({i for m in mentions if m.role == "platform" for i in m.ids})
        return _Prepared(mentions, terms, aspects, privacy_strength(rest), off_topic_strength(rest),
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

    def _excluded(self, negated: Sequence[Mention], positive_ids: set[str], candidates: set[str]) -> set[str]:
        """Return the candidates a negated mention rules out ("via Vertex, not Bedrock")."""
        out = set()
        for e in candidates:
            a = self.entries[e].applies_to
            for m in negated:
                ids = m.ids - positive_ids
                direct = ids & set(a.platforms) if m.role == "platform" else ids & set(a.providers)
                if direct:
                    out.add(e)
        return out

    def decide(self, question: str) -> Decision:
        """Return what to do with a question."""
        text = clean(question)
        p = self._prepare(text)
        positive = [m for m in p.mentions if not m.negated]
        negated = [m for m in p.mentions if m.negated]
        named = bool(positive)
        platform_named = any(m.role == "platform" for m in positive)
        allowed: set[str] | None = None
        if named:
            allowed = self.consistent(positive)
        elif negated:
            allowed = set(self.entries)
        if allowed and negated:
            positive_ids = {i for m in positive for i in m.ids}
            positive_ids |= {op for i in positive_ids if (op := self.index.operator.get(i))}
            allowed -= self._excluded(negated, positive_ids, allowed)
        vec = self._vector(p.terms)
        scores = self._scores(vec, allowed) if vec else {}
        if allowed:
            for e in allowed:
                scores.setdefault(e, 0.0)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        base = {
            "question": text,
            "candidates": tuple(Candidate(entry_id=e, score=round(s, 3)) for e, s in ranked[:5]),
            "providers": p.providers,
            "platforms": p.platforms,
            "aspects": tuple(sorted(p.aspects)),
        }
        top = ranked[0][1] if ranked else 0.0
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        lead = top - second
        strong_text = top >= self.t.unnamed_answer_score and lead >= self.t.strict_margin
        if not self._is_privacy(p, strong_text):
            return Decision(outcome=Outcome.DECLINE, reason=self._decline_reason(p), **base)
        if named and not allowed:
            names = " + ".join(dict.fromkeys(m.text for m in positive))
            return Decision(outcome=Outcome.ESCALATE, reason=f"no curated answer covers {names}", **base)
        if platform_named and len(ranked) == 1:
            return Decision(outcome=Outcome.ANSWER, entry_id=ranked[0][0], confidence=round(0.7 + 0.3 * top, 3),
                            reason="the only entry that fits every provider and platform named", **base)
        if named:
            threshold, margin = self.t.answer_score, (self.t.margin if platform_named else self.t.strict_margin)
        else:
            threshold, margin = self.t.unnamed_answer_score, self.t.strict_margin
        if ranked and top >= threshold and lead >= margin and self._specific_lead(vec, ranked, allowed):
            return Decision(outcome=Outcome.ANSWER, entry_id=ranked[0][0],
                            confidence=round(min(1.0, 0.5 + top / 2 + lead / 2), 3),
                            reason="clearly the best fit for the question", **base)
        floor = self.t.clarify_score if not named else 0.0
        named_ids = {i for m in positive for i in m.ids}

        def primary(entry_id: str) -> int:
            # Entries whose main provider or platform was named come first ("Anthropic" -> the Claude entries
            # before Microsoft 365 Copilot, which also uses Claude).
            a = self.entries[entry_id].applies_to
            return int(bool(named_ids & {*a.providers[:1], *a.platforms}))

        eligible = [(e, s) for e, s in ranked if s >= floor]
        eligible.sort(key=lambda es: (-primary(es[0]), -es[1], es[0]))
        options = [e for e, _ in eligible][: self.t.max_options]
        if len(options) >= 2:
            return Decision(outcome=Outcome.CLARIFY, options=tuple(options), confidence=round(top, 3),
                            reason="several entries fit; the question does not say which product", **base)
        if len(options) == 1 and named and top >= threshold:
            return Decision(outcome=Outcome.ANSWER, entry_id=options[0], confidence=round(0.5 + top / 2, 3),
                            reason="the only entry that fits", **base)
        return Decision(outcome=Outcome.ESCALATE, confidence=round(top, 3),
                        reason="a privacy question that no curated entry answers with confidence", **base)

    def _specific_lead(self, vec: dict[str, float], ranked: list[tuple[str, float]],
                       allowed: set[str] | None) -> bool:
        """Return whether the leader leads on words that name something, not on generic privacy words."""
        if len(ranked) < 2:
            return True
        spec = _specific(vec)
        if not spec:
            return False
        norm = math.sqrt(sum(v * v for v in spec.values()))
        spec = {t: v / norm for t, v in spec.items()}
        contenders = {e for e, _ in ranked[:5]}
        scores = self._scores(spec, contenders)
        leader = scores.get(ranked[0][0], 0.0)
        return leader > 0 and all(leader - scores.get(e, 0.0) >= self.t.specific_margin
                                  for e in contenders if e != ranked[0][0])

    def _is_privacy(self, p: _Prepared, strong_text: bool) -> bool:
        if p.off_topic and p.privacy < p.off_topic:
            return False
        needed = self.t.min_privacy_named if any(not m.negated for m in p.mentions) else self.t.min_privacy
        return p.privacy >= needed or strong_text

    @staticmethod
    def _decline_reason(p: _Prepared) -> str:
        if p.off_topic:
            return "this reads as an operational question (quota, errors, billing, setup), not data privacy"
        return "this does not read as a data-privacy question about an AI vendor or platform"

