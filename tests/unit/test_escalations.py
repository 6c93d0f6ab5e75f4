"""The escalation rules and the Answer… form's checks (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.drafts import FIELDS, draft_fields, parse_draft
from bot.core.escalations import (
    ALLOWED_FROM,
    NOTICES,
    Escalation,
    Move,
    Notice,
    Status,
    backoff,
    nearest_by_wording,
    refusal,
    reminder_due,
)

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)
GOOD = {
    "title": "Mistral models on Vertex AI",
    "summary": "Google runs the models as a processor; Mistral does not see your prompts.",
    "processor": "Google: data processor (prompts and outputs)\n• Mistral AI: model provider",
    "retention_what": "Prompts and outputs", "retention_duration": "not publicly specified",
    "training_use": "", "data_location": "Your selected region",
    "governance": "Google Cloud Data Processing Addendum https://cloud.google.com/terms/data-processing-addendum",
    "references": "Vertex AI data governance - https://cloud.google.com/vertex-ai/generative-ai/docs/data-governance",
}


def esc(status: Status, **kw) -> Escalation:
    return Escalation(question_id=1, status=status, why="x", triage_channel="C1", created_at=NOW, **kw)


def test_a_complete_form_becomes_a_structured_draft():
    draft, errors = parse_draft(GOOD)
    assert errors == {}
    assert [(p.name, p.role, p.data) for p in draft.processor] == [
        ("Google", "data processor", "prompts and outputs"), ("Mistral AI", "model provider", None)]
    assert draft.training_use is None and draft.data_location == "Your selected region"
    assert [(r.title, r.url) for r in draft.references] == [
        ("Vertex AI data governance", "https://cloud.google.com/vertex-ai/generative-ai/docs/data-governance")]
    assert parse_draft(draft_fields(draft)) == (draft, {})


@pytest.mark.parametrize("field, value, message", [
    ("title", "", "Required."),
    ("summary", "Too short.", "Two or three sentences"),
    ("processor", "Google processes it", "Line 1: write one party per line as `Name: role"),
    ("retention_duration", " ", "not publicly specified"),
    ("references", "The Vertex docs", "Line 1: add the source's web address"),
    ("references", "The Vertex docs http://example.com/docs", "Line 1: use the page's https:// address"),
    ("references", "Docs https://example.com\nMore http://[bad", "Line 2: http://[bad is not a valid web address"),
    ("governance", "\n".join(f"doc {n}" for n in range(25)), "At most 20 lines"),
    ("title", "x" * 151, "under 150 characters"),
])
def test_each_problem_is_reported_on_its_field(field, value, message):
    draft, errors = parse_draft({**GOOD, field: value})
    assert draft is None and list(errors) == [field] and message in errors[field]


def test_every_missing_required_field_is_reported_at_once():
    _, errors = parse_draft({})
    assert set(errors) == {"title", "summary", "processor", "retention_what", "retention_duration", "references"}
    assert set(errors) <= set(FIELDS)


def test_moves_and_their_messages():
    assert refusal(esc(Status.OPEN), Move.CLAIM, "U1") is None
    assert refusal(esc(Status.CLAIMED, claimed_by="U1"), Move.CLAIM, "U2") is Status.CLAIMED
    assert refusal(esc(Status.CLAIMED, claimed_by="U1"), Move.CLAIM, "U1") is None
    assert refusal(esc(Status.CLAIMED, claimed_by="U1"), Move.ANSWER, "U2") is None
    for move in (Move.ANSWER, Move.SEND_ENTRY, Move.CLOSE, Move.CLAIM):
        assert refusal(esc(Status.ANSWERED, answered_by="U1"), move, "U2") is Status.ANSWERED
        assert refusal(esc(Status.CLOSED, closed_by="U1"), move, "U2") is Status.CLOSED
    assert all(Status.ANSWERED not in allowed and Status.CLOSED not in allowed for allowed in ALLOWED_FROM.values())
    assert NOTICES[Move.ANSWER] == (Notice.ASKER_ANSWER, Notice.TRIAGE_REFRESH)
    assert {n.stream for n in Notice} == {"asker", "triage"}
    assert esc(Status.CLAIMED, claimed_by="U7").holder == "U7"


def test_one_reminder_while_unclaimed_or_claimed_and_unanswered_since_the_claim():
    after = dt.timedelta(hours=4)
    old = NOW - dt.timedelta(hours=5)
    assert reminder_due(esc(Status.OPEN).model_copy(update={"created_at": old}), now=NOW, after=after)
    assert not reminder_due(esc(Status.OPEN), now=NOW, after=after)
    assert not reminder_due(esc(Status.CLAIMED).model_copy(update={"created_at": old, "claimed_at": NOW}), now=NOW,
                            after=after)  # claimed an hour ago: its claimer is on it
    assert reminder_due(esc(Status.CLAIMED).model_copy(update={"created_at": old, "claimed_at": old}), now=NOW,
                        after=after)  # a claim as old as the interval, unanswered: forgotten?
    assert not reminder_due(esc(Status.ANSWERED).model_copy(update={"created_at": old, "claimed_at": old}),
                            now=NOW, after=after)
    earlier = NOW - dt.timedelta(hours=9)  # reminded while unclaimed, claimed since, that claim as old: once more
    assert reminder_due(esc(Status.CLAIMED, reminded_at=earlier).model_copy(update={"claimed_at": old}), now=NOW,
                        after=after)
    assert not reminder_due(esc(Status.CLAIMED, reminded_at=NOW).model_copy(update={"claimed_at": old}), now=NOW,
                            after=after)  # reminded since the claim
    assert not reminder_due(esc(Status.OPEN, reminded_at=NOW).model_copy(update={"created_at": old}), now=NOW,
                            after=after)


def test_nearest_by_wording_ranks_entries_whose_examples_read_alike(answers):
    near = nearest_by_wording("How long does Mistral keep prompts on Vertex AI?", answers.entries.values())
    assert len(near) == 3 and all(m.basis == "wording" for m in near)
    assert {m.entry_id for m in near} & {"gemini-vertex-ai", "claude-google-vertex-ai"}
    assert [m.score for m in near] == sorted((m.score for m in near), reverse=True)
    assert nearest_by_wording("", answers.entries.values()) == ()


def test_backoff_doubles_up_to_a_cap_and_honours_retry_after():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert backoff(30) == 300.0
    assert backoff(1, retry_after=7) == 7.0
