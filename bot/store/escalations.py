"""Escalations: each move is one conditional UPDATE, and its Slack messages are queued in the same transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, and_, or_, select, update

from bot.core.drafts import Draft
from bot.core.escalations import (
    ALLOWED_FROM,
    NOTICES,
    OPENING_NOTICES,
    RESULT,
    CloseReason,
    Escalation,
    Move,
    NearMiss,
    Notice,
    Opening,
    Status,
)
from bot.core.models import Entry
from bot.core.questions import QuestionRecord
from bot.core.replies import EscalationBody, Reply
from bot.store.clock import Clock, utc_now
from bot.store.engine import aware, upsert
from bot.store.outbox import queue_in
from bot.store.questions import to_record
from bot.store.schema import escalations as t
from bot.store.schema import questions


def to_escalation(row: Any) -> Escalation:
    """Return the Escalation of an escalations row."""
    decision = json.loads(row.decision or "{}")
    return Escalation(
        question_id=row.question_id, status=Status(row.status), why=row.why, requested_by=row.requested_by,
        near_misses=tuple(NearMiss(**m) for m in decision.get("near_misses", [])),
        providers=tuple(decision.get("providers", [])), platforms=tuple(decision.get("platforms", [])),
        follows=decision.get("follows"), reading=decision.get("reading"), again=decision.get("again", False),
        triage_channel=row.triage_channel,
        triage_ts=row.triage_ts, claimed_by=row.claimed_by,
        claimed_at=aware(row.claimed_at), answered_by=row.answered_by, answered_by_name=row.answered_by_name,
        answered_at=aware(row.answered_at), draft=Draft.model_validate_json(row.draft) if row.draft else None,
        entry_id=row.entry_id, entry_version=row.entry_version, closed_by=row.closed_by,
        closed_at=aware(row.closed_at), close_reason=CloseReason(row.close_reason) if row.close_reason else None,
        reminded_at=aware(row.reminded_at), created_at=aware(row.created_at),
        undelivered=Notice(row.undelivered) if row.undelivered else None, duplicate_of=row.duplicate_of,
    )


def queue(conn: Connection, question_id: int, notices: Iterable[Notice], now: dt.datetime, *, tag: str = "",
          reply_url: str | None = None, entry: Entry | None = None) -> None:
    """Queue the Slack messages that follow a change, inside the change's transaction."""
    replies = []
    for n in notices:
        body = EscalationBody(question_id=question_id, notice=n,
                              reply_url=reply_url if n is Notice.ASKER_NOTICE else None,
                              entry=entry if n is Notice.ASKER_ANSWER else None)
        replies.append(Reply(key=f"q{question_id}:{n.value}{tag}", body=body, question_id=question_id,
                             stream=f"q{question_id}:{n.stream}"))
    queue_in(conn, replies, now)


def relay(conn: Connection, original: int, now: dt.datetime, *, entry: Entry | None = None) -> None:
    """Queue the answer of an escalation to the askers of the questions closed as its duplicates (once each: the key
    names both), and the update of their triage messages that says so."""
    closed = select(t.c.question_id).where(t.c.duplicate_of == original, t.c.status == Status.CLOSED.value)
    replies = []
    for qid in conn.execute(closed.order_by(t.c.question_id)).scalars().all():
        replies += [Reply(key=f"q{qid}:{Notice.ASKER_ANSWER.value}:of{original}", question_id=qid,
                          body=EscalationBody(question_id=qid, notice=Notice.ASKER_ANSWER, answer_of=original,
                                              entry=entry), stream=f"q{qid}:{Notice.ASKER_ANSWER.stream}"),
                    Reply(key=f"q{qid}:{Notice.TRIAGE_REFRESH.value}:of{original}", question_id=qid,
                          body=EscalationBody(question_id=qid, notice=Notice.TRIAGE_REFRESH),
                          stream=f"q{qid}:{Notice.TRIAGE_REFRESH.stream}")]
    queue_in(conn, replies, now)


class SqlEscalationStore:
    """EscalationStore on the escalations and outbox tables."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def open(self, opening: Opening) -> bool:
        """Open an escalation once; queue the triage post and the asker's notice with it."""
        now = self._clock()
        decision = {"near_misses": [m.model_dump() for m in opening.near_misses],
                    "providers": list(opening.providers), "platforms": list(opening.platforms),
                    "follows": opening.follows, "reading": opening.reading, "again": opening.again}
        stmt = upsert(self._engine, t).values(
            question_id=opening.question_id, status=Status.OPEN.value, why=opening.why,
            requested_by=opening.requested_by, decision=json.dumps(decision), triage_channel=opening.triage_channel,
            created_at=now, updated_at=now,
        ).on_conflict_do_nothing(index_elements=[t.c.question_id]).returning(t.c.question_id)
        with self._engine.begin() as conn:
            if conn.execute(stmt).first() is None:
                return False
            conn.execute(update(questions).where(questions.c.id == opening.question_id,
                                                 questions.c.escalated_at.is_(None)).values(escalated_at=now))
            queue(conn, opening.question_id, OPENING_NOTICES, now, reply_url=opening.reply_url)
        return True

    def get(self, question_id: int) -> Escalation | None:
        """Return the escalation of a question, or None."""
        with self._engine.connect() as conn:
            row = conn.execute(select(t).where(t.c.question_id == question_id)).first()
        return to_escalation(row) if row else None

    def _move(self, question_id: int, move: Move, values: dict[str, Any], *, entry: Entry | None = None
              ) -> tuple[bool, Escalation | None]:
        now = self._clock()
        allowed = [s.value for s in ALLOWED_FROM[move]]
        stmt = update(t).where(t.c.question_id == question_id, t.c.status.in_(allowed)).values(
            status=RESULT[move].value, updated_at=now, **{k: (now if v is _NOW else v) for k, v in values.items()})
        with self._engine.begin() as conn:
            changed = conn.execute(stmt).rowcount == 1
            if changed:
                queue(conn, question_id, NOTICES[move], now, tag=f":{move.value}", entry=entry)
                if move in (Move.ANSWER, Move.SEND_ENTRY):  # the questions closed as its duplicates get it too
                    relay(conn, question_id, now, entry=entry)
                elif values.get("duplicate_of"):
                    original = values["duplicate_of"]  # and those closed as duplicates of this one wait for it now
                    conn.execute(update(t).where(t.c.duplicate_of == question_id).values(duplicate_of=original))
                    answered = select(t.c.status).where(t.c.question_id == original)
                    if conn.execute(answered).scalar() == Status.ANSWERED.value:
                        relay(conn, original, now)
            row = conn.execute(select(t).where(t.c.question_id == question_id)).first()
        return changed, to_escalation(row) if row else None

    def claim(self, question_id: int, user: str) -> tuple[bool, Escalation | None]:
        """Claim an open escalation; one concurrent caller wins."""
        return self._move(question_id, Move.CLAIM, {"claimed_by": user, "claimed_at": _NOW})

    def answer(self, question_id: int, user: str, draft: Draft, *, user_name: str | None = None
               ) -> tuple[bool, Escalation | None]:
        """Record a written answer and queue it for the asker."""
        return self._move(question_id, Move.ANSWER, {"answered_by": user, "answered_by_name": user_name,
                                                      "answered_at": _NOW, "draft": draft.model_dump_json()})

    def send_entry(self, question_id: int, user: str, entry: Entry, entry_version: str
                   ) -> tuple[bool, Escalation | None]:
        """Answer with a curated entry (the entry as it is now goes with the message) and queue it for the asker."""
        return self._move(question_id, Move.SEND_ENTRY, {"answered_by": user, "answered_at": _NOW,
                                                          "entry_id": entry.id, "entry_version": entry_version},
                          entry=entry)

    def close(self, question_id: int, user: str, reason: CloseReason, *, duplicate_of: int | None = None
              ) -> tuple[bool, Escalation | None]:
        """Close without an answer and queue a word to the asker; as a duplicate of another escalation, that one's
        answer goes to this asker too (now, if it has one)."""
        return self._move(question_id, Move.CLOSE, {"closed_by": user, "closed_at": _NOW, "close_reason": reason.value,
                                                     "duplicate_of": duplicate_of})

    def remind_due(self, after: dt.timedelta) -> list[int]:
        """Queue one reminder for each escalation unclaimed for longer than after, and one for each claimed and
        unanswered for longer than after since the claim (each once, across replicas)."""
        now = self._clock()
        waiting = or_(and_(t.c.status == Status.OPEN.value, t.c.created_at <= now - after, t.c.reminded_at.is_(None)),
                      and_(t.c.status == Status.CLAIMED.value, t.c.claimed_at <= now - after,  # not since the claim
                           or_(t.c.reminded_at.is_(None), t.c.reminded_at < t.c.claimed_at)))
        due = select(t.c.question_id).where(waiting).order_by(t.c.question_id)
        reminded = []
        with self._engine.begin() as conn:
            for question_id in conn.execute(due).scalars().all():
                once = update(t).where(t.c.question_id == question_id, waiting).values(reminded_at=now)
                if conn.execute(once).rowcount == 1:  # another replica may have done it meanwhile
                    queue(conn, question_id, NOTICES[Move.REMIND], now, tag=":remind")
                    reminded.append(question_id)
        return reminded

    def others(self, question_id: int, *, limit: int = 100) -> list[tuple[Escalation, QuestionRecord]]:
        """Return the newest escalations other than question_id that wait or were answered (what it may duplicate),
        with their questions."""
        stmt = (select(t, questions).join(questions, questions.c.id == t.c.question_id)
                .where(t.c.question_id != question_id,
                       t.c.status.in_([Status.OPEN.value, Status.CLAIMED.value, Status.ANSWERED.value]))
                .order_by(t.c.created_at.desc(), t.c.question_id.desc()).limit(limit))
        with self._engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return [(to_escalation(row), to_record(_question_row(row))) for row in rows]

    def of_questions(self, question_ids: list[int]) -> dict[int, Escalation]:
        """Return the escalations of some questions, by question id."""
        if not question_ids:
            return {}
        with self._engine.connect() as conn:
            rows = conn.execute(select(t).where(t.c.question_id.in_(question_ids))).all()
        return {row.question_id: to_escalation(row) for row in rows}

    def listing(self, *, unanswered_only: bool = False, answered_with_draft: bool = False
                ) -> list[tuple[Escalation, QuestionRecord]]:
        """Return escalations with their questions, oldest first (for `privacy-bot escalations` and drafts)."""
        stmt = select(t, questions).join(questions, questions.c.id == t.c.question_id)
        if unanswered_only:
            stmt = stmt.where(t.c.status.in_([Status.OPEN.value, Status.CLAIMED.value]))
        if answered_with_draft:
            stmt = stmt.where(t.c.status == Status.ANSWERED.value, t.c.draft.is_not(None))
        with self._engine.connect() as conn:
            rows = conn.execute(stmt.order_by(t.c.created_at, t.c.question_id)).all()
        return [(to_escalation(row), to_record(_question_row(row))) for row in rows]


class _Now:
    """Marker: the time of the move, taken once per transaction."""


_NOW = _Now()


def _question_row(row: Any) -> SimpleNamespace:
    """Return the questions part of a joined row under the questions table's own column names."""
    return SimpleNamespace(**{c.name: row._mapping[c] for c in questions.c})
