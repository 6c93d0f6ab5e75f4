"""What the asker of an escalated question hears, built by pure functions: that the privacy team has it (again), the
team's written answer rendered like a curated one, and why no answer will come (or that it comes from the question
theirs duplicates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.core.drafts import Draft
from bot.core.escalations import CloseReason, Status
from bot.core.phrases import AGAIN, HANDED_OVER, line
from bot.slack.blocks import (
    FALLBACK_LIMIT,
    HEADER_LIMIT,
    MAX_BLOCKS,
    Message,
    Part,
    build_notice,
    in_language,
    link,
    render_parts,
)
from bot.slack.mrkdwn import escape, shorten
from bot.slack.triage_blocks import quoted_question


def _handed_over(triage_channel: str, answered: bool, again: bool = False) -> str:
    if again:  # after the privacy team answered or closed it
        return f"I've asked the privacy team in <#{triage_channel}> again, with what you said."
    if answered:  # the asker asked for more than the curated answer they got
        return f"I've asked the privacy team in <#{triage_channel}> to follow up on this answer."
    return f"There is no vetted answer to this yet, so I've asked the privacy team in <#{triage_channel}>."


def build_escalated(triage_channel: str, *, answered: bool = False, language: str | None = None,
                    again: bool = False) -> Message:
    """Return what the asker hears, in their thread, once the privacy team has their question (with a line in the
    asker's language)."""
    return _told(f"{_handed_over(triage_channel, answered, again)} Their answer will come here, in this thread.",
                 language, again)


def build_escalated_privately(triage_channel: str, *, answered: bool = False, language: str | None = None,
                              again: bool = False) -> Message:
    """Return what the asker hears when they asked privately (/privacy): the answer comes by direct message."""
    return _told(f"{_handed_over(triage_channel, answered, again)} I'll send you their answer in a direct message.",
                 language, again)


def _told(text: str, language: str | None, again: bool = False) -> Message:
    """Return the asker's notice under a line in their language (none in English)."""
    told = build_notice(text)
    return Message(text=told.text, blocks=[*in_language(line(AGAIN if again else HANDED_OVER, language)),
                                           *told.blocks])


def draft_parts(draft: Draft) -> list[Part]:
    """Return a written answer's sections, in the order and shape of a curated answer's."""
    processor = [f"• *{escape(p.name)}*: {escape(p.role)}" + (f". _Data:_ {escape(p.data)}" if p.data else "")
                 for p in draft.processor]
    retention = [f"• *What:* {escape(draft.retention_what)}", f"• *How long:* {escape(draft.retention_duration)}"]
    parts: list[Part] = [("", [escape(draft.summary)], False), ("Processor", processor, True),
                         ("Retention", retention, True)]
    if draft.training_use:
        parts.append(("Training use", [escape(draft.training_use)], False))
    if draft.data_location:
        parts.append(("Data location", [escape(draft.data_location)], False))
    if draft.governance:
        parts.append(("Governance", ["• " + link(d.url, d.title) for d in draft.governance], True))
    parts.append(("References", ["• " + link(r.url, r.title) for r in draft.references], True))
    return parts


def asked_block(text: str) -> SectionBlock:
    """Return the asker's question quoted above an answer that reaches them away from it (a DM after /privacy)."""
    return SectionBlock(text=quoted_question("*You asked:*\n", text, 1000))


def build_written_answer(draft: Draft, *, answered_by: str, answered_at: dt.datetime | None,
                         before: Sequence[Block] = ()) -> Message:
    """Return the privacy team's written answer for the asker, marked as not yet a curated entry."""
    sections = render_parts(draft_parts(draft), "_(shortened)_")
    when = f" on {answered_at.date().isoformat()}" if answered_at else ""
    context = (f"Answered by <@{answered_by}> of the privacy team{when} · not yet a curated entry, so I may not "
               "know it next time")
    blocks: list[Block] = [HeaderBlock(text=shorten(draft.title, HEADER_LIMIT)), *before,
                           *[SectionBlock(text=text) for text in sections],
                           ContextBlock(elements=[MarkdownTextObject(text=context)])]
    text = f"Answer from the privacy team: {escape(draft.title)}: {escape(draft.summary)}"
    return Message(text=shorten(text, FALLBACK_LIMIT), blocks=blocks[:MAX_BLOCKS])


def build_closed_for_asker(reason: CloseReason, *, original: Status | None = None) -> Message:
    """Return what the asker hears when the privacy team closes their question without an answer (as a duplicate of
    another question: `original` is where that one stands, its answer comes here too)."""
    if reason is CloseReason.DUPLICATE and original is Status.ANSWERED:
        return build_notice("The privacy team marked this question as a duplicate of one they have answered: their "
                            "answer follows.")
    if reason is CloseReason.DUPLICATE and original in (Status.OPEN, Status.CLAIMED):
        return build_notice("The privacy team marked this question as a duplicate of one they are already "
                            "answering: their answer will come here too. If you don't hear back, ask them directly.")
    if reason is CloseReason.DUPLICATE:
        return build_notice("The privacy team marked this question as a duplicate of one they are already "
                            "answering. If you don't hear back, ask them directly.")
    return build_notice("The privacy team looked at this and closed it: it doesn't look like a data-privacy "
                        "question about an AI vendor. If it is one, please ask them directly.")


def relayed_block() -> ContextBlock:
    """Return the line above an answer that reaches an asker whose question was closed as a duplicate of another."""
    return ContextBlock(elements=[MarkdownTextObject(text=":link: The privacy team answered a question like yours "
                                                          "(yours was closed as its duplicate), so here is their "
                                                          "answer.")])
