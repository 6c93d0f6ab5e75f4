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
    ("<@UBOT> <#C123|privacy> <!subteam^S1> <mailto:a@b.example|mail> ok", "#privacy @a user group mail ok"),
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


@pytest.mark.parametrize("allowed", ["https://hooks.slack.com", "https://hooks.slack.com/", "https://HOOKS.slack.com:443"])
def test_a_response_url_must_be_on_the_hooks_host_itself_whatever_the_setting_looks_like(allowed):
    """Scheme, host and port compared exactly, the path by whole segments: not a prefix of the text."""
    for good in ("https://hooks.slack.com/commands/T1/1/x", "https://hooks.slack.com:443/actions/T1/2/y"):
        assert parsing.hook(good, allowed=allowed) == good
    for evil in ("https://hooks.slack.com.evil.example/x", "https://hooks.slack.com@evil.example/x",
                 "https://hooks.slack.com:8443/x", "http://hooks.slack.com/x", "https://evil.example/hooks.slack.com/",
                 "https://user@hooks.slack.com/x", "https://hooks.slack.com\\@evil.example/x",
                 "https://hooks.slack.com:bad/x", "//hooks.slack.com/x"):
        assert parsing.hook(evil, allowed=allowed) is None, evil


def test_a_response_url_under_a_path_setting_stays_under_it_on_a_segment_boundary():
    allowed = "http://127.0.0.1:8123/webhook"
    assert parsing.hook("http://127.0.0.1:8123/webhook/x", allowed=allowed) == "http://127.0.0.1:8123/webhook/x"
    for evil in ("http://127.0.0.1:8123/webhookevil/x", "http://127.0.0.1:8124/webhook/x", "http://127.0.0.1:8123/x"):
        assert parsing.hook(evil, allowed=allowed) is None, evil


def test_the_hooks_setting_must_name_a_host():
    from bot.config import SettingsError, load_settings

    assert load_settings(slack_hooks_url="https://hooks.slack.com").slack_hooks_url == "https://hooks.slack.com"
    for bad in ("https://", "https://user@hooks.slack.com/", "ftp://hooks.slack.com/", "https://hooks.slack.com/?a=1"):
        with pytest.raises(SettingsError, match="PRIVACY_BOT_SLACK_HOOKS_URL"):
            load_settings(slack_hooks_url=bad)


def test_a_user_group_mentioned_shows_as_its_handle_and_notifies_no_one():
    text = parsing.question_text("Should <!subteam^S0LEGAL1|@legal> or <!subteam^S0PRIV|privacy> review "
                                 "Mistral on Vertex? <!subteam^S0BARE> <!here>", bot_user_id=None)
    assert text == "Should @legal or @privacy review Mistral on Vertex? @a user group"  # unnamed: still someone


@pytest.mark.parametrize("hidden", ["\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068",
                                    "\u2069", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u200e", "\u200f"])
def test_invisible_format_characters_that_can_disguise_text_are_removed(hidden):
    from bot.core.matching.text import scrub

    assert scrub(f"Does Mistral{hidden} keep {hidden}prompts?") == "Does Mistral keep prompts?"
    assert parsing.question_text(f"keep\u202e{hidden}stpmorp?", bot_user_id=None) == "keepstpmorp?"


def test_other_scripts_and_emoji_survive_scrubbing():
    from bot.core.matching.text import scrub

    for text in ("Mistral は Vertex AI でプロンプトを保存しますか？", "Garde-t-on les invites ? é ü ß",
                 "데이터 보존 기간은?", "Хранит ли Mistral запросы?", "هل يحتفظ Mistral بالمطالبات؟", "👍🏽 thanks"):
        assert scrub(text) == text
    assert scrub("family 👩\u200d👩\u200d👧") == "family 👩👩👧"  # a joined emoji falls apart into its emoji
