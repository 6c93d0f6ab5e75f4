"""The escalation loop through the real `serve --http` and the fake Slack: triage post, claim, answer, relay,
send an existing answer, close, permissions, App Home, and Slack failing all along the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from bot.core.models import Entry
from bot.knowledge.loader import load_knowledge
from tests.botserver import TRIAGE, BotServer, payload, unique_user
from tests.fakeslack import EXPIRED_TRIGGER, FakeSlack
from tests.triage import (
    ANSWER,
    GROUP_MEMBER,
    OUTSIDER,
    TRIAGERS,
    UNKNOWN,
    answer_values,
    ask,
    buttons,
    click,
    entry_values,
    ephemeral,
    eventually,
    question_id,
    rows,
    settled,
    submit,
    thread,
    triage_messages,
    triage_post,
    triage_server,
)

FOUNDRY = "claude-microsoft-foundry"


@pytest.fixture(scope="module")
def server(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    server = triage_server(fake, tmp_path_factory.mktemp("escalations"))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def quiet_outbox(server: BotServer) -> Iterator[None]:
    """Each test starts and ends with everything delivered, so injected failures hit this test's messages."""
    settled(server.database_url)
    yield
    settled(server.database_url)


def escalate(server: BotServer, fake: FakeSlack, question: str = "How long does Mistral keep prompts on Vertex AI?"
             ) -> tuple[int, str, dict]:
    """Ask something the bot cannot answer; return (question id, question ts, the triage message's ts)."""
    _, ts = ask(server, question)
    qid = question_id(server.database_url, ts)
    post = triage_post(fake, qid)
    return qid, ts, {"ts": fake.posted(TRIAGE, lambda m: f"(#{qid})" in str(m.get("text")))[0]["ts"],
                     "blocks": post.body["blocks"]}


def triage_state(fake: FakeSlack, qid: int) -> str:
    """Return the triage message as it reads now (after any chat.update)."""
    [message] = triage_messages(fake, qid)
    return json.dumps(message["blocks"])


def test_the_whole_loop(server, fake, tmp_path):
    question = ("How long does Mistral keep prompts on Vertex AI? Reply to jo.doe@example.com or +44 20 7946 0958 "
                "<!channel> &lt;!here&gt;")
    _, ts = ask(server, question, user="U0ASKER01")
    qid = question_id(server.database_url, ts)
    post = triage_post(fake, qid)

    # The asker is told in their thread, once.
    notice = fake.wait_for("chat.postMessage", lambda c: c.body.get("thread_ts") == ts)[0]
    assert f"<#{TRIAGE}>" in notice.body["text"] and "answer will come here" in notice.body["text"]

    # One triage message: escaped, masked, who and where, near misses with scores, the four controls.
    shown = post.dump()
    assert "jo.doe@example.com" not in shown and "7946" not in shown
    assert "<!channel>" not in shown and "<!here>" not in shown
    assert "[e-mail removed]" in shown and "[phone number removed]" in shown and "&lt;!here&gt;" in shown
    assert "Asked by <@U0ASKER01> in <#C0GENERAL>" in shown
    assert f"<https://fake.slack.com/archives/C0GENERAL/p{ts.replace('.', '')}|open the message>" in shown
    assert "*Nearest entries* (no entry covers what it names)" in shown and "*Open*" in shown
    assert "(`claude-microsoft-foundry`): wording " in shown and "% alike" in shown
    controls = buttons(post.body["blocks"])
    assert list(controls) == ["triage_claim", "triage_answer", "triage_send_entry", "triage_close"]
    assert {controls[a]["value"] for a in ("triage_claim", "triage_answer", "triage_send_entry")} == {str(qid)}

    # Claim: the message updates in place.
    click(server, fake, "triage_claim", str(qid), user=TRIAGERS[0])
    fake.wait_for("chat.update", lambda c: c.body["ts"] == post_ts(fake, qid) and "*Claimed*" in c.dump())
    assert f"*Claimed* by <@{TRIAGERS[0]}>" in triage_state(fake, qid)
    assert "triage_claim" not in buttons(triage_messages(fake, qid)[0]["blocks"])

    # Answer…: the form opens; invalid input is shown in the form and nothing is sent.
    click(server, fake, "triage_answer", str(qid), user=TRIAGERS[0], trigger_id=f"trig-answer-{qid}")
    [opened] = fake.wait_for("views.open", lambda c: c.body.get("trigger_id") == f"trig-answer-{qid}")
    view = opened.body["view"]
    assert view["callback_id"] == "triage_answer_form" and view["private_metadata"] == str(qid)
    assert "jo.doe@example.com" not in json.dumps(view)
    bad = {**ANSWER, "processor": "Google processes it", "references": "", "summary": "Short."}
    status, ack = submit(server, "triage_answer_form", qid, user=TRIAGERS[0], values=answer_values(bad))
    assert status == 200 and ack["response_action"] == "errors"
    assert set(ack["errors"]) == {"processor", "references", "summary"}
    assert rows(server.database_url, "SELECT status FROM escalations WHERE question_id = :q", q=qid) == [("claimed",)]

    status, ack = submit(server, "triage_answer_form", qid, user=TRIAGERS[0], values=answer_values(ANSWER))
    assert (status, ack) == (200, {})

    # The asker gets the answer in their thread, rendered like a curated one and marked.
    answer = fake.wait_for("chat.postMessage", lambda c: c.body.get("thread_ts") == ts, count=2)[1]
    blocks = answer.body["blocks"]
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": ANSWER["title"], "emoji": True}}
    sections = [b["text"]["text"].split("\n")[0] for b in blocks if b["type"] == "section"]
    assert sections[1:] == ["*Processor*", "*Retention*", "*Training use*", "*Governance*", "*References*"]
    assert f"Answered by <@{TRIAGERS[0]}> of the privacy team on " in answer.dump()
    assert "not yet a curated entry" in answer.dump()
    fake.wait_for("chat.update", lambda c: c.body["ts"] == post_ts(fake, qid) and "*Answered*" in c.dump())
    assert buttons(triage_messages(fake, qid)[0]["blocks"]) == {}
    settled(server.database_url)
    assert len(thread(fake, "C0GENERAL", ts)) == 2 and len(triage_messages(fake, qid)) == 1

    # App Home shows where it stands.
    home = payload("app_home_opened")
    home["event"]["user"] = "U0ASKER01"
    home["event_id"] = f"EvHome{qid}"
    server.event(home)
    [published] = fake.wait_for("views.publish", lambda c: c.body.get("user_id") == "U0ASKER01")
    assert "answered by the privacy team" in json.dumps(published.body["view"])

    # The draft is kept: escalations list, drafts export, and the export is a valid entry.
    listing = cli(server, "escalations", "list", "--json")
    [row] = [r for r in json.loads(listing.stdout) if r["id"] == qid]
    assert (row["status"], row["answered_by"], row["undelivered"]) == ("answered", TRIAGERS[0], 0)
    assert not [r for r in json.loads(cli(server, "escalations", "list", "--open", "--json").stdout) if r["id"] == qid]
    out = tmp_path / "drafts"
    exported = cli(server, "drafts", "export", str(out))
    assert exported.returncode == 0, exported.stderr
    [path] = [p for p in out.glob("*.yaml") if f"escalation #{qid}" in p.read_text()]
    data = yaml.safe_load(path.read_text())
    assert data["questions"][0].startswith("How long does Mistral keep prompts on Vertex AI? Reply to [e-mail")
    assert data["owner"] == f"@{TRIAGERS[0].lower()}" and data["title"] == ANSWER["title"]
    knowledge = server.workdir / "knowledge"
    (knowledge / "answers" / path.name).write_text(path.read_text())
    try:
        loaded = load_knowledge(knowledge)
    finally:
        (knowledge / "answers" / path.name).unlink()
    assert path.stem not in loaded.answers.entries  # a draft: never served
    assert [Path(d).name for d in loaded.drafts] == [path.name] and not loaded.problems
    entry = Entry.model_validate(data)
    assert entry.status == "draft"
    assert entry.retention.duration == "not publicly specified" and entry.processor[0].name == "Google"


def post_ts(fake: FakeSlack, qid: int) -> str:
    return triage_messages(fake, qid)[0]["ts"]


def cli(server: BotServer, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PRIVACY_BOT_"))},
           "PRIVACY_BOT_DATABASE_URL": server.database_url,
           "PRIVACY_BOT_KNOWLEDGE_DIR": str(server.workdir / "knowledge")}
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)


def test_concurrent_claims_have_one_winner_and_the_others_hear_who(server, fake):
    qid, _, _ = escalate(server, fake)
    clickers = [*TRIAGERS, *TRIAGERS]
    with ThreadPoolExecutor(len(clickers)) as pool:
        paths = list(pool.map(lambda u: click(server, fake, "triage_claim", str(qid), user=u), clickers))
    settled(server.database_url)  # the clicks were only acknowledged: the claims happen after the ack
    [(winner,)] = rows(server.database_url, "SELECT claimed_by FROM escalations WHERE question_id = :q", q=qid)
    assert winner in TRIAGERS
    replies = {}
    for user, path in zip(clickers, paths, strict=True):
        if user != winner:
            replies.setdefault(user, []).append(ephemeral(fake, path))
    assert all(r == [f"Already claimed by <@{winner}>."] * 2 for r in replies.values()) and len(replies) == 2
    settled(server.database_url)
    updates = fake.calls("chat.update", lambda c: c.body["ts"] == post_ts(fake, qid), ok=True)
    assert len(updates) == 1 and f"*Claimed* by <@{winner}>" in updates[0].dump()


def test_a_form_whose_trigger_expired_tells_the_triager_to_click_again_at_once(server, fake):
    qid, _, _ = escalate(server, fake)
    trigger = f"{EXPIRED_TRIGGER}{qid}"  # the worker reached views.open after Slack's 3 seconds
    path = click(server, fake, "triage_answer", str(qid), user=TRIAGERS[0], trigger_id=trigger)
    assert "click the button again" in ephemeral(fake, path)
    settled(server.database_url)
    assert len(fake.calls("views.open", lambda c: c.body.get("trigger_id") == trigger)) == 1  # no retry can use it
    assert rows(server.database_url, "SELECT status FROM escalations WHERE question_id = :q", q=qid) == [("open",)]
    click(server, fake, "triage_answer", str(qid), user=TRIAGERS[0], trigger_id=f"trig-again-{qid}")
    settled(server.database_url)
    assert fake.calls("views.open", lambda c: c.body.get("trigger_id") == f"trig-again-{qid}", ok=True)


def test_people_outside_the_triage_team_are_refused_and_nothing_changes(server, fake):
    qid, ts, _ = escalate(server, fake)
    refusal = "Only members of <#C0TRIAGE> or of the privacy team's user group can claim, answer or close"
    assert refusal in ephemeral(fake, click(server, fake, "triage_claim", str(qid), user=OUTSIDER))
    assert refusal in ephemeral(fake, click(server, fake, "triage_close", "", user=OUTSIDER,
                                            selected=f"{qid}:not_privacy"))
    path = click(server, fake, "triage_answer", str(qid), user=OUTSIDER, trigger_id=f"trig-out-{qid}")
    assert refusal in ephemeral(fake, path)
    for form, values in (("triage_answer_form", answer_values(ANSWER)),
                         ("triage_send_entry_form", entry_values(FOUNDRY))):
        assert submit(server, form, qid, user=OUTSIDER, values=values) == (200, {})
    settled(server.database_url)
    assert not fake.calls("views.open", lambda c: c.body.get("trigger_id") == f"trig-out-{qid}")
    refused_by_dm = fake.posted(f"D{OUTSIDER[1:]}", lambda m: refusal in str(m.get("text")))
    assert len(refused_by_dm) == 2
    assert rows(server.database_url, "SELECT status, claimed_by, answered_by, closed_by FROM escalations "
                "WHERE question_id = :q", q=qid) == [("open", None, None, None)]
    assert fake.calls("chat.update", lambda c: c.body["ts"] == post_ts(fake, qid)) == []
    assert len(thread(fake, "C0GENERAL", ts)) == 1  # only the "we asked" notice
    # A member of the configured user group may act although not in the channel.
    click(server, fake, "triage_claim", str(qid), user=GROUP_MEMBER)
    eventually(server.database_url, "SELECT claimed_by FROM escalations WHERE question_id = :q", [(GROUP_MEMBER,)],
               q=qid)


def test_send_existing_answer_posts_the_curated_entry_in_the_thread(server, fake):
    qid, ts, _ = escalate(server, fake, "Does Anthropic keep our prompts in Foundry or in Mistral's cloud?")
    click(server, fake, "triage_send_entry", str(qid), user=TRIAGERS[1], trigger_id=f"trig-send-{qid}")
    [opened] = fake.wait_for("views.open", lambda c: c.body.get("trigger_id") == f"trig-send-{qid}")
    select = next(b for b in opened.body["view"]["blocks"] if b["type"] == "input")["element"]
    assert {o["value"] for g in select["option_groups"] for o in g["options"]} == {FOUNDRY, "claude-aws-bedrock-test"}
    status, ack = submit(server, "triage_send_entry_form", qid, user=TRIAGERS[1], values=entry_values(FOUNDRY))
    assert (status, ack) == (200, {})
    answer = fake.wait_for("chat.postMessage", lambda c: c.body.get("thread_ts") == ts, count=2)[1]
    assert answer.body["blocks"][0]["text"]["text"].startswith("Claude models in Microsoft Foundry")
    assert f"sent by <@{TRIAGERS[1]}> of the privacy team" in answer.dump()
    assert [b["action_id"] for b in buttons(answer.body["blocks"]).values()][:2] == ["feedback_helpful",
                                                                                   "feedback_not_helpful"]
    fake.wait_for("chat.update", lambda c: c.body["ts"] == post_ts(fake, qid) and f"`{FOUNDRY}`" in c.dump())
    again = click(server, fake, "triage_claim", str(qid), user=TRIAGERS[0])
    assert ephemeral(fake, again) == f"Already answered by <@{TRIAGERS[1]}>. Nothing was changed."


def test_close_tells_the_asker_why_and_settles_it(server, fake):
    qid, ts, _ = escalate(server, fake, "Can we send customer data to Mistral on Vertex AI?")
    click(server, fake, "triage_close", "", user=TRIAGERS[2], selected=f"{qid}:not_privacy")
    told = fake.wait_for("chat.postMessage", lambda c: c.body.get("thread_ts") == ts, count=2)[1]
    assert "doesn't look like a data-privacy question" in told.body["text"]
    fake.wait_for("chat.update", lambda c: c.body["ts"] == post_ts(fake, qid) and "*Closed*" in c.dump())
    assert buttons(triage_messages(fake, qid)[0]["blocks"]) == {}
    path = click(server, fake, "triage_answer", str(qid), user=TRIAGERS[0])
    assert ephemeral(fake, path).startswith(f"Already closed by <@{TRIAGERS[2]}> (not a privacy question)")


def duplicate_of(original: int) -> dict:
    return {"original": {"original_input": {"type": "static_select", "selected_option": {
        "text": {"type": "plain_text", "text": f"#{original}"}, "value": str(original)}}}}


def answers_in(fake: FakeSlack, ts: str) -> list[dict]:
    return [m for m in thread(fake, "C0GENERAL", ts) if any(b["type"] == "header" for b in m.get("blocks", []))]


def test_a_question_closed_as_a_duplicate_gets_the_other_questions_answer_once(server, fake):
    original, first, _ = escalate(server, fake, "Does Mistral on Vertex AI keep our prompts for abuse monitoring?")
    dup, dup_ts, _ = escalate(server, fake, "Does Mistral on Vertex AI keep our prompts for abuse monitoring, and "
                                            "how long?")
    path = click(server, fake, "triage_close", "", user=TRIAGERS[2], selected=f"{dup}:duplicate",
                 trigger_id=f"dup-{dup}")  # of which question? a form asks
    [opened] = fake.wait_for("views.open", lambda c: c.body.get("trigger_id") == f"dup-{dup}")
    form = opened.body["view"]
    assert (form["callback_id"], form["private_metadata"]) == ("triage_duplicate_form", str(dup))
    offered = next(b for b in form["blocks"] if b["type"] == "input")["element"]["options"]
    assert offered[0]["value"] == str(original) and str(dup) not in [o["value"] for o in offered]  # the likeliest
    assert fake.calls("webhook", lambda c: path.endswith(c.path)) == []
    assert rows(server.database_url, "SELECT status FROM escalations WHERE question_id = :q", q=dup) == [("open",)]
    assert submit(server, "triage_duplicate_form", dup, user=TRIAGERS[2], values={})[1]["response_action"] == "errors"
    assert submit(server, "triage_duplicate_form", dup, user=TRIAGERS[2], values=duplicate_of(original))[0] == 200
    told = fake.wait_for("chat.postMessage", lambda c: c.body.get("thread_ts") == dup_ts, count=2)[1]
    assert told.body["text"] == ("The privacy team marked this question as a duplicate of one they are already "
                                 "answering: their answer will come here too. If you don't hear back, ask them "
                                 "directly.")
    fake.wait_for("chat.update", lambda c: c.body["ts"] == post_ts(fake, dup) and f"duplicate of #{original}, whose "
                  "answer goes to this asker too once it has one" in c.dump())
    # The original is answered: its asker and the duplicate's get the answer, each once, in their own thread.
    assert submit(server, "triage_answer_form", original, user=TRIAGERS[0], values=answer_values(ANSWER))[0] == 200
    settled(server.database_url)
    [relayed] = answers_in(fake, dup_ts)
    assert relayed["text"].startswith(f"Answer from the privacy team: {ANSWER['title']}")
    assert "(yours was closed as its duplicate), so here is their answer" in json.dumps(relayed["blocks"])
    assert len(answers_in(fake, first)) == 1
    assert f"duplicate of #{original}, which is answered: its answer goes to this asker too" in triage_state(fake,
                                                                                                            dup)
    # Closed as a duplicate of a question answered already: the answer follows at once.
    late, late_ts, _ = escalate(server, fake, "Mistral on Vertex AI: are our prompts kept for abuse monitoring?")
    click(server, fake, "triage_close", "", user=TRIAGERS[1], selected=f"{late}:duplicate", trigger_id=f"dup-{late}")
    fake.wait_for("views.open", lambda c: c.body.get("trigger_id") == f"dup-{late}")
    submit(server, "triage_duplicate_form", late, user=TRIAGERS[1], values=duplicate_of(dup))  # (a duplicate itself)
    settled(server.database_url)
    said = [m["text"] for m in thread(fake, "C0GENERAL", late_ts)][1:]
    assert said[0] == ("The privacy team marked this question as a duplicate of one they have answered: their "
                       "answer follows.") and said[1].startswith("Answer from the privacy team:") and len(said) == 2
    assert rows(server.database_url, "SELECT duplicate_of FROM escalations WHERE question_id = :q", q=late) == [
        (original,)]
    assert len(answers_in(fake, dup_ts)) == 1 and len(answers_in(fake, first)) == 1  # nobody twice


def test_slack_failing_during_the_loop_still_delivers_every_message_exactly_once(server, fake):
    # The first two posts (triage post, asker notice) reach Slack but answer 500: a retry must find them.
    fake.fail("chat.postMessage", 500, times=2, processed=True)
    fake.fail("conversations.history", 429, retry_after=1)
    user = unique_user()
    _, ts = ask(server, user=user)
    qid = question_id(server.database_url, ts)
    settled(server.database_url)
    fake.fail("chat.update", 500, times=2)
    fake.fail("chat.update", 429, retry_after=1)
    click(server, fake, "triage_claim", str(qid), user=TRIAGERS[0])
    settled(server.database_url)
    fake.fail("chat.postMessage", 429, retry_after=1)
    fake.fail("chat.postMessage", 500, processed=True)
    fake.fail("chat.update", 500, processed=True)
    status, _ = submit(server, "triage_answer_form", qid, user=TRIAGERS[0], values=answer_values(ANSWER))
    assert status == 200
    settled(server.database_url)

    assert len(triage_messages(fake, qid)) == 1
    assert "*Answered*" in triage_state(fake, qid)
    asker = thread(fake, "C0GENERAL", ts)
    assert [m["text"].split(",")[0] for m in asker] == [
        "There is no vetted answer to this yet", f"Answer from the privacy team: {ANSWER['title']}: Google runs "
        "Mistral models on Vertex AI as your data processor; prompts are not shared with Mistral."]
    assert len(fake.calls("chat.postMessage", lambda c: c.body.get("thread_ts") == ts, ok=False)) >= 2
    # The posts that "failed" after reaching Slack were looked for, found, and not posted again.
    assert fake.calls("conversations.history", ok=True) and fake.calls("conversations.replies", ok=True)
    assert rows(server.database_url, "SELECT count(*), sum(attempts) > count(*) FROM outbox WHERE question_id = :q",
                q=qid)[0] == (5, True)


def test_the_triager_sees_the_links_and_people_the_question_named(server, fake):
    question = ("Is <https://mistral.ai/terms/dpa|this DPA> enough for Mistral on Vertex AI, or should <@U0LEGAL01> "
                "review it? <!channel>")
    _, _, post = escalate(server, fake, question)
    shown = json.dumps(post["blocks"])
    assert "> Is this DPA (https://mistral.ai/terms/dpa) enough for Mistral on Vertex AI, or should @U0LEGAL01 " \
           "review it?" in shown
    assert "<@U0LEGAL01>" not in shown and "<!channel>" not in shown  # named, never notified


def test_an_answer_for_a_channel_archived_since_goes_to_the_asker_by_dm_saying_why(server, fake):
    user = unique_user()
    _, ts = ask(server, user=user, channel="C0GONE1")
    qid = question_id(server.database_url, ts)
    settled(server.database_url)
    fake.refuse("chat.postMessage", "is_archived", lambda b: b.get("channel") == "C0GONE1")
    try:
        status, _ = submit(server, "triage_answer_form", qid, user=TRIAGERS[0], values=answer_values(ANSWER))
        assert status == 200
        settled(server.database_url)
        # tried once in the archived channel (a refusal for good, not retried), then by DM with a line saying why
        assert len(fake.calls("chat.postMessage", lambda c: c.body.get("channel") == "C0GONE1")) == 2  # notice, answer
        [dm] = fake.posted("D" + user[1:])
        assert dm["text"].startswith(":information_source: I couldn't post this in <#C0GONE1> (it is archived, or "
                                     "I'm no longer in it), so here it is as a direct message.\nAnswer from the "
                                     f"privacy team: {ANSWER['title']}")
        assert dm["blocks"][0]["text"]["text"].startswith(":information_source: I couldn't post this in <#C0GONE1>")
        assert dm["blocks"][1]["type"] == "header"
        assert rows(server.database_url, "SELECT status, sent_channel FROM outbox WHERE key LIKE :k",
                    k=f"q{qid}:asker_answer%") == [("sent", "D" + user[1:])]
        post = fake.posted(TRIAGE, lambda m: f"(#{qid})" in str(m.get("text")))[0]
        [note] = fake.posted(TRIAGE, lambda m: m.get("thread_ts") == post["ts"])  # the team hears where it went
        assert note["text"] == (f":incoming_envelope: The answer went to <@{user}> by direct message: <#C0GONE1> "
                                "refused it (archived, or the bot is no longer in it).")
        assert "Not delivered" not in triage_state(fake, qid) and post["text"].endswith("[answered]")
    finally:
        fake.reset()


def test_an_answer_that_reaches_the_asker_neither_in_their_channel_nor_by_dm_is_given_up_and_triage_told(server,
                                                                                                        fake):
    user = unique_user()
    _, ts = ask(server, user=user, channel="C0GONE2")
    qid = question_id(server.database_url, ts)
    settled(server.database_url)
    fake.refuse("chat.postMessage", "not_in_channel", lambda b: b.get("channel") == "C0GONE2")
    fake.refuse("chat.postMessage", "user_disabled", lambda b: b.get("channel") == user)
    try:
        status, _ = submit(server, "triage_answer_form", qid, user=TRIAGERS[0], values=answer_values(ANSWER))
        assert status == 200
        settled(server.database_url)
        assert len(fake.calls("chat.postMessage", lambda c: c.body.get("channel") == user)) == 1  # tried once, given up
        assert fake.posted("D" + user[1:]) == []
        assert rows(server.database_url, "SELECT status, last_error FROM outbox WHERE key LIKE :k",
                    k=f"q{qid}:asker_answer%") == [("failed", "HTTP 200 user_disabled")]
        post = fake.posted(TRIAGE, lambda m: f"(#{qid})" in str(m.get("text")))[0]
        [note] = fake.posted(TRIAGE, lambda m: m.get("thread_ts") == post["ts"])
        assert note["text"].startswith(f":warning: The answer could not be delivered to <@{user}>: their channel "
                                       "refused it")
        # the triage message itself (updated in place) no longer reads as plainly answered
        assert post["text"].endswith("[answered, not delivered]")
        assert (f":warning: *Not delivered*: the answer reached <@{user}> neither in their channel nor by direct "
                "message") in triage_state(fake, qid)
        assert rows(server.database_url, "SELECT undelivered FROM escalations WHERE question_id = :q",
                    q=qid) == [("asker_answer",)]
    finally:
        fake.reset()


def test_a_privacy_command_answer_the_askers_dm_refuses_is_given_up_and_triage_told(server, fake):
    """A /privacy question's answers go to the asker's DM: refused there, there is nowhere else to go."""
    user = unique_user()
    fields = payload("slash_command")
    fields.update(text=UNKNOWN, user_id=user, trigger_id=f"trig-{user}", response_url=fake.webhook_url(f"gone-{user}"))
    assert server.command(fields)[0] == 200
    settled(server.database_url)
    [(qid,)] = rows(server.database_url, "SELECT question_id FROM escalations WHERE question_id IN (SELECT id FROM "
                    "questions WHERE asker = :u)", u=user)
    fake.refuse("chat.postMessage", "user_disabled", lambda b: b.get("channel") in (user, f"D{user[1:]}"))
    try:
        status, _ = submit(server, "triage_answer_form", qid, user=TRIAGERS[0], values=answer_values(ANSWER))
        assert status == 200
        settled(server.database_url)  # (retried for ever before: its DM was not taken for the asker's own)
        assert rows(server.database_url, "SELECT status, last_error FROM outbox WHERE key LIKE :k",
                    k=f"q{qid}:asker_answer%") == [("failed", "HTTP 200 user_disabled")]
        post = fake.posted(TRIAGE, lambda m: f"(#{qid})" in str(m.get("text")))[0]
        [note] = fake.posted(TRIAGE, lambda m: m.get("thread_ts") == post["ts"])
        assert note["text"].startswith(f":warning: The answer could not be delivered to <@{user}>")
    finally:
        fake.reset()


def test_a_triage_message_the_triage_channel_refuses_is_retried_never_sent_to_the_asker(server, fake):
    user = unique_user()
    fake.refuse("chat.postMessage", "not_in_channel", lambda b: b.get("channel") == TRIAGE)
    try:
        _, ts = ask(server, user=user)
        qid = question_id(server.database_url, ts)
        eventually(server.database_url, "SELECT attempts > 1, last_error FROM outbox WHERE key LIKE :k",
                   [(True, "HTTP 200 not_in_channel")], k=f"q{qid}:triage_post")
    finally:
        fake.reset()
    settled(server.database_url)
    assert fake.posted("D" + user[1:]) == [] and len(triage_messages(fake, qid)) == 1
