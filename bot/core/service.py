"""The use-cases: answer a question, act on a click or a form, escalate, show someone their App Home.

Every handler takes one inbox item, reads what it needs through the ports, and queues its messages in the
outbox under keys derived from the item, so handling an item again after a crash changes nothing. Where a
reply goes is decided once per question (where()); the answer set is read once per question (one snapshot).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.answering import FOLLOW_UP_WINDOW, context_of, escalation_why, plan
from bot.core.clicks import Clicks, asker_language, stream
from bot.core.escalations import Escalation, NearMiss, Notice, Opening, Status, nearest_by_wording
from bot.core.inbox import ActionItem, Form, Handled, HomeItem, Item, QuestionItem, Received, SubmissionItem
from bot.core.masking import mask_contacts
from bot.core.matching.text import MAX_QUESTION_CHARS, clean
from bot.core.models import Decision
from bot.core.ports import (
    AnswerSource,
    EscalationStore,
    FeedbackLog,
    QuestionLog,
    RateLimiter,
    ReplyQueue,
    Screens,
    TriageTeam,
)
from bot.core.questions import Handling, QuestionRecord, Source
from bot.core.replies import (
    Body,
    DeclineBody,
    EscalationBody,
    Note,
    NoteBody,
    RateLimitedBody,
    Reply,
    Target,
    TooLongBody,
)
from bot.core.triage import TriageCases

log = logging.getLogger(__name__)

NEAR_MISSES = 3
ASKED_AGAIN = 5  # copies followed at most, from an old message's button to the one that waits
EXAMPLES = 5


@dataclass(frozen=True)
class Policy:
    """What the service is told by the settings."""

    triage_channel: str
    rate_limit: int = 10
    max_chars: int = MAX_QUESTION_CHARS


class Service(Clicks):
    """Handles inbox items over the ports; built once per process by bot.bootstrap."""

    def __init__(self, *, answers: AnswerSource, questions: QuestionLog, replies: ReplyQueue,
                 escalations: EscalationStore, feedback: FeedbackLog, limiter: RateLimiter, team: TriageTeam,
                 screens: Screens, policy: Policy, wake: Callable[[], None] = lambda: None) -> None:
        self.answers = answers
        self.questions = questions
        self.replies = replies
        self.escalations = escalations
        self.feedback = feedback
        self.limiter = limiter
        self.screens = screens
        self.policy = policy
        self.wake = wake  # the delivery worker: send what was just queued
        self.triage = TriageCases(escalations=escalations, questions=questions, replies=replies, team=team,
                                  screens=screens, answers=answers)

    def handle(self, received: Received) -> Handled:
        """Handle one inbox item; safe to call again for the same item."""
        item: Item = received.item
        try:
            if isinstance(item, QuestionItem):
                return self.question(item, origin=received.id)
            if isinstance(item, ActionItem):
                return self.action(item, origin=received.id)
            if isinstance(item, SubmissionItem):
                return self.submission(item, origin=received.id)
            return self.home(item)
        finally:
            self.wake()

    # -- questions ---------------------------------------------------------------------------------------
    def question(self, item: QuestionItem, *, origin: int) -> Handled:
        """Answer, clarify, decline or escalate a question; exactly one reply."""
        q = item.question
        record = self.questions.record(q, origin=f"inbox:{origin}")
        if record.handling is not None:
            return Handled("duplicate", record.id, record.entry_id)
        target = self.where(record, item.response_url)
        if q.original_length > self.policy.max_chars:
            return self._reply(record, target, TooLongBody(length=q.original_length, limit=self.policy.max_chars),
                               Handling.TOO_LONG)
        if not self.limiter.allow(f"{q.team}:{q.asker}"):
            return self._reply(record, target, RateLimitedBody(limit=self.policy.rate_limit), Handling.RATE_LIMITED)
        if not q.text:
            return self._reply(record, target, NoteBody(note=Note.EMPTY), Handling.DECLINE)
        answers = self.answers.current()  # one snapshot for the whole question
        decision = answers.decide(q.text, context_of(self.questions, record))
        log.debug("question %s: %s %s (%s)", record.id, decision.outcome.value, decision.entry_id or "",
                  decision.reason)
        planned = plan(decision, answers, record.id, shareable=q.source is Source.COMMAND and target.url is not None)
        if isinstance(planned.body, DeclineBody) and not planned.body.thanked and q.thread_ts:
            waiting = self._waiting(record)  # "any update?", "only in the EU, if that matters": not a new question
            if waiting is not None:
                return self._add_to(waiting, record, target)
        if planned.body is not None:
            self._queue(record, target, planned.body)
            self.questions.record_reply(record.id, planned.handling, entry_id=planned.entry_id,
                                        entry_version=planned.version)
            return Handled(planned.handling.value, record.id, planned.entry_id)
        self.escalate(record, why=escalation_why(decision, q.text), decision=decision, reply_url=target.url)
        self.questions.record_reply(record.id, Handling.ESCALATE)
        return Handled("escalate", record.id)

    def where(self, record: QuestionRecord, response_url: str | None) -> Target:
        """Return where the asker hears back: the question's thread, or for /privacy a private reply (or a DM)."""
        q = record.question
        if q.source is Source.COMMAND:
            # channel: where the reply goes instead if the response_url fails (it cannot be looked up after).
            return Target(url=response_url, channel=q.asker) if response_url else Target(channel=q.asker)
        return Target(channel=q.channel, thread_ts=q.reply_thread())

    def _reply(self, record: QuestionRecord, target: Target, body: Body, handling: Handling) -> Handled:
        self._queue(record, target, body)
        self.questions.record_reply(record.id, handling)
        return Handled(handling.value, record.id)

    def _queue(self, record: QuestionRecord, target: Target, body: Body) -> None:
        """Queue the one reply to a question (an error reply later finds the key taken and is dropped)."""
        self.replies.queue([Reply(key=f"q{record.id}:reply", body=body, target=target, stream=stream(record.id),
                                  question_id=record.id)])

    def escalate(self, record: QuestionRecord, *, why: str, requested_by: str | None = None,
                 decision: Decision | None = None, reply_url: str | None = None, again_of: int | None = None) -> bool:
        """Hand a question to the privacy team once; False if it was already handed over."""
        answers = self.answers.current()  # a follow-up is read, and shown, with what it follows ("and on Vertex?")
        decision = decision or answers.decide(record.question.text, context_of(self.questions, record))
        since = record.created_at - FOLLOW_UP_WINDOW  # looked up only for a question read as a follow-up
        earlier = self.questions.earlier(record, since=since) if decision.reading else None
        near = tuple(NearMiss(entry_id=c.entry_id, score=round(c.score, 3)) for c in decision.candidates[:NEAR_MISSES]
                     if c.score > 0)
        near = near or nearest_by_wording(clean(record.question.text), answers.entries.values(), NEAR_MISSES)
        opening = Opening(question_id=record.id, why=why, requested_by=requested_by, near_misses=near,
                          providers=decision.providers, platforms=decision.platforms,
                          triage_channel=self.policy.triage_channel, reply_url=reply_url,
                          follows=again_of or (earlier.id if earlier is not None else None),
                          reading=None if again_of else decision.reading, again=again_of is not None)
        opened = self.escalations.open(opening)
        if opened:  # why may hold a person's own words (a "Not helpful" reason): never above DEBUG
            log.info("question %s escalated", record.id)
            log.debug("question %s escalated: %s", record.id, why)
        return opened

    def _waiting(self, record: QuestionRecord) -> Escalation | None:
        """Return the asker's question of this thread that waits for the privacy team (the newest), or None."""
        ids = self.questions.escalated_in_thread(record)
        found = self.escalations.of_questions(ids)
        asker = record.question.asker
        return next((found[i] for i in ids if i in found and found[i].status.unanswered
                     and (q := self.questions.get(i)) is not None and q.question.asker == asker), None)

    def _add_to(self, esc: Escalation, record: QuestionRecord, target: Target) -> Handled:
        """Add a message to the escalation it continues: the triage thread sees it, the asker hears where it is."""
        def notice(n: Notice, where: Target, key: str) -> Reply:
            return Reply(key=key, body=EscalationBody(question_id=esc.question_id, notice=n, added=record.id),
                         target=where, stream=f"q{esc.question_id}:{n.stream}", question_id=esc.question_id)
        self.replies.queue([notice(Notice.ASKER_ADDED, target, f"q{record.id}:reply"),
                            notice(Notice.TRIAGE_ADDED, Target(), f"q{record.id}:added")])
        self.questions.record_reply(record.id, Handling.ADDED)
        log.info("question %s added to escalation %s", record.id, esc.question_id)
        return Handled(Handling.ADDED.value, record.id)

    def ask_again(self, record: QuestionRecord, *, why: str, requested_by: str, reply_url: str | None = None) -> bool:
        """Hand a question to the privacy team again once they answered or closed it: a copy of it, in the same
        thread, escalated as following the first (the triager sees both, and why); False while one waits."""
        for _ in range(ASKED_AGAIN):  # an answered copy asked again from an older message: ask that one again
            esc = self.escalations.get(record.id)
            if esc is None or esc.status.unanswered or not record.question.asker:
                return False  # the privacy team has it (or it is gone): the caller says so
            settled = esc.answered_at or esc.closed_at or esc.created_at  # one copy per settlement (double clicks)
            q = record.question
            copy = q.model_copy(update={"ts": None, "thread_ts": q.reply_thread()})
            again = self.questions.record(copy, origin=f"again:{record.id}:{int(settled.timestamp() * 1000)}")
            done = {Status.ANSWERED: "answered", Status.CLOSED: "closed"}.get(esc.status, "settled")
            if self.escalate(again, why=f"asked again after the privacy team {done} #{record.id}: {why}",
                             requested_by=requested_by, reply_url=reply_url, again_of=record.id):
                self.questions.record_reply(again.id, Handling.ESCALATE)
                return True
            record = again
        return False

    def failed(self, received: Received) -> None:
        """Tell the person once that their request could not be handled (after every retry failed)."""
        item = received.item
        if isinstance(item, QuestionItem):
            record = self.questions.record(item.question, origin=f"inbox:{received.id}")
            self._queue(record, self.where(record, item.response_url), NoteBody(note=Note.ERROR))
            self.questions.record_reply(record.id, Handling.ERROR)
        elif isinstance(item, ActionItem) and item.response_url:
            self._note(received.id, item, Note.ERROR)
        self.wake()

    # -- forms and App Home ----------------------------------------------------------------------------------
    def submission(self, item: SubmissionItem, *, origin: int) -> Handled:
        """Act on a submitted form."""
        if item.form is not Form.FEEDBACK:
            return self.triage.submission(item, origin=origin)
        reason = mask_contacts(str(item.values.get("reason") or "").strip())
        if reason and item.feedback_id is not None:
            self.feedback.add_reason(item.feedback_id, item.user, reason)
        record = self.questions.get(item.question_id)
        if record is not None and item.values.get("escalate"):
            why = "the answer did not help" + (f": {reason}" if reason else "")
            if not (self.escalate(record, why=why, requested_by=item.user)
                    or self.ask_again(record, why=why, requested_by=item.user)):
                self.replies.queue([Reply(key=f"in{origin}:note", target=Target(channel=item.user),
                                          body=NoteBody(note=Note.ALREADY_ESCALATED, language=asker_language(record)),
                                          stream=f"in{origin}")])
        return Handled("feedback", item.question_id)

    def home(self, item: HomeItem) -> Handled:
        """Publish someone's App Home: how to ask, examples, their recent questions and where they stand."""
        entries = sorted(self.answers.current().entries.values(), key=lambda e: e.title)
        recent = self.questions.recent(item.user, limit=10)
        escalations = self.escalations.of_questions([r.id for r in recent if r.escalated_at is not None])
        self.screens.home(item.user, examples=[e.questions[0] for e in entries[:EXAMPLES]], recent=recent,
                          escalations=escalations)
        return Handled("home")
