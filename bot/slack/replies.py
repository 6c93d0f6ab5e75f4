"""Where replies go: the question's thread, its response_url (slash commands), or the asker's DM."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.core.answer_set import AnswerSet
from bot.core.escalations import NearMiss, Opening, nearest_by_wording
from bot.core.models import Decision, Entry
from bot.core.ports import EscalationStore, FeedbackLog, QuestionLog
from bot.core.questions import Handling, QuestionRecord, Source
from bot.slack.blocks import Message, build_answer, build_notice
from bot.slack.triage_blocks import NEAR_MISSES

log = logging.getLogger(__name__)

WebhookFactory = Callable[[str], WebhookClient]


@dataclass(frozen=True)
class Deps:
    """What the handlers need; built once by bot.app."""

    get_answers: Callable[[], AnswerSet]
    questions: QuestionLog
    feedback: FeedbackLog
    client: WebClient
    webhook: WebhookFactory
    escalation_channel: str
    escalations: EscalationStore
    wake: Callable[[], None] = lambda: None  # the outbox worker: deliver what was just queued
    today: Callable[[], dt.date] = dt.date.today
    entry_url: str | None = None


class Replier:
    """Sends replies to the right place and records them."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def to_thread(self, record: QuestionRecord, message: Message) -> None:
        """Post in the question's thread (DM questions are threaded too; commands go to the asker's DM)."""
        q = record.question
        if q.source is Source.COMMAND:
            self.deps.client.chat_postMessage(channel=q.asker, **message.as_kwargs())
            return
        self.deps.client.chat_postMessage(channel=q.channel, thread_ts=q.reply_thread(), **message.as_kwargs())

    def to_url(self, response_url: str, message: Message, **options: Any) -> None:
        """Send through a response_url (ephemeral unless options say otherwise); raise if Slack refuses."""
        payload: dict[str, Any] = {"response_type": "ephemeral", **options}
        response = self.deps.webhook(response_url).send(**message.as_kwargs(), **payload)
        if response.status_code != 200:
            raise RuntimeError(f"response_url answered {response.status_code}: {response.body[:200]}")

    def answer_message(self, record: QuestionRecord, entry: Entry, **options: Any) -> Message:
        """Return the Block Kit answer for a question."""
        return build_answer(entry, question_id=record.id, today=self.deps.today(), entry_url=self.deps.entry_url,
                            **options)

    def answer(self, record: QuestionRecord, entry: Entry, *, response_url: str | None = None) -> None:
        """Send an entry as the answer to a question, and record which version was sent."""
        if response_url:
            self.to_url(response_url, self.answer_message(record, entry, shareable=True), replace_original=True)
        else:
            self.to_thread(record, self.answer_message(record, entry))
        version = self.deps.get_answers().version(entry.id)
        self.deps.questions.record_reply(record.id, Handling.ANSWER, entry_id=entry.id, entry_version=version)

    def escalate(self, record: QuestionRecord, *, why: str, requested_by: str | None = None,
                 decision: Decision | None = None, reply_url: str | None = None) -> bool:
        """Hand a question to the privacy team once; False if it was already handed over.

        The triage post and the asker's notice are queued with the escalation in one transaction and sent by
        the outbox worker, so a crash or a Slack outage delays them but never loses them. reply_url: tell the
        asker there (a private reply's response_url) instead of in their thread.
        """
        answers = self.deps.get_answers()
        decision = decision or answers.decide(record.question.text)
        near = tuple(NearMiss(entry_id=c.entry_id, score=round(c.score, 3)) for c in decision.candidates[:NEAR_MISSES]
                     if c.score > 0)
        near = near or nearest_by_wording(record.question.text, answers.entries.values(), NEAR_MISSES)
        opening = Opening(question_id=record.id, why=why, requested_by=requested_by, near_misses=near,
                          providers=decision.providers, platforms=decision.platforms,
                          triage_channel=self.deps.escalation_channel, reply_url=reply_url)
        if not self.deps.escalations.open(opening):
            return False
        self.deps.wake()
        log.info("question %s escalated: %s", record.id, why)
        return True

    def notice(self, text: str) -> Message:
        """Return a short message of our own."""
        return build_notice(text)
