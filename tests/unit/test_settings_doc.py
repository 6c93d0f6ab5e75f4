"""`privacy-bot config`: the settings table, generated from Settings, is what README shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from pydantic import ValidationError

from bot.cli.config import env_names, env_template, markdown, rows
from bot.config import Settings
from tests.deployfiles import REPO


def readme_table() -> str:
    text = (REPO / "README.md").read_text()
    match = re.search(r"<!-- BEGIN config table[^>]*-->\n(.*?)<!-- END config table -->", text, re.S)
    assert match, "README has no generated configuration table"
    return match[1]


def test_readme_configuration_table_is_the_generated_one():
    assert readme_table() == markdown(), "run `privacy-bot config --markdown` and paste it into README"


def test_the_config_command_prints_the_table():
    result = subprocess.run([sys.executable, "-m", "bot", "config", "--markdown"], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout == markdown()
    assert set(re.findall(r"^\| `([A-Z_0-9]+)`", result.stdout, re.M)) == set(env_names())
    assert {"SLACK_BOT_TOKEN", "PRIVACY_BOT_DATABASE_URL", "PRIVACY_BOT_MATCHING__MARGIN"} <= set(env_names())


def other_value(name: str, default: str) -> str:
    """Return a valid value for a setting that differs from its default."""
    special = {"SLACK_API_URL": "http://127.0.0.1:9/api/", "PRIVACY_BOT_ENTRY_URL": "https://git.example/{id}.yaml",
               "PRIVACY_BOT_DATABASE_URL": "sqlite:///elsewhere.db"}
    if name in special:
        return special[name]
    if default.isdigit():
        return str(int(default) + 1)
    if re.fullmatch(r"\d+\.\d+", default):
        return str(float(default) + 0.01)
    return f"value-of-{name.lower()}"


def test_every_name_sets_its_setting(monkeypatch):
    for key in list(os.environ):
        if key.startswith(("PRIVACY_BOT_", "SLACK_")):
            monkeypatch.delenv(key)
    for row in rows():
        value = other_value(row.name, row.default)
        with monkeypatch.context() as env:
            env.setenv(row.name, value)
            try:
                actual: object = Settings(_env_file=None)
            except ValidationError as exc:  # a value our guess cannot satisfy still proves the name reaches the field
                assert [tuple(err["loc"]) for err in exc.errors()] == [row.field], row.name
                continue
        for part in row.field:
            actual = getattr(actual, part)
        actual = actual.get_secret_value() if hasattr(actual, "get_secret_value") else actual
        assert str(actual) == value or (isinstance(actual, float) and actual == float(value)), row.name
    names = env_names()
    assert names[:4] == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"]
    assert len(names) == len(set(names))


def test_the_env_template_shows_every_setting_commented_with_its_default():
    lines = env_template().splitlines()
    assert all(line.startswith("# ") for line in lines)
    assert "# PRIVACY_BOT_RATE_LIMIT_PER_MINUTE=10" in lines and "# SLACK_BOT_TOKEN=" in lines
    assert {line[2:].partition("=")[0] for line in lines if "=" in line and line[2:3].isupper()} >= set(env_names())
