"""Block Kit for what follows an escalation after the fact: the asker's later message added to their waiting
question (a status line for them, the message in the triage thread), and a question asked again after the privacy
team answered or closed it."""

from __future__ import annotations

from bot.core.escalations import Escalation, Status
from bot.core.phrases import ADDED, line
from bot.slack.blocks import SECTION_LIMIT, Message, build_notice, in_language
from bot.slack.triage_blocks import quoted_question

ADDED_LIMIT = 1500  # characters of the asker's added message shown in the triage thread


def build_added_for_asker(esc: Escalation, *, language: str | None = None) -> Message:
    """Return the asker's status reply: who has their question, and that their message was added to it."""
    if esc.status is Status.CLAIMED:  # (not a mention: each "any update?" would notify the triager)
        text = "The privacy team has your question (someone there is working on it); I've added your message to it."
    elif esc.status is Status.OPEN:
        text = "The privacy team has your question (not yet claimed); I've added your message to it."
    else:  # settled after the message came in: it still reaches them, but no promise of what follows
        text = "I've passed your message on to the privacy team with your question."
    if esc.status.unanswered:
        text += " Their answer will come here, in this thread."
    told = build_notice(text)
    return Message(text=told.text, blocks=[*in_language(line(ADDED, language)), *told.blocks])


def build_added_for_triage(asker: str, text: str) -> Message:
    """Return the asker's later message as the triage thread shows it: contacts masked, escaped, quoted, bounded."""
    head = f":speech_balloon: <@{asker}> added in their thread:\n"
    return build_notice(quoted_question(head, text, min(SECTION_LIMIT, len(head) + ADDED_LIMIT)))
