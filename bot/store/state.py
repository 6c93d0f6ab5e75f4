"""Shared state for metrics: read from the database at scrape time, so every replica reports the same."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from bot.store.schema import escalations, outbox


def state_counts(engine: Engine) -> dict[str, int]:
    """Return open (unanswered) escalations and undelivered outbox messages."""
    with engine.connect() as conn:
        open_ = conn.execute(select(func.count()).select_from(escalations)
                             .where(escalations.c.status.in_(["open", "claimed"]))).scalar_one()
        pending = conn.execute(select(func.count()).select_from(outbox)
                               .where(outbox.c.status == "pending")).scalar_one()
    return {"open_escalations": int(open_), "outbox_depth": int(pending)}
