"""The regression guard for every curator's edit: the evaluation must stay within its limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.evaluation import Labelled, judge
from bot.knowledge.baselines import _examples, _rapidfuzz, summarise, sweep
from bot.knowledge.evaluation import evaluate, load_questions

EVAL = Path(__file__).resolve().parents[1] / "eval"


# The limits every change must keep (figures: `privacy-bot eval`; README "Figures"). Written questions are
# answered more often than real posts; on every set a wrong confident answer stays rare.
LIMITS = {  # set: (wrong% at most, covered% at least, out-of-scope handled% at least)
    "questions": (1.0, 80.0, 95.0),
    "holdout": (1.0, 80.0, 95.0),
    "real/train": (2.0, 45.0, 90.0),
    "real/test": (2.0, 0.0, 90.0),  # frozen: never tuned on; the guard only keeps it from getting worse
    "multilingual/train": (2.0, 55.0, 90.0),
    "multilingual/test": (2.0, 0.0, 90.0),
    "extra/train": (2.0, 45.0, 90.0),
    "slack/test": (2.0, 0.0, 90.0),  # frozen (a blind probe of Slack messages): kept from getting worse
}


@pytest.mark.parametrize("name", list(LIMITS))
def test_each_set_stays_within_its_limits(answers, name):
    items = load_questions(EVAL / f"{name}.yaml", answers)
    assert len(items) >= 50
    report = evaluate(answers, items)
    wrong_limit, covered_limit, handled_limit = LIMITS[name]
    # figures and source URLs only, never a text: a failure on a test split must not show what it holds (an
    # assertion on the report itself would print its texts)
    wrong, covered, handled = report.wrong_pct(), report.covered_correct_pct(), report.out_of_scope_handled_pct()
    sources = [v.item.source or "(no source)" for v in report.verdicts if v.wrong]
    del report, items
    assert wrong <= wrong_limit, f"{name}: {wrong:.1f}% wrong (limit {wrong_limit}%): {sources}"
    assert covered >= covered_limit, f"{name}: {covered:.1f}% covered (limit {covered_limit}%)"
    assert handled >= handled_limit, f"{name}: {handled:.1f}% out-of-scope handled (limit {handled_limit}%)"


def test_eval_set_is_big_and_labelled(answers):
    items = load_questions(EVAL / "questions.yaml", answers)
    kinds = {i.kind for i in items}
    assert len(items) >= 250 and {"paraphrase", "near-miss", "uncovered", "ambiguous", "hard-negative"} <= kinds
    assert sum(1 for i in items if i.expect.value == "decline") >= 60
    covered = {i.entry for i in items if i.entry}
    assert covered <= set(answers.entries) and len(covered) >= 20


@pytest.mark.parametrize("name", ["questions", "real/train"])
def test_string_similarity_baselines_answer_more_wrongly_than_we_do(answers, name):
    items = load_questions(EVAL / f"{name}.yaml", answers)
    ours = evaluate(answers, items)
    from rapidfuzz import fuzz

    texts, owners = _examples(answers)
    for scorer in (fuzz.WRatio, fuzz.token_set_ratio):
        top1 = _rapidfuzz(scorer, texts, owners)
        base = summarise("baseline", sweep(items, top1, "baseline"), ours)
        assert base.wrong_at_ours is not None and base.wrong_at_ours > ours.wrong_pct()
        assert (base.covered_at_limit or 0.0) < ours.covered_correct_pct()


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
