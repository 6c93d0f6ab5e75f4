"""An answer set: the entries, the entities, and a matcher over them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.core.matching.entities import EntityIndex
from bot.core.matching.entity_file import EntitiesFile
from bot.core.matching.intent import IntentModel
from bot.core.matching.matcher import Context, Matcher
from bot.core.models import Decision, Entry
from bot.core.thresholds import Thresholds


@dataclass(frozen=True)
class AnswerSet:
    """A loaded, validated answer set; immutable so it can be swapped atomically on reload."""

    entries: Mapping[str, Entry]
    entities: EntitiesFile
    versions: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    intent: IntentModel | None = None  # the learned "is this a privacy question" model (None: vocabulary rules)
    matcher: Matcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matcher", Matcher(list(self.entries.values()), EntityIndex(self.entities),
                                                    self.thresholds, self.intent))

    @classmethod
    def build(
        cls,
        entries: Sequence[Entry],
        entities: EntitiesFile,
        *,
        versions: Mapping[str, str] | None = None,
        sources: Mapping[str, str] | None = None,
        thresholds: Thresholds | None = None,
        intent: IntentModel | None = None,
    ) -> AnswerSet:
        """Return an answer set over the given entries."""
        return cls(
            entries={e.id: e for e in entries},
            entities=entities,
            versions=dict(versions or {}),
            sources=dict(sources or {}),
            thresholds=thresholds or Thresholds(),
            intent=intent,
        )

    def decide(self, question: str, context: Context | None = None) -> Decision:
        """Return what to do with a question (a follow-up: with the earlier question of its thread or DM)."""
        return self.matcher.decide(question, context)

    def version(self, entry_id: str) -> str:
        """Return the content version of an entry (a short hash of its file)."""
        return self.versions.get(entry_id, "")

    def overdue(self, today: dt.date) -> list[Entry]:
        """Return the entries whose review date has passed."""
        return sorted((e for e in self.entries.values() if e.is_overdue(today)), key=lambda e: e.id)

    def entity_name(self, ident: str) -> str:
        """Return the display name of a provider or platform id."""
        if ident in self.entities.platforms:
            return self.entities.platforms[ident].name
        if ident in self.entities.providers:
            return self.entities.providers[ident].name
        return ident
