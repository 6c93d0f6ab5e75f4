"""Slack clients and servers: WebClient with retries, the Bolt App, the Flask app for gunicorn, Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, Response, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"


def retry_handlers() -> list[RetryHandler]:
    """Return the retry policy for Web API calls: connection errors, 429 (honouring Retry-After) and 5xx.

    They sleep in the calling thread, which is always a listener thread after the 3-second ack.
    """
    return [ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2)]


def make_client(token: str, base_url: str) -> WebClient:
    """Return a Web API client with retries."""
    return WebClient(token=token, base_url=base_url, timeout=15, retry_handlers=retry_handlers())


def make_webhook(url: str, *, retries: bool = True) -> WebhookClient:
    """Return a response_url client with the same retries (or none: the outbox retries by itself)."""
    return WebhookClient(url=url, timeout=15, retry_handlers=retry_handlers() if retries else [])


def make_delivery_client(token: str, base_url: str, *, timeout: float) -> WebClient:
    """Return a Web API client without retry handlers, for the outbox worker.

    The outbox retries with backoff itself, and after a 5xx or a timeout it looks for the message before
    posting it again; a blind retry here could post it twice.
    """
    return WebClient(token=token, base_url=base_url, timeout=int(max(timeout, 1)), retry_handlers=[])


class _DropTokenSkipped(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN from the environment is unused when it is given a client: it is expected."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def make_app(client: WebClient, *, signing_secret: str | None, workers: int = 4) -> App:
    """Return the Bolt App; signing_secret=None means Socket Mode, where requests arrive on our own WebSocket.

    workers is the listener pool per process. Answering is mostly CPU under the GIL, so more threads only slow
    the request threads that must ack within 3 seconds; a burst waits in the pool's queue instead.
    """
    return App(
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=signing_secret is not None,
        process_before_response=False,  # ack first, then work in the listener pool
        listener_executor=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="listener"),
        name="privacy-bot",
        logger=_bolt_logger(),
    )


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("privacy-bot.bolt")
    if not logger.filters:
        logger.addFilter(_DropTokenSkipped())
    return logger


def make_flask(app: App, *, health: Callable[[], None]) -> Flask:
    """Return the WSGI app: one Slack path for events, interactivity and commands, and /healthz."""
    flask_app = Flask("privacy-bot")
    handler = SlackRequestHandler(app)

    @flask_app.post(EVENTS_PATH)
    def slack_events() -> Response:
        response: Response = handler.handle(request)
        return response

    @flask_app.get("/healthz")
    def healthz() -> tuple[dict[str, object], int]:
        try:
            health()
        except Exception as exc:
            log.warning("health check failed: %s", exc)
            return {"ok": False, "error": type(exc).__name__}, 503
        return {"ok": True}, 200

    return flask_app


def run_socket_mode(app: App, app_token: str) -> None:
    """Connect over Socket Mode and serve until interrupted."""
    SocketModeHandler(app, app_token).start()  # type: ignore[no-untyped-call]
