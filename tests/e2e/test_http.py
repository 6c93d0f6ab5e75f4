"""The real `privacy-bot serve --http` (gunicorn, 2 workers) against the fake Slack, fed signed requests."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine, text

from tests.botserver import TRIAGE, BotServer, buttons, in_thread, payload, unique_ts, unique_user
from tests.fakeslack import BOT_USER_ID, Call, FakeSlack
from tests.triage import settled

ANSWERABLE = "Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?"
AMBIGUOUS = "Does Anthropic train on our data?"
UNKNOWN = "How long does Mistral keep prompts on Vertex AI?"
OFF_TOPIC = "what is the vpn password"
FOUNDRY = "claude-microsoft-foundry"


@pytest.fixture(scope="module")
def server(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    server = BotServer(fake, tmp_path_factory.mktemp("http")).start()
    yield server
    server.stop()


def mention(question: str, *, thread_ts: str | None = None, user: str | None = None,
            channel: str = "C0GENERAL") -> tuple[dict, str]:
    body = payload("app_mention")
    user = user or unique_user()
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {question}", ts=ts, event_ts=ts, channel=channel, user=user)
    if thread_ts:
        body["event"]["thread_ts"] = thread_ts
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    return body, ts


def dm(question: str, *, user: str | None = None) -> tuple[dict, str]:
    body = payload("message_im")
    user = user or unique_user()
    ts = unique_ts()
    body["event"].update(text=question, ts=ts, event_ts=ts, user=user, channel=f"D{user[1:]}")
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    return body, ts


def block_types(call: Call) -> list[str]:
    return [block["type"] for block in call.body["blocks"]]


def click(server: BotServer, fake: FakeSlack, button: dict, *, thread_ts: str | None, ephemeral: bool = False,
          user: str = "U0ASKER1", message: Call | None = None, trigger_id: str | None = None) -> str:
    """Send a block_actions request for a button the bot posted (on message, as Slack sends it); return its
    response_url."""
    body = payload("block_actions")
    response_url = fake.webhook_url()
    body["actions"][0].update(action_id=button["action_id"], value=button["value"], text=button["text"],
                              action_ts=unique_ts())
    body["response_url"] = response_url
    body["user"]["id"] = user
    body["container"]["is_ephemeral"] = ephemeral
    if trigger_id:
        body["trigger_id"] = trigger_id
    if thread_ts:
        body["container"]["thread_ts"] = thread_ts
    if message is not None and not ephemeral:
        posted = [m for m in fake.posted(message.body["channel"]) if m["ts"] == message_ts(fake, message)]
        body["container"].update(channel_id=posted[0].get("channel", message.body["channel"]),
                                 message_ts=posted[0]["ts"])
        body["message"] = {**posted[0]}
    assert server.interaction(body)[0] == 200
    return response_url


def message_ts(fake: FakeSlack, call: Call) -> str:
    """Return the ts Slack gave a posted message (its outbox metadata is unique)."""
    return str(next(m["ts"] for m in fake.posted(call.body["channel"])
                    if m.get("metadata") == call.body.get("metadata")))


def query(server: BotServer, sql: str, **params) -> list:
    engine = create_engine(f"sqlite:///{server.db_path}")
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params))
    finally:
        engine.dispose()


def eventually(server: BotServer, sql: str, expected: list, timeout: float = 15.0, **params) -> None:
    """Wait until a query returns expected (the database is written after the reply is sent)."""
    deadline = time.monotonic() + timeout
    while True:
        got = [tuple(row) for row in query(server, sql, **params)]
        if got == expected:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{sql} returned {got}, expected {expected}")
        time.sleep(0.05)


def wait_done(server: BotServer, ts: str) -> None:
    """Wait until the message's request was handled."""
    eventually(server, "SELECT status FROM inbox WHERE key LIKE :k", [("done",)], k=f"msg:%:{ts}")


def test_health(server):
    status, body = server.get("/healthz")
    assert status == 200 and json.loads(body) == {"ok": True}


def test_the_metrics_directory_lives_as_long_as_the_server(fake, tmp_path):
    """gunicorn's workers share samples through a directory made at start; a stopped server leaves none behind."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    own = BotServer(fake, tmp_path, env={"TMPDIR": str(scratch)}).start()
    try:
        assert own.get("/metrics")[0] == 200
        made = list(scratch.glob("privacy-bot-metrics-*"))
        assert len(made) == 1 and any(made[0].iterdir())  # the workers write their samples there
    finally:
        own.stop()
    assert own.process is not None and own.process.returncode == 0
    assert not list(scratch.glob("privacy-bot-metrics-*"))


def test_url_verification_echoes_the_challenge(server):
    status, body = server.event({"token": "x", "challenge": "c-123", "type": "url_verification"})
    assert status == 200 and "c-123" in body


def test_mention_gets_a_threaded_structured_answer(server, fake):
    body, ts = mention(ANSWERABLE)
    assert server.event(body)[0] == 200
    [call] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert call.body["channel"] == "C0GENERAL"
    assert call.body["text"].startswith("Claude models in Microsoft Foundry")
    assert block_types(call)[0] == "header"
    sections = [b["text"]["text"] for b in call.body["blocks"] if b["type"] == "section"]
    for heading in ("Processor", "Retention", "Training use", "Data location", "Governance", "References"):
        assert any(s.startswith(f"*{heading}*") for s in sections), heading
    context = next(b for b in call.body["blocks"] if b["type"] == "context")["elements"][0]["text"]
    assert context.startswith("Reviewed ") and f"entry {FOUNDRY}" in context and "owner @privacy-team" in context
    assert [b["text"]["text"] for b in buttons(call)] == ["Helpful", "Not helpful", "Ask the privacy team"]
    eventually(server, "SELECT outcome, entry_id, length(entry_version) > 0, source FROM questions WHERE ts = :ts",
               [("answer", FOUNDRY, 1, "mention")], ts=ts)


def test_a_mention_inside_a_thread_is_answered_in_that_thread(server, fake):
    parent = unique_ts()
    body, _ = mention(ANSWERABLE, thread_ts=parent)
    server.event(body)
    fake.wait_for("chat.postMessage", in_thread(parent))


def test_dm_is_answered(server, fake):
    body, ts = dm("How long are Claude prompts and outputs stored when deployed in Foundry?")
    assert server.event(body)[0] == 200
    [call] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert call.body["channel"] == f"D{body['event']['user'][1:]}"
    assert block_types(call)[0] == "header"


def test_slash_command_is_private_and_can_be_shared(server, fake):
    fields = payload("slash_command")
    fields["response_url"] = fake.webhook_url()
    status, _ = server.command(fields)
    assert status == 200
    [reply] = fake.wait_for("webhook", lambda c: c.path == fields["response_url"].split(":", 2)[2][5:])
    assert reply.body["response_type"] == "ephemeral"
    share = buttons(reply)[0]
    assert share["text"]["text"] == "Share in channel"
    urls = [click(server, fake, share, thread_ts=None, ephemeral=True) for _ in range(2)]  # twice: shared once
    paths = {url.split(":", 2)[2][5:] for url in urls}  # either click may be handled first
    shared = fake.wait_for("webhook", lambda c: c.path in paths and c.body.get("response_type") == "in_channel")
    assert "shared by <@U0ASKER1>" in json.dumps(shared[0].body)
    fake.wait_for("webhook", lambda c: c.path == shared[0].path and c.body.get("delete_original") is True)
    time.sleep(0.3)
    assert len(fake.calls("webhook", lambda c: c.path in paths and c.body.get("response_type") == "in_channel")) == 1


def test_slack_retries_and_redeliveries_are_answered_once(server, fake):
    body, ts = mention(ANSWERABLE)
    assert server.event(body)[0] == 200
    assert server.event(body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})[0] == 200
    again = json.loads(json.dumps(body))
    again["event_id"] = body["event_id"] + "B"  # the same message delivered as a second event
    assert server.event(again)[0] == 200
    wait_done(server, ts)
    fake.wait_for("chat.postMessage", in_thread(ts))
    time.sleep(0.5)
    assert len(fake.calls("chat.postMessage", in_thread(ts))) == 1
    assert query(server, "SELECT count(*) FROM questions WHERE ts = :ts", ts=ts) == [(1,)]
    assert query(server, "SELECT count(*) FROM inbox WHERE key LIKE :k", k=f"msg:%:{ts}") == [(1,)]


def test_bad_signature_and_stale_timestamp_get_401_and_no_side_effect(server, fake):
    body, ts = mention(ANSWERABLE)
    before = len(fake.calls())
    assert server.event(body, secret="wrong-secret")[0] == 401
    assert server.event(body, timestamp=int(time.time()) - 6 * 60)[0] == 401
    fields = payload("slash_command")
    assert server.command(fields, secret="wrong-secret")[0] == 401
    assert len(fake.calls()) == before
    assert query(server, "SELECT count(*) FROM questions WHERE ts = :ts", ts=ts) == [(0,)]
    assert query(server, "SELECT count(*) FROM inbox WHERE key LIKE :k", k=f"msg:%:{ts}") == [(0,)]


@pytest.mark.parametrize("timestamp", ["x", "abc", "1.5e9", "", "-1", "99999999999999999999", "0x10", " 1"])
def test_a_malformed_timestamp_is_refused_before_anything_reads_the_body(server, fake, timestamp):
    """An unsigned request naming a channel, a user and a response_url makes the bot do nothing at all."""
    before = len(fake.calls())
    interaction = payload("view_submission")
    interaction["response_url"] = fake.webhook_url()
    event, ts = mention(ANSWERABLE)
    raw = json.dumps(event).encode()
    for body, kind in ((raw, "application/json"),
                       (urlencode({"payload": json.dumps(interaction)}).encode(), "application/x-www-form-urlencoded")):
        request = urllib.request.Request(server.url + "/slack/events", data=body, method="POST", headers={
            "Content-Type": kind, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "0" * 64})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 401
        refused.value.close()
    time.sleep(0.5)
    assert len(fake.calls()) == before  # no Web API call, no response_url call
    assert query(server, "SELECT count(*) FROM inbox WHERE key LIKE :k", k=f"msg:%:{ts}") == [(0,)]


def test_a_huge_body_gets_413_without_being_read(server):
    """A 100 MB body announced in Content-Length is refused before it is read: memory stays flat."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000000\r\n\r\n" + b"{" * 65536)
        reply = sock.recv(200)
    assert reply.startswith(b"HTTP/1.1 413")


def test_a_slow_body_times_out_and_frees_its_thread(server, fake):
    """A client that announces a body and then stalls is answered 408 after a few seconds (signed or not)."""
    before = len(fake.calls())
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 5000\r\n\r\n" + b"{" * 100)
        started = time.monotonic()
        reply = sock.recv(200)
    assert reply.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 20
    body, ts = mention(ANSWERABLE)  # and the server still answers
    assert server.event(body)[0] == 200
    fake.wait_for("chat.postMessage", in_thread(ts))
    assert len(fake.calls()) > before


def test_a_429_from_slack_is_retried_and_the_answer_arrives(server, fake):
    fake.fail("chat.postMessage", 429, retry_after=1)
    body, ts = mention(ANSWERABLE)
    server.event(body)
    fake.wait_for("chat.postMessage", in_thread(ts))
    assert len(fake.calls("chat.postMessage", in_thread(ts), ok=False)) == 1
    assert len(fake.calls("chat.postMessage", in_thread(ts), ok=True)) == 1


def test_a_500_from_slack_is_retried(server, fake):
    fake.fail("chat.postMessage", 500)
    body, ts = mention(ANSWERABLE)
    server.event(body)
    fake.wait_for("chat.postMessage", in_thread(ts))


def test_when_slack_keeps_failing_the_answer_still_arrives_once_and_no_error_follows(server, fake):
    fake.fail("chat.postMessage", 500, times=3)
    body, ts = mention(ANSWERABLE)
    server.event(body)
    [reply] = fake.wait_for("chat.postMessage", in_thread(ts), timeout=30)
    assert reply.body["text"].startswith("Claude models in Microsoft Foundry")
    time.sleep(1)
    assert len(fake.posted("C0GENERAL", lambda m: m.get("thread_ts") == ts)) == 1


def test_when_slack_posts_but_answers_500_the_answer_is_not_posted_again(server, fake):
    fake.fail("chat.postMessage", 500, times=1, processed=True)
    body, ts = mention(ANSWERABLE)
    server.event(body)
    fake.wait_for("conversations.replies", lambda c: c.body.get("ts") == ts, timeout=30)
    [(qid,)] = query(server, "SELECT id FROM questions WHERE ts = :ts", ts=ts)
    eventually(server, "SELECT status FROM outbox WHERE key = :k", [("sent",)], k=f"q{qid}:reply")
    assert len(fake.posted("C0GENERAL", lambda m: m.get("thread_ts") == ts)) == 1


def test_injected_mentions_are_escaped_everywhere(server, fake):
    evil = f"{UNKNOWN} <!channel> <!here> <@UVICTIM1> &lt;!everyone&gt; <https://evil.example|click> &lt;@UVICTIM2&gt;"
    body, ts = mention(evil)
    server.event(body)
    fake.wait_for("chat.postMessage", in_thread(ts))
    [notice] = fake.wait_for("chat.postMessage", lambda c: c.body["channel"] == TRIAGE and ts in query_ts(server, c))
    sent = "".join(c.dump() for c in fake.calls())
    for live in ("<!channel>", "<!here>", "<!everyone>", "<@UVICTIM1>", "<@UVICTIM2>", "<https://evil"):
        assert live not in sent, live
    assert "&lt;!everyone&gt;" in notice.dump() and "&lt;@UVICTIM2&gt;" in notice.dump()


def query_ts(server: BotServer, call: Call) -> str:
    """Return the ts of the question a triage notice is about (its #id)."""
    text_ = call.body.get("text", "")
    if "(#" not in text_:
        return ""
    qid = int(text_.split("(#", 1)[1].split(")", 1)[0])
    rows = query(server, "SELECT ts FROM questions WHERE id = :i", i=qid)
    return rows[0][0] if rows else ""


def test_a_40000_character_question_gets_a_polite_reply(server, fake):
    body, ts = mention("privacy " * 5000)
    assert len(body["event"]["text"]) > 40_000
    assert server.event(body)[0] == 200
    [reply] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert "characters long" in reply.body["text"] and "4,000" in reply.body["text"]


def test_clarify_then_a_click_posts_the_chosen_answer_once_and_resolves_the_question(server, fake):
    body, ts = mention(AMBIGUOUS, user="U0ASKER1")
    server.event(body)
    [question] = fake.wait_for("chat.postMessage", in_thread(ts))
    options = [b for b in buttons(question) if b["action_id"].startswith("clarify_choose_")]
    assert len(options) == 2
    chosen = next(b for b in options if b["value"].endswith(":claude-aws-bedrock-test"))
    url = click(server, fake, chosen, thread_ts=ts, user="U0OTHER01", message=question)  # not the asker
    [note] = fake.wait_for("webhook", lambda c: url.endswith(c.path))
    assert "Only <@U0ASKER1> can pick" in note.body["text"] and note.body["response_type"] == "ephemeral"
    first = click(server, fake, chosen, thread_ts=ts, message=question)
    second = click(server, fake, chosen, thread_ts=ts, message=question)  # a double click
    answers = fake.wait_for("chat.postMessage", in_thread(ts), count=2)
    [late] = fake.wait_for("webhook", lambda c: first.endswith(c.path) or second.endswith(c.path))
    assert late.body["text"] == "A product was picked for this question already."
    assert late.body["response_type"] == "ephemeral"
    other = next(b for b in options if b is not chosen)  # another product, from the stale message
    stale = click(server, fake, other, thread_ts=ts, message=question)
    [note] = fake.wait_for("webhook", lambda c: stale.endswith(c.path))
    assert note.body["text"] == "A product was picked for this question already."
    assert answers[1].body["blocks"][0]["text"]["text"] == "Claude models in Amazon Bedrock (test entry)"
    [update] = fake.wait_for("chat.update", lambda c: c.body.get("ts") == message_ts(fake, question))
    assert "actions" not in [b["type"] for b in update.body["blocks"]]
    assert "<@U0ASKER1> picked *Claude models in Amazon Bedrock (test entry)*" in update.dump()
    eventually(server, "SELECT outcome, entry_id FROM questions WHERE ts = :ts",
               [("answer", "claude-aws-bedrock-test")], ts=ts)
    time.sleep(1)
    assert len(fake.calls("chat.postMessage", in_thread(ts))) == 2


def test_feedback_once_per_answer_and_not_helpful_asks_why_and_offers_escalation(server, fake):
    body, ts = mention(ANSWERABLE, user="U0FEEDBK1")
    server.event(body)
    [answer] = fake.wait_for("chat.postMessage", in_thread(ts))
    helpful, not_helpful, _ = buttons(answer)
    click(server, fake, helpful, thread_ts=ts, user="U0FEEDBK1", message=answer)
    # Two inbox workers could handle the clicks in either order: the second click comes after the buttons went.
    [update] = fake.wait_for("chat.update", lambda c: c.body.get("ts") == message_ts(fake, answer))
    click(server, fake, not_helpful, thread_ts=ts, user="U0FEEDBK2", message=answer)
    settled(server.database_url)
    assert fake.calls("chat.update", lambda c: c.body.get("ts") == message_ts(fake, answer)) == [update]
    assert "Marked helpful by <@U0FEEDBK1>" in update.dump()
    assert "actions" not in [b["type"] for b in update.body["blocks"]]
    assert update.body["blocks"][0]["type"] == "header"  # the answer itself stays
    qid = int(helpful["value"].split(":")[0])
    eventually(server, "SELECT helpful, entry_id, user FROM feedback WHERE question_id = :q",
               [(1, FOUNDRY, "U0FEEDBK1")], q=qid)

    body, ts = mention(ANSWERABLE, user="U0FEEDBK1")
    server.event(body)
    [answer] = fake.wait_for("chat.postMessage", in_thread(ts))
    _, not_helpful, _ = buttons(answer)
    trigger = f"trigger-{ts}"
    click(server, fake, not_helpful, thread_ts=ts, user="U0FEEDBK1", message=answer, trigger_id=trigger)
    [opened] = fake.wait_for("views.open", lambda c: c.body.get("trigger_id") == trigger)
    view = opened.body["view"]
    assert view["callback_id"] == "feedback_reason"
    qid = int(not_helpful["value"].split(":")[0])
    submission = payload("view_submission")
    submission["user"]["id"] = "U0FEEDBK1"
    submission["view"]["private_metadata"] = view["private_metadata"]
    submission["view"]["id"] = f"V{ts.replace('.', '')}"
    reason = "It is about Bedrock <!channel>, mail jane.o'neil@example.com or +49 170 1234567"
    submission["view"]["state"]["values"]["reason"]["reason_input"]["value"] = reason
    assert server.interaction(submission)[0] == 200
    [notice] = fake.wait_for("chat.postMessage",
                             lambda c: c.body["channel"] == TRIAGE and f"(#{qid})" in c.body["text"])
    assert "It is about Bedrock &lt;!channel&gt;" in notice.dump() and "<@U0FEEDBK1>" in notice.body["text"]
    assert "jane" not in notice.dump() and "1234567" not in notice.dump()
    eventually(server, "SELECT reason FROM feedback WHERE question_id = :q",
               [("It is about Bedrock <!channel>, mail [e-mail removed] or [phone number removed]",)], q=qid)
    told = fake.wait_for("chat.postMessage", in_thread(ts), count=2)
    assert "asked the privacy team" in told[1].body["text"]


def test_unknown_questions_are_escalated_and_the_asker_told(server, fake):
    body, ts = mention(UNKNOWN)
    server.event(body)
    [told] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert f"<#{TRIAGE}>" in told.body["text"] and "answer will come here" in told.body["text"]
    fake.wait_for("chat.postMessage", lambda c: c.body["channel"] == TRIAGE and query_ts(server, c) == ts)
    eventually(server, "SELECT outcome, escalated_at IS NOT NULL FROM questions WHERE ts = :ts", [("escalate", 1)],
               ts=ts)


def test_decline_then_ask_the_privacy_team_anyway_once(server, fake):
    body, ts = mention(OFF_TOPIC)
    server.event(body)
    [decline] = fake.wait_for("chat.postMessage", in_thread(ts))
    [anyway] = buttons(decline)
    assert anyway["text"]["text"] == "Ask the privacy team anyway"
    asker = body["event"]["user"]
    bystander = click(server, fake, anyway, thread_ts=ts, user="U0BYSTAND")  # only the asker hands it over
    [refused] = fake.wait_for("webhook", lambda c: bystander.endswith(c.path))
    assert "Only <@" + asker + "> can rate this answer" in refused.body["text"]
    click(server, fake, anyway, thread_ts=ts, message=decline, user=asker)
    fake.wait_for("chat.postMessage", lambda c: c.body["channel"] == TRIAGE and query_ts(server, c) == ts)
    fake.wait_for("chat.postMessage", in_thread(ts), count=2)
    [update] = fake.wait_for("chat.update", lambda c: c.body.get("ts") == message_ts(fake, decline))
    assert "asked the privacy team" in update.dump() and "actions" not in [b["type"] for b in update.body["blocks"]]
    url = click(server, fake, anyway, thread_ts=ts, user=asker)
    [again] = fake.wait_for("webhook", lambda c: url.endswith(c.path))
    assert "already has this question" in again.body["text"]
    settled(server.database_url)  # anything the second click queued has been delivered
    assert len(fake.calls("chat.postMessage", lambda c: c.body["channel"] == TRIAGE and query_ts(server, c) == ts)) == 1


def test_app_home_shows_recent_questions(server, fake):
    body, ts = dm(ANSWERABLE, user="U0HOMEUS1")
    server.event(body)
    fake.wait_for("chat.postMessage", in_thread(ts))
    eventually(server, "SELECT outcome FROM questions WHERE ts = :ts", [("answer",)], ts=ts)
    home = payload("app_home_opened")
    home["event"]["user"] = "U0HOMEUS1"
    home["event_id"] = f"EvHome{ts.replace('.', '')}"
    assert server.event(home)[0] == 200
    [call] = fake.wait_for("views.publish", lambda c: c.body.get("user_id") == "U0HOMEUS1")
    view = json.dumps(call.body["view"])
    assert call.body["view"]["type"] == "home"
    assert "/privacy" in view and "Does Anthropic keep our prompts" in view and "answered" in view


def test_rate_limit_is_answered_politely(server, fake):
    sent = []
    for n in range(11):
        body, ts = dm(f"{ANSWERABLE} ({n})", user="U0RATELIM")
        assert server.event(body)[0] == 200
        sent.append(ts)
    replies = [fake.wait_for("chat.postMessage", in_thread(ts))[0] for ts in sent]
    limited = [r for r in replies if "in the last minute" in r.body["text"]]
    assert len(limited) == 1


@pytest.mark.parametrize("name", ["message_bot", "message_changed"])
def test_bots_and_edits_are_acknowledged_and_ignored(server, fake, name):
    body = payload(name)
    body["event_id"] = f"Ev{name}{unique_ts().replace('.', '')}"
    assert server.event(body)[0] == 200


def test_unsubscribed_event_types_are_acknowledged_not_404(server):
    body = payload("app_mention")
    body["event"] = {"type": "reaction_added", "user": "U0ASKER1", "reaction": "eyes", "event_ts": unique_ts(),
                     "item": {"type": "message", "channel": "C0GENERAL", "ts": "1.1"}}
    body["event_id"] = "EvReaction0001"
    assert server.event(body)[0] == 200


def test_a_private_answer_whose_response_url_fails_after_slack_showed_it_also_comes_once_by_dm(server, fake):
    """The one duplicate the bot allows: a response_url reply cannot be looked up, so after a 5xx there (which Slack
    may have acted on, as here) the answer goes by DM as well rather than risk dropping it; never twice by DM."""
    from tests.triage import until

    user = unique_user()
    fields = payload("slash_command")
    fields.update(user_id=user, trigger_id=f"trig-{user}", response_url=fake.webhook_url(f"dup-{user}"))
    fake.fail("webhook", 500, processed=True)
    fake.fail("chat.postMessage", 500, processed=True)  # the DM's first post too: looked up, not posted again
    assert server.command(fields)[0] == 200
    dm = "D" + user[1:]
    until(lambda: fake.posted(dm), "the answer by DM")
    settled(server.database_url)
    hooks = fake.calls("webhook", lambda c: c.path.endswith(f"dup-{user}"))
    assert len(hooks) == 1 and "Share in channel" in json.dumps(hooks[0].body)  # shown once, privately
    [answer] = fake.posted(dm)  # and once by DM
    assert hooks[0].body["text"] and hooks[0].body["text"][:60] in json.dumps(answer, ensure_ascii=False)
