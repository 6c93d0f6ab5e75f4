"""Buttons, the feedback modal and App Home. Button values and metadata are untrusted: checked on the way in."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack

from bot.core.models import Entry
from bot.core.questions import Feedback, QuestionRecord
from bot.slack.parsing import PayloadError, parse_button_value, parse_metadata, user_id
from bot.slack.replies import Replier
from bot.slack.views import (
    BLOCK_FOLLOW_UP,
    BLOCK_REASON,
    FOLLOW_UP_VALUE,
    INPUT_FOLLOW_UP,
    INPUT_REASON,
    REASON_LIMIT,
    build_feedback_modal,
    build_home,
)

log = logging.getLogger(__name__)

GONE = "Sorry, I can't find that question any more. Please ask again."
THANKS = "Thanks for the feedback: it is recorded against this version of the answer."
ALREADY_ESCALATED = "The privacy team already has this question; their answer will come in the question's thread."
EXAMPLES = 5


class ActionHandlers:
    """Clarify choices, feedback, escalation, sharing, and the Home tab."""

    def __init__(self, replier: Replier) -> None:
        self.replier = replier
        self.deps = replier.deps

    def _question(self, body: dict[str, Any], action: dict[str, Any]) -> tuple[QuestionRecord, str]:
        question_id, entry_id = parse_button_value(action.get("value"))
        record = self.deps.questions.get(question_id)
        if record is None:
            raise PayloadError(f"no question {question_id}")
        return record, entry_id

    def _chosen(self, body: dict[str, Any], action: dict[str, Any]) -> tuple[QuestionRecord, Entry] | None:
        """Return the question and the entry a button names, or tell the clicker it is gone."""
        record, entry_id = self._question(body, action)
        entry = self.deps.get_answers().entries.get(entry_id)
        if entry is None:
            self._tell(body, GONE)
            return None
        return record, entry

    def _tell(self, body: dict[str, Any], text: str) -> None:
        self.replier.to_url(body["response_url"], self.replier.notice(text), replace_original=False)

    def on_clarify(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Post the answer the asker picked."""
        ack()
        chosen = self._chosen(body, action)
        if chosen is None:
            return
        record, entry = chosen
        private = (body.get("container") or {}).get("is_ephemeral", False)
        self.replier.answer(record, entry, response_url=body["response_url"] if private else None)

    def on_helpful(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Record that an answer helped."""
        ack()
        self._record(body, action, helpful=True)
        self._tell(body, THANKS)

    def on_not_helpful(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        """Record that an answer did not help, and ask why in a modal that offers the privacy team."""
        ack()
        feedback_id, record = self._record(body, action, helpful=False)
        client.views_open(trigger_id=body["trigger_id"],
                          view=build_feedback_modal(feedback_id=feedback_id, question_id=record.id))

    def _record(self, body: dict[str, Any], action: dict[str, Any], *, helpful: bool) -> tuple[int, QuestionRecord]:
        record, entry_id = self._question(body, action)
        answers = self.deps.get_answers()
        if entry_id not in answers.entries:
            raise PayloadError(f"no entry {entry_id!r}")
        version = record.entry_version if record.entry_id == entry_id else answers.version(entry_id)
        vote = Feedback(question_id=record.id, entry_id=entry_id, entry_version=version or "", user=user_id(body),
                        helpful=helpful)
        return self.deps.feedback.record(vote), record

    def on_feedback_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Store the reason for "Not helpful", and escalate if the person asked for it."""
        feedback_id, question_id = parse_metadata(view.get("private_metadata"))
        values = (view.get("state") or {}).get("values") or {}
        reason = ((values.get(BLOCK_REASON) or {}).get(INPUT_REASON) or {}).get("value") or ""
        chosen = ((values.get(BLOCK_FOLLOW_UP) or {}).get(INPUT_FOLLOW_UP) or {}).get("selected_options") or []
        if len(reason) > REASON_LIMIT:
            ack(response_action="errors", errors={BLOCK_REASON: f"Please keep it under {REASON_LIMIT} characters."})
            return
        ack()
        user = user_id(body)
        if reason.strip():
            self.deps.feedback.add_reason(feedback_id, user, reason.strip())
        record = self.deps.questions.get(question_id)
        if record is not None and any(o.get("value") == FOLLOW_UP_VALUE for o in chosen):
            why = "the answer did not help" + (f": {reason.strip()}" if reason.strip() else "")
            if not self.replier.escalate(record, why=why, requested_by=user):
                self.deps.client.chat_postMessage(channel=user, **self.replier.notice(ALREADY_ESCALATED).as_kwargs())

    def on_escalate(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Hand the question to the privacy team (once)."""
        ack()
        record, _ = self._question(body, action)
        private = (body.get("container") or {}).get("is_ephemeral", False)
        if not self.replier.escalate(record, why="someone asked for the privacy team", requested_by=user_id(body),
                                     reply_url=body["response_url"] if private else None):
            self._tell(body, ALREADY_ESCALATED)

    def on_share(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Post a privately answered question's answer in the channel, then remove the private copy."""
        ack()
        chosen = self._chosen(body, action)
        if chosen is None:
            return
        record, entry = chosen
        message = self.replier.answer_message(record, entry, shared_by=user_id(body))
        self.replier.to_url(body["response_url"], message, response_type="in_channel", replace_original=False)
        self.replier.to_url(body["response_url"], self.replier.notice("Shared."), delete_original=True)

    def on_home_opened(self, event: dict[str, Any], client: Any) -> None:
        """Publish the Home tab: how to ask, examples, the person's recent questions."""
        if event.get("tab") != "home":
            return
        user = event["user"]
        entries = sorted(self.deps.get_answers().entries.values(), key=lambda e: e.title)
        examples = [e.questions[0] for e in entries[:EXAMPLES]]
        recent = self.deps.questions.recent(user, limit=10)
        escalations = self.deps.escalations.of_questions([r.id for r in recent if r.escalated_at is not None])
        client.views_publish(user_id=user, view=build_home(examples=examples, recent=recent, escalations=escalations))
