"""The outbox: every Slack message the bot sends, queued under a unique key, taken by one worker at a time.

Queueing a key twice keeps the first (so a re-run after a crash queues nothing new, and an error reply never
follows a queued answer). Taking is a compare-and-set UPDATE with a lease, safe across threads, processes and
replicas on SQLite and PostgreSQL alike. Within a stream only the oldest pending message is due: a triage post
goes before its updates, the "we asked" notice before the answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, case, exists, func, or_, select, update

from bot.core.replies import Pending, Reply, Undelivered
from bot.store.clock import Clock, utc_now
from bot.store.engine import aware, upsert
from bot.store.schema import escalations
from bot.store.schema import outbox as t

ERROR_LIMIT = 500
# Body fields added since the previous release (EscalationBody.added, .about, .answer_of; NoteBody.language): left
# out while unset.
NEW_BODY_FIELDS = ("added", "about", "answer_of", "language")


def payload(reply: Reply) -> str:
    """Return a reply as stored, without the fields releases added while they are unset (moved_from, moved_to, and
    the body's NEW_BODY_FIELDS), so that a replica still on the previous release reads what a new one queues during
    a rolling upgrade (a new notice kind it cannot read waits for it to be replaced)."""
    exclude: dict[str, Any] = {k: True for k in ("moved_from", "moved_to") if getattr(reply, k) is None}
    unset = {k: True for k in NEW_BODY_FIELDS if k in type(reply.body).model_fields and getattr(reply.body, k) is None}
    if unset:
        exclude["body"] = unset
    return reply.model_dump_json(exclude=exclude)


def queue_in(conn: Connection, replies: Sequence[Reply], now: dt.datetime, *,
             at: Sequence[dt.datetime] | None = None) -> int:
    """Queue messages inside the caller's transaction (each due now, or at its time in `at`); return how many keys
    were new."""
    new = 0
    for n, reply in enumerate(replies):
        stmt = upsert(conn.engine, t).values(
            key=reply.key[:200], question_id=reply.question_id, stream=(reply.stream or reply.key)[:200],
            kind=reply.body.kind, payload=payload(reply), status="pending", attempts=0, maybe_sent=False,
            next_attempt_at=at[n] if at is not None else now, created_at=now,
        ).on_conflict_do_nothing(index_elements=[t.c.key]).returning(t.c.id)
        new += conn.execute(stmt).first() is not None
    return new


def to_pending(row: Any) -> Pending:
    """Return the Pending message of an outbox row."""
    return Pending(id=row.id, reply=Reply.model_validate_json(row.payload), worker=row.locked_by or "",
                   attempts=row.attempts, maybe_sent=bool(row.maybe_sent), first_attempt_at=aware(row.first_attempt_at),
                   created_at=aware(row.created_at), unsure_since=aware(row.unsure_since))


class SqlOutbox:
    """ReplyQueue and the delivery side of the outbox, on the outbox table."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def queue(self, replies: Sequence[Reply]) -> int:
        """Queue messages in one transaction; a key queued before is skipped."""
        with self._engine.begin() as conn:
            return queue_in(conn, replies, self._clock())

    def take(self, *, worker: str, lease: dt.timedelta, limit: int = 20) -> list[Pending]:
        """Take the messages due now, the oldest first of each stream, for the length of a lease."""
        now = self._clock()
        free = or_(t.c.locked_until.is_(None), t.c.locked_until < now)
        earlier = t.alias("earlier")
        blocked = exists().where(earlier.c.stream == t.c.stream, earlier.c.status == "pending", earlier.c.id < t.c.id)
        due = (select(t.c.id).where(t.c.status == "pending", t.c.next_attempt_at <= now, free, ~blocked)
               .order_by(t.c.id).limit(limit))
        with self._engine.connect() as conn:
            ids = conn.execute(due).scalars().all()
        taken = []
        for item_id in ids:
            grab = update(t).where(t.c.id == item_id, t.c.status == "pending", free).values(
                locked_by=worker, locked_until=now + lease, attempts=t.c.attempts + 1,
                # A lease that lapsed without a result means its worker died mid-send: Slack may have the message.
                maybe_sent=case((t.c.locked_until.is_not(None), True), else_=t.c.maybe_sent),
                first_attempt_at=func.coalesce(t.c.first_attempt_at, now),
            ).returning(*t.c)
            with self._engine.begin() as conn:
                row = conn.execute(grab).first()
            if row is not None:  # else another worker was quicker
                taken.append(to_pending(row))
        return taken

    def delivered(self, item: Pending, *, channel: str | None = None, ts: str | None = None,
                  notify: Sequence[Reply] = ()) -> None:
        """Mark a message sent (or no longer needed), queueing `notify` with it; a triage post's ts goes onto its
        escalation."""
        now = self._clock()
        body = item.reply.body
        with self._engine.begin() as conn:
            conn.execute(update(t).where(t.c.id == item.id).values(
                status="sent", sent_at=now, sent_channel=channel, sent_ts=ts, locked_by=None, locked_until=None))
            if body.kind == "escalation" and body.notice.value == "triage_post" and ts:
                conn.execute(update(escalations).where(escalations.c.question_id == body.question_id,
                                                       escalations.c.triage_ts.is_(None)).values(triage_ts=ts))
            queue_in(conn, notify, now)

    def retry(self, item: Pending, *, delay: dt.timedelta, error: str, uncertain: bool,
              unanswered: bool = False) -> None:
        """Release a message to be tried again after delay (only if we still hold it); unanswered: the call timed out
        or lost its connection, so Slack may still be posting it (unsure_since is now)."""
        now = self._clock()
        values: dict[str, Any] = {"locked_by": None, "locked_until": None, "next_attempt_at": now + delay,
                                  "last_error": error[:ERROR_LIMIT]}
        if uncertain or unanswered:
            values["maybe_sent"] = True
        if unanswered:
            values["unsure_since"] = now
        with self._engine.begin() as conn:
            conn.execute(update(t).where(t.c.id == item.id, t.c.status == "pending", t.c.locked_by == item.worker)
                         .values(**values))

    def redirect(self, item: Pending, reply: Reply, *, error: str, also: Sequence[Reply] = ()) -> None:
        """Replace a message its conversation refused for good with `reply` (to elsewhere), due now, in its place in
        its stream (nothing was posted, so there is nothing to look for), and queue `also` with it."""
        now = self._clock()
        with self._engine.begin() as conn:
            moved = conn.execute(update(t).where(t.c.id == item.id, t.c.status == "pending",
                                                 t.c.locked_by == item.worker).values(
                payload=payload(reply), maybe_sent=False, unsure_since=None, locked_by=None, locked_until=None,
                next_attempt_at=now, last_error=error[:ERROR_LIMIT])).rowcount
            if moved:
                queue_in(conn, also, now)

    def give_up(self, item: Pending, *, error: str, notify: Sequence[Reply] = ()) -> None:
        """Stop trying a message that can reach nobody (status failed); queue `notify` in the same transaction, and
        record a message for an escalation's asker on the escalation (its triage message says so)."""
        now = self._clock()
        body = item.reply.body
        with self._engine.begin() as conn:
            done = conn.execute(update(t).where(t.c.id == item.id, t.c.status == "pending",
                                                t.c.locked_by == item.worker).values(
                status="failed", last_error=error[:ERROR_LIMIT], locked_by=None, locked_until=None)).rowcount
            if not done:
                return
            if body.kind == "escalation" and body.notice.stream == "asker":
                conn.execute(update(escalations).where(escalations.c.question_id == body.question_id).values(
                    undelivered=body.notice.value))
            queue_in(conn, notify, now)

    def undelivered(self) -> list[Undelivered]:
        """Return the messages not delivered yet, oldest first."""
        stmt = select(t.c.question_id, t.c.kind, t.c.attempts, t.c.last_error).where(
            t.c.status == "pending").order_by(t.c.id)
        with self._engine.connect() as conn:
            return [Undelivered(question_id=r.question_id, kind=r.kind, attempts=r.attempts, last_error=r.last_error)
                    for r in conn.execute(stmt)]

    def sent(self, question_id: int) -> list[tuple[str, str | None, str | None]]:
        """Return (key, channel, ts) of the messages delivered for a question, in order (for tests and ops)."""
        stmt = select(t.c.key, t.c.sent_channel, t.c.sent_ts).where(
            t.c.question_id == question_id, t.c.status == "sent").order_by(t.c.id)
        with self._engine.connect() as conn:
            return [(r.key, r.sent_channel, r.sent_ts) for r in conn.execute(stmt)]
