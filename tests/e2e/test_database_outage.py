"""The real server when PostgreSQL goes away or hangs (through a proxy in front of the test server): liveness stays
200 (restarting would not bring the database back), readiness fails promptly and recovers; `serve` waits for a
database that is not up yet, for PRIVACY_BOT_DATABASE_START_WAIT, and then gives up with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.botserver import BOT_TOKEN, SECRET, TRIAGE, BotServer, make_knowledge
from tests.fakeslack import FakeSlack
from tests.tcpproxy import Proxy
from tests.triage import add_triage_team, until

pytestmark = pytest.mark.postgres
FAST = {"PRIVACY_BOT_OUTBOX_POLL": "0.2", "PRIVACY_BOT_DATABASE_CONNECT_TIMEOUT": "2",
        "PRIVACY_BOT_DATABASE_START_WAIT": "120"}


def test_liveness_outlives_a_database_outage_and_readiness_reports_it(fake: FakeSlack, pg_schema_url, tmp_path):
    add_triage_team(fake)
    proxy = Proxy(pg_schema_url).start()
    server = BotServer(fake, tmp_path, env={**FAST, "PRIVACY_BOT_DATABASE_URL": proxy.url}).start()
    try:
        until(lambda: server.get("/readyz")[0] == 200, "ready")
        proxy.down()  # the server refuses connections
        assert server.get("/readyz")[0] == 503
        assert server.get("/healthz") == (200, server.get("/healthz")[1]) and '"ok":true' in server.get("/healthz")[1]
        proxy.hang()  # the server takes connections and answers nothing: the probes still answer (get() waits 10 s)
        assert [server.get("/readyz")[0] for _ in range(3)] == [503] * 3
        assert server.get("/healthz")[0] == 200
        proxy.up()
        until(lambda: server.get("/readyz")[0] == 200, "ready again once the database answers")
    finally:
        server.stop()
        proxy.stop()


def test_serve_waits_for_a_database_that_comes_up(fake: FakeSlack, pg_schema_url, tmp_path):
    add_triage_team(fake)
    proxy = Proxy(pg_schema_url)  # not listening yet: the database is unreachable when serve starts
    server = BotServer(fake, tmp_path, env={**FAST, "PRIVACY_BOT_DATABASE_URL": proxy.url})
    started: list[BaseException | None] = []

    def start() -> None:
        try:
            server.start(timeout=120)
            started.append(None)
        except BaseException as exc:  # reported below
            started.append(exc)

    thread = threading.Thread(target=start)
    thread.start()
    try:
        until(lambda: "the database is unreachable (attempt 1" in server.log(), "a logged retry", timeout=60)
        proxy.start()
        thread.join(150)
        assert started == [None], server.log()
        assert server.get("/readyz")[0] == 200
    finally:
        server.stop()
        thread.join(30)
        proxy.stop()


def test_serve_gives_up_on_an_unreachable_database_with_one_clear_line(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PRIVACY_BOT_"))}
    env.update({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET, "PRIVACY_BOT_ESCALATION_CHANNEL": TRIAGE,
                "PRIVACY_BOT_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{Proxy.unused_port()}/pb",
                "PRIVACY_BOT_KNOWLEDGE_DIR": str(make_knowledge(tmp_path / "knowledge")),
                "PRIVACY_BOT_DATABASE_START_WAIT": "1.5", "SLACK_API_URL": "http://127.0.0.1:9/api/"})
    result = subprocess.run([sys.executable, "-m", "bot", "serve", "--http", "--port", "9"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert '"the database is unreachable (attempt 1: cannot migrate the database: OperationalError' in lines[0]
    assert lines[-1].startswith("privacy-bot: cannot migrate the database: OperationalError")
    assert "PRIVACY_BOT_DATABASE_START_WAIT" in lines[-1] and len(lines) >= 2
