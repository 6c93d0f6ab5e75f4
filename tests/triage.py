"""Helpers for the escalation tests: ask what the bot cannot answer, click triage buttons, submit the forms,
and read the database (SQLite or PostgreSQL) while the real server runs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import create_engine, text

from tests.botserver import TRIAGE, BotServer, payload, unique_ts, unique_user
from tests.fakeslack import BOT_USER_ID, Call, FakeSlack

TRIAGERS = ["U0TRIAGE1", "U0TRIAGE2", "U0TRIAGE3"]
OUTSIDER = "U0OUTSIDE"
GROUP, GROUP_MEMBER = "S0PRIVACY", "U0GROUPIE"
UNKNOWN = "How long does Mistral keep prompts on Vertex AI?"
ANSWER = {
    "title": "Mistral models on Vertex AI",
    "summary": "Google runs Mistral models on Vertex AI as your data processor; prompts are not shared with Mistral.",
    "processor": "Google: data processor (prompts and outputs)\nMistral AI: model provider (no customer data)",
    "retention_what": "Prompts and outputs, for abuse monitoring", "retention_duration": "not publicly specified",
    "training_use": "Not used for training without permission", "data_location": "",
    "governance": "Google Cloud Data Processing Addendum https://cloud.google.com/terms/data-processing-addendum",
    "references": "Vertex AI data governance https://cloud.google.com/vertex-ai/generative-ai/docs/data-governance",
}


def add_triage_team(fake: FakeSlack) -> None:
    fake.members[TRIAGE] = [BOT_USER_ID, *TRIAGERS]
    fake.usergroups[GROUP] = [GROUP_MEMBER]


def triage_server(fake: FakeSlack, directory: Any, *, socket_mode: bool = False) -> BotServer:
    """Start a server whose triage team is the fake's channel members and user group (no reminders)."""
    add_triage_team(fake)
    return BotServer(fake, directory, socket_mode=socket_mode, env={
        "PRIVACY_BOT_TRIAGE_USERGROUP": GROUP, "PRIVACY_BOT_ESCALATION_REMINDER": "0"}).start()


def rows(url: str, sql: str, **params: Any) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def eventually(url: str, sql: str, expected: list, timeout: float = 20.0, **params: Any) -> None:
    """Wait until a query returns expected."""
    deadline = time.monotonic() + timeout
    while True:
        got = rows(url, sql, **params)
        if got == expected:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{sql} returned {got}, expected {expected}")
        time.sleep(0.05)


def until(predicate: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    """Wait until predicate() is true (for state outside the database, such as the fake's messages)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(0.02)


def settled(url: str, timeout: float = 30.0) -> None:
    """Wait until every recorded request is handled and the outbox has delivered everything."""
    eventually(url, "SELECT (SELECT count(*) FROM inbox WHERE status = 'pending') + "
               "(SELECT count(*) FROM outbox WHERE status = 'pending')", [(0,)], timeout=timeout)


def ask(server: BotServer, question: str = UNKNOWN, *, user: str | None = None, channel: str = "C0GENERAL",
        event_id: str | None = None, body: dict | None = None) -> tuple[dict, str]:
    """Send an @mention; return (event body, its ts)."""
    if body is None:
        body = payload("app_mention")
        ts = unique_ts()
        body["event"].update(text=f"<@{BOT_USER_ID}> {question}", ts=ts, event_ts=ts, channel=channel,
                             user=user or unique_user())
        body["event_id"] = event_id or f"Ev{ts.replace('.', '')}"
    assert server.event(body)[0] == 200
    return body, body["event"]["ts"]


def question_id(url: str, ts: str, timeout: float = 20.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = rows(url, "SELECT id FROM questions WHERE ts = :ts", ts=ts)
        if found:
            return int(found[0][0])
        time.sleep(0.05)
    raise AssertionError(f"no question with ts {ts}")


def is_triage_post(qid: int):
    return lambda c: c.body.get("channel") == TRIAGE and f"(#{qid})" in str(c.body.get("text"))


def triage_post(fake: FakeSlack, qid: int) -> Call:
    """Wait for the triage message of a question; return the (successful) call that posted it."""
    return fake.wait_for("chat.postMessage", is_triage_post(qid))[0]


def triage_messages(fake: FakeSlack, qid: int) -> list[dict]:
    """Return the triage channel's top-level messages about a question, as people would see them."""
    return fake.posted(TRIAGE, lambda m: f"(#{qid})" in str(m.get("text")) and "thread_ts" not in m)


def thread(fake: FakeSlack, channel: str, ts: str) -> list[dict]:
    """Return the bot's messages in a thread, as people would see them."""
    return fake.posted(channel, lambda m: m.get("thread_ts") == ts)


def buttons(blocks: list[dict]) -> dict[str, dict]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def click(server: BotServer, fake: FakeSlack, action_id: str, value: str, *, user: str,
          trigger_id: str | None = None, selected: str | None = None) -> str:
    """Click a triage button (or choose an overflow option); return the response_url's path."""
    body = payload("block_actions")
    url = fake.webhook_url()
    action: dict[str, Any] = {"action_id": action_id, "block_id": f"triage:{value}", "type": "button",
                              "value": value, "action_ts": unique_ts()}
    if selected is not None:
        action = {"action_id": action_id, "block_id": "triage:x", "type": "overflow", "action_ts": unique_ts(),
                  "selected_option": {"text": {"type": "plain_text", "text": "Close"}, "value": selected}}
    body.update(actions=[action], response_url=url, trigger_id=trigger_id or f"trigger-{unique_ts()}",
                container={"type": "message", "message_ts": "1.1", "channel_id": TRIAGE, "is_ephemeral": False},
                channel={"id": TRIAGE, "name": "privacy-triage"})
    body["user"] = {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T0FAKE"}
    body.pop("message", None)
    assert server.interaction(body)[0] == 200
    return url.split(":", 2)[2][5:]


def ephemeral(fake: FakeSlack, path: str) -> str:
    """Wait for the private reply sent to a clicker's response_url; return its text."""
    [reply] = fake.wait_for("webhook", lambda c: c.path == path)
    assert reply.body.get("response_type") == "ephemeral"
    return str(reply.body["text"])


def submit(server: BotServer, callback_id: str, qid: int, *, user: str, values: dict[str, Any]) -> tuple[int, dict]:
    """Submit a triage form; return (HTTP status, the ack's JSON body or {})."""
    body = payload("view_submission")
    body["user"] = {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T0FAKE"}
    body["view"].update(callback_id=callback_id, private_metadata=str(qid), state={"values": values},
                        id=f"V{unique_ts().replace('.', '')}")
    status, text_ = server.interaction(body)
    return status, (json.loads(text_) if text_.strip() else {})


def answer_values(fields: dict[str, str]) -> dict[str, Any]:
    return {f: {f"{f}_input": {"type": "plain_text_input", "value": v or None}} for f, v in fields.items()}


def entry_values(entry_id: str) -> dict[str, Any]:
    return {"entry": {"entry_input": {"type": "static_select", "selected_option": {
        "text": {"type": "plain_text", "text": entry_id}, "value": entry_id}}}}
