"""The roles the bot needs from the outside world, as Protocols; bot/store and bot/slack implement them."""

from __future__ import annotations

from typing import Protocol

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
