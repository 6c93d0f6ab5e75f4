"""Two `serve --http` replicas on one PostgreSQL: Slack's retries and redeliveries land on either, triagers click
on either, both deliver the outbox. No escalation is lost, posted twice or claimed twice."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.botserver import TRIAGE, BotServer
from tests.fakeslack import FakeSlack
from tests.triage import (
    ANSWER,
    TRIAGERS,
    add_triage_team,
    answer_values,
    ask,
    click,
    ephemeral,
    eventually,
    question_id,
    rows,
    settled,
    submit,
    thread,
    triage_messages,
)

pytestmark = pytest.mark.postgres
QUESTIONS = 8


@pytest.fixture
def replicas(fake: FakeSlack, pg_schema_url: str, tmp_path) -> Iterator[tuple[BotServer, BotServer]]:
    add_triage_team(fake)
    env = {"PRIVACY_BOT_DATABASE_URL": pg_schema_url, "PRIVACY_BOT_ESCALATION_REMINDER": "0",
           "PRIVACY_BOT_OUTBOX_POLL": "0.2"}
    a = BotServer(fake, tmp_path / "a", env=env)
    b = BotServer(fake, tmp_path / "b", env=env)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    try:
        with ThreadPoolExecutor(2) as pool:  # start together: both run the migrations at once
            list(pool.map(lambda s: s.start(), (a, b)))
        yield a, b
    finally:
        a.stop()
        b.stop()


def test_two_replicas_never_double_post_double_claim_or_lose_an_escalation(replicas, fake):
    a, b = replicas
    url = a.database_url
    # Each question reaches A, then as a Slack retry (same event id) and a second delivery (new id) B, at once.
    sent = []
    for n in range(QUESTIONS):
        body, ts = ask(a, f"How long does Mistral keep prompts on Vertex AI? ({n})", channel="C0REPLICA")
        retry = copy.deepcopy(body)
        again = copy.deepcopy(body)
        again["event_id"] = body["event_id"] + "B"
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda e: b.event(e), (retry, again)))
        sent.append(ts)
    ids = [question_id(url, ts) for ts in sent]
    settled(url)
    for qid, ts in zip(ids, sent, strict=True):
        assert len(triage_messages(fake, qid)) == 1, qid
        assert len(thread(fake, "C0REPLICA", ts)) == 1, ts
    assert rows(url, "SELECT count(*) FROM escalations") == [(QUESTIONS,)]

    # Claims on both replicas at once: one winner per escalation, everyone else hears who.
    def claim(job: tuple[BotServer, str, int]) -> tuple[str, str]:
        server, user, qid = job
        return user, click(server, fake, "triage_claim", str(qid), user=user)

    jobs = [(server, user, qid) for qid in ids[:4] for server, user in zip((a, b, a, b), TRIAGERS + TRIAGERS[:1],
                                                                            strict=False)]
    with ThreadPoolExecutor(8) as pool:
        clicks = list(pool.map(claim, jobs))
    settled(url)
    winners = dict(rows(url, "SELECT question_id, claimed_by FROM escalations WHERE status = 'claimed'"))
    assert set(winners) == set(ids[:4])
    for (_, user, qid), (_, path) in zip(jobs, clicks, strict=True):
        if user != winners[qid]:
            assert ephemeral(fake, path) == f"Already claimed by <@{winners[qid]}>."

    # Answers submitted on the other replica than the claim; delivered once each.
    for qid in ids[:4]:
        status, ack = submit(b if winners[qid] != TRIAGERS[1] else a, "triage_answer_form", qid, user=winners[qid],
                             values=answer_values(ANSWER))
        assert (status, ack) == (200, {})
    settled(url)
    for qid, ts in zip(ids, sent, strict=True):
        answered = qid in ids[:4]
        assert len(thread(fake, "C0REPLICA", ts)) == (2 if answered else 1)
        [message] = triage_messages(fake, qid)
        assert ("*Answered*" in str(message["blocks"])) is answered
        claimed_updates = fake.calls("chat.update", lambda c, t=message["ts"]: c.body["ts"] == t and
                                     "*Claimed*" in c.dump(), ok=True)
        assert len(claimed_updates) == (1 if answered else 0)
    eventually(url, "SELECT count(*) FROM outbox WHERE status = 'sent' AND sent_ts IS NULL AND kind <> 'note' "
               "AND key NOT LIKE :k", [(0,)], k="%triage_refresh%")
    assert len(fake.posted(TRIAGE)) == QUESTIONS
