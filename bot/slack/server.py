"""Slack clients and servers: WebClient with retries, the Bolt App, the WSGI app for gunicorn, Socket Mode.

The WSGI app checks every request to the Slack path before Bolt sees it: a body over the size limit gets 413
without being read, a slow body times out, and a request whose signature does not verify (a malformed or stale
timestamp included) gets 401. Nothing is read from, replied to or called for such a request.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request
from slack_bolt import App, BoltResponse
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import run_bolt_app, send_response
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
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.webhook import WebhookClient
from werkzeug.exceptions import ClientDisconnected

from bot.slack.listeners import MALFORMED

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's requests are a few kB; a modal's state stays well under this
BODY_TIMEOUT = 5.0  # seconds to receive the whole body (Slack sends a few kB at once)
MAX_TIMESTAMP_DIGITS = 12
SOCKET_PING = 3.0  # seconds between pings over Socket Mode: a socket that died silently is replaced within ~15 s

OnError = Callable[[str, str], None]  # (method, status)
OnRetry = Callable[[str], None]  # (reason)


def _counted(handler: RetryHandler, reason: str, on_retry: OnRetry) -> RetryHandler:
    """Return the handler, reporting every retry it decides on."""
    decide = handler._can_retry

    def can_retry(*, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                  error: Exception | None = None) -> bool:
        retry = bool(decide(state=state, request=request, response=response, error=error))
        if retry:
            on_retry(reason)
        return retry

    setattr(handler, "_can_retry", can_retry)  # noqa: B010 - wrap the instance, keep the class
    return handler


def retry_handlers(on_retry: OnRetry = lambda reason: None) -> list[RetryHandler]:
    """Return the retry policy for Web API calls made outside delivery: connection errors, 429 and 5xx."""
    return [_counted(ConnectionErrorRetryHandler(max_retry_count=2), "connection", on_retry),
            _counted(RateLimitErrorRetryHandler(max_retry_count=3), "rate_limited", on_retry),
            _counted(ServerErrorRetryHandler(max_retry_count=2), "server_error", on_retry)]


class CountingWebClient(WebClient):
    """A WebClient that reports failed calls (method, status)."""

    on_error: OnError = staticmethod(lambda method, status: None)

    def api_call(self, api_method: str, **kwargs: Any) -> Any:
        """Call the Web API method, reporting it when it fails."""
        try:
            return super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            self.on_error(api_method, f"{exc.response.status_code}:{exc.response.get('error', '')}"[:40])
            raise
        except Exception as exc:
            self.on_error(api_method, type(exc).__name__)
            raise


def make_client(token: str, base_url: str, *, retries: bool = True, timeout: float = 15,
                on_error: OnError | None = None, on_retry: OnRetry | None = None) -> WebClient:
    """Return a Web API client; retries=False for the delivery worker, which retries and looks up by itself."""
    client = CountingWebClient(token=token, base_url=base_url, timeout=int(max(timeout, 1)),
                               retry_handlers=retry_handlers(on_retry or (lambda reason: None)) if retries else [])
    if on_error is not None:
        client.on_error = on_error
    return client


def make_webhook(url: str) -> WebhookClient:
    """Return a response_url client without retries (the outbox retries by itself)."""
    return WebhookClient(url=url, timeout=15, retry_handlers=[])


class _DropTokenSkipped(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN from the environment is unused when it is given a client: it is expected."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def make_app(client: WebClient, *, signing_secret: str | None) -> App:
    """Return the Bolt App; signing_secret=None means Socket Mode, where requests arrive on our own WebSocket.

    Listeners only record the request (one insert) and Bolt answers when they return, so Slack gets its
    acknowledgement after the request is safely stored and never waits for answering work.
    """
    logger = logging.getLogger("privacy-bot.bolt")
    if not logger.filters:
        logger.addFilter(_DropTokenSkipped())
    return App(client=client, signing_secret=signing_secret or "",
               request_verification_enabled=signing_secret is not None, process_before_response=True,
               name="privacy-bot", logger=logger)


def signed(secret: str, body: bytes, timestamp: str, signature: str, *, now: float | None = None) -> bool:
    """Return whether Slack signed this body (timestamp: digits only, within five minutes)."""
    if not (timestamp.isdigit() and len(timestamp) <= MAX_TIMESTAMP_DIGITS and signature.startswith("v0=")):
        return False
    verifier = SignatureVerifier(secret) if now is None else SignatureVerifier(secret, clock=_Fixed(now))
    try:
        return verifier.is_valid(body, timestamp, signature)
    except UnicodeDecodeError:  # Slack sends UTF-8: a body that is not was never signed by it
        return False


class _Fixed(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def _read_body() -> bytes | Response:
    """Return the request body, or the response refusing it (too large, no length, too slow)."""
    length = request.content_length
    if length is None:
        return Response("length required\n", status=411)
    if length > MAX_BODY:
        return Response("request too large\n", status=413)
    sock = request.environ.get("gunicorn.socket")
    if isinstance(sock, socket.socket):
        sock.settimeout(BODY_TIMEOUT)
    try:
        return request.get_data(cache=True)
    except (TimeoutError, OSError, ClientDisconnected):  # gunicorn's socket timed out before the body was in
        return Response("request timeout\n", status=408)


def make_flask(app: App | None, *, signing_secret: str | None, health: Callable[[], None],
               ready: Callable[[], None] | None = None, metrics: Callable[[], bytes] | None = None,
               pages: Callable[[Flask], None] | None = None) -> Flask:
    """Return the WSGI app: the Slack path (HTTP mode only), /healthz, /readyz, /metrics, and any pages.

    /healthz (liveness): the answer set is loaded and the workers run (not the database: restarting cannot fix
    it). /readyz (readiness): that, the database answering, and this process fully serving. /metrics: Prometheus.
    """
    flask_app = Flask("privacy-bot")
    flask_app.config["MAX_CONTENT_LENGTH"] = MAX_BODY

    if app is not None and signing_secret is not None:  # Socket Mode serves only probes and metrics over HTTP
        handler = SlackRequestHandler(app)

        @flask_app.post(EVENTS_PATH)
        def slack_events() -> Response:
            body = _read_body()
            if isinstance(body, Response):
                return body
            if not signed(signing_secret, body, request.headers.get("X-Slack-Request-Timestamp", ""),
                          request.headers.get("X-Slack-Signature", "")):
                return Response('{"error": "invalid request"}', status=401, mimetype="application/json")
            try:
                response: Response = handler.handle(request)
            except MALFORMED as exc:  # signed, but no Slack payload Bolt can parse ("payload" not JSON)
                log.warning("a request could not be read: %s", type(exc).__name__)
                return Response('{"error": "malformed request"}', status=400, mimetype="application/json")
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
    def metrics_page() -> Response:
        return Response(metrics() if metrics else b"", mimetype="text/plain; version=0.0.4")

    if pages is not None:
        pages(flask_app)
    return flask_app


class AckingSocketModeHandler(SocketModeHandler):
    """Socket Mode that acknowledges an envelope the bot cannot read (HTTP answers it 400), so Slack does not
    redeliver it forever; a failure of the bot's own (500: the database down) stays unacknowledged, so Slack
    redelivers it as it retries an HTTP 500."""

    def handle(self, client: Any, req: SocketModeRequest) -> None:
        """Run Bolt on the envelope and acknowledge it unless the bot itself failed."""
        start = time.time()
        try:
            response: BoltResponse = run_bolt_app(self.app, req)
        except MALFORMED as exc:  # a payload of a shape Slack never sends, failing before any listener
            log.warning("a Socket Mode %s envelope could not be read (%s): acknowledged and dropped", req.type,
                        type(exc).__name__)
            response = BoltResponse(status=400)
        if 400 <= response.status < 500:
            if response.status != 400:  # 400: on_error logged it already
                log.warning("a Socket Mode %s envelope got %s: acknowledged and dropped", req.type, response.status)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        send_response(client, req, response, start)


def run_socket_mode(app: App, app_token: str, *, host: str, port: int, probes: Callable[[Callable[[], None]], Flask],
                    ready: Callable[[], None]) -> None:
    """Connect over Socket Mode and serve until interrupted; /healthz, /readyz (connected), /metrics on host:port."""
    from werkzeug.serving import make_server

    handler = AckingSocketModeHandler(app, app_token, ping_interval=SOCKET_PING)

    def connected() -> None:
        ready()
        if not handler.client.is_connected():
            raise RuntimeError("not connected to Slack")
        session = getattr(handler.client, "current_session", None)  # a socket that died without a close frame
        heard = getattr(session, "last_ping_pong_time", None) or getattr(session, "_first_ping_time", None)
        if heard is not None and time.time() - heard > SOCKET_PING * 3:  # still looks connected: no pong lately
            raise RuntimeError(f"no answer from Slack over the socket for {time.time() - heard:.0f} s")

    server = make_server(host, port, probes(connected), threaded=True)
    threading.Thread(target=server.serve_forever, name="probes", daemon=True).start()
    try:
        handler.start()  # type: ignore[no-untyped-call]
    finally:
        server.shutdown()
