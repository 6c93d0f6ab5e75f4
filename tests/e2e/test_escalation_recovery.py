"""Nothing lost: `kill -9` of the server while an escalation's messages are on their way, then a restart; and
the one reminder for an escalation nobody claims."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.botserver import TRIAGE, BotServer, payload, unique_ts, unique_user
from tests.fakeslack import BOT_USER_ID, FakeSlack
from tests.triage import (
    TRIAGERS,
    add_triage_team,
    ask,
    click,
    eventually,
    question_id,
    rows,
    settled,
    thread,
    triage_messages,
    until,
)

FAST = {"PRIVACY_BOT_OUTBOX_LEASE": "3", "PRIVACY_BOT_OUTBOX_POLL": "0.2", "PRIVACY_BOT_INBOX_LEASE": "3"}
ANSWERABLE = "Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """A fresh fake Slack per test: each test has its own database, so question ids start again at 1."""
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def server(fake: FakeSlack, tmp_path) -> Iterator[BotServer]:
    add_triage_team(fake)
    server = BotServer(fake, tmp_path, env={**FAST, "PRIVACY_BOT_ESCALATION_REMINDER": "0"})
    yield server
    server.stop()


def test_kill_9_after_the_escalation_is_recorded_then_everything_arrives_once_after_restart(server, fake):
    server.start()
    # Slack receives the triage post but the bot dies before it hears back: the hardest case for "exactly once".
    release = fake.hold("chat.postMessage", lambda body: body.get("channel") == TRIAGE)
    _, ts = ask(server)
    qid = question_id(server.database_url, ts)
    fake.wait_for("chat.postMessage", lambda c: c.body.get("channel") == TRIAGE and f"(#{qid})" in c.body["text"])
    eventually(server.database_url, "SELECT status FROM escalations WHERE question_id = :q", [("open",)], q=qid)
    server.kill()
    release.set()  # Slack posts it now; the response goes nowhere
    # (waiting for the call would return at once: it was recorded when it was held)
    until(lambda: triage_messages(fake, qid), "the held triage post reaches the channel")
    assert rows(server.database_url, "SELECT count(*) FROM outbox WHERE question_id = :q AND status = 'pending' "
                "AND key LIKE :k", q=qid, k='%triage_post') == [(1,)]

    server.start()
    settled(server.database_url)
    assert fake.calls("conversations.history", lambda c: c.body.get("channel") == TRIAGE, ok=True)  # looked first
    [posted] = triage_messages(fake, qid)
    assert rows(server.database_url, "SELECT triage_ts FROM escalations WHERE question_id = :q",
                q=qid) == [(posted["ts"],)]
    notices = thread(fake, "C0GENERAL", ts)
    assert len(notices) == 1 and "answer will come here" in notices[0]["text"]
    # The repaired escalation works: a claim updates the one triage message.
    click(server, fake, "triage_claim", str(qid), user=TRIAGERS[0])
    fake.wait_for("chat.update", lambda c: c.body["ts"] == posted["ts"] and "*Claimed*" in c.dump())
    settled(server.database_url)
    assert len(triage_messages(fake, qid)) == 1


def test_kill_9_while_slack_is_down_then_delivered_after_restart(server, fake):
    fake.fail("chat.postMessage", 500, times=1000)
    server.start()
    _, ts = ask(server)
    qid = question_id(server.database_url, ts)
    eventually(server.database_url, "SELECT count(*) > 0 FROM outbox WHERE question_id = :q AND attempts > 0",
               [(True,)], q=qid)
    server.kill()
    fake.reset()  # Slack is back
    server.start()
    settled(server.database_url)
    assert len(triage_messages(fake, qid)) == 1 and len(thread(fake, "C0GENERAL", ts)) == 1


def test_an_unclaimed_escalation_gets_one_reminder_in_its_triage_thread(fake, tmp_path):
    add_triage_team(fake)
    server = BotServer(fake, tmp_path, env={**FAST, "PRIVACY_BOT_ESCALATION_REMINDER": "1s",
                                            "PRIVACY_BOT_TRIAGE_USERGROUP": "S0PRIVACY"}).start()
    try:
        _, ts = ask(server)
        qid = question_id(server.database_url, ts)
        eventually(server.database_url, "SELECT count(*) FROM outbox WHERE question_id = :q AND key LIKE :k "
                   "AND status = 'sent'", [(1,)], q=qid, k='%reminder%')
        [post] = triage_messages(fake, qid)
        [reminder] = fake.posted(TRIAGE, lambda m: m.get("thread_ts") == post["ts"])
        assert reminder["text"].startswith(":alarm_clock: <!subteam^S0PRIVACY> This question has waited 1 second ")
        # A later escalation's reminder is the sync point: by then the first could have been reminded again.
        _, later = ask(server)
        later_id = question_id(server.database_url, later)
        eventually(server.database_url, "SELECT count(*) FROM outbox WHERE question_id = :q AND key LIKE :k "
                   "AND status = 'sent'", [(1,)], q=later_id, k='%reminder%')
        assert len(fake.posted(TRIAGE, lambda m: m.get("thread_ts") == post["ts"])) == 1
    finally:
        server.stop()


def test_a_claim_left_unanswered_gets_one_reminder_naming_its_claimer(fake, tmp_path):
    add_triage_team(fake)
    server = BotServer(fake, tmp_path, env={**FAST, "PRIVACY_BOT_ESCALATION_REMINDER": "3s"}).start()
    try:
        _, ts = ask(server)
        qid = question_id(server.database_url, ts)
        until(lambda: triage_messages(fake, qid), "the triage message")
        [post] = triage_messages(fake, qid)
        click(server, fake, "triage_claim", str(qid), user=TRIAGERS[0])  # well within the 3 seconds
        eventually(server.database_url, "SELECT count(*) FROM outbox WHERE question_id = :q AND key LIKE :k "
                   "AND status = 'sent'", [(1,)], q=qid, k='%reminder%')
        [reminder] = fake.posted(TRIAGE, lambda m: m.get("thread_ts") == post["ts"])
        assert reminder["text"].startswith(f":alarm_clock: <@{TRIAGERS[0]}> claimed this question 3 seconds ago")
    finally:
        server.stop()


def test_kill_9_right_after_the_acks_then_every_answer_arrives_once_after_restart(server, fake):
    """Slack answers 500 until the kill; some questions are handled, some only recorded: all are answered once."""
    fake.fail("chat.postMessage", 500, times=10_000)
    server.start()
    sent = []
    for n in range(20):
        body, ts = mention(f"{ANSWERABLE} ({n})")
        assert server.event(body)[0] == 200
        sent.append(ts)
    server.kill()
    fake.reset()
    server.start()
    settled(server.database_url)
    for ts in sent:
        replies = thread(fake, "C0GENERAL", ts)
        assert len(replies) == 1 and replies[0]["text"].startswith("Claude models in Microsoft Foundry"), ts


def test_slacks_retry_of_an_interrupted_event_is_answered_once(server, fake):
    server.start()
    body, ts = mention(ANSWERABLE)
    release = fake.hold("chat.postMessage", lambda b: b.get("thread_ts") == ts)
    assert server.event(body)[0] == 200
    fake.wait_for("chat.postMessage", lambda c: c.body.get("thread_ts") == ts)  # on its way, held
    server.kill()
    release.set()  # it reaches Slack; the bot never hears back
    until(lambda: thread(fake, "C0GENERAL", ts), "the held answer reaches the thread")
    server.start()
    retry = server.event(body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry[0] == 200
    settled(server.database_url)
    assert len(thread(fake, "C0GENERAL", ts)) == 1


def test_a_post_slower_than_the_client_timeout_is_looked_for_until_slack_finishes_it_never_posted_twice(fake,
                                                                                                       tmp_path):
    """The first post of an answer outlasts the delivery client's timeout (2 s with a 6 s lease) and Slack posts it
    a little after the bot's first look for it: the bot keeps looking (PRIVACY_BOT_OUTBOX_SETTLE) instead of
    posting it again."""
    add_triage_team(fake)
    server = BotServer(fake, tmp_path, env={**FAST, "PRIVACY_BOT_OUTBOX_LEASE": "6", "PRIVACY_BOT_OUTBOX_SETTLE": "8",
                                            "PRIVACY_BOT_ESCALATION_REMINDER": "0"}).start()
    try:
        body, ts = mention(ANSWERABLE)
        first: list[int] = []  # hold the first post of the answer only
        release = fake.hold("chat.postMessage",
                            lambda b: b.get("thread_ts") == ts and not first and not first.append(1))
        assert server.event(body)[0] == 200
        until(lambda: fake.calls("conversations.replies", lambda c: c.body.get("ts") == ts), "a look after the timeout")
        time.sleep(1.5)
        release.set()  # Slack finishes the first post only now
        settled(server.database_url)
        assert len(fake.calls("chat.postMessage", lambda c: c.body.get("thread_ts") == ts)) == 1
        [answer] = thread(fake, "C0GENERAL", ts)
        assert answer["text"].startswith("Claude models in Microsoft Foundry")
        assert len(fake.calls("conversations.replies", lambda c: c.body.get("ts") == ts)) >= 2  # looked again
    finally:
        server.stop()


def mention(question: str) -> tuple[dict, str]:
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {question}", ts=ts, event_ts=ts, channel="C0GENERAL",
                         user=unique_user())
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    return body, ts
