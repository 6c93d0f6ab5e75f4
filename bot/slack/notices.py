"""Render the answer set's own messages (bot.core.notices) when they are sent; hand every other reply to the
Composer. An update to earlier askers is dropped at send time when all of its askers muted updates since it was
queued (or were purged): updates are paced, so one may wait a while in the outbox.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.notices import AnswerUpdateBody, DigestBody, SourcesChangedBody, UpdateNoteBody
from bot.core.ports import QuestionLog
from bot.core.replies import Pending, Reply
from bot.core.updates import by_dm
from bot.slack.delivery import Composes
from bot.slack.outgoing import Outgoing
from bot.slack.update_blocks import build_answer_update, build_digest, build_sources_changed, build_update_note


class NoticeComposer:
    """Composes the answer set's messages itself and everything else through `inner` (the Composer)."""

    def __init__(self, inner: Composes, *, all_muted: Callable[[Sequence[int]], bool], questions: QuestionLog,
                 entry_url: str | None = None) -> None:
        self._inner = inner
        self._all_muted = all_muted
        self._questions = questions  # the askers of an update's questions, when it goes to each by DM
        self._entry_url = entry_url

    def dm_instead(self, item: Pending, out: Outgoing) -> list[Reply] | None:
        """Return a post its conversation refused for good as DMs: an update to each of its askers still to be told
        (its thread may hold several people's questions), anything else as the Composer decides."""
        body = item.reply.body
        if not isinstance(body, AnswerUpdateBody):
            return self._inner.dm_instead(item, out)
        channel = out.target.channel
        if not channel or channel.startswith(("U", "W", "D")):
            return []  # a DM already (a /privacy asker's, or the DM they asked in): nowhere else to go
        records = {qid: self._questions.get(qid) for qid in body.question_ids}
        askers = {qid: r.question.asker for qid, r in records.items() if r and not self._all_muted([qid])}
        return by_dm(item.reply, askers, channel)

    def compose(self, item: Pending) -> Outgoing | None:
        """Return what to send for a queued reply, or None when nobody is left to tell."""
        body, target = item.reply.body, item.reply.target
        if isinstance(body, AnswerUpdateBody):
            if self._all_muted(body.question_ids):
                return None
            return Outgoing(build_answer_update(body, entry_url=self._entry_url, asked_in=item.reply.moved_from),
                            target)
        if isinstance(body, UpdateNoteBody):
            return Outgoing(build_update_note(body.note), target)
        if isinstance(body, SourcesChangedBody):
            return Outgoing(build_sources_changed(body), target)
        if isinstance(body, DigestBody):
            return Outgoing(build_digest(body), target)
        return self._inner.compose(item)
