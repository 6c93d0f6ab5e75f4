"""Slack text safety and size: escaping user text, shortening to Block Kit limits without breaking markup."""

from __future__ import annotations

import re

_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")


def escape(text: str) -> str:
    """Return raw text (ours, the database's, a modal's) safe for mrkdwn: no live mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def neutralize(text: str) -> str:
    """Return already-encoded Slack event text with its mentions and links made inert (entities kept)."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def quote(text: str) -> str:
    """Return text as a mrkdwn block quote, every line of it (a quote adds two characters a line)."""
    return "\n".join("> " + line for line in text.splitlines() or [""])


def shorten(text: str, limit: int, pointer: str = "…") -> str:
    """Return text cut at a word boundary to at most limit characters, ending with pointer when cut."""
    if len(text) <= limit:
        return text
    room = max(limit - len(pointer) - 1, 0)
    cut = text[:room]
    space = text.rfind(" ", 0, room + 1)  # a space right after the cut is a word boundary too
    if space > room // 2:
        cut = text[:space]
    cut = _PARTIAL_ENTITY.sub("", cut.rstrip())
    return (cut + " " + pointer)[:limit] if cut else pointer[:limit]


def lines_within(lines: list[str], limit: int, more: str) -> str:
    """Return whole lines joined by newlines within limit; a cut list ends with `more` ({n} = lines left out)."""
    joined = "\n".join(lines)
    if len(joined) <= limit:
        return joined
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        if used + len(line) + 1 + len(more.format(n=len(lines) - index)) > limit:
            break
        kept.append(line)
        used += len(line) + 1
    note = more.format(n=len(lines) - len(kept))
    if not kept:  # even the first line is too long
        return shorten(joined, limit, note)
    return "\n".join([*kept, note])


def fair_caps(lengths: list[int], budget: int) -> int:
    """Return the largest per-item cap such that the capped lengths fit the budget (water-filling)."""
    if sum(lengths) <= budget:
        return max(lengths, default=0)
    remaining, items = budget, sorted(lengths)
    for index, length in enumerate(items):
        share = remaining // (len(items) - index)
        if length > share:
            return share
        remaining -= length
    return max(items)
