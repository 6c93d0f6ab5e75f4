"""Which offerings a comparison names ("Bedrock vs the Anthropic API, which keeps less?"): paired by the names that
fit together, or read side by side between "vs", "or", "than" when that leaves one side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.core.matching.analysis import Analysis, analyse
from bot.core.matching.conversation import sides_of
from bot.core.matching.entities import EntityIndex, Mention
from bot.core.matching.rules import UNCLEAR
from bot.core.matching.segments import is_short_question
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY
from bot.core.models import Entry

MAX_SIDES = 6  # parts between "vs", "or", "than": more are not read one by one
_OR = frozenset({"or", "oder", "oppure"})  # not "o", "ou", "of": also articles, "où", "of" in English


class Reader(Protocol):
    """What the comparison needs of the matcher."""

    entries: dict[str, Entry]
    index: EntityIndex

    def consistent(self, mentions: Sequence[Mention]) -> set[str]: ...

    def own_products(self, mentions: Sequence[Mention], allowed: set[str]) -> set[str]: ...

    def candidates(self, a: Analysis) -> set[str] | None: ...

    def name(self, ident: str) -> str: ...


def offerings(self: Reader, a: Analysis) -> tuple[list[str], list[str]] | None:
    """Return the entries a comparison names (one per offering) and the names no entry covers; None when an
    offering is ambiguous or the names cannot be paired ("Mistral on Vertex vs Claude on Bedrock" pairs
    only by position: escalated, never guessed)."""
    platforms = list({m.ids: m for m in a.positive if m.role == "platform"}.values())
    others = list({m.ids: m for m in a.positive if m.role != "platform"}.values())
    fit_platform = [o for o in others if any(self.consistent([p, o]) for p in platforms)]
    if len(others) > 1 and len(platforms) > 1:  # which name goes with which platform: only positions say
        return None
    hint = {i for m in others for i in m.ids} | {op for p in platforms for i in p.ids
                                                  if (op := self.index.operator.get(i))}
    groups = [[p, *fit_platform] for p in platforms] + [[o] for o in others if o not in fit_platform]
    resolved: list[str] = []
    missing: list[str] = []
    for group in groups:
        if group[0] not in platforms and (paired := _on_a_platform(self, a.text, group[0])):
            missing.append(paired)  # "Mistral on Vertex" in "Claude on Vertex vs Mistral on Vertex": no entry,
            continue  # never Mistral's own API
        fitting = self.own_products(group, self.consistent(group) or self.consistent(group[:1]))
        if len(fitting) > 1:
            fitting = {e for e in fitting if set(self.entries[e].applies_to.providers) & hint} or fitting
        if len(fitting) > 1:
            return None
        if fitting:
            resolved.append(next(iter(fitting)))
        else:
            missing.append(" or ".join(self.name(i) for i in sorted(group[0].ids)))
    resolved = list(dict.fromkeys(resolved))
    return (resolved, missing) if resolved and len(resolved) + len(missing) >= 2 else None


def _on_a_platform(self: Reader, text: str, name: Mention) -> str | None:
    """Return "<name> on <cloud>" when a side of the comparison names a cloud that hosts models with it (no entry
    fits both; not a tool: "Cursor and Windsurf" are two products)."""
    hosts = set(self.index.clouds.values())
    for part in sides_of(text):
        side = analyse(part, self.index).positive
        places = [self.name(i) for m in side if m.role == "platform" for i in sorted(m.ids & hosts)]
        if places and any(m.ids == name.ids for m in side if m.role != "platform"):
            return " or ".join(self.name(i) for i in sorted(name.ids)) + " on " + " and ".join(places)
    return None


def sides(self: Reader, text: str) -> tuple[list[str], list[str]] | str | None:
    """Return the entries a comparison's sides name, read apart between "vs", "or", "than" ("Claude Code vs
    Cursor"); UNCLEAR when a side names no single entry; None when < 2 sides name what the others do not."""
    parts = sides_of(text)
    if len(parts) > MAX_SIDES:  # a long list of options is no comparison the bot can show: a person reads it
        return UNCLEAR
    named = [side for part in parts if (side := analyse(part, self.index)).positive]
    ids = [{i for m in side.positive for i in m.ids} for side in named]  # a side naming what others do, qualifies
    # ... named outright there: a name several products share ("Copilot Chat") does not make the one it may mean
    # ("Copilot Chat vs Microsoft 365 Copilot") a qualifier of itself
    definite = [{i for m in side.positive if len(m.ids) == 1 for i in m.ids} for side in named]
    fits = [self.candidates(side) or set() for k, side in enumerate(named)
            if not ids[k] <= set().union(*definite[:k], *definite[k + 1:])]
    if len(fits) < 2:
        return None
    one = [next(iter(f)) for f in fits if len(f) == 1]
    if len(one) == len(fits) and len(set(one)) == 1:  # sides of one offering ("La Plateforme - free vs paid tier"):
        return None  # its entry answers
    return (list(dict.fromkeys(one)), []) if len(one) == len(fits) and len(set(one)) > 1 else UNCLEAR


def chooses(self: Reader, text: str, a: Analysis) -> tuple[list[str], list[str]] | None:
    """Return the entries a short privacy question offers as alternatives, with no word for comparing ("Azure
    OpenAI or the OpenAI API for HIPAA data?"): read by position, each side between "or" ("oder", "oppure") names
    one entry of its own; None otherwise ("… to Copilot Studio or not?", Portuguese "o", French "où")."""
    words = normalise(text).split()
    if _OR.isdisjoint(words) or not is_short_question(text) or not (a.topic or VOCABULARY.names_privacy(words)):
        return None
    found = sides(self, text)
    return found if isinstance(found, tuple) and len(found[0]) >= 2 and not found[1] else None
