"""Background housekeeping of a serving process: the daily data-retention purge."""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading

from sqlalchemy import Engine

from bot.store.retention import purge

log = logging.getLogger(__name__)

DAY = 24 * 3600.0


class Purger:
    """Runs the retention purge shortly after start and then once a day (idempotent across replicas)."""

    def __init__(self, engine: Engine, *, days: int, every: float = DAY, first: float | None = None) -> None:
        self._engine = engine
        self._days = days
        self._every = every
        self._first = random.uniform(30, 300) if first is None else first  # replicas do not all purge at once
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0

    def run_once(self) -> dict[str, int]:
        """Purge now; return the rows changed per kind."""
        before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=self._days)
        counts = purge(self._engine, before=before)
        self.runs += 1
        extra = {f"purged_{k}": v for k, v in counts.items()}
        log.info("retention purge", extra={"retention_days": self._days, **extra})
        return counts

    def _loop(self) -> None:
        wait = self._first
        while not self._stop.wait(wait):
            try:
                self.run_once()
            except Exception:  # the next run tries again; serving must not stop over housekeeping
                log.exception("retention purge failed")
            wait = self._every

    def start(self) -> None:
        """Start the daily purge thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="retention-purge", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
