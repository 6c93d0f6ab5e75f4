"""Changed answers reach earlier askers, through the real `serve --http` and the fake Slack: a database with earlier
answers meets this release quietly; a non-material change posts nothing; a material change posts one update per
earlier thread and DM (none doubled with two replicas, on SQLite and PostgreSQL); Mute works from the message and
App Home lists what changed; the updated answer is one click away."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.botserver import BotServer, in_thread, make_knowledge, payload, unique_ts, unique_user
from tests.fakeslack import BOT_USER_ID, Call, FakeSlack
from tests.triage import eventually, rows, settled

QUESTION = "Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?"
ENTRY = "claude-microsoft-foundry.yaml"
TODAY = dt.date.today()
FAST = {"PRIVACY_BOT_RELOAD_INTERVAL": "0.2", "PRIVACY_BOT_OUTBOX_POLL": "0.2",
        "PRIVACY_BOT_UPDATES_PER_MINUTE": "600", "PRIVACY_BOT_ESCALATION_REMINDER": "0"}


def mention(server: BotServer, *, channel: str, user: str, thread_ts: str | None = None) -> str:
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {QUESTION}", ts=ts, event_ts=ts, channel=channel, user=user)
    if thread_ts:
        body["event"]["thread_ts"] = thread_ts
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    assert server.event(body)[0] == 200
    return ts


def dm(server: BotServer, *, user: str) -> str:
    body = payload("message_im")
    ts = unique_ts()
    body["event"].update(text=QUESTION, ts=ts, event_ts=ts, user=user, channel=f"D{user[1:]}")
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    assert server.event(body)[0] == 200
    return ts


def command(server: BotServer, fake: FakeSlack, *, user: str) -> None:
    fields = payload("slash_command")
    fields.update(user_id=user, text=QUESTION, response_url=fake.webhook_url(), trigger_id=f"t{unique_ts()}")
    assert server.command(fields)[0] == 200


def add_change(knowledge: Path, summary: str, *, material: bool) -> None:
    path = knowledge / "answers" / ENTRY
    text = path.read_text()
    item = (f"changes:\n  - date: {TODAY.isoformat()}\n    summary: {summary}\n"
            f"    material: {'true' if material else 'false'}\n")
    assert "changes:\n" in text
    path.write_text(text.replace("changes:\n", item, 1))


def execute(url: str, sql: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def reloads(server: BotServer) -> int:
    return server.log_path.read_text(errors="replace").count("answer set reloaded")


def until(predicate: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def updates(fake: FakeSlack, summary: str = "") -> list[Call]:
    return fake.calls("chat.postMessage", lambda c: "changed on" in str(c.body.get("text")) and summary in
                      str(c.body.get("text")), ok=True)


def where(calls: list[Call]) -> list[tuple[str, str | None]]:
    return sorted(((str(c.body["channel"]), c.body.get("thread_ts")) for c in calls), key=str)


def button(call: Call, action_id: str) -> dict[str, Any]:
    return next(e for b in call.body["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == action_id)


def click(server: BotServer, fake: FakeSlack, call: Call, action_id: str, *, user: str) -> str:
    """Click a button of a posted update as Slack sends it; return the response_url's path."""
    channel = str(call.body["channel"])
    channel = f"D{channel[1:]}" if channel.startswith(("U", "W")) else channel  # a DM by user id lands there
    posted = next(m for m in fake.posted(channel) if m.get("metadata") == call.body.get("metadata"))
    body = payload("block_actions")
    url = fake.webhook_url()
    found = button(call, action_id)
    body["actions"][0].update(action_id=action_id, value=found["value"], text=found["text"], action_ts=unique_ts(),
                              block_id="update:x")
    body["container"] = {"type": "message", "message_ts": posted["ts"], "is_ephemeral": False,
                         "channel_id": channel,
                         **({"thread_ts": posted["thread_ts"]} if posted.get("thread_ts") else {})}
    body.update(response_url=url, message=posted)
    body["user"]["id"] = user
    assert server.interaction(body)[0] == 200
    return url.split(":", 2)[2][5:]


def home(server: BotServer, fake: FakeSlack, user: str) -> str:
    before = len(fake.calls("views.publish", lambda c: c.body.get("user_id") == user))
    event = payload("app_home_opened")
    event["event"].update(user=user, event_ts=unique_ts())
    event["event_id"] = f"EvHome{unique_ts().replace('.', '')}"
    assert server.event(event)[0] == 200
    calls = fake.wait_for("views.publish", lambda c: c.body.get("user_id") == user, count=before + 1)
    return json.dumps(calls[-1].body["view"])


@pytest.fixture
def server(fake: FakeSlack, tmp_path: Path) -> Iterator[BotServer]:
    fake.reset()
    bot = BotServer(fake, tmp_path, env=FAST).start()
    yield bot
    bot.stop()


def test_a_material_change_reaches_each_earlier_thread_and_dm_once_and_mute_works(server, fake):
    url, knowledge = server.database_url, server.workdir / "knowledge"
    a, b, c, d, e = (unique_user() for _ in range(5))
    first = mention(server, channel="C0UPDATES", user=a)
    mention(server, channel="C0UPDATES", user=b, thread_ts=first)  # the same thread, another asker
    other = mention(server, channel="C0UPDATES", user=c)
    direct = dm(server, user=d)
    command(server, fake, user=e)
    settled(url)
    assert rows(url, "SELECT count(*) FROM questions WHERE outcome = 'answer'") == [(5,)]

    # The database had answers before this release (no record of entries or changes): restarting is quiet.
    server.stop()
    execute(url, "DELETE FROM entry_changes")
    execute(url, "DELETE FROM seen_entries")
    server.start()
    eventually(url, "SELECT DISTINCT status FROM entry_changes", [("baseline",)])

    seen = reloads(server)
    add_change(knowledge, "Only the wording of the retention section changed.", material=False)
    until(lambda: reloads(server) >= seen + 2)  # both gunicorn workers serve the edit
    time.sleep(1.5)  # several rounds of both workers' update threads
    assert updates(fake) == [] and rows(url, "SELECT count(*) FROM outbox WHERE kind = 'answer_update'") == [(0,)]

    add_change(knowledge, "Anthropic now keeps Foundry prompts for 7 days, not 30.", material=True)
    fake.wait_for("chat.postMessage", lambda call: "7 days, not 30" in str(call.body.get("text")), count=4)
    settled(url)
    sent = updates(fake, "7 days, not 30")
    assert where(sent) == sorted([("C0UPDATES", first), ("C0UPDATES", other), (f"D{d[1:]}", direct), (e, None)],
                                 key=str)
    day = f"{TODAY.day} {TODAY:%b}"
    assert all(f"The answer you got on {day} changed on {day}: Anthropic now keeps Foundry prompts" in
               str(call.body["text"]) for call in sent)

    # Mute from the update in c's thread; App Home shows it, and what changed.
    mine = next(call for call in sent if call.body.get("thread_ts") == other)
    path = click(server, fake, mine, "updates_mute", user=c)
    [note] = fake.wait_for("webhook", lambda call: call.path == path)
    assert "won't send you updates" in note.body["text"] and note.body["response_type"] == "ephemeral"
    view = home(server, fake, c)
    assert "Answers that changed since you asked" in view and "7 days, not 30" in view
    assert "updates_unmute" in view and "Claude models in Microsoft Foundry" in view
    assert "updates_mute" in home(server, fake, a)

    # "Show the updated answer": the current entry, once, in that thread.
    def answers_in_thread() -> list[Call]:
        return fake.calls("chat.postMessage", lambda call: call.body.get("thread_ts") == first and
                          any(blk["type"] == "header" for blk in call.body.get("blocks", [])), ok=True)

    theirs = next(call for call in sent if call.body.get("thread_ts") == first)
    before = len(answers_in_thread())  # a's and b's answers
    for user in (a, b):  # two clicks: one answer
        click(server, fake, theirs, "updates_show", user=user)
    settled(url)
    assert len(answers_in_thread()) == before + 1 == 3

    # The next material change skips the muted asker's thread.
    add_change(knowledge, "Zero data retention now covers Foundry batch jobs.", material=True)
    fake.wait_for("chat.postMessage", lambda call: "batch jobs" in str(call.body.get("text")), count=3)
    settled(url)
    assert where(updates(fake, "batch jobs")) == sorted([("C0UPDATES", first), (f"D{d[1:]}", direct), (e, None)],
                                                        key=str)
    assert rows(url, "SELECT status, updates FROM entry_changes WHERE status <> 'baseline' ORDER BY seen_at") == [
        ("announced", 4), ("announced", 3)]


def test_an_update_for_a_channel_archived_since_goes_to_each_asker_by_dm_else_is_given_up(server, fake):
    url, knowledge = server.database_url, server.workdir / "knowledge"
    a, b, c, gone = (unique_user() for _ in range(4))
    first = mention(server, channel="C0ARCH1", user=a)
    mention(server, channel="C0ARCH1", user=b, thread_ts=first)  # the same thread, another asker
    mention(server, channel="C0ARCH1", user=c, thread_ts=first)  # who mutes updates
    lost = mention(server, channel="C0ARCH2", user=gone)  # whose DM is refused too
    settled(url)
    execute(url, f"INSERT INTO update_mutes (\"user\", muted_at) VALUES ('{c}', CURRENT_TIMESTAMP)")
    fake.refuse("chat.postMessage", "is_archived", lambda body: body.get("channel") in ("C0ARCH1", "C0ARCH2"))
    fake.refuse("chat.postMessage", "user_disabled", lambda body: body.get("channel") == gone)
    add_change(knowledge, "Anthropic now keeps Foundry prompts for 7 days, not 30.", material=True)
    fake.wait_for("chat.postMessage", lambda call: "7 days, not 30" in str(call.body.get("text")), count=2)
    settled(url)
    for asker in (a, b):  # one DM each, saying why it comes there and where they asked
        [dm] = fake.posted(f"D{asker[1:]}")
        assert dm["text"].startswith(":information_source: I couldn't post this in <#C0ARCH1> (it is archived, or "
                                     "I'm no longer in it), so here it is as a direct message.")
        assert "7 days, not 30" in dm["text"] and "You asked me about this in <#C0ARCH1>." in json.dumps(dm["blocks"])
    assert fake.posted(f"D{c[1:]}") == [] and fake.posted(f"D{gone[1:]}") == []
    assert len(fake.calls("chat.postMessage", lambda call: call.body.get("channel") == gone)) == 1  # not retried
    assert rows(url, "SELECT status, last_error FROM outbox WHERE kind = 'answer_update' AND key LIKE :k",
                k=f"%C0ARCH2:{lost}%") == [("failed", "HTTP 200 user_disabled")]
    assert rows(url, "SELECT status, count(*) FROM outbox WHERE kind = 'answer_update' AND key LIKE :k "
                "GROUP BY status", k=f"%C0ARCH1:{first}%") == [("sent", 2)]
    fake.reset()


@pytest.fixture
def replicas(fake: FakeSlack, db_url: str, tmp_path: Path) -> Iterator[tuple[BotServer, BotServer]]:
    """Two `serve --http` (two workers each) on one database and one answer set directory."""
    fake.reset()
    knowledge = make_knowledge(tmp_path / "knowledge")
    env = {**FAST, "PRIVACY_BOT_DATABASE_URL": db_url, "PRIVACY_BOT_KNOWLEDGE_DIR": str(knowledge)}
    servers = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        servers.append(BotServer(fake, tmp_path / name, env=env))
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda s: s.start(), servers))
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()


def test_two_replicas_post_each_update_once(replicas, fake, tmp_path):
    a, b = replicas
    url = a.database_url
    threads = []
    for n in range(6):  # asked on either replica
        ts = mention(a if n % 2 else b, channel=f"C0REPL{n % 3}", user=unique_user())
        threads.append((f"C0REPL{n % 3}", ts))
    for _, ts in threads:
        fake.wait_for("chat.postMessage", in_thread(ts))
    settled(url)
    add_change(tmp_path / "knowledge", "Prompts are no longer kept for abuse monitoring.", material=True)
    fake.wait_for("chat.postMessage", lambda call: "abuse monitoring" in str(call.body.get("text")), count=6)
    settled(url)
    time.sleep(1.0)  # every worker of both replicas has had its round
    assert where(updates(fake, "abuse monitoring")) == sorted(threads, key=str)
    assert rows(url, "SELECT status, updates FROM entry_changes WHERE status = 'announced'") == [("announced", 6)]
