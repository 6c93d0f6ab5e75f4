"""Hot reload in the real `serve --http`: an edit is picked up, a broken or invalid edit keeps the whole old set
(the entry stays in service) and is reported once to the triage channel, and SIGHUP to gunicorn's master reloads
through fresh workers."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.botserver import TRIAGE, BotServer, in_thread, payload, unique_ts, unique_user
from tests.fakeslack import BOT_USER_ID, FakeSlack

QUESTION = "Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?"
ENTRY = "claude-microsoft-foundry.yaml"
TITLE = "title: Claude models in Microsoft Foundry (Azure AI Foundry)"


def ask(server: BotServer, fake: FakeSlack) -> str:
    """Mention the bot with QUESTION; return the header text of its threaded answer."""
    body = payload("app_mention")
    ts = unique_ts()
    body["event"].update(text=f"<@{BOT_USER_ID}> {QUESTION}", ts=ts, event_ts=ts, user=unique_user())
    body["event_id"] = f"Ev{ts.replace('.', '')}"
    assert server.event(body)[0] == 200
    [call] = fake.wait_for("chat.postMessage", in_thread(ts))
    return str(next((b["text"]["text"] for b in call.body["blocks"] if b["type"] == "header"), call.body["text"]))


def until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def triage_notices(fake: FakeSlack) -> list[str]:
    return [c.body["text"] for c in fake.calls("chat.postMessage")
            if c.body.get("channel") == TRIAGE and "could not be loaded" in c.body.get("text", "")]


@pytest.fixture
def polling(fake: FakeSlack, tmp_path: Path) -> Iterator[BotServer]:
    server = BotServer(fake, tmp_path, env={"PRIVACY_BOT_RELOAD_INTERVAL": "0.2"}).start()
    yield server
    server.stop()


BROKEN_YAML = ("title: Claude models in Microsoft Foundry (Azure AI Foundry)\n",
               "title: [Claude models in Microsoft Foundry (Azure AI Foundry)\n")


def test_edits_are_picked_up_and_a_broken_or_invalid_file_keeps_the_old_set(polling, fake):
    path = polling.workdir / "knowledge" / "answers" / ENTRY
    assert ask(polling, fake) == "Claude models in Microsoft Foundry (Azure AI Foundry)"
    edit(path, TITLE, "title: Claude in Foundry, edited live")
    # Two gunicorn workers poll on their own: wait until both serve the edit (any request may hit either).
    until(lambda: all(ask(polling, fake) == "Claude in Foundry, edited live" for _ in range(8)))

    # Not YAML at all: the whole edit is refused, the previous set keeps answering, one notice.
    edit(path, "title: Claude in Foundry, edited live\n", "title: [Claude in Foundry, edited live\n")
    until(lambda: len(triage_notices(fake)) >= 1)
    time.sleep(1.5)  # several more polls in both workers: still one notice
    notices = triage_notices(fake)
    assert len(notices) == 1 and f"{ENTRY}:" in notices[0] and "invalid YAML" in notices[0]
    for _ in range(4):
        assert ask(polling, fake) in {"Claude in Foundry, edited live",
                                      "Claude models in Microsoft Foundry (Azure AI Foundry)"}

    # YAML again, but a field misspelt: the same, the entry is not taken out of service.
    edit(path, "title: [Claude in Foundry, edited live\n", "title: Claude in Foundry, edited live\n")
    edit(path, "owner: \"@privacy-team\"", "ownr: x")
    until(lambda: len(triage_notices(fake)) >= 2)
    time.sleep(1.5)
    notices = triage_notices(fake)
    assert len(notices) == 2 and f"{ENTRY}:" in notices[1] and "ownr: unknown field" in notices[1]
    for _ in range(8):
        assert ask(polling, fake) in {"Claude in Foundry, edited live",
                                      "Claude models in Microsoft Foundry (Azure AI Foundry)"}


def test_sighup_reloads_through_gunicorn_master(fake: FakeSlack, tmp_path: Path):
    server = BotServer(fake, tmp_path, env={"PRIVACY_BOT_RELOAD_INTERVAL": "0"}).start()
    try:
        path = server.workdir / "knowledge" / "answers" / ENTRY
        before = len(triage_notices(fake))
        edit(path, *BROKEN_YAML)  # broken: SIGHUP must not take the server down
        assert server.process is not None
        server.process.send_signal(signal.SIGHUP)
        until(lambda: len(triage_notices(fake)) == before + 1)
        assert ask(server, fake) == "Claude models in Microsoft Foundry (Azure AI Foundry)"
        edit(path, BROKEN_YAML[1], "title: Reloaded on SIGHUP\n")
        server.process.send_signal(signal.SIGHUP)
        until(lambda: ask(server, fake) == "Reloaded on SIGHUP")
        assert server.process.poll() is None
    finally:
        server.stop()
