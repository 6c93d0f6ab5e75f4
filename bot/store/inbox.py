"""The inbox: each Slack request recorded (one insert) before it is acknowledged, then handled by one worker.

Taking an item is a compare-and-set UPDATE with a lease, as for the outbox: safe across threads, processes and
replicas. A worker that dies mid-way leaves its lease to lapse, and the item is taken again; the service is
idempotent, so handling it twice sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Engine, func, or_, select, update

from bot.core.inbox import Item, Received
from bot.store.clock import Clock, utc_now
from bot.store.engine import aware, upsert
from bot.store.schema import inbox as t

ITEM: TypeAdapter[Item] = TypeAdapter(Item)
ERROR_LIMIT = 500


class SqlInbox:
    """Inbox on the inbox table."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def put(self, key: str, item: Item) -> bool:
        """Record an item once; False if the key was recorded before."""
        now = self._clock()
        stmt = upsert(self._engine, t).values(
            key=key[:200], kind=item.kind, payload=ITEM.dump_json(item).decode(), status="pending", attempts=0,
            next_attempt_at=now, created_at=now,
        ).on_conflict_do_nothing(index_elements=[t.c.key]).returning(t.c.id)
        with self._engine.begin() as conn:
            return conn.execute(stmt).first() is not None

    def take(self, *, worker: str, lease: dt.timedelta, limit: int = 20) -> list[Received]:
        """Take due items, oldest first, for the length of a lease."""
        now = self._clock()
        free = or_(t.c.locked_until.is_(None), t.c.locked_until < now)
        due = select(t.c.id).where(t.c.status == "pending", t.c.next_attempt_at <= now, free).order_by(t.c.id)
        with self._engine.connect() as conn:
            ids = conn.execute(due.limit(limit)).scalars().all()
        taken = []
        for item_id in ids:
            grab = (update(t).where(t.c.id == item_id, t.c.status == "pending", free)
                    .values(locked_by=worker, locked_until=now + lease, attempts=t.c.attempts + 1)
                    .returning(t.c.id, t.c.payload, t.c.attempts, t.c.created_at))
            with self._engine.begin() as conn:
                row = conn.execute(grab).first()
            if row is not None:  # else another worker was quicker
                taken.append(_received(row, worker))
        return taken

    def done(self, received: Received) -> None:
        """Mark an item handled."""
        with self._engine.begin() as conn:
            conn.execute(update(t).where(t.c.id == received.id).values(
                status="done", done_at=self._clock(), locked_by=None, locked_until=None))

    def retry(self, received: Received, *, delay: dt.timedelta, error: str) -> None:
        """Release an item to be handled again after delay (only if this worker still holds it)."""
        with self._engine.begin() as conn:
            conn.execute(update(t).where(t.c.id == received.id, t.c.locked_by == received.worker).values(
                locked_by=None, locked_until=None, next_attempt_at=self._clock() + delay,
                last_error=error[:ERROR_LIMIT]))

    def give_up(self, received: Received, *, error: str) -> None:
        """Mark an item failed for good (the person was told)."""
        with self._engine.begin() as conn:
            conn.execute(update(t).where(t.c.id == received.id).values(
                status="failed", done_at=self._clock(), locked_by=None, locked_until=None,
                last_error=error[:ERROR_LIMIT]))

    def pending(self) -> int:
        """Return how many items wait to be handled."""
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t).where(t.c.status == "pending")).scalar_one())


def _received(row: Any, worker: str) -> Received:
    return Received(id=row.id, item=ITEM.validate_json(row.payload), attempts=row.attempts, worker=worker,
                    created_at=aware(row.created_at) or utc_now())
