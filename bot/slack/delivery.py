"""Delivery: sends queued messages until they arrive, once each.

A worker thread per process (each gunicorn worker, or the Socket Mode process) takes due messages with a lease,
sends them, and records the result; failures are retried with backoff (Slack's Retry-After on 429). A post
whose earlier attempt may have reached Slack (a 5xx, a timeout, a worker that died mid-send) is first looked
for: every post carries its outbox id in Slack message metadata, so a retry never posts it twice. After a call
that timed out or lost its connection Slack may still be posting it, so until `settle` seconds have passed it is
only looked for (again, with backoff), not posted.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from typing import Any, Protocol

from slack_sdk.errors import SlackApiError

from bot.core.escalations import backoff
from bot.core.ports import DeliveryQueue, Reminders
from bot.core.replies import EscalationBody, Pending, Reply, Target, delivery_news
from bot.slack.outgoing import Gone, NotReady, Outgoing, moved

log = logging.getLogger(__name__)

EVENT_TYPE = "privacy_bot_delivery"
LOOKBACK = dt.timedelta(minutes=2)  # search from a little before the first attempt (clock skew)
SEARCH_PAGES = 5
LOUD_AFTER = 5  # attempts after which a failure is logged as an error
URL_ATTEMPTS = 3  # response_url attempts before a reply with a fallback DM goes there instead
URL_GIVE_UP = 6  # attempts after which a response_url-only note (no fallback) is dropped
# A conversation the bot can no longer post in (archived, deleted, the bot removed from it, a DM with a deactivated
# user): retrying cannot help. A post for an asker goes to their DM instead; one that cannot go there either is
# given up (and the triage thread told, for an escalation).
CHANNEL_GONE = frozenset({"channel_not_found", "is_archived", "not_in_channel", "restricted_action",
                          "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
                          "user_not_found", "user_disabled", "cannot_dm_bot"})
# An update of a message that no longer exists can never succeed; the update only showed the state, so it is
# dropped instead of blocking the messages after it.
GONE_FOR_UPDATE = frozenset({"message_not_found", "cant_update_message"}) | CHANNEL_GONE


class Composes(Protocol):
    """What delivery needs to render a queued reply: the Composer, or something wrapping it."""

    def compose(self, item: Pending) -> Outgoing | None:
        """Return the Slack call for a queued reply, or None when it is no longer needed."""
        ...

    def dm_instead(self, item: Pending, out: Outgoing) -> list[Reply] | None:
        """Return a post its conversation refused for good as DMs to its askers (the first replaces it): [] when it
        went to a DM already (given up), None when it is not for askers (retried)."""
        ...


class DeliveryError(Exception):
    """Slack refused a call; uncertain means it may have acted on it anyway."""

    def __init__(self, message: str, *, uncertain: bool, retry_after: float | None = None,
                 reason: str = "server_error", unanswered: bool = False, at_most: float | None = None,
                 gone: bool = False) -> None:
        super().__init__(message)
        self.uncertain = uncertain
        self.retry_after = retry_after
        # rate_limited, server_error, refused, connection or unconfirmed (for the retries counter)
        self.reason = reason
        self.unanswered = unanswered  # no answer at all (timeout, dropped connection): Slack may still be at it
        self.at_most = at_most  # the longest useful wait before the next attempt
        self.gone = gone  # the conversation refuses posts for good (CHANNEL_GONE)


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
                                 retry_after=float(retry_after) if retry_after else None, reason="rate_limited")
        return DeliveryError(f"HTTP {status} {error or ''}".strip(), uncertain=status >= 500,
                             reason="server_error" if status >= 500 else "refused",
                             gone=status == 200 and error in CHANNEL_GONE)
    # Timeouts and dropped connections: the request may have been processed, or still be.
    return DeliveryError(f"{type(exc).__name__}: {exc}", uncertain=True, reason="connection", unanswered=True)


class Sender:
    """Makes the Slack call for an Outgoing; looks for an earlier copy of a post first when told to."""

    def __init__(self, client: Any, *, webhook: Callable[[str], Any], settle: float = 0.0,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> None:
        self._client = client
        self._webhook = webhook
        self._settle = dt.timedelta(seconds=settle)
        self._now = now

    def send(self, item: Pending, out: Outgoing) -> tuple[str | None, str | None]:
        """Send; return (channel, ts) of the message where there is one."""
        kwargs = out.message.as_kwargs()
        target = out.target
        if target.url:
            # A response_url reply cannot be looked up afterwards: after a failure that may have reached Slack,
            # or a few that did not, it goes to the fallback DM (a post, which can be looked up) instead.
            if not (target.channel and (item.maybe_sent or item.attempts > URL_ATTEMPTS)):
                self._hook(target, kwargs, item)
                return None, None
            target = Target(channel=target.channel)
        if target.update_ts:
            try:
                self._client.chat_update(channel=target.channel, ts=target.update_ts, **kwargs)
            except SlackApiError as exc:
                if exc.response.status_code != 200 or exc.response.get("error") not in GONE_FOR_UPDATE:
                    raise
                log.error("message %s in %s is gone (%s): %s not shown there", target.update_ts, target.channel,
                          exc.response.get("error"), item.reply.key)
            return target.channel, target.update_ts
        if item.maybe_sent:
            found = self.find(item, target)
            if found:
                log.info("outbox %s (%s) had reached Slack already: %s", item.id, item.reply.key, found[1])
                return found
            if item.unsure_since and (left := item.unsure_since + self._settle - self._now()) > dt.timedelta(0):
                raise DeliveryError(f"not found yet, and Slack may still be posting it: looked for again for "
                                    f"{left.total_seconds():.0f}s more before posting", uncertain=True,
                                    reason="unconfirmed", at_most=left.total_seconds() + 0.5)
        response = self._client.chat_postMessage(
            channel=target.channel, thread_ts=target.thread_ts, unfurl_links=False, unfurl_media=False,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"outbox_id": item.id}}, **kwargs)
        return str(response["channel"]), str(response["ts"])

    def _hook(self, target: Target, kwargs: dict[str, Any], item: Pending) -> None:
        options: dict[str, Any] = {"response_type": "in_channel" if target.in_channel else "ephemeral"}
        if target.delete_original:
            options = {"delete_original": True}
            kwargs = {}
        elif target.replace_original:
            options["replace_original"] = True
        else:
            options["replace_original"] = False
        response = self._webhook(str(target.url)).send(**kwargs, **options)
        if response.status_code == 200:
            return
        if not target.channel and item.attempts >= URL_GIVE_UP:
            log.error("response_url reply %s dropped after %d attempts (HTTP %s)", item.reply.key, item.attempts,
                      response.status_code)
            return
        raise DeliveryError(f"response_url answered {response.status_code}", uncertain=response.status_code >= 500)

    def find(self, item: Pending, target: Target) -> tuple[str, str] | None:
        """Return (channel, ts) of a message an earlier attempt posted, if Slack has it."""
        channel = str(target.channel)
        if channel.startswith(("U", "W")):  # a DM by user id: the history is under the DM's own id
            channel = str(self._client.conversations_open(users=channel)["channel"]["id"])
        started = item.first_attempt_at or item.created_at
        oldest = f"{(started - LOOKBACK).timestamp():.6f}"
        cursor: str | None = None
        for _ in range(SEARCH_PAGES):
            if target.thread_ts:
                page = self._client.conversations_replies(channel=channel, ts=target.thread_ts, oldest=oldest,
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


class Delivery:
    """Sends what the outbox holds: reminders due, then every due message, each recorded as sent or retried."""

    def __init__(self, *, outbox: DeliveryQueue, escalations: Reminders, composer: Composes, sender: Sender,
                 lease: dt.timedelta, reminder: dt.timedelta | None = None,
                 on_retry: Callable[[str], None] = lambda reason: None) -> None:
        self._on_retry = on_retry
        self._outbox = outbox
        self._escalations = escalations
        self._composer = composer
        self._sender = sender
        self._lease = lease
        self._reminder = reminder
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    def run_once(self) -> int:
        """Queue due reminders, then deliver everything due; return how many messages were handled."""
        self.worker = f"{socket.gethostname()}:{os.getpid()}"  # after a fork, the child's own name
        if self._reminder is not None:
            for question_id in self._escalations.remind_due(self._reminder):
                log.info("escalation %s unclaimed for %s: reminder queued", question_id, self._reminder)
        handled = 0
        while True:
            batch = self._outbox.take(worker=self.worker, lease=self._lease)
            if not batch:
                return handled
            for item in batch:
                self.deliver(item)
                handled += 1

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
        if item.reply.moved_to:
            out = moved(out, str(item.reply.moved_from), item.reply.moved_to)
        try:
            channel, ts = self._sender.send(item, out)
        except Exception as exc:
            error = classify(exc)
            if error.gone and self._gone(item, out, error):
                return
            self._on_retry(error.reason)
            self._retry(item, error)
            return
        body = item.reply.body  # moved to the asker's DM: the triage team hears where the answer went
        news = delivery_news(body, given_up=False) if item.reply.moved_to and isinstance(body, EscalationBody) else []
        self._outbox.delivered(item, channel=channel, ts=ts, notify=news)
        log.info("delivered %s (attempt %d)", item.reply.key, item.attempts)

    def _gone(self, item: Pending, out: Outgoing, error: DeliveryError) -> bool:
        """Send a post its conversation refused for good to the asker's DM, or give it up if it was going there
        already; False: not the asker's, retried as before (e.g. the triage channel: someone must fix it)."""
        if item.reply.moved_to is None:
            moves = self._composer.dm_instead(item, out)
            if moves is None:
                return False
            if moves:  # (none: already their DM, given up below, the triage team told)
                log.warning("%s refused %s (%s): sent to its asker(s) %s by DM instead", out.target.channel,
                            item.reply.key, error, ", ".join(str(m.moved_to) for m in moves))
                self._outbox.redirect(item, moves[0], error=str(error), also=moves[1:])
                return True
        log.error("%s refused by %s and by the asker's DM %s (%s): given up", item.reply.key,
                  item.reply.moved_from or "-", out.target.channel, error)
        body = item.reply.body  # the triage team learns it in the escalation's thread and on its message
        self._outbox.give_up(item, error=str(error),
                             notify=delivery_news(body, given_up=True) if isinstance(body, EscalationBody) else [])
        return True

    def _retry(self, item: Pending, error: DeliveryError, *, quiet: bool = False) -> None:
        delay = backoff(item.attempts, retry_after=error.retry_after)
        if error.at_most is not None:
            delay = min(delay, error.at_most)
        self._outbox.retry(item, delay=dt.timedelta(seconds=delay), error=str(error), uncertain=error.uncertain,
                           unanswered=error.unanswered)
        level = logging.DEBUG if quiet else logging.ERROR if item.attempts >= LOUD_AFTER else logging.WARNING
        log.log(level, "could not deliver %s (attempt %d: %s); again in %.0fs", item.reply.key, item.attempts, error,
                delay)
