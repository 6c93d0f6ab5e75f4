"""What delivery sends: one Slack call (Outgoing), the two reasons a queued message is not sent yet or at all, and a
post refused for good turned into a direct message to its asker."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.replies import Target
from bot.slack.blocks import FALLBACK_LIMIT, MAX_BLOCKS, Message, build_notice


@dataclass(frozen=True)
class Outgoing:
    """One Slack call: a post (channel, maybe a thread), an update of a message, or a response_url reply."""

    message: Message
    target: Target


class NotReady(Exception):
    """The message needs one that is not delivered yet (e.g. the triage post, for its ts)."""


class Gone(Exception):
    """What the message is about no longer exists (deleted or purged); the message is dropped."""


def moved(out: Outgoing, channel: str, asker: str) -> Outgoing:
    """Return a post its conversation refused for good as a DM to its asker, saying why it comes there."""
    line = (f":information_source: I couldn't post this in <#{channel}> (it is archived, or I'm no longer in it), "
            "so here it is as a direct message.")
    blocks = list(out.message.blocks)
    if len(blocks) < MAX_BLOCKS:
        blocks.insert(0, build_notice(line).blocks[0])
    return Outgoing(Message(text=f"{line}\n{out.message.text}"[:FALLBACK_LIMIT], blocks=blocks),
                    Target(channel=asker))
