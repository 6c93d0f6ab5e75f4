"""Per-person rate limit in the database, so it holds across replicas: a sliding window over minute counters."""

from __future__ import annotations

from sqlalchemy import Engine, delete, select

from bot.store.clock import Clock, utc_now
from bot.store.engine import upsert
from bot.store.schema import rate_limits as t


class SqlRateLimiter:
    """RateLimiter: at most `per_minute` questions in any 60 seconds (approximately; see allow())."""

    def __init__(self, engine: Engine, *, per_minute: int, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._per_minute = per_minute
        self._clock = clock

    def allow(self, key: str) -> bool:
        """Count a question; True if the weighted count of this and the previous minute is within the limit."""
        seconds = self._clock().timestamp()
        window, into = divmod(seconds, 60.0)
        minute = int(window)
        count_now = upsert(self._engine, t).values(key=key, window=minute, count=1)
        count_now = count_now.on_conflict_do_update(
            index_elements=[t.c.key, t.c.window], set_={"count": t.c.count + 1}
        ).returning(t.c.count)
        with self._engine.begin() as conn:
            current = int(conn.execute(count_now).scalar_one())
            previous = conn.execute(select(t.c.count).where(t.c.key == key, t.c.window == minute - 1)).scalar()
            conn.execute(delete(t).where(t.c.key == key, t.c.window < minute - 1))
        # The previous minute counts for the part of it still inside the last 60 seconds.
        weighted = current + (previous or 0) * (1.0 - into / 60.0)
        return weighted <= self._per_minute
