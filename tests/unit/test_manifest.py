"""The app manifests ask for exactly what the code uses: its events, its command, the scopes of its API calls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from slack_bolt import App, BoltRequest
from slack_bolt.authorization import AuthorizeResult

from bot.slack.blocks import COMMAND
from bot.slack.handlers import Intake
from bot.slack.listeners import EVENT_SCOPES, register
from tests.botserver import payload
from tests.fakes import FakeInbox
from tests.fakeslack import BOT_ID, BOT_USER_ID, TEAM_ID

REPO = Path(__file__).resolve().parents[2]
MANIFESTS = sorted((REPO / "deploy").glob("slack-manifest.*.yaml"))
# Scope each Web API method needs (docs.slack.dev/reference/methods); a method missing here fails the test.
# A public or a private channel needs a different scope for the same method: both are listed.
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "chat_postMessage": ("chat:write",), "chat_postEphemeral": ("chat:write",), "chat_update": ("chat:write",),
    "chat_getPermalink": (), "views_open": (), "views_publish": (), "views_update": (), "views_push": (),
    "conversations_members": ("channels:read", "groups:read"),
    "conversations_info": ("channels:read", "groups:read"),
    "conversations_history": ("channels:history", "groups:history", "im:history"),
    "conversations_replies": ("channels:history", "groups:history", "im:history"),
    "conversations_open": ("im:write",), "usergroups_users_list": ("usergroups:read",),
}
CALL = re.compile(r"\.((?:chat|views|conversations|users|usergroups|reactions|pins|files)_[A-Za-z_]+)\(")


def api_methods_used() -> set[str]:
    return {m for path in (REPO / "bot").rglob("*.py") for m in CALL.findall(path.read_text())}


def needed_scopes() -> set[str]:
    methods = api_methods_used()
    assert methods <= set(METHOD_SCOPES), f"add the scope of {methods - set(METHOD_SCOPES)} to METHOD_SCOPES"
    scopes = {s for m in methods for s in METHOD_SCOPES[m]} | set(EVENT_SCOPES.values()) | {"commands"}
    return {s for s in scopes if s}


def test_there_is_a_manifest_per_mode():
    assert [p.name for p in MANIFESTS] == ["slack-manifest.http.yaml", "slack-manifest.socket.yaml"]


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_matches_the_code(path):
    manifest = yaml.safe_load(path.read_text())
    settings = manifest["settings"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed_scopes()
    assert set(settings["event_subscriptions"]["bot_events"]) == set(EVENT_SCOPES)
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    assert settings["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False
    assert settings["token_rotation_enabled"] is False
    socket = path.name.endswith(".socket.yaml")
    assert settings["socket_mode_enabled"] is socket
    urls = [settings["event_subscriptions"].get("request_url"), settings["interactivity"].get("request_url"),
            manifest["features"]["slash_commands"][0].get("url")]
    assert urls == [None] * 3 if socket else all(u.endswith("/slack/events") for u in urls)


def test_every_subscribed_event_reaches_the_inbox():
    inbox = FakeInbox()
    app = App(authorize=lambda **_: AuthorizeResult(enterprise_id=None, team_id=TEAM_ID, bot_user_id=BOT_USER_ID,
                                                    bot_id=BOT_ID, bot_token="xoxb-test"),
              request_verification_enabled=False, process_before_response=True)
    register(app, Intake(inbox=inbox, hooks="https://hooks.slack.com/"))
    expected = {"app_mention": "msg:", "message_im": "msg:", "app_home_opened": "home:", "slash_command": "cmd:"}
    assert {"app_mention", "message.im", "app_home_opened"} == set(EVENT_SCOPES)
    for name, prefix in expected.items():
        before = set(inbox.items)
        response = app.dispatch(BoltRequest(body=payload(name), mode="socket_mode"))
        new = set(inbox.items) - before
        assert response.status == 200, name
        assert len(new) == 1 and next(iter(new)).startswith(prefix), name
