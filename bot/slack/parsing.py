"""Slack payloads -> inbox items and their keys. Everything here is untrusted input, checked on the way in.

Only requests whose signature was verified (or that came over our own Socket Mode connection) reach this
module. Ids are checked against Slack's formats, text is cleaned and bounded, and a response_url is kept only
when it points at Slack's own hooks host (the tests point that setting at the fake Slack on loopback).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import SplitResult, urlsplit

from bot.core.inbox import Action, ActionItem, Container, Form, HomeItem, QuestionItem, SubmissionItem
from bot.core.matching.text import MAX_QUESTION_CHARS, clean, scrub
from bot.core.questions import Question, Source

SLACK_ID = re.compile(r"^[A-Z0-9]{2,32}$")
_TS = re.compile(r"^\d{1,12}\.\d{1,9}$")
HANDLED_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
TRIGGER = re.compile(r"^[\w.-]{1,120}$")
MAX_BLOCKS_KEPT = 60
_SUBTEAM = re.compile(r"<!subteam\^[A-Z0-9]{2,32}(?:\|@?([^<>|@\s][^<>|]{0,99}))?>")  # a user group, by its handle
_DEFAULT_PORTS = {"http": 80, "https": 443}


class PayloadError(ValueError):
    """A payload lacks what an item needs, or carries malformed ids."""


def slack_id(value: Any, what: str) -> str:
    """Return a Slack id (U…, C…, T…), or raise PayloadError."""
    if not isinstance(value, str) or not SLACK_ID.match(value):
        raise PayloadError(f"{what} is not a Slack id: {str(value)[:40]!r}")
    return value


def ts(value: Any, what: str) -> str:
    """Return a Slack message timestamp, or raise PayloadError."""
    if not isinstance(value, str) or not _TS.match(value):
        raise PayloadError(f"{what} is not a Slack timestamp: {str(value)[:40]!r}")
    return value


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _origin(url: SplitResult) -> tuple[str, str, int | None] | None:
    try:
        port = url.port or _DEFAULT_PORTS.get(url.scheme)
    except ValueError:  # a port that is not a number
        return None
    if not url.hostname or url.username is not None or url.password is not None:
        return None
    return url.scheme.lower(), url.hostname.lower(), port


def hook(value: Any, *, allowed: str) -> str | None:
    """Return a response_url if it is Slack's, else None: never call anything else. Slack's is the same scheme,
    host and port as `allowed`, with a path under its path on a segment boundary (a prefix of the text is not
    enough: https://hooks.slack.com.evil.example/ starts with https://hooks.slack.com)."""
    if not (isinstance(value, str) and len(value) < 1000 and value.isprintable() and "\\" not in value):
        return None
    url, base = urlsplit(value), urlsplit(allowed)
    if _origin(url) is None or _origin(url) != _origin(base):
        return None
    root = base.path.rstrip("/") + "/"
    return value if (url.path + "/").startswith(root) else None


def is_from_a_person(event: dict[str, Any], *, bot_user_id: str | None) -> bool:
    """Return whether a message event is a person's new message (not a bot's, ours, an edit, a join...)."""
    if event.get("bot_id") or event.get("subtype") not in HANDLED_SUBTYPES or event.get("edited"):
        return False
    user = event.get("user")
    return bool(user) and user != bot_user_id


def question_text(raw: str, *, bot_user_id: str | None) -> str:
    """Return the plain question: our own mention removed, markup resolved (a user group named as its handle,
    "@legal"), bounded to 4,000 characters."""
    raw = scrub(raw[: MAX_QUESTION_CHARS * 4])
    raw = _SUBTEAM.sub(lambda m: f" @{(m[1] or 'a user group').strip()} ", raw)  # "@legal" as written (not live)
    if bot_user_id:
        raw = raw.replace(f"<@{bot_user_id}>", " ")
    return clean(raw, limit=MAX_QUESTION_CHARS, keep=True)  # links and people named stay; matching resolves them


def message(event: dict[str, Any], *, team: str, bot_user_id: str | None, source: Source) -> tuple[str, QuestionItem]:
    """Return the key and item of an app_mention or message.im event (one key per message, whichever event)."""
    raw = _text(event.get("text"))
    thread_ts = event.get("thread_ts")
    q = Question(team=slack_id(event.get("team") or team, "team"), channel=slack_id(event.get("channel"), "channel"),
                 ts=ts(event.get("ts"), "ts"), thread_ts=ts(thread_ts, "thread_ts") if thread_ts else None,
                 asker=slack_id(event.get("user"), "user"), text=question_text(raw, bot_user_id=bot_user_id),
                 source=source, original_length=len(raw))
    return f"msg:{q.team}:{q.channel}:{q.ts}", QuestionItem(question=q)


def command(body: dict[str, Any], *, hooks: str) -> tuple[str, QuestionItem]:
    """Return the key and item of a /privacy slash command."""
    raw = _text(body.get("text"))
    trigger = body.get("trigger_id")
    if not isinstance(trigger, str) or not TRIGGER.match(trigger):
        raise PayloadError("command without a trigger_id")
    q = Question(team=slack_id(body.get("team_id"), "team_id"), channel=slack_id(body.get("channel_id"), "channel_id"),
                 asker=slack_id(body.get("user_id"), "user_id"), text=question_text(raw, bot_user_id=None),
                 source=Source.COMMAND, original_length=len(raw))
    return f"cmd:{trigger}", QuestionItem(question=q, response_url=hook(body.get("response_url"), allowed=hooks))


def button_value(value: Any) -> tuple[int, str]:
    """Return (question id, entry id or detail) from a button value we made (but anyone could have sent)."""
    if not isinstance(value, str) or len(value) > 220:
        raise PayloadError("malformed button value")
    head, _, rest = value.partition(":")
    if not head.isdigit() or len(head) > 12:
        raise PayloadError(f"malformed button value: {value[:40]!r}")
    return int(head), rest


def _container(body: dict[str, Any]) -> Container:
    c = _dict(body.get("container"))
    blocks = _dict(body.get("message")).get("blocks")
    channel, message_ts, thread_ts = _text(c.get("channel_id")), _text(c.get("message_ts")), _text(c.get("thread_ts"))
    return Container(channel=channel if SLACK_ID.match(channel) else None,
                     message_ts=message_ts if _TS.match(message_ts) else None,
                     thread_ts=thread_ts if _TS.match(thread_ts) else None,
                     ephemeral=c.get("is_ephemeral") is True,
                     blocks=[b for b in (blocks if isinstance(blocks, list) else [])[:MAX_BLOCKS_KEPT]
                             if isinstance(b, dict)])


def action(body: dict[str, Any], act: dict[str, Any], kind: Action, *, hooks: str) -> tuple[str, ActionItem]:
    """Return the key and item of a click on one of our buttons (or the triage Close menu)."""
    user = slack_id(_dict(body.get("user")).get("id"), "user.id")
    value = act.get("value")
    if kind is Action.CLOSE:
        value = _dict(act.get("selected_option")).get("value")
    question_id, rest = button_value(value)
    trigger = body.get("trigger_id")
    stamp = _text(act.get("action_ts"))
    item = ActionItem(action=kind, user=user, question_id=question_id,
                      entry_id=rest if kind is not Action.CLOSE else "", detail=rest if kind is Action.CLOSE else "",
                      response_url=hook(body.get("response_url"), allowed=hooks),
                      trigger_id=trigger if isinstance(trigger, str) and TRIGGER.match(trigger) else None,
                      container=_container(body))
    return f"act:{user}:{stamp[:40]}:{kind.value}:{question_id}", item


def view_ids(view: dict[str, Any]) -> tuple[str, str]:
    """Return the view's id and hash: a submission's key."""
    vid, vhash = view.get("id"), view.get("hash")
    return (vid if isinstance(vid, str) else "")[:40], (vhash if isinstance(vhash, str) else "")[:60]


def submission(body: dict[str, Any], view: dict[str, Any], form: Form, *, question_id: int, values: dict[str, Any],
               feedback_id: int | None = None) -> tuple[str, SubmissionItem]:
    """Return the key and item of a submitted form whose fields were checked already."""
    user = _dict(body.get("user"))
    name = user.get("username")
    item = SubmissionItem(form=form, user=slack_id(user.get("id"), "user.id"),
                          user_name=name[:80] if isinstance(name, str) else None, question_id=question_id,
                          feedback_id=feedback_id, values=values)
    vid, vhash = view_ids(view)
    digest = hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return f"view:{vid}:{vhash}:{digest}", item


def home(event: dict[str, Any]) -> tuple[str, HomeItem] | None:
    """Return the key and item of an app_home_opened event on the Home tab (others are ignored)."""
    if event.get("tab") != "home":
        return None
    user = slack_id(event.get("user"), "user")
    stamp = _text(event.get("event_ts"))
    return f"home:{user}:{stamp[:40]}", HomeItem(user=user)


def parse_id(value: Any) -> int:
    """Return a question id from a modal's private_metadata (untrusted)."""
    if not isinstance(value, str) or not value.isdigit() or len(value) > 12:
        raise PayloadError(f"malformed question id: {str(value)[:40]!r}")
    return int(value)


def parse_metadata(value: Any) -> tuple[int, int]:
    """Return (feedback id, question id) from the feedback modal's private_metadata."""
    if not isinstance(value, str):
        raise PayloadError("malformed private_metadata")
    parts = value.split(":")
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 12 for p in parts):
        raise PayloadError(f"malformed private_metadata: {value[:40]!r}")
    return int(parts[0]), int(parts[1])


def form_text(view: dict[str, Any], block: str, action_id: str) -> str | None:
    """Return a text input's value from a view_submission's state, scrubbed."""
    values = _dict(_dict(view.get("state")).get("values"))
    value = _dict(_dict(values.get(block)).get(action_id)).get("value")
    return scrub(value) if isinstance(value, str) else None


def form_selected(view: dict[str, Any], block: str, action_id: str) -> list[str]:
    """Return the values chosen in a select or checkboxes input."""
    field = _dict(_dict(_dict(_dict(view.get("state")).get("values")).get(block)).get(action_id))
    chosen = field.get("selected_options") or ([field["selected_option"]] if field.get("selected_option") else [])
    return [str(o.get("value")) for o in (chosen if isinstance(chosen, list) else []) if isinstance(o, dict)]
