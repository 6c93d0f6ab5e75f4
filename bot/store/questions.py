"""Questions: one row per Slack message (team, channel, ts), with what the bot replied."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, select, update

from bot.core.questions import Handling, Question, QuestionRecord, Source
from bot.store.clock import Clock, utc_now
from bot.store.engine import aware, upsert
from bot.store.schema import questions as t


def to_record(row: Any) -> QuestionRecord:
    """Return the QuestionRecord of a questions row."""
    question = Question(team=row.team, channel=row.channel, ts=row.ts, thread_ts=row.thread_ts, asker=row.asker,
                        text=row.text, source=Source(row.source), original_length=row.original_length)
    return QuestionRecord(
        id=row.id, question=question, handling=Handling(row.outcome) if row.outcome else None,
        entry_id=row.entry_id, entry_version=row.entry_version, created_at=aware(row.created_at),
        replied_at=aware(row.replied_at), escalated_at=aware(row.escalated_at),
    )


class SqlQuestionLog:
    """QuestionLog on the questions table."""

    def __init__(self, engine: Engine, *, stale_after: dt.timedelta = dt.timedelta(minutes=2),
                 clock: Clock = utc_now) -> None:
        self._engine = engine
        self._stale_after = stale_after
        self._clock = clock

    def claim(self, question: Question) -> QuestionRecord | None:
        """Record a question; None if this message is already answered or being answered."""
        now = self._clock()
        values = question.model_dump(mode="json")
        values.update(created_at=now, claimed_at=now)
        stmt = upsert(self._engine, t).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.c.team, t.c.channel, t.c.ts],
            set_={"claimed_at": now},
            where=t.c.replied_at.is_(None) & (t.c.claimed_at < now - self._stale_after),
        ).returning(*t.c)
        with self._engine.begin() as conn:
            row = conn.execute(stmt).first()
        return to_record(row) if row else None

    def get(self, question_id: int) -> QuestionRecord | None:
        """Return a stored question, or None."""
        with self._engine.connect() as conn:
            row = conn.execute(select(t).where(t.c.id == question_id)).first()
        return to_record(row) if row else None

    def record_reply(self, question_id: int, handling: Handling, *, entry_id: str | None = None,
                     entry_version: str | None = None) -> None:
        """Record what the bot replied."""
        with self._engine.begin() as conn:
            conn.execute(update(t).where(t.c.id == question_id).values(
                outcome=handling.value, entry_id=entry_id, entry_version=entry_version, replied_at=self._clock()))

    def mark_escalated(self, question_id: int) -> bool:
        """Mark a question escalated; True only the first time."""
        stmt = update(t).where(t.c.id == question_id, t.c.escalated_at.is_(None)).values(escalated_at=self._clock())
        with self._engine.begin() as conn:
            return conn.execute(stmt).rowcount == 1

    def recent(self, asker: str, limit: int = 10) -> list[QuestionRecord]:
        """Return someone's latest questions, newest first."""
        stmt = select(t).where(t.c.asker == asker).order_by(t.c.created_at.desc(), t.c.id.desc()).limit(limit)
        with self._engine.connect() as conn:
            return [to_record(row) for row in conn.execute(stmt)]
