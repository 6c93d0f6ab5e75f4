"""Processed Slack events: a retry of a finished event is skipped; a stale unfinished one goes through."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, update

from bot.store.clock import Clock, utc_now
from bot.store.engine import upsert
from bot.store.schema import processed_events as t


class SqlEventLedger:
    """EventLedger on the processed_events table."""

    def __init__(self, engine: Engine, *, stale_after: dt.timedelta = dt.timedelta(minutes=2),
                 clock: Clock = utc_now) -> None:
        self._engine = engine
        self._stale_after = stale_after
        self._clock = clock

    def claim(self, event_id: str) -> bool:
        """Take an event: True if new, or stale and not done (its first processing died)."""
        now = self._clock()
        stmt = upsert(self._engine, t).values(event_id=event_id, status="received", attempts=1,
                                              received_at=now, updated_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.c.event_id],
            set_={"status": "received", "attempts": t.c.attempts + 1, "updated_at": now},
            where=(t.c.status != "done") & (t.c.updated_at < now - self._stale_after),
        ).returning(t.c.event_id)
        with self._engine.begin() as conn:
            return conn.execute(stmt).first() is not None

    def finish(self, event_id: str) -> None:
        """Mark an event done."""
        with self._engine.begin() as conn:
            conn.execute(update(t).where(t.c.event_id == event_id).values(status="done", updated_at=self._clock()))
