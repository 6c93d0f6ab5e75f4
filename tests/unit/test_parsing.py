"""Slack payloads -> questions: mentions stripped, threads kept, bots and subtypes ignored, input bounded."""

from __future__ import annotations

import pytest

from bot.core.questions import Source
from bot.slack.parsing import (
    PayloadError,
    is_from_a_person,
    parse_button_value,
    parse_command,
    parse_message,
    parse_metadata,
)

BOT = "UBOT"


def event(**extra):
    base = {"type": "app_mention", "user": "U1", "text": "<@UBOT> Does Anthropic keep prompts?",
            "ts": "1700000000.000100", "channel": "C1", "team": "T1"}
    return {**base, **extra}


def test_mention_is_stripped_and_thread_kept():
    q = parse_message(event(thread_ts="1699999999.000001"), team="T1", bot_user_id=BOT, source=Source.MENTION)
    assert q.text == "Does Anthropic keep prompts?"
    assert (q.team, q.channel, q.ts, q.thread_ts, q.asker) == ("T1", "C1", "1700000000.000100", "1699999999.000001",
                                                                "U1")
    assert q.reply_thread() == "1699999999.000001"
    top = parse_message(event(), team="T1", bot_user_id=BOT, source=Source.MENTION)
    assert top.reply_thread() == "1700000000.000100"


def test_other_mentions_and_broadcasts_are_dropped_from_the_text():
    q = parse_message(event(text="<@UBOT> <!channel> hi <@U999|bob> &lt;!here&gt; retention?"), team="T1",
                      bot_user_id=BOT, source=Source.MENTION)
    assert "<@U999" not in q.text and "<!channel>" not in q.text
    assert q.text == "hi <!here> retention?"  # literal text the user typed; escaped whenever it is echoed


def test_long_questions_are_bounded():
    q = parse_message(event(text="privacy " * 5000), team="T1", bot_user_id=BOT, source=Source.DM)
    assert len(q.text) <= 4000
    assert q.original_length == 40_000


@pytest.mark.parametrize("extra, person", [
    ({}, True),
    ({"subtype": "thread_broadcast"}, True),
    ({"bot_id": "B1"}, False),
    ({"subtype": "bot_message"}, False),
    ({"subtype": "message_changed"}, False),
    ({"subtype": "channel_join"}, False),
    ({"user": BOT}, False),
    ({"user": None}, False),
    ({"edited": {"user": "U1", "ts": "1"}}, False),
])
def test_who_counts_as_a_person(extra, person):
    assert is_from_a_person(event(**extra), bot_user_id=BOT) is person


@pytest.mark.parametrize("bad", [{"channel": "C1; DROP"}, {"ts": "yesterday"}, {"user": "<!channel>"},
                                 {"channel": None}])
def test_malformed_ids_are_rejected(bad):
    with pytest.raises(PayloadError):
        parse_message(event(**bad), team="T1", bot_user_id=BOT, source=Source.MENTION)


def test_slash_command():
    q = parse_command({"team_id": "T1", "channel_id": "C2", "user_id": "U3", "text": "does openai train on chats?",
                       "command": "/privacy"})
    assert (q.source, q.ts, q.channel, q.asker, q.text) == (Source.COMMAND, None, "C2", "U3",
                                                            "does openai train on chats?")


def test_button_values_and_metadata():
    assert parse_button_value("12:claude-microsoft-foundry") == (12, "claude-microsoft-foundry")
    assert parse_button_value("12:") == (12, "")
    assert parse_metadata("3:4") == (3, 4)
    for bad in (None, "x:y", "12", "-1:a", "1" * 20 + ":a"):
        with pytest.raises(PayloadError):
            parse_button_value(bad)
    for bad in (None, "1", "1:2:3", "a:b"):
        with pytest.raises(PayloadError):
            parse_metadata(bad)
