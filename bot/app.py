"""The only wiring module: Settings -> store, answer set, Slack client -> the Bolt App (HTTP or Socket Mode)."""

from __future__ import annotations

import atexit
import datetime as dt
import sys
import threading
from dataclasses import dataclass

from flask import Flask
from slack_bolt import App

from bot.config import Settings, SettingsError, load_settings
from bot.core.answer_set import AnswerSet
from bot.housekeeping import Purger
from bot.knowledge import KnowledgeError, default_knowledge_dir, load_answer_set
from bot.observability import configure_logging
from bot.reload import Fingerprint, Reloader
from bot.slack.actions import ActionHandlers
from bot.slack.delivery import Courier, Sender
from bot.slack.errors import ErrorReplies
from bot.slack.gate import TriageGate
from bot.slack.handlers import QuestionHandlers
from bot.slack.listeners import register
from bot.slack.notices import post_reload_errors
from bot.slack.outgoing import Composer
from bot.slack.replies import Deps, Replier
from bot.slack.server import make_app, make_client, make_delivery_client, make_flask, make_webhook
from bot.slack.triage import TriageHandlers
from bot.store import Store, open_store
from bot.store.state import state_counts


class AnswerHolder:
    """The current answer set; get() is what handlers call, so a reloader can swap() it while serving."""

    def __init__(self, answers: AnswerSet) -> None:
        self._answers = answers
        self._lock = threading.Lock()

    def get(self) -> AnswerSet:
        """Return the current answer set."""
        return self._answers

    def swap(self, answers: AnswerSet) -> None:
        """Replace the answer set atomically."""
        with self._lock:
            self._answers = answers


@dataclass(frozen=True)
class Services:
    """Everything the Slack app runs on."""

    settings: Settings
    store: Store
    answers: AnswerHolder
    courier: Courier

    def health(self) -> None:
        """Raise unless the answer set is loaded, the database reachable and (once started) delivery running."""
        if not self.answers.get().entries:
            raise RuntimeError("the answer set is empty")
        self.store.ping()
        if self.courier.started and not self.courier.alive():
            raise RuntimeError("the outbox delivery thread stopped")


def require(value: object, name: str, why: str) -> str:
    """Return a secret setting's value, or raise SettingsError naming it."""
    text = value.get_secret_value() if hasattr(value, "get_secret_value") else value
    if not text:
        raise SettingsError(f"{name} is not set ({why})")
    return str(text)


def load_answers(settings: Settings) -> AnswerSet:
    """Return the configured answer set, or raise SettingsError with one line."""
    directory = settings.knowledge_dir or default_knowledge_dir()
    try:
        return load_answer_set(directory, thresholds=settings.matching)
    except KnowledgeError as exc:
        raise SettingsError(f"the answer set in {directory} is invalid ({len(exc.errors)} errors; "
                            "run `privacy-bot check`)") from None


def build_services(settings: Settings, answers: AnswerSet | None = None) -> Services:
    """Return the services for settings (the database must be migrated already)."""
    store = open_store(settings.database_url, rate_limit_per_minute=settings.rate_limit_per_minute)
    holder = AnswerHolder(answers or load_answers(settings))
    return Services(settings=settings, store=store, answers=holder, courier=build_courier(settings, store, holder))


def build_courier(settings: Settings, store: Store, answers: AnswerHolder) -> Courier:
    """Return the outbox worker of this process (start() it where requests are served)."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    lease = dt.timedelta(seconds=settings.outbox_lease)
    client = make_delivery_client(token, settings.slack_api_url, timeout=min(15.0, settings.outbox_lease / 3))
    reminder = settings.escalation_reminder if settings.escalation_reminder.total_seconds() > 0 else None
    composer = Composer(escalations=store.escalations, questions=store.questions, get_answers=answers.get,
                        client=client, reminder=reminder or dt.timedelta(0), usergroup=settings.triage_usergroup,
                        entry_url=settings.entry_url)
    sender = Sender(client, webhook=lambda url: make_webhook(url, retries=False))
    return Courier(outbox=store.outbox, escalations=store.escalations, composer=composer, sender=sender, lease=lease,
                   poll=settings.outbox_poll, reminder=reminder)


def build_reloader(services: Services, app: App, seen: Fingerprint | None = None) -> Reloader:
    """Return a hot reloader for the answer set that reports a failed reload to the triage channel."""
    s = services.settings
    channel = s.escalation_channel or ""

    def report(lines: list[str]) -> None:
        if channel:
            post_reload_errors(app.client, channel, lines, claim=services.store.events.claim)

    return Reloader(s.knowledge_dir or default_knowledge_dir(),
                    load=lambda directory: load_answer_set(directory, thresholds=s.matching),
                    swap=services.answers.swap, report=report, interval=s.reload_interval, seen=seen)


def build_app(services: Services, *, http: bool) -> App:
    """Return the Bolt App with every listener registered."""
    s = services.settings
    token = require(s.slack_bot_token, "SLACK_BOT_TOKEN", "the bot token, xoxb-...")
    secret = require(s.slack_signing_secret, "SLACK_SIGNING_SECRET", "needed in HTTP mode") if http else None
    client = make_client(token, s.slack_api_url)
    triage = require(s.escalation_channel, "PRIVACY_BOT_ESCALATION_CHANNEL", "the triage channel id, C...")
    deps = Deps(get_answers=services.answers.get, questions=services.store.questions,
                feedback=services.store.feedback, client=client, webhook=make_webhook,
                escalation_channel=triage, escalations=services.store.escalations, wake=services.courier.wake,
                entry_url=s.entry_url)
    replier = Replier(deps)
    app = make_app(client, signing_secret=secret)
    gate = TriageGate(client, channel=triage, usergroup=s.triage_usergroup)
    register(app, questions=QuestionHandlers(replier, events=services.store.events,
                                             rate_limiter=services.store.rate_limiter,
                                             rate_limit=s.rate_limit_per_minute),
             actions=ActionHandlers(replier), triage=TriageHandlers(replier, gate=gate), errors=ErrorReplies(replier))
    return app


def start_background(services: Services, app: App, seen: Fingerprint | None = None) -> Reloader:
    """Start what every serving process runs besides requests: reload, delivery, purge; return the reloader."""
    s = services.settings
    reloader = build_reloader(services, app, seen)
    reloader.start()  # polls every PRIVACY_BOT_RELOAD_INTERVAL seconds (0: only when asked, e.g. on SIGHUP)
    services.courier.start()  # delivers escalation messages, and repairs what a crashed process left undelivered
    purger = Purger(services.store.engine, days=s.retention_days)
    purger.start()
    atexit.register(services.courier.stop)
    atexit.register(purger.stop)
    return reloader


def ready(services: Services) -> None:
    """Raise unless this process is fully serving: healthy, and its delivery thread started."""
    services.health()
    if not services.courier.started:
        raise RuntimeError("the outbox delivery thread has not started")


def build_http_app(settings: Settings | None = None, answers: AnswerSet | None = None,
                   seen: Fingerprint | None = None) -> Flask:
    """Return the WSGI app (gunicorn calls this in each worker, with the master's current answer set)."""
    # Hand the GIL over more often than every 5 ms, so a request thread acking Slack is not stuck behind
    # listener threads building answers (measured with tests/bench/bench_http.py).
    sys.setswitchinterval(0.0005)
    settings = settings or load_settings()
    configure_logging(settings.log_level)
    services = build_services(settings, answers)
    app = build_app(services, http=True)
    start_background(services, app, seen)  # in each worker; SIGHUP goes through gunicorn's master
    return make_flask(app, health=services.health, ready=lambda: ready(services),
                      state=lambda: state_counts(services.store.engine))
