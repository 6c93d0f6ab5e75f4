"""Scheduled work of a serving process: updates to earlier askers after a (re)load, the daily check of the vendors'
pages, and the weekly digest.

Every serving process runs these rounds; a job lease in the database (bot/store/leases.py) lets one replica at a
time do each, and the outbox keys make what they queue idempotent, so a second replica, a retry or a crash
mid-way never posts anything twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import socket
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bot.core.answer_set import AnswerSet
from bot.core.digest import build_digest, digest_replies, sources_notice
from bot.core.ports import ReplyQueue
from bot.core.updates import material_changes
from bot.store.clock import Clock, utc_now
from bot.store.leases import SqlLeases
from bot.store.updates import SqlUpdates

log = logging.getLogger(__name__)

DAY, WEEK = dt.timedelta(days=1), dt.timedelta(days=7)
UPDATES_JOB, SOURCES_JOB, DIGEST_JOB, SCHEDULED_JOB = "answer-updates", "sources", "digest", "scheduled"


def holder() -> str:
    """Return who holds a lease: this host and process (after a fork, the child's own)."""
    return f"{socket.gethostname()}:{os.getpid()}"


class AnswerUpdates:
    """Records the material changes of each answer set this process loads, and queues updates for earlier askers."""

    def __init__(self, *, answers: Callable[[], AnswerSet], updates: SqlUpdates, leases: SqlLeases, enabled: bool,
                 per_minute: int, retention: dt.timedelta, queued: Callable[[], None] = lambda: None) -> None:
        self._answers = answers
        self._updates = updates
        self._leases = leases
        self._enabled = enabled
        self._per_minute = per_minute
        self._retention = retention
        self._queued = queued  # wake the delivery worker
        self._noted: AnswerSet | None = None

    def run_once(self) -> int:
        """Record the current answer set's changes (once per set loaded); queue due updates; return how many."""
        current = self._answers()
        if current is not self._noted:
            pending = self._updates.record_load(material_changes(current), list(current.entries))
            self._noted = current
            if pending:
                log.info("answer set: %d new material change(s) for earlier askers", pending)
        if not self._enabled:
            self._updates.skip_pending()
            return 0
        me = holder()
        if not self._leases.due(UPDATES_JOB, holder=me, every=dt.timedelta(0), lease=dt.timedelta(minutes=10)):
            return 0  # another process is queueing updates right now
        try:
            titles = {e.id: e.title for e in current.entries.values()}
            queued = self._updates.fan_out(titles=titles, retention=self._retention, per_minute=self._per_minute)
        finally:
            self._leases.finished(UPDATES_JOB, holder=me)
        if queued:
            log.info("queued %d update(s) to earlier askers", queued)
            self._queued()
        return queued


def fingerprint(checks: Sequence[Any]) -> str:
    """Return a hash of what changed in an entry's sources (URL, state, sentences): the same diff, the same hash."""
    data = sorted([c.url, c.state, c.final_url or "", list(c.added), list(c.removed)] for c in checks)
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


class SourceWatch:
    """Once a day, on one replica: fetch every reference URL again and post one triage notice per flagged entry."""

    def __init__(self, *, directory: Path, updates: SqlUpdates, leases: SqlLeases, channel: str,
                 mirror: Mapping[str, str] | None = None, client: Callable[[], Any] | None = None) -> None:
        self._directory = directory
        self._updates = updates
        self._leases = leases
        self._channel = channel
        self._mirror = dict(mirror or {})
        self._client = client  # an httpx client to fetch with (tests); else one made here
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per check, not one per page

    def _http(self) -> Any:
        if self._client is not None:
            return self._client()
        if not self._mirror:
            return None
        from bot.knowledge.sources_fetch import MappedTransport, make_client

        return make_client(transport=MappedTransport(self._mirror))

    def run_once(self) -> int:
        """Check the sources if a day has passed since the last check; return how many notices were queued."""
        me = holder()
        if not self._leases.due(SOURCES_JOB, holder=me, every=DAY, lease=dt.timedelta(hours=1)):
            return 0
        from bot.knowledge.sources import check_sources, load_entries, lock_path  # httpx, trafilatura: when used

        if not lock_path(self._directory).is_file():
            log.info("no %s in the answer set: nothing to compare the vendors' pages with (run `privacy-bot "
                     "sources update`)", lock_path(self._directory).name)
            self._leases.finished(SOURCES_JOB, holder=me)
            return 0
        http = self._http()
        try:
            report = check_sources(self._directory, client=http)
        finally:
            if http is not None and self._client is None:
                http.close()
        if report.checks and all(c.state == "gone" for c in report.checks):
            # No page could be read: the network, not the vendors. Post nothing; the lease lapses, so another
            # round (here or on another replica) tries again in an hour.
            log.warning("source check: none of %d reference URLs could be fetched; nothing posted, trying again "
                        "later", len(report.checks))
            return 0
        entries = load_entries(self._directory)
        flagged = {e: checks for e, checks in report.flagged().items() if e in entries}
        notices = [sources_notice(entries[e], report.summary_for(e), fingerprint(checks), channel=self._channel)
                   for e, checks in sorted(flagged.items())]
        new = self._updates.record_source_check({e: report.summary_for(e) for e in flagged}, notices)
        self._leases.finished(SOURCES_JOB, holder=me)
        log.info("source check: %d URLs, %s; %d entr%s flagged, %d new notice(s)", len(report.checks),
                 report.counts(), len(flagged), "y" if len(flagged) == 1 else "ies", new)
        return new


class WeeklyDigest:
    """Once a week, on one replica: the digest for the triage channel, and each owner's items by DM."""

    def __init__(self, *, directory: Path, answers: Callable[[], AnswerSet], updates: SqlUpdates,
                 leases: SqlLeases, outbox: ReplyQueue, channel: str, clock: Clock = utc_now) -> None:
        self._directory = directory
        self._answers = answers
        self._updates = updates
        self._leases = leases
        self._outbox = outbox
        self._channel = channel
        self._clock = clock

    def run_once(self) -> int:
        """Post the digest if a week has passed since the last one; return how many messages were queued."""
        me = holder()
        if not self._leases.due(DIGEST_JOB, holder=me, every=WEEK, lease=dt.timedelta(minutes=30)):
            return 0
        from bot.knowledge.sources import load_entries

        drafts = [e for e in load_entries(self._directory).values() if e.status == "draft"]
        triage, owners = build_digest(published=self._answers().entries.values(), drafts=drafts,
                                      source_flags=self._updates.source_flags(), today=self._clock().date())
        new = self._outbox.queue(digest_replies(triage, owners, channel=self._channel))
        self._leases.finished(DIGEST_JOB, holder=me)
        log.info("weekly digest %s: %d message(s) queued (%d overdue, %d sources changed, %d drafts)", triage.week,
                 new, len(triage.overdue), len(triage.sources), len(triage.drafts))
        return new


class Scheduled:
    """The daily and weekly jobs in order, one process at a time (so the digest never runs while another process
    is still checking the sources it reports); a failing job is logged and tried at the next round."""

    def __init__(self, jobs: Sequence[SourceWatch | WeeklyDigest], *, leases: SqlLeases,
                 queued: Callable[[], None] = lambda: None) -> None:
        self._jobs = list(jobs)
        self._leases = leases
        self._queued = queued

    def run_once(self) -> int:
        """Run every job that is due; return how many messages they queued."""
        me = holder()
        if not self._jobs or not self._leases.due(SCHEDULED_JOB, holder=me, every=dt.timedelta(0),
                                                  lease=dt.timedelta(hours=1)):
            return 0
        total = 0
        try:
            for job in self._jobs:
                try:
                    total += job.run_once()
                except Exception:  # one broken job must not stop the others, nor the thread
                    log.exception("%s failed", type(job).__name__)
        finally:
            self._leases.finished(SCHEDULED_JOB, holder=me)
        if total:
            self._queued()
        return total
