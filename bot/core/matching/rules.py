"""The decision rules, in the order the README tells them. Each looks at the situation and either decides or
passes to the next; the last always decides. A wrong confident answer is the worst outcome, so every rule that
answers needs a reason to be sure, and everything in doubt ends in a question back or the privacy team."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.matching.analysis import Analysis
from bot.core.matching.index import TermIndex, Vector, specific
from bot.core.models import Entry, Outcome
from bot.core.thresholds import Thresholds


@dataclass(frozen=True)
class Verdict:
    """What a rule decided."""

    outcome: Outcome
    reason: str
    entry_id: str | None = None
    confidence: float = 0.0
    options: tuple[str, ...] = ()


@dataclass
class Situation:
    """Everything the rules look at for one question."""

    analysis: Analysis
    allowed: set[str] | None  # entries consistent with every name asked about (None: nothing named)
    ranked: list[tuple[str, float]]  # candidates by text score, best first
    vector: Vector
    entries: dict[str, Entry]
    index: TermIndex
    t: Thresholds
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def named(self) -> bool:
        return bool(self.analysis.positive)

    @property
    def top(self) -> float:
        return self.ranked[0][1] if self.ranked else 0.0

    @property
    def lead(self) -> float:
        return self.top - (self.ranked[1][1] if len(self.ranked) > 1 else 0.0)


def not_a_privacy_question(s: Situation) -> Verdict | None:
    """Decline what is not about data privacy: operational words outweigh privacy words, or too little privacy.

    One exception: a question that reads almost exactly like one entry's example questions (a high score with a
    clear lead) is taken as that entry's question even when it uses few privacy words ("claude on foundry?").
    """
    a = s.analysis
    strong_text = s.top >= s.t.unnamed_answer_score and s.lead >= s.t.strict_margin
    if a.off_topic and a.privacy < a.off_topic:
        return Verdict(Outcome.DECLINE, "this reads as an operational question (quota, errors, billing, setup), not "
                                        "data privacy")
    needed = s.t.min_privacy_named if s.named else s.t.min_privacy
    if a.privacy >= needed or strong_text:
        return None
    return Verdict(Outcome.DECLINE, "this does not read as a data-privacy question about an AI vendor or platform")


def names_no_entry_covers(s: Situation) -> Verdict | None:
    """Escalate when the names asked about fit no entry together ("Mistral on Vertex"): never borrow a neighbour."""
    if s.named and not s.allowed:
        names = " + ".join(dict.fromkeys(m.text for m in s.analysis.positive))
        return Verdict(Outcome.ESCALATE, f"no curated answer covers {names}")
    return None


def only_entry_for_a_named_platform(s: Situation) -> Verdict | None:
    """Answer when a platform is named and exactly one entry fits every name."""
    if s.analysis.platform_named and len(s.ranked) == 1:
        return Verdict(Outcome.ANSWER, "the only entry that fits every provider and platform named",
                       s.ranked[0][0], round(0.7 + 0.3 * s.top, 3))
    return None


def _threshold_and_margin(s: Situation) -> tuple[float, float]:
    if s.named:
        return s.t.answer_score, (s.t.margin if s.analysis.platform_named else s.t.strict_margin)
    return s.t.unnamed_answer_score, s.t.strict_margin


def leads_on_specific_words(s: Situation) -> bool:
    """Return whether the leader leads on words that name something, not on generic privacy words."""
    if len(s.ranked) < 2:
        return True
    spec = specific(s.vector)
    if not spec:
        return False
    norm = math.sqrt(sum(v * v for v in spec.values()))
    contenders = {e for e, _ in s.ranked[:5]}
    scores = s.index.scores({t: v / norm for t, v in spec.items()}, contenders)
    leader = scores.get(s.ranked[0][0], 0.0)
    return leader > 0 and all(leader - scores.get(e, 0.0) >= s.t.specific_margin
                              for e in contenders if e != s.ranked[0][0])


def clear_leader(s: Situation) -> Verdict | None:
    """Answer when one entry scores high enough, leads the runner-up by a margin, and leads on specific words."""
    threshold, margin = _threshold_and_margin(s)
    if s.ranked and s.top >= threshold and s.lead >= margin and leads_on_specific_words(s):
        return Verdict(Outcome.ANSWER, "clearly the best fit for the question", s.ranked[0][0],
                       round(min(1.0, 0.5 + s.top / 2 + s.lead / 2), 3))
    return None


def _options(s: Situation) -> list[str]:
    """Return the entries worth offering: those whose main provider or platform was named first."""
    floor = s.t.clarify_score if not s.named else 0.0
    named_ids = {i for m in s.analysis.positive for i in m.ids}

    def primary(entry_id: str) -> int:
        a = s.entries[entry_id].applies_to
        return int(bool(named_ids & {*a.providers[:1], *a.platforms}))

    eligible = sorted(((e, sc) for e, sc in s.ranked if sc >= floor), key=lambda es: (-primary(es[0]), -es[1], es[0]))
    return [e for e, _ in eligible][: s.t.max_options]


def several_fit(s: Situation) -> Verdict | None:
    """Ask which product is meant when several entries fit and none leads clearly."""
    options = _options(s)
    s.extra["options"] = options
    if len(options) >= 2:
        return Verdict(Outcome.CLARIFY, "several entries fit; the question does not say which product",
                       confidence=round(s.top, 3), options=tuple(options))
    return None


def only_one_fits(s: Situation) -> Verdict | None:
    """Answer when the names leave one entry and its text score is high enough (a lead needs a runner-up)."""
    options = s.extra.get("options", [])
    threshold, _ = _threshold_and_margin(s)
    if isinstance(options, list) and len(options) == 1 and s.named and s.top >= threshold:
        return Verdict(Outcome.ANSWER, "the only entry that fits", options[0], round(0.5 + s.top / 2, 3))
    return None


def nothing_fits(s: Situation) -> Verdict:
    """Escalate the rest: a privacy question no curated entry answers with confidence."""
    return Verdict(Outcome.ESCALATE, "a privacy question that no curated entry answers with confidence",
                   confidence=round(s.top, 3))


RULES: tuple[Callable[[Situation], Verdict | None], ...] = (
    not_a_privacy_question, names_no_entry_covers, only_entry_for_a_named_platform, clear_leader, several_fit,
    only_one_fits)
