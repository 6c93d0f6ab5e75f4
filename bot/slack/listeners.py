"""Register the listeners: specific ones first, catch-alls last, so no request gets a 404 that Slack retries."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltResponse

from bot.core.inbox import Action
from bot.slack.blocks import (
    ACTION_CLARIFY_PREFIX,
    ACTION_ESCALATE,
    ACTION_HELPFUL,
    ACTION_NOT_HELPFUL,
    ACTION_SHARE,
    COMMAND,
)
from bot.slack.conversation_blocks import ACTION_ESCALATE_PART
from bot.slack.handlers import Intake
from bot.slack.parsing import is_from_a_person
from bot.slack.triage_blocks import ACTION_ANSWER, ACTION_CLAIM, ACTION_CLOSE, ACTION_SEND_ENTRY
from bot.slack.triage_views import VIEW_ANSWER, VIEW_DUPLICATE, VIEW_SEND_ENTRY
from bot.slack.update_blocks import ACTION_MUTE_UPDATES, ACTION_SHOW_UPDATED, ACTION_UNMUTE_UPDATES
from bot.slack.views import VIEW_FEEDBACK

log = logging.getLogger(__name__)
ANYTHING = re.compile(r".*")

# The event subscriptions register() handles, with the bot scope each needs; deploy/slack-manifest.*.yaml
# must list exactly these (tests/unit/test_manifest.py checks it).
EVENT_SCOPES: dict[str, str | None] = {"app_mention": "app_mentions:read", "message.im": "im:history",
                                       "app_home_opened": None}

BUTTONS: dict[str | re.Pattern[str], Action] = {
    re.compile(rf"^{ACTION_CLARIFY_PREFIX}\d+$"): Action.CLARIFY,
    ACTION_HELPFUL: Action.HELPFUL,
    ACTION_NOT_HELPFUL: Action.NOT_HELPFUL,
    ACTION_ESCALATE: Action.ESCALATE,
    ACTION_ESCALATE_PART: Action.ESCALATE_PART,
    ACTION_SHARE: Action.SHARE,
    ACTION_CLAIM: Action.CLAIM,
    ACTION_ANSWER: Action.ANSWER_FORM,
    ACTION_SEND_ENTRY: Action.SEND_ENTRY_FORM,
    ACTION_CLOSE: Action.CLOSE,
    ACTION_MUTE_UPDATES: Action.MUTE_UPDATES,
    ACTION_UNMUTE_UPDATES: Action.UNMUTE_UPDATES,
    ACTION_SHOW_UPDATED: Action.SHOW_UPDATED,
}


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


MALFORMED = (ValueError, TypeError, KeyError, IndexError, AttributeError)  # a payload of a shape Slack never sends


def on_error(error: Exception) -> BoltResponse | None:
    """Log a failure in a listener; never read or act on the request (it may not be verified). A payload the bot
    cannot read gets 400 (retrying it changes nothing); anything else (the database down) 500, so Slack retries."""
    if isinstance(error, MALFORMED):
        log.warning("a request could not be read: %s", type(error).__name__, exc_info=log.isEnabledFor(logging.DEBUG))
        return BoltResponse(status=400, body='{"error": "malformed request"}')
    log.error("a listener failed: %s", type(error).__name__, exc_info=error)
    return None


def register(app: App, intake: Intake) -> None:
    """Attach every listener and the error handler to app."""
    app.event("app_mention", matchers=[from_a_person])(intake.on_mention)
    app.event("message", matchers=[in_a_dm, from_a_person])(intake.on_dm)
    app.event("app_home_opened")(intake.on_home_opened)
    app.command(COMMAND)(intake.on_command)
    for action_id, kind in BUTTONS.items():
        app.action(action_id)(intake.clicked(kind))
    app.view(VIEW_FEEDBACK)(intake.on_feedback_submitted)
    app.view(VIEW_ANSWER)(intake.on_answer_submitted)
    app.view(VIEW_SEND_ENTRY)(intake.on_send_entry_submitted)
    app.view(VIEW_DUPLICATE)(intake.on_duplicate_submitted)
    # Catch-alls last: only the first matching listener runs.
    app.event(ANYTHING)(ignore)
    app.action(ANYTHING)(ack_only)
    app.error(on_error)
