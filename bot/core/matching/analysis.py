"""What a question says, before any entry is considered: the names it mentions (and excludes), the aspects it
asks about, how much it speaks of privacy and how much of operations, and its index terms."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.matching.entities import EntityIndex, Mention
from bot.core.matching.index import api_platforms, terms_of
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY


@dataclass(frozen=True)
class Analysis:
    """One question, understood."""

    text: str
    mentions: tuple[Mention, ...]
    terms: tuple[str, ...]
    aspects: dict[str, float]
    privacy: float
    off_topic: float

    @property
    def positive(self) -> list[Mention]:
        """Return the names the question asks about."""
        return [m for m in self.mentions if not m.negated]

    @property
    def negated(self) -> list[Mention]:
        """Return the names it excludes ("not Bedrock")."""
        return [m for m in self.mentions if m.negated]

    @property
    def providers(self) -> tuple[str, ...]:
        """Return the provider ids named (as a company or a model)."""
        return tuple(sorted({i for m in self.mentions if m.role != "platform" for i in m.ids}))

    @property
    def platforms(self) -> tuple[str, ...]:
        """Return the platform ids named."""
        return tuple(sorted({i for m in self.mentions if m.role == "platform" for i in m.ids}))

    @property
    def platform_named(self) -> bool:
        """Return whether a platform (not only a provider or a model) is asked about."""
        return any(m.role == "platform" for m in self.positive)


def analyse(text: str, index: EntityIndex) -> Analysis:
    """Return the analysis of a cleaned question."""
    words = normalise(text).split()
    found, rest = index.scan(words)
    mentions = index.mentions(words, found)
    negated = [index.negated(words, i) for i, _, _ in found]
    api = api_platforms(index, found, negated) if "api" in rest else []
    mentions.extend(Mention(frozenset({plat}), "platform", "api") for plat in api)
    return Analysis(text=text, mentions=tuple(mentions), terms=tuple(terms_of(found, rest, api)),
                    aspects=VOCABULARY.aspects_of(rest), privacy=VOCABULARY.privacy_strength(rest),
                    off_topic=VOCABULARY.off_topic_strength(rest))
