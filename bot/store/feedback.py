"""Feedback on answers: one verdict per answer message (the buttons go once someone has voted)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, select, update

from bot.core.questions import Feedback, Verdict
from bot.store.clock import Clock, utc_now
from bot.store.engine import aware, upsert
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

    def revise(self, feedback: Feedback, *, given_before: dt.datetime) -> Verdict | None:
        """Replace the verdict on the same answer given before a time (the privacy team sent that entry since);
        return the verdict replaced, or None if there is none that old. One verdict per answer stays: the asker's
        latest, its reason asked anew. Of two concurrent clicks one replaces it (the other finds it new)."""
        same = (t.c.question_id == feedback.question_id, t.c.entry_id == feedback.entry_id)
        older = t.c.created_at < given_before
        with self._engine.begin() as conn:
            row = conn.execute(select(t).where(*same, older)).first()
            if row is None:
                return None
            stmt = update(t).where(t.c.id == row.id, older).values(
                **feedback.model_dump(exclude={"question_id", "entry_id"}), created_at=self._clock())
            if conn.execute(stmt).rowcount != 1:
                return None
        return Verdict(id=row.id, question_id=row.question_id, entry_id=row.entry_id, entry_version=row.entry_version,
                       user=row.user, helpful=row.helpful, reason=row.reason, given_at=aware(row.created_at))

    def restore(self, verdict: Verdict) -> None:
        """Put back a verdict that a click replaced but could not complete, as it was."""
        with self._engine.begin() as conn:
            conn.execute(update(t).where(t.c.id == verdict.id).values(
                entry_version=verdict.entry_version, user=verdict.user, helpful=verdict.helpful,
                reason=verdict.reason, created_at=verdict.given_at))

    def withdraw(self, feedback_id: int) -> None:
        """Remove a verdict whose click could not be completed."""
        with self._engine.begin() as conn:
            conn.execute(delete(t).where(t.c.id == feedback_id))

    def add_reason(self, feedback_id: int, user: str, reason: str) -> bool:
        """Attach a reason to someone's own verdict."""
        stmt = update(t).where(t.c.id == feedback_id, t.c.user == user).values(reason=reason)
        with self._engine.begin() as conn:
            return conn.execute(stmt).rowcount == 1
