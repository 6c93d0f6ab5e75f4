"""Slack payloads -> inbox items: mentions stripped, threads kept, bots and subtypes ignored, input bounded and
scrubbed, response_urls only Slack's, keys that make Slack's retries one request."""

from __future__ import annotations

import pytest

from bot.core.inbox import Action, Form
from bot.core.questions import Source
from bot.slack import parsing
from bot.slack.parsing import PayloadError, is_from_a_person

BOT = "UBOT"
HOOKS = "https://hooks.slack.com/"


def event(**extra):
    base = {"type": "app_mention", "user": "U1", "text": "<@UBOT> Does Anthropic keep prompts?",
            "ts": "1700000000.000100", "channel": "C1", "team": "T1"}
    return {**base, **extra}


def question(**extra):
    return parsing.message(event(**extra), team="T1", bot_user_id=BOT, source=Source.MENTION)


def test_mention_is_stripped_and_thread_kept():
    key, item = question(thread_ts="1699999999.000001")
    q = item.question
    assert key == "msg:T1:C1:1700000000.000100"
    assert q.text == "Does Anthropic keep prompts?"
    assert (q.team, q.channel, q.ts, q.thread_ts, q.asker) == ("T1", "C1", "1700000000.000100", "1699999999.000001",
                                                                "U1")
    assert q.reply_thread() == "1699999999.000001"
    assert question()[1].question.reply_thread() == "1700000000.000100"


def test_the_same_message_as_a_mention_and_as_a_dm_event_is_one_request():
    dm = parsing.message(event(type="message", channel_type="im"), team="T1", bot_user_id=BOT, source=Source.DM)
    assert dm[0] == question()[0]


def test_broadcasts_are_dropped_and_people_named_stay_as_plain_text():
    q = question(text="<@UBOT> <!channel> hi <@U999|bob> &lt;!here&gt; retention?")[1].question
    assert "<@U999" not in q.text and "<!channel>" not in q.text
    assert q.text == "hi @U999 <!here> retention?"  # literal text the user typed; escaped whenever it is echoed


def test_links_stay_links_for_people_and_read_as_their_labels_for_matching(answers):
    from bot.core.matching.text import clean, readable
    from bot.slack.triage_blocks import shown_question

    raw = ("Is <https://mistral.ai/terms/dpa|this DPA> enough for Mistral on Vertex AI, or should <@U0LEGAL01> "
           "review it? <https://example.com/x> &lt;https://evil.example|safe&gt;")
    q = question(text=raw)[1].question
    assert q.text.startswith("Is <https://mistral.ai/terms/dpa|this DPA> enough") and "@U0LEGAL01 review" in q.text
    assert clean(q.text).startswith("Is this DPA enough for Mistral on Vertex AI, or should @U0LEGAL01 review")
    assert readable(q.text).startswith("Is this DPA (https://mistral.ai/terms/dpa) enough")
    shown = shown_question(q.text)
    assert "this DPA (https://mistral.ai/terms/dpa)" in shown and "https://example.com/x" in shown
    assert "<https" not in shown  # the address shows; no label hides it
    assert "<@U0LEGAL01>" not in shown and "@U0LEGAL01" in shown
    plain = question(text=raw.replace("<https://mistral.ai/terms/dpa|this DPA>", "this DPA"))[1].question
    assert answers.decide(q.text).outcome is answers.decide(plain.text).outcome  # the link changes nothing


@pytest.mark.parametrize("raw, text", [
    ("<@UBOT> keep\x00 prompts?\x07", "keep prompts?"),
    ("<@UBOT> lone \ud800 surrogate", "lone \ufffd surrogate"),
    ("<@UBOT> <https://x.example/a|the docs> and <https://y.example>", "<https://x.example/a|the docs> and "
                                                                       "<https://y.example>"),
    ("<@UBOT> <#C123|privacy> <!subteam^S1> <mailto:a@b.example|mail> ok", "#privacy mail ok"),
    ("<@UBOT> " + "<" * 5000, "<" * 4000),
])
def test_text_is_scrubbed_and_markup_resolved(raw, text):
    assert question(text=raw)[1].question.text == text


def test_long_questions_are_bounded():
    q = parsing.message(event(text="privacy " * 5000), team="T1", bot_user_id=BOT, source=Source.DM)[1].question
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
                                 {"channel": None}, {"text": {"not": "text"}, "ts": "x"}])
def test_malformed_ids_are_rejected(bad):
    with pytest.raises(PayloadError):
        question(**bad)


def command(**extra):
    return {"team_id": "T1", "channel_id": "C2", "user_id": "U3", "text": "does openai train on chats?",
            "command": "/privacy", "trigger_id": "123.456.abc", "response_url": HOOKS + "commands/T1/1/x", **extra}


def test_slash_command_keeps_only_slacks_response_url():
    key, item = parsing.command(command(), hooks=HOOKS)
    q = item.question
    assert key == "cmd:123.456.abc" and item.response_url == HOOKS + "commands/T1/1/x"
    assert (q.source, q.ts, q.channel, q.asker, q.text) == (Source.COMMAND, None, "C2", "U3",
                                                            "does openai train on chats?")
    for evil in ("http://10.0.0.1/admin", "https://hooks.slack.com.evil.example/x", "file:///etc/passwd", 7):
        assert parsing.command(command(response_url=evil), hooks=HOOKS)[1].response_url is None


def click(value, **extra):
    body = {"user": {"id": "U1"}, "trigger_id": "1.2.abc", "response_url": HOOKS + "actions/1",
            "container": {"channel_id": "C1", "message_ts": "1.2", "is_ephemeral": False},
            "message": {"blocks": [{"type": "section"}, {"type": "actions"}]}, **extra}
    return body, {"action_id": "x", "value": value, "action_ts": "1700.1"}


def test_button_values_become_action_items():
    key, item = parsing.action(*click("12:claude-microsoft-foundry"), Action.CLARIFY, hooks=HOOKS)
    assert (item.question_id, item.entry_id, item.user) == (12, "claude-microsoft-foundry", "U1")
    assert key == "act:U1:1700.1:clarify:12"
    assert item.container.channel == "C1" and item.container.message_ts == "1.2" and len(item.container.blocks) == 2
    for bad in (None, "x:y", "-1:a", "1" * 20 + ":a", "1:" + "x" * 300):
        with pytest.raises(PayloadError):
            parsing.action(*click(bad), Action.CLARIFY, hooks=HOOKS)


def test_the_close_menu_carries_the_reason():
    body, act = click(None)
    act["selected_option"] = {"value": "7:duplicate"}
    item = parsing.action(body, act, Action.CLOSE, hooks=HOOKS)[1]
    assert (item.question_id, item.detail, item.entry_id) == (7, "duplicate", "")


def test_metadata_and_submissions():
    assert parsing.parse_metadata("3:4") == (3, 4)
    for bad in (None, "1", "1:2:3", "a:b"):
        with pytest.raises(PayloadError):
            parsing.parse_metadata(bad)
    view = {"id": "V1", "hash": "h1", "state": {"values": {"reason": {"reason_input": {"value": "bad\x00 answer"}}}}}
    assert parsing.form_text(view, "reason", "reason_input") == "bad  answer"
    first = parsing.submission({"user": {"id": "U1"}}, view, Form.FEEDBACK, question_id=3, values={"a": 1})
    second = parsing.submission({"user": {"id": "U1"}}, view, Form.FEEDBACK, question_id=3, values={"a": 2})
    assert first[0].startswith("view:V1:h1:") and first[0] != second[0]


def test_only_the_home_tab_counts():
    assert parsing.home({"tab": "messages", "user": "U1"}) is None
    key, item = parsing.home({"tab": "home", "user": "U1", "event_ts": "17.1"})
    assert key == "home:U1:17.1" and item.user == "U1"
