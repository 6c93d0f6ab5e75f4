"""The outbox worker: sends queued escalation messages until they arrive, once each.

One thread per process (each gunicorn worker, or the Socket Mode process) takes due messages with a lease,
sends them, and records the result; failures are retried with backoff (Slack's Retry-After on 429). A post
whose earlier attempt may have reached Slack (a 5xx, a timeout, a worker that died mid-send) is first looked
for: every post carries its outbox id in Slack message metadata, so a retry never posts it twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.escalations import Pending, backoff
from bot.core.ports import EscalationStore, Outbox
from bot.slack.outgoing import Composer, Gone, NotReady, Outgoing

log = logging.getLogger(__name__)

EVENT_TYPE = "privacy_bot_delivery"
LOOKBACK = dt.timedelta(minutes=2)  # search from a little before the first attempt (clock skew)
SEARCH_PAGES = 5
LOUD_AFTER = 5  # attempts after which a failure is logged as an error
# An update of a message that no longer exists can never succeed; the update only showed the state, so it is
# dropped instead of blocking the messages after it.
GONE_FOR_UPDATE = frozenset({"message_not_found", "cant_update_message", "channel_not_found", "is_archived"})


class DeliveryError(Exception):
    """Slack refused a call; uncertain means it may have acted on it anyway."""

    def __init__(self, message: str, *, uncertain: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.uncertain = uncertain
        self.retry_after = retry_after


def classify(exc: Exception) -> DeliveryError:
    """Return how to retry after an exception from a Slack call."""
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        error = exc.response.get("error") if hasattr(exc.response, "get") else None
        if status == 429:
            retry_after = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
            return DeliveryError(f"HTTP 429 ratelimited (Retry-After {retry_after})", uncertain=False,
                                 retry_after=float(retry_after) if retry_after else None)
        return DeliveryError(f"HTTP {status} {error or ''}".strip(), uncertain=status >= 500)
    # Timeouts and dropped connections: the request may have been processed.
    return DeliveryError(f"{type(exc).__name__}: {exc}", uncertain=True)


class Sender:
    """Makes the Slack call for an Outgoing; looks for an earlier copy of a post first when told to."""

    def __init__(self, client: Any, *, webhook: Callable[[str], Any]) -> None:
        self._client = client
        self._webhook = webhook

    def send(self, item: Pending, out: Outgoing) -> tuple[str | None, str | None]:
        """Send; return (channel, ts) of the message where there is one."""
        kwargs = out.message.as_kwargs()
        if out.url:
            response = self._webhook(out.url).send(**kwargs, response_type="ephemeral", replace_original=False)
            if response.status_code != 200:
                raise DeliveryError(f"response_url answered {response.status_code}",
                                    uncertain=response.status_code >= 500)
            return None, None
        if out.update_ts:
            try:
                self._client.chat_update(channel=out.channel, ts=out.update_ts, **kwargs)
            except SlackApiError as exc:
                if exc.response.status_code != 200 or exc.response.get("error") not in GONE_FOR_UPDATE:
                    raise
                log.error("message %s in %s is gone (%s): %s not shown there", out.update_ts, out.channel,
                          exc.response.get("error"), item.notice.value)
            return out.channel, out.update_ts
        if item.maybe_sent:
            found = self.find(item, out)
            if found:
                log.info("outbox %s (%s) had reached Slack already: %s", item.id, item.notice.value, found[1])
                return found
        response = self._client.chat_postMessage(
            channel=out.channel, thread_ts=out.thread_ts, unfurl_links=False, unfurl_media=False,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"outbox_id": item.id,
                                                                  "question_id": item.question_id}},
            **kwargs)
        return str(response["channel"]), str(response["ts"])

    def find(self, item: Pending, out: Outgoing) -> tuple[str, str] | None:
        """Return (channel, ts) of a message an earlier attempt posted, if Slack has it."""
        channel = str(out.channel)
        if channel.startswith(("U", "W")):  # a DM by user id: the history is under the DM's own id
            channel = str(self._client.conversations_open(users=channel)["channel"]["id"])
        started = item.first_attempt_at or item.created_at
        oldest = f"{(started - LOOKBACK).timestamp():.6f}"
        cursor: str | None = None
        for _ in range(SEARCH_PAGES):
            if out.thread_ts:
                page = self._client.conversations_replies(channel=channel, ts=out.thread_ts, oldest=oldest,
                                                          include_all_metadata=True, limit=200, cursor=cursor)
            else:
                page = self._client.conversations_history(channel=channel, oldest=oldest, include_all_metadata=True,
                                                          limit=200, cursor=cursor)
            for message in page.get("messages") or []:
                meta = message.get("metadata") or {}
                if meta.get("event_type") == EVENT_TYPE and (meta.get("event_payload") or {}).get(
                        "outbox_id") == item.id:
                    return channel, str(message["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return None


class Courier:
    """The delivery thread of one process: reminders due, then every due outbox message, then wait."""

    def __init__(self, *, outbox: Outbox, escalations: EscalationStore, composer: Composer, sender: Sender,
                 lease: dt.timedelta, poll: float = 1.0, reminder: dt.timedelta | None = None) -> None:
        self._outbox = outbox
        self._escalations = escalations
        self._composer = composer
        self._sender = sender
        self._lease = lease
        self._poll = poll
        self._reminder = reminder
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        """Deliver now (called after a state change is committed)."""
        self._wake.set()

    def run_once(self) -> int:
        """Queue due reminders, then deliver everything due; return how many messages were handled."""
        if self._reminder is not None:
            for question_id in self._escalations.remind_due(self._reminder):
                log.info("escalation %s unclaimed for %s: reminder queued", question_id, self._reminder)
        handled = 0
        while not self._stop.is_set():
            batch = self._outbox.take(worker=self.worker, lease=self._lease)
            if not batch:
                break
            for item in batch:
                self.deliver(item)
                handled += 1
        return handled

    def deliver(self, item: Pending) -> None:
        """Send one message and record the result, or put it back with a delay."""
        try:
            out = self._composer.compose(item)
        except Gone as exc:
            log.warning("outbox %s dropped: %s", item.id, exc)
            self._outbox.delivered(item)
            return
        except Exception as exc:  # NotReady, or the database: try again soon, nothing was sent
            self._retry(item, DeliveryError(str(exc) or type(exc).__name__, uncertain=False),
                        quiet=isinstance(exc, NotReady))
            return
        if out is None:
            self._outbox.delivered(item)
            return
        try:
            channel, ts = self._sender.send(item, out)
        except Exception as exc:
            self._retry(item, classify(exc))
            return
        self._outbox.delivered(item, channel=channel, ts=ts)
        log.info("delivered %s for escalation %s (attempt %d)", item.notice.value, item.question_id, item.attempts)

    def _retry(self, item: Pending, error: DeliveryError, *, quiet: bool = False) -> None:
        delay = backoff(item.attempts, retry_after=error.retry_after)
        self._outbox.retry(item, delay=dt.timedelta(seconds=delay), error=str(error), uncertain=error.uncertain)
        level = logging.DEBUG if quiet else logging.ERROR if item.attempts >= LOUD_AFTER else logging.WARNING
        log.log(level, "could not deliver %s for escalation %s (attempt %d: %s); again in %.0fs",
                item.notice.value, item.question_id, item.attempts, error, delay)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()  # a wake() from now on ends the next wait at once
            try:
                self.run_once()
            except Exception:  # e.g. the database is down: keep the thread, try again at the next poll
                log.exception("outbox delivery round failed")
            self._wake.wait(self._poll)

    def start(self) -> None:
        """Start the delivery thread (daemon)."""
        if self._thread is None:
            self.worker = f"{socket.gethostname()}:{os.getpid()}"  # set after any fork
            self._thread = threading.Thread(target=self._run, name="outbox-delivery", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the message in hand (its lease lapses if the process dies instead)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def started(self) -> bool:
        """Return whether start() was called (and stop() not)."""
        return self._thread is not None

    def alive(self) -> bool:
        """Return whether the delivery thread is running (for the health check)."""
        return self._thread is not None and self._thread.is_alive()
