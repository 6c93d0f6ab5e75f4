"""Run the real `privacy-bot serve` as a subprocess against the fake Slack, and send it signed requests."""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.fakeslack import Call, FakeSlack

REPO = Path(__file__).resolve().parent.parent
PAYLOADS = Path(__file__).resolve().parent / "payloads"
SECRET = "fake-signing-secret-0123456789"
BOT_TOKEN = "xoxb-0000-fake-bot-token"
APP_TOKEN = "xapp-1-A0FAKE-fake-app-token"
TRIAGE = "C0TRIAGE"
_unique = itertools.count(1)


def payload(name: str) -> dict[str, Any]:
    """Return a fresh copy of tests/payloads/NAME.json."""
    return copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text()))


def unique_ts() -> str:
    """Return a Slack-like message ts never used before in this run."""
    return f"{1764000000 + next(_unique)}.{os.getpid() % 1_000_000:06d}"


def unique_user() -> str:
    """Return a Slack-like user id never used before in this run (rate limits are per user)."""
    return f"U{next(_unique):08d}"


def in_thread(ts: str) -> Callable[[Call], bool]:
    """Match calls that post into the thread of ts."""
    return lambda call: call.body.get("thread_ts") == ts


def buttons(call: Call) -> list[dict[str, Any]]:
    """Return the buttons of a posted message."""
    return [e for block in call.body.get("blocks", []) if block["type"] == "actions" for e in block["elements"]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_knowledge(target: Path) -> Path:
    """Write a small answer set: the real Foundry entry, and a Bedrock twin so some questions need clarifying."""
    source = REPO / "knowledge"
    (target / "answers").mkdir(parents=True)
    shutil.copy(source / "entities.yaml", target / "entities.yaml")
    foundry = (source / "answers" / "claude-microsoft-foundry.yaml").read_text()
    (target / "answers" / "claude-microsoft-foundry.yaml").write_text(foundry)
    twin = (foundry.replace("id: claude-microsoft-foundry", "id: claude-aws-bedrock-test")
            .replace("title: Claude models in Microsoft Foundry (Azure AI Foundry)",
                     "title: Claude models in Amazon Bedrock (test entry)")
            .replace("platforms: [microsoft-foundry]", "platforms: [aws-bedrock]"))
    (target / "answers" / "claude-aws-bedrock-test.yaml").write_text(twin)
    return target


def sign(body: bytes, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """Return Slack's signature headers for a raw body."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


class BotServer:
    """`privacy-bot serve --http|--socket` in a subprocess, configured to talk to a FakeSlack."""

    def __init__(self, fake: FakeSlack, workdir: Path, *, socket_mode: bool = False,
                 env: dict[str, str] | None = None) -> None:
        self.fake = fake
        self.workdir = workdir
        self.socket_mode = socket_mode
        self.port = free_port()
        self.db_path = workdir / "bot.db"
        self.log_path = workdir / ("socket.log" if socket_mode else "http.log")
        self.extra_env = env or {}
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PRIVACY_BOT_"))}
        knowledge = self.workdir / "knowledge"
        if not knowledge.exists():
            make_knowledge(knowledge)
        base.update({
            "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": self.fake.api_url,
            "PRIVACY_BOT_DATABASE_URL": f"sqlite:///{self.db_path}", "PRIVACY_BOT_KNOWLEDGE_DIR": str(knowledge),
            "PRIVACY_BOT_ESCALATION_CHANNEL": TRIAGE, "PRIVACY_BOT_HTTP_WORKERS": "2",
            "PRIVACY_BOT_ENTRY_URL": "https://git.example/knowledge/answers/{id}.yaml",
            "PRIVACY_BOT_SLACK_HOOKS_URL": self.fake.webhook_url("").rsplit("/", 1)[0] + "/",
            # The daily and weekly jobs post to the triage channel when due: tests that count its messages opt in.
            "PRIVACY_BOT_SOURCE_CHECK": "false", "PRIVACY_BOT_WEEKLY_DIGEST": "false",
        })
        if self.socket_mode:
            base["SLACK_APP_TOKEN"] = APP_TOKEN
        base.update(self.extra_env)
        return base

    def start(self, timeout: float = 60.0) -> BotServer:
        mode = ["--socket" if self.socket_mode else "--http", "--host", "127.0.0.1", "--port", str(self.port)]
        with self.log_path.open("wb") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen([sys.executable, "-m", "bot", "serve", *mode], cwd=self.workdir,
                                            env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)  # its own process group, for kill()
        if self.socket_mode:
            self.fake.wait_for_socket(timeout)
            return self
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited {self.process.returncode}:\n{self.log()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server not healthy after {timeout}s:\n{self.log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """kill -9 the server and its gunicorn workers at once (no cleanup runs anywhere)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    @property
    def database_url(self) -> str:
        return self.env()["PRIVACY_BOT_DATABASE_URL"]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:] if self.log_path.exists() else ""

    # ---- requests ----------------------------------------------------------------------------------
    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def post(self, body: bytes, content_type: str, *, headers: dict[str, str] | None = None,
             timestamp: int | None = None, secret: str = SECRET) -> tuple[int, str]:
        """POST a signed body to /slack/events; return (status, body)."""
        all_headers = {"Content-Type": content_type, **sign(body, timestamp=timestamp, secret=secret),
                       **(headers or {})}
        request = urllib.request.Request(self.url + "/slack/events", data=body, headers=all_headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def event(self, body: dict[str, Any], **options: Any) -> tuple[int, str]:
        return self.post(json.dumps(body).encode(), "application/json", **options)

    def command(self, fields: dict[str, Any], **options: Any) -> tuple[int, str]:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **options)

    def interaction(self, body: dict[str, Any], **options: Any) -> tuple[int, str]:
        return self.post(urlencode({"payload": json.dumps(body)}).encode(), "application/x-www-form-urlencoded",
                         **options)
