"""Feedback on answers: one verdict per answer message (the buttons go once someone has voted)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, select, update

from bot.core.questions import Feedback
from bot.store.clock import Clock, utc_now
from bot.store.engine import upsert
from bot.store.schema import feedback as t


class SqlFeedbackLog:
    """FeedbackLog on the feedback table."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def record(self, feedback: Feedback) -> int | None:
        """Record the verdict on an answer; None if that answer has one already (a second click)."""
        stmt = upsert(self._engine, t).values(**feedback.model_dump(), created_at=self._clock())
        stmt = stmt.on_conflict_do_nothing(index_elements=[t.c.question_id, t.c.entry_id]).returning(t.c.id)
        with self._engine.begin() as conn:
            row = conn.execute(stmt).first()
        return int(row[0]) if row else None

    def revise(self, feedback: Feedback, *, given_before: dt.datetime) -> int | None:
        """Replace the verdict on the same answer given before a time (the privacy team sent that entry since);
        None if there is none that old. One verdict per answer stays: the asker's latest, its reason asked anew."""
        same = (t.c.question_id == feedback.question_id, t.c.entry_id == feedback.entry_id)
        stmt = update(t).where(*same, t.c.created_at < given_before).values(
            **feedback.model_dump(exclude={"question_id", "entry_id"}), created_at=self._clock())
        with self._engine.begin() as conn:
            if conn.execute(stmt).rowcount != 1:
                return None
            return int(conn.execute(select(t.c.id).where(*same)).scalar_one())

    def withdraw(self, feedback_id: int) -> None:
        """Remove a verdict whose click could not be completed."""
        with self._engine.begin() as conn:
            conn.execute(delete(t).where(t.c.id == feedback_id))

    def add_reason(self, feedback_id: int, user: str, reason: str) -> bool:
        """Attach a reason to someone's own verdict."""
        stmt = update(t).where(t.c.id == feedback_id, t.c.user == user).values(reason=reason)
        with self._engine.begin() as conn:
            return conn.execute(stmt).rowcount == 1
