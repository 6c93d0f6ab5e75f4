"""Answers that stay true, in the database: material changes recorded once across replicas, the updates to earlier
askers queued (paced) in the outbox, who muted them, and the entries the daily source check flagged.

Exactly once: a change is one row under its key (INSERT ... ON CONFLICT DO NOTHING), and each update one outbox
row under a key made of the change and the thread, so two replicas, a re-run or a crash mid-way never double one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, or_, select, update

from bot.core.questions import Handling, QuestionRecord
from bot.core.replies import Reply
from bot.core.updates import FOLLOW_UP, LoadedChange, Pacer, RecordedChange, new_changes, updates_for
from bot.store.clock import Clock, utc_now
from bot.store.engine import aware, upsert
from bot.store.outbox import queue_in
from bot.store.questions import to_record
from bot.store.schema import entry_changes as c
from bot.store.schema import escalations, outbox, questions, seen_entries, source_flags, update_mutes

CHUNK = 500  # keys per IN (...) list


def to_change(row: Any) -> RecordedChange:
    """Return the RecordedChange of an entry_changes row."""
    return RecordedChange(key=row.key, entry_id=row.entry_id, date=row.change_date, summary=row.summary,
                          version=row.entry_version, status=row.status, seen_at=aware(row.seen_at) or utc_now())


class SqlUpdates:
    """Changes, updates, mutes and source flags on their tables (and the outbox)."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    # -- changes -----------------------------------------------------------------------------------------------
    def record_load(self, loaded: Sequence[LoadedChange], entry_ids: Collection[str]) -> int:
        """Record a loaded answer set's entries and material changes; return how many changes are new and pending.

        A change of an entry known before this load is pending (to be announced); the rest are baseline.
        """
        now = self._clock()
        with self._engine.begin() as conn:
            known = set(conn.execute(select(seen_entries.c.entry_id)).scalars())
            for entry_id in sorted(set(entry_ids) - known):
                conn.execute(upsert(self._engine, seen_entries).values(entry_id=entry_id, first_seen_at=now)
                             .on_conflict_do_nothing(index_elements=[seen_entries.c.entry_id]))
            pending = 0
            for change, status in new_changes(loaded, known):
                stmt = upsert(self._engine, c).values(
                    key=change.key[:240], entry_id=change.entry_id, change_date=change.date, summary=change.summary,
                    entry_version=change.version, status=status, seen_at=now, updates=0,
                ).on_conflict_do_nothing(index_elements=[c.c.key]).returning(c.c.key)
                pending += conn.execute(stmt).first() is not None and status == "pending"
        return pending

    def changes(self) -> list[RecordedChange]:
        """Return every recorded change, oldest first (for tests and operators)."""
        with self._engine.connect() as conn:
            return [to_change(r) for r in conn.execute(select(c).order_by(c.c.seen_at, c.c.key))]

    def skip_pending(self) -> int:
        """Mark pending changes as skipped (updates are turned off); return how many."""
        with self._engine.begin() as conn:
            return int(conn.execute(update(c).where(c.c.status == "pending").values(status="skipped")).rowcount)

    def _due(self, conn: Connection, now: dt.datetime, follow_up: dt.timedelta) -> list[RecordedChange]:
        recent = and_(c.c.status == "announced", c.c.seen_at >= now - follow_up)
        rows = conn.execute(select(c).where(or_(c.c.status == "pending", recent)).order_by(c.c.seen_at, c.c.key))
        return [to_change(r) for r in rows]

    @staticmethod
    def _answered(conn: Connection, change: RecordedChange, *, since: dt.datetime,
                  until: dt.datetime) -> list[QuestionRecord]:
        """Return the questions answered with the entry before the change (within the retention window)."""
        q = questions
        old = or_(q.c.entry_version.is_(None), q.c.entry_version != change.version)
        asked = and_(q.c.asker != "", q.c.created_at >= since)
        by_bot = select(q).where(q.c.entry_id == change.entry_id, q.c.outcome == Handling.ANSWER.value, asked,
                                 old, q.c.replied_at <= until)
        e = escalations  # or sent by a triager with "Send existing answer"
        sent = select(q).select_from(q.join(e, e.c.question_id == q.c.id)).where(
            e.c.entry_id == change.entry_id, e.c.status == "answered", asked, e.c.answered_at <= until,
            or_(e.c.entry_version.is_(None), e.c.entry_version != change.version))
        found = {r.id: to_record(r) for stmt in (by_bot, sent) for r in conn.execute(stmt)}
        return list(found.values())

    def fan_out(self, *, titles: Mapping[str, str], retention: dt.timedelta, per_minute: int,
                follow_up: dt.timedelta = FOLLOW_UP) -> int:
        """Queue the updates of pending (and recently announced) changes, paced; return how many were queued."""
        now = self._clock()
        queued = 0
        with self._engine.begin() as conn:
            due = self._due(conn, now, follow_up)
            if not due:
                return 0
            muted = set(conn.execute(select(update_mutes.c.user)).scalars())
            last = aware(conn.execute(select(func.max(outbox.c.next_attempt_at)).where(
                outbox.c.kind == "answer_update", outbox.c.status == "pending")).scalar())
            pacer = Pacer(max(now, last or now), per_minute=per_minute)
            for change in due:
                if change.entry_id not in titles:  # withdrawn since: nobody to point at a current answer
                    conn.execute(update(c).where(c.c.key == change.key).values(status="skipped"))
                    continue
                answered = self._answered(conn, change, since=now - retention, until=change.seen_at + follow_up)
                replies = self._fresh(conn, updates_for(change, titles[change.entry_id], answered, muted=muted))
                new = queue_in(conn, replies, now, at=[pacer.slot(str(r.target.channel)) for r in replies])
                conn.execute(update(c).where(c.c.key == change.key).values(
                    status="announced", announced_at=func.coalesce(c.c.announced_at, now), updates=c.c.updates + new))
                queued += new
        return queued

    @staticmethod
    def _fresh(conn: Connection, replies: list[Reply]) -> list[Reply]:
        """Return the replies whose keys are not in the outbox yet (so no send time is spent on them)."""
        taken: set[str] = set()
        keys = [r.key for r in replies]
        for start in range(0, len(keys), CHUNK):
            taken.update(conn.execute(select(outbox.c.key).where(outbox.c.key.in_(keys[start:start + CHUNK])))
                         .scalars())
        return [r for r in replies if r.key not in taken]

    # -- mutes -------------------------------------------------------------------------------------------------
    def muted(self, user: str) -> bool:
        """Return whether someone muted updates."""
        with self._engine.connect() as conn:
            return conn.execute(select(update_mutes.c.user).where(update_mutes.c.user == user)).first() is not None

    def set_muted(self, user: str, muted: bool) -> None:
        """Mute (or turn on again) updates for someone."""
        with self._engine.begin() as conn:
            if muted:
                conn.execute(upsert(self._engine, update_mutes).values(user=user, muted_at=self._clock())
                             .on_conflict_do_nothing(index_elements=[update_mutes.c.user]))
            else:
                conn.execute(delete(update_mutes).where(update_mutes.c.user == user))

    def all_muted(self, question_ids: Sequence[int]) -> bool:
        """Return whether nobody is left to tell: every asker of these questions muted updates or was purged."""
        q, m = questions, update_mutes
        stmt = (select(q.c.asker, m.c.user).select_from(q.outerjoin(m, m.c.user == q.c.asker))
                .where(q.c.id.in_(list(question_ids))))
        with self._engine.connect() as conn:
            return all(not asker or user is not None for asker, user in conn.execute(stmt))

    def changed_for(self, user: str, *, since: dt.datetime) -> list[tuple[QuestionRecord, RecordedChange]]:
        """Return someone's answered questions since a time (by the bot, or by a triager's "Send existing answer"),
        each with a change of its entry recorded later."""
        q, e, changes = questions, escalations, [col.label(f"c_{col.name}") for col in c.c]
        by_bot = (select(q, *changes).select_from(q.join(c, c.c.entry_id == q.c.entry_id))
                  .where(q.c.asker == user, q.c.outcome == Handling.ANSWER.value, q.c.created_at >= since,
                         c.c.seen_at > q.c.replied_at))
        sent = (select(q, *changes).select_from(q.join(e, e.c.question_id == q.c.id)
                                                .join(c, c.c.entry_id == e.c.entry_id))
                .where(q.c.asker == user, e.c.status == "answered", q.c.created_at >= since,
                       c.c.seen_at > e.c.answered_at))
        out = []
        with self._engine.connect() as conn:
            for stmt in (by_bot, sent):
                for row in conn.execute(stmt.order_by(c.c.seen_at.desc()).limit(200)).mappings():
                    change = {k[2:]: v for k, v in row.items() if k.startswith("c_")}
                    record = {k: v for k, v in row.items() if not k.startswith("c_")}
                    out.append((to_record(_Row(record)), to_change(_Row(change))))
        return sorted(out, key=lambda rc: rc[1].seen_at, reverse=True)[:200]

    # -- the daily source check --------------------------------------------------------------------------------
    def record_source_check(self, flags: Mapping[str, str], notices: Sequence[Reply]) -> int:
        """Replace the flagged entries with this check's, and queue its notices; return how many were new."""
        now = self._clock()
        with self._engine.begin() as conn:
            conn.execute(delete(source_flags))
            for entry_id, summary in sorted(flags.items()):
                conn.execute(source_flags.insert().values(entry_id=entry_id, summary=summary, checked_at=now))
            return queue_in(conn, notices, now)

    def source_flags(self) -> dict[str, str]:
        """Return the entries whose sources changed at the last check, with the summary of what changed."""
        with self._engine.connect() as conn:
            return dict(conn.execute(select(source_flags.c.entry_id, source_flags.c.summary)).all())


class _Row:
    """Attribute access over a mapping (to reuse the row converters on a joined row)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)
