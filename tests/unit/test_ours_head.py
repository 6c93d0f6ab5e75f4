"""The own-organisation head: a second linear model in intent.json that sends a privacy question about our own
organisation (what we signed, approved or decided) to a person instead of answering it with the vendor's entry."""

from __future__ import annotations

import dataclasses
import json

import yaml

from bot.core.matching.intent import IntentModel, features
from bot.core.matching.segments import LONG
from bot.core.matching.text import width
from bot.core.models import Outcome
from bot.knowledge.evaluation import eval_dir
from bot.knowledge.loader import load_answer_set, load_knowledge
from tests.conftest import KNOWLEDGE

OURS = "does our Anthropic contract include zero data retention for the API?"  # no opening phrase gives it away
VENDOR = "does Anthropic keep what we send through the API, and for how long?"


def _model(ours: dict[str, object] | None) -> dict[str, object]:
    """A model that finds every message a privacy question, with an own-organisation head reading one bigram."""
    model: dict[str, object] = {"weights": {}, "bias": 5.0, "thresholds": {"decline": 0.3, "answer": 0.6,
                                                                         "pinned": 0.5}}
    return model if ours is None else {**model, "ours": ours}


HEAD = {"weights": {"b:our anthropic": 100.0}, "bias": -5.0, "threshold": 0.7}


def _answers(knowledge_copy, ours):
    (knowledge_copy / "intent.json").write_text(json.dumps(_model(ours)))
    return load_knowledge(knowledge_copy).answers


def test_the_head_sends_a_question_about_our_organisation_to_a_person(knowledge_copy):
    plain = _answers(knowledge_copy, None).decide(OURS)
    assert (plain.outcome, plain.entry_id) == (Outcome.ANSWER, "anthropic-api")  # what the rules alone do
    headed = _answers(knowledge_copy, HEAD)
    d = headed.decide(OURS)
    assert d.outcome is Outcome.ESCALATE and "our own organisation (learned" in d.reason, d.reason
    vendor = headed.decide(VENDOR)  # the head reads it below its threshold: the entry answers
    assert (vendor.outcome, vendor.entry_id) == (Outcome.ANSWER, "anthropic-api")


def test_the_threshold_is_the_heads_own(knowledge_copy):
    strict = _answers(knowledge_copy, {**HEAD, "threshold": 1.0})  # never reached
    assert strict.decide(OURS).outcome is Outcome.ANSWER


def test_a_post_longer_than_a_slack_question_is_left_to_the_rules(knowledge_copy):
    post = (OURS + " We are moving the support ticket summaries from the old vendor next quarter, and the "
            "security review asked about retention, the processing region, the subprocessors and the data "
            "protection terms that apply to the inputs and the outputs of the models we call.")
    assert width(post) > LONG
    assert "learned" not in _answers(knowledge_copy, HEAD).decide(post).reason


def test_a_model_file_without_a_head_loads_as_before():
    assert IntentModel.load(json.dumps(_model(None))).ours is None
    head = IntentModel.load(json.dumps(_model(HEAD))).ours
    assert head is not None and head.threshold == 0.7
    assert head.score(features(OURS)) > 0.99 > 0.01 > head.score(features(VENDOR))


def test_on_its_held_out_probe_the_shipped_head_sends_more_of_our_questions_to_a_person_than_it_costs():
    # ours/test.yaml: written blind before the head; never trained on. Guards the shipped head, tunes nothing.
    base = eval_dir()
    assert base is not None
    probe = yaml.safe_load((base / "ours" / "test.yaml").read_text(encoding="utf-8"))["questions"]
    answers = load_answer_set(KNOWLEDGE)
    assert answers.matcher.intent is not None and answers.matcher.intent.ours is not None

    def read() -> tuple[int, int]:
        ours_answered = right = 0
        for row in probe:
            d = answers.decide(row["q"])
            if d.outcome is Outcome.ANSWER:
                ours_answered += bool(row.get("ours"))
                right += row["expect"] == "answer" and d.entry_id == row.get("entry")
        return ours_answered, right

    with_head = read()
    answers.matcher.intent = dataclasses.replace(answers.matcher.intent, ours=None)
    without = read()
    assert with_head[0] <= without[0] - 10 and with_head[1] >= without[1] - 2, (with_head, without)


def test_the_head_reads_only_a_message_that_speaks_of_us(knowledge_copy):
    # a head that reads the word "contract" alone: the rule still wants "we", "our" or one of our people
    headed = _answers(knowledge_copy, {"weights": {"w:contract": 100.0}, "bias": -5.0, "threshold": 0.7})
    assert headed.decide("does the Anthropic API contract include zero data retention?").outcome is Outcome.ANSWER
    assert headed.decide("does our Anthropic API contract include zero data retention?").outcome is Outcome.ESCALATE
    assert headed.decide("has the DPO seen the Anthropic API contract, does it include zero data retention?"
                         ).outcome is Outcome.ESCALATE


def test_the_head_leaves_the_bots_own_entry_and_replies_in_a_thread(knowledge_copy):
    from bot.core.matching.matcher import Context

    headed = _answers(knowledge_copy, {"weights": {"w:we": 100.0, "w:my": 100.0}, "bias": -5.0, "threshold": 0.7})
    own = headed.decide("do you keep my questions, and who can read them?")  # only the bot's own entry fits
    assert (own.outcome, own.entry_id) == (Outcome.ANSWER, "privacy-bot"), own.reason
    reply = headed.decide("we use the team plan", Context("Does Anthropic train on our data?"))  # a picked option
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "claude-for-work"), reply.reason
    assert headed.decide("we use the team plan for Claude, does Anthropic train on our chats?").outcome is (
        Outcome.ESCALATE)  # the same words asked outright: the head decides


def test_a_short_vendor_question_the_model_is_unsure_of_is_asked_back_when_the_head_reads_it_as_the_vendors(
        knowledge_copy):
    unsure = {"weights": {}, "bias": 0.85, "thresholds": {"decline": 0.3, "answer": 0.9, "pinned": 0.5}}  # 0.70

    def decide(head: dict[str, object] | None, question: str = "does Copilot keep our chats?"):
        (knowledge_copy / "intent.json").write_text(json.dumps(unsure if head is None else {**unsure, "ours": head}))
        return load_knowledge(knowledge_copy).answers.decide(question)

    vendor = decide({"weights": {}, "bias": -5.0, "threshold": 0.97})  # the head: not about us
    assert vendor.outcome is Outcome.CLARIFY and "microsoft-365-copilot" in vendor.options, vendor.reason
    ours = decide({"weights": {"b:copilot keep": 100.0}, "bias": -5.0, "threshold": 0.99})  # about us, not sure
    assert ours.outcome is Outcome.ESCALATE, ours.reason  # (a question back would offer the vendor's entries)
    assert decide(None).outcome is Outcome.ESCALATE  # no head: nothing says it is the vendor's
    statement = decide({"weights": {}, "bias": -5.0, "threshold": 0.97}, "Copilot pricing for our team?")
    assert statement.outcome is not Outcome.CLARIFY  # no aspect of its data asked
