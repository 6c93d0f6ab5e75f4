"""A question someone asked the bot, what became of it, and feedback on the answer."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from bot.core.models import Frozen, Outcome


class Source(str, Enum):
    """Where a question was asked."""

    MENTION = "mention"
    DM = "dm"
    COMMAND = "command"


class Handling(str, Enum):
    """What the bot did with a question: the matcher's outcome, or why it did not ask the matcher."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    ESCALATE = "escalate"
    DECLINE = "decline"
    COMPARE = "compare"
    HELP = "help"
    TOO_LONG = "too_long"
    RATE_LIMITED = "rate_limited"
    ERROR = "error"  # handling failed after every retry; the asker was told
    ADDED = "added"  # not a new question: added to the thread's question waiting for the privacy team

    @classmethod
    def of(cls, outcome: Outcome) -> Handling:
        """Return the handling that records a matcher outcome."""
        return cls(outcome.value)


# What a follow-up can continue: a question the bot answered, asked back about, compared, or handed to the privacy
# team ("and training?" after "Does Mistral on Vertex keep our prompts?" was escalated asks it of Mistral on Vertex,
# and is escalated the same way; read on its own it would name nothing), or answered with the guide ("Does it train on
# our data?" names no product: "ChatGPT Enterprise" next asks it of that one). Not a decline: no privacy question.
CONTINUED = (Handling.ANSWER, Handling.CLARIFY, Handling.COMPARE, Handling.ESCALATE, Handling.HELP)


class Question(Frozen):
    """An incoming question, parsed from Slack; text is plain (markup resolved) and bounded."""

    team: str
    channel: str
    ts: str | None = None
    thread_ts: str | None = None
    asker: str
    text: str
    source: Source
    original_length: int = 0

    def reply_thread(self) -> str | None:
        """Return the thread a reply belongs in: the question's thread, or the question itself."""
        return self.thread_ts or self.ts


class QuestionRecord(Frozen):
    """A stored question and what the bot did with it."""

    id: int
    question: Question
    handling: Handling | None = None
    entry_id: str | None = None
    entry_version: str | None = None
    created_at: dt.datetime
    replied_at: dt.datetime | None = None
    escalated_at: dt.datetime | None = None


class Feedback(Frozen):
    """One person's verdict on one answer (a specific entry version)."""

    question_id: int
    entry_id: str
    entry_version: str
    user: str
    helpful: bool
    reason: str | None = None


class Verdict(Feedback):
    """A stored verdict: its id and when it was given (a verdict replaced by a click that could not complete is put
    back as it was)."""

    id: int
    given_at: dt.datetime
