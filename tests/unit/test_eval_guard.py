"""The regression guard for every curator's edit: the evaluation must stay within its limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.evaluation import Labelled, judge
from bot.knowledge.evaluation import baselines, evaluate, load_questions

EVAL = Path(__file__).resolve().parents[1] / "eval"


@pytest.mark.parametrize("name", ["questions.yaml", "holdout.yaml"])
def test_wrong_answer_rate_stays_under_two_percent(answers, name):
    items = load_questions(EVAL / name, answers)
    assert len(items) >= 150
    report = evaluate(answers, items)
    wrong = [v.item.q for v in report.verdicts if v.wrong]
    assert report.wrong_pct() <= 2.0, wrong
    assert report.covered_correct_pct() >= 85.0
    assert report.out_of_scope_handled_pct() >= 90.0


def test_eval_set_is_big_and_labelled(answers):
    items = load_questions(EVAL / "questions.yaml", answers)
    kinds = {i.kind for i in items}
    assert len(items) >= 250 and {"paraphrase", "near-miss", "uncovered", "ambiguous", "hard-negative"} <= kinds
    assert sum(1 for i in items if i.expect.value == "decline") >= 60
    covered = {i.entry for i in items if i.entry}
    assert covered <= set(answers.entries) and len(covered) >= 20


def test_baselines_answer_more_wrongly_than_we_do(answers):
    items = load_questions(EVAL / "questions.yaml", answers)
    ours = evaluate(answers, items)
    for reports in baselines(answers, items).values():
        at_least_our_coverage = [r for r in reports if r.coverage_pct() >= ours.coverage_pct()]
        assert min(r.wrong_pct() for r in at_least_our_coverage) > ours.wrong_pct()


@pytest.mark.parametrize(
    ("expect", "outcome", "entry", "options", "credit", "wrong"),
    [
        ({"expect": "answer", "entry": "a"}, "answer", "a", (), 1.0, False),
        ({"expect": "answer", "entry": "a"}, "answer", "b", (), 0.0, True),
        ({"expect": "answer", "entry": "a"}, "clarify", None, ("b", "a"), 0.5, False),
        ({"expect": "answer", "entry": "a"}, "escalate", None, (), 0.0, False),
        ({"expect": "decline"}, "answer", "a", (), 0.0, True),
        ({"expect": "escalate"}, "answer", "a", (), 0.0, True),
        ({"expect": "escalate"}, "decline", None, (), 0.5, False),
        ({"expect": "clarify", "options": ["a", "b"]}, "clarify", None, ("b",), 1.0, False),
        ({"expect": "clarify", "options": ["a", "b"]}, "answer", "c", (), 0.0, True),
    ],
)
def test_judge(expect, outcome, entry, options, credit, wrong):
    v = judge(Labelled.model_validate({"q": "q", **expect}), outcome, entry, options)
    assert (v.credit, v.wrong) == (credit, wrong)
