"""The triage channel's buttons and modals: Claim, Answer…, Send existing answer…, Close.

Only the question id travels in button values and private_metadata; everything else is read from the
database, and the clicker is checked against the triage team on every click and submission. A move is one
conditional UPDATE (one concurrent winner) that queues its Slack messages; the outbox worker sends them.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack

from bot.core.drafts import FIELDS, parse_draft
from bot.core.escalations import CloseReason, Escalation, Move, Status, refusal
from bot.core.ports import EscalationStore
from bot.slack.gate import TriageGate
from bot.slack.parsing import PayloadError, parse_id, user_id
from bot.slack.replies import Replier
from bot.slack.triage_blocks import CLOSE_REASONS
from bot.slack.triage_views import (
    BLOCK_ENTRY,
    build_answer_form,
    build_refused,
    build_send_entry_form,
    chosen_entry,
    form_values,
)

log = logging.getLogger(__name__)


def already(esc: Escalation, user: str) -> str:
    """Return why a move did not happen: who got there first."""
    if esc.status is Status.CLAIMED:
        mine = esc.claimed_by == user
        return "You have claimed this already." if mine else f"Already claimed by <@{esc.claimed_by}>."
    if esc.status is Status.CLOSED:
        reason = CLOSE_REASONS.get(esc.close_reason or CloseReason.NOT_PRIVACY, "")
        return f"Already closed by <@{esc.closed_by}> ({reason}). Nothing was changed."
    return f"Already answered by <@{esc.answered_by}>. Nothing was changed."


class TriageHandlers:
    """Handlers for the triage message's buttons and the two forms."""

    def __init__(self, replier: Replier, *, gate: TriageGate) -> None:
        self.replier = replier
        self.deps = replier.deps
        self.gate = gate

    @property
    def escalations(self) -> EscalationStore:
        return self.deps.escalations

    def _refusal_text(self) -> str:
        return (f"Only {self.gate.describe()} can claim, answer or close privacy questions. Nothing was changed; "
                "ask the privacy team if you should be one of them.")

    def _tell(self, body: dict[str, Any], text: str) -> None:
        """Reply only to the clicker (response_url works even for people outside the channel)."""
        self.replier.to_url(body["response_url"], self.replier.notice(text), replace_original=False)

    def _get(self, question_id: int) -> Escalation:
        esc = self.escalations.get(question_id)
        if esc is None:
            raise PayloadError(f"no escalation {question_id}")
        return esc

    def on_claim(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Claim: one concurrent clicker wins; the others hear who did."""
        ack()
        user, question_id = user_id(body), parse_id(action.get("value"))
        if not self.gate.allows(user):
            self._tell(body, self._refusal_text())
            return
        won, esc = self.escalations.claim(question_id, user)
        if esc is None:
            raise PayloadError(f"no escalation {question_id}")
        if won:
            self.deps.wake()
            log.info("escalation %s claimed by %s", question_id, user)
        else:
            self._tell(body, already(esc, user))

    def on_close(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Close (not a privacy question / duplicate): the asker is told why no answer will come."""
        ack()
        value = (action.get("selected_option") or {}).get("value")
        head, _, reason = str(value).partition(":")
        try:
            question_id, close_reason = parse_id(head), CloseReason(reason)
        except ValueError:
            raise PayloadError(f"malformed close option {value!r}") from None
        user = user_id(body)
        if not self.gate.allows(user):
            self._tell(body, self._refusal_text())
            return
        won, esc = self.escalations.close(question_id, user, close_reason)
        if esc is None:
            raise PayloadError(f"no escalation {question_id}")
        if won:
            self.deps.wake()
        else:
            self._tell(body, already(esc, user))

    def on_answer(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        """Open the Answer… form at once (the trigger expires in 3 seconds), then check the clicker."""
        ack()
        self._open_form(body, action, client, Move.ANSWER)

    def on_send_entry(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        """Open the Send existing answer… form, then check the clicker."""
        ack()
        self._open_form(body, action, client, Move.SEND_ENTRY)

    def _open_form(self, body: dict[str, Any], action: dict[str, Any], client: Any, move: Move) -> None:
        user, esc = user_id(body), self._get(parse_id(action.get("value")))
        if refusal(esc, move, user) is not None:
            self._tell(body, already(esc, user))
            return
        record = self.deps.questions.get(esc.question_id)
        text = record.question.text if record else ""
        view = (build_answer_form(esc, text, user=user) if move is Move.ANSWER else
                build_send_entry_form(esc, text, list(self.deps.get_answers().entries.values()), user=user))
        opened = client.views_open(trigger_id=body["trigger_id"], view=view)
        if not self.gate.allows(user):
            client.views_update(view_id=opened["view"]["id"], view=build_refused(self._refusal_text()))
            self._tell(body, self._refusal_text())

    def on_answer_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Check the form; on success the answer goes to the asker and the draft is kept."""
        question_id, user = parse_id(view.get("private_metadata")), user_id(body)
        if not self.gate.allows(user):
            ack(response_action="errors", errors={FIELDS[0]: self._refusal_text()})
            return
        draft, errors = parse_draft(form_values(view))
        if draft is None:
            ack(response_action="errors", errors=errors)
            return
        name = (body.get("user") or {}).get("username")
        won, esc = self.escalations.answer(question_id, user, draft, user_name=name if isinstance(name, str) else None)
        if not won:
            ack(response_action="errors", errors={FIELDS[0]: already(esc, user) if esc else "This question is gone."})
            return
        ack()
        self.deps.wake()
        log.info("escalation %s answered by %s", question_id, user)

    def on_send_entry_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Send the chosen curated entry to the asker."""
        question_id, user = parse_id(view.get("private_metadata")), user_id(body)
        if not self.gate.allows(user):
            ack(response_action="errors", errors={BLOCK_ENTRY: self._refusal_text()})
            return
        answers = self.deps.get_answers()
        entry_id = chosen_entry(view)
        if entry_id is None or entry_id not in answers.entries:
            ack(response_action="errors", errors={BLOCK_ENTRY: "Choose one of the curated entries."})
            return
        won, esc = self.escalations.send_entry(question_id, user, entry_id, answers.version(entry_id))
        if not won:
            ack(response_action="errors", errors={BLOCK_ENTRY: already(esc, user) if esc else "This question is gone."})
            return
        ack()
        self.deps.wake()
