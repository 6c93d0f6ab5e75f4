"""The triage channel's messages built by pure functions: the triage message in each state, the reminder, and the
notes in its thread about what reached the asker (what the asker hears is in asker_blocks.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    SectionBlock,
)

from bot.core.escalations import CloseReason, Escalation, Notice, Status
from bot.core.masking import mask_contacts
from bot.core.matching.text import readable
from bot.core.questions import Question, Source
from bot.slack.blocks import (
    FALLBACK_LIMIT,
    SECTION_LIMIT,
    Message,
    build_notice,
)
from bot.slack.mrkdwn import escape, quote, shorten

ACTION_CLAIM = "triage_claim"
ACTION_ANSWER = "triage_answer"
ACTION_SEND_ENTRY = "triage_send_entry"
ACTION_CLOSE = "triage_close"
QUESTION_LIMIT = 2500
COMPARED = "(compared)"  # what a triage message's `answered` is when the asker got entries side by side
NEAR_MISSES = 3

CLOSE_REASONS = {CloseReason.NOT_PRIVACY: "not a privacy question", CloseReason.DUPLICATE: "duplicate"}
_ICONS = {Status.OPEN: ":large_yellow_circle:", Status.CLAIMED: ":eyes:", Status.ANSWERED: ":white_check_mark:",
          Status.CLOSED: ":no_entry_sign:", Status.EXPIRED: ":hourglass:"}


def shown_question(text: str, limit: int = QUESTION_LIMIT) -> str:
    """Return a question as the triage team sees it: contacts masked, escaped, then bounded (an escaped `&` is five
    characters: cut after escaping, never inside an entity)."""
    return shorten(escape(mask_contacts(readable(text))), limit)  # a link as "label (url)": the address shows


def quoted_question(head: str, text: str, limit: int = SECTION_LIMIT) -> str:
    """Return head, then the question quoted line by line, within limit characters in all (quoting adds two per
    line): what a section block may hold."""
    return shorten(f"{head}{quote(shown_question(text, limit))}", limit)


def _where(question: Question, permalink: str | None) -> str:
    if question.source is Source.DM:
        return "in a direct message to me"
    if question.source is Source.COMMAND:
        return f"with /privacy in <#{question.channel}>"
    place = f"in <#{question.channel}>"
    return f"{place} (<{permalink}|open the message>)" if permalink else place


def _when(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at else ""


def status_line(esc: Escalation, titles: Mapping[str, str], original: Status | None = None) -> str:
    """Return the triage message's status: what happened, who did it, when (closed as a duplicate: of which
    question, and whether its answer has gone to this asker too: `original` is where that question stands)."""
    icon = _ICONS[esc.status]
    if esc.status is Status.OPEN:
        return f"{icon} *Open*: nobody has claimed it yet."
    if esc.status is Status.CLAIMED:
        return f"{icon} *Claimed* by <@{esc.claimed_by}> ({_when(esc.claimed_at)})."
    if esc.status is Status.EXPIRED:
        return (f"{icon} *Expired*: nobody answered before the question was removed after the retention period "
                "(PRIVACY_BOT_RETENTION_DAYS).")
    if esc.status is Status.CLOSED:
        reason = CLOSE_REASONS.get(esc.close_reason or CloseReason.NOT_PRIVACY, "")
        if esc.duplicate_of is not None:
            reason += f" of #{esc.duplicate_of}" + (
                ", which is answered: its answer goes to this asker too" if original is Status.ANSWERED
                else ", whose answer goes to this asker too once it has one" if original in (Status.OPEN,
                                                                                            Status.CLAIMED)
                else ", which was settled without an answer")
        return f"{icon} *Closed* by <@{esc.closed_by}> ({_when(esc.closed_at)}): {reason}."
    if esc.entry_id:
        title = escape(titles.get(esc.entry_id, esc.entry_id))
        return (f"{icon} *Answered* by <@{esc.answered_by}> ({_when(esc.answered_at)}) with the curated entry "
                f"_{title}_ (`{esc.entry_id}`).")
    return (f"{icon} *Answered* by <@{esc.answered_by}> ({_when(esc.answered_at)}). The answer is kept as a draft "
            "entry: `privacy-bot drafts export DIR`.")


def triage_actions(question_id: int, status: Status) -> ActionsBlock | None:
    """Return the buttons for the state (none once answered or closed)."""
    if status not in (Status.OPEN, Status.CLAIMED):
        return None
    value = str(question_id)
    elements: list[ButtonElement | OverflowMenuElement] = []
    if status is Status.OPEN:
        elements.append(ButtonElement(text="Claim", action_id=ACTION_CLAIM, value=value, style="primary"))
    elements += [
        ButtonElement(text="Answer…", action_id=ACTION_ANSWER, value=value),
        ButtonElement(text="Send existing answer…", action_id=ACTION_SEND_ENTRY, value=value),
        OverflowMenuElement(action_id=ACTION_CLOSE, options=[
            Option(value=f"{question_id}:{reason.value}", text=f"Close: {label}")
            for reason, label in CLOSE_REASONS.items()]),
    ]
    return ActionsBlock(block_id=f"triage:{question_id}", elements=elements)


def build_triage_message(esc: Escalation, question: Question, *, titles: Mapping[str, str],
                         permalink: str | None = None, answered: str | None = None,
                         earlier: Question | None = None, original: Status | None = None) -> Message:
    """Return the triage channel's message for an escalation in its current state: with the entry the asker was
    answered with (when they asked for more), and the earlier question a follow-up continues, as it was read."""
    shown = shown_question(question.text) or "_(removed after the retention period)_"
    asker = f"<@{question.asker}>" if question.asker else "someone (removed after the retention period)"
    asked = f"Asked by {asker} {_where(question, permalink)} · {_when(esc.created_at)} · #{esc.question_id}"
    why = f"Why it is here: {escape(shorten(esc.why, 500))}"
    if esc.requested_by and esc.requested_by != question.asker:
        why += f" · requested by <@{esc.requested_by}>"
    misses = [f"• {escape(shorten(titles.get(m.entry_id, m.entry_id), 150))} (`{m.entry_id}`): "
              + (f"score {m.score:.2f}" if m.basis == "matcher" else f"wording {m.score:.0%} alike")
              for m in esc.near_misses[:NEAR_MISSES] if m.entry_id != answered]
    ruled_out = any(m.basis == "wording" for m in esc.near_misses)
    why_not = "no entry covers what it names" if ruled_out else "not close enough to answer with"
    nearest = (f"*Nearest entries* ({why_not}):\n" + "\n".join(misses) if misses
               else "*Nearest entries*: none came close.")
    if answered:
        title = escape(shorten(titles.get(answered, answered), 150))
        said = "curated entries side by side" if answered == COMPARED else f"{title} (`{answered}`)"
        nearest = (f"*Answered with* {said}; the asker wants more than it says."
                   + ("\n*Entries considered*:\n" + "\n".join(misses) if misses else ""))
    blocks: list[Block] = [
        HeaderBlock(text="Question for the privacy team" + (", asked again" if esc.again else "")),
        SectionBlock(text=shorten(quote(shown), SECTION_LIMIT)),
        ContextBlock(elements=[MarkdownTextObject(text=asked), MarkdownTextObject(text=why)]),
    ]
    if earlier is not None:
        read = f"; read as _{escape(shorten(esc.reading, 200))}_" if esc.reading else ""
        before = shown_question(earlier.text, 500) or "_(removed after the retention period)_"
        head = "*Asked again* after the privacy team's reply to" if esc.again else "*A follow-up to*"
        blocks.append(SectionBlock(text=shorten(f"{head} (#{esc.follows}{read}):\n{quote(before)}",
                                                SECTION_LIMIT)))
    status = status_line(esc, titles, original)
    undelivered = undelivered_line(esc, question.asker)
    blocks += [SectionBlock(text=nearest), SectionBlock(text=f"{status}\n{undelivered}" if undelivered else status)]
    actions = triage_actions(esc.question_id, esc.status)
    if actions is not None:
        blocks.append(actions)
    text = f"Question for the privacy team (#{esc.question_id}) from {asker}: {shown}"
    state = esc.status.value + (", not delivered" if undelivered else "")
    return Message(text=shorten(text, FALLBACK_LIMIT) + f" [{state}]", blocks=blocks)


_WHAT = {Notice.ASKER_ANSWER: "the answer", Notice.ASKER_CLOSED: "the note that this question was closed",
         Notice.ASKER_NOTICE: "the note that the privacy team has this question"}


def _what(notice: Notice | None) -> str:
    """Return which of the asker's messages a note is about (lower case)."""
    return _WHAT.get(notice or Notice.ASKER_ADDED, "a message about this question")


def _asker(asker: str | None) -> str:
    return f"<@{asker}>" if asker else "the asker"


def build_undelivered(asker: str | None, notice: Notice | None) -> Message:
    """Return the triage thread's note that a message for the asker reached them neither in their channel nor by DM."""
    return build_notice(f":warning: {_what(notice).capitalize()} could not be delivered to {_asker(asker)}: their "
                        "channel refused it (archived, or the bot is no longer in it) and so did a direct message. "
                        "Please reach them another way.")


def build_delivered_by_dm(asker: str | None, channel: str, notice: Notice | None) -> Message:
    """Return the triage thread's note that the answer (or the closing note) went to the asker by direct message,
    their channel having refused it for good."""
    return build_notice(f":incoming_envelope: {_what(notice).capitalize()} went to {_asker(asker)} by direct "
                        f"message: <#{channel}> refused it (archived, or the bot is no longer in it).")


def undelivered_line(esc: Escalation, asker: str | None) -> str | None:
    """Return the triage message's warning that a message for the asker was given up, or None."""
    if esc.undelivered is None:
        return None
    return (f":warning: *Not delivered*: {_what(esc.undelivered)} reached {_asker(asker)} neither in their channel "
            "nor by direct message (see the thread). Please reach them another way.")


def build_reminder(after: dt.timedelta, *, usergroup: str | None = None, claimed_by: str | None = None) -> Message:
    """Return the one reminder in the triage thread of an escalation nobody has claimed, or (claimed_by) whose
    claim has gone unanswered."""
    seconds = after.total_seconds()
    amount, unit = next((seconds / size, name) for size, name in ((3600, "hour"), (60, "minute"), (1, "second"))
                        if seconds >= size or size == 1)
    waited = f"{amount:g} {unit}" + ("" if amount == 1 else "s")
    if claimed_by:
        return build_notice(f":alarm_clock: <@{claimed_by}> claimed this question {waited} ago and it has no "
                            "answer yet. The asker is waiting in their thread: answer it, or say here if someone "
                            "else should take it.")
    who = f"<!subteam^{usergroup}> " if usergroup else ""
    return build_notice(f":alarm_clock: {who}This question has waited {waited} without anyone claiming it. "
                        "Can someone take it? The asker is waiting for an answer in their thread.")
