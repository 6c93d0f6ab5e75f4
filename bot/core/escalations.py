"""The escalation workflow as rules, no I/O: states, who may move them, what each move tells whom.

open -> claimed -> answered | closed, and open -> answered | closed directly. A state change and the Slack
messages that follow from it are stored together (an outbox), so nothing that follows a change is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum

from pydantic import Field
from rapidfuzz import fuzz

from bot.core.drafts import Draft
from bot.core.matching.text import normalise
from bot.core.models import Entry, Frozen


class Status(str, Enum):
    """Where an escalation is."""

    OPEN = "open"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    CLOSED = "closed"
    EXPIRED = "expired"  # the question was purged (data retention) before anyone answered it

    @property
    def unanswered(self) -> bool:
        """Return whether the asker is still waiting."""
        return self in (Status.OPEN, Status.CLAIMED)


class Move(str, Enum):
    """What a triager (or the clock) does to an escalation."""

    CLAIM = "claim"
    ANSWER = "answer"  # with a written answer (kept as a draft entry)
    SEND_ENTRY = "send_entry"  # with an existing curated entry
    CLOSE = "close"
    REMIND = "remind"
    EXPIRE = "expire"  # the retention purge removed the question


class CloseReason(str, Enum):
    """Why an escalation was closed without an answer."""

    NOT_PRIVACY = "not_privacy"
    DUPLICATE = "duplicate"


class Notice(str, Enum):
    """A Slack message that follows from a state change; rendered from the stored state when it is sent."""

    TRIAGE_POST = "triage_post"  # the one message in the triage channel
    TRIAGE_REFRESH = "triage_refresh"  # chat.update of that message with the current state
    REMINDER = "reminder"  # in the triage message's thread
    ASKER_NOTICE = "asker_notice"  # "the privacy team has it; the answer will come here"
    ASKER_ANSWER = "asker_answer"  # the answer, written or curated
    ASKER_CLOSED = "asker_closed"  # why no answer will come
    UNDELIVERED = "undelivered"  # in the triage thread: a message for the asker reached them neither way
    ASKER_ADDED = "asker_added"  # the asker's later message was added to their waiting question (status)
    TRIAGE_ADDED = "triage_added"  # that message, in the triage message's thread
    DELIVERED_BY_DM = "delivered_by_dm"  # in the triage thread: the answer (or closing note) went to the asker's DM

    @property
    def stream(self) -> str:
        """Return the delivery stream: messages of one stream are sent in order, streams independently."""
        return "asker" if self.name.startswith("ASKER") else "triage"


# Which states each move may start from: the store applies a move with one conditional UPDATE on these.
ALLOWED_FROM: dict[Move, frozenset[Status]] = {
    Move.CLAIM: frozenset({Status.OPEN}),
    Move.ANSWER: frozenset({Status.OPEN, Status.CLAIMED}),
    Move.SEND_ENTRY: frozenset({Status.OPEN, Status.CLAIMED}),
    Move.CLOSE: frozenset({Status.OPEN, Status.CLAIMED}),
    Move.REMIND: frozenset({Status.OPEN}),
    Move.EXPIRE: frozenset({Status.OPEN, Status.CLAIMED}),
}
RESULT: dict[Move, Status] = {Move.CLAIM: Status.CLAIMED, Move.ANSWER: Status.ANSWERED,
                              Move.SEND_ENTRY: Status.ANSWERED, Move.CLOSE: Status.CLOSED, Move.REMIND: Status.OPEN,
                              Move.EXPIRE: Status.EXPIRED}
NOTICES: dict[Move, tuple[Notice, ...]] = {
    Move.CLAIM: (Notice.TRIAGE_REFRESH,),
    Move.ANSWER: (Notice.ASKER_ANSWER, Notice.TRIAGE_REFRESH),
    Move.SEND_ENTRY: (Notice.ASKER_ANSWER, Notice.TRIAGE_REFRESH),
    Move.CLOSE: (Notice.ASKER_CLOSED, Notice.TRIAGE_REFRESH),
    Move.REMIND: (Notice.REMINDER,),
    Move.EXPIRE: (Notice.TRIAGE_REFRESH,),
}
OPENING_NOTICES = (Notice.TRIAGE_POST, Notice.ASKER_NOTICE)


class NearMiss(Frozen):
    """An entry the bot considered for the question but did not answer with, and how close it came (0..1)."""

    entry_id: str
    score: float
    basis: str = Field(default="matcher", description="matcher: the matcher's score; wording: similarity of the "
                                                      "question to the entry's example questions (when the matcher "
                                                      "ruled every entry out, e.g. an uncovered vendor)")


class Handover(Frozen):
    """What is known when a question is handed to the privacy team."""

    question_id: int
    why: str
    requested_by: str | None = None
    near_misses: tuple[NearMiss, ...] = ()
    providers: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    triage_channel: str
    follows: int | None = Field(default=None, description="The earlier question of the thread (or DM) that this "
                                                          "follow-up continues, shown to the triager with it.")
    reading: str | None = Field(default=None, description="How the bot read a follow-up ('Claude on Vertex AI').")
    again: bool = Field(default=False, description="The asker asked again after the privacy team answered or closed "
                                                   "the question `follows` (a copy of it, with their reason in why).")


class Opening(Handover):
    """A handover about to be stored, with where to tell the asker when they asked privately."""

    reply_url: str | None = Field(default=None, description="Tell the asker here (a private reply's response_url).")


class Escalation(Handover):
    """A question the privacy team has, and where it stands."""

    status: Status
    triage_ts: str | None = None
    claimed_by: str | None = None
    claimed_at: dt.datetime | None = None
    answered_by: str | None = None
    answered_by_name: str | None = None
    answered_at: dt.datetime | None = None
    draft: Draft | None = None
    entry_id: str | None = None
    entry_version: str | None = None
    closed_by: str | None = None
    closed_at: dt.datetime | None = None
    close_reason: CloseReason | None = None
    reminded_at: dt.datetime | None = None
    created_at: dt.datetime
    duplicate_of: int | None = Field(default=None, description="Closed as a duplicate of this escalation: its answer "
                                     "goes to this asker too, once it has one.")
    undelivered: Notice | None = Field(default=None, description="The asker's message that reached them neither in "
                                       "their conversation nor by DM (given up): the triage message says so.")

    @property
    def holder(self) -> str | None:
        """Return who has moved it last: the claimer, answerer or closer."""
        return {Status.CLAIMED: self.claimed_by, Status.ANSWERED: self.answered_by,
                Status.CLOSED: self.closed_by}.get(self.status)


def refusal(escalation: Escalation, move: Move, user: str) -> Status | None:
    """Return the state that stops user's move (the caller says "already claimed by ..."), or None if allowed.

    Claiming what you already claimed is allowed (it changes nothing); anyone on the triage team may answer or
    close a question someone else claimed: a claim says who is on it, and must not strand the asker.
    """
    if move is Move.CLAIM and escalation.status is Status.CLAIMED and escalation.claimed_by == user:
        return None
    return None if escalation.status in ALLOWED_FROM[move] else escalation.status


def nearest_by_wording(text: str, entries: Iterable[Entry], limit: int = 3) -> tuple[NearMiss, ...]:
    """Return the entries whose example questions (or title) read most like the question, best first."""
    query = normalise(text)
    if not query:
        return ()
    best = []
    for entry in entries:
        score = max(fuzz.token_set_ratio(query, normalise(q)) for q in (*entry.questions, entry.title))
        best.append((round(score / 100, 3), entry.id))
    best.sort(key=lambda pair: (-pair[0], pair[1]))
    return tuple(NearMiss(entry_id=e, score=s, basis="wording") for s, e in best[:limit] if s > 0)


def reminder_due(escalation: Escalation, *, now: dt.datetime, after: dt.timedelta) -> bool:
    """Return whether an escalation has waited long enough for its one reminder: unclaimed since it was raised, or
    claimed and unanswered since the claim (a forgotten claim would otherwise wait for ever)."""
    since = {Status.OPEN: escalation.created_at, Status.CLAIMED: escalation.claimed_at}.get(escalation.status)
    before = escalation.reminded_at is None or (  # not reminded since the claim (a reminder while unclaimed is not)
        escalation.status is Status.CLAIMED and since is not None and escalation.reminded_at < since)
    return before and since is not None and since <= now - after


def backoff(attempts: int, *, base: float = 1.0, cap: float = 300.0, retry_after: float | None = None) -> float:
    """Return seconds to wait before the next delivery attempt: doubling from base up to cap, or Slack's Retry-After."""
    delay: float = min(cap, base * 2.0 ** max(attempts - 1, 0))
    return max(delay, retry_after or 0.0)
