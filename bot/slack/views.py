"""Slack views built by pure functions: the App Home tab and the "Not helpful" modal."""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.escalations import CloseReason, Escalation, Status
from bot.core.matching.text import readable
from bot.core.questions import Handling, QuestionRecord, Source
from bot.core.updates import HomeUpdates
from bot.slack.mrkdwn import escape, quote, shorten
from bot.slack.update_blocks import home_blocks

VIEW_FEEDBACK = "feedback_reason"
BLOCK_REASON = "reason"
INPUT_REASON = "reason_input"
BLOCK_FOLLOW_UP = "follow_up"
INPUT_FOLLOW_UP = "follow_up_input"
FOLLOW_UP_VALUE = "ask_privacy_team"
REASON_LIMIT = 2000
HOME_QUESTION = 600  # characters of a recent question in App Home, escaped and quoted

_STATUS = {
    None: "in progress",
    Handling.ANSWER: "answered",
    Handling.CLARIFY: "waiting for you to pick a product",
    Handling.ESCALATE: "with the privacy team",
    Handling.DECLINE: "not a privacy question",
    Handling.COMPARE: "answered side by side",
    Handling.HELP: "help shown",
    Handling.TOO_LONG: "too long to read",
    Handling.RATE_LIMITED: "over the rate limit",
    Handling.ERROR: "could not be answered (an error)",
    Handling.ADDED: "added to your question for the privacy team",
}

HOW_TO_ASK = (
    "*How to ask*\n"
    "• Mention me in a channel: `@privacy-bot Does Anthropic keep our prompts in Microsoft Foundry?` "
    "(I answer in the thread)\n"
    "• Send me a direct message here, in the Messages tab\n"
    "• Type `/privacy your question` anywhere: only you see the answer, and you can share it\n"
    "I answer from answers the privacy team has checked. When none fits, I say so and ask the privacy team; "
    "I never guess."
)


_ESCALATION = {
    Status.OPEN: "with the privacy team, waiting for someone to pick it up",
    Status.CLAIMED: "with the privacy team: someone is working on it",
    Status.ANSWERED: "answered by the privacy team (see the question's thread)",
    Status.EXPIRED: "expired: removed after the retention period before anyone answered",
}
_CLOSED = {CloseReason.NOT_PRIVACY: "closed by the privacy team: not a privacy question",
           CloseReason.DUPLICATE: "closed by the privacy team: a duplicate of another question"}


def status_of(record: QuestionRecord, escalation: Escalation | None = None) -> str:
    """Return a person's view of what became of their question."""
    if escalation is not None:
        if escalation.status is Status.CLOSED and escalation.duplicate_of is not None:  # its answer comes to them
            where = "a direct message" if record.question.source is Source.COMMAND else "the question's thread"
            return f"closed by the privacy team as a duplicate of another question: its answer comes in {where}"
        if escalation.status is Status.CLOSED:
            return _CLOSED[escalation.close_reason or CloseReason.NOT_PRIVACY]
        if escalation.status is Status.ANSWERED and record.question.source is Source.COMMAND:
            return "answered by the privacy team (sent to you in a direct message)"  # a /privacy question has no thread
        return _ESCALATION[escalation.status]
    if record.escalated_at is not None:
        return "sent to the privacy team"
    status = _STATUS[record.handling]
    return f"{status} (`{record.entry_id}`)" if record.handling is Handling.ANSWER and record.entry_id else status


def build_home(*, examples: list[str], recent: list[QuestionRecord],
               escalations: Mapping[int, Escalation] | None = None, updates: HomeUpdates | None = None) -> View:
    """Return the App Home tab: how to ask, examples, the person's recent questions with their status, and (given
    updates) the answers that changed since they asked."""
    escalations = escalations or {}
    blocks: list[Block] = [HeaderBlock(text="Data-privacy answers about AI vendors"), SectionBlock(text=HOW_TO_ASK)]
    if examples:
        lines = "\n".join(f"• _{shorten(escape(q), 300)}_" for q in examples[:8])  # cut after escaping: bounded
        blocks.append(SectionBlock(text=f"*Examples*\n{lines}"))
    blocks += [DividerBlock(), HeaderBlock(text="Your recent questions")]
    if not recent:
        blocks.append(SectionBlock(text="You haven't asked anything yet."))
    for record in recent[:20]:
        when = record.created_at.strftime("%Y-%m-%d %H:%M UTC")
        blocks.append(SectionBlock(text=shorten(quote(escape(readable(record.question.text))), HOME_QUESTION)))
        status = status_of(record, escalations.get(record.id))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"{when} · {status}")]))
    if updates is not None:
        blocks += home_blocks(updates)
    return View(type="home", blocks=blocks)


def build_feedback_modal(*, feedback_id: int, question_id: int) -> View:
    """Return the modal that asks why an answer did not help, and offers the privacy team."""
    follow_up = CheckboxesElement(action_id=INPUT_FOLLOW_UP, options=[
        Option(value=FOLLOW_UP_VALUE, text="Ask the privacy team to answer my question"),
    ])
    return View(
        type="modal", callback_id=VIEW_FEEDBACK, private_metadata=f"{feedback_id}:{question_id}",
        title="Not helpful", submit="Send", close="Cancel",
        blocks=[
            SectionBlock(text="Thanks for telling us. What was missing or wrong? (optional)"),
            InputBlock(block_id=BLOCK_REASON, label="Reason", optional=True,
                       element=PlainTextInputElement(action_id=INPUT_REASON, multiline=True,
                                                     max_length=REASON_LIMIT)),
            InputBlock(block_id=BLOCK_FOLLOW_UP, label="Follow-up", optional=True, element=follow_up),
        ],
    )
