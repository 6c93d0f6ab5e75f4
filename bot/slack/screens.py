"""Screens: the modals and the App Home tab, opened or published at once (a trigger lasts 3 seconds)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.escalations import Escalation
from bot.core.models import Entry
from bot.core.ports import TriggerExpired
from bot.core.questions import QuestionRecord
from bot.core.updates import HomeUpdates
from bot.slack.triage_views import build_answer_form, build_duplicate_form, build_send_entry_form
from bot.slack.views import build_feedback_modal, build_home


class SlackScreens:
    """The Screens port on a WebClient (views.open and views.publish are not messages: nothing to look up)."""

    def __init__(self, client: Any, *, home_updates: Callable[[str], HomeUpdates] | None = None) -> None:
        self._client = client
        self._home_updates = home_updates  # what App Home says about changed answers, per person

    def feedback_form(self, trigger_id: str, *, feedback_id: int, question_id: int) -> None:
        """Open the "Not helpful" form."""
        self._open(trigger_id, build_feedback_modal(feedback_id=feedback_id, question_id=question_id))

    def answer_form(self, trigger_id: str, escalation: Escalation, question: str, *, user: str) -> None:
        """Open the triage Answer… form."""
        self._open(trigger_id, build_answer_form(escalation, question, user=user))

    def send_entry_form(self, trigger_id: str, escalation: Escalation, question: str, entries: Sequence[Entry], *,
                        user: str) -> None:
        """Open the triage Send existing answer… form."""
        self._open(trigger_id, build_send_entry_form(escalation, question, list(entries), user=user))

    def duplicate_form(self, trigger_id: str, escalation: Escalation, question: str,
                       others: Sequence[tuple[Escalation, str]], *, user: str) -> None:
        """Open the triage Close as a duplicate… form."""
        self._open(trigger_id, build_duplicate_form(escalation, question, list(others), user=user))

    def _open(self, trigger_id: str, view: Any) -> None:
        """Open a modal; an expired trigger is TriggerExpired (no retry can use it again)."""
        try:
            self._client.views_open(trigger_id=trigger_id, view=view)
        except SlackApiError as exc:
            if exc.response.get("error") == "expired_trigger_id":
                raise TriggerExpired(trigger_id) from None
            raise

    def home(self, user: str, *, examples: Sequence[str], recent: Sequence[QuestionRecord],
             escalations: dict[int, Escalation]) -> None:
        """Publish someone's App Home tab."""
        updates = self._home_updates(user) if self._home_updates else None
        self._client.views_publish(user_id=user, view=build_home(examples=list(examples), recent=list(recent),
                                                                 escalations=escalations, updates=updates))
