"""Storage: SQLAlchemy Core on SQLite (default) or PostgreSQL, with Alembic migrations shipped in the package."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select, text

from bot.store.clock import Clock, utc_now
from bot.store.engine import (
    DEFAULT_TIMEOUTS,
    HEAD,
    DatabaseError,
    DatabaseUnreachable,
    Timeouts,
    connect,
    current_revision,
    upgrade,
)
from bot.store.escalations import SqlEscalationStore
from bot.store.feedback import SqlFeedbackLog
from bot.store.inbox import SqlInbox
from bot.store.leases import SqlLeases
from bot.store.outbox import SqlOutbox
from bot.store.questions import SqlQuestionLog
from bot.store.ratelimit import SqlRateLimiter
from bot.store.schema import escalations, inbox, outbox
from bot.store.updates import SqlUpdates

__all__ = ["DatabaseError", "DatabaseUnreachable", "Store", "Timeouts", "connect", "current_revision", "open_store",
           "upgrade"]


@dataclass(frozen=True)
class Store:
    """Every store role on one engine."""

    engine: Engine
    inbox: SqlInbox
    questions: SqlQuestionLog
    feedback: SqlFeedbackLog
    rate_limiter: SqlRateLimiter
    escalations: SqlEscalationStore
    outbox: SqlOutbox
    leases: SqlLeases
    updates: SqlUpdates

    def ping(self) -> None:
        """Raise if the database is unreachable."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def state(self) -> dict[str, int]:
        """Return open escalations, undelivered messages and unhandled requests (metrics read these)."""
        counts = {"open_escalations": (escalations, escalations.c.status.in_(["open", "claimed"])),
                  "outbox_depth": (outbox, outbox.c.status == "pending"),
                  "inbox_depth": (inbox, inbox.c.status == "pending")}
        with self.engine.connect() as conn:
            return {name: int(conn.execute(select(func.count()).select_from(table).where(where)).scalar_one())
                    for name, (table, where) in counts.items()}

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()


def open_store(url: str, *, rate_limit_per_minute: int = 10, clock: Clock = utc_now, migrate: bool = False,
               timeouts: Timeouts = DEFAULT_TIMEOUTS, verify: bool = True) -> Store:
    """Return a Store on a database URL; raise DatabaseError (one line) if it is unusable or not migrated
    (DatabaseUnreachable when it could not be reached: trying again later may work).

    migrate=True applies the migrations first (serve and `db upgrade`); otherwise the database must be at HEAD.
    timeouts bound connecting and (a serving process's) statements on PostgreSQL. verify=False opens it without
    connecting (a serving process whose start checked the database: an outage must not stop it booting).
    """
    engine = connect(url, timeouts)
    if not verify:
        return _store(engine, rate_limit_per_minute, clock)
    try:
        if migrate:
            upgrade(engine)
        revision = current_revision(engine)
    except DatabaseError:
        engine.dispose()
        raise
    if revision != HEAD:
        engine.dispose()
        state = "has no tables yet" if revision is None else f"is at revision {revision}, not {HEAD}"
        raise DatabaseError(f"the database {state}: run `privacy-bot db upgrade`")
    return _store(engine, rate_limit_per_minute, clock)


def _store(engine: Engine, rate_limit_per_minute: int, clock: Clock) -> Store:
    return Store(
        engine=engine,
        inbox=SqlInbox(engine, clock=clock),
        questions=SqlQuestionLog(engine, clock=clock),
        feedback=SqlFeedbackLog(engine, clock=clock),
        rate_limiter=SqlRateLimiter(engine, per_minute=rate_limit_per_minute, clock=clock),
        escalations=SqlEscalationStore(engine, clock=clock),
        outbox=SqlOutbox(engine, clock=clock),
        leases=SqlLeases(engine, clock=clock),
        updates=SqlUpdates(engine, clock=clock),
    )
