"""Operations endpoints of the real server: /readyz, /metrics across gunicorn workers, JSON logs; Socket Mode probes."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.botserver import BOT_TOKEN, BotServer, in_thread, payload, unique_ts, unique_user
from tests.fakeslack import BOT_USER_ID, FakeSlack
from tests.triage import question_id, until

QUESTION = "Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?"
SECRET_TEXT = "does mistral keep prompts on vertex, asking for project nightingale"


def mention(server: BotServer, fake: FakeSlack, text: str) -> str:
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {text}", ts=ts, event_ts=ts, user=unique_user())
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    assert server.event(body)[0] == 200
    fake.wait_for("chat.postMessage", in_thread(ts))
    return ts


def metric(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.M)
    return float(match[1]) if match else 0.0


@pytest.fixture(scope="module")
def server(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    server = BotServer(fake, tmp_path_factory.mktemp("ops")).start()
    yield server
    server.stop()


def test_readyz_and_healthz(server: BotServer):
    assert server.get("/healthz")[0] == 200
    status, body = server.get("/readyz")
    assert status == 200 and json.loads(body) == {"ok": True}


def test_metrics_add_up_over_both_workers(server: BotServer, fake: FakeSlack):
    before = server.get("/metrics")[1]
    for _ in range(6):  # over keep-alive-less requests gunicorn spreads these across its two workers
        mention(server, fake, QUESTION)
    mention(server, fake, SECRET_TEXT)

    def scraped() -> str:
        return server.get("/metrics")[1]

    deadline = time.monotonic() + 20
    while True:
        after = scraped()
        answered = metric(after, 'privacy_bot_questions_total{outcome="answer"}') - metric(
            before, 'privacy_bot_questions_total{outcome="answer"}')
        # a request is counted after it is handled, which can be after its reply was delivered: wait for all
        counted = (answered >= 6 and metric(after, 'privacy_bot_questions_total{outcome="escalate"}') >= 1
                   and metric(after, "privacy_bot_answer_latency_seconds_count") >= 7)
        if counted or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert answered == 6
    assert metric(after, 'privacy_bot_questions_total{outcome="escalate"}') >= 1
    assert metric(after, "privacy_bot_answer_latency_seconds_count") >= 7
    assert metric(after, "privacy_bot_open_escalations") >= 1
    assert "privacy_bot_outbox_depth" in after and "privacy_bot_inbox_depth" in after


def test_json_log_lines_without_text_or_tokens(server: BotServer, fake: FakeSlack):
    qid = question_id(server.database_url, mention(server, fake, SECRET_TEXT))

    def handled_lines() -> list[dict]:
        written = Path(server.log_path).read_text()
        written = written[:written.rfind("\n") + 1]  # complete lines only: the server may be writing one
        lines = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
        return [line for line in lines if line.get("message") == "request handled" and line.get("question_id")]

    # logged after the request is handled, which can be after its reply was delivered
    until(lambda: any(line["question_id"] == qid for line in handled_lines()), "this request's log line", timeout=10)
    handled = handled_lines()
    assert handled and {"question_id", "outcome", "entry_id", "latency_ms"} <= set(handled[-1])
    log_text = Path(server.log_path).read_text()
    assert "nightingale" not in log_text  # question text only at DEBUG
    assert BOT_TOKEN not in log_text


def test_slack_api_errors_and_retries_are_counted(server: BotServer, fake: FakeSlack):
    fake.fail("chat.postMessage", 500, times=1)
    mention(server, fake, QUESTION)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = server.get("/metrics")[1]
        if 'privacy_bot_slack_api_retries_total{reason="server_error"}' in text:
            break
        time.sleep(0.1)
    assert metric(text, 'privacy_bot_slack_api_retries_total{reason="server_error"}') >= 1


def test_socket_mode_serves_probes_and_metrics(fake: FakeSlack, tmp_path: Path):
    server = BotServer(fake, tmp_path, socket_mode=True).start()
    try:
        deadline = time.monotonic() + 20
        status = 0
        while time.monotonic() < deadline:
            try:
                status = server.get("/readyz")[0]
            except OSError:
                status = 0
            if status == 200:
                break
            time.sleep(0.1)
        assert status == 200
        assert server.get("/healthz")[0] == 200
        assert "privacy_bot_open_escalations" in server.get("/metrics")[1]
        assert server.get("/slack/events")[0] in (404, 405)  # events arrive over the WebSocket, not HTTP
    finally:
        server.stop()
