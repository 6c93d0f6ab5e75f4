"""Conversation through the real server, over HTTP (signed requests) and Socket Mode (envelopes): comparisons,
thread and DM follow-ups, the aspect asked first, partial answers (and escalating exactly the missing part),
other languages, and help."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.botserver import TRIAGE, BotServer, buttons, in_thread, payload, unique_ts, unique_user
from tests.deployfiles import REPO
from tests.fakeslack import BOT_USER_ID, Call, FakeSlack


@pytest.fixture(scope="module", params=["http", "socket"])
def server(request: pytest.FixtureRequest, fake: FakeSlack,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    workdir = tmp_path_factory.mktemp(request.param)
    shutil.copytree(REPO / "knowledge", workdir / "knowledge")  # the shipped answer set, all of it
    server = BotServer(fake, workdir, socket_mode=request.param == "socket").start()
    yield server
    server.stop()


def send_event(server: BotServer, fake: FakeSlack, body: dict[str, Any]) -> None:
    if server.socket_mode:
        fake.wait_for_ack(fake.send_envelope("events_api", body))
    else:
        assert server.event(body)[0] == 200


def mention(server: BotServer, fake: FakeSlack, question: str, *, thread_ts: str | None = None,
            user: str | None = None) -> str:
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {question}", ts=ts, event_ts=ts, user=user or unique_user())
    if thread_ts:
        body["event"]["thread_ts"] = thread_ts
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    send_event(server, fake, body)
    return ts


def dm(server: BotServer, fake: FakeSlack, question: str, user: str) -> str:
    body = payload("message_im")
    ts = unique_ts()
    body["event"].update(text=question, ts=ts, event_ts=ts, user=user, channel=f"D{user[1:]}")
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    send_event(server, fake, body)
    return ts


def click(server: BotServer, fake: FakeSlack, button: dict[str, Any], *, thread_ts: str, user: str) -> None:
    body = payload("block_actions")
    body["actions"][0].update(action_id=button["action_id"], value=button["value"], text=button["text"],
                              action_ts=unique_ts())
    body["response_url"] = fake.webhook_url()
    body["user"]["id"] = user
    body["container"]["thread_ts"] = thread_ts
    if server.socket_mode:
        fake.wait_for_ack(fake.send_envelope("interactive", body))
    else:
        assert server.interaction(body)[0] == 200


def texts(call: Call) -> list[str]:
    """Return the text of every block, in order (sections, headers and context elements)."""
    out = []
    for block in call.body["blocks"]:
        if "text" in block:
            out.append(block["text"]["text"])
        out += [e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    return out


def reply_to(fake: FakeSlack, ts: str, count: int = 1) -> Call:
    return fake.wait_for("chat.postMessage", in_thread(ts), count=count)[count - 1]


def test_a_comparison_shows_both_offerings_side_by_side_with_the_aspect_first(server, fake):
    ts = mention(server, fake, "Claude on Bedrock vs the Anthropic API — which keeps our prompts for less time?")
    reply = reply_to(fake, ts)
    shown = texts(reply)
    assert shown[0].startswith("Side by side:") and "Amazon Bedrock" in shown[0] and "Anthropic API" in shown[0]
    facets = [t.split("\n", 1)[0] for t in shown if t.startswith("*")]
    assert facets[0] == "*Default retention*"  # the aspect asked (how long it is kept) leads
    assert {"*Processor*", "*Trains on customer data*", "*Data residency*"} <= set(facets)
    assert all(line.count("|source>") == 2 for line in shown if line.startswith("*Default retention*"))


def test_a_comparison_with_an_uncovered_offering_says_so_and_offers_that_part(server, fake):
    ts = mention(server, fake, "Gemini API vs the Mistral Le Chat app: which one keeps our prompts for longer?")
    reply = reply_to(fake, ts)
    joined = "\n".join(texts(reply))
    assert joined.startswith("Side by side: Gemini Developer API")
    assert "No curated answer covers *Mistral Le Chat (consumer and Pro chat app)*" in joined
    [button] = buttons(reply)
    assert button["text"]["text"] == "Ask the privacy team about Mistral Le Chat (consumer and Pro chat app)"


def test_a_thread_follow_up_borrows_the_product_and_says_how_it_read_it(server, fake):
    root = mention(server, fake, "Does AWS keep our prompts when we use Claude on Amazon Bedrock?")
    first = reply_to(fake, root)
    assert any("entry claude-amazon-bedrock" in t for t in texts(first))
    mention(server, fake, "and on Vertex?", thread_ts=root)
    follow = reply_to(fake, root, count=2)
    shown = texts(follow)
    assert any(t.startswith("Reading this as: *Anthropic on Google") for t in shown), shown
    assert any("entry claude-google-vertex-ai" in t for t in shown)


def test_a_follow_up_of_a_follow_up_keeps_the_first_questions_aspect(server, fake):
    root = mention(server, fake, "Does AWS keep our prompts when we use Claude on Amazon Bedrock?")
    reply_to(fake, root)
    mention(server, fake, "and on Vertex?", thread_ts=root)
    reply_to(fake, root, count=2)
    mention(server, fake, "and via Azure?", thread_ts=root)  # it escalated: "and on Vertex?" asked no aspect
    shown = texts(reply_to(fake, root, count=3))
    assert any("entry claude-microsoft-foundry" in t for t in shown), shown
    assert any(t.startswith("Reading this as: *Anthropic on Microsoft Foundry — retention") for t in shown), shown


def test_an_aspect_asked_next_in_a_comparisons_thread_compares_again(server, fake):
    root = mention(server, fake, "Claude on Bedrock vs the Anthropic API — which keeps our prompts for less time?")
    assert texts(reply_to(fake, root))[0].startswith("Side by side:")
    mention(server, fake, "and what about training?", thread_ts=root)
    shown = texts(reply_to(fake, root, count=2))
    assert shown[0].startswith("Side by side:") and "Amazon Bedrock" in shown[0] and "Anthropic API" in shown[0]
    facets = [t.split("\n", 1)[0] for t in shown if t.startswith("*")]
    assert facets[0] == "*Trains on customer data*", facets  # the aspect asked now leads


def test_a_typed_reply_to_a_question_back_answers_with_the_product_it_names(server, fake):
    root = mention(server, fake, "Does Anthropic train on our data?")
    assert len(buttons(reply_to(fake, root))) >= 2  # which product? one button each
    mention(server, fake, "the API", thread_ts=root)
    shown = texts(reply_to(fake, root, count=2))
    assert any("entry anthropic-api" in t for t in shown), shown
    assert any(t.startswith("Reading this as: *Anthropic API") for t in shown), shown


def test_a_typed_both_after_a_question_back_compares_the_options(server, fake):
    root = mention(server, fake, "Does Copilot keep our prompts?")
    offered = buttons(reply_to(fake, root))
    assert len(offered) >= 2
    mention(server, fake, "all of them", thread_ts=root)
    shown = texts(reply_to(fake, root, count=2))
    assert shown[0].startswith("Side by side:") and any("github-copilot-business" in t for t in shown), shown
    assert any(t.startswith("Reading this as: *Microsoft 365 Copilot vs") for t in shown), shown


def test_a_follow_up_naming_another_product_is_not_answered_with_the_earlier_entry(server, fake):
    root = mention(server, fake, "Does ChatGPT Enterprise train on our chats?")
    assert any("entry chatgpt-enterprise" in t for t in texts(reply_to(fake, root)))
    mention(server, fake, "and the API?", thread_ts=root)  # not ChatGPT Enterprise again, whose entry speaks of it
    shown = texts(reply_to(fake, root, count=2))
    assert not any("entry chatgpt-enterprise" in t for t in shown), shown


def test_a_follow_up_comparing_with_one_product_compares_it_with_the_earlier_answer(server, fake):
    root = mention(server, fake, "Does AWS keep our prompts when we use Claude on Amazon Bedrock?")
    reply_to(fake, root)
    mention(server, fake, "how does that compare to Vertex?", thread_ts=root)
    shown = texts(reply_to(fake, root, count=2))
    assert shown[0].startswith("Side by side:") and "Amazon Bedrock" in shown[0] and "Vertex AI" in shown[0], shown


def test_comparing_with_a_name_several_entries_fit_asks_which_and_the_button_compares(server, fake):
    user = unique_user()
    root = mention(server, fake, "Does ChatGPT Enterprise train on our chats?", user=user)
    reply_to(fake, root)
    mention(server, fake, "compared to Copilot?", thread_ts=root, user=user)
    asked = reply_to(fake, root, count=2)
    assert "side by side with *ChatGPT Enterprise" in texts(asked)[0], texts(asked)
    [github] = [b for b in buttons(asked) if b["value"].endswith(":github-copilot-business")]
    click(server, fake, github, thread_ts=root, user=user)
    shown = texts(reply_to(fake, root, count=3))
    assert shown[0].startswith("Side by side:") and "ChatGPT Enterprise" in shown[0] and "GitHub Copilot" in shown[0]
    facets = [t.split("\n", 1)[0] for t in shown if t.startswith("*")]
    assert facets[0] == "*Trains on customer data*", facets  # the thread's aspect leads


def test_another_makers_models_on_the_same_cloud_are_not_answered_with_that_makers_api(server, fake):
    root = mention(server, fake, "Does AWS keep our prompts when we use Claude on Amazon Bedrock?")
    reply_to(fake, root)
    mention(server, fake, "and Mistral?", thread_ts=root)  # Mistral's models on Bedrock: no entry covers them
    shown = texts(reply_to(fake, root, count=2))
    assert not any(t.startswith("entry ") or " · entry " in t for t in shown), shown
    assert any("privacy team" in t for t in shown), shown


def test_a_dm_follow_up_borrows_from_the_last_answer(server, fake):
    user = unique_user()
    dm(server, fake, "Does AWS keep our prompts when we use Claude on Bedrock?", user)
    channel = f"D{user[1:]}"
    fake.wait_for("chat.postMessage", lambda c: c.body["channel"] == channel)
    dm(server, fake, "and via Azure?", user)  # the issue's own example: Azure is a cloud, so Claude in Foundry
    [_, follow] = fake.wait_for("chat.postMessage", lambda c: c.body["channel"] == channel, count=2)
    shown = texts(follow)
    assert any("entry claude-microsoft-foundry" in t for t in shown), shown
    assert any(t.startswith("Reading this as: *Anthropic on Microsoft Foundry") for t in shown), shown


def test_without_context_a_bare_follow_up_is_not_answered(server, fake):
    ts = mention(server, fake, "and on Vertex?")
    reply = reply_to(fake, ts)
    assert not any(t.startswith("Reading this as") for t in texts(reply))
    assert not any(t.startswith("entry ") or " · entry " in t for t in texts(reply)), texts(reply)


def test_the_aspect_asked_comes_first(server, fake):
    ts = mention(server, fake, "How long does the Anthropic API keep our prompts?")
    reply = reply_to(fake, ts)
    blocks = reply.body["blocks"]
    assert blocks[0]["type"] == "header"
    assert blocks[1]["text"]["text"].startswith("*Retention* (what you asked):")
    ts = mention(server, fake, "Does Cursor have ISO 27001 and how long does it keep our code?")
    blocks = reply_to(fake, ts).body["blocks"]  # the covered aspect first, then what the entry does not cover
    assert blocks[1]["text"]["text"].startswith("*Retention* (what you asked):")
    assert "but not *ISO 27001*" in blocks[2]["text"]["text"] and blocks[3]["type"] == "actions"
    ts = mention(server, fake, "Wie lange speichert die Anthropic API unsere Prompts?")
    blocks = reply_to(fake, ts).body["blocks"]  # before the entry's own German summary
    assert blocks[1]["text"]["text"].startswith("*Retention* (what you asked):")


def test_a_partial_answer_says_what_it_does_not_cover_and_escalates_exactly_that(server, fake):
    user = "U0ASKER1"
    ts = mention(server, fake, "Is Azure OpenAI HIPAA compliant and will Microsoft sign a BAA?", user=user)
    reply = reply_to(fake, ts)
    shown = "\n".join(texts(reply))
    assert "entry azure-direct-models" in shown and "but not *BAA, HIPAA*" in shown
    [part] = [b for b in buttons(reply) if b["action_id"] == "escalate_part"]
    assert part["text"]["text"] == "Ask the privacy team about BAA, HIPAA"
    click(server, fake, part, thread_ts=ts, user=user)
    # (the permalink names this question: the same question was escalated by the other server of this module)
    [triage] = fake.wait_for("chat.postMessage", lambda c: c.body["channel"] == TRIAGE and "BAA" in c.dump()
                             and "answered in part" in c.dump() and f"/p{ts.replace('.', '')}|" in c.dump())
    assert "Azure Direct Models" in triage.dump()  # both parts: what was answered, and what was not
    told = fake.wait_for("chat.postMessage", in_thread(ts), count=2)  # the asker is told it went to the team,
    assert "follow up on this answer" in told[-1].dump() and "no vetted answer" not in told[-1].dump()  # as more


def test_a_german_question_is_answered_with_a_line_in_german(server, fake):
    ts = mention(server, fake, "Speichert Anthropic unsere Prompts, wenn wir Claude über Microsoft Foundry nutzen?")
    reply = reply_to(fake, ts)
    shown = texts(reply)
    assert any("entry claude-microsoft-foundry" in t for t in shown)
    assert any("Englisch" in t for t in shown)


def test_help_lists_what_the_bot_covers_by_vendor(server, fake):
    ts = mention(server, fake, "help")
    reply = reply_to(fake, ts)
    shown = "\n".join(texts(reply))
    assert "*What I cover*" in shown and "*Anthropic*" in shown and "*Amazon*" in shown
