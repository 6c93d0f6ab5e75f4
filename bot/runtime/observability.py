"""Observability: one JSON log line per handled event, Prometheus metrics, and what /readyz checks.

Metrics work across gunicorn workers through prometheus-client's multiprocess mode: `serve --http` sets
PROMETHEUS_MULTIPROC_DIR before forking, every worker writes its samples there, and /metrics (in any worker)
aggregates them. Gauges that describe shared state (open escalations, outbox depth) are read from the
database at scrape time, so every replica reports the same value.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from bot.core.inbox import Handled
from bot.core.questions import Handling

log = logging.getLogger("privacy-bot.handled")
QUESTION_OUTCOMES = frozenset(h.value for h in Handling)

QUESTIONS = Counter("privacy_bot_questions_total", "Questions handled, by outcome.", ["outcome"])
ANSWER_LATENCY = Histogram(
    "privacy_bot_answer_latency_seconds", "From receiving a question to the reply being sent.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
SLACK_ERRORS = Counter("privacy_bot_slack_api_errors_total", "Slack Web API calls that failed, by method and status.",
                       ["method", "status"])
SLACK_RETRIES = Counter("privacy_bot_slack_api_retries_total", "Slack Web API retries, by reason.", ["reason"])

_SECRET = re.compile(r"\b(xox[abposr]|xapp)-[A-Za-z0-9-]+")
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


def redact(text: str) -> str:
    """Return text with Slack tokens replaced: tokens never reach a log line."""
    return _SECRET.sub(lambda m: f"{m.group(1)}-[redacted]", text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any `extra=` fields; tokens redacted."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as one JSON line."""
        out: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            out["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(out, default=str, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    """Send every log record to stderr as JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def count_slack_error(method: str, status: str) -> None:
    """Count a failed Web API call."""
    SLACK_ERRORS.labels(method=method, status=status).inc()


def count_slack_retry(reason: str) -> None:
    """Count a Web API retry."""
    SLACK_RETRIES.labels(reason=reason).inc()


def handled(result: Handled, received_at: dt.datetime) -> None:
    """Log and count one handled request (never its text: that is in the database, purged on schedule)."""
    latency = max((dt.datetime.now(dt.timezone.utc) - received_at).total_seconds(), 0.0)
    if result.question_id is not None and result.outcome in QUESTION_OUTCOMES:
        QUESTIONS.labels(outcome=result.outcome).inc()
        ANSWER_LATENCY.observe(latency)
    log.info("request handled", extra={"question_id": result.question_id, "outcome": result.outcome,
                                       "entry_id": result.entry_id, "latency_ms": round(latency * 1000, 1)})


class StateCollector(Collector):
    """Gauges read from the shared database when /metrics is scraped."""

    def __init__(self, read: Callable[[], dict[str, int]]) -> None:
        self._read = read

    def collect(self) -> Iterable[GaugeMetricFamily]:
        """Yield the current open escalations and outbox depth."""
        try:
            state = self._read()
        except Exception:  # a scrape must not fail because the database is briefly away
            return
        yield GaugeMetricFamily("privacy_bot_open_escalations", "Escalations not yet answered or closed.",
                                value=state.get("open_escalations", 0))
        yield GaugeMetricFamily("privacy_bot_outbox_depth", "Slack messages queued and not yet delivered.",
                                value=state.get("outbox_depth", 0))
        yield GaugeMetricFamily("privacy_bot_inbox_depth", "Slack requests recorded and not yet handled.",
                                value=state.get("inbox_depth", 0))


def metrics_text(read_state: Callable[[], dict[str, int]]) -> bytes:
    """Return the Prometheus exposition of this process (or of every worker, in multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = CollectorRegistry()
        for collector in (QUESTIONS, ANSWER_LATENCY, SLACK_ERRORS, SLACK_RETRIES):
            registry.register(collector)
    registry.register(StateCollector(read_state))
    return bytes(generate_latest(registry))
