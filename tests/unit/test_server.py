"""The WSGI app: /healthz (liveness) and /readyz (readiness, which also asks the database); Slack requests are verified
before Bolt (or anything) sees them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from slack_bolt import App

from bot.slack.server import EVENTS_PATH, make_flask, retry_handlers, signed

SECRET = "secret"


def app() -> App:
    return App(token="xoxb-test", signing_secret="secret", token_verification_enabled=False)


def test_healthz_is_200_when_healthy_and_503_otherwise():
    healthy = make_flask(app(), signing_secret=SECRET, health=lambda: None).test_client()
    assert healthy.get("/healthz").status_code == 200

    def broken() -> None:
        raise ConnectionError("database unreachable")

    response = make_flask(app(), signing_secret=SECRET, health=broken).test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"ok": False, "error": "ConnectionError"}


def test_unsigned_slack_requests_are_refused():
    client = make_flask(app(), signing_secret=SECRET, health=lambda: None).test_client()
    assert client.post(EVENTS_PATH, json={"type": "event_callback"}).status_code == 401


def test_web_api_calls_retry_connection_errors_rate_limits_and_server_errors():
    names = {type(handler).__name__ for handler in retry_handlers()}
    assert names == {"ConnectionErrorRetryHandler", "RateLimitErrorRetryHandler", "ServerErrorRetryHandler"}


def signature(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    return "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("timestamp", ["x", "abc", "1.5e9", "", "-5", "0x10", "1" * 13, "１２３"])
def test_a_malformed_timestamp_is_not_verified_and_never_raises(timestamp):
    body = b'{"type": "event_callback"}'
    assert signed(SECRET, body, timestamp, signature(body, timestamp)) is False


def test_only_a_fresh_correct_signature_verifies():
    body, now = b"payload=x", int(time.time())
    assert signed(SECRET, body, str(now), signature(body, str(now)))
    assert not signed(SECRET, body, str(now), signature(body, str(now), "other"))
    assert not signed(SECRET, body + b"y", str(now), signature(body, str(now)))
    assert not signed(SECRET, body, str(now - 301), signature(body, str(now - 301)))
    assert not signed(SECRET, body, str(now), "v1=" + signature(body, str(now))[3:])


def test_bodies_over_the_limit_get_413():
    client = make_flask(app(), signing_secret=SECRET, health=lambda: None).test_client()
    assert client.post(EVENTS_PATH, data=b"x" * 1_000_001).status_code == 413
    assert client.post(EVENTS_PATH, data=b"x" * 1_000).status_code == 401  # small and unsigned


def post_signed(client, body: bytes, content_type: str):
    now = str(int(time.time()))
    return client.post(EVENTS_PATH, data=body, content_type=content_type,
                       headers={"X-Slack-Request-Timestamp": now, "X-Slack-Signature": signature(body, now)})


def test_signed_requests_the_bot_cannot_read_get_400_and_failures_of_its_own_500():
    from urllib.parse import urlencode

    from slack_bolt.authorization import AuthorizeResult

    from bot.slack.listeners import on_error

    bolt = App(signing_secret=SECRET, authorize=lambda **kw: AuthorizeResult(
        enterprise_id=None, team_id="T1", bot_token="xoxb-test", bot_user_id="UB", bot_id="B"))
    bolt.error(on_error)

    @bolt.action("shape")
    def shape(ack) -> None:  # a payload of a shape Slack never sends (our parsing raises)
        raise TypeError("actions is not a list")

    @bolt.action("down")
    def down(ack) -> None:  # the inbox cannot be written: Slack should retry
        raise ConnectionError("database unreachable")

    client = make_flask(bolt, signing_secret=SECRET, health=lambda: None).test_client()
    form = "application/x-www-form-urlencoded"
    assert post_signed(client, urlencode({"payload": "{not json"}).encode(), form).status_code == 400
    assert post_signed(client, b"[]", "application/json").status_code == 400
    assert post_signed(client, b'{"type": "event_callback", "x": "\xff"}', "application/json").status_code == 401

    def click(action_id: str) -> int:
        payload = {"type": "block_actions", "user": {"id": "U1"}, "team": {"id": "T1"}, "api_app_id": "A1",
                   "actions": [{"action_id": action_id, "block_id": "b", "type": "button", "value": "1"}]}
        return post_signed(client, urlencode({"payload": json.dumps(payload)}).encode(), form).status_code

    assert click("shape") == 400 and click("down") == 500


def test_a_database_check_that_hangs_fails_in_time_and_is_never_run_twice_at_once():
    import threading

    from bot.store.probe import BoundedCheck

    release, calls = threading.Event(), []

    def hung() -> None:
        calls.append(1)
        release.wait(30)

    check = BoundedCheck(hung, timeout=0.05)
    for _ in range(3):
        with pytest.raises(TimeoutError, match=r"did not answer within 0\.05 s"):
            check()
    assert calls == [1]  # the later probes wait on the hung attempt: no more threads or connections
    release.set()
    check()  # the attempt ended: the next probe sees its result
    check()
    assert calls == [1, 1]


def test_metrics_gauges_from_a_hung_database_are_left_out_within_the_bound():
    import threading

    from bot.runtime.observability import metrics_text
    from bot.store.probe import bounded_read

    release = threading.Event()

    def hung() -> dict[str, int]:
        release.wait(30)
        return {"outbox_depth": 7}

    page = metrics_text(bounded_read(hung, timeout=0.05)).decode()  # the scrape answers, without the gauges
    assert "privacy_bot_outbox_depth" not in page
    release.set()
    answered = bounded_read(lambda: {"outbox_depth": 7}, timeout=5)
    assert "privacy_bot_outbox_depth 7.0" in metrics_text(answered).decode()
