"""What arrived from Slack, recorded before it is acknowledged and handled afterwards by the service.

Each request becomes one item: a question, a click on one of the bot's buttons, a submitted form, or an App
Home visit. Items are parsed and checked on the way in (bot/slack/parsing), so everything here is plain data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import Field

from bot.core.models import Frozen
from bot.core.questions import Question


class Action(str, Enum):
    """A button of the bot's messages."""

    CLARIFY = "clarify"  # pick one of the products offered
    HELPFUL = "helpful"
    NOT_HELPFUL = "not_helpful"
    ESCALATE = "escalate"  # ask the privacy team
    ESCALATE_PART = "escalate_part"  # ask the privacy team the part of a question the answer does not cover
    SHARE = "share"  # post a private answer in the channel
    CLAIM = "claim"  # triage: I take this one
    CLOSE = "close"  # triage: close without an answer
    ANSWER_FORM = "answer_form"  # triage: open the Answer… form
    SEND_ENTRY_FORM = "send_entry_form"  # triage: open the Send existing answer… form
    MUTE_UPDATES = "mute_updates"  # no more updates about changed answers for me
    UNMUTE_UPDATES = "unmute_updates"  # updates about changed answers again
    SHOW_UPDATED = "show_updated"  # post the updated answer under an update


class Form(str, Enum):
    """A modal the bot opened."""

    FEEDBACK = "feedback"  # why an answer did not help
    TRIAGE_ANSWER = "triage_answer"
    TRIAGE_SEND_ENTRY = "triage_send_entry"
    TRIAGE_DUPLICATE = "triage_duplicate"  # close as a duplicate of another escalation (which one)


class Container(Frozen):
    """The message a button was on: where it is, and its blocks as Slack sent them with the click."""

    channel: str | None = None
    message_ts: str | None = None
    thread_ts: str | None = None
    ephemeral: bool = False
    blocks: list[dict[str, Any]] = Field(default_factory=list)


class QuestionItem(Frozen):
    """A question: an @mention, a direct message or /privacy."""

    kind: Literal["question"] = "question"
    question: Question
    response_url: str | None = Field(default=None, description="For /privacy: where the private reply goes.")


class ActionItem(Frozen):
    """A click on one of the bot's buttons; value is as we made it, but checked again when handled."""

    kind: Literal["action"] = "action"
    action: Action
    user: str
    question_id: int
    entry_id: str = ""
    detail: str = Field(default="", description="e.g. the close reason picked from the menu.")
    response_url: str | None = None
    trigger_id: str | None = None
    container: Container = Field(default_factory=Container)


class SubmissionItem(Frozen):
    """A submitted form, its fields already checked (errors went back to the form before it was recorded)."""

    kind: Literal["submission"] = "submission"
    form: Form
    user: str
    user_name: str | None = None
    question_id: int
    feedback_id: int | None = None
    values: dict[str, Any] = Field(default_factory=dict)


class HomeItem(Frozen):
    """Someone opened the bot's App Home tab."""

    kind: Literal["home"] = "home"
    user: str


Item = Annotated[QuestionItem | ActionItem | SubmissionItem | HomeItem, Field(discriminator="kind")]


class Received(Frozen):
    """An inbox item taken by one worker for a while (its lease)."""

    id: int
    item: Item
    attempts: int = Field(description="Attempts so far, this one included.")
    worker: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Handled:
    """What became of one item, for the log line and metrics."""

    outcome: str
    question_id: int | None = None
    entry_id: str | None = None
