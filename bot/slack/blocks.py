"""Slack messages built by pure functions (slack_sdk.models.blocks); action ids live here.

Every message fits Block Kit's limits by construction (3,000 characters a section, 150 a header, 50 blocks,
a total well under Slack's message limit): long answers are shortened with a pointer to the full entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.models import Entry
from bot.core.phrases import CLARIFY, DECLINE, line
from bot.core.replies import Choice, TooLongBody
from bot.slack.mrkdwn import escape, fair_caps, lines_within, shorten

ACTION_HELPFUL = "feedback_helpful"
ACTION_NOT_HELPFUL = "feedback_not_helpful"
ACTION_ESCALATE = "escalate"
ACTION_SHARE = "share_in_channel"
ACTION_CLARIFY_PREFIX = "clarify_choose_"

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
MAX_BLOCKS = 50
# Slack rejects messages whose blocks hold too much text in total (msg_blocks_too_long at ~13k); stay well below.
TEXT_BUDGET = 10_000
FALLBACK_LIMIT = 3000
_TITLE_IN_LIST = 200
_URL_LIMIT = 1000


@dataclass(frozen=True)
class Message:
    """A Slack message: blocks and the plain-text fallback for notifications and screen readers."""

    text: str
    blocks: Sequence[Block | dict[str, Any]] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        """Return chat.postMessage / response_url keyword arguments."""
        return {"text": self.text, "blocks": self.blocks}


def button_value(question_id: int, entry_id: str = "") -> str:
    """Return a button value: the question id and, where it matters, an entry id."""
    return f"{question_id}:{entry_id}"


Part = tuple[str, list[str], bool]  # (heading, lines, is_list) of one answer section


def link(url: object, title: str) -> str:
    """Return an escaped title, linked to url when there is a usable one."""
    title = escape(shorten(title, _TITLE_IN_LIST))
    text = str(url) if url else ""
    if not text or len(text) > _URL_LIMIT:
        return title
    return f"<{text.replace('|', '%7C').replace('>', '%3E').replace('<', '%3C')}|{title}>"


def _pointer(entry: Entry, entry_url: str | None) -> str:
    where = f"<{entry_url.format(id=entry.id)}|{entry.id}>" if entry_url else f"`{entry.id}`"
    return f"_(shortened; full entry: {where})_"


def _sections(entry: Entry) -> list[Part]:
    """Return (heading, lines, is_list) for every part of the answer after the header."""
    r = entry.retention
    retention = [f"• *What:* {escape(r.what)}", f"• *How long:* {escape(r.duration)}"]
    if r.purposes:
        retention.append("• *Why:* " + escape("; ".join(r.purposes)))
    if r.how_to_reduce:
        retention.append(f"• *Reducing it:* {escape(r.how_to_reduce)}")
    governance = [
        "• " + link(doc.url, doc.title) + (f": {escape(doc.note)}" if doc.note else "") for doc in entry.governance
    ]
    references = [
        "• " + link(ref.url, ref.title) + (f" ({ref.date.isoformat()})" if ref.date else "")
        for ref in entry.references
    ]
    parts: list[Part] = [
        ("", [escape(entry.summary)], False),
        ("Processor", [f"• *{escape(p.name)}*: {escape(p.role)}. _Data:_ {escape(p.data)}" for p in entry.processor],
         True),
        ("Retention", retention, True),
        ("Training use", [escape(entry.training_use or "Not stated by the sources.")], False),
        ("Data location", [escape(entry.data_location or "Not stated by the sources.")], False),
        ("Governance", governance, True),
    ]
    if entry.caveats:
        parts.append(("Caveats", [f"• {escape(c)}" for c in entry.caveats], True))
    parts.append(("References", references, True))
    return parts


def _render(heading: str, lines: list[str], is_list: bool, limit: int, pointer: str) -> str:
    head = f"*{heading}*\n" if heading else ""
    room = limit - len(head)
    cut_list = is_list and len(lines) > 1
    return head + (lines_within(lines, room, "… {n} more " + pointer) if cut_list
                   else shorten("\n".join(lines), room, pointer))


def render_parts(parts: list[Part], pointer: str) -> list[str]:
    """Return the mrkdwn of each section, each within 3,000 characters and all within the message's budget."""
    full = [_render(h, lines, is_list, SECTION_LIMIT, pointer) for h, lines, is_list in parts]
    cap = fair_caps([len(text) for text in full], TEXT_BUDGET)
    return [text if len(text) <= cap else _render(*part, cap, pointer) for text, part in zip(full, parts, strict=True)]


def answer_sections(entry: Entry, *, entry_url: str | None = None) -> list[str]:
    """Return the mrkdwn of each answer section of an entry."""
    return render_parts(_sections(entry), _pointer(entry, entry_url))


def _overdue_warning(entry: Entry) -> str:
    return (f":warning: *Overdue for review*: last reviewed {entry.reviewed_on.isoformat()}, due again "
            f"{entry.review_due().isoformat()}. It may be out of date; check the references before relying on it.")


def context_line(entry: Entry, *, overdue: bool) -> str:
    """Return the line under an answer: review date, owner, entry id."""
    line = f"Reviewed {entry.reviewed_on.isoformat()} · owner {escape(entry.owner)} · entry {entry.id}"
    return line + (" · :warning: overdue for review" if overdue else "")


def fallback_text(entry: Entry, *, overdue: bool) -> str:
    """Return the plain-text fallback of an answer."""
    prefix = "[Overdue for review] " if overdue else ""
    return shorten(f"{prefix}{escape(entry.title)}: {escape(entry.summary)} (entry {entry.id})", FALLBACK_LIMIT)


def answer_buttons(question_id: int, entry_id: str, *, shareable: bool = False) -> ActionsBlock:
    """Return Helpful / Not helpful / Ask the privacy team (and Share in channel for private replies)."""
    value = button_value(question_id, entry_id)
    elements = [
        ButtonElement(text="Helpful", action_id=ACTION_HELPFUL, value=value),
        ButtonElement(text="Not helpful", action_id=ACTION_NOT_HELPFUL, value=value),
        ButtonElement(text="Ask the privacy team", action_id=ACTION_ESCALATE, value=value),
    ]
    if shareable:
        elements.insert(0, ButtonElement(text="Share in channel", action_id=ACTION_SHARE, value=value,
                                         style="primary"))
    return ActionsBlock(block_id=f"answer:{question_id}", elements=elements)


def build_answer(entry: Entry, *, question_id: int, today: dt.date, entry_url: str | None = None,
                 shareable: bool = False, shared_by: str | None = None, note: str | None = None,
                 before: Sequence[Block] = (), after: Sequence[Block] = ()) -> Message:
    """Return the structured answer of an entry, with feedback buttons (note: our own mrkdwn for the context;
    before: blocks under the header, e.g. the aspect asked; after: blocks above the buttons)."""
    overdue = entry.is_overdue(today)
    blocks: list[Block] = [HeaderBlock(text=shorten(entry.title, HEADER_LIMIT)), *before]
    if overdue:
        blocks.append(SectionBlock(text=_overdue_warning(entry)))
    blocks += [SectionBlock(text=text) for text in answer_sections(entry, entry_url=entry_url)]
    context = context_line(entry, overdue=overdue)
    if shared_by:
        context += f" · shared by <@{shared_by}>"
    if note:
        context += f" · {note}"
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=context)]))
    blocks += after
    blocks.append(answer_buttons(question_id, entry.id, shareable=shareable))
    return Message(text=fallback_text(entry, overdue=overdue), blocks=blocks[:MAX_BLOCKS])


def in_language(text: str | None) -> list[Block]:
    """Return a context line in the asker's language above a reply (none in English)."""
    return [ContextBlock(elements=[MarkdownTextObject(text=escape(text))])] if text else []


def build_clarify(options: Sequence[Choice], *, question_id: int, compare_with: str | None = None,
                  language: str | None = None) -> Message:
    """Return the question back: which product? One button per option, and the privacy team."""
    intro = "Your question could be about several products, and the answer differs between them. Which one do you mean?"
    if compare_with:  # "compared to Copilot?" after an answer: the one picked is shown beside it
        intro = f"Which one do you mean? I'll show it side by side with *{escape(compare_with)}*."
    buttons = [
        ButtonElement(text=shorten(choice.title, BUTTON_TEXT_LIMIT), action_id=f"{ACTION_CLARIFY_PREFIX}{n}",
                      value=button_value(question_id, choice.entry_id))
        for n, choice in enumerate(options[:24])
    ]
    buttons.append(ButtonElement(text="None of these: ask the privacy team", action_id=ACTION_ESCALATE,
                                 value=button_value(question_id)))
    names = "; ".join(escape(choice.title) for choice in options)
    return Message(
        text=shorten(f"Which one do you mean? {names}", FALLBACK_LIMIT),
        blocks=[*in_language(line(CLARIFY, language)), SectionBlock(text=intro),
                ActionsBlock(block_id=f"clarify:{question_id}", elements=buttons)],
    )


def build_decline(*, question_id: int, language: str | None = None, thanked: bool = False) -> Message:
    """Return the reply to a question that is not about data privacy, offering the privacy team anyway."""
    if thanked:  # "thanks!", "ok great": nothing to decline
        return build_notice("You're welcome. Ask me another data-privacy question any time, here or in a DM.")
    text = ("This doesn't look like a data-privacy question about an AI vendor or platform, so I won't guess. "
            "If it is one, I can ask the privacy team.")
    button = ButtonElement(text="Ask the privacy team anyway", action_id=ACTION_ESCALATE,
                           value=button_value(question_id))
    return Message(text=text, blocks=[*in_language(line(DECLINE, language)), SectionBlock(text=text),
                                      ActionsBlock(block_id=f"decline:{question_id}", elements=[button])])


def build_notice(text: str) -> Message:
    """Return a one-section message of our own (already-safe) mrkdwn."""
    text = shorten(text, SECTION_LIMIT)
    return Message(text=text, blocks=[SectionBlock(text=text)])


def build_too_long(length: int, limit: int) -> Message:
    """Return the polite reply to an over-long question."""
    return build_notice(TooLongBody(length=length, limit=limit).text())


def build_rate_limited(limit: int) -> Message:
    """Return the polite reply to someone over the rate limit."""
    return build_notice(f"You've asked more than {limit} questions in the last minute, which is my limit. "
                        "Please wait a minute and ask again.")


def mention(user: str | None, prefix: str = "@") -> str:
    """Return a mention of a user (or, with prefix "#", a channel) whose id looks like one, else "someone"."""
    return f"<{prefix}{user}>" if user and user.isalnum() and user.isupper() else "someone"


_RESOLVED = {"chosen": ":white_check_mark: {user} picked *{detail}*.", "helpful": ":+1: Marked helpful by {user}.",
             "not_helpful": ":-1: Marked not helpful by {user}. Thanks: the privacy team reads these.",
             "escalated": ":raising_hand: {user} asked the privacy team; their answer will come in this thread.",
             "shared": ":mega: Shared in the channel by {user}."}


def build_resolved(original: list[dict[str, Any]], *, action: str, user: str, detail: str = "",
                   text: str = "") -> Message:
    """Return a message whose buttons were used: the same blocks without buttons, and a line saying who did what."""
    line = _RESOLVED[action].format(user=mention(user), detail=escape(shorten(detail, 150)))
    kept = [b for b in original if b.get("type") != "actions"][: MAX_BLOCKS - 1]
    blocks: list[Any] = [*kept, ContextBlock(elements=[MarkdownTextObject(text=line)]).to_dict()]
    return Message(text=shorten(text or line, FALLBACK_LIMIT), blocks=blocks)


COMMAND = "/privacy"
