"""The roles the bot needs from the outside world, as Protocols; bot/store and bot/slack implement them."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from bot.core.drafts import Draft
from bot.core.escalations import CloseReason, Escalation, Opening, Pending, Undelivered
from bot.core.questions import Feedback, Handling, Question, QuestionRecord


class EventLedger(Protocol):
    """Remembers which deliveries (Slack event ids) were processed, across restarts and replicas."""

    def claim(self, event_id: str) -> bool:
        """Take an event for processing.

        Args:
            event_id: Slack's event id; retries of one delivery share it.

        Returns:
            True for a new event, or one whose earlier processing went stale without finishing;
            False when it is done or being processed elsewhere.
        """
        ...

    def finish(self, event_id: str) -> None:
        """Mark an event as done, so no retry processes it again.

        Args:
            event_id: an event taken with claim().
        """
        ...


class QuestionLog(Protocol):
    """Stores questions so that each is answered once, and what the bot did with them."""

    def claim(self, question: Question) -> QuestionRecord | None:
        """Record a question, or re-take one whose earlier processing went stale without a reply.

        Args:
            question: the parsed question; (team, channel, ts) identifies a Slack message.

        Returns:
            The stored record to process, or None when this message is already handled or in progress.
        """
        ...

    def get(self, question_id: int) -> QuestionRecord | None:
        """Return a stored question.

        Args:
            question_id: the record id (e.g. from a button value, so untrusted).

        Returns:
            The record, or None if there is none.
        """
        ...

    def record_reply(self, question_id: int, handling: Handling, *, entry_id: str | None = None,
                     entry_version: str | None = None) -> None:
        """Record what the bot replied (the latest reply wins, e.g. after a clarification).

        Args:
            question_id: the record id.
            handling: what the bot did.
            entry_id: the entry answered with, if any.
            entry_version: that entry's content version.
        """
        ...

    def mark_escalated(self, question_id: int) -> bool:
        """Mark a question as handed to the privacy team.

        Args:
            question_id: the record id.

        Returns:
            True the first time, False if it was already escalated (or does not exist).
        """
        ...

    def recent(self, asker: str, limit: int = 10) -> list[QuestionRecord]:
        """Return someone's latest questions, newest first.

        Args:
            asker: Slack user id.
            limit: how many at most.

        Returns:
            The records.
        """
        ...


class FeedbackLog(Protocol):
    """Stores what people think of answers."""

    def record(self, feedback: Feedback) -> int:
        """Record (or change) one person's verdict on one answer.

        Args:
            feedback: the verdict; one per question, entry and user, the latest wins.

        Returns:
            The feedback id.
        """
        ...

    def add_reason(self, feedback_id: int, user: str, reason: str) -> bool:
        """Attach the reason someone gave for their verdict.

        Args:
            feedback_id: from record().
            user: who gives the reason; must be who gave the verdict.

        Returns:
            True if stored, False if there is no such feedback by that user.
        """
        ...


class RateLimiter(Protocol):
    """Counts questions per person across replicas."""

    def allow(self, key: str) -> bool:
        """Count one question and say whether it is within the limit.

        Args:
            key: who asks (team and user id).

        Returns:
            True if within the limit.
        """
        ...


class HealthCheck(Protocol):
    """Says whether a dependency can be used."""

    def ping(self) -> None:
        """Raise if the dependency is unreachable."""
        ...


class EscalationStore(Protocol):
    """Escalations and the Slack messages that follow each change, written in one transaction."""

    def open(self, opening: Opening) -> bool:
        """Hand a question to the privacy team, once, queueing the triage post and the asker's notice.

        Args:
            opening: the question id and what the bot knew (near misses, why, where to tell the asker).

        Returns:
            True if this call opened it; False if the question was escalated already.
        """
        ...

    def get(self, question_id: int) -> Escalation | None:
        """Return the escalation of a question.

        Args:
            question_id: the question's record id (e.g. from a button value, so untrusted).

        Returns:
            The escalation, or None.
        """
        ...

    def claim(self, question_id: int, user: str) -> tuple[bool, Escalation | None]:
        """Make user the owner of an open escalation; one concurrent caller wins.

        Args:
            question_id: the escalated question.
            user: the triager's Slack id.

        Returns:
            (whether this call changed it, the escalation as it is now).
        """
        ...

    def answer(self, question_id: int, user: str, draft: Draft, *, user_name: str | None = None
               ) -> tuple[bool, Escalation | None]:
        """Record a written answer (open or claimed -> answered) and queue it for the asker.

        Args:
            question_id: the escalated question.
            user: who answered.
            draft: the structured answer, kept as a draft entry.
            user_name: their Slack handle, for the draft's owner.

        Returns:
            (whether this call answered it, the escalation as it is now).
        """
        ...

    def send_entry(self, question_id: int, user: str, entry_id: str, entry_version: str
                   ) -> tuple[bool, Escalation | None]:
        """Answer with an existing curated entry (open or claimed -> answered).

        Args:
            question_id: the escalated question.
            user: who chose the entry.
            entry_id: the entry.
            entry_version: its content version now.

        Returns:
            (whether this call answered it, the escalation as it is now).
        """
        ...

    def close(self, question_id: int, user: str, reason: CloseReason) -> tuple[bool, Escalation | None]:
        """Close without an answer (open or claimed -> closed) and queue a word to the asker.

        Args:
            question_id: the escalated question.
            user: who closed it.
            reason: not a privacy question, or a duplicate.

        Returns:
            (whether this call closed it, the escalation as it is now).
        """
        ...

    def remind_due(self, after: dt.timedelta) -> list[int]:
        """Queue the one reminder of every escalation left unclaimed for longer than after.

        Args:
            after: how long an escalation may wait unclaimed.

        Returns:
            The question ids reminded by this call (each is reminded by exactly one caller, ever).
        """
        ...

    def of_questions(self, question_ids: list[int]) -> dict[int, Escalation]:
        """Return the escalations of some questions (e.g. for someone's App Home).

        Args:
            question_ids: question record ids.

        Returns:
            The escalations by question id; questions never escalated are left out.
        """
        ...


class Outbox(Protocol):
    """Slack messages waiting to be sent; each is taken by one worker at a time and sent until it arrives."""

    def take(self, *, worker: str, lease: dt.timedelta, limit: int = 20) -> list[Pending]:
        """Take the messages due now, the oldest first of each stream, for the length of a lease.

        Args:
            worker: who takes them (for the logs and the lease).
            lease: how long they are ours; after that another worker may take them (we are presumed dead).
            limit: how many at most.

        Returns:
            The messages taken; an earlier unfinished attempt is flagged maybe_sent.
        """
        ...

    def delivered(self, item: Pending, *, channel: str | None = None, ts: str | None = None) -> None:
        """Record that a message arrived (or was no longer needed) and where.

        Args:
            item: the message.
            channel: the conversation it was posted in.
            ts: its Slack timestamp; for the triage post, also recorded on the escalation.
        """
        ...

    def retry(self, item: Pending, *, delay: dt.timedelta, error: str, uncertain: bool) -> None:
        """Put a message back to be tried again later.

        Args:
            item: the message.
            delay: how long to wait.
            error: what went wrong, for operators.
            uncertain: whether Slack may have received it anyway (look before sending again).
        """
        ...

    def undelivered(self) -> list[Undelivered]:
        """Return every message not delivered yet, oldest first."""
        ...
