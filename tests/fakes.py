"""In-memory implementations of the core ports, for the service's and the handlers' unit tests (no mocks)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.answer_set import AnswerSet
from bot.core.drafts import Draft
from bot.core.escalations import ALLOWED_FROM, RESULT, CloseReason, Escalation, Move, Opening, Status
from bot.core.inbox import Item, Received
from bot.core.models import Entry
from bot.core.ports import TriggerExpired
from bot.core.questions import CONTINUED, Feedback, Handling, Question, QuestionRecord, Source, Verdict
from bot.core.replies import Reply
from bot.core.updates import RecordedChange

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)


@dataclass
class FakeAnswers:
    answers: AnswerSet

    def current(self) -> AnswerSet:
        return self.answers


@dataclass
class FakeInbox:
    items: dict[str, Item] = field(default_factory=dict)
    done_ids: list[int] = field(default_factory=list)

    def put(self, key: str, item: Item) -> bool:
        if key in self.items:
            return False
        self.items[key] = item
        return True

    def received(self) -> list[Received]:
        return [Received(id=n, item=item, attempts=1, worker="w", created_at=NOW)
                for n, item in enumerate(self.items.values(), start=1)]

    def take(self, *, worker: str, lease: dt.timedelta, limit: int = 20) -> list[Received]:
        return [r for r in self.received() if r.id not in self.done_ids][:limit]

    def done(self, received: Received) -> None:
        self.done_ids.append(received.id)

    def retry(self, received: Received, *, delay: dt.timedelta, error: str) -> None:
        pass

    def give_up(self, received: Received, *, error: str) -> None:
        self.done_ids.append(received.id)


@dataclass
class FakeReplies:
    sent: dict[str, Reply] = field(default_factory=dict)

    def queue(self, replies: Sequence[Reply]) -> int:
        new = 0
        for reply in replies:
            if reply.key not in self.sent:
                self.sent[reply.key] = reply
                new += 1
        return new

    def bodies(self, kind: str | None = None) -> list[Reply]:
        return [r for r in self.sent.values() if kind is None or r.body.kind == kind]


@dataclass
class FakeQuestions:
    rows: dict[int, QuestionRecord] = field(default_factory=dict)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def record(self, question: Question, *, origin: str | None = None) -> QuestionRecord:
        for row in self.rows.values():
            if (question.ts and (row.question.team, row.question.channel, row.question.ts)
                    == (question.team, question.channel, question.ts)):
                return row
        key = next(self.ids)
        self.rows[key] = QuestionRecord(id=key, question=question, created_at=NOW)
        return self.rows[key]

    def get(self, question_id: int) -> QuestionRecord | None:
        return self.rows.get(question_id)

    def record_reply(self, question_id: int, handling: Handling, *, entry_id: str | None = None,
                     entry_version: str | None = None) -> None:
        self.rows[question_id] = self.rows[question_id].model_copy(update={
            "handling": handling, "entry_id": entry_id, "entry_version": entry_version, "replied_at": NOW})

    def choose(self, question_id: int, entry_id: str, entry_version: str) -> bool:
        row = self.rows[question_id]
        if row.handling is not Handling.CLARIFY:
            return False
        self.record_reply(question_id, Handling.ANSWER, entry_id=entry_id, entry_version=entry_version)
        return True

    def escalated_in_thread(self, record: QuestionRecord) -> list[int]:
        q = record.question  # every earlier question of the thread: the service keeps those with an escalation
        return [r.id for r in sorted(self.rows.values(), key=lambda r: -r.id) if r.id < record.id and q.thread_ts
                and (r.question.team, r.question.channel) == (q.team, q.channel)
                and q.thread_ts in (r.question.ts, r.question.thread_ts)]

    def recent(self, asker: str, limit: int = 10) -> list[QuestionRecord]:
        return [r for r in reversed(self.rows.values()) if r.question.asker == asker][:limit]

    def earlier(self, record: QuestionRecord, *, since: dt.datetime) -> QuestionRecord | None:
        q = record.question
        for row in sorted(self.rows.values(), key=lambda r: -r.id):
            p = row.question
            if row.id >= record.id or row.handling not in CONTINUED or (p.team, p.channel) != (q.team, q.channel):
                continue
            if q.thread_ts and q.thread_ts in (p.ts, p.thread_ts):
                return row
            if not q.thread_ts and q.source is Source.DM and not p.thread_ts and row.created_at >= since:
                return row
            if q.source is Source.COMMAND and p.source is Source.COMMAND and q.asker and p.asker == q.asker and (
                    row.created_at >= since):
                return row
        return None


@dataclass
class FakeFeedback:
    votes: dict[tuple[int, str], Feedback] = field(default_factory=dict)
    reasons: dict[int, str] = field(default_factory=dict)
    ids: dict[int, tuple[int, str]] = field(default_factory=dict)
    given: dict[tuple[int, str], dt.datetime] = field(default_factory=dict)
    now: dt.datetime = NOW  # when the next verdict is given

    def record(self, feedback: Feedback) -> int | None:
        key = (feedback.question_id, feedback.entry_id)
        if key in self.votes:
            return None
        self.votes[key], self.given[key] = feedback, self.now
        self.ids[len(self.ids) + 1] = key
        return len(self.ids)

    def revise(self, feedback: Feedback, *, given_before: dt.datetime) -> Verdict | None:
        key = (feedback.question_id, feedback.entry_id)
        if key not in self.votes or self.given[key] >= given_before:
            return None
        earlier = Verdict(**self.votes[key].model_dump(), id=next(i for i, k in self.ids.items() if k == key),
                          given_at=self.given[key])
        self.votes[key], self.given[key] = feedback, self.now
        return earlier

    def restore(self, verdict: Verdict) -> None:
        key = (verdict.question_id, verdict.entry_id)
        self.votes[key] = Feedback(**verdict.model_dump(exclude={"id", "given_at"}))
        self.given[key] = verdict.given_at

    def add_reason(self, feedback_id: int, user: str, reason: str) -> bool:
        self.reasons[feedback_id] = reason
        return True

    def withdraw(self, feedback_id: int) -> None:
        self.votes.pop(self.ids.get(feedback_id, (0, "")), None)


@dataclass
class FakeLimiter:
    allowed: bool = True

    def allow(self, key: str) -> bool:
        return self.allowed


@dataclass
class FakeEscalations:
    rows: dict[int, Escalation] = field(default_factory=dict)
    replies: FakeReplies | None = None
    questions: FakeQuestions | None = None  # for others(): the questions of the escalations

    def open(self, opening: Opening) -> bool:
        if opening.question_id in self.rows:
            return False
        self.rows[opening.question_id] = Escalation(**opening.model_dump(exclude={"reply_url"}), status=Status.OPEN,
                                                    created_at=NOW)
        return True

    def get(self, question_id: int) -> Escalation | None:
        return self.rows.get(question_id)

    def _move(self, question_id: int, move: Move, **values: object) -> tuple[bool, Escalation | None]:
        esc = self.rows.get(question_id)
        if esc is None or esc.status not in ALLOWED_FROM[move]:
            return False, esc
        self.rows[question_id] = esc.model_copy(update={"status": RESULT[move], **values})
        return True, self.rows[question_id]

    def claim(self, question_id: int, user: str) -> tuple[bool, Escalation | None]:
        return self._move(question_id, Move.CLAIM, claimed_by=user)

    def answer(self, question_id: int, user: str, draft: Draft, *, user_name: str | None = None
               ) -> tuple[bool, Escalation | None]:
        return self._move(question_id, Move.ANSWER, answered_by=user, draft=draft)

    def send_entry(self, question_id: int, user: str, entry: Entry, entry_version: str
                   ) -> tuple[bool, Escalation | None]:
        return self._move(question_id, Move.SEND_ENTRY, answered_by=user, entry_id=entry.id, answered_at=NOW)

    def close(self, question_id: int, user: str, reason: CloseReason, *, duplicate_of: int | None = None
              ) -> tuple[bool, Escalation | None]:
        return self._move(question_id, Move.CLOSE, closed_by=user, close_reason=reason, duplicate_of=duplicate_of)

    def others(self, question_id: int, *, limit: int = 100) -> list[tuple[Escalation, QuestionRecord]]:
        waiting = [e for q, e in sorted(self.rows.items(), reverse=True) if q != question_id
                   and e.status in (Status.OPEN, Status.CLAIMED, Status.ANSWERED)]
        records = self.questions.rows if self.questions is not None else {}
        return [(e, records[e.question_id]) for e in waiting[:limit] if e.question_id in records]

    def of_questions(self, question_ids: list[int]) -> dict[int, Escalation]:
        return {q: self.rows[q] for q in question_ids if q in self.rows}


@dataclass
class FakeTeam:
    members: set[str] = field(default_factory=lambda: {"U0TRIAGE1"})

    def allows(self, user: str) -> bool:
        return user in self.members

    def describe(self) -> dict[str, str]:
        return {"channel": "C0TRIAGE", "usergroup": ""}


@dataclass
class FakeScreens:
    opened: list[tuple[str, str, int]] = field(default_factory=list)  # (what, trigger or user, question id)
    failing: bool = False  # views.open fails (Slack down)
    expired: bool = False  # the click's trigger expired before the form could open
    others: list[int] = field(default_factory=list)  # the questions the last duplicate form offered, in order

    def feedback_form(self, trigger_id: str, *, feedback_id: int, question_id: int) -> None:
        if self.expired:
            raise TriggerExpired(trigger_id)
        if self.failing:
            raise RuntimeError("views.open failed")
        self.opened.append(("feedback", trigger_id, question_id))

    def answer_form(self, trigger_id: str, escalation: Escalation, question: str, *, user: str) -> None:
        self.opened.append(("answer", trigger_id, escalation.question_id))

    def send_entry_form(self, trigger_id: str, escalation: Escalation, question: str, entries: Sequence[Entry], *,
                        user: str) -> None:
        self.opened.append(("send_entry", trigger_id, escalation.question_id))

    def duplicate_form(self, trigger_id: str, escalation: Escalation, question: str,
                       others: Sequence[tuple[Escalation, str]], *, user: str) -> None:
        if self.expired:
            raise TriggerExpired(trigger_id)
        self.opened.append(("duplicate", trigger_id, escalation.question_id))
        self.others = [e.question_id for e, _ in others]

    def home(self, user: str, *, examples: Sequence[str], recent: Sequence[QuestionRecord],
             escalations: dict[int, Escalation]) -> None:
        self.opened.append(("home", user, len(recent)))


@dataclass
class FakeUpdates:
    mutes: set[str] = field(default_factory=set)
    changed: dict[str, list[tuple[QuestionRecord, RecordedChange]]] = field(default_factory=dict)

    def muted(self, user: str) -> bool:
        return user in self.mutes

    def set_muted(self, user: str, muted: bool) -> None:
        if muted:
            self.mutes.add(user)
        else:
            self.mutes.discard(user)

    def changed_for(self, user: str, *, since: dt.datetime) -> list[tuple[QuestionRecord, RecordedChange]]:
        return [(r, c) for r, c in self.changed.get(user, []) if r.created_at >= since]
