"""The roles the service needs from the outside world, as Protocols; bot/store and bot/slack implement them.

tests/fakes.py has an in-memory implementation of each, for the service's unit tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from bot.core.answer_set import AnswerSet
from bot.core.drafts import Draft
from bot.core.escalations import CloseReason, Escalation, Opening
from bot.core.inbox import Item, Received
from bot.core.models import Entry
from bot.core.questions import Feedback, Handling, Question, QuestionRecord, Verdict
from bot.core.replies import Pending, Reply
from bot.core.updates import RecordedChange


class AnswerSource(Protocol):
    """The answer set being served; a reload swaps it, so take one snapshot per question."""

    def current(self) -> AnswerSet:
        """Return the answer set now."""
        ...


class Inbox(Protocol):
    """Requests recorded before Slack is acknowledged, handled by one worker at a time until done."""

    def put(self, key: str, item: Item) -> bool:
        """Record an item once.

        Args:
            key: identifies the request (a message, a click); Slack's retries of one request share it.
            item: what arrived.

        Returns:
            True if recorded now, False if that key was recorded before (a retry: nothing to do).
        """
        ...

    def take(self, *, worker: str, lease: dt.timedelta, limit: int = 20) -> list[Received]:
        """Take due items for the length of a lease (after that another worker may take them)."""
        ...

    def done(self, received: Received) -> None:
        """Mark an item handled."""
        ...

    def retry(self, received: Received, *, delay: dt.timedelta, error: str) -> None:
        """Put an item back to be handled again after delay."""
        ...

    def give_up(self, received: Received, *, error: str) -> None:
        """Mark an item failed for good (the person was told)."""
        ...


class ReplyQueue(Protocol):
    """The outbox as the service sees it: messages to send, each once."""

    def queue(self, replies: Sequence[Reply]) -> int:
        """Queue messages; a key queued before is skipped.

        Args:
            replies: the messages, in the order they must go out within their stream.

        Returns:
            How many were new.
        """
        ...


class DeliveryQueue(Protocol):
    """The outbox as the delivery worker sees it."""

    def take(self, *, worker: str, lease: dt.timedelta, limit: int = 20) -> list[Pending]:
        """Take the messages due now (the oldest of each stream) for the length of a lease."""
        ...

    def delivered(self, item: Pending, *, channel: str | None = None, ts: str | None = None,
                  notify: Sequence[Reply] = ()) -> None:
        """Record that a message arrived (or is no longer needed) and where; queue `notify` with it."""
        ...

    def retry(self, item: Pending, *, delay: dt.timedelta, error: str, uncertain: bool,
              unanswered: bool = False) -> None:
        """Put a message back; uncertain: Slack may have it already (look before sending again); unanswered: the
        call timed out or lost its connection, so Slack may still be posting it."""
        ...

    def redirect(self, item: Pending, reply: Reply, *, error: str, also: Sequence[Reply] = ()) -> None:
        """Replace a message its conversation refused for good with `reply` (to elsewhere), due now; queue `also`
        (more of its recipients, elsewhere too) with it."""
        ...

    def give_up(self, item: Pending, *, error: str, notify: Sequence[Reply] = ()) -> None:
        """Stop trying a message that can reach nobody (status failed), recording it on its escalation when it was
        for the asker; queue `notify` in the same transaction."""
        ...


class Reminders(Protocol):
    """Escalations waiting too long for someone to claim them."""

    def remind_due(self, after: dt.timedelta) -> list[int]:
        """Queue the one reminder of every escalation unclaimed for longer than after; return their ids."""
        ...


class QuestionLog(Protocol):
    """Questions, one per Slack message, and what the bot did with them."""

    def record(self, question: Question, *, origin: str | None = None) -> QuestionRecord:
        """Return the stored question for a message (or the inbox item `origin`), storing it the first time."""
        ...

    def get(self, question_id: int) -> QuestionRecord | None:
        """Return a stored question (the id may come from a button, so untrusted), or None."""
        ...

    def record_reply(self, question_id: int, handling: Handling, *, entry_id: str | None = None,
                     entry_version: str | None = None) -> None:
        """Record what the bot replied (the latest reply wins)."""
        ...

    def choose(self, question_id: int, entry_id: str, entry_version: str) -> bool:
        """Record the product the asker picked after a clarifying question.

        Returns:
            True the first time; False if a product was picked already (a double click).
        """
        ...

    def escalated_in_thread(self, record: QuestionRecord) -> list[int]:
        """Return the ids of the earlier questions of record's thread handed to the privacy team, newest first."""
        ...

    def recent(self, asker: str, limit: int = 10) -> list[QuestionRecord]:
        """Return someone's latest questions, newest first."""
        ...

    def earlier(self, record: QuestionRecord, *, since: dt.datetime) -> QuestionRecord | None:
        """Return the latest earlier question of the same thread (or, in a DM, of the same DM since `since`)
        that the bot answered, clarified or compared: what a follow-up continues."""
        ...


class FeedbackLog(Protocol):
    """What people think of answers: one verdict per answer message."""

    def record(self, feedback: Feedback) -> int | None:
        """Record a verdict on an answer.

        Returns:
            The feedback id, or None if that answer has a verdict already.
        """
        ...

    def revise(self, feedback: Feedback, *, given_before: dt.datetime) -> Verdict | None:
        """Replace the verdict on the same answer given before a time (the privacy team sent that entry since);
        return the verdict replaced (its id is the new one's), or None if there is none that old (a second click on
        the same message)."""
        ...

    def restore(self, verdict: Verdict) -> None:
        """Put back a verdict that a click replaced but could not complete (its form did not open)."""
        ...

    def add_reason(self, feedback_id: int, user: str, reason: str) -> bool:
        """Attach the (masked) reason someone gave for their own verdict; False if it is not theirs."""
        ...

    def withdraw(self, feedback_id: int) -> None:
        """Remove a verdict whose click could not be completed (its form did not open): it may be given again."""
        ...


class RateLimiter(Protocol):
    """Counts questions per person across replicas."""

    def allow(self, key: str) -> bool:
        """Count one question of key (team and user); return whether it is within the limit."""
        ...


class EscalationStore(Protocol):
    """Escalations and the Slack messages that follow each change, written in one transaction."""

    def open(self, opening: Opening) -> bool:
        """Hand a question to the privacy team once (queues the triage post and the asker's notice).

        Returns:
            True if this call opened it; False if the question was escalated already.
        """
        ...

    def get(self, question_id: int) -> Escalation | None:
        """Return the escalation of a question, or None."""
        ...

    def claim(self, question_id: int, user: str) -> tuple[bool, Escalation | None]:
        """Make user the owner of an open escalation; one concurrent caller wins (changed?, state now)."""
        ...

    def answer(self, question_id: int, user: str, draft: Draft, *, user_name: str | None = None
               ) -> tuple[bool, Escalation | None]:
        """Record a written answer and queue it for the asker (changed?, state now)."""
        ...

    def send_entry(self, question_id: int, user: str, entry: Entry, entry_version: str
                   ) -> tuple[bool, Escalation | None]:
        """Answer with a curated entry (as it is now) and queue it for the asker (changed?, state now)."""
        ...

    def close(self, question_id: int, user: str, reason: CloseReason, *, duplicate_of: int | None = None
              ) -> tuple[bool, Escalation | None]:
        """Close without an answer and queue a word to the asker (changed?, state now); as a duplicate of another
        escalation, that one's answer is queued for this asker too (now if it has one, else with it), once."""
        ...

    def others(self, question_id: int, *, limit: int = 100) -> list[tuple[Escalation, QuestionRecord]]:
        """Return the newest escalations besides question_id that wait or were answered, with their questions."""
        ...

    def of_questions(self, question_ids: list[int]) -> dict[int, Escalation]:
        """Return the escalations of some questions by question id (for someone's App Home)."""
        ...


class TriageTeam(Protocol):
    """Who may claim, answer and close escalations."""

    def allows(self, user: str) -> bool:
        """Return whether user is on the triage team (raises if Slack cannot tell)."""
        ...

    def describe(self) -> dict[str, str]:
        """Return who may act, for refusals: {"channel": ..., "usergroup": ...}."""
        ...


class TriggerExpired(Exception):
    """Slack's trigger for a form expired (it lasts 3 seconds) before the form could open: a fresh click opens it."""


class Screens(Protocol):
    """Modals and the App Home tab: not messages, so not queued; opened at once (a trigger lasts 3 seconds)."""

    def feedback_form(self, trigger_id: str, *, feedback_id: int, question_id: int) -> None:
        """Open the "Not helpful" form."""
        ...

    def answer_form(self, trigger_id: str, escalation: Escalation, question: str, *, user: str) -> None:
        """Open the triage Answer… form."""
        ...

    def send_entry_form(self, trigger_id: str, escalation: Escalation, question: str, entries: Sequence[Entry], *,
                        user: str) -> None:
        """Open the triage Send existing answer… form."""
        ...

    def duplicate_form(self, trigger_id: str, escalation: Escalation, question: str,
                       others: Sequence[tuple[Escalation, str]], *, user: str) -> None:
        """Open the triage Close as a duplicate… form: which question it duplicates (others: escalations and their
        questions' text, the likeliest first)."""
        ...

    def home(self, user: str, *, examples: Sequence[str], recent: Sequence[QuestionRecord],
             escalations: dict[int, Escalation]) -> None:
        """Publish someone's App Home tab."""
        ...


class UpdateLog(Protocol):
    """Who muted updates about changed answers, and which answers changed after someone was answered."""

    def muted(self, user: str) -> bool:
        """Return whether someone muted updates."""
        ...

    def set_muted(self, user: str, muted: bool) -> None:
        """Mute (or turn on again) updates for someone."""
        ...

    def changed_for(self, user: str, *, since: dt.datetime) -> list[tuple[QuestionRecord, RecordedChange]]:
        """Return someone's answered questions since a time, each with a material change of its entry recorded later.

        Args:
            user: the asker.
            since: the start of the retention window.

        Returns:
            (question, change) pairs, the newest change first; changed_since() picks what App Home shows.
        """
        ...
