"""Render the answer set's own messages (bot.core.notices) when they are sent; hand every other reply to the
Composer. An update to earlier askers is dropped at send time when all of its askers muted updates since it was
queued (or were purged): updates are paced, so one may wait a while in the outbox.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.notices import AnswerUpdateBody, DigestBody, SourcesChangedBody, UpdateNoteBody
from bot.core.replies import Pending
from bot.slack.compose import Outgoing
from bot.slack.delivery import Composes
from bot.slack.update_blocks import build_answer_update, build_digest, build_sources_changed, build_update_note


class NoticeComposer:
    """Composes the answer set's messages itself and everything else through `inner` (the Composer)."""

    def __init__(self, inner: Composes, *, all_muted: Callable[[Sequence[int]], bool],
                 entry_url: str | None = None) -> None:
        self._inner = inner
        self._all_muted = all_muted
        self._entry_url = entry_url

    def asker_of(self, item: Pending, out: Outgoing) -> tuple[str, bool] | None:
        """Return the asker a refused post may go to by DM (the Composer decides)."""
        return self._inner.asker_of(item, out)

    def compose(self, item: Pending) -> Outgoing | None:
        """Return what to send for a queued reply, or None when nobody is left to tell."""
        body, target = item.reply.body, item.reply.target
        if isinstance(body, AnswerUpdateBody):
            if self._all_muted(body.question_ids):
                return None
            return Outgoing(build_answer_update(body, entry_url=self._entry_url), target)
        if isinstance(body, UpdateNoteBody):
            return Outgoing(build_update_note(body.note), target)
        if isinstance(body, SourcesChangedBody):
            return Outgoing(build_sources_changed(body), target)
        if isinstance(body, DigestBody):
            return Outgoing(build_digest(body), target)
        return self._inner.compose(item)
