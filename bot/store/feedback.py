"""Feedback on answers: one verdict per question, entry and person; the latest wins."""

from __future__ import annotations

from sqlalchemy import Engine, update

from bot.core.questions import Feedback
from bot.store.clock import Clock, utc_now
from bot.store.engine import upsert
from bot.store.schema import feedback as t


class SqlFeedbackLog:
    """FeedbackLog on the feedback table."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def record(self, feedback: Feedback) -> int:
        """Record or change a verdict; return its id."""
        now = self._clock()
        values = feedback.model_dump()
        stmt = upsert(self._engine, t).values(**values, created_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.c.question_id, t.c.entry_id, t.c.user],
            set_={"helpful": feedback.helpful, "entry_version": feedback.entry_version, "reason": feedback.reason,
                  "created_at": now},
        ).returning(t.c.id)
        with self._engine.begin() as conn:
            return int(conn.execute(stmt).scalar_one())

    def add_reason(self, feedback_id: int, user: str, reason: str) -> bool:
        """Attach a reason to someone's own verdict."""
        stmt = update(t).where(t.c.id == feedback_id, t.c.user == user).values(reason=reason)
        with self._engine.begin() as conn:
            return conn.execute(stmt).rowcount == 1
