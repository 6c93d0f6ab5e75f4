"""The store on SQLite and PostgreSQL: dedupe, stale retries, feedback, rate limits, migrations."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import inspect

from bot.core.questions import Feedback, Handling, Question, Source
from bot.store import Store, current_revision, open_store, upgrade


@pytest.fixture
def store(db_url: str, clock) -> Iterator[Store]:
    store = open_store(db_url, rate_limit_per_minute=10, clock=clock)
    upgrade(store.engine)
    yield store
    store.close()


def question(ts: str | None = "1700000000.000100", asker: str = "U1", text: str = "Does Anthropic keep prompts?"):
    return Question(team="T1", channel="C1", ts=ts, thread_ts=None, asker=asker, text=text, source=Source.MENTION,
                    original_length=len(text))


def test_upgrade_creates_the_tables_and_is_idempotent(store):
    upgrade(store.engine)
    assert current_revision(store.engine) == "0002"
    tables = set(inspect(store.engine).get_table_names())
    assert {"questions", "processed_events", "feedback", "rate_limits", "escalations", "outbox"} <= tables
    store.ping()


def test_an_event_is_claimed_once(store):
    assert store.events.claim("Ev1") is True
    assert store.events.claim("Ev1") is False
    assert store.events.claim("Ev2") is True


def test_a_stale_unfinished_event_goes_through_again_but_a_finished_one_never(store, clock):
    store.events.claim("Ev1")
    store.events.claim("Ev2")
    store.events.finish("Ev2")
    clock.advance(minutes=1)
    assert store.events.claim("Ev1") is False  # still being processed elsewhere
    clock.advance(minutes=5)
    assert store.events.claim("Ev1") is True  # its first processing died
    assert store.events.claim("Ev1") is False
    assert store.events.claim("Ev2") is False


def test_concurrent_claims_of_one_event_have_one_winner(store):
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: store.events.claim("EvRace"), range(16)))
    assert results.count(True) == 1


def test_a_message_is_recorded_once(store):
    first = store.questions.claim(question())
    assert first is not None
    assert first.question.text == "Does Anthropic keep prompts?"
    assert first.handling is None
    assert store.questions.claim(question()) is None
    assert store.questions.claim(question(ts="1700000000.000200")) is not None


def test_a_stale_unanswered_question_can_be_retaken_but_an_answered_one_cannot(store, clock):
    first = store.questions.claim(question())
    other = store.questions.claim(question(ts="2"))
    store.questions.record_reply(other.id, Handling.ANSWER, entry_id="e", entry_version="v1")
    clock.advance(minutes=10)
    again = store.questions.claim(question())
    assert again is not None and again.id == first.id
    assert store.questions.claim(question(ts="2")) is None


def test_commands_have_no_ts_and_are_all_kept(store):
    a = store.questions.claim(question(ts=None))
    b = store.questions.claim(question(ts=None))
    assert a is not None and b is not None and a.id != b.id


def test_reply_escalation_and_recent(store, clock):
    ids = []
    for n in range(4):
        record = store.questions.claim(question(ts=str(n), text=f"q{n}"))
        ids.append(record.id)
        clock.advance(seconds=1)
    store.questions.claim(question(ts="x", asker="U2"))
    store.questions.record_reply(ids[0], Handling.ANSWER, entry_id="claude-microsoft-foundry", entry_version="abc")
    got = store.questions.get(ids[0])
    assert (got.handling, got.entry_id, got.entry_version) == (Handling.ANSWER, "claude-microsoft-foundry", "abc")
    assert got.replied_at is not None and got.replied_at.tzinfo is not None
    assert store.questions.mark_escalated(ids[1]) is True
    assert store.questions.mark_escalated(ids[1]) is False
    assert store.questions.mark_escalated(999_999) is False
    recent = store.questions.recent("U1", limit=3)
    assert [r.question.text for r in recent] == ["q3", "q2", "q1"]
    assert recent[2].escalated_at is not None
    assert store.questions.get(999_999) is None


def test_feedback_latest_verdict_wins_and_reason_only_by_its_author(store):
    qid = store.questions.claim(question()).id
    vote = Feedback(question_id=qid, entry_id="e", entry_version="v1", user="U1", helpful=True)
    first = store.feedback.record(vote)
    second = store.feedback.record(vote.model_copy(update={"helpful": False}))
    assert first == second
    other = store.feedback.record(vote.model_copy(update={"user": "U2"}))
    assert other != first
    assert store.feedback.add_reason(first, "U2", "not mine") is False
    assert store.feedback.add_reason(first, "U1", "it is about Bedrock") is True
    from sqlalchemy import select

    from bot.store.schema import feedback

    with store.engine.connect() as conn:
        row = conn.execute(select(feedback).where(feedback.c.id == first)).one()
    assert (row.helpful, row.reason, row.entry_version) == (False, "it is about Bedrock", "v1")


def test_rate_limit_allows_ten_a_minute_per_person(store, clock):
    assert all(store.rate_limiter.allow("T1:U1") for _ in range(10))
    assert store.rate_limiter.allow("T1:U1") is False
    assert store.rate_limiter.allow("T1:U2") is True
    clock.advance(seconds=30)  # half of the last minute still counts
    assert store.rate_limiter.allow("T1:U1") is False
    clock.advance(minutes=2)
    assert store.rate_limiter.allow("T1:U1") is True


def test_rate_limit_holds_under_concurrency(store):
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: store.rate_limiter.allow("T1:U9"), range(25)))
    assert results.count(True) == 10
