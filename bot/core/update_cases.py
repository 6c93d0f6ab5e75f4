"""The use-cases around updates to earlier askers: mute or turn them on, show the updated answer, and the part of
App Home that lists changed answers. Dispatch routes the inbox's items: these buttons here, the rest to Service.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.core.inbox import Action, ActionItem, Handled, HomeItem, Received
from bot.core.notices import UpdateNote, UpdateNoteBody
from bot.core.ports import AnswerSource, QuestionLog, ReplyQueue, UpdateLog
from bot.core.replies import AnswerBody, Reply, Target
from bot.core.service import Service
from bot.core.updates import HomeUpdates, changed_since

log = logging.getLogger(__name__)

UPDATE_ACTIONS = frozenset({Action.MUTE_UPDATES, Action.UNMUTE_UPDATES, Action.SHOW_UPDATED})


class UpdateCases:
    """Buttons on updates and on App Home; what App Home says about updates."""

    def __init__(self, *, updates: UpdateLog, questions: QuestionLog, replies: ReplyQueue, answers: AnswerSource,
                 home: Callable[[HomeItem], Handled], retention: dt.timedelta, enabled: bool = True,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> None:
        self.updates = updates
        self.questions = questions
        self.replies = replies
        self.answers = answers
        self.home = home  # republish someone's App Home (after a toggle there)
        self.retention = retention
        self.enabled = enabled
        self.now = now

    def action(self, item: ActionItem, *, origin: int) -> Handled:
        """Mute or turn on updates for the clicker, or post the updated answer under an update."""
        if item.action is Action.SHOW_UPDATED:
            return self._show(item, origin)
        muted = item.action is Action.MUTE_UPDATES
        self.updates.set_muted(item.user, muted)
        log.info("answer updates %s by a user", "muted" if muted else "turned on")
        if item.response_url:  # a button on an update message: tell only the clicker
            self._note(origin, item.response_url, "muted" if muted else "unmuted")
        else:  # App Home: show the new state there
            self.home(HomeItem(user=item.user))
        return Handled(item.action.value)

    def _show(self, item: ActionItem, origin: int) -> Handled:
        answers = self.answers.current()
        record = self.questions.get(item.question_id)
        entry = answers.entries.get(item.entry_id)
        c = item.container
        if record is None or entry is None or not (c.channel and c.message_ts):
            if item.response_url:
                self._note(origin, item.response_url, "gone")
            return Handled("gone", item.question_id)
        key = f"upd-show:{c.channel}:{c.message_ts}"  # once per update message, however many click
        body = AnswerBody(question_id=record.id, entry=entry, version=answers.version(entry.id))
        self.replies.queue([Reply(key=key, body=body, target=Target(channel=c.channel,
                                                                    thread_ts=c.thread_ts or c.message_ts),
                                  stream=key, question_id=record.id)])
        return Handled("show_updated", record.id, entry.id)

    def _note(self, origin: int, url: str, note: UpdateNote) -> None:
        self.replies.queue([Reply(key=f"in{origin}:note", body=UpdateNoteBody(note=note), target=Target(url=url),
                                  stream=f"in{origin}")])

    def home_updates(self, user: str) -> HomeUpdates:
        """Return what someone's App Home says about updates: changed answers, and whether they muted them."""
        pairs = self.updates.changed_for(user, since=self.now() - self.retention)
        titles = {e.id: e.title for e in self.answers.current().entries.values()}
        return HomeUpdates(changed=changed_since(pairs, titles), muted=self.updates.muted(user), enabled=self.enabled)


class Dispatch:
    """The inbox worker's handler: update buttons go to UpdateCases, everything else to the Service."""

    def __init__(self, service: Service, updates: UpdateCases) -> None:
        self.service = service
        self.updates = updates

    def handle(self, received: Received) -> Handled:
        """Handle one inbox item; safe to call again for the same item."""
        item = received.item
        if isinstance(item, ActionItem) and item.action in UPDATE_ACTIONS:
            try:
                return self.updates.action(item, origin=received.id)
            finally:
                self.service.wake()
        return self.service.handle(received)

    def failed(self, received: Received) -> None:
        """Tell the person once that their request could not be handled."""
        self.service.failed(received)
