"""Turn an outbox message into what to send, from the state as it is now (so a late update shows the latest)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.core.answer_set import AnswerSet
from bot.core.escalations import CloseReason, Escalation, Notice, Pending, Status
from bot.core.ports import EscalationStore, QuestionLog
from bot.core.questions import QuestionRecord, Source
from bot.slack.blocks import Message, build_answer, build_notice
from bot.slack.triage_blocks import (
    build_closed_for_asker,
    build_escalated,
    build_escalated_privately,
    build_reminder,
    build_triage_message,
    build_written_answer,
)

log = logging.getLogger(__name__)

# After this many failed attempts through a private reply's response_url (they expire after 30 minutes),
# the asker is told by direct message instead.
REPLY_URL_ATTEMPTS = 3


@dataclass(frozen=True)
class Outgoing:
    """One Slack call: a post (channel, maybe a thread), an update of a message, or a response_url reply."""

    message: Message
    channel: str | None = None
    thread_ts: str | None = None
    update_ts: str | None = None
    url: str | None = None


class NotReady(Exception):
    """The message needs one that is not delivered yet (e.g. the triage post, for its ts)."""


class Gone(Exception):
    """The escalation or its question no longer exists (deleted); the message is dropped."""


def asker_target(record: QuestionRecord) -> tuple[str, str | None]:
    """Return (channel, thread_ts) where the asker hears back: the question's thread, or their DM for /privacy."""
    q = record.question
    if q.source is Source.COMMAND:
        return q.asker, None
    return q.channel, q.reply_thread()


class Composer:
    """Renders outbox messages; reads the escalation, its question and the answer set at send time."""

    def __init__(self, *, escalations: EscalationStore, questions: QuestionLog, get_answers: Callable[[], AnswerSet],
                 client: Any, reminder: dt.timedelta, usergroup: str | None = None, entry_url: str | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self._escalations = escalations
        self._questions = questions
        self._get_answers = get_answers
        self._client = client
        self._reminder = reminder
        self._usergroup = usergroup
        self._entry_url = entry_url
        self._today = today

    def compose(self, item: Pending) -> Outgoing | None:
        """Return what to send for an outbox message, or None when it is no longer needed."""
        esc = self._escalations.get(item.question_id)
        record = self._questions.get(item.question_id)
        if esc is None or record is None:
            raise Gone(f"escalation {item.question_id} is gone")
        if item.notice.stream == "triage":
            return self._triage(item, esc, record)
        if not record.question.asker:
            raise Gone(f"the asker of question {item.question_id} was removed (data retention)")
        return self._asker(item, esc, record)

    def _triage(self, item: Pending, esc: Escalation, record: QuestionRecord) -> Outgoing | None:
        if item.notice is Notice.TRIAGE_POST:
            return Outgoing(self.triage_message(esc, record), channel=esc.triage_channel)
        if esc.triage_ts is None:
            raise NotReady("the triage message is not posted yet")
        if item.notice is Notice.REMINDER:
            if esc.status is not Status.OPEN:
                return None  # claimed (or settled) since the reminder was queued
            return Outgoing(build_reminder(self._reminder, usergroup=self._usergroup), channel=esc.triage_channel,
                            thread_ts=esc.triage_ts)
        return Outgoing(self.triage_message(esc, record), channel=esc.triage_channel, update_ts=esc.triage_ts)

    def triage_message(self, esc: Escalation, record: QuestionRecord) -> Message:
        """Return the triage message for the escalation's current state."""
        titles = {e.id: e.title for e in self._get_answers().entries.values()}
        permalink = self._permalink(record) if record.question.source is Source.MENTION else None
        return build_triage_message(esc, record.question, titles=titles, permalink=permalink)

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

    def _asker(self, item: Pending, esc: Escalation, record: QuestionRecord) -> Outgoing:
        channel, thread_ts = asker_target(record)
        if item.notice is Notice.ASKER_NOTICE:
            if item.reply_url and item.attempts <= REPLY_URL_ATTEMPTS:
                return Outgoing(build_escalated_privately(esc.triage_channel), url=item.reply_url)
            if record.question.source is Source.COMMAND or item.reply_url:
                channel, thread_ts = record.question.asker, None
                return Outgoing(build_escalated_privately(esc.triage_channel), channel=channel)
            return Outgoing(build_escalated(esc.triage_channel), channel=channel, thread_ts=thread_ts)
        if item.notice is Notice.ASKER_CLOSED:
            message = build_closed_for_asker(esc.close_reason or CloseReason.NOT_PRIVACY)
            return Outgoing(message, channel=channel, thread_ts=thread_ts)
        return Outgoing(self._answer(esc, record), channel=channel, thread_ts=thread_ts)

    def _answer(self, esc: Escalation, record: QuestionRecord) -> Message:
        if esc.draft is not None:
            return build_written_answer(esc.draft, answered_by=esc.answered_by or "", answered_at=esc.answered_at)
        entry = self._get_answers().entries.get(esc.entry_id or "")
        if entry is None:  # removed from the answer set since it was chosen
            return build_notice(f"The privacy team answered with the entry `{esc.entry_id}`, which has since been "
                                "withdrawn. Please ask them directly.")
        return build_answer(entry, question_id=record.id, today=self._today(), entry_url=self._entry_url,
                            note=f"sent by <@{esc.answered_by}> of the privacy team")
