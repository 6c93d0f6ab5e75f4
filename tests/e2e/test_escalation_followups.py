"""After the hand-over, through the real `serve` (HTTP and Socket Mode) and the fake Slack: the asker's later
messages in the thread of a question the privacy team has, and asking the team again once it answered."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator

import pytest

from tests.botserver import TRIAGE, BotServer, payload, unique_ts
from tests.fakeslack import BOT_USER_ID, EXPIRED_TRIGGER, FakeSlack
from tests.triage import (
    TRIAGERS,
    ask,
    click,
    entry_values,
    eventually,
    question_id,
    rows,
    settled,
    thread,
    triage_post,
    triage_server,
)

ANSWERABLE = "Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?"
FOUNDRY = "claude-microsoft-foundry"


@pytest.fixture(scope="module")
def server(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    server = triage_server(fake, tmp_path_factory.mktemp("followups"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def socket_server(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    server = triage_server(fake, tmp_path_factory.mktemp("followups-socket"), socket_mode=True)
    yield server
    server.stop()


def in_thread(server: BotServer, text: str, *, user: str, thread_ts: str, socket: bool = False) -> str:
    """Mention the bot in a thread; return the message's ts."""
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {text}", ts=ts, event_ts=ts, channel="C0GENERAL", user=user,
                         thread_ts=thread_ts)
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    if socket:
        server.fake.wait_for_ack(server.fake.send_envelope("events_api", body))
    else:
        assert server.event(body)[0] == 200
    return ts


def replies(fake: FakeSlack, ts: str, count: int) -> list[dict]:
    fake.wait_for("chat.postMessage", lambda c: c.body.get("thread_ts") == ts, count=count)
    return thread(fake, "C0GENERAL", ts)


def triage_thread(fake: FakeSlack, qid: int) -> list[dict]:
    post = fake.posted(TRIAGE, lambda m: f"(#{qid})" in str(m.get("text")) and "thread_ts" not in m)[0]
    return fake.posted(TRIAGE, lambda m: m.get("thread_ts") == post["ts"])


def test_a_message_in_the_thread_of_a_waiting_question_is_added_to_it(server, fake):
    asker = "U0ADDED01"
    _, ts = ask(server, "How long does Mistral keep prompts on Vertex AI?", user=asker)
    qid = question_id(server.database_url, ts)
    triage_post(fake, qid)
    settled(server.database_url)
    in_thread(server, "any update?", user=asker, thread_ts=ts)
    status = replies(fake, ts, 2)[1]["text"]
    assert status == ("The privacy team has your question (not yet claimed); I've added your message to it. "
                      "Their answer will come here, in this thread.")
    fake.wait_for("chat.postMessage", lambda c: c.body.get("channel") == TRIAGE and "any update?" in c.dump())
    [added] = triage_thread(fake, qid)
    assert f"<@{asker}> added in their thread" in added["text"] and "\n> any update?" in added["text"]

    click(server, fake, "triage_claim", str(qid), user=TRIAGERS[0])
    settled(server.database_url)
    long = "we only use it in the EU region, if that matters <!channel> " + "and so on " * 300
    in_thread(server, long, user=asker, thread_ts=ts)
    status = replies(fake, ts, 3)[2]["text"]  # who claimed it, not as a mention (each chase would notify them)
    assert "(someone there is working on it); I've added your message to it." in status and "<@" not in status
    settled(server.database_url)
    added = triage_thread(fake, qid)[1]
    assert "we only use it in the EU region" in added["text"] and "<!channel>" not in added["text"]
    assert len(added["text"]) < 3000
    assert len(fake.posted(TRIAGE, lambda m: f"(#{qid})" in str(m.get("text")) and "thread_ts" not in m)) == 1

    in_thread(server, "any update?", user="U0BYSTAND", thread_ts=ts)  # not the asker's: no status for them
    assert "doesn't look like a data-privacy question" in replies(fake, ts, 4)[3]["text"]
    in_thread(server, "and on Bedrock?", user=asker, thread_ts=ts)  # a new question is still a question
    answered = replies(fake, ts, 5)[4]
    assert "added your message" not in answered["text"] and answered["blocks"][0]["type"] == "header"
    settled(server.database_url)
    assert len(triage_thread(fake, qid)) == 2


def test_a_message_added_over_socket_mode(socket_server, fake):
    asker = "U0ADDED02"
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> How long does Mistral keep prompts on Vertex AI?", ts=ts,
                         event_ts=ts, channel="C0GENERAL", user=asker)
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    fake.wait_for_ack(fake.send_envelope("events_api", body))
    qid = question_id(socket_server.database_url, ts)
    triage_post(fake, qid)
    settled(socket_server.database_url)
    in_thread(socket_server, "any update on this?", user=asker, thread_ts=ts, socket=True)
    assert "I've added your message to it" in replies(fake, ts, 2)[1]["text"]
    fake.wait_for("chat.postMessage", lambda c: c.body.get("channel") == TRIAGE and "any update on this" in c.dump())


def send(server: BotServer, body: dict, socket: bool) -> None:
    if socket:
        server.fake.wait_for_ack(server.fake.send_envelope("interactive", body))
    else:
        assert server.interaction(body)[0] == 200


def press(server: BotServer, message: dict, action_id: str, *, user: str, thread_ts: str, socket: bool = False,
          trigger_id: str | None = None) -> str:
    """Click a button of a message the bot posted in the thread (as Slack sends it); return the response_url."""
    button = next(e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == action_id)
    body = payload("block_actions")
    url = server.fake.webhook_url()
    body["actions"][0].update(action_id=action_id, value=button["value"], text=button["text"], action_ts=unique_ts())
    body.update(response_url=url, trigger_id=trigger_id or f"trig-{unique_ts()}", message={**message})
    body["user"]["id"] = user
    body["container"].update(channel_id="C0GENERAL", message_ts=message["ts"], thread_ts=thread_ts,
                             is_ephemeral=False)
    send(server, body, socket)
    return url


def view_submission(server: BotServer, callback_id: str, metadata: str, user: str, values: dict,
                    socket: bool = False) -> None:
    body = payload("view_submission")
    body["user"] = {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T0FAKE"}
    body["view"].update(callback_id=callback_id, private_metadata=metadata, state={"values": values},
                        id=f"V{unique_ts().replace('.', '')}")
    send(server, body, socket)


def note(fake: FakeSlack, url: str) -> str:
    [reply] = fake.wait_for("webhook", lambda c: url.endswith(c.path))
    assert reply.body["response_type"] == "ephemeral"
    return str(reply.body["text"])


def team_answers(server: BotServer, asker: str, socket: bool = False, question: str = ANSWERABLE
                 ) -> tuple[int, str, dict]:
    """The bot answers; the asker hands it over ("Not helpful", a reason, ask the privacy team); a triager sends
    the same entry. Return (question id, thread ts, the team's answer as posted)."""
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {question}", ts=ts, event_ts=ts, channel="C0GENERAL", user=asker)
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    if socket:
        server.fake.wait_for_ack(server.fake.send_envelope("events_api", body))
    else:
        assert server.event(body)[0] == 200
    fake = server.fake
    answer = replies(fake, ts, 1)[0]
    press(server, answer, "feedback_not_helpful", user=asker, thread_ts=ts, socket=socket, trigger_id=f"tr-{ts}")
    [opened] = fake.wait_for("views.open", lambda c: c.body.get("trigger_id") == f"tr-{ts}")
    values = opened.body["view"].get("state", {}).get("values") or {
        "reason": {"reason_input": {"type": "plain_text_input", "value": "I need to know about Foundry logs"}},
        "follow_up": {"follow_up_input": {"type": "checkboxes", "selected_options": [
            {"text": {"type": "plain_text", "text": "Ask the privacy team"}, "value": "ask_privacy_team"}]}}}
    view_submission(server, "feedback_reason", opened.body["view"]["private_metadata"], asker, values, socket)
    qid = question_id(server.database_url, ts)
    triage_post(fake, qid)
    view_submission(server, "triage_send_entry_form", str(qid), TRIAGERS[0], entry_values(FOUNDRY), socket)
    team = replies(fake, ts, 3)[2]
    assert f"sent by <@{TRIAGERS[0]}>" in json.dumps(team["blocks"])
    return qid, ts, copy.deepcopy(team)


def test_feedback_on_the_team_answer_is_recorded_once(server, fake):
    asker = "U0AGAIN01"
    qid, ts, team = team_answers(server, asker)
    eventually(server.database_url, "SELECT helpful FROM feedback WHERE question_id = :q", [(0,)], q=qid)
    press(server, team, "feedback_helpful", user=asker, thread_ts=ts)  # the entry the asker had found unhelpful
    fake.wait_for("chat.update", lambda c: c.body.get("ts") == team["ts"] and "Marked helpful" in c.dump())
    eventually(server.database_url, "SELECT helpful, reason FROM feedback WHERE question_id = :q", [(1, None)],
               q=qid)
    again = press(server, team, "feedback_not_helpful", user=asker, thread_ts=ts)  # a stale copy of the message
    assert note(fake, again) == "You already gave your verdict on this answer; it is kept (one verdict per answer)."
    settled(server.database_url)
    assert rows(server.database_url, "SELECT helpful FROM feedback WHERE question_id = :q", q=qid) == [(1,)]


def test_a_not_helpful_on_the_team_answer_whose_form_expired_keeps_the_earlier_verdict(server, fake):
    asker = "U0AGAIN04"
    qid, ts, team = team_answers(server, asker)
    earlier = [(0, "I need to know about Foundry logs")]
    eventually(server.database_url, "SELECT helpful, reason FROM feedback WHERE question_id = :q", earlier, q=qid)
    url = press(server, team, "feedback_not_helpful", user=asker, thread_ts=ts,
                trigger_id=f"{EXPIRED_TRIGGER}-{ts}")  # Slack took too long: the form cannot open
    assert note(fake, url).startswith("Slack gives a form only a few seconds to open")
    settled(server.database_url)
    assert rows(server.database_url, "SELECT helpful, reason FROM feedback WHERE question_id = :q", q=qid) == earlier
    press(server, team, "feedback_not_helpful", user=asker, thread_ts=ts, trigger_id=f"tr2-{ts}")  # clicked again
    fake.wait_for("views.open", lambda c: c.body.get("trigger_id") == f"tr2-{ts}")
    eventually(server.database_url, "SELECT helpful, reason FROM feedback WHERE question_id = :q", [(0, None)],
               q=qid)  # replaced now: its reason is asked anew


def test_asking_again_after_the_team_answered_opens_a_follow_up_the_triage_channel_sees(server, fake):
    asker = "U0AGAIN02"
    qid, ts, team = team_answers(server, asker)
    press(server, team, "escalate", user=asker, thread_ts=ts)
    told = replies(fake, ts, 4)[3]["text"]
    assert told == f"I've asked the privacy team in <#{TRIAGE}> again, with what you said. Their answer will come " \
                   "here, in this thread."
    [(again, why, status)] = rows(server.database_url, "SELECT e.question_id, e.why, e.status FROM escalations e "
                                  "JOIN questions q ON q.id = e.question_id WHERE q.thread_ts = :ts", ts=ts)
    assert status == "open" and why.startswith(f"asked again after the privacy team answered #{qid}")
    post = triage_post(fake, again)
    assert "Question for the privacy team, asked again" in post.dump() and f"(#{qid}" in post.dump()
    assert rows(server.database_url, "SELECT status FROM escalations WHERE question_id = :q", q=qid) == [
        ("answered",)]
    double = press(server, team, "escalate", user=asker, thread_ts=ts)  # a stale copy: the follow-up waits
    assert note(fake, double).startswith("The privacy team already has this question")
    view_submission(server, "triage_send_entry_form", str(again), TRIAGERS[1], entry_values(FOUNDRY))
    assert f"sent by <@{TRIAGERS[1]}>" in json.dumps(replies(fake, ts, 5)[4]["blocks"])


def test_the_asker_who_asks_again_and_clicks_twice_hears_it_in_their_language_too(server, fake):
    asker = "U0AGAIN05"
    question = "Speichert Anthropic unsere Prompts, wenn wir Claude über Microsoft Foundry nutzen?"
    qid, ts, team = team_answers(server, asker, question=question)
    press(server, team, "escalate", user=asker, thread_ts=ts)
    told = replies(fake, ts, 4)[3]
    assert told["text"].startswith(f"I've asked the privacy team in <#{TRIAGE}> again, with what you said.")
    assert told["blocks"][0]["elements"][0]["text"] == ("Ich habe das Datenschutzteam erneut gefragt, mit dem, was "
                                                        "Sie geschrieben haben.")
    double = press(server, team, "escalate", user=asker, thread_ts=ts)  # the follow-up waits
    [reply] = fake.wait_for("webhook", lambda c: double.endswith(c.path))
    assert reply.body["text"].startswith("The privacy team already has this question")
    assert reply.body["blocks"][0]["elements"][0]["text"] == ("Das Datenschutzteam hat diese Frage bereits; die "
                                                              "Antwort kommt im Thread der Frage.")
    press(server, team, "feedback_helpful", user=asker, thread_ts=ts)  # replaces the verdict given before
    eventually(server.database_url, "SELECT helpful FROM feedback WHERE question_id = :q", [(1,)], q=qid)
    voted = press(server, team, "feedback_helpful", user=asker, thread_ts=ts)  # a stale copy of the message
    [reply] = fake.wait_for("webhook", lambda c: voted.endswith(c.path))
    assert reply.body["text"] == "You already gave your verdict on this answer; it is kept (one verdict per answer)."
    assert reply.body["blocks"][0]["elements"][0]["text"].startswith("Sie haben diese Antwort bereits bewertet")


def test_not_helpful_on_the_team_answer_asks_again_with_the_reason_over_socket_mode(socket_server, fake):
    asker = "U0AGAIN03"
    qid, ts, team = team_answers(socket_server, asker, socket=True)
    press(socket_server, team, "feedback_not_helpful", user=asker, thread_ts=ts, socket=True, trigger_id=f"t2-{ts}")
    [opened] = fake.wait_for("views.open", lambda c: c.body.get("trigger_id") == f"t2-{ts}")
    values = {"reason": {"reason_input": {"type": "plain_text_input", "value": "Still unclear about logs"}},
              "follow_up": {"follow_up_input": {"type": "checkboxes", "selected_options": [
                  {"text": {"type": "plain_text", "text": "Ask the privacy team"}, "value": "ask_privacy_team"}]}}}
    view_submission(socket_server, "feedback_reason", opened.body["view"]["private_metadata"], asker, values, True)
    assert "again, with what you said" in replies(fake, ts, 4)[3]["text"]
    [(again, why)] = rows(socket_server.database_url, "SELECT e.question_id, e.why FROM escalations e JOIN "
                          "questions q ON q.id = e.question_id WHERE q.thread_ts = :ts", ts=ts)
    assert why == f"asked again after the privacy team answered #{qid}: the answer did not help: Still unclear " \
                  "about logs"
    assert "Still unclear about logs" in triage_post(fake, again).dump()
