"""Index terms and TF-IDF: each entry's example questions (and title) as weighted term vectors, and the best
cosine of a question against each entry.

Terms are what the matcher compares: names ("@anthropic"), aspects ("#retention"), generic words ("~data", kept
apart so they never decide between products) and the remaining words, lightly stemmed. Example questions and
incoming questions go through the same term extraction, so the cosine compares like with like.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from bot.core.matching.entities import API_WORDS, EntityIndex, FoundAliases
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY
from bot.core.models import Entry

Vector = dict[str, float]


def stem(word: str) -> str:
    """Return a word without a plural or -ing/-ed ending (enough for product questions)."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def says_api(found: FoundAliases, rest: list[str]) -> bool:
    """Return whether a text speaks of "the API", or names one of a provider's API features ("Responses API")."""
    return bool(API_WORDS & set(rest)) or any(API_WORDS & set(text.split()) for _, text, _ in found)


def api_platforms(index: EntityIndex, found: FoundAliases, negated: Sequence[bool] = ()) -> list[str]:
    """Return the platforms meant by a bare "API" next to a provider ("Anthropic's API"), if one applies (a platform
    named too says where it runs, unless it is excluded: "not Bedrock, the Anthropic API")."""
    aliases = [a for k, (_, _, group) in enumerate(found) for a in group if not (negated and negated[k])]
    if any(a.role == "platform" for a in aliases):
        return []
    return [p for a in aliases for i in sorted(a.ids) if (p := index.api_platform.get(i))]


def terms_of(found: FoundAliases, rest: list[str], api: Sequence[str]) -> list[str]:
    """Return the index terms of scanned words: names, leftover words (stemmed), aspects, "the API"."""
    terms = [f"@{i}" for _, _, aliases in found for a in aliases for i in sorted(a.ids)]
    seen_aspects: set[str] = set()
    for word in rest:
        if word not in VOCABULARY.stopwords:
            terms.append(f"~{word}" if VOCABULARY.is_generic(word) else stem(word))
        for aspect in VOCABULARY.aspects_of_word(word):
            if aspect not in seen_aspects:
                seen_aspects.add(aspect)
                terms.append(f"#{aspect}")
    terms.extend(f"@{p}" for p in api)
    return terms


def example_terms(index: EntityIndex, text: str) -> list[str]:
    """Return the index terms of an example question (or title)."""
    words = normalise(text).split()
    found, rest = index.scan(words)
    found = index.beside_api(words, found)
    return terms_of(found, rest, api_platforms(index, found) if says_api(found, rest) else [])


def specific(vector: Vector) -> Vector:
    """Return the part of a vector made of words that name something (no names, aspects or generic words)."""
    return {t: w for t, w in vector.items() if t[0] not in "~#@"}


class TermIndex:
    """TF-IDF vectors of every entry's example questions and title, with postings for exact scoring."""

    def __init__(self, entries: Sequence[Entry], index: EntityIndex) -> None:
        docs = [(e.id, example_terms(index, text)) for e in entries for text in (*e.questions, e.title)]
        self.name_words = index.all_name_words  # the words of products' names ("zoom" in "Zoom AI Companion")
        n = max(len(docs), 1)
        df = Counter(t for _, terms in docs for t in set(terms))
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._unknown_idf = math.log(1 + n)  # a term no example has: as rare as can be
        self._owners = [entry_id for entry_id, _ in docs]
        self._vectors = [self.weigh(terms) for _, terms in docs]
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)  # term -> (example, its weight)
        self._by_entry: dict[str, list[int]] = defaultdict(list)
        for d, vector in enumerate(self._vectors):
            self._by_entry[self._owners[d]].append(d)
            for t, w in vector.items():
                self._postings[t].append((d, w))
        # The same postings as arrays (example numbers, weights), and each example's entry as a number.
        self._arrays = {t: (np.array([d for d, _ in p], dtype=np.intp), np.array([w for _, w in p]))
                        for t, p in self._postings.items()}
        self._entry_ids = list(self._by_entry)
        number = {e: k for k, e in enumerate(self._entry_ids)}
        self._owner_of = np.array([number[o] for o in self._owners], dtype=np.intp)

    def weigh(self, terms: Iterable[str]) -> Vector:
        """Return the unit TF-IDF vector of a list of terms: (1 + log count) x idf, normalised."""
        counts = Counter(terms)
        vector = {t: (1 + math.log(c)) * self._idf.get(t, self._unknown_idf) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def scores(self, vector: Vector, allowed: set[str] | None = None) -> dict[str, float]:
        """Return, per entry (among allowed), the best cosine of any of its examples with the vector.

        Exact either way: over those entries' examples only when the names asked about leave few entries, else
        through the postings of the vector's terms, added up as arrays (one pass per term, not per example).
        """
        examples = [d for e in allowed for d in self._by_entry.get(e, ())] if allowed is not None else None
        touched = sum(len(self._postings.get(t, ())) for t in vector)
        if examples is not None and len(examples) < touched:
            best: dict[str, float] = {}
            for d in examples:
                doc = self._vectors[d]
                small, large = (doc, vector) if len(doc) < len(vector) else (vector, doc)  # a long post's many terms
                score = sum(w * large.get(t, 0.0) for t, w in small.items())
                if score > best.get(self._owners[d], 0.0):
                    best[self._owners[d]] = score
            return best
        if not touched:
            return {}
        sums = np.zeros(len(self._owners))
        for t, w in vector.items():
            if (arrays := self._arrays.get(t)) is not None:
                sums[arrays[0]] += w * arrays[1]  # an example appears once per term
        per_entry = np.zeros(len(self._entry_ids))
        np.maximum.at(per_entry, self._owner_of, sums)  # each entry's best example
        found = np.flatnonzero(per_entry > 0.0)
        out = {self._entry_ids[k]: float(per_entry[k]) for k in found.tolist()}
        return out if allowed is None else {e: sc for e, sc in out.items() if e in allowed}

    def examples(self) -> list[tuple[str, Vector]]:
        """Return (entry id, vector) of every indexed example, for the curators' 'alike' lint."""
        return list(zip(self._owners, self._vectors, strict=True))


def rank_key(item: tuple[str, float]) -> tuple[float, str]:
    """Return the key that ranks (entry id, score) pairs: the highest score first, then the id."""
    return -item[1], item[0]
