"""The use-cases over in-memory ports: one reply per question, where it goes, act-once clicks, triage moves, and
handling the same item twice (a crash and a retry) changing nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from bot.core.inbox import Action, ActionItem, Container, Form, HomeItem, QuestionItem, Received, SubmissionItem
from bot.core.questions import Handling, Question, Source
from bot.core.replies import Note
from bot.core.service import Policy, Service
from tests.fakes import (
    NOW,
    FakeAnswers,
    FakeEscalations,
    FakeFeedback,
    FakeLimiter,
    FakeQuestions,
    FakeReplies,
    FakeScreens,
    FakeTeam,
)

FOUNDRY = "claude-microsoft-foundry"
ANSWERABLE = "Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?"
AMBIGUOUS = "Does Anthropic train on our data?"
UNKNOWN = "How long does Perplexity keep prompts on Vertex AI?"
HOOK = "https://hooks.slack.com/actions/1"


@dataclass
class World:
    service: Service
    replies: FakeReplies
    questions: FakeQuestions
    escalations: FakeEscalations
    feedback: FakeFeedback
    screens: FakeScreens
    limiter: FakeLimiter


@pytest.fixture
def world(answers) -> World:
    replies, questions = FakeReplies(), FakeQuestions()
    escalations = FakeEscalations(questions=questions)
    feedback, screens, limiter = FakeFeedback(), FakeScreens(), FakeLimiter()
    service = Service(answers=FakeAnswers(answers), questions=questions, replies=replies, escalations=escalations,
                      feedback=feedback, limiter=limiter, team=FakeTeam(), screens=screens,
                      policy=Policy(triage_channel="C0TRIAGE"))
    return World(service, replies, questions, escalations, feedback, screens, limiter)


def ask(world: World, text: str, *, source: Source = Source.MENTION, ts: str = "1.1", url: str | None = None,
        origin: int = 1):
    q = Question(team="T1", channel="C1", ts=None if source is Source.COMMAND else ts, asker="U0ASKER1", text=text,
                 source=source, original_length=len(text))
    return world.service.handle(Received(id=origin, item=QuestionItem(question=q, response_url=url), attempts=1,
                                         worker="w", created_at=NOW))


def click(world: World, action: Action, question_id: int, entry_id: str = "", *, user: str = "U0ASKER1",
          origin: int = 50, ephemeral: bool = False, detail: str = ""):
    item = ActionItem(action=action, user=user, question_id=question_id, entry_id=entry_id, detail=detail,
                      response_url=HOOK, trigger_id="trig-1",
                      container=Container(channel="C1", message_ts="2.2", ephemeral=ephemeral,
                                          blocks=[{"type": "actions"}]))
    return world.service.handle(Received(id=origin, item=item, attempts=1, worker="w", created_at=NOW))


def test_a_covered_question_gets_one_answer_in_its_thread_with_the_entry_as_decided(world):
    handled = ask(world, ANSWERABLE)
    assert (handled.outcome, handled.entry_id) == ("answer", FOUNDRY)
    [reply] = world.replies.bodies("answer")
    assert reply.key == "q1:reply" and reply.body.entry.id == FOUNDRY and reply.body.version
    assert (reply.target.channel, reply.target.thread_ts) == ("C1", "1.1")
    assert world.questions.get(1).handling is Handling.ANSWER


def test_handling_the_same_question_again_sends_nothing_more(world):
    ask(world, ANSWERABLE)
    again = ask(world, ANSWERABLE)  # a crash after the reply was queued, then the item is taken again
    assert again.outcome == "duplicate" and len(world.replies.sent) == 1


def test_an_error_after_retries_never_follows_a_queued_answer(world):
    ask(world, ANSWERABLE)
    q = world.questions.get(1).question
    world.service.failed(Received(id=1, item=QuestionItem(question=q), attempts=5, worker="w", created_at=NOW))
    assert [r.body.kind for r in world.replies.sent.values()] == ["answer"]


def test_an_error_is_the_one_reply_when_nothing_was_queued(world):
    q = Question(team="T1", channel="C1", ts="7.7", asker="U1", text=ANSWERABLE, source=Source.DM)
    world.service.failed(Received(id=3, item=QuestionItem(question=q), attempts=5, worker="w", created_at=NOW))
    [reply] = world.replies.sent.values()
    assert reply.body.kind == "note" and reply.body.note is Note.ERROR and reply.target.thread_ts == "7.7"


def test_a_slash_command_answers_privately_with_a_dm_fallback_and_can_be_shared(world):
    ask(world, ANSWERABLE, source=Source.COMMAND, url=HOOK)
    [reply] = world.replies.bodies("answer")
    assert (reply.target.url, reply.target.channel) == (HOOK, "U0ASKER1") and reply.body.shareable
    click(world, Action.SHARE, 1, FOUNDRY, ephemeral=True)
    click(world, Action.SHARE, 1, FOUNDRY, ephemeral=True, origin=51)  # twice: shared once
    shared = [r for r in world.replies.sent.values() if r.key.startswith("q1:share")]
    assert [r.key for r in shared] == ["q1:share", "q1:share:delete"]
    assert shared[0].target.in_channel and shared[0].body.shared_by == "U0ASKER1"
    assert shared[1].target.delete_original


def test_a_command_without_a_usable_response_url_is_answered_by_dm(world):
    ask(world, ANSWERABLE, source=Source.COMMAND, url=None)
    [reply] = world.replies.bodies("answer")
    assert reply.target.url is None and reply.target.channel == "U0ASKER1"


def test_clarify_only_the_asker_picks_and_only_once(world):
    ask(world, AMBIGUOUS)
    [clarify] = world.replies.bodies("clarify")
    options = [c.entry_id for c in clarify.body.options]
    assert len(options) >= 2
    assert click(world, Action.CLARIFY, 1, options[0], user="U0OTHER").outcome == "not_asker"
    [note] = world.replies.bodies("note")
    assert note.body.note is Note.NOT_ASKER and note.target.url == HOOK
    assert click(world, Action.CLARIFY, 1, options[0], origin=51).outcome == "answer"
    assert click(world, Action.CLARIFY, 1, options[1], origin=52).outcome == "already_chosen"
    answers = world.replies.bodies("answer")
    assert [a.body.entry.id for a in answers] == [options[0]]
    [resolved] = world.replies.bodies("resolved")
    assert resolved.target.update_ts == "2.2" and resolved.body.action == "chosen"


@pytest.mark.parametrize(("question", "lead", "missing", "language"), [
    (AMBIGUOUS, "training", None, None),
    ("Does Copilot keep our prompts and will Microsoft sign a BAA?", "retention", "BAA", None),
    ("Trainiert Anthropic mit unseren Daten?", "training", None, "de"),
])
def test_the_product_picked_is_answered_as_if_it_had_been_named(world, question, lead, missing, language):
    ask(world, question)
    [clarify] = world.replies.bodies("clarify")
    picked = clarify.body.options[0].entry_id
    assert click(world, Action.CLARIFY, 1, picked, origin=51).outcome == "answer"
    [answer] = world.replies.bodies("answer")  # the aspect asked first, what it does not cover, the language line
    assert (answer.body.lead, answer.body.not_covered, answer.body.language) == (lead, missing, language), picked


def test_feedback_once_per_answer_and_not_helpful_opens_the_form(world):
    ask(world, ANSWERABLE)
    assert click(world, Action.NOT_HELPFUL, 1, FOUNDRY).outcome == "not_helpful"
    assert click(world, Action.HELPFUL, 1, FOUNDRY, origin=51).outcome == "already_voted"
    assert world.screens.opened == [("feedback", "trig-1", 1)]
    assert len(world.feedback.votes) == 1 and not next(iter(world.feedback.votes.values())).helpful
    reason = "wrong product, call me on +49 170 1234567"
    form = SubmissionItem(form=Form.FEEDBACK, user="U0ASKER1", question_id=1, feedback_id=1,
                          values={"reason": reason, "escalate": True})
    world.service.handle(Received(id=60, item=form, attempts=1, worker="w", created_at=NOW))
    assert world.feedback.reasons[1] == "wrong product, call me on [phone number removed]"
    assert "1234567" not in world.escalations.get(1).why and "did not help" in world.escalations.get(1).why


@pytest.mark.parametrize("action", [Action.HELPFUL, Action.NOT_HELPFUL, Action.ESCALATE, Action.ESCALATE_PART])
def test_only_the_asker_rates_an_answer_or_hands_it_to_the_privacy_team(world, action):
    ask(world, ANSWERABLE)
    assert click(world, action, 1, FOUNDRY, user="U0BYSTAND", origin=51).outcome == "not_asker"
    [note] = world.replies.bodies("note")  # told privately; the asker's buttons stay, nothing is recorded
    assert note.body.note is Note.NOT_ASKERS_ANSWER and note.target.url == HOOK
    assert note.body.args["asker"] == "U0ASKER1"
    assert not world.feedback.votes and world.escalations.get(1) is None and not world.replies.bodies("resolved")
    assert click(world, action, 1, FOUNDRY, origin=52).outcome in ("helpful", "not_helpful", "escalate")


def test_after_the_retention_purge_a_click_on_the_old_answer_is_told_it_is_gone(world):
    ask(world, ANSWERABLE)
    record = world.questions.get(1)
    world.questions.rows[1] = record.model_copy(update={"question": record.question.model_copy(
        update={"asker": "", "text": ""})})  # what the purge leaves
    assert click(world, Action.HELPFUL, 1, FOUNDRY).outcome == "gone"
    assert world.replies.bodies("note")[0].body.note is Note.GONE and not world.feedback.votes


def test_a_not_helpful_whose_form_cannot_open_leaves_no_verdict_and_can_be_clicked_again(world):
    ask(world, ANSWERABLE)
    world.screens.failing = True
    with pytest.raises(RuntimeError):  # the inbox retries, then tells the clicker (Service.failed)
        click(world, Action.NOT_HELPFUL, 1, FOUNDRY)
    with pytest.raises(RuntimeError):  # the retry: the same, not "already voted" with the buttons dead
        click(world, Action.NOT_HELPFUL, 1, FOUNDRY)
    assert not world.feedback.votes and not world.replies.bodies("resolved")
    world.screens.failing = False  # a fresh click (a fresh trigger) opens the form
    assert click(world, Action.NOT_HELPFUL, 1, FOUNDRY, origin=51).outcome == "not_helpful"
    assert world.screens.opened == [("feedback", "trig-1", 1)] and len(world.feedback.votes) == 1


def test_a_not_helpful_whose_trigger_expired_is_told_to_click_again_at_once(world):
    ask(world, ANSWERABLE)
    world.screens.expired = True  # no retry can open it: told at once, nothing recorded
    assert click(world, Action.NOT_HELPFUL, 1, FOUNDRY).outcome == "form_expired"
    assert world.replies.bodies("note")[0].body.note is Note.FORM_EXPIRED and not world.feedback.votes
    world.screens.expired = False
    assert click(world, Action.NOT_HELPFUL, 1, FOUNDRY, origin=51).outcome == "not_helpful"


def test_a_verdict_replaced_by_a_click_whose_form_expired_is_kept_as_it_was(world):
    """The asker rated the entry, then the privacy team sent them that very entry: a "Not helpful" on the team's
    message replaces the earlier verdict, but not when its form cannot open (the earlier verdict stands)."""
    ask(world, UNKNOWN)
    world.feedback.now = NOW - dt.timedelta(hours=1)  # rated before the team answered
    assert click(world, Action.HELPFUL, 1, FOUNDRY).outcome == "helpful"
    [(key, before)] = world.feedback.votes.items()
    world.feedback.now = NOW + dt.timedelta(minutes=5)
    form = SubmissionItem(form=Form.TRIAGE_SEND_ENTRY, user="U0TRIAGE1", question_id=1, values={"entry_id": FOUNDRY})
    assert world.service.handle(Received(id=60, item=form, attempts=1, worker="w", created_at=NOW)
                                ).outcome == "answered"
    world.screens.expired = True
    assert click(world, Action.NOT_HELPFUL, 1, FOUNDRY, origin=51).outcome == "form_expired"
    assert world.feedback.votes == {key: before} and world.feedback.given[key] == NOW - dt.timedelta(hours=1)
    world.screens.failing, world.screens.expired = True, False  # Slack down: retried, the earlier verdict kept too
    with pytest.raises(RuntimeError):
        click(world, Action.NOT_HELPFUL, 1, FOUNDRY, origin=52)
    assert world.feedback.votes == {key: before}
    world.screens.failing = False  # a fresh click replaces it
    assert click(world, Action.NOT_HELPFUL, 1, FOUNDRY, origin=53).outcome == "not_helpful"
    assert world.feedback.votes[key].helpful is False and world.screens.opened[-1] == ("feedback", "trig-1", 1)


def test_the_notes_to_an_asker_who_clicks_again_carry_their_language(world):
    ask(world, "Speichert Anthropic unsere Prompts, wenn wir Claude über Microsoft Foundry nutzen?")
    click(world, Action.HELPFUL, 1, FOUNDRY)
    assert click(world, Action.HELPFUL, 1, FOUNDRY, origin=51).outcome == "already_voted"
    ask(world, "Trainiert Anthropic mit unseren Daten?", ts="1.2", origin=2)
    click(world, Action.CLARIFY, 2, "anthropic-api", origin=52)
    assert click(world, Action.CLARIFY, 2, "claude-for-work", origin=53).outcome == "already_chosen"
    ask(world, "Wie lange speichert Perplexity unsere Prompts auf Vertex AI?", ts="1.3", origin=3)
    assert click(world, Action.ESCALATE, 3, origin=54).outcome == "already_escalated"
    notes = [(r.body.note, r.body.language) for r in world.replies.bodies("note")]
    assert notes == [(Note.ALREADY_VOTED, "de"), (Note.ALREADY_CHOSEN, "de"), (Note.ALREADY_ESCALATED, "de")]
    ask(world, ANSWERABLE, ts="1.4", origin=4)  # English: no line
    click(world, Action.HELPFUL, 4, FOUNDRY, origin=55)
    click(world, Action.HELPFUL, 4, FOUNDRY, origin=56)
    assert world.replies.bodies("note")[-1].body.language is None


def test_unknown_questions_are_escalated_once_and_asking_again_is_told(world):
    assert ask(world, UNKNOWN).outcome == "escalate"
    esc = world.escalations.get(1)
    assert esc is not None and esc.triage_channel == "C0TRIAGE" and esc.near_misses
    assert click(world, Action.ESCALATE, 1).outcome == "already_escalated"
    assert world.replies.bodies("note")[0].body.note is Note.ALREADY_ESCALATED


def test_a_follow_up_handed_over_is_read_with_what_it_follows(world):
    assert ask(world, ANSWERABLE).outcome == "answer"
    q = Question(team="T1", channel="C1", ts="1.5", thread_ts="1.1", asker="U0ASKER1", text="and on Vertex?",
                 source=Source.MENTION, original_length=14)
    handled = world.service.handle(Received(id=2, item=QuestionItem(question=q), attempts=1, worker="w",
                                            created_at=NOW))
    assert (handled.outcome, handled.entry_id) == ("answer", "claude-google-vertex-ai")
    assert click(world, Action.ESCALATE, 2, "claude-google-vertex-ai", origin=51).outcome == "escalate"
    esc = world.escalations.get(2)  # the triager sees the question it follows and how it was read
    assert esc.follows == 1 and "Vertex" in (esc.reading or "")
    assert esc.near_misses[0].entry_id == "claude-google-vertex-ai", esc.near_misses
    assert ask(world, ANSWERABLE, ts="9.9", origin=3).outcome == "answer"
    assert click(world, Action.ESCALATE, 3, FOUNDRY, origin=52).outcome == "escalate"
    assert world.escalations.get(3).follows is None  # a question of its own follows nothing,
    own = Question(team="T1", channel="C1", ts="1.7", thread_ts="1.1", asker="U0ASKER1", text=UNKNOWN,
                   source=Source.MENTION, original_length=len(UNKNOWN))  # even in the same thread
    assert world.service.handle(Received(id=4, item=QuestionItem(question=own), attempts=1, worker="w",
                                         created_at=NOW)).outcome == "escalate"
    assert world.escalations.get(4).follows is None


def test_a_privacy_command_follows_up_the_same_persons_last_one(world):
    first = ask(world, "Does Claude on Vertex train on our data?", source=Source.COMMAND, url=HOOK, origin=1)
    assert (first.outcome, first.entry_id) == ("answer", "claude-google-vertex-ai")
    again = ask(world, "and on Bedrock?", source=Source.COMMAND, url=HOOK, origin=2)
    assert (again.outcome, again.entry_id) == ("answer", "claude-amazon-bedrock")  # Claude on Bedrock, training
    assert world.replies.bodies("answer")[-1].body.lead == "training"


def test_a_follow_up_keeps_the_part_the_earlier_question_asked_that_no_entry_covers(world):
    assert ask(world, "Is Azure OpenAI HIPAA compliant and will Microsoft sign a BAA?").outcome == "answer"
    q = Question(team="T1", channel="C1", ts="1.5", thread_ts="1.1", asker="U0ASKER1", text="and the OpenAI API?",
                 source=Source.MENTION, original_length=19)
    handled = world.service.handle(Received(id=2, item=QuestionItem(question=q), attempts=1, worker="w",
                                            created_at=NOW))
    assert (handled.outcome, handled.entry_id) == ("answer", "openai-api")
    reply = world.replies.bodies("answer")[-1].body
    assert reply.not_covered and "BAA" in reply.not_covered  # not a confident answer about the BAA
    assert click(world, Action.ESCALATE_PART, 2, "openai-api", origin=52).outcome == "escalate"
    assert "BAA" in world.escalations.get(2).why  # the part the asker wants, not "the rest of the question"


def test_a_follow_up_to_an_escalated_question_is_read_with_it_and_handed_over_too(world):
    assert ask(world, UNKNOWN).outcome == "escalate"  # Perplexity on Vertex AI: no entry
    q = Question(team="T1", channel="C1", ts="1.5", thread_ts="1.1", asker="U0ASKER1", text="and training?",
                 source=Source.MENTION, original_length=13)
    handled = world.service.handle(Received(id=2, item=QuestionItem(question=q), attempts=1, worker="w",
                                            created_at=NOW))
    assert handled.outcome == "escalate"  # not a question back listing products nobody named
    esc = world.escalations.get(2)
    assert esc.follows == 1 and "Perplexity" in (esc.reading or "") and "training" in (esc.reading or "")
    assert not world.replies.bodies("clarify")
    declined = Question(team="T1", channel="C1", ts="2.1", asker="U0ASKER1", text="what is the vpn password",
                        source=Source.MENTION, original_length=24)
    assert world.service.handle(Received(id=3, item=QuestionItem(question=declined), attempts=1, worker="w",
                                         created_at=NOW)).outcome == "decline"
    after = Question(team="T1", channel="C1", ts="2.5", thread_ts="2.1", asker="U0ASKER1", text="and on Vertex?",
                     source=Source.MENTION, original_length=14)  # a declined message continues nothing
    assert world.service.handle(Received(id=4, item=QuestionItem(question=after), attempts=1, worker="w",
                                         created_at=NOW)).outcome != "answer"


def test_after_a_question_about_us_went_to_a_person_a_follow_up_keeps_the_threads_answered_product(world):
    assert ask(world, ANSWERABLE).outcome == "answer"  # Claude in Microsoft Foundry
    handled = []
    for k, text in enumerate(("are we as a company even allowed to use it for health data?",  # ours: a person
                              "ok and where is the data processed, eu region possible?"), start=2):
        q = Question(team="T1", channel="C1", ts=f"1.{k}", thread_ts="1.1", asker="U0ASKER1", text=text,
                     source=Source.MENTION, original_length=len(text))
        handled.append(world.service.handle(Received(id=k, item=QuestionItem(question=q), attempts=1, worker="w",
                                                     created_at=NOW)))
    assert handled[0].outcome == "escalate", handled[0]
    assert (handled[1].outcome, handled[1].entry_id) == ("answer", "claude-microsoft-foundry")  # not "which one?"
    assert world.replies.bodies("answer")[-1].body.lead == "location"


def test_decline_then_ask_the_privacy_team_anyway_resolves_the_message(world):
    assert ask(world, "what is the vpn password").outcome == "decline"
    assert click(world, Action.ESCALATE, 1).outcome == "escalate"
    [resolved] = world.replies.bodies("resolved")
    assert resolved.body.action == "escalated"


def test_too_long_rate_limited_and_empty_get_one_polite_reply(world):
    q = Question(team="T1", channel="C1", ts="3.3", asker="U1", text="privacy " * 10, source=Source.DM,
                 original_length=40_000)
    world.service.handle(Received(id=1, item=QuestionItem(question=q), attempts=1, worker="w", created_at=NOW))
    world.limiter.allowed = False
    ask(world, ANSWERABLE, ts="4.4", origin=2)
    world.limiter.allowed = True
    ask(world, "", ts="5.5", origin=3)
    assert [r.body.kind for r in world.replies.sent.values()] == ["too_long", "rate_limited", "note"]


def test_triage_refuses_outsiders_and_has_one_winner(world):
    ask(world, UNKNOWN)
    assert click(world, Action.CLAIM, 1, user="U0OUTSIDE").outcome == "refused"
    assert world.replies.bodies("note")[-1].body.note is Note.TRIAGE_REFUSED
    assert click(world, Action.CLAIM, 1, user="U0TRIAGE1", origin=51).outcome == "claim"
    assert click(world, Action.CLOSE, 1, user="U0TRIAGE1", origin=52, detail="not_privacy").outcome == "close"
    assert click(world, Action.CLAIM, 1, user="U0TRIAGE1", origin=53).outcome == "already"
    assert world.replies.bodies("note")[-1].body.args["status"] == "closed"


def duplicate(world: World, qid: int, of: int, *, user: str = "U0TRIAGE1", origin: int = 70):
    form = SubmissionItem(form=Form.TRIAGE_DUPLICATE, user=user, question_id=qid, values={"of": of})
    return world.service.handle(Received(id=origin, item=form, attempts=1, worker="w", created_at=NOW))


def test_closing_as_a_duplicate_asks_of_which_question_and_records_it(world):
    assert click(world, Action.CLOSE, 99, user="U0TRIAGE1", detail="duplicate").outcome == "gone"
    ask(world, UNKNOWN)
    assert click(world, Action.CLOSE, 1, user="U0TRIAGE1", origin=51, detail="duplicate").outcome == "no_duplicate"
    assert world.replies.bodies("note")[-1].body.note is Note.NO_DUPLICATE and world.escalations.get(1).status.value \
        == "open"
    ask(world, "How long does Mistral keep prompts on Vertex AI?", ts="1.2", origin=2)
    ask(world, "How long does Perplexity keep our prompts on Vertex AI?", ts="1.3", origin=3)
    assert click(world, Action.CLOSE, 3, user="U0TRIAGE1", origin=52, detail="duplicate").outcome == "form"
    assert world.screens.opened[-1] == ("duplicate", "trig-1", 3) and world.screens.others == [1, 2]  # alike first
    assert world.escalations.get(3).status.value == "open"  # nothing closed until the form says of which
    assert duplicate(world, 3, 1, user="U0OUTSIDE").outcome == "refused"
    assert duplicate(world, 3, 3, origin=71).outcome == "not_a_duplicate"
    assert world.replies.bodies("note")[-1].body.args == {"of": "3"}
    assert duplicate(world, 3, 1, origin=72).outcome == "close"
    esc = world.escalations.get(3)
    assert (esc.status.value, esc.close_reason.value, esc.duplicate_of) == ("closed", "duplicate", 1)
    assert duplicate(world, 3, 2, origin=73).outcome == "already"  # settled already
    # a duplicate of a question closed as a duplicate is one of the question that gets the answer
    assert duplicate(world, 2, 3, origin=74).outcome == "close" and world.escalations.get(2).duplicate_of == 1
    # ... and never of itself through that chain
    ask(world, "How long does Cohere keep prompts on Vertex AI?", ts="1.4", origin=4)
    assert duplicate(world, 1, 2, origin=75).outcome == "not_a_duplicate"
    world.screens.expired = True
    assert click(world, Action.CLOSE, 4, user="U0TRIAGE1", origin=53, detail="duplicate").outcome == "form_expired"
    click(world, Action.CLOSE, 1, user="U0TRIAGE1", origin=54, detail="not_privacy")  # settled without an answer
    assert duplicate(world, 4, 1, origin=76).outcome == "not_a_duplicate"  # (a form opened before that)
    assert duplicate(world, 4, 99, origin=77).outcome == "not_a_duplicate"  # gone


def test_triage_forms_open_only_for_the_team_and_send_the_entry_as_it_is(world, answers):
    ask(world, UNKNOWN)
    assert click(world, Action.ANSWER_FORM, 1, user="U0OUTSIDE").outcome == "refused"
    assert click(world, Action.SEND_ENTRY_FORM, 1, user="U0TRIAGE1", origin=51).outcome == "form"
    assert world.screens.opened == [("send_entry", "trig-1", 1)]
    form = SubmissionItem(form=Form.TRIAGE_SEND_ENTRY, user="U0TRIAGE1", question_id=1,
                          values={"entry_id": FOUNDRY})
    assert world.service.handle(Received(id=60, item=form, attempts=1, worker="w", created_at=NOW)
                                ).outcome == "answered"
    assert world.escalations.get(1).entry_id == FOUNDRY


def test_home_lists_the_persons_questions(world):
    ask(world, ANSWERABLE)
    world.service.handle(Received(id=9, item=HomeItem(user="U0ASKER1"), attempts=1, worker="w", created_at=NOW))
    assert world.screens.opened == [("home", "U0ASKER1", 1)]


@pytest.mark.parametrize("text, names", [
    ("Does Perplexity keep our prompts?", "Perplexity"),
    ("How long does Mistral keep prompts on Vertex AI?", "Mistral + Vertex AI"),
    ("Does DeepSeek on AWS Bedrock train on our data?", "DeepSeek + AWS Bedrock"),
])
def test_the_triage_team_reads_the_names_no_entry_covers_as_the_asker_wrote_them(world, text, names):
    assert ask(world, text).outcome == "escalate"
    assert world.escalations.get(1).why == f"no curated answer covers {names}"  # not "perplexity"
