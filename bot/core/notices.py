"""Messages about the answer set rather than about one question: an update to earlier askers when an answer
changed, the daily notice of changed vendor pages, and the weekly digest for the privacy team and each owner.

Like every reply body they are data, queued in the outbox and rendered by bot/slack when sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from bot.core.models import Frozen


class AnswerUpdateBody(Frozen):
    """An answer someone got earlier has changed materially: what changed, and when they asked."""

    kind: Literal["answer_update"] = "answer_update"
    entry_id: str
    title: str
    summary: str = Field(description="The change's summary, as the curators wrote it.")
    changed_on: dt.date
    asked_on: dt.date
    question_ids: tuple[int, ...] = Field(description="The questions answered in this thread (or DM).")


UpdateNote = Literal["muted", "unmuted", "gone"]


class UpdateNoteBody(Frozen):
    """A word to the person who clicked Mute, Turn on, or Show the updated answer."""

    kind: Literal["update_note"] = "update_note"
    note: UpdateNote


class SourcesChangedBody(Frozen):
    """The daily check found that pages an entry cites changed or are gone (one notice per entry and diff)."""

    kind: Literal["sources_changed"] = "sources_changed"
    entry_id: str
    title: str
    owner: str
    owner_slack: str | None = None
    summary: str = Field(description="Which sources changed, with some sentences added and removed.")


class DigestLine(Frozen):
    """One entry in the weekly digest, and why it is there."""

    entry_id: str
    title: str
    owner: str
    owner_slack: str | None = None
    detail: str = ""


class DigestBody(Frozen):
    """The weekly digest: entries overdue for review, entries whose sources changed, drafts waiting."""

    kind: Literal["digest"] = "digest"
    week: str = Field(description="ISO week, e.g. 2026-W49.")
    overdue: tuple[DigestLine, ...] = ()
    sources: tuple[DigestLine, ...] = ()
    drafts: tuple[DigestLine, ...] = ()
    owner: str | None = Field(default=None, description="Set on the direct message to one owner (their items).")

    def empty(self) -> bool:
        """Return whether there is nothing to report."""
        return not (self.overdue or self.sources or self.drafts)
