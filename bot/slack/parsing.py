"""Slack payloads -> questions and button values. Everything here is untrusted input, checked on the way in."""

from __future__ import annotations

import re
from typing import Any

from bot.core.questions import Question, Source
from bot.core.text import MAX_QUESTION_CHARS, clean

SLACK_ID = re.compile(r"^[A-Z0-9]{2,32}$")
_TS = re.compile(r"^\d{1,12}\.\d{1,9}$")
HANDLED_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


class PayloadError(ValueError):
    """A payload lacks what a question needs, or carries malformed ids."""


def _slack_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not SLACK_ID.match(value):
        raise PayloadError(f"{what} is not a Slack id: {value!r}")
    return value


def _ts(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _TS.match(value):
        raise PayloadError(f"{what} is not a Slack timestamp: {value!r}")
    return value


def is_from_a_person(event: dict[str, Any], *, bot_user_id: str | None) -> bool:
    """Return whether a message event is a person's new message (not a bot's, ours, an edit, a join...)."""
    if event.get("bot_id") or event.get("subtype") not in HANDLED_SUBTYPES or event.get("edited"):
        return False
    user = event.get("user")
    return bool(user) and user != bot_user_id


def question_text(raw: str, *, bot_user_id: str | None) -> str:
    """Return the plain question: our own mention removed, markup resolved, bounded to 4,000 characters."""
    if bot_user_id:
        raw = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", raw)
    return clean(raw, limit=MAX_QUESTION_CHARS)


def parse_message(event: dict[str, Any], *, team: str, bot_user_id: str | None, source: Source) -> Question:
    """Return the question in an app_mention or message.im event."""
    raw = event.get("text") or ""
    thread_ts = event.get("thread_ts")
    return Question(
        team=_slack_id(event.get("team") or team, "team"),
        channel=_slack_id(event.get("channel"), "channel"),
        ts=_ts(event.get("ts"), "ts"),
        thread_ts=_ts(thread_ts, "thread_ts") if thread_ts else None,
        asker=_slack_id(event.get("user"), "user"),
        text=question_text(raw, bot_user_id=bot_user_id),
        source=source,
        original_length=len(raw),
    )


def parse_command(command: dict[str, Any]) -> Question:
    """Return the question in a /privacy slash command."""
    raw = command.get("text") or ""
    return Question(
        team=_slack_id(command.get("team_id"), "team_id"),
        channel=_slack_id(command.get("channel_id"), "channel_id"),
        asker=_slack_id(command.get("user_id"), "user_id"),
        text=question_text(raw, bot_user_id=None),
        source=Source.COMMAND,
        original_length=len(raw),
    )


def parse_button_value(value: Any) -> tuple[int, str]:
    """Return (question id, entry id or "") from a button value we made (but anyone could have sent)."""
    if not isinstance(value, str) or ":" not in value:
        raise PayloadError(f"malformed button value: {value!r}")
    head, entry_id = value.split(":", 1)
    if not head.isdigit() or len(head) > 12 or len(entry_id) > 200:
        raise PayloadError(f"malformed button value: {value!r}")
    return int(head), entry_id


def parse_metadata(value: Any) -> tuple[int, int]:
    """Return (feedback id, question id) from the feedback modal's private_metadata."""
    if not isinstance(value, str):
        raise PayloadError("malformed private_metadata")
    parts = value.split(":")
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 12 for p in parts):
        raise PayloadError(f"malformed private_metadata: {value!r}")
    return int(parts[0]), int(parts[1])


def user_id(body: dict[str, Any]) -> str:
    """Return the id of the person who clicked or submitted."""
    return _slack_id((body.get("user") or {}).get("id"), "user.id")


def parse_id(value: Any) -> int:
    """Return a question id from a triage button value or modal private_metadata (untrusted)."""
    if not isinstance(value, str) or not value.isdigit() or len(value) > 12:
        raise PayloadError(f"malformed question id: {value!r}")
    return int(value)
