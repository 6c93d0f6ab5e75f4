"""Storage: SQLAlchemy Core on SQLite (default) or PostgreSQL, with Alembic migrations shipped in the package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, text

from bot.store.clock import Clock, utc_now
from bot.store.engine import DatabaseError, connect, current_revision, upgrade
from bot.store.escalations import SqlEscalationStore
from bot.store.events import SqlEventLedger
from bot.store.feedback import SqlFeedbackLog
from bot.store.outbox import SqlOutbox
from bot.store.questions import SqlQuestionLog
from bot.store.ratelimit import SqlRateLimiter

__all__ = ["DatabaseError", "Store", "connect", "current_revision", "open_store", "upgrade"]


@dataclass(frozen=True)
class Store:
    """Every store role on one engine."""

    engine: Engine
    events: SqlEventLedger
    questions: SqlQuestionLog
    feedback: SqlFeedbackLog
    rate_limiter: SqlRateLimiter
    escalations: SqlEscalationStore
    outbox: SqlOutbox

    def ping(self) -> None:
        """Raise if the database is unreachable."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()


def open_store(url: str, *, rate_limit_per_minute: int = 10, clock: Clock = utc_now,
               stale_after: dt.timedelta = dt.timedelta(minutes=2)) -> Store:
    """Return a Store on a database URL (run upgrade() first)."""
    engine = connect(url)
    return Store(
        engine=engine,
        events=SqlEventLedger(engine, stale_after=stale_after, clock=clock),
        questions=SqlQuestionLog(engine, stale_after=stale_after, clock=clock),
        feedback=SqlFeedbackLog(engine, clock=clock),
        rate_limiter=SqlRateLimiter(engine, per_minute=rate_limit_per_minute, clock=clock),
        escalations=SqlEscalationStore(engine, clock=clock),
        outbox=SqlOutbox(engine, clock=clock),
    )
