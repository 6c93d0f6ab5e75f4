"""A local fake of Slack for tests and the benchmark: the Web API, response_url webhooks, and Socket Mode.

It listens on loopback only, records every call with its parsed body, answers with realistic bodies, and
fails on demand (429 with Retry-After, 500, or a 500 after the message was posted anyway), refuses them (ok: false,
e.g. is_archived), or holds calls until released (to kill the bot mid-call). Posted messages are kept per channel,
with their metadata, so
conversations.history/replies find them; conversations.members and usergroups.users.list answer from
.members and .usergroups. Its apps.connections.open returns the ws:// URL of a local WebSocket server that
speaks Slack's Socket Mode envelope protocol.
"""

from __future__ import annotations

import itertools
import json
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.sync.server import ServerConnection, serve

TEAM_ID = "T0FAKE"
BOT_USER_ID = "UBOT0001"
EXPIRED_TRIGGER = "expired-"  # a click whose trigger_id starts so: views.open answers expired_trigger_id
BOT_ID = "BBOT0001"


@dataclass
class Call:
    """One request the fake received."""

    method: str  # Web API method, or "webhook"
    body: dict[str, Any]
    token: str | None
    status: int
    path: str
    at: float = field(default_factory=time.monotonic)
    held: bool = False  # a test holds it: wait_for sees it before it is carried out
    done: bool = False  # carried out (what it posts or updates is visible)

    def dump(self) -> str:
        """Return the body as JSON text, for searching."""
        return json.dumps(self.body)


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return dict(json.loads(raw))
    body: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
    for key in ("blocks", "view", "attachments"):
        if isinstance(body.get(key), str):
            body[key] = json.loads(body[key])
    return body


def _dm(channel: Any) -> str:
    """Return the channel a message lands in: a user id means the DM with that user (D + the rest of the id)."""
    text = str(channel)
    return f"D{text[1:]}" if text.startswith(("U", "W")) else text


class FakeSlack:
    """The fake: start(), then point SLACK_API_URL at .api_url; read .calls(), wait_for(...)."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._failures: dict[str, list[tuple[int, int | None, bool]]] = {}
        self._chaos: dict[str, tuple[float, float, float, random.Random]] = {}
        self._holds: list[tuple[str, Callable[[dict[str, Any]], bool], threading.Event]] = []
        self._refusals: list[tuple[str, Callable[[dict[str, Any]], bool], str]] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel -> posted messages, oldest first
        self.members: dict[str, list[str]] = {}  # channel -> member ids (conversations.members)
        self.usergroups: dict[str, list[str]] = {}  # user group id -> user ids (usergroups.users.list)
        # channel id -> what conversations.info says of it; the triage channel of the tests is there by default
        self.channels: dict[str, dict[str, Any]] = {"C0TRIAGE": {"is_member": True, "is_archived": False}}
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._http.daemon_threads = True
        self._ws = serve(self._socket_mode, "127.0.0.1", 0, compression=None)
        self._sockets: list[ServerConnection] = []
        self.acks: dict[str, dict[str, Any]] = {}

    # ---- lifecycle ---------------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}/api/"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self._ws.socket.getsockname()[1]}/link"

    def webhook_url(self, name: str = "") -> str:
        """Return a response_url that lands in this fake."""
        return f"http://127.0.0.1:{self._http.server_address[1]}/webhook/{name or uuid.uuid4().hex}"

    def start(self) -> FakeSlack:
        threading.Thread(target=self._http.serve_forever, daemon=True, name="fake-slack-http").start()
        threading.Thread(target=self._ws.serve_forever, daemon=True, name="fake-slack-ws").start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._ws.shutdown()

    # ---- scripting and inspection --------------------------------------------------------------------
    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None,
             processed: bool = False) -> None:
        """Make the next `times` calls of a method fail with an HTTP status (429 carries Retry-After).

        processed=True: do the work anyway (post the message), then answer with the failure, as a Slack 5xx or a
        lost response can; the caller cannot tell whether it happened.
        """
        with self._cond:
            self._failures.setdefault(method, []).extend([(status, retry_after, processed)] * times)

    def hold(self, method: str, where: Callable[[dict[str, Any]], bool] = lambda body: True) -> threading.Event:
        """Hold matching calls (recorded, not yet processed) until the returned event is set."""
        release = threading.Event()
        with self._cond:
            self._holds.append((method, where, release))
        return release

    def refuse(self, method: str, error: str, where: Callable[[dict[str, Any]], bool] = lambda body: True) -> None:
        """Answer matching calls with HTTP 200 and ok: false (e.g. is_archived), doing nothing, until reset()."""
        with self._cond:
            self._refusals.append((method, where, error))

    def posted(self, channel: str, where: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
        """Return the messages in a channel (what people would see), oldest first."""
        with self._cond:
            return [m for m in self.messages.get(channel, []) if where is None or where(m)]

    def calls(self, method: str | None = None, where: Callable[[Call], bool] | None = None,
              ok: bool | None = None) -> list[Call]:
        with self._cond:
            found = [c for c in self._calls if method is None or c.method == method]
        if ok is not None:
            found = [c for c in found if (c.status == 200) is ok]
        return [c for c in found if where is None or where(c)]

    def wait_for(self, method: str, where: Callable[[Call], bool] | None = None, *, count: int = 1,
                 timeout: float = 15.0) -> list[Call]:
        """Return the successful calls of a method matching where, once there are at least count of them.

        A call counts once it is carried out (its message is posted or updated), or while a test holds it.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self._calls if c.method == method and c.status == 200
                         and (c.done or c.held) and (where is None or where(c))]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.status) for c in self._calls[-20:]]
                    raise AssertionError(f"timed out waiting for {count} {method} call(s); last calls: {seen}")
                self._cond.wait(left)

    def reset(self) -> None:
        with self._cond:
            self._calls.clear()
            self._failures.clear()
            self._chaos.clear()
            self._refusals.clear()
            for _, _, release in self._holds:
                release.set()
            self._holds.clear()

    # ---- HTTP ------------------------------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                fake._serve(self, raw)

            do_GET = do_POST

        return Handler

    def _serve(self, request: BaseHTTPRequestHandler, raw: bytes) -> None:
        url = urlsplit(request.path)
        path = url.path
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
        body = {**{k: v[0] for k, v in parse_qs(url.query).items()},
                **_parse(raw, request.headers.get("Content-Type", ""))}
        method = "webhook" if path.startswith("/webhook/") else path.removeprefix("/api/")
        status, retry_after, processed = self._next_failure(method)
        call = Call(method=method, body=body, token=token, status=status, path=path)
        with self._cond:
            holds = [release for m, where, release in self._holds if m == method and where(body)]
            call.held = bool(holds)
            self._calls.append(call)
            self._cond.notify_all()
        for release in holds:
            release.wait(60)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        response: Any
        if status != 200:
            if processed and method != "webhook":
                self._answer(method, body, token)
            response = {"ok": False, "error": "ratelimited" if status == 429 else "fatal_error"}
        elif method == "webhook":
            response = "ok"
        elif refused := [error for m, where, error in self._refusals if m == method and where(body)]:
            response = {"ok": False, "error": refused[0]}
        else:
            response = self._answer(method, body, token)
        with self._cond:  # waiters see a call once what it does is visible, as a client would after Slack's reply
            call.done = True
            self._cond.notify_all()
        self._send(request, status, response, headers)

    def chaos(self, method: str, *, rate_limited: float, server_error: float, processed: float = 0.5,
              seed: int = 1) -> None:
        """Fail a share of a method's calls at random: 429 (Retry-After 1) and 500, of which a share did the work."""
        with self._cond:
            self._chaos[method] = (rate_limited, server_error, processed, random.Random(seed))

    def _next_failure(self, method: str) -> tuple[int, int | None, bool]:
        with self._cond:
            queue = self._failures.get(method)
            if queue:
                return queue.pop(0)
            if method in self._chaos:
                rate_limited, server_error, processed, rng = self._chaos[method]
                roll = rng.random()
                if roll < rate_limited:
                    return 429, 1, False
                if roll < rate_limited + server_error:
                    return 500, None, rng.random() < processed
            return 200, None, False

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        try:
            request.send_response(status)
            kind = "text/plain" if isinstance(body, str) else "application/json; charset=utf-8"
            request.send_header("Content-Type", kind)
            request.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            request.end_headers()
            request.wfile.write(data)
        except OSError:  # the caller is gone (e.g. killed while we held its call)
            request.close_connection = True

    def _answer(self, method: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "apps.connections.open":
            if not (token or "").startswith("xapp-"):
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"ok": True, "url": self.ws_url}
        if not (token or "").startswith("xoxb-"):
            return {"ok": False, "error": "invalid_auth"}
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "privacy-bot",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "chat.postMessage":
            channel = _dm(body.get("channel"))
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "text": body.get("text"), "ts": ts,
                       "blocks": body.get("blocks", [])}
            if body.get("thread_ts"):
                message["thread_ts"] = body["thread_ts"]
            if body.get("metadata"):
                message["metadata"] = body["metadata"]
            with self._cond:
                self.messages.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.update":
            with self._cond:
                for message in self.messages.get(str(body.get("channel")), []):
                    if message["ts"] == body.get("ts"):
                        message.update(text=body.get("text"), blocks=body.get("blocks", []))
                        break
                else:
                    return {"ok": False, "error": "message_not_found"}
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts"), "text": body.get("text")}
        if method in ("conversations.history", "conversations.replies"):
            return self._history(method, body)
        if method == "conversations.members":
            return self._page(self.members.get(str(body.get("channel")), []), body, "members")
        if method == "usergroups.users.list":
            return {"ok": True, "users": list(self.usergroups.get(str(body.get("usergroup")), []))}
        if method == "chat.getPermalink":
            ts_ = str(body.get("message_ts"))
            return {"ok": True, "channel": body.get("channel"),
                    "permalink": f"https://fake.slack.com/archives/{body.get('channel')}/p{ts_.replace('.', '')}"}
        if method == "conversations.info":
            channel = str(body.get("channel"))
            if channel not in self.channels:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": {"id": channel, **self.channels[channel]}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": _dm(str(body.get("users")))}}
        if method == "views.open" and str(body.get("trigger_id", "")).startswith(EXPIRED_TRIGGER):
            return {"ok": False, "error": "expired_trigger_id"}  # a trigger lives 3 seconds
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            view = body.get("view") if isinstance(body.get("view"), dict) else {}
            return {"ok": True, "view": {**view, "id": f"V{next(self._ts):08d}", "team_id": TEAM_ID}}
        return {"ok": True}

    def _history(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        oldest = float(body.get("oldest") or 0)
        with self._cond:
            found = [dict(m) for m in self.messages.get(str(body.get("channel")), []) if float(m["ts"]) > oldest]
        if method == "conversations.replies":
            found = [m for m in found if m.get("thread_ts") == body.get("ts")]
        else:
            found = [m for m in found if m.get("thread_ts") in (None, m["ts"])][::-1]  # newest first
        if str(body.get("include_all_metadata")).lower() not in ("1", "true"):
            for m in found:
                m.pop("metadata", None)
        return self._page(found, body, "messages")

    @staticmethod
    def _page(items: list[Any], body: dict[str, Any], key: str) -> dict[str, Any]:
        start = int(body.get("cursor") or 0)
        limit = int(body.get("limit") or 100)
        rest = start + limit < len(items)
        return {"ok": True, key: items[start:start + limit], "has_more": rest,
                "response_metadata": {"next_cursor": str(start + limit) if rest else ""}}

    # ---- Socket Mode -------------------------------------------------------------------------------------
    def _socket_mode(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                                    "connection_info": {"app_id": "A0FAKE"}}))
        with self._cond:
            self._sockets.append(connection)
            self._cond.notify_all()
        try:
            for message in connection:
                data = json.loads(message)
                with self._cond:
                    if "envelope_id" in data:
                        self.acks[data["envelope_id"]] = data
                    self._cond.notify_all()
        finally:
            with self._cond:
                self._sockets.remove(connection)

    def wait_for_socket(self, timeout: float = 15.0) -> None:
        """Wait until a Socket Mode client is connected."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._sockets:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("no Socket Mode client connected")
                self._cond.wait(left)

    def drop_socket_silently(self) -> None:
        """Cut the newest Socket Mode connection at the TCP level, with no close frame (a network failure)."""
        with self._cond:
            connection = self._sockets[-1]
        connection.socket.shutdown(socket.SHUT_RDWR)

    def send_envelope(self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0) -> str:
        """Send an envelope (events_api, slash_commands or interactive); return its envelope_id."""
        envelope_id = str(uuid.uuid4())
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api", "retry_attempt": retry_attempt,
                    "retry_reason": "timeout" if retry_attempt else ""}
        with self._cond:
            connection = self._sockets[-1]
        connection.send(json.dumps(envelope))
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self.acks:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"envelope {envelope_id} was not acknowledged")
                self._cond.wait(left)
            return self.acks[envelope_id]
