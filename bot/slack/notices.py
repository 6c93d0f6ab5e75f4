"""Operational notices to the triage channel (not answers): e.g. an answer-set edit that failed to load."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from bot.slack.mrkdwn import escape, lines_within

log = logging.getLogger(__name__)

MAX_TEXT = 3500


def post_reload_errors(client: Any, channel: str, lines: list[str], *, claim: Callable[[str], bool]) -> bool:
    """Post the file:line errors of a failed reload once per distinct error set (claim dedupes replicas)."""
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]
    if not claim(f"reload-errors:{digest}"):
        return False
    head = (":warning: An edit to the answer set could not be loaded, so the bot keeps answering from the "
            "previous version. Fix these and the bot picks the change up by itself:")
    body = lines_within([f"• `{escape(line)}`" for line in lines], MAX_TEXT - len(head), "…and {n} more")
    client.chat_postMessage(channel=channel, text=f"{head}\n{body}", unfurl_links=False, unfurl_media=False)
    log.info("posted %d answer-set errors to %s", len(lines), channel)
    return True
