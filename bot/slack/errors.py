"""The one error path: any failure in a listener gets one reply where the person will see it, and a log line."""

from __future__ import annotations

import logging
from typing import Any

from bot.slack.blocks import build_error
from bot.slack.parsing import is_from_a_person
from bot.slack.replies import Replier

log = logging.getLogger(__name__)


class ErrorReplies:
    """Bolt's @app.error handler."""

    def __init__(self, replier: Replier) -> None:
        self.replier = replier

    def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        """Log the failure and tell the person once; never raise."""
        log.error("failed to handle a %s request", body.get("type") or body.get("command"), exc_info=error)
        try:
            self._tell(body)
        except Exception:
            log.exception("could not tell the person about the failure either")

    def _tell(self, body: dict[str, Any]) -> None:
        message = build_error()
        client = self.replier.deps.client
        event = body.get("event") or {}
        if body.get("type") == "event_callback":
            if event.get("type") in ("app_mention", "message") and is_from_a_person(event, bot_user_id=None):
                client.chat_postMessage(channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"],
                                        **message.as_kwargs())
        elif body.get("response_url"):  # slash commands and buttons
            self.replier.to_url(body["response_url"], message, replace_original=False)
        elif body.get("type") == "view_submission" and (body.get("user") or {}).get("id"):
            client.chat_postMessage(channel=body["user"]["id"], **message.as_kwargs())
