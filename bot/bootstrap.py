"""THE composition root: settings -> store, answer set, Slack clients, service, workers, the Bolt App.

HTTP serving, Socket Mode and every CLI command get their objects here; tests pass fakes for store, answers
or slack. Parts are built when first used, so `privacy-bot purge` never loads the answer set and
`privacy-bot ask` never touches the database.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from functools import cached_property
from typing import Any

from slack_bolt import App

from bot.config import Settings, SettingsError, load_settings
from bot.core.answer_set import AnswerSet
from bot.core.inbox import Handled, Received
from bot.core.replies import ReloadErrorsBody, Reply, Target
from bot.core.service import Policy, Service
from bot.core.update_cases import Dispatch, UpdateCases
from bot.core.updates import HomeUpdates
from bot.knowledge.loader import Knowledge, KnowledgeError, default_knowledge_dir, load_served
from bot.runtime.jobs import AnswerUpdates, Scheduled, SourceWatch, WeeklyDigest
from bot.runtime.observability import count_slack_error, count_slack_retry, handled
from bot.runtime.reload import Reloader, left_out
from bot.runtime.workers import InboxWorker, Pump
from bot.slack.compose import Composer
from bot.slack.delivery import Delivery, Sender
from bot.slack.gate import TriageGate
from bot.slack.handlers import Intake
from bot.slack.listeners import register
from bot.slack.notices import NoticeComposer
from bot.slack.screens import SlackScreens
from bot.slack.server import make_app, make_client, make_webhook
from bot.store import Store, Timeouts, open_store
from bot.store.probe import BoundedCheck, bounded_read

UPDATES_POLL = 30.0  # seconds between rounds of the answer-updates thread (a reload wakes it at once)
SCHEDULED_POLL = 300.0  # seconds between looks at whether the daily or weekly job is due
PING_TIMEOUT = 2.5  # seconds /readyz waits for the database (Kubernetes gives the probe 3)


class AnswerHolder:
    """The answer set being served, and the drafts left out of it; a reload swaps both atomically."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._knowledge = knowledge
        self._lock = threading.Lock()

    def current(self) -> AnswerSet:
        """Return the answer set now."""
        return self._knowledge.answers

    @property
    def knowledge(self) -> Knowledge:
        """Return what the last load found (problems and drafts too)."""
        return self._knowledge

    def swap(self, knowledge: Knowledge) -> None:
        """Replace the answer set."""
        with self._lock:
            self._knowledge = knowledge


def secret(value: Any, name: str, why: str) -> str:
    """Return a secret setting's value, or raise SettingsError naming it."""
    text = value.get_secret_value() if hasattr(value, "get_secret_value") else value
    if not text:
        raise SettingsError(f"{name} is not set ({why})")
    return str(text)


def load_answers(settings: Settings) -> Knowledge:
    """Return the configured answer set, or raise SettingsError with one line naming the first problem (any invalid
    file refuses the whole set: serving without it would quietly drop its entry)."""
    directory = settings.knowledge_dir or default_knowledge_dir()
    try:
        return load_served(directory, thresholds=settings.matching)
    except KnowledgeError as exc:
        more = f"; {len(exc.errors) - 1} more" if len(exc.errors) > 1 else ""
        raise SettingsError(f"the answer set in {directory} is invalid: {exc.errors[0]}{more} "
                            "(run `privacy-bot check`)") from None


class Bot:
    """Everything the bot runs on, built on first use from one Settings."""

    def __init__(self, settings: Settings, *, store: Store | None = None,
                 answers: AnswerSet | Knowledge | None = None, slack: Any = None, checked: bool = False) -> None:
        self.settings = settings
        self.checked = checked  # serve migrated and checked the database: its processes open it without connecting
        if store is not None:
            self.__dict__["store"] = store
        if answers is not None:
            self.__dict__["answers"] = AnswerHolder(answers if isinstance(answers, Knowledge) else Knowledge(answers))
        self._slack = slack

    @cached_property
    def store(self) -> Store:
        """Return the database (which must be migrated; `serve` and `db upgrade` migrate it)."""
        s = self.settings
        return open_store(s.database_url, rate_limit_per_minute=s.rate_limit_per_minute, timeouts=self.timeouts(),
                          verify=not self.checked)

    def timeouts(self) -> Timeouts:
        """Return the PostgreSQL limits of a serving process's connections."""
        s = self.settings
        return Timeouts(connect=s.database_connect_timeout, statement=s.database_statement_timeout or None)

    @cached_property
    def ping(self) -> BoundedCheck:
        """Return the readiness probe's database check, bounded in time (a hung server fails it, not holds it)."""
        return BoundedCheck(lambda: self.store.ping(), timeout=PING_TIMEOUT)  # noqa: PLW0108 - the store opens late

    @cached_property
    def state(self) -> Callable[[], dict[str, int]]:
        """Return the reader of the gauges /metrics shows (queue depths, open escalations), bounded like the ping."""
        return bounded_read(lambda: self.store.state(), timeout=PING_TIMEOUT)  # noqa: PLW0108 - the store opens late

    @cached_property
    def answers(self) -> AnswerHolder:
        """Return the answer set being served."""
        return AnswerHolder(load_answers(self.settings))

    def _token(self) -> str:
        token = self.settings.slack_bot_token
        return token.get_secret_value() if token else ""

    @cached_property
    def client(self) -> Any:
        """Return the Web API client for calls made while handling (with Slack's retry handlers)."""
        return self._slack or make_client(self._token(), self.settings.slack_api_url, on_error=count_slack_error,
                                          on_retry=count_slack_retry)

    @cached_property
    def delivery_client(self) -> Any:
        """Return the Web API client of the delivery worker: no retry handlers, it retries and looks up itself."""
        return self._slack or make_client(self._token(), self.settings.slack_api_url, retries=False,
                                          timeout=min(15.0, self.settings.outbox_lease / 3), on_error=count_slack_error)

    @property
    def settle(self) -> float:
        """Return how long delivery only looks for a post whose call timed out (default: the client's timeout)."""
        s = self.settings
        return s.outbox_settle if s.outbox_settle is not None else min(15.0, s.outbox_lease / 3)

    @cached_property
    def service(self) -> Service:
        """Return the use-cases, wired to the store, the answer set and Slack."""
        s = self.settings
        channel = s.escalation_channel or ""
        return Service(answers=self.answers, questions=self.store.questions, replies=self.store.outbox,
                       escalations=self.store.escalations, feedback=self.store.feedback,
                       limiter=self.store.rate_limiter, team=TriageGate(self.client, channel=channel,
                                                                        usergroup=s.triage_usergroup),
                       screens=SlackScreens(self.client, home_updates=self._home_updates), wake=self.delivery.wake,
                       policy=Policy(triage_channel=channel, rate_limit=s.rate_limit_per_minute))

    def _home_updates(self, user: str) -> HomeUpdates:
        return self.updates.home_updates(user)  # late: the update cases need the service built first

    @cached_property
    def updates(self) -> UpdateCases:
        """Return the use-cases around updates to earlier askers (mute, show the updated answer, App Home)."""
        s = self.settings
        return UpdateCases(updates=self.store.updates, questions=self.store.questions, replies=self.store.outbox,
                           answers=self.answers, home=self.service.home,
                           retention=dt.timedelta(days=s.retention_days), enabled=s.answer_updates)

    @cached_property
    def delivery(self) -> Pump:
        """Return the delivery worker thread of this process (not started)."""
        s = self.settings
        reminder = s.escalation_reminder if s.escalation_reminder.total_seconds() > 0 else None
        composer = Composer(escalations=self.store.escalations, questions=self.store.questions,
                            answers=self.answers.current, client=self.client, reminder=reminder or dt.timedelta(0),
                            usergroup=s.triage_usergroup, entry_url=s.entry_url)
        notices = NoticeComposer(composer, all_muted=self.store.updates.all_muted, questions=self.store.questions,
                                 entry_url=s.entry_url)
        work = Delivery(outbox=self.store.outbox, escalations=self.store.escalations, composer=notices,
                        sender=Sender(self.delivery_client, webhook=make_webhook, settle=self.settle),
                        lease=dt.timedelta(seconds=s.outbox_lease), reminder=reminder, on_retry=count_slack_retry)
        return Pump("outbox-delivery", work.run_once, poll=s.outbox_poll)

    @cached_property
    def worker(self) -> Pump:
        """Return the inbox worker thread of this process (not started)."""
        work = InboxWorker(inbox=self.store.inbox, service=Dispatch(self.service, self.updates),
                           lease=dt.timedelta(seconds=self.settings.inbox_lease), report=_report)
        return Pump("inbox", work.run_once, poll=self.settings.outbox_poll)

    @cached_property
    def answer_updates(self) -> Pump:
        """Return the thread that records each loaded set's material changes and queues updates to earlier askers."""
        s = self.settings
        work = AnswerUpdates(answers=self.answers.current, updates=self.store.updates, leases=self.store.leases,
                             enabled=s.answer_updates, per_minute=s.updates_per_minute,
                             retention=dt.timedelta(days=s.retention_days), queued=self.delivery.wake)
        return Pump("answer-updates", work.run_once, poll=UPDATES_POLL)

    @cached_property
    def scheduled(self) -> Pump:
        """Return the thread of the daily source check and the weekly digest (each on one replica at a time)."""
        s = self.settings
        directory, channel = s.knowledge_dir or default_knowledge_dir(), s.escalation_channel or ""
        jobs: list[SourceWatch | WeeklyDigest] = []
        if s.source_check and channel:
            jobs.append(SourceWatch(directory=directory, updates=self.store.updates, leases=self.store.leases,
                                    channel=channel, mirror=s.mirror()))
        if s.weekly_digest and channel:
            jobs.append(WeeklyDigest(directory=directory, answers=self.answers.current, updates=self.store.updates,
                                     leases=self.store.leases, outbox=self.store.outbox, channel=channel))
        return Pump("scheduled-jobs", Scheduled(jobs, leases=self.store.leases, queued=self.delivery.wake).run_once,
                    poll=SCHEDULED_POLL)

    def app(self, *, http: bool) -> App:
        """Return the Bolt App with every listener registered (calls auth.test: a rejected token stops here)."""
        s = self.settings
        signing = secret(s.slack_signing_secret, "SLACK_SIGNING_SECRET", "needed in HTTP mode") if http else None
        secret(s.slack_bot_token, "SLACK_BOT_TOKEN", "the bot token, xoxb-...")
        app = make_app(self.client, signing_secret=signing)
        register(app, Intake(inbox=self.store.inbox, hooks=s.slack_hooks_url, wake=self.worker.wake))
        return app

    def report_reload_errors(self, lines: list[str], kept_previous: bool) -> None:
        """Post answer-set problems to the triage channel, once per distinct set across workers and replicas."""
        channel = self.settings.escalation_channel
        if channel:
            digest = hashlib.sha256(f"{kept_previous}\n".encode() + "\n".join(lines).encode()).hexdigest()[:32]
            body = ReloadErrorsBody(lines=tuple(lines), kept_previous=kept_previous)
            self.store.outbox.queue([Reply(key=f"reload:{digest}", body=body, target=Target(channel=channel),
                                           stream="reload")])
            self.delivery.wake()

    @cached_property
    def reloader(self) -> Reloader:
        """Return the hot reloader of the answer set (polls; SIGHUP reloads at once)."""
        s = self.settings
        return Reloader(s.knowledge_dir or default_knowledge_dir(),
                        load=lambda directory: load_served(directory, thresholds=s.matching),
                        swap=self._swap, report=self.report_reload_errors, interval=s.reload_interval)

    def _swap(self, knowledge: Knowledge) -> None:
        self.answers.swap(knowledge)
        self.answer_updates.wake()  # a new set may bring material changes for earlier askers

    def start(self) -> None:
        """Start what every serving process runs besides requests: reload, the inbox worker, delivery, updates to
        earlier askers, the daily source check and weekly digest, purge."""
        from bot.runtime.housekeeping import Purger

        self.reloader.tell(left_out(self.answers.knowledge))  # drafts left out at start
        self.reloader.start()
        self.worker.start()  # also handles what a crashed process left unfinished
        self.delivery.start()
        self.answer_updates.start()
        self.scheduled.start()
        purger = Purger(self.store.engine, days=self.settings.retention_days)
        purger.start()
        for stop in (self.worker.stop, self.delivery.stop, self.answer_updates.stop, self.scheduled.stop, purger.stop,
                     self.reloader.stop):
            atexit.register(stop)

    def health(self) -> None:
        """Raise unless the answer set is loaded and (once started) the workers run: liveness, which a database
        outage does not fail (restarting would not bring the database back; readiness reports it)."""
        if not self.answers.current().entries:
            raise RuntimeError("the answer set is empty")
        for pump in (self.worker, self.delivery, self.answer_updates, self.scheduled):
            if pump.started and not pump.alive():
                raise RuntimeError(f"the {pump.name} thread stopped")

    def ready(self) -> None:
        """Raise unless this process is fully serving: healthy, the database answering (within PING_TIMEOUT), and
        its workers started."""
        self.health()
        self.ping()
        if not (self.worker.started and self.delivery.started):
            raise RuntimeError("the workers have not started")


def _report(result: Handled, received: Received) -> None:
    handled(result, received.created_at)


def build(settings: Settings | None = None, *, store: Store | None = None,
          answers: AnswerSet | Knowledge | None = None, slack: Any = None, checked: bool = False) -> Bot:
    """Return the bot for settings (read from the environment when not given); parts are built on first use
    (checked: `serve` has migrated the database, so a serving process opens it without connecting)."""
    return Bot(settings or load_settings(), store=store, answers=answers, slack=slack, checked=checked)
