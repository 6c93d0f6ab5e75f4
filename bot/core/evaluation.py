"""Score decisions against labelled questions, and compare with lexical baselines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import Field

from bot.core.models import Decision, Frozen, Outcome

OUTCOMES = [o.value for o in Outcome]


class Labelled(Frozen):
    """One evaluation question and what the bot should do with it."""

    q: str
    expect: Outcome
    entry: str | None = None
    options: tuple[str, ...] = ()
    kind: str = Field(default="", description="paraphrase, near-miss, uncovered, ambiguous, out-of-scope, ...")
    source: str | None = Field(default=None, description="Where a real text was found (its public URL).")
    lang: str = "en"
    note: str | None = None
    origin: str | None = Field(default=None, description="real, or translated (from translated_from).")
    translated_from: str | None = None
    ours: bool = Field(default=False, description="It asks about our own organisation (the own-organisation head).")


@dataclass(frozen=True)
class Verdict:
    """What the bot did with one labelled question, and how that counts."""

    item: Labelled
    outcome: str
    entry_id: str | None
    options: tuple[str, ...]
    credit: float  # 1 = correct, 0.5 = clarify that offers the right entry, 0 otherwise
    wrong: bool  # a confident answer that is wrong (wrong entry, or any answer to out-of-scope/uncovered)


def judge(item: Labelled, outcome: str, entry_id: str | None, options: Sequence[str]) -> Verdict:
    """Return how a decision on a labelled question counts."""
    credit, wrong = 0.0, False
    expect = item.expect.value
    if outcome == "compare":  # offerings side by side (options: those shown): confident, like an answer
        return _judge_compare(item, options)
    if outcome == "help":
        return Verdict(item, outcome, None, (), 1.0 if expect in ("help", "decline") else 0.0, False)
    if expect == "answer":
        if outcome == "answer":
            credit, wrong = (1.0, False) if entry_id == item.entry else (0.0, True)
        elif outcome == "clarify" and item.entry in options:
            credit = 0.5
    elif expect == "clarify":
        if outcome == "clarify" and (not item.options or set(options) & set(item.options)):
            credit = 1.0
        elif outcome == "answer":
            wrong = bool(item.options) and entry_id not in item.options
    elif outcome == "answer":
        wrong = True
    elif outcome in ("escalate", "decline"):
        credit = 1.0 if outcome == expect else 0.5
    return Verdict(item, outcome, entry_id, tuple(options), credit, wrong)


def _judge_compare(item: Labelled, shown: Sequence[str]) -> Verdict:
    expect, credit, wrong = item.expect.value, 0.0, False
    if expect == "compare":
        credit = 1.0 if set(item.options) <= set(shown) else 0.5
    elif expect == "answer":
        credit, wrong = (1.0, False) if item.entry in shown else (0.0, True)
    elif expect == "clarify":
        credit = 1.0 if not item.options or set(shown) & set(item.options) else 0.0
        wrong = credit == 0.0
    else:
        wrong = True
    return Verdict(item, "compare", None, tuple(shown), credit, wrong)


def judge_decision(item: Labelled, decision: Decision) -> Verdict:
    """Return how a decision counts (a comparison counts by the entries it shows)."""
    options = decision.compared if decision.outcome is Outcome.COMPARE else decision.options
    return judge(item, decision.outcome.value, decision.entry_id, options)


@dataclass
class Report:
    """Aggregate figures over a list of verdicts."""

    verdicts: list[Verdict]
    name: str = "privacy-bot"
    threshold: float | None = None
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.confusion = Counter((v.item.expect.value, v.outcome) for v in self.verdicts)

    def _rate(self, pick: Callable[[Verdict], bool], among: Callable[[Verdict], bool]) -> float:
        pool = [v for v in self.verdicts if among(v)]
        return 100.0 * sum(1 for v in pool if pick(v)) / len(pool) if pool else 0.0

    @property
    def total(self) -> int:
        """Return the number of questions."""
        return len(self.verdicts)

    def correct_pct(self) -> float:
        """Return the share of questions handled correctly (half credit for a clarify with the right entry)."""
        return 100.0 * sum(v.credit for v in self.verdicts) / self.total if self.total else 0.0

    def wrong_pct(self) -> float:
        """Return the share of all questions that got a wrong confident answer."""
        return self._rate(lambda v: v.wrong, lambda v: True)

    def covered_correct_pct(self) -> float:
        """Return the share of covered questions answered correctly in the first reply."""
        pool = [v for v in self.verdicts if v.item.expect is Outcome.ANSWER]
        return 100.0 * sum(v.credit for v in pool) / len(pool) if pool else 0.0

    def clarify_pct(self) -> float:
        """Return the share of all questions answered with a clarifying question."""
        return self._rate(lambda v: v.outcome == "clarify", lambda v: True)

    def abstain_on_covered_pct(self) -> float:
        """Return the share of covered questions that were escalated or declined instead of answered."""
        return self._rate(lambda v: v.outcome in ("escalate", "decline"), lambda v: v.item.expect is Outcome.ANSWER)

    def out_of_scope_handled_pct(self) -> float:
        """Return the share of out-of-scope and uncovered questions that were declined or escalated (or, for a
        greeting, given the guide: no privacy answer either)."""
        return self._rate(lambda v: v.outcome in ("escalate", "decline", "help"),
                          lambda v: v.item.expect in (Outcome.DECLINE, Outcome.ESCALATE))

    def coverage_pct(self) -> float:
        """Return the share of all questions that got an answer."""
        return self._rate(lambda v: v.outcome == "answer", lambda v: True)

    def misses(self) -> list[Verdict]:
        """Return the verdicts without full credit, wrong answers first."""
        return sorted((v for v in self.verdicts if v.credit < 1.0), key=lambda v: (not v.wrong, v.item.expect.value))


def lexical_baseline(items: Sequence[Labelled], top1: Callable[[str], tuple[str, float]],
                     thresholds: Sequence[float], name: str) -> list[Report]:
    """Return one report per threshold for a top-1 matcher: answer when the best score passes it."""
    best = [top1(item.q) for item in items]
    reports = []
    for t in thresholds:
        verdicts = []
        for item, (entry_id, score) in zip(items, best, strict=True):
            if score >= t:
                verdicts.append(judge(item, "answer", entry_id, ()))
            else:
                verdicts.append(judge(item, "escalate", None, ()))
        reports.append(Report(verdicts, name=name, threshold=t))
    return reports
