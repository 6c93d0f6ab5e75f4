"""The background threads of a serving process: the inbox worker (handles what was recorded) and delivery.

Each is a Pump: run one round, then wait for a wake-up or the poll interval. A round that fails (the database
is briefly away) is logged and tried again; the thread never dies of it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from typing import Protocol

from bot.core.escalations import backoff
from bot.core.inbox import Handled, Received
from bot.core.ports import Inbox

log = logging.getLogger(__name__)

GIVE_UP_AFTER = 5  # attempts at handling one request before the person is told it failed


class Pump:
    """A daemon thread that calls round() whenever woken, and at least every poll seconds."""

    def __init__(self, name: str, round_: Callable[[], object], *, poll: float = 1.0) -> None:
        self.name = name
        self._round = round_
        self._poll = poll
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        """Run a round now (called after something was recorded or queued)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()  # a wake() from now on ends the next wait at once
            try:
                self._round()
            except Exception:  # e.g. the database is down: keep the thread, try again at the next poll
                log.exception("%s round failed", self.name)
            self._wake.wait(self._poll)

    def start(self) -> None:
        """Start the thread (after any fork: threads do not survive one)."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the round in hand (a lease held lapses if the process dies instead)."""
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
        """Return whether the thread is running (for the health check)."""
        return self._thread is not None and self._thread.is_alive()


class Handler(Protocol):
    """What the inbox worker hands items to (the Service, behind bot.core.update_cases.Dispatch)."""

    def handle(self, received: Received) -> Handled:
        """Handle one item; safe to call again for the same item."""
        ...

    def failed(self, received: Received) -> None:
        """Tell the person once that their request could not be handled."""
        ...


class InboxWorker:
    """Takes recorded requests and has the service handle them; retries, and tells the person when all fail."""

    def __init__(self, *, inbox: Inbox, service: Handler, lease: dt.timedelta,
                 report: Callable[[Handled, Received], None] = lambda handled, received: None) -> None:
        self._inbox = inbox
        self._service = service
        self._lease = lease
        self._report = report

    def run_once(self) -> int:
        """Handle everything due; return how many items were handled."""
        worker = f"{socket.gethostname()}:{os.getpid()}"
        count = 0
        while True:
            batch = self._inbox.take(worker=worker, lease=self._lease)
            if not batch:
                return count
            for received in batch:
                self.handle(received)
                count += 1

    def handle(self, received: Received) -> None:
        """Handle one item; on failure put it back with a delay, or give up and tell the person."""
        try:
            handled = self._service.handle(received)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
            if received.attempts >= GIVE_UP_AFTER:
                log.error("giving up on request %s after %d attempts: %s", received.id, received.attempts, error,
                          exc_info=exc)
                self._service.failed(received)
                self._inbox.give_up(received, error=error)
                return
            delay = backoff(received.attempts)
            log.warning("request %s failed (attempt %d: %s); again in %.0fs", received.id, received.attempts, error,
                        delay, exc_info=exc)
            self._inbox.retry(received, delay=dt.timedelta(seconds=delay), error=error)
            return
        self._inbox.done(received)
        self._report(handled, received)
