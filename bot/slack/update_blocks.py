"""Slack messages about the answer set, built by pure functions: an update to earlier askers, the note after a
Mute click, the triage notice of changed sources, the weekly digest, and App Home's part about updates."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.notices import AnswerUpdateBody, DigestBody, DigestLine, SourcesChangedBody, UpdateNote
from bot.core.updates import HomeUpdates
from bot.slack.blocks import FALLBACK_LIMIT, HEADER_LIMIT, SECTION_LIMIT, Message, build_notice
from bot.slack.mrkdwn import escape, lines_within, shorten

ACTION_MUTE_UPDATES = "updates_mute"
ACTION_UNMUTE_UPDATES = "updates_unmute"
ACTION_SHOW_UPDATED = "updates_show"
SUMMARY_LIMIT = 1500
DIFF_LIMIT = 2400

_NOTES: dict[UpdateNote, str] = {
    "muted": "Done: I won't send you updates about changed answers any more. You can turn them on again in my "
             "App Home.",
    "unmuted": "Updates about changed answers are on again.",
    "gone": "Sorry, I can't find that answer any more. Please ask again.",
}


def day(value: dt.date, *, year: bool = False) -> str:
    """Return a date as people write it: 3 Dec (or 3 Dec 2026)."""
    return f"{value.day} {value:%b}" + (f" {value.year}" if year else "")


def build_answer_update(body: AnswerUpdateBody, *, entry_url: str | None = None, asked_in: str | None = None
                        ) -> Message:
    """Return the update posted where someone got an answer that has since changed materially (or in their DM,
    asked_in: the conversation they asked in refused it)."""
    years = body.asked_on.year != body.changed_on.year
    line = (f"The answer you got on {day(body.asked_on, year=years)} changed on {day(body.changed_on, year=years)}: "
            f"{escape(shorten(body.summary, SUMMARY_LIMIT))}")
    link = f" <{entry_url.format(id=body.entry_id)}|Full entry>" if entry_url else ""
    value = f"{body.question_ids[0]}:{body.entry_id}"
    buttons = ActionsBlock(block_id=f"update:{body.question_ids[0]}", elements=[
        ButtonElement(text="Show the updated answer", action_id=ACTION_SHOW_UPDATED, value=value, style="primary"),
        ButtonElement(text="Mute updates", action_id=ACTION_MUTE_UPDATES, value=f"{body.question_ids[0]}:"),
    ])
    where = f"in <#{asked_in}>" if asked_in else "here"
    why = (f"You asked me about this {where}. I post an update when the privacy team changes an answer in a way that "
           "matters; mute them here or in my App Home.")
    blocks: list[Block] = [SectionBlock(text=f":arrows_counterclockwise: *{escape(shorten(body.title, 200))}*\n"
                                             f"{line}{link}"),
                           buttons, ContextBlock(elements=[MarkdownTextObject(text=why)])]
    return Message(text=shorten(f"{escape(body.title)}: {line}", FALLBACK_LIMIT), blocks=blocks)


def build_update_note(note: UpdateNote) -> Message:
    """Return the word to someone who clicked Mute, Turn on, or Show the updated answer."""
    return build_notice(_NOTES[note])


def mention(owner_slack: str | None) -> str:
    """Return a mention of a Slack user (U…, W…) or user group (S…), or "" (ids were validated by the loader)."""
    if not owner_slack or not owner_slack.isalnum():
        return ""
    return f"<!subteam^{owner_slack}>" if owner_slack.startswith("S") else f"<@{owner_slack}>"


def build_sources_changed(body: SourcesChangedBody) -> Message:
    """Return the triage notice that the pages an entry cites changed, with the diff and the owner."""
    owner = escape(body.owner) + (f" {mention(body.owner_slack)}" if mention(body.owner_slack) else "")
    head = f":mag: *Sources changed:* {escape(shorten(body.title, 200))} (`{body.entry_id}`) · owner {owner}"
    diff = escape(shorten(body.summary, DIFF_LIMIT, "… (more in `privacy-bot sources check`)"))
    tail = (f"Check the entry against the pages, then record them with `privacy-bot sources update {body.entry_id}`"
            " and commit the lock with the answer set.")
    return Message(text=shorten(f"Sources changed: {escape(body.title)} ({body.entry_id})", FALLBACK_LIMIT),
                   blocks=[SectionBlock(text=head), SectionBlock(text=f"```{diff}```"), ContextBlock(
                       elements=[MarkdownTextObject(text=tail)])])


def _line(item: DigestLine, *, with_owner: bool) -> str:
    text = f"• *{escape(shorten(item.title, 150))}* (`{item.entry_id}`)"
    if with_owner:  # a user group is mentioned (it gets no DM); a person gets their own DM instead
        group = mention(item.owner_slack) if (item.owner_slack or "").startswith("S") else ""
        text += f" · {escape(item.owner)}" + (f" {group}" if group else "")
    return text + (f": {escape(shorten(item.detail, 300))}" if item.detail else "")


def build_digest(body: DigestBody) -> Message:
    """Return the weekly digest: for the triage channel, or one owner's own items (body.owner set)."""
    mine = body.owner is not None
    title = f"Your entries to look at this week ({body.week})" if mine else f"Answer set: weekly review ({body.week})"
    blocks: list[Block] = [HeaderBlock(text=shorten(title, HEADER_LIMIT))]
    counts = []
    for name, items in (("Overdue for review", body.overdue), ("Sources changed", body.sources),
                        ("Drafts waiting to be published", body.drafts)):
        if items:
            lines = [_line(i, with_owner=not mine) for i in items]
            head = f"*{name}* ({len(items)})\n"
            blocks.append(SectionBlock(text=head + lines_within(lines, SECTION_LIMIT - len(head), "…and {n} more")))
            counts.append(f"{len(items)} {name.lower()}")
    if len(blocks) == 1:
        blocks.append(SectionBlock(text="Nothing to review this week."))
    return Message(text=shorten(f"{title}: " + ("; ".join(counts) or "nothing to review"), FALLBACK_LIMIT),
                   blocks=blocks)


def home_blocks(updates: HomeUpdates) -> list[Block]:
    """Return App Home's part about updates: the answers that changed since, and a Mute / Turn on button."""
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text="Answers that changed since you asked")]
    if updates.changed:
        for item in updates.changed[:10]:
            blocks.append(SectionBlock(text=f"*{escape(shorten(item.title, 200))}*\nYou asked on "
                                            f"{day(item.asked_on, year=True)}; changed on "
                                            f"{day(item.changed_on, year=True)}: {escape(shorten(item.summary, 600))}"))
    else:
        blocks.append(SectionBlock(text="None of the answers you got has changed since."))
    if not updates.enabled:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="Updates in your threads are turned off for "
                                                                     "everyone.")]))
    elif updates.muted:
        blocks.append(SectionBlock(text="You muted updates: I don't post in your threads when an answer changes.",
                                   accessory=ButtonElement(text="Turn updates on", action_id=ACTION_UNMUTE_UPDATES,
                                                           value="0:")))
    else:
        blocks.append(SectionBlock(text="When an answer you got changes in a way that matters, I post an update "
                                        "where you asked.",
                                   accessory=ButtonElement(text="Mute updates", action_id=ACTION_MUTE_UPDATES,
                                                           value="0:")))
    return blocks
