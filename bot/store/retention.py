"""The bot's own data retention: after PRIVACY_BOT_RETENTION_DAYS, remove what identifies people or their words.

README's "Data the bot stores" lists the same things; tests/integration/test_retention.py checks both ways.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, and_, delete, func, literal, or_, select, text, update

from bot.core.escalations import Move, Notice, Status
from bot.core.questions import Source
from bot.core.replies import Note, NoteBody, Reply, Target
from bot.store.escalations import queue
from bot.store.outbox import queue_in
from bot.store.schema import escalations, feedback, inbox, outbox, questions, rate_limits, update_mutes

PURGED = ""  # what purged text and ids become: rows stay, so counts per outcome and entry survive
PURGED_WHY = "(removed after the retention period)"
INBOX_DAYS = 1  # handled requests are kept this long to recognise Slack's retries, then deleted


def _told_expired(conn: Connection, question_id: int) -> list[Reply]:
    """Return the notice that tells an asker in their thread (or DM) that no answer will come: a channel and a
    message time, no person's id (a /privacy asker, reachable only by their id, is not told)."""
    q = conn.execute(select(questions).where(questions.c.id == question_id)).first()
    if q is None or q.source == Source.COMMAND.value or not q.channel:
        return []
    target = Target(channel=q.channel, thread_ts=q.thread_ts or q.ts)
    return [Reply(key=f"q{question_id}:expired", body=NoteBody(note=Note.EXPIRED_UNANSWERED), target=target,
                  stream=f"q{question_id}:asker", question_id=question_id)]


def purge(engine: Engine, *, before: dt.datetime, now: dt.datetime | None = None) -> dict[str, int]:
    """Remove question text, askers', voters' and requesters' ids and feedback reasons older than `before`.

    Also: escalations still waiting when their question is purged are closed as expired (their triage message
    is updated); delivered outbox messages and handled inbox requests are deleted. Kept: every row's outcome,
    entry id and version, times and statuses (so counts per outcome and entry survive), the privacy team's
    written answers (drafts, to become entries), and who on the team claimed, answered or closed (their work).
    Mutes of updates about changed answers are deleted once their person has no question within the period.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    window = int(before.timestamp() // 60)
    old_questions = select(questions.c.id).where(questions.c.created_at < before)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # the daily purge of a large table may take longer than a request may
            conn.execute(text("SET LOCAL statement_timeout = 0"))
        waiting = conn.execute(select(escalations.c.question_id).where(
            escalations.c.status.in_([Status.OPEN.value, Status.CLAIMED.value]),
            escalations.c.question_id.in_(old_questions))).scalars().all()
        for question_id in waiting:
            moved = conn.execute(update(escalations).where(
                escalations.c.question_id == question_id,
                escalations.c.status.in_([Status.OPEN.value, Status.CLAIMED.value])).values(
                status=Status.EXPIRED.value, updated_at=now)).rowcount
            if moved:
                queue(conn, question_id, (Notice.TRIAGE_REFRESH,), now, tag=f":{Move.EXPIRE.value}")
                queue_in(conn, _told_expired(conn, question_id), now)
        texts = conn.execute(
            update(questions)
            .where(and_(questions.c.created_at < before, (questions.c.text != PURGED) | (questions.c.asker != PURGED)))
            .values(text=PURGED, asker=PURGED, original_length=0)).rowcount
        votes = conn.execute(
            update(feedback)
            .where(and_(feedback.c.created_at < before, ~feedback.c.user.like("purged:%")))
            .values(user=literal("purged:") + func.cast(feedback.c.id, questions.c.asker.type), reason=None)
        ).rowcount
        askers = conn.execute(
            update(escalations)
            .where(and_(escalations.c.created_at < before,
                        or_(escalations.c.requested_by.is_not(None), escalations.c.why != PURGED_WHY)))
            .values(requested_by=None, why=PURGED_WHY)).rowcount
        deliveries = conn.execute(
            delete(outbox).where(and_(outbox.c.status != "pending", outbox.c.created_at < before))).rowcount
        requests = conn.execute(delete(inbox).where(or_(
            inbox.c.created_at < before,
            and_(inbox.c.status != "pending", inbox.c.created_at < now - dt.timedelta(days=INBOX_DAYS))))).rowcount
        limits = conn.execute(delete(rate_limits).where(rate_limits.c.window < window)).rowcount
        # A mute outlives the period only while its person has a question within it (updates reach no one else).
        mutes = conn.execute(delete(update_mutes).where(
            update_mutes.c.muted_at < before,
            ~update_mutes.c.user.in_(select(questions.c.asker).where(questions.c.created_at >= before))
        )).rowcount
    return {"questions": texts, "feedback": votes, "escalations": askers, "expired": len(waiting),
            "outbox": deliveries, "inbox": requests, "rate_limits": limits, "update_mutes": mutes}
