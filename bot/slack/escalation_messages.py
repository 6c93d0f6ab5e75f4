"""Escalation messages rendered when they are sent, from the escalation's state at that moment (so a late update
always shows the latest state): the triage post and its updates, notes in its thread, and what the asker hears."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.models.blocks import Block

from bot.core.answer_set import AnswerSet
from bot.core.escalations import CloseReason, Escalation, Notice, Status
from bot.core.matching.conversation import language_of
from bot.core.matching.text import clean
from bot.core.ports import EscalationStore, QuestionLog
from bot.core.questions import Handling, QuestionRecord, Source
from bot.core.replies import EscalationBody, Pending, Target
from bot.slack.asker_blocks import (
    asked_block,
    build_closed_for_asker,
    build_escalated,
    build_escalated_privately,
    build_written_answer,
    relayed_block,
)
from bot.slack.blocks import Message, build_answer, build_notice
from bot.slack.followup_blocks import build_added_for_asker, build_added_for_triage
from bot.slack.mrkdwn import escape
from bot.slack.outgoing import Gone, NotReady, Outgoing
from bot.slack.triage_blocks import (
    COMPARED,
    build_delivered_by_dm,
    build_reminder,
    build_triage_message,
    build_undelivered,
)

log = logging.getLogger(__name__)

# After this many failed attempts through a private reply's response_url (they expire after 30 minutes),
# the asker is told by direct message instead.
REPLY_URL_ATTEMPTS = 3


def _answered(record: QuestionRecord) -> str | None:
    """Return the entry the asker was answered with (they asked the privacy team for more), if any; COMPARED for
    entries shown side by side."""
    if record.handling is Handling.COMPARE:
        return COMPARED
    return record.entry_id if record.handling in (Handling.ANSWER, Handling.CLARIFY) else None


def asker_target(record: QuestionRecord) -> Target:
    """Return where the asker of an escalated question hears back: its thread, or their DM for /privacy."""
    q = record.question
    if q.source is Source.COMMAND:
        return Target(channel=q.asker)
    return Target(channel=q.channel, thread_ts=q.reply_thread())


class EscalationMessages:
    """Renders an escalation's messages; reads escalations, questions and the answer set at send time."""

    def __init__(self, *, escalations: EscalationStore, questions: QuestionLog, answers: Callable[[], AnswerSet],
                 client: Any, reminder: dt.timedelta, usergroup: str | None = None, entry_url: str | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self._escalations = escalations
        self._questions = questions
        self._answers = answers
        self._client = client
        self._reminder = reminder
        self._usergroup = usergroup
        self._entry_url = entry_url
        self._today = today

    def compose(self, item: Pending, body: EscalationBody) -> Outgoing | None:
        """Return the message that follows an escalation's change, from its state now (None: no longer needed)."""
        esc = self._escalations.get(body.question_id)
        record = self._questions.get(body.question_id)
        if esc is None or record is None:
            raise Gone(f"escalation {body.question_id} is gone")
        if body.notice.stream == "triage":
            return self._triage(body, esc, record)
        if not record.question.asker:
            raise Gone(f"the asker of question {body.question_id} was removed (data retention)")
        return self._asker(item, body, esc, record)

    def _triage(self, body: EscalationBody, esc: Escalation, record: QuestionRecord) -> Outgoing | None:
        if body.notice is Notice.TRIAGE_POST:
            return Outgoing(self.triage_message(esc, record), Target(channel=esc.triage_channel))
        if esc.triage_ts is None:
            raise NotReady("the triage message is not posted yet")
        if body.notice is Notice.UNDELIVERED:
            return Outgoing(build_undelivered(record.question.asker, esc.undelivered),
                            Target(channel=esc.triage_channel, thread_ts=esc.triage_ts))
        if body.notice is Notice.DELIVERED_BY_DM:
            return Outgoing(build_delivered_by_dm(record.question.asker, record.question.channel, body.about),
                            Target(channel=esc.triage_channel, thread_ts=esc.triage_ts))
        if body.notice is Notice.TRIAGE_ADDED:
            added = self._questions.get(body.added or 0)
            if added is None or not added.question.asker:
                return None  # purged (data retention) before it reached the triage thread
            return Outgoing(build_added_for_triage(added.question.asker, added.question.text),
                            Target(channel=esc.triage_channel, thread_ts=esc.triage_ts))
        if body.notice is Notice.REMINDER:
            # unclaimed, or claimed already when the reminder was queued (the claimer is reminded); else the
            # question was claimed or settled since
            claim = esc.claimed_at if esc.status is Status.CLAIMED else None
            stale = claim is not None and esc.reminded_at is not None and claim <= esc.reminded_at - self._reminder
            if esc.status is not Status.OPEN and not stale:
                return None
            return Outgoing(build_reminder(self._reminder, usergroup=self._usergroup,
                                           claimed_by=esc.claimed_by if stale else None),
                            Target(channel=esc.triage_channel, thread_ts=esc.triage_ts))
        return Outgoing(self.triage_message(esc, record), Target(channel=esc.triage_channel, update_ts=esc.triage_ts))

    def triage_message(self, esc: Escalation, record: QuestionRecord) -> Message:
        """Return the triage message for the escalation's current state."""
        titles = {e.id: e.title for e in self._answers().entries.values()}
        permalink = self._permalink(record) if record.question.source is Source.MENTION else None
        earlier = self._questions.get(esc.follows) if esc.follows is not None else None
        return build_triage_message(esc, record.question, titles=titles, permalink=permalink,
                                    answered=_answered(record), earlier=earlier.question if earlier else None,
                                    original=self._original(esc))

    def _permalink(self, record: QuestionRecord) -> str | None:
        q = record.question
        if not q.ts:
            return None
        try:
            link = self._client.chat_getPermalink(channel=q.channel, message_ts=q.ts).get("permalink")
        except Exception as exc:  # the message is still worth posting without its link
            log.warning("no permalink for question %s: %s", record.id, exc)
            return None
        return link if isinstance(link, str) and link.startswith("https://") else None

    def _asker(self, item: Pending, body: EscalationBody, esc: Escalation, record: QuestionRecord) -> Outgoing:
        target = asker_target(record)
        if body.notice is Notice.ASKER_NOTICE:
            answered, language = _answered(record) is not None, language_of(clean(record.question.text))
            if body.reply_url and item.attempts <= REPLY_URL_ATTEMPTS:
                return Outgoing(build_escalated_privately(esc.triage_channel, answered=answered, language=language,
                                                          again=esc.again),
                                Target(url=body.reply_url))
            if record.question.source is Source.COMMAND or body.reply_url:
                return Outgoing(build_escalated_privately(esc.triage_channel, answered=answered, language=language,
                                                          again=esc.again),
                                Target(channel=record.question.asker))
            return Outgoing(build_escalated(esc.triage_channel, answered=answered, language=language,
                                            again=esc.again), target)
        if body.notice is Notice.ASKER_ADDED:
            added = self._questions.get(body.added or 0)
            language = language_of(clean(added.question.text)) if added else None
            return Outgoing(build_added_for_asker(esc, language=language), item.reply.target)
        if body.notice is Notice.ASKER_CLOSED:
            return Outgoing(build_closed_for_asker(esc.close_reason or CloseReason.NOT_PRIVACY,
                                                   original=self._original(esc)), target)
        if body.answer_of is not None:  # closed as a duplicate: the answer to the question it duplicates
            original = self._escalations.get(body.answer_of)
            if original is None or original.answered_at is None:
                raise Gone(f"escalation {body.answer_of} has no answer to relay")
            return Outgoing(self._answer(original, record, body, relayed=True), target)
        return Outgoing(self._answer(esc, record, body), target)

    def _original(self, esc: Escalation) -> Status | None:
        """Return where the question a closed one duplicates stands (None: not closed as a duplicate of one)."""
        original = self._escalations.get(esc.duplicate_of) if esc.duplicate_of is not None else None
        return original.status if original is not None else None

    def _answer(self, esc: Escalation, record: QuestionRecord, body: EscalationBody, *, relayed: bool = False
                ) -> Message:
        # a /privacy asker gets the answer in a DM, away from the question: it is quoted there
        asked: list[Block] = [asked_block(record.question.text)] if record.question.source is Source.COMMAND else []
        asked += [relayed_block()] if relayed else []
        if esc.draft is not None:
            return build_written_answer(esc.draft, answered_by=esc.answered_by or "", answered_at=esc.answered_at,
                                        before=asked)
        entry = body.entry or self._answers().entries.get(esc.entry_id or "")
        if entry is None:  # sent before 0003 and removed from the answer set since
            return build_notice(f"The privacy team answered with the entry `{escape(esc.entry_id or '')}`, which has "
                                "since been withdrawn. Please ask them directly.")
        return build_answer(entry, question_id=record.id, today=self._today(), entry_url=self._entry_url,
                            note=f"sent by <@{esc.answered_by}> of the privacy team", before=asked)
