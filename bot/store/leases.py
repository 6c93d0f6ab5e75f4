"""Leases for scheduled jobs: one replica at a time runs, e.g., the daily check of the vendors' pages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, or_, select, update

from bot.store.clock import Clock, utc_now
from bot.store.engine import aware, upsert
from bot.store.schema import leases as t


class SqlLeases:
    """Job leases on the leases table."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def due(self, name: str, *, holder: str, every: dt.timedelta, lease: dt.timedelta) -> bool:
        """Take the job if it has not run for `every` and nobody holds it; True means: run it now, then finished()."""
        now = self._clock()
        with self._engine.begin() as conn:
            conn.execute(upsert(self._engine, t).values(name=name, holder="", until=now - lease)
                         .on_conflict_do_nothing(index_elements=[t.c.name]))
            taken = conn.execute(update(t).where(
                t.c.name == name, t.c.until < now,
                or_(t.c.last_run_at.is_(None), t.c.last_run_at <= now - every)).values(
                holder=holder, until=now + lease)).rowcount
        return taken == 1

    def finished(self, name: str, *, holder: str) -> None:
        """Record that the job ran, and release it."""
        now = self._clock()
        with self._engine.begin() as conn:
            conn.execute(update(t).where(t.c.name == name, t.c.holder == holder).values(
                last_run_at=now, until=now))

    def last_run(self, name: str) -> dt.datetime | None:
        """Return when the job last finished."""
        with self._engine.connect() as conn:
            return aware(conn.execute(select(t.c.last_run_at).where(t.c.name == name)).scalar())
