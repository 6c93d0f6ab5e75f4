"""JSON logs (never tokens), counters, DB-backed gauges, and metrics aggregated across processes."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys

from bot.core.inbox import Handled
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


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_handled_logs_one_line_without_text():
    logger, records = logging.getLogger("privacy-bot.handled"), Records()
    logger.addHandler(records)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        received = dt.datetime.now(dt.timezone.utc) - dt.timedelta(milliseconds=250)  # now, not at import
        handled(Handled("answer", 3, "anthropic-api"), received)
    finally:
        logger.removeHandler(records)
        logger.setLevel(level)
    assert len(records.records) == 1
    rec = records.records[0]
    assert (rec.question_id, rec.outcome, rec.entry_id) == (3, "answer", "anthropic-api")
    assert 250.0 <= rec.latency_ms < 60_000
    assert set(vars(rec)) & {"text", "question"} == set()  # the question text is never in a log line


def test_metrics_text_has_counters_and_state_gauges():
    before = metrics_text(lambda: {"open_escalations": 3, "outbox_depth": 1}).decode()
    assert "privacy_bot_open_escalations 3.0" in before and "privacy_bot_outbox_depth 1.0" in before
    handled(Handled("clarify", 1), dt.datetime.now(dt.timezone.utc))
    after = metrics_text(lambda: {}).decode()
    assert 'privacy_bot_questions_total{outcome="clarify"}' in after
    assert "privacy_bot_answer_latency_seconds_bucket" in after

    def broken() -> dict[str, int]:
        raise RuntimeError("database away")

    assert "privacy_bot_questions_total" in metrics_text(broken).decode()  # a scrape survives a DB outage


CHILD = """
import datetime as dt
from bot.core.inbox import Handled
from bot.runtime.observability import handled
for _ in range({n}):
    handled(Handled("answer", 1, "e"), dt.datetime.now(dt.timezone.utc))
"""


def test_multiprocess_mode_adds_up_workers(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for n in (2, 3):
        subprocess.run([sys.executable, "-c", CHILD.format(n=n)], env=env, check=True, timeout=60)
    out = subprocess.run([sys.executable, "-c", "from bot.runtime.observability import metrics_text; "
                          "print(metrics_text(lambda: {'open_escalations': 0}).decode())"],
                         env=env, check=True, timeout=60, capture_output=True, text=True).stdout
    assert 'privacy_bot_questions_total{outcome="answer"} 5.0' in out
