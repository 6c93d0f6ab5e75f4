"""The WSGI app: /healthz reports 503 until the answer set and database are usable; Slack requests are verified."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.server import EVENTS_PATH, make_flask, retry_handlers


def app() -> App:
    return App(token="xoxb-test", signing_secret="secret", token_verification_enabled=False)


def test_healthz_is_200_when_healthy_and_503_otherwise():
    healthy = make_flask(app(), health=lambda: None).test_client()
    assert healthy.get("/healthz").status_code == 200

    def broken() -> None:
        raise ConnectionError("database unreachable")

    response = make_flask(app(), health=broken).test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"ok": False, "error": "ConnectionError"}


def test_unsigned_slack_requests_are_refused():
    client = make_flask(app(), health=lambda: None).test_client()
    assert client.post(EVENTS_PATH, json={"type": "event_callback"}).status_code == 401


def test_web_api_calls_retry_connection_errors_rate_limits_and_server_errors():
    names = {type(handler).__name__ for handler in retry_handlers()}
    assert names == {"ConnectionErrorRetryHandler", "RateLimitErrorRetryHandler", "ServerErrorRetryHandler"}
