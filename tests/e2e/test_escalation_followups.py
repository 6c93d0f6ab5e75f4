"""After the hand-over, through the real `serve` (HTTP and Socket Mode) and the fake Slack: the asker's later
messages in the thread of a question the privacy team has, and asking the team again once it answered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.botserver import TRIAGE, BotServer, payload, unique_ts
from tests.fakeslack import BOT_USER_ID, FakeSlack
from tests.triage import (
    GROUP,
    TRIAGERS,
    add_triage_team,
    ask,
    click,
    question_id,
    settled,
    thread,
    triage_post,
)


@pytest.fixture(scope="module")
def server(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    add_triage_team(fake)
    server = BotServer(fake, tmp_path_factory.mktemp("followups"), env={
        "PRIVACY_BOT_TRIAGE_USERGROUP": GROUP, "PRIVACY_BOT_ESCALATION_REMINDER": "0"}).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def socket_server(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    add_triage_team(fake)
    server = BotServer(fake, tmp_path_factory.mktemp("followups-socket"), socket_mode=True, env={
        "PRIVACY_BOT_TRIAGE_USERGROUP": GROUP, "PRIVACY_BOT_ESCALATION_REMINDER": "0"}).start()
    yield server
    server.stop()


def in_thread(server: BotServer, text: str, *, user: str, thread_ts: str, socket: bool = False) -> str:
    """Mention the bot in a thread; return the message's ts."""
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {text}", ts=ts, event_ts=ts, channel="C0GENERAL", user=user,
                         thread_ts=thread_ts)
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    if socket:
        server.fake.wait_for_ack(server.fake.send_envelope("events_api", body))
    else:
        assert server.event(body)[0] == 200
    return ts


def replies(fake: FakeSlack, ts: str, count: int) -> list[dict]:
    fake.wait_for("chat.postMessage", lambda c: c.body.get("thread_ts") == ts, count=count)
    return thread(fake, "C0GENERAL", ts)


def triage_thread(fake: FakeSlack, qid: int) -> list[dict]:
    post = fake.posted(TRIAGE, lambda m: f"(#{qid})" in str(m.get("text")) and "thread_ts" not in m)[0]
    return fake.posted(TRIAGE, lambda m: m.get("thread_ts") == post["ts"])


def test_a_message_in_the_thread_of_a_waiting_question_is_added_to_it(server, fake):
    asker = "U0ADDED01"
    _, ts = ask(server, "How long does Mistral keep prompts on Vertex AI?", user=asker)
    qid = question_id(server.database_url, ts)
    triage_post(fake, qid)
    settled(server.database_url)
    in_thread(server, "any update?", user=asker, thread_ts=ts)
    status = replies(fake, ts, 2)[1]["text"]
    assert status == ("The privacy team has your question (not yet claimed); I've added your message to it. "
                      "Their answer will come here, in this thread.")
    fake.wait_for("chat.postMessage", lambda c: c.body.get("channel") == TRIAGE and "any update?" in c.dump())
    [added] = triage_thread(fake, qid)
    assert f"<@{asker}> added in their thread" in added["text"] and "\n> any update?" in added["text"]

    click(server, fake, "triage_claim", str(qid), user=TRIAGERS[0])
    settled(server.database_url)
    long = "we only use it in the EU region, if that matters <!channel> " + "and so on " * 300
    in_thread(server, long, user=asker, thread_ts=ts)
    assert f"(claimed by <@{TRIAGERS[0]}>); I've added your message to it." in replies(fake, ts, 3)[2]["text"]
    settled(server.database_url)
    added = triage_thread(fake, qid)[1]
    assert "we only use it in the EU region" in added["text"] and "<!channel>" not in added["text"]
    assert len(added["text"]) < 3000
    assert len(fake.posted(TRIAGE, lambda m: f"(#{qid})" in str(m.get("text")) and "thread_ts" not in m)) == 1

    in_thread(server, "any update?", user="U0BYSTAND", thread_ts=ts)  # not the asker's: no status for them
    assert "doesn't look like a data-privacy question" in replies(fake, ts, 4)[3]["text"]
    in_thread(server, "and on Bedrock?", user=asker, thread_ts=ts)  # a new question is still a question
    answered = replies(fake, ts, 5)[4]
    assert "added your message" not in answered["text"] and answered["blocks"][0]["type"] == "header"
    settled(server.database_url)
    assert len(triage_thread(fake, qid)) == 2


def test_a_message_added_over_socket_mode(socket_server, fake):
    asker = "U0ADDED02"
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> How long does Mistral keep prompts on Vertex AI?", ts=ts,
                         event_ts=ts, channel="C0GENERAL", user=asker)
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    fake.wait_for_ack(fake.send_envelope("events_api", body))
    qid = question_id(socket_server.database_url, ts)
    triage_post(fake, qid)
    settled(socket_server.database_url)
    in_thread(socket_server, "any update on this?", user=asker, thread_ts=ts, socket=True)
    assert "I've added your message to it" in replies(fake, ts, 2)[1]["text"]
    fake.wait_for("chat.postMessage", lambda c: c.body.get("channel") == TRIAGE and "any update on this" in c.dump())
