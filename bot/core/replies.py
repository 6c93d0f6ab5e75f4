"""What the bot tells whom, decided by the service and queued in the outbox; bot/slack renders it at send time.

A Reply is data, not Block Kit: its body says what to show (an entry, options, a note) and its Target where
(a thread, a DM, a message to update, or a response_url). The outbox stores it as JSON under a key that
makes queueing it twice a no-op, so a re-run after a crash never doubles a message.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from bot.core.escalations import Notice
from bot.core.models import Entry, Frozen
from bot.core.notices import AnswerUpdateBody, DigestBody, SourcesChangedBody, UpdateNoteBody


class Target(Frozen):
    """Where a message goes: a conversation (and thread), a message to update, or a response_url."""

    channel: str | None = Field(default=None, description="Conversation id, or a user id for their DM.")
    thread_ts: str | None = None
    update_ts: str | None = Field(default=None, description="Update this message (chat.update) instead of posting.")
    url: str | None = Field(default=None, description="A response_url (Slack's hooks host only).")
    in_channel: bool = Field(default=False, description="response_url: visible to everyone in the channel.")
    replace_original: bool = False
    delete_original: bool = False

    @property
    def lookup_key(self) -> str:
        """Return where a post lands, for ordering messages of one conversation."""
        return self.url or f"{self.channel}:{self.thread_ts or ''}"


class Note(str, Enum):
    """Short messages of the bot's own, rendered by the Slack layer."""

    EMPTY = "empty"  # nothing was asked: how to ask
    ERROR = "error"  # something failed; sorry
    NOT_ASKER = "not_asker"  # only the asker may pick a product
    NOT_ASKERS_ANSWER = "not_askers_answer"  # only the asker may rate an answer or hand it to the privacy team
    GONE = "gone"  # the question or entry no longer exists
    ALREADY_ESCALATED = "already_escalated"
    ALREADY_CHOSEN = "already_chosen"
    ALREADY_VOTED = "already_voted"  # a second verdict on one answer
    THANKS = "thanks"
    SHARED = "shared"
    TRIAGE_REFUSED = "triage_refused"  # args: who may act (channel, user group)
    TRIAGE_ALREADY = "triage_already"  # args: status, by, reason
    EXPIRED = "expired"  # the question was purged before anyone answered
    EXPIRED_UNANSWERED = "expired_unanswered"  # to its asker: no answer will come; ask again
    FORM_EXPIRED = "form_expired"  # Slack's trigger for a form expired before it opened: click again
    NO_DUPLICATE = "no_duplicate"  # triage: no other question (waiting or answered) this one could duplicate
    NOT_A_DUPLICATE = "not_a_duplicate"  # triage: the question chosen is this one, or closed as its duplicate (of)


class AnswerBody(Frozen):
    """A curated entry as the answer to a question (the entry as it was when decided)."""

    kind: Literal["answer"] = "answer"
    question_id: int
    entry: Entry
    version: str = ""
    shareable: bool = False
    shared_by: str | None = None
    sent_by: str | None = Field(default=None, description="The triager who sent this entry instead of the bot.")
    lead: str | None = Field(default=None, description="The aspect asked about, shown first (e.g. retention).")
    reading_as: str | None = Field(default=None, description="How a follow-up was read, e.g. 'Claude on Vertex AI'.")
    not_covered: str | None = Field(default=None, description="The part of the question this entry does not answer.")
    asked: tuple[str, ...] = Field(default=(), description="What was asked that the entry mentions (Decision.asked).")
    language: str | None = Field(default=None, description="The asker's language, when not English.")
    buttons: bool = True


class CompareBody(Frozen):
    """Two or more offerings side by side, per aspect (from their facets), each linked to its full entry."""

    kind: Literal["compare"] = "compare"
    question_id: int
    entries: tuple[Entry, ...]
    missing: tuple[str, ...] = Field(default=(), description="Names compared that no entry covers.")
    lead: str | None = Field(default=None, description="The aspect asked about, shown first.")
    language: str | None = None
    reading_as: str | None = Field(default=None, description="How a follow-up was read, e.g. 'Anthropic API vs "
                                                             "Claude for Work — training'.")


class HelpBody(Frozen):
    """What the bot can answer: a short guide and the offerings covered, grouped by vendor."""

    kind: Literal["help"] = "help"
    offerings: tuple[tuple[str, tuple[str, ...]], ...] = Field(description="(vendor, entry titles) pairs.")
    which: bool = Field(default=False, description="A question that names no product: say which one to name.")
    language: str | None = Field(default=None, description="The asker's language, when not English.")


class Choice(Frozen):
    """One option of a clarifying question."""

    entry_id: str
    title: str


class ClarifyBody(Frozen):
    """Which product do you mean? One button per option."""

    kind: Literal["clarify"] = "clarify"
    question_id: int
    options: tuple[Choice, ...]
    compare_with: str | None = Field(default=None, description="The earlier answer's title, when the option picked is "
                                     "compared with it ('compared to Copilot?': which Copilot?).")
    language: str | None = Field(default=None, description="The asker's language, when not English.")


class DeclineBody(Frozen):
    """Not a data-privacy question; offer the privacy team anyway."""

    kind: Literal["decline"] = "decline"
    question_id: int
    language: str | None = Field(default=None, description="The asker's language, when not English.")
    thanked: bool = Field(default=False, description="The message only thanks or acknowledges: no question.")


class TooLongBody(Frozen):
    """The question is longer than the bot reads."""

    kind: Literal["too_long"] = "too_long"
    length: int
    limit: int

    def text(self, emphasis: str = "_") -> str:
        """Return the polite reply (the example question between emphasis marks: Slack's italics by default)."""
        return (f"Your message is {self.length:,} characters long, and I read questions of up to {self.limit:,} "
                f"characters. Please ask a shorter question, for example: {emphasis}Does Anthropic keep our prompts "
                f"if we use Claude through Microsoft Foundry?{emphasis}")


class RateLimitedBody(Frozen):
    """The asker asked more than the per-minute limit."""

    kind: Literal["rate_limited"] = "rate_limited"
    limit: int


class NoteBody(Frozen):
    """One of the bot's own short messages."""

    kind: Literal["note"] = "note"
    note: Note
    args: dict[str, str] = Field(default_factory=dict)
    language: str | None = Field(default=None, description="The asker's language, when not English.")


Resolution = Literal["chosen", "helpful", "not_helpful", "escalated", "shared"]


class ResolvedBody(Frozen):
    """A message with buttons, updated in place once someone acted on it: the buttons go, a line says what."""

    kind: Literal["resolved"] = "resolved"
    original: list[dict[str, Any]] = Field(description="The message's blocks as Slack sent them with the click.")
    text: str = ""
    action: Resolution
    user: str
    detail: str = ""


class EscalationBody(Frozen):
    """A message that follows an escalation's change; rendered from the escalation's state when sent."""

    kind: Literal["escalation"] = "escalation"
    question_id: int
    notice: Notice
    reply_url: str | None = None
    entry: Entry | None = Field(default=None, description="The curated entry a triager sent, as it was then.")
    added: int | None = Field(default=None, description="ASKER_ADDED, TRIAGE_ADDED: the question id of the asker's "
                                                        "message added to the escalation.")
    about: Notice | None = Field(default=None, description="DELIVERED_BY_DM: the asker's message that went to their "
                                                           "DM (the answer, or the closing note).")
    answer_of: int | None = Field(default=None, description="ASKER_ANSWER to the asker of a question closed as a "
                                  "duplicate: the escalation whose answer this is.")


class ReloadErrorsBody(Frozen):
    """Answer-set problems for the triage channel (posted once per distinct set of them)."""

    kind: Literal["reload_errors"] = "reload_errors"
    lines: tuple[str, ...]
    kept_previous: bool = Field(default=True, description="True: the whole edit was refused and the previous set "
                                                          "serves; False: these drafts are left out, the rest serves.")


Body = Annotated[AnswerBody | ClarifyBody | CompareBody | HelpBody | DeclineBody | TooLongBody | RateLimitedBody
                 | NoteBody | ResolvedBody | EscalationBody | ReloadErrorsBody | AnswerUpdateBody | UpdateNoteBody
                 | SourcesChangedBody | DigestBody, Field(discriminator="kind")]


class Reply(Frozen):
    """One message to send: what, where, and the key that makes queueing it idempotent."""

    key: str = Field(description="Unique per message: queueing a key twice keeps the first.")
    body: Body
    target: Target = Field(default_factory=Target)
    stream: str = Field(default="", description="Messages of one stream go out in the order they were queued.")
    question_id: int | None = None
    moved_from: str | None = Field(default=None, description="The conversation that refused this post for good "
                                   "(archived, the bot removed): it goes to moved_to, the asker's DM, saying so.")
    moved_to: str | None = None


BODY: TypeAdapter[Body] = TypeAdapter(Body)

# The asker's messages whose move to their DM (their conversation refused it for good) the triage team hears of.
TOLD_BY_DM = (Notice.ASKER_ANSWER, Notice.ASKER_CLOSED)


def delivery_news(body: EscalationBody, *, given_up: bool) -> list[Reply]:
    """Return what the triage team hears about a message for the asker of an escalation that their conversation
    refused for good: it reached them neither way (a note in the triage thread, and the triage message updated to
    show it), or (the answer, the closing note) it reached them by DM instead."""
    qid, notice, triage = body.question_id, body.notice, f"q{body.question_id}:{Notice.UNDELIVERED.stream}"
    if not given_up:
        if notice not in TOLD_BY_DM:
            return []
        return [Reply(key=f"q{qid}:{Notice.DELIVERED_BY_DM.value}:{notice.value}", question_id=qid, stream=triage,
                      body=EscalationBody(question_id=qid, notice=Notice.DELIVERED_BY_DM, about=notice))]
    gone = f"{Notice.UNDELIVERED.value}:{notice.value}"
    return [Reply(key=f"q{qid}:{gone}", body=EscalationBody(question_id=qid, notice=Notice.UNDELIVERED),
                  question_id=qid, stream=triage),
            Reply(key=f"q{qid}:{Notice.TRIAGE_REFRESH.value}:{gone}", question_id=qid, stream=triage,
                  body=EscalationBody(question_id=qid, notice=Notice.TRIAGE_REFRESH))]


class Pending(Frozen):
    """A queued message taken by one delivery worker for a while (its lease)."""

    id: int
    reply: Reply
    worker: str = Field(description="Who holds the lease.")
    attempts: int = Field(description="Attempts so far, this one included.")
    maybe_sent: bool = Field(description="An earlier attempt may have reached Slack (crash, timeout, 5xx): "
                                         "look for the message before sending it again.")
    first_attempt_at: dt.datetime | None = None
    created_at: dt.datetime
    unsure_since: dt.datetime | None = Field(default=None, description="When a call last timed out or lost its "
                                             "connection: Slack may still be posting the message.")


class Undelivered(Frozen):
    """A queued message not delivered yet, for operators."""

    question_id: int | None
    kind: str
    attempts: int
    last_error: str | None = None
