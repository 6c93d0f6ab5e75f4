"""The listeners: parse the request, record it in the inbox (one insert), then let Bolt acknowledge it.

Nothing here waits for work: answering happens in the inbox worker, replies go through the outbox. Forms are
checked before they are recorded, so a mistake goes back into the form (Slack's response_action "errors").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.core.drafts import FIELDS, parse_draft
from bot.core.inbox import Action, Form, Item
from bot.core.ports import Inbox
from bot.core.questions import Source
from bot.slack import parsing
from bot.slack.parsing import PayloadError
from bot.slack.triage_views import BLOCK_ENTRY, BLOCK_ORIGINAL, chosen_entry, chosen_original, form_values
from bot.slack.views import BLOCK_FOLLOW_UP, BLOCK_REASON, FOLLOW_UP_VALUE, INPUT_FOLLOW_UP, INPUT_REASON, REASON_LIMIT

log = logging.getLogger(__name__)


class Intake:
    """Bolt listeners (bound methods) that turn requests into inbox items."""

    def __init__(self, *, inbox: Inbox, hooks: str, wake: Callable[[], None] = lambda: None) -> None:
        self.inbox = inbox
        self.hooks = hooks  # the response_url prefix we accept: Slack's own
        self.wake = wake  # the inbox worker of this process: handle what was just recorded

    def _put(self, parsed: tuple[str, Item] | None) -> None:
        if parsed is None:
            return
        key, item = parsed
        if self.inbox.put(key, item):
            self.wake()
        else:
            log.info("request %s recorded before (a retry); nothing to do", key)

    def _safely(self, parse: Callable[[], tuple[str, Item] | None]) -> None:
        try:
            parsed = parse()
        except PayloadError as exc:  # verified, but not something we made or can use: acknowledge and drop
            log.warning("ignored a malformed request: %s", exc)
            return
        self._put(parsed)

    def on_mention(self, event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        """Record an @mention (Bolt acknowledges when this returns)."""
        self._safely(lambda: parsing.message(event, team=str(body.get("team_id") or ""),
                                             bot_user_id=context.bot_user_id, source=Source.MENTION))

    def on_dm(self, event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        """Record a direct message."""
        self._safely(lambda: parsing.message(event, team=str(body.get("team_id") or ""),
                                             bot_user_id=context.bot_user_id, source=Source.DM))

    def on_home_opened(self, event: dict[str, Any]) -> None:
        """Record a visit to the App Home tab."""
        self._safely(lambda: parsing.home(event))

    def on_command(self, ack: Ack, body: dict[str, Any]) -> None:
        """Record /privacy, then acknowledge."""
        self._safely(lambda: parsing.command(body, hooks=self.hooks))
        ack()

    def clicked(self, kind: Action) -> Callable[..., None]:
        """Return the listener for one kind of button."""

        def on_click(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
            self._safely(lambda: parsing.action(body, action, kind, hooks=self.hooks))
            ack()

        on_click.__name__ = f"on_{kind.value}"
        return on_click

    def on_feedback_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Record the reason for "Not helpful" (and whether the person wants the privacy team)."""
        reason = parsing.form_text(view, BLOCK_REASON, INPUT_REASON) or ""
        if len(reason) > REASON_LIMIT:
            ack(response_action="errors", errors={BLOCK_REASON: f"Please keep it under {REASON_LIMIT} characters."})
            return
        escalate = FOLLOW_UP_VALUE in parsing.form_selected(view, BLOCK_FOLLOW_UP, INPUT_FOLLOW_UP)

        def parse() -> tuple[str, Item]:
            feedback_id, question_id = parsing.parse_metadata(view.get("private_metadata"))
            return parsing.submission(body, view, Form.FEEDBACK, question_id=question_id, feedback_id=feedback_id,
                                      values={"reason": reason, "escalate": escalate})

        self._safely(parse)
        ack()

    def on_answer_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Check the Answer… form; a complete answer is recorded and goes to the asker."""
        draft, errors = parse_draft(form_values(view))
        if draft is None:
            ack(response_action="errors", errors=errors or {FIELDS[0]: "Please check the form."})
            return
        self._submit(ack, body, view, Form.TRIAGE_ANSWER, {"draft": draft.model_dump(mode="json")})

    def on_send_entry_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Record the curated entry chosen in the Send existing answer… form."""
        entry_id = chosen_entry(view)
        if entry_id is None:
            ack(response_action="errors", errors={BLOCK_ENTRY: "Choose one of the curated entries."})
            return
        self._submit(ack, body, view, Form.TRIAGE_SEND_ENTRY, {"entry_id": entry_id})

    def on_duplicate_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Record the question chosen in the Close as a duplicate… form."""
        original = chosen_original(view)
        if original is None:
            ack(response_action="errors", errors={BLOCK_ORIGINAL: "Choose the question this one duplicates."})
            return
        self._submit(ack, body, view, Form.TRIAGE_DUPLICATE, {"of": original})

    def _submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], form: Form, values: dict[str, Any]) -> None:
        """Record a triage form's submission for the question it was opened on, then close the form."""
        self._safely(lambda: parsing.submission(body, view, form, question_id=parsing.parse_id(
            view.get("private_metadata")), values=values))
        ack()
