"""Escalations and the outbox on SQLite and PostgreSQL: one winner per move, messages queued with each change,
leases, stream order, crash recovery, one reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.core.drafts import parse_draft
from bot.core.escalations import CloseReason, NearMiss, Notice, Opening, Status
from bot.core.questions import Question, Source
from bot.knowledge.loader import load_answer_set
from bot.store import Store, open_store
from tests.conftest import KNOWLEDGE

LEASE = dt.timedelta(seconds=30)
DRAFT, _ = parse_draft({
    "title": "Mistral models on Vertex AI", "summary": "Google processes prompts as a processor; retention is "
    "not publicly specified.", "processor": "Google: processor (prompts and outputs)",
    "retention_what": "prompts and outputs", "retention_duration": "not publicly specified",
    "references": "Vertex AI data governance https://cloud.google.com/vertex-ai/generative-ai/docs/data-governance"})


@pytest.fixture
def store(db_url: str, clock) -> Iterator[Store]:
    store = open_store(db_url, clock=clock, migrate=True)
    yield store
    store.close()


def escalate(store: Store, n: int = 1, *, reply_url: str | None = None) -> int:
    q = Question(team="T1", channel="C1", ts=f"1700000000.{n:06d}", asker=f"U{n}", text=f"question {n}",
                 source=Source.MENTION)
    record = store.questions.record(q)
    opened = store.escalations.open(Opening(
        question_id=record.id, why="no curated entry fits", near_misses=(NearMiss(entry_id="e1", score=0.42),),
        providers=("mistral",), platforms=("google-vertex-ai",), triage_channel="CTRIAGE", reply_url=reply_url,
        follows=n + 100, reading="Mistral on Vertex AI"))
    assert opened
    return record.id


def take_all(store: Store, worker: str = "w1") -> list:
    return store.outbox.take(worker=worker, lease=LEASE)


def notice(item) -> Notice:
    return item.reply.body.notice


def test_opening_queues_the_triage_post_and_the_asker_notice_once(store):
    qid = escalate(store, reply_url="https://hooks.example/1")
    assert store.escalations.open(Opening(question_id=qid, why="again", triage_channel="CTRIAGE")) is False
    esc = store.escalations.get(qid)
    assert (esc.status, esc.near_misses, esc.providers, esc.triage_ts) == (
        Status.OPEN, (NearMiss(entry_id="e1", score=0.42),), ("mistral",), None)
    assert (esc.follows, esc.reading) == (101, "Mistral on Vertex AI")  # what a follow-up continues, as read
    assert store.questions.get(qid).escalated_at is not None
    taken = take_all(store)
    assert [(notice(p), p.reply.body.reply_url, p.attempts, p.maybe_sent) for p in taken] == [
        (Notice.TRIAGE_POST, None, 1, False), (Notice.ASKER_NOTICE, "https://hooks.example/1", 1, False)]
    assert take_all(store, "w2") == []  # leased to w1


def test_concurrent_opens_have_one_winner(store):
    q = Question(team="T1", channel="C1", ts="1.1", asker="U1", text="q", source=Source.DM)
    qid = store.questions.record(q).id
    opening = Opening(question_id=qid, why="x", triage_channel="CTRIAGE")
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: store.escalations.open(opening), range(16)))
    assert results.count(True) == 1
    assert len(take_all(store)) == 2


def test_concurrent_claims_have_one_winner_and_the_losers_see_the_owner(store):
    qid = escalate(store)
    users = [f"UTRIAGE{n}" for n in range(12)]
    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(lambda u: store.escalations.claim(qid, u), users))
    winners = [u for u, (won, _) in zip(users, results, strict=True) if won]
    assert len(winners) == 1
    assert {esc.claimed_by for _, esc in results} == {winners[0]}
    assert all(esc.status is Status.CLAIMED for _, esc in results)


def test_answer_close_and_send_follow_the_rules(store, clock):
    a, b, c = escalate(store, 1), escalate(store, 2), escalate(store, 3)
    store.escalations.claim(a, "UT1")
    won, esc = store.escalations.answer(a, "UT2", DRAFT, user_name="jane")  # a claim does not strand the asker
    assert won and (esc.status, esc.answered_by, esc.answered_by_name, esc.draft) == (
        Status.ANSWERED, "UT2", "jane", DRAFT)
    assert store.escalations.answer(a, "UT1", DRAFT)[0] is False
    assert store.escalations.close(a, "UT1", CloseReason.DUPLICATE)[0] is False
    assert store.escalations.claim(a, "UT1")[0] is False
    won, esc = store.escalations.close(b, "UT1", CloseReason.NOT_PRIVACY)
    assert won and (esc.status, esc.closed_by, esc.close_reason) == (Status.CLOSED, "UT1", CloseReason.NOT_PRIVACY)
    entry = load_answer_set(KNOWLEDGE).entries["claude-microsoft-foundry"]
    won, esc = store.escalations.send_entry(c, "UT3", entry, "abc123")
    assert won and (esc.status, esc.entry_id, esc.entry_version) == (Status.ANSWERED, "claude-microsoft-foundry",
                                                                     "abc123")
    assert store.escalations.claim(999_999, "UT1") == (False, None)
    assert [e.question_id for e, _ in store.escalations.listing(unanswered_only=True)] == []
    assert [(e.question_id, q.question.text) for e, q in store.escalations.listing(answered_with_draft=True)] == [
        (a, "question 1")]
    assert set(store.escalations.of_questions([a, b, 424242])) == {a, b}


def test_each_move_queues_its_messages_in_stream_order(store):
    qid = escalate(store)
    store.escalations.claim(qid, "UT1")
    store.escalations.answer(qid, "UT1", DRAFT)
    order = []
    for _ in range(10):
        batch = take_all(store)
        if not batch:
            break
        order.append(sorted(notice(p).value for p in batch))
        for item in batch:
            store.outbox.delivered(item, channel="CTRIAGE", ts=f"1800000000.{item.id:06d}")
    assert order == [["asker_notice", "triage_post"], ["asker_answer", "triage_refresh"], ["triage_refresh"]]
    assert store.escalations.get(qid).triage_ts == store.outbox.sent(qid)[0][2]
    assert store.outbox.undelivered() == []


def test_a_message_for_the_asker_given_up_is_recorded_on_the_escalation_with_what_the_team_hears(store):
    from bot.core.replies import delivery_news

    qid = escalate(store)
    for item in take_all(store):
        store.outbox.delivered(item, channel="CTRIAGE", ts="1800000000.000001")
    store.escalations.answer(qid, "UT1", DRAFT)
    answer, refresh = sorted(take_all(store), key=lambda p: notice(p) is not Notice.ASKER_ANSWER)
    store.outbox.delivered(refresh, channel="CTRIAGE", ts="1800000000.000001")
    store.outbox.give_up(answer, error="HTTP 200 user_disabled", notify=delivery_news(answer.reply.body,
                                                                                      given_up=True))
    store.outbox.give_up(answer, error="again", notify=delivery_news(answer.reply.body, given_up=True))  # no twice
    assert store.escalations.get(qid).undelivered is Notice.ASKER_ANSWER
    first, = take_all(store)  # the note in the triage thread, then the triage message updated
    assert (notice(first), first.reply.key) == (Notice.UNDELIVERED, f"q{qid}:undelivered:asker_answer")
    store.outbox.delivered(first, channel="CTRIAGE", ts="1800000000.000002")
    assert [(notice(p), p.reply.key) for p in take_all(store)] == [
        (Notice.TRIAGE_REFRESH, f"q{qid}:triage_refresh:undelivered:asker_answer")]
    other = escalate(store, 2)
    assert store.escalations.get(other).undelivered is None


def test_an_answer_reaches_the_askers_of_the_questions_closed_as_its_duplicates_once(store):
    def relays() -> list[tuple[int, int | None]]:
        found = []
        while batch := take_all(store):
            for item in batch:
                body = item.reply.body
                if body.notice is Notice.ASKER_ANSWER and body.answer_of is not None:
                    found.append((body.question_id, body.answer_of))
                store.outbox.delivered(item, channel="C1", ts="1800000000.000001")
        return found

    original, first, second, third = (escalate(store, n) for n in (1, 2, 3, 4))
    relays()
    won, esc = store.escalations.close(first, "UT1", CloseReason.DUPLICATE, duplicate_of=original)
    assert won and (esc.status, esc.close_reason, esc.duplicate_of) == (Status.CLOSED, CloseReason.DUPLICATE, original)
    store.escalations.close(second, "UT1", CloseReason.DUPLICATE, duplicate_of=third)
    store.escalations.close(third, "UT2", CloseReason.DUPLICATE, duplicate_of=original)  # second follows it there
    assert store.escalations.get(second).duplicate_of == original
    assert relays() == []  # nothing to relay while the original waits
    assert [e.question_id for e, _ in store.escalations.others(first)] == [original]  # waiting or answered only
    store.escalations.answer(original, "UT1", DRAFT)
    assert sorted(relays()) == [(first, original), (second, original), (third, original)]
    late = escalate(store, 5)
    relays()
    store.escalations.close(late, "UT1", CloseReason.DUPLICATE, duplicate_of=original)  # answered already: at once
    assert relays() == [(late, original)]  # and the others not again
    assert store.escalations.close(late, "UT1", CloseReason.DUPLICATE, duplicate_of=original)[0] is False
    assert relays() == []


def test_a_lapsed_lease_is_taken_again_as_maybe_sent(store, clock):
    qid = escalate(store)
    first = take_all(store, "w1")
    clock.advance(seconds=10)
    assert take_all(store, "w2") == []
    clock.advance(seconds=25)  # w1 died mid-send
    again = take_all(store, "w2")
    assert [(p.id, p.attempts, p.maybe_sent, p.worker) for p in again] == [
        (p.id, 2, True, "w2") for p in first]
    assert again[0].first_attempt_at == first[0].first_attempt_at
    store.outbox.retry(first[0], delay=dt.timedelta(seconds=1), error="late", uncertain=False)  # not ours any more
    assert take_all(store, "w3") == []
    assert store.escalations.get(qid).status is Status.OPEN


def test_retry_waits_and_remembers_uncertainty(store, clock):
    escalate(store)
    post, told = take_all(store)
    store.outbox.retry(post, delay=dt.timedelta(seconds=5), error="HTTP 500", uncertain=True)
    store.outbox.retry(told, delay=dt.timedelta(seconds=5), error="HTTP 429", uncertain=False)
    assert take_all(store) == []
    assert [(u.kind, u.attempts, u.last_error) for u in store.outbox.undelivered()] == [
        ("escalation", 1, "HTTP 500"), ("escalation", 1, "HTTP 429")]
    clock.advance(seconds=6)
    assert [(notice(p), p.attempts, p.maybe_sent) for p in take_all(store)] == [
        (Notice.TRIAGE_POST, 2, True), (Notice.ASKER_NOTICE, 2, False)]


def test_concurrent_workers_never_take_the_same_message(store):
    for n in range(1, 11):
        escalate(store, n)
    with ThreadPoolExecutor(6) as pool:
        batches = list(pool.map(lambda w: store.outbox.take(worker=f"w{w}", lease=LEASE), range(6)))
    ids = [p.id for batch in batches for p in batch]
    assert len(ids) == len(set(ids)) == 20


def test_one_reminder_for_an_unclaimed_escalation_and_one_for_a_claim_left_unanswered(store, clock):
    waiting, claimed, answered = escalate(store, 1), escalate(store, 2), escalate(store, 3)
    store.escalations.claim(claimed, "UT1")
    store.escalations.claim(answered, "UT2")
    while items := take_all(store):  # each stream's messages in turn: the posts, then the claims' refreshes
        for item in items:
            store.outbox.delivered(item, channel="CTRIAGE", ts="1.2")
    clock.advance(hours=3)
    assert store.escalations.remind_due(dt.timedelta(hours=4)) == []
    store.escalations.close(answered, "UT2", CloseReason.DUPLICATE)  # settled: never reminded
    clock.advance(hours=2)
    with ThreadPoolExecutor(4) as pool:  # once each, across replicas
        results = list(pool.map(lambda _: store.escalations.remind_due(dt.timedelta(hours=4)), range(8)))
    assert sorted(qid for r in results for qid in r) == [waiting, claimed]
    clock.advance(hours=10)
    assert store.escalations.remind_due(dt.timedelta(hours=4)) == []
    taken = []
    while items := take_all(store):
        taken += items
        for item in items:
            store.outbox.delivered(item, channel="CTRIAGE", ts="1.3")
    reminders = [p for p in taken if notice(p) is Notice.REMINDER]
    assert sorted(p.reply.question_id for p in reminders) == [waiting, claimed]
    store.escalations.claim(waiting, "UT3")  # claimed after its reminder: its claim gets one of its own, once
    clock.advance(hours=3)
    assert store.escalations.remind_due(dt.timedelta(hours=4)) == []
    clock.advance(hours=2)
    assert store.escalations.remind_due(dt.timedelta(hours=4)) == [waiting]
    assert store.escalations.remind_due(dt.timedelta(hours=4)) == []
