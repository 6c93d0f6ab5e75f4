"""Questions: one row per Slack message (team, channel, ts), with what the bot replied."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, and_, or_, select, update

from bot.core.questions import CONTINUED, Handling, Question, QuestionRecord, Source
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

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def record(self, question: Question, *, origin: str | None = None) -> QuestionRecord:
        """Return the stored question for a message (or an inbox item), storing it the first time."""
        now = self._clock()
        values = question.model_dump(mode="json")
        values.update(created_at=now, claimed_at=now, origin=origin)
        if question.ts is not None:
            conflict = [t.c.team, t.c.channel, t.c.ts]
            where = and_(t.c.team == question.team, t.c.channel == question.channel, t.c.ts == question.ts)
        elif origin is not None:
            conflict, where = [t.c.origin], and_(t.c.origin == origin)
        else:
            raise ValueError("a question without a message ts needs its origin")
        stmt = upsert(self._engine, t).values(**values).on_conflict_do_nothing(index_elements=conflict)
        with self._engine.begin() as conn:
            conn.execute(stmt)
            row = conn.execute(select(t).where(where)).first()
        return to_record(row)

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

    def choose(self, question_id: int, entry_id: str, entry_version: str) -> bool:
        """Record the product picked after a clarifying question; False if one was picked already."""
        stmt = update(t).where(t.c.id == question_id, t.c.outcome == Handling.CLARIFY.value).values(
            outcome=Handling.ANSWER.value, entry_id=entry_id, entry_version=entry_version, replied_at=self._clock())
        with self._engine.begin() as conn:
            return conn.execute(stmt).rowcount == 1

    def earlier(self, record: QuestionRecord, *, since: dt.datetime) -> QuestionRecord | None:
        """Return the latest earlier answered question of the same thread, of the same DM since `since`, or the
        same person's /privacy question in the same channel since `since` (its replies have no thread)."""
        q = record.question
        handled = t.c.outcome.in_([h.value for h in CONTINUED])
        same = and_(t.c.team == q.team, t.c.channel == q.channel, t.c.id < record.id, handled)
        if q.thread_ts:
            where = and_(same, or_(t.c.ts == q.thread_ts, t.c.thread_ts == q.thread_ts))
        elif q.source is Source.DM:
            where = and_(same, t.c.thread_ts.is_(None), t.c.created_at >= since)
        elif q.source is Source.COMMAND and q.asker:
            where = and_(same, t.c.source == Source.COMMAND.value, t.c.asker == q.asker, t.c.created_at >= since)
        else:
            return None
        with self._engine.connect() as conn:
            row = conn.execute(select(t).where(where).order_by(t.c.id.desc()).limit(1)).first()
        return to_record(row) if row else None

    def escalated_in_thread(self, record: QuestionRecord) -> list[int]:
        """Return the ids of the earlier questions of record's thread handed to the privacy team, newest first."""
        q = record.question
        if not q.thread_ts:
            return []
        stmt = select(t.c.id).where(t.c.team == q.team, t.c.channel == q.channel, t.c.id < record.id,
                                    t.c.escalated_at.is_not(None), or_(t.c.ts == q.thread_ts,
                                                                       t.c.thread_ts == q.thread_ts))
        with self._engine.connect() as conn:
            return [int(i) for i in conn.execute(stmt.order_by(t.c.id.desc()).limit(20)).scalars()]

    def recent(self, asker: str, limit: int = 10) -> list[QuestionRecord]:
        """Return someone's latest questions, newest first."""
        stmt = select(t).where(t.c.asker == asker).order_by(t.c.created_at.desc(), t.c.id.desc()).limit(limit)
        with self._engine.connect() as conn:
            return [to_record(row) for row in conn.execute(stmt)]
