"""`privacy-bot serve` and `db upgrade` refuse bad settings with one line and exit 1, before serving anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from tests.botserver import BOT_TOKEN, SECRET, TRIAGE, make_knowledge


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PRIVACY_BOT_"))}
    return subprocess.run([sys.executable, "-m", "bot", *args], env={**clean, **env}, cwd=cwd, capture_output=True,
                          text=True, timeout=60, check=False)


@pytest.fixture
def good_env(tmp_path: Path) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET, "PRIVACY_BOT_ESCALATION_CHANNEL": TRIAGE,
            "PRIVACY_BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "PRIVACY_BOT_KNOWLEDGE_DIR": str(make_knowledge(tmp_path / "knowledge")),
            "SLACK_API_URL": "http://127.0.0.1:9/api/"}


@pytest.mark.parametrize("change, expected", [
    ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"),
    ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN must be a bot token"),
    ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
    ({"PRIVACY_BOT_ESCALATION_CHANNEL": ""}, "PRIVACY_BOT_ESCALATION_CHANNEL is not set"),
    ({"PRIVACY_BOT_ESCALATION_CHANNEL": "#privacy-triage"}, "PRIVACY_BOT_ESCALATION_CHANNEL: must be a channel id"),
    ({"PRIVACY_BOT_DATABASE_URL": "mysql://u@localhost/bot"}, "PRIVACY_BOT_DATABASE_URL: must be a sqlite"),
    ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL: must start with http:// or https://"),
    ({"PRIVACY_BOT_RATE_LIMIT_PER_MINUTE": "lots"}, "PRIVACY_BOT_RATE_LIMIT_PER_MINUTE"),
    ({"PRIVACY_BOT_DATABASE_URL": "not a url"}, "PRIVACY_BOT_DATABASE_URL: must be a sqlite"),
    ({"PRIVACY_BOT_KNOWLEDGE_DIR": "/nonexistent"}, "answer set"),
    ({"PRIVACY_BOT_RELOAD_INTERVAL": "inf"}, "PRIVACY_BOT_RELOAD_INTERVAL: Input should be less than or equal to 864"),
    ({"PRIVACY_BOT_RELOAD_INTERVAL": "1e300"}, "PRIVACY_BOT_RELOAD_INTERVAL: Input should be less than or equal"),
    ({"PRIVACY_BOT_RELOAD_INTERVAL": "nan"}, "PRIVACY_BOT_RELOAD_INTERVAL: "),
    ({"PRIVACY_BOT_RETENTION_DAYS": "99999999"}, "PRIVACY_BOT_RETENTION_DAYS: Input should be less than or equal to"),
    ({}, "cannot start: Slack auth.test at SLACK_API_URL failed"),  # nothing listens on port 9
])
def test_a_bad_setting_stops_the_start_with_one_line(tmp_path, good_env, change, expected):
    result = run(["serve", "--http", "--port", "9"], {**good_env, **change}, tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("privacy-bot: ") and expected in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("old, new, expected", [
    ("owner: \"@privacy-team\"", "ownr: x", ":1: owner: field required; 1 more (run `privacy-bot check`)"),
    ("reviewed_on: ", "reviewed_on: 2026-02-30", ":{line}: reviewed_on: invalid date: day is out of range"),
])
def test_one_invalid_entry_file_stops_the_start_with_its_file_line_and_field(tmp_path, good_env, old, new, expected):
    path = Path(good_env["PRIVACY_BOT_KNOWLEDGE_DIR"]) / "answers" / "claude-aws-bedrock-test.yaml"
    text = path.read_text()
    if old == "reviewed_on: ":  # whatever day the entry was last reviewed
        old = next(line for line in text.splitlines() if line.startswith(old))
    assert old in text
    path.write_text(text.replace(old, new, 1))
    line = text.replace(old, new, 1).splitlines().index(new) + 1
    result = run(["serve", "--http", "--port", "9"], good_env, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    [message] = result.stderr.strip().splitlines()
    assert message.startswith("privacy-bot: the answer set in ")
    assert "claude-aws-bedrock-test.yaml" + expected.format(line=line) in message


@pytest.mark.parametrize("where", ["./knowledge", "--knowledge"])
def test_serve_takes_the_answer_set_every_command_takes(tmp_path, good_env, where):
    env = {k: v for k, v in good_env.items() if k != "PRIVACY_BOT_KNOWLEDGE_DIR"}
    knowledge = Path(good_env["PRIVACY_BOT_KNOWLEDGE_DIR"])  # tmp_path/knowledge: ./knowledge of the run below
    (knowledge / "answers" / "claude-aws-bedrock-test.yaml").write_text("id: [broken\n")
    args = ["serve", "--http", "--port", "9"] + (["--knowledge", str(knowledge)] if where == "--knowledge" else [])
    result = run(args, env, tmp_path)
    assert result.returncode == 1 and "claude-aws-bedrock-test.yaml:2: invalid YAML" in result.stderr, result.stderr


def test_socket_mode_needs_an_app_token(tmp_path, good_env):
    result = run(["serve", "--socket"], good_env, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "privacy-bot: SLACK_APP_TOKEN is not set (needed in Socket Mode)"


def test_db_upgrade_creates_the_tables(tmp_path, good_env):
    result = run(["db", "upgrade"], good_env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "database is at revision 0007"
    engine = create_engine(good_env["PRIVACY_BOT_DATABASE_URL"])
    tables = set(inspect(engine).get_table_names())
    assert {"questions", "inbox", "outbox", "feedback", "rate_limits", "escalations", "leases"} <= tables
    engine.dispose()
