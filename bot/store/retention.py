"""The bot's own data retention: purge question text and people's ids after PRIVACY_BOT_RETENTION_DAYS, keep counts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, and_, delete, func, literal, update

from bot.store.schema import escalations, feedback, outbox, processed_events, questions, rate_limits

PURGED = ""  # what purged text and ids become: rows stay, so counts per outcome and entry survive


def purge(engine: Engine, *, before: dt.datetime) -> dict[str, int]:
    """Remove question text and asker/voter ids older than `before`; return rows changed per kind.

    Kept: every row's outcome, entry id and version, times and statuses (so counts per outcome and entry,
    and the escalation history, survive), the privacy team's written answers (drafts, to become entries),
    and who on the team claimed or answered (the team's own work record).
    """
    window = int(before.timestamp() // 60)
    with engine.begin() as conn:
        texts = conn.execute(
            update(questions)
            .where(and_(questions.c.created_at < before, (questions.c.text != PURGED) | (questions.c.asker != PURGED)))
            .values(text=PURGED, asker=PURGED, original_length=0)).rowcount
        votes = conn.execute(
            update(feedback)
            .where(and_(feedback.c.created_at < before, ~feedback.c.user.like("purged:%")))
            # ids stay unique per (question, entry) vote, so the unique constraint holds
            .values(user=literal("purged:") + func.cast(feedback.c.id, questions.c.asker.type), reason=None)
        ).rowcount
        askers = conn.execute(
            update(escalations)
            .where(and_(escalations.c.created_at < before, escalations.c.requested_by.is_not(None)))
            .values(requested_by=None)).rowcount
        deliveries = conn.execute(
            delete(outbox).where(and_(outbox.c.status == "sent", outbox.c.created_at < before))).rowcount
        events = conn.execute(delete(processed_events).where(processed_events.c.received_at < before)).rowcount
        limits = conn.execute(delete(rate_limits).where(rate_limits.c.window < window)).rowcount
    return {"questions": texts, "feedback": votes, "escalations": askers, "outbox": deliveries,
            "events": events, "rate_limits": limits}
