"""One Settings object, read from the environment (and a .env file if present)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, GetCoreSchemaHandler, SecretStr, ValidationError, field_validator
from pydantic_core import core_schema
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.thresholds import Thresholds

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
MAX_DAYS = 36500  # a hundred years: the most days any period (retention, reports) may reach back


class Duration(dt.timedelta):
    """A length of time written as people do: 4h, 30m, 90s, 1d, 1h30m (or a number of seconds)."""

    @classmethod
    def parse(cls, value: object) -> Duration:
        """Return the duration a setting's value means, or raise ValueError."""
        if isinstance(value, dt.timedelta):
            return cls(seconds=value.total_seconds())
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return cls(seconds=float(value))
        text = str(value).strip().lower().replace(" ", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            return cls(seconds=float(text))
        if text and _DURATION.sub("", text) == "":
            return cls(seconds=sum(float(n) * _UNITS[unit] for n, unit in _DURATION.findall(text)))
        raise ValueError("must be a duration like 4h, 30m, 90s or 1d")

    def __str__(self) -> str:
        seconds = int(self.total_seconds())
        parts = []
        for unit, size in _UNITS.items():
            count, seconds = divmod(seconds, size)
            if count:
                parts.append(f"{count}{unit}")
        return "".join(parts) or "0s"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str))


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
        default=None, description="Answer set directory (entities.yaml + answers/); default: ./knowledge when it "
                                  "holds an answer set, else the bundled set.")
    database_url: str = Field(
        default="sqlite:///privacy-bot.db",
        description="SQLAlchemy URL: a SQLite file by default; postgresql+psycopg://... for several replicas.")
    database_start_wait: float = Field(
        default=60.0, ge=0, le=3600,
        description="Seconds `serve` keeps retrying a PostgreSQL server it cannot reach at start (with backoff, each "
                    "attempt logged) before it exits 1 (0: no retry).")
    database_connect_timeout: float = Field(
        default=10.0, ge=2, le=300,
        description="PostgreSQL: seconds to open a connection or wait for a free pooled one before the request fails.")
    database_statement_timeout: float = Field(
        default=30.0, ge=0, le=3600,
        description="PostgreSQL: seconds one statement of a serving process may run (statement_timeout; 0: no "
                    "limit). Migrations and the daily purge are not limited.")
    escalation_channel: str | None = Field(
        default=None, description="Channel ID (C... or G..., not its name) of the privacy team's triage channel; "
                                  "the bot must be a member.")
    matching: Thresholds = Field(
        default_factory=Thresholds,
        description="Decision thresholds, e.g. PRIVACY_BOT_MATCHING__MARGIN=0.12 (see README, Matching).")
    rate_limit_per_minute: int = Field(
        default=10, ge=1, le=10_000, description="Questions one person may ask per minute (across replicas).")
    entry_url: str | None = Field(
        default=None, description="Link to an entry's full text, with {id} for the entry id (e.g. its YAML in git).")
    log_level: str = Field(
        default="INFO", pattern="(?i)^(debug|info|warning|error)$",
        description="Log level of the JSON log lines (DEBUG adds question text).")
    retention_days: int = Field(
        default=90, ge=1, le=MAX_DAYS,
        description="Days after which question text and asker ids are purged (counts are kept; 1 to 36500).")
    reload_interval: float = Field(
        default=5.0, ge=0, le=86400,
        description="Seconds between checks for edited answer files (0: only on SIGHUP; at most 86400, a day).")
    escalation_reminder: Duration = Field(
        default=Duration(hours=4),
        description="How long an escalation may wait unclaimed, or claimed and unanswered since the claim, before "
                    "one reminder in its triage thread (e.g. 4h, 30m; 0 for none).")
    triage_usergroup: str | None = Field(
        default=None, description="User group id (S...) whose members may also claim, answer and close escalations, "
                                  "besides the triage channel's members; mentioned in reminders.")
    outbox_poll: float = Field(
        default=1.0, ge=0.05, le=60,
        description="Seconds between checks for requests to handle and messages to deliver (what this process "
                    "records or queues is handled at once).")
    outbox_lease: float = Field(
        default=60.0, ge=2, le=3600, description="Seconds a worker may spend delivering one message before another "
                                                 "process takes it over (after a crash).")
    outbox_settle: float | None = Field(
        default=None, ge=0, le=600,
        description="Seconds after a Slack call that timed out or lost its connection during which the message is "
                    "only looked for (Slack may still be posting it), not posted again; unset: the delivery client's "
                    "timeout (15 s, or a third of the outbox lease if less).")
    inbox_lease: float = Field(
        default=30.0, ge=2, le=3600, description="Seconds a worker may spend handling one request before another "
                                                 "process takes it over (after a crash).")
    slack_hooks_url: str = Field(
        default="https://hooks.slack.com/", description="The only host the bot sends response_url replies to "
                                                       "(Slack's; tests point it at a local fake).")
    pages: bool = Field(
        default=False, description="Serve the vendor matrix at /matrix and each entry at /entries/<id> (read-only, "
                                   "HTTP mode); entry_url can then point at /entries/{id}.")
    source_check: bool = Field(
        default=True, description="Check the vendors' pages the answer set cites once a day (needs the answer set's "
                                  "sources.lock.yaml and outbound HTTPS) and post each changed or gone one to the "
                                  "triage channel, with the diff and the entry's owner.")
    sources_mirror: str | None = Field(
        default=None, description="Fetch reference URLs from a mirror instead: PREFIX=MIRROR pairs, comma-separated "
                                  "(e.g. https://vendor.example/=http://archive.internal/vendor/).")
    answer_updates: bool = Field(
        default=True, description="Post an update where someone got an answer whose entry has since gained a "
                                  "material change (changes: material: true); askers can mute them.")
    updates_per_minute: int = Field(
        default=60, ge=1, le=6000, description="Most updates to earlier askers posted per minute, across replicas "
                                               "(and at most one a second per conversation).")
    weekly_digest: bool = Field(
        default=True, description="Post a weekly digest to the triage channel (entries overdue for review, changed "
                                  "sources, drafts waiting) and send each owner (owner_slack) their items by DM.")
    http_workers: int = Field(default=2, ge=1, le=64, description="gunicorn worker processes for serve --http.")
    http_threads: int = Field(default=8, ge=1, le=256, description="Threads per gunicorn worker for serve --http.")

    @field_validator("slack_api_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @field_validator("escalation_channel", mode="before")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.fullmatch(r"[CG][A-Z0-9]{2,31}", value):
            raise ValueError("must be a channel id like C0123ABC (a channel's name is not enough: open the channel's "
                             "details in Slack and copy its id)")
        return value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+")):
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
        return value

    @field_validator("slack_hooks_url")
    @classmethod
    def _hooks(cls, value: str) -> str:
        url = urlsplit(value)
        if url.scheme not in ("http", "https") or not url.hostname or "@" in url.netloc or url.query or url.fragment:
            raise ValueError("must be an http:// or https:// URL of a host (and a path), e.g. https://hooks.slack.com/")
        return value  # response_urls must match its scheme, host and port exactly, and its path by whole segments

    @field_validator("triage_usergroup")
    @classmethod
    def _usergroup(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"S[A-Z0-9]{2,31}", value):
            raise ValueError("must be a Slack user group id like S0123ABC")
        return value

    @field_validator("sources_mirror")
    @classmethod
    def _mirror(cls, value: str | None) -> str | None:
        if value and any(not re.fullmatch(r"https?://\S+=https?://\S+", pair.strip()) for pair in value.split(",")):
            raise ValueError("must be PREFIX=MIRROR pairs of http(s) URLs, separated by commas")
        return value or None

    def mirror(self) -> dict[str, str]:
        """Return the sources mirror as prefix -> mirror prefix."""
        pairs = [pair.strip().split("=", 1) for pair in (self.sources_mirror or "").split(",") if pair.strip()]
        return {source: target for source, target in pairs}

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
            field = Settings.model_fields.get(name)
            slacks = field is not None and field.validation_alias is not None  # Slack's own names: no prefix
            env = name.upper() if slacks else f"PRIVACY_BOT_{name.upper()}"
            problems.append(f"{env}: {str(err['msg']).removeprefix('Value error, ')}")
        raise SettingsError("invalid settings: " + "; ".join(problems)) from None
