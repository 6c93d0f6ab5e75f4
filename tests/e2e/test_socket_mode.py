"""The real `privacy-bot serve --socket` against the fake's local WebSocket server (Slack's envelope protocol)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.botserver import TRIAGE, BotServer, buttons, in_thread, payload, unique_ts, unique_user
from tests.fakeslack import BOT_USER_ID, FakeSlack
from tests.triage import ANSWER, TRIAGERS, add_triage_team, answer_values

ANSWERABLE = "Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?"
AMBIGUOUS = "Does Anthropic train on our data?"


@pytest.fixture(scope="module")
def server(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    server = BotServer(fake, tmp_path_factory.mktemp("socket"), socket_mode=True).start()
    yield server
    server.stop()


def mention(question: str, user: str | None = None) -> tuple[dict, str]:
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {question}", ts=ts, event_ts=ts, user=user or unique_user())
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    return body, ts


def test_connects_with_the_app_token(server, fake):
    [opened] = fake.calls("apps.connections.open")[:1]
    assert opened.token.startswith("xapp-")


def test_a_mention_envelope_is_acked_and_answered_in_its_thread(server, fake):
    body, ts = mention(ANSWERABLE)
    envelope = fake.send_envelope("events_api", body)
    assert fake.wait_for_ack(envelope)["envelope_id"] == envelope
    [answer] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert answer.body["blocks"][0]["type"] == "header"
    assert [b["text"]["text"] for b in buttons(answer)] == ["Helpful", "Not helpful", "Ask the privacy team"]


def test_redelivered_envelopes_are_answered_once(server, fake):
    body, ts = mention(ANSWERABLE)
    fake.wait_for_ack(fake.send_envelope("events_api", body))
    fake.wait_for_ack(fake.send_envelope("events_api", body, retry_attempt=1))
    again = {**body, "event_id": body["event_id"] + "B"}
    fake.wait_for_ack(fake.send_envelope("events_api", again))
    fake.wait_for("chat.postMessage", in_thread(ts))
    # A later question in the same channel is answered; by then the duplicates have long been handled.
    later, later_ts = mention(ANSWERABLE)
    fake.wait_for_ack(fake.send_envelope("events_api", later))
    fake.wait_for("chat.postMessage", in_thread(later_ts))
    assert len(fake.calls("chat.postMessage", in_thread(ts))) == 1


def test_slash_command_envelope(server, fake):
    fields = payload("slash_command")
    fields["response_url"] = fake.webhook_url("socket-command")
    envelope = fake.send_envelope("slash_commands", fields)
    fake.wait_for_ack(envelope)
    [reply] = fake.wait_for("webhook", lambda c: c.path == "/webhook/socket-command")
    assert reply.body["response_type"] == "ephemeral"
    assert buttons(reply)[0]["action_id"] == "share_in_channel"


def test_clarify_click_envelope_posts_the_answer_in_the_thread(server, fake):
    body, ts = mention(AMBIGUOUS, user="U0ASKER1")  # the clicker of payloads/block_actions.json
    fake.send_envelope("events_api", body)
    [question] = fake.wait_for("chat.postMessage", in_thread(ts))
    option = next(b for b in buttons(question) if b["action_id"].startswith("clarify_choose_"))
    click = payload("block_actions")
    click["actions"][0].update(action_id=option["action_id"], value=option["value"], action_ts=unique_ts())
    click["container"]["thread_ts"] = ts
    click["response_url"] = fake.webhook_url()
    fake.wait_for_ack(fake.send_envelope("interactive", click))
    answers = fake.wait_for("chat.postMessage", in_thread(ts), count=2)
    assert answers[1].body["blocks"][0]["type"] == "header"
    again = {**click, "actions": [{**click["actions"][0], "action_ts": unique_ts()}],
             "response_url": fake.webhook_url()}
    fake.wait_for_ack(fake.send_envelope("interactive", again))  # a second click: told, not answered again
    [note] = fake.wait_for("webhook", lambda c: again["response_url"].endswith(c.path))
    assert note.body["text"] == "A product was picked for this question already."
    assert len(fake.calls("chat.postMessage", in_thread(ts))) == 2


def test_app_home_and_ignored_events_are_acked(server, fake):
    home = payload("app_home_opened")
    home["event"]["user"] = "U0SOCKHOM"
    fake.wait_for_ack(fake.send_envelope("events_api", home))
    fake.wait_for("views.publish", lambda c: c.body.get("user_id") == "U0SOCKHOM")
    for name in ("message_bot", "message_changed"):
        fake.wait_for_ack(fake.send_envelope("events_api", payload(name)))


def test_escalation_claim_and_answer_form_over_socket_mode(server, fake):
    add_triage_team(fake)
    body, ts = mention("How long does Mistral keep prompts on Vertex AI?")
    fake.wait_for_ack(fake.send_envelope("events_api", body))
    fake.wait_for("chat.postMessage", in_thread(ts))  # the asker's notice, from the outbox worker
    [post] = fake.wait_for("chat.postMessage", lambda c: c.body["channel"] == TRIAGE)
    claim = payload("block_actions")
    claim["actions"] = [{"action_id": "triage_claim", "block_id": "t", "type": "button",
                         "value": buttons(post)[0]["value"], "action_ts": "1.1"}]
    claim["user"]["id"] = TRIAGERS[0]
    claim["response_url"] = fake.webhook_url()
    fake.wait_for_ack(fake.send_envelope("interactive", claim))
    fake.wait_for("chat.update", lambda c: f"*Claimed* by <@{TRIAGERS[0]}>" in c.dump())
    form = payload("view_submission")
    form["user"]["id"] = TRIAGERS[0]
    form["view"].update(callback_id="triage_answer_form", private_metadata=buttons(post)[0]["value"],
                        state={"values": answer_values({**ANSWER, "references": "no link"})})
    ack = fake.wait_for_ack(fake.send_envelope("interactive", form))
    assert ack["payload"]["response_action"] == "errors" and "references" in ack["payload"]["errors"]


def test_a_socket_that_dies_without_a_close_frame_is_noticed_and_replaced(server, fake):
    opened = len(fake.calls("apps.connections.open"))
    assert server.get("/readyz")[0] == 200
    fake.drop_socket_silently()  # the client still holds a socket object that looks connected
    seen: list[tuple[float, int]] = []
    start = time.monotonic()
    while len(fake.calls("apps.connections.open")) == opened and time.monotonic() - start < 45:
        seen.append((round(time.monotonic() - start), server.get("/readyz")[0]))
        time.sleep(1)
    assert len(fake.calls("apps.connections.open")) > opened, seen  # a new connection, well within 45 s
    assert 503 in [status for _, status in seen], seen  # and /readyz said so meanwhile
    fake.wait_for_socket()
    body, ts = mention(ANSWERABLE)
    fake.wait_for_ack(fake.send_envelope("events_api", body))
    fake.wait_for("chat.postMessage", in_thread(ts))


@pytest.mark.parametrize("kind, body", [
    ("events_api", {"event": None}), ("events_api", {"event": {}}), ("events_api", {}),
    ("interactive", {"type": "block_actions", "actions": "nope"}),
    ("interactive", {"type": "view_submission", "view": None}),
    ("interactive", {"type": "block_actions", "user": {"id": "U1"},
                     "actions": [{"action_id": "triage_claim", "value": {"x": 1}}]}),
    ("slash_commands", {"command": "/privacy", "text": None}),
])
def test_a_malformed_envelope_is_acknowledged_and_dropped_and_the_socket_keeps_serving(server, fake, kind, body):
    """Over HTTP these get 400; over the socket an envelope left unacknowledged would be redelivered forever."""
    fake.wait_for_ack(fake.send_envelope(kind, body))
    later, later_ts = mention(ANSWERABLE)
    fake.wait_for_ack(fake.send_envelope("events_api", later))
    fake.wait_for("chat.postMessage", in_thread(later_ts))
