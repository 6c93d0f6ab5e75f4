"""Register the listeners: specific ones first, catch-alls last, so no request gets a 404 that Slack retries."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.slack.actions import ActionHandlers
from bot.slack.blocks import (
    ACTION_CLARIFY_PREFIX,
    ACTION_ESCALATE,
    ACTION_HELPFUL,
    ACTION_NOT_HELPFUL,
    ACTION_SHARE,
    COMMAND,
)
from bot.slack.errors import ErrorReplies
from bot.slack.handlers import QuestionHandlers
from bot.slack.parsing import is_from_a_person
from bot.slack.triage import TriageHandlers
from bot.slack.triage_blocks import ACTION_ANSWER, ACTION_CLAIM, ACTION_CLOSE, ACTION_SEND_ENTRY
from bot.slack.triage_views import VIEW_ANSWER, VIEW_SEND_ENTRY
from bot.slack.views import VIEW_FEEDBACK

log = logging.getLogger(__name__)
ANYTHING = re.compile(r".*")

# The event subscriptions register() handles, with the bot scope each needs; deploy/slack-manifest.*.yaml
# must list exactly these (tests/unit/test_manifest.py checks it).
EVENT_SCOPES: dict[str, str | None] = {"app_mention": "app_mentions:read", "message.im": "im:history",
                                       "app_home_opened": None}


def from_a_person(event: dict[str, Any], context: BoltContext) -> bool:
    """Match messages people wrote (not bots, not us, not edits or joins)."""
    return is_from_a_person(event, bot_user_id=context.bot_user_id)


def in_a_dm(event: dict[str, Any]) -> bool:
    """Match direct messages to the bot."""
    return event.get("channel_type") == "im"


def ignore(body: dict[str, Any]) -> None:
    """Acknowledge and drop an event we do not handle (other bots, subtypes, channel messages)."""
    event = body.get("event") or {}
    log.debug("ignored %s/%s", event.get("type"), event.get("subtype"))


def ack_only(ack: Ack) -> None:
    """Acknowledge an interaction we do not handle (e.g. a button of an older version)."""
    ack()


def register(app: App, *, questions: QuestionHandlers, actions: ActionHandlers, triage: TriageHandlers,
             errors: ErrorReplies) -> None:
    """Attach every listener and the error handler to app."""
    app.event("app_mention", matchers=[from_a_person])(questions.on_mention)
    app.event("message", matchers=[in_a_dm, from_a_person])(questions.on_dm)
    app.event("app_home_opened")(actions.on_home_opened)
    app.command(COMMAND)(questions.on_command)
    app.action(re.compile(rf"^{ACTION_CLARIFY_PREFIX}\d+$"))(actions.on_clarify)
    app.action(ACTION_HELPFUL)(actions.on_helpful)
    app.action(ACTION_NOT_HELPFUL)(actions.on_not_helpful)
    app.action(ACTION_ESCALATE)(actions.on_escalate)
    app.action(ACTION_SHARE)(actions.on_share)
    app.view(VIEW_FEEDBACK)(actions.on_feedback_submitted)
    app.action(ACTION_CLAIM)(triage.on_claim)
    app.action(ACTION_ANSWER)(triage.on_answer)
    app.action(ACTION_SEND_ENTRY)(triage.on_send_entry)
    app.action(ACTION_CLOSE)(triage.on_close)
    app.view(VIEW_ANSWER)(triage.on_answer_submitted)
    app.view(VIEW_SEND_ENTRY)(triage.on_send_entry_submitted)
    # Catch-alls last: only the first matching listener runs.
    app.event(ANYTHING)(ignore)
    app.action(ANYTHING)(ack_only)
    app.error(errors.on_error)
