"""`privacy-bot eval`: run the labelled question set through decide() and two lexical baselines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.answer_set import AnswerSet
from bot.core.evaluation import OUTCOMES, Labelled, Report, judge_decision
from bot.knowledge.baselines import Baseline, run, table

SET_ORDER = ("questions", "holdout", "real/train", "real/test", "multilingual/train", "multilingual/test",
             "extra/train", "ours/test", "slack/test")


class EvalFileError(Exception):
    """The evaluation file is missing or malformed."""


def load_questions(path: Path, answers: AnswerSet | None = None) -> list[Labelled]:
    """Return the labelled questions of an evaluation file; check entry ids against the answer set."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvalFileError(f"{path}: {exc}") from None
    rows = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise EvalFileError(f"{path}: expected a top-level 'questions' list")
    items: list[Labelled] = []
    problems: list[str] = []
    for i, row in enumerate(rows):
        try:
            item = Labelled.model_validate(row)
        except ValidationError as exc:
            problems.append(f"{path}: questions[{i}]: {exc.errors()[0]['msg']}")
            continue
        if answers is not None:
            for ident in (item.entry, *item.options):
                if ident is not None and ident not in answers.entries:
                    problems.append(f"{path}: questions[{i}]: unknown entry id {ident!r}")
        if item.expect.value == "answer" and not item.entry:
            problems.append(f"{path}: questions[{i}]: expect answer needs an entry")
        items.append(item)
    if problems:
        raise EvalFileError("\n".join(problems))
    return items


def evaluate(answers: AnswerSet, items: Sequence[Labelled]) -> Report:
    """Return the report of privacy-bot's decisions on the items."""
    verdicts = []
    for item in items:
        verdicts.append(judge_decision(item, answers.decide(item.q)))
    return Report(verdicts)


def _row(label: str, r: Report) -> str:
    t = f"{r.threshold:.0f}" if r.threshold is not None else "-"
    return (f"{label:<34}{t:>5}{r.correct_pct():>9.1f}{r.wrong_pct():>8.1f}{r.covered_correct_pct():>10.1f}"
            f"{r.clarify_pct():>9.1f}{r.abstain_on_covered_pct():>10.1f}{r.out_of_scope_handled_pct():>9.1f}"
            f"{r.coverage_pct():>9.1f}")


def format_report(ours: Report, base: Sequence[Baseline] = (), *, show_misses: bool = True) -> str:
    """Return the printed evaluation: headline figures, confusion table, baselines, misses."""
    lines = [f"questions: {ours.total}", "",
             f"{'':<34}{'thr':>5}{'correct%':>9}{'wrong%':>8}{'covered%':>10}{'clarify%':>9}"
             f"{'abstain%':>10}{'oos-ok%':>9}{'answered%':>9}",
             _row("privacy-bot", ours)]
    if base:
        lines += ["", *table(ours, base)]
    lines += ["",
              "correct%: all questions, half credit for a clarify offering the right entry; wrong%: confident wrong",
              "answers (wrong entry, or any answer to an out-of-scope/uncovered question) over all questions;",
              "covered%: questions with an entry answered right in the first reply; clarify%: all questions;",
              "abstain%: covered questions escalated/declined; oos-ok%: out-of-scope and uncovered questions",
              "declined or escalated; answered%: coverage.", "",
              "confusion (rows: expected, columns: privacy-bot)",
              f"{'':<10}" + "".join(f"{o:>10}" for o in OUTCOMES)]
    for exp in OUTCOMES:
        lines.append(f"{exp:<10}" + "".join(f"{ours.confusion.get((exp, got), 0):>10}" for got in OUTCOMES))
    if show_misses:
        misses = ours.misses()
        lines += ["", f"misses ({len(misses)}):"]
        for v in misses:
            want = v.item.expect.value + (f" {v.item.entry}" if v.item.entry else "")
            got = v.outcome + (f" {v.entry_id}" if v.entry_id else "") + (
                f" {list(v.options)}" if v.options else "")
            flag = "WRONG " if v.wrong else ("half  " if v.credit else "      ")
            lines.append(f"  {flag}[{v.item.kind}] {v.item.q[:110]!r}\n         expected {want}; got {got}")
    return "\n".join(lines)


def eval_dir() -> Path | None:
    """Return the evaluation sets: the checkout's tests/eval, or the copy installed with the package."""
    checkout = Path(__file__).resolve().parents[2] / "tests" / "eval"
    if checkout.is_dir():
        return checkout
    import importlib.util

    spec = importlib.util.find_spec("bot._eval")
    if spec and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return None


def shipped_sets() -> list[tuple[str, Path]]:
    """Return (name, path) of every evaluation set shipped, in report order."""
    base = eval_dir()
    if base is None:
        return []
    return [(name, base / f"{name}.yaml") for name in SET_ORDER if (base / f"{name}.yaml").is_file()]


def format_sets(answers: AnswerSet, sets: Sequence[tuple[str, Path]], *, show_misses: bool = True,
                baselines: bool = True) -> tuple[str, float]:
    """Return the evaluation of every set, one block each, and the highest wrong-answer rate among them."""
    out, worst = [], 0.0
    scorers: dict[str, Any] = {}
    for name, path in sets:
        items = load_questions(path, answers)
        report = evaluate(answers, items)
        worst = max(worst, report.wrong_pct())
        base = run(answers, items, report, scorers) if baselines else []
        out.append(f"== {name} ({path}) ==\n" + format_report(report, base, show_misses=show_misses))
    return "\n\n".join(out), worst
