"""JSON logs (never tokens), counters, DB-backed gauges, and metrics aggregated across processes."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

from bot.runtime.observability import JsonFormatter, handled, metrics_text, redact


def record(message: str, **extra: object) -> logging.LogRecord:
    rec = logging.LogRecord("privacy-bot", logging.INFO, __file__, 1, message, (), None)
    for key, value in extra.items():
        setattr(rec, key, value)
    return rec


def test_json_lines_carry_extras_and_never_tokens():
    line = JsonFormatter().format(record("posting with xoxb-1234-abcd failed", question_id=7, outcome="answer",
                                         token_hint="xapp-1-A0-zzz"))
    data = json.loads(line)
    assert data["message"] == "posting with xoxb-[redacted] failed"
    assert data["question_id"] == 7 and data["outcome"] == "answer"
    assert "xapp-1" not in line and "1234-abcd" not in line
    assert data["level"] == "info" and data["time"].endswith("+00:00")
    assert redact("no secrets here") == "no secrets here"


def test_handled_logs_one_line_without_text_at_info(caplog):
    log = logging.getLogger("privacy-bot.test")
    with caplog.at_level(logging.INFO, logger="privacy-bot.test"):
        handled(log, question_id=3, outcome="answer", entry_id="anthropic-api", started=10.0, now=10.25,
                text="my secret question")
    assert len(caplog.records) == 1
    rec = caplog.records[0]
    assert (rec.question_id, rec.outcome, rec.entry_id, rec.latency_ms) == (3, "answer", "anthropic-api", 250.0)
    assert "my secret question" not in caplog.text
    with caplog.at_level(logging.DEBUG, logger="privacy-bot.test"):
        handled(log, question_id=4, outcome="decline", entry_id=None, started=1.0, now=1.0, text="my secret question")
    assert "my secret question" in [getattr(r, "text", "") for r in caplog.records]


def test_metrics_text_has_counters_and_state_gauges():
    before = metrics_text(lambda: {"open_escalations": 3, "outbox_depth": 1}).decode()
    assert "privacy_bot_open_escalations 3.0" in before and "privacy_bot_outbox_depth 1.0" in before
    handled(logging.getLogger("x"), question_id=1, outcome="clarify", entry_id=None, started=0.0, now=0.1)
    after = metrics_text(lambda: {}).decode()
    assert 'privacy_bot_questions_total{outcome="clarify"}' in after
    assert "privacy_bot_answer_latency_seconds_bucket" in after

    def broken() -> dict[str, int]:
        raise RuntimeError("database away")

    assert "privacy_bot_questions_total" in metrics_text(broken).decode()  # a scrape survives a DB outage


CHILD = """
import logging
from bot.runtime.observability import handled
for _ in range({n}):
    handled(logging.getLogger("w"), question_id=1, outcome="answer", entry_id="e", started=0.0, now=0.01)
"""


def test_multiprocess_mode_adds_up_workers(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for n in (2, 3):
        subprocess.run([sys.executable, "-c", CHILD.format(n=n)], env=env, check=True, timeout=60)
    out = subprocess.run([sys.executable, "-c", "from bot.runtime.observability import metrics_text; "
                          "print(metrics_text(lambda: {'open_escalations': 0}).decode())"],
                         env=env, check=True, timeout=60, capture_output=True, text=True).stdout
    assert 'privacy_bot_questions_total{outcome="answer"} 5.0' in out
