"""Questions: app_mention, message.im and /privacy. Parse, claim once, decide, reply, record."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.core.models import Decision, Outcome
from bot.core.ports import EventLedger, RateLimiter
from bot.core.questions import Handling, Question, QuestionRecord, Source
from bot.core.text import MAX_QUESTION_CHARS
from bot.observability import handled
from bot.slack.blocks import Message, build_clarify, build_decline, build_rate_limited, build_too_long
from bot.slack.parsing import parse_command, parse_message
from bot.slack.replies import Replier

log = logging.getLogger(__name__)

EMPTY_QUESTION = ("Ask me a data-privacy question about an AI vendor or platform, for example: "
                  "_Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?_")

Send = Callable[[Message], None]


class QuestionHandlers:
    """Turns each incoming question into exactly one reply."""

    def __init__(self, replier: Replier, *, events: EventLedger, rate_limiter: RateLimiter,
                 rate_limit: int) -> None:
        self.replier = replier
        self.deps = replier.deps
        self.events = events
        self.rate_limiter = rate_limiter
        self.rate_limit = rate_limit

    def on_mention(self, event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        """Answer an @mention in its thread."""
        question = parse_message(event, team=body.get("team_id", ""), bot_user_id=context.bot_user_id,
                                 source=Source.MENTION)
        self._once(body.get("event_id"), question, None)

    def on_dm(self, event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        """Answer a direct message in its thread."""
        question = parse_message(event, team=body.get("team_id", ""), bot_user_id=context.bot_user_id,
                                 source=Source.DM)
        self._once(body.get("event_id"), question, None)

    def on_command(self, ack: Ack, command: dict[str, Any]) -> None:
        """Answer /privacy privately, through the command's response_url."""
        ack()
        self._once(None, parse_command(command), command["response_url"])

    def _once(self, event_id: str | None, question: Question, response_url: str | None) -> None:
        if event_id and not self.events.claim(event_id):
            log.info("event %s already handled; skipped", event_id)
            return
        started = time.monotonic()
        record = self.deps.questions.claim(question)
        if record is None:
            log.info("message %s/%s already answered; skipped", question.channel, question.ts)
        else:
            outcome, entry_id = self._handle(record, response_url)
            handled(log, question_id=record.id, outcome=outcome.value, entry_id=entry_id, started=started,
                    now=time.monotonic(), text=question.text)
        if event_id:
            self.events.finish(event_id)

    def _handle(self, record: QuestionRecord, response_url: str | None) -> tuple[Handling, str | None]:
        q = record.question

        def send(message: Message) -> None:
            if response_url:
                self.replier.to_url(response_url, message)
            else:
                self.replier.to_thread(record, message)

        if q.original_length > MAX_QUESTION_CHARS:
            return self._reply(record, send, build_too_long(q.original_length, MAX_QUESTION_CHARS), Handling.TOO_LONG)
        if not self.rate_limiter.allow(f"{q.team}:{q.asker}"):
            return self._reply(record, send, build_rate_limited(self.rate_limit), Handling.RATE_LIMITED)
        if not q.text:
            return self._reply(record, send, self.replier.notice(EMPTY_QUESTION), Handling.DECLINE)
        return self._decide(record, send, response_url)

    def _decide(self, record: QuestionRecord, send: Send, response_url: str | None) -> tuple[Handling, str | None]:
        answers = self.deps.get_answers()
        decision = answers.decide(record.question.text)
        log.debug("question %s: %s %s (%s)", record.id, decision.outcome.value, decision.entry_id or "",
                  decision.reason)
        entry = answers.entries.get(decision.entry_id or "")
        if decision.outcome is Outcome.ANSWER and entry is not None:
            self.replier.answer(record, entry, response_url=response_url)
            return Handling.ANSWER, entry.id
        if decision.outcome is Outcome.CLARIFY and decision.options:
            options = [answers.entries[e] for e in decision.options if e in answers.entries]
            return self._reply(record, send, build_clarify(options, question_id=record.id), Handling.CLARIFY)
        if decision.outcome is Outcome.DECLINE:
            return self._reply(record, send, build_decline(question_id=record.id), Handling.DECLINE)
        self._escalate(record, decision, response_url)
        return Handling.ESCALATE, None

    def _escalate(self, record: QuestionRecord, decision: Decision, response_url: str | None) -> None:
        self.replier.escalate(record, why=decision.reason or "no curated entry fits", decision=decision,
                              reply_url=response_url)
        self.deps.questions.record_reply(record.id, Handling.ESCALATE)

    def _reply(self, record: QuestionRecord, send: Send, message: Message,
               handling: Handling) -> tuple[Handling, str | None]:
        send(message)
        self.deps.questions.record_reply(record.id, handling)
        return handling, None
