"""One Settings object, read from the environment (and a .env file if present)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.matching import Thresholds


class Settings(BaseSettings):
    """Runtime settings. Slack credentials keep Slack's own names; the rest are PRIVACY_BOT_*."""

    model_config = SettingsConfigDict(env_prefix="PRIVACY_BOT_", env_file=".env", extra="ignore",
                                      populate_by_name=True, env_nested_delimiter="__")

    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "slack_bot_token"),
        description="Bot token (xoxb-...) from the app's OAuth page.")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "slack_signing_secret"),
        description="Signing secret; required in HTTP mode.")
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "slack_app_token"),
        description="App-level token (xapp-...) with connections:write; required in Socket Mode.")
    slack_api_url: str = Field(
        default="https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL", "slack_api_url"),
        description="Slack Web API base URL (override for tests or a proxy).")
    knowledge_dir: Path | None = Field(
        default=None, description="Answer set directory (entities.yaml + answers/); default: the bundled set.")
    database_url: str = Field(
        default="sqlite:///privacy-bot.db",
        description="SQLAlchemy URL: a SQLite file by default; postgresql+psycopg://... for several replicas.")
    escalation_channel: str | None = Field(
        default=None, description="Channel ID (C...) of the privacy team's triage channel.")
    matching: Thresholds = Field(
        default_factory=Thresholds,
        description="Decision thresholds, e.g. PRIVACY_BOT_MATCHING__MARGIN=0.12 (see README, Matching).")
    rate_limit_per_minute: int = Field(
        default=10, ge=1, le=10_000, description="Questions one person may ask per minute (across replicas).")
    entry_url: str | None = Field(
        default=None, description="Link to an entry's full text, with {id} for the entry id (e.g. its YAML in git).")
    retention_days: int = Field(
        default=90, ge=1, description="Days after which question text and asker ids are purged (counts are kept).")
    reload_interval: float = Field(
        default=5.0, ge=0, description="Seconds between checks for edited answer files (0: only on SIGHUP).")
    http_workers: int = Field(default=2, ge=1, le=64, description="gunicorn worker processes for serve --http.")
    http_threads: int = Field(default=8, ge=1, le=256, description="Threads per gunicorn worker for serve --http.")

    @field_validator("slack_api_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @field_validator("entry_url")
    @classmethod
    def _entry_url(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith(("http://", "https://")) or "{id}" not in value):
            raise ValueError("must be an http(s) URL containing {id}")
        return value


class SettingsError(Exception):
    """Settings are missing or malformed; the message is one line for people."""


def load_settings(**overrides: object) -> Settings:
    """Return Settings from the environment; raise SettingsError with one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = "__".join(str(part) for part in err["loc"]) if err["loc"] else "?"
            env = name.upper() if name.upper().startswith("SLACK_") else f"PRIVACY_BOT_{name.upper()}"
            problems.append(f"{env}: {err['msg']}")
        raise SettingsError("invalid settings: " + "; ".join(problems)) from None
