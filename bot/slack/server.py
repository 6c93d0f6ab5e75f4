"""Slack clients and servers: WebClient with retries, the Bolt App, the Flask app for gunicorn, Socket Mode."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask, Response, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.webhook import WebhookClient

from bot.observability import SLACK_ERRORS, SLACK_RETRIES, metrics_text

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"


def _counted(handler: RetryHandler, reason: str) -> RetryHandler:
    """Return the handler, counting every retry it decides on in privacy_bot_slack_api_retries_total."""
    decide = handler._can_retry

    def can_retry(*, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                  error: Exception | None = None) -> bool:
        retry = bool(decide(state=state, request=request, response=response, error=error))
        if retry:
            SLACK_RETRIES.labels(reason=reason).inc()
        return retry

    setattr(handler, "_can_retry", can_retry)  # noqa: B010 - wrap the instance, keep the class
    return handler


def retry_handlers() -> list[RetryHandler]:
    """Return the retry policy for Web API calls: connection errors, 429 (honouring Retry-After) and 5xx.

    They sleep in the calling thread, which is always a listener thread after the 3-second ack.
    """
    return [_counted(ConnectionErrorRetryHandler(max_retry_count=2), "connection"),
            _counted(RateLimitErrorRetryHandler(max_retry_count=3), "rate_limited"),
            _counted(ServerErrorRetryHandler(max_retry_count=2), "server_error")]


class CountingWebClient(WebClient):
    """A WebClient that counts failed calls in privacy_bot_slack_api_errors_total (method, status)."""

    def api_call(self, api_method: str, **kwargs: Any) -> Any:
        """Call the Web API method, counting it when it fails."""
        try:
            return super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            status = f"{exc.response.status_code}:{exc.response.get('error', '')}"[:40]
            SLACK_ERRORS.labels(method=api_method, status=status).inc()
            raise
        except Exception as exc:
            SLACK_ERRORS.labels(method=api_method, status=type(exc).__name__).inc()
            raise


def make_client(token: str, base_url: str) -> WebClient:
    """Return a Web API client with retries."""
    return CountingWebClient(token=token, base_url=base_url, timeout=15, retry_handlers=retry_handlers())


def make_webhook(url: str, *, retries: bool = True) -> WebhookClient:
    """Return a response_url client with the same retries (or none: the outbox retries by itself)."""
    return WebhookClient(url=url, timeout=15, retry_handlers=retry_handlers() if retries else [])


def make_delivery_client(token: str, base_url: str, *, timeout: float) -> WebClient:
    """Return a Web API client without retry handlers, for the outbox worker.

    The outbox retries with backoff itself, and after a 5xx or a timeout it looks for the message before
    posting it again; a blind retry here could post it twice.
    """
    return CountingWebClient(token=token, base_url=base_url, timeout=int(max(timeout, 1)), retry_handlers=[])


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


def make_flask(app: App, *, health: Callable[[], None], ready: Callable[[], None] | None = None,
               state: Callable[[], dict[str, int]] | None = None, events: bool = True) -> Flask:
    """Return the WSGI app: one Slack path for events, interactivity and commands; /healthz, /readyz, /metrics.

    /healthz (liveness): the answer set is loaded and the database reachable. /readyz (readiness): that, and
    this process is fully serving (its outbox delivery thread runs). /metrics: Prometheus exposition.
    """
    flask_app = Flask("privacy-bot")
    handler = SlackRequestHandler(app)

    if events:  # Socket Mode serves only the probes and metrics over HTTP

        @flask_app.post(EVENTS_PATH)
        def slack_events() -> Response:
            response: Response = handler.handle(request)
            return response

    def probe(check: Callable[[], None], name: str) -> tuple[dict[str, object], int]:
        try:
            check()
        except Exception as exc:
            log.warning("%s check failed: %s", name, exc)
            return {"ok": False, "error": type(exc).__name__}, 503
        return {"ok": True}, 200

    @flask_app.get("/healthz")
    def healthz() -> tuple[dict[str, object], int]:
        return probe(health, "health")

    @flask_app.get("/readyz")
    def readyz() -> tuple[dict[str, object], int]:
        return probe(ready or health, "readiness")

    @flask_app.get("/metrics")
    def metrics() -> Response:
        return Response(metrics_text(state or dict), mimetype="text/plain; version=0.0.4")

    return flask_app


def run_socket_mode(app: App, app_token: str, *, host: str, port: int, health: Callable[[], None],
                    ready: Callable[[], None], state: Callable[[], dict[str, int]]) -> None:
    """Connect over Socket Mode and serve until interrupted; /healthz, /readyz (connected) and /metrics on host:port."""
    from werkzeug.serving import make_server

    handler = SocketModeHandler(app, app_token)

    def connected() -> None:
        ready()
        if not handler.client.is_connected():
            raise RuntimeError("not connected to Slack")

    probes = make_flask(app, health=health, ready=connected, state=state, events=False)
    server = make_server(host, port, probes, threaded=True)
    threading.Thread(target=server.serve_forever, name="probes", daemon=True).start()
    try:
        handler.start()  # type: ignore[no-untyped-call]
    finally:
        server.shutdown()
