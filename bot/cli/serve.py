"""`privacy-bot serve`: check everything first, then serve with gunicorn (HTTP) or over Socket Mode.

A missing or malformed setting, an invalid answer set, an unmigratable database, a token Slack rejects or a
triage channel the bot cannot post to stops the start with one line on stderr and exit status 1, before any
server starts. A PostgreSQL server that cannot be reached is retried with backoff for
PRIVACY_BOT_DATABASE_START_WAIT seconds first (it may be starting alongside the bot), each attempt logged.
"""

from __future__ import annotations

import argparse
import atexit
import logging
import os
import shutil
import tempfile
import time
from typing import TYPE_CHECKING, Any

from bot.cli.common import Failure, knowledge_dir, settings
from bot.config import Settings, SettingsError

if TYPE_CHECKING:
    from bot.bootstrap import Bot

log = logging.getLogger("privacy-bot")


def check_tokens(config: Settings, *, http: bool) -> None:
    """Raise SettingsError unless the tokens the mode needs are set and of the right kind."""
    from bot.bootstrap import secret

    if not secret(config.slack_bot_token, "SLACK_BOT_TOKEN", "the bot token, xoxb-...").startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
    if http:
        secret(config.slack_signing_secret, "SLACK_SIGNING_SECRET", "needed in HTTP mode")
    elif not secret(config.slack_app_token, "SLACK_APP_TOKEN", "needed in Socket Mode").startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    secret(config.escalation_channel, "PRIVACY_BOT_ESCALATION_CHANNEL", "the triage channel id, C...")


def check_slack(bot: Bot) -> None:
    """Raise SettingsError unless Slack accepts the token and the bot can post to the triage channel."""
    from slack_sdk.errors import SlackApiError

    channel = bot.settings.escalation_channel
    try:
        bot.client.auth_test()
    except Exception as exc:  # unreachable API or a rejected token
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SettingsError(f"cannot start: Slack auth.test at SLACK_API_URL failed: {detail}") from None
    try:
        info = bot.client.conversations_info(channel=channel).get("channel") or {}
    except SlackApiError as exc:
        error = exc.response.get("error", exc.response.status_code)
        raise SettingsError(f"PRIVACY_BOT_ESCALATION_CHANNEL {channel}: Slack says {error} (is it the channel's id, "
                            "and is the bot invited?)") from None
    if info.get("is_archived"):
        raise SettingsError(f"PRIVACY_BOT_ESCALATION_CHANNEL {channel} is archived")
    if not info.get("is_member"):
        raise SettingsError(f"PRIVACY_BOT_ESCALATION_CHANNEL {channel}: the bot is not a member; invite it with "
                            "/invite @privacy-bot in that channel")


def migrate(config: Settings, *, sleep: Any = time.sleep, clock: Any = time.monotonic) -> None:
    """Migrate the database, retrying an unreachable PostgreSQL server with backoff (1 s doubling to 10 s) for
    database_start_wait seconds; raise DatabaseError (one line) when it is still unreachable, or unusable."""
    from bot.runtime.observability import configure_logging
    from bot.store import DatabaseUnreachable, open_store

    deadline = clock() + config.database_start_wait
    attempt = 0
    while True:
        attempt += 1
        try:
            open_store(config.database_url, migrate=True).close()
            return
        except DatabaseUnreachable as exc:
            left = deadline - clock()
            if left <= 0:
                waited = f"{attempt} attempts in {config.database_start_wait:g} s: PRIVACY_BOT_DATABASE_START_WAIT"
                raise DatabaseUnreachable(f"{exc} (still unreachable after {waited})") from None
            delay = min(2.0 ** (attempt - 1), 10.0, left)
            if attempt == 1:
                configure_logging("WARNING")  # the retries as JSON lines (a start that fails at once stays one line)
            log.warning("the database is unreachable (attempt %d: %s); trying again in %.0f s", attempt, exc, delay)
            sleep(delay)


def _remove_in(owner: int, directory: str) -> None:
    """Remove the metrics directory this process made, when it exits: not from a forked worker."""
    if os.getpid() == owner:
        shutil.rmtree(directory, ignore_errors=True)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve Slack over HTTP (gunicorn) or Socket Mode."""
    if args.http and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Before prometheus_client is imported: every gunicorn worker then writes its samples here and
        # /metrics in any worker reports all of them. A fresh directory per start: no stale samples.
        made = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="privacy-bot-metrics-")
        atexit.register(_remove_in, os.getpid(), made)  # when the master exits (workers inherit the hook)
    from bot.bootstrap import build  # after the metrics directory is set: the counters are made on import
    from bot.runtime.observability import configure_logging
    from bot.store import DatabaseError

    config = settings().model_copy(update={"knowledge_dir": knowledge_dir(args)})  # as every command picks it
    try:
        check_tokens(config, http=args.http)
        migrate(config)
        bot = build(config, checked=True)
        entries = len(bot.answers.current().entries)
        check_slack(bot)
    except (SettingsError, DatabaseError) as exc:
        raise Failure(str(exc)) from None
    configure_logging(config.log_level)
    log.info("database migrated; %d entries loaded", entries)
    if args.socket:
        from bot.runtime.serving import socket_mode

        socket_mode(bot, host=args.host, port=args.port)
        return 0
    from bot.runtime.serving import gunicorn

    reloader = bot.reloader  # used by the master on SIGHUP; workers poll on their own

    def on_reload(_server: Any) -> None:
        # gunicorn's master restarts its workers on SIGHUP; they are forked from here, so reload (and validate)
        # here first: an invalid edit keeps the old set in the new workers instead of failing their boot.
        reloader.check(force=True)

    bot.store.close()
    gunicorn(lambda: (config, bot.answers.knowledge, reloader.seen), {
        "bind": f"{args.host}:{args.port}", "workers": config.http_workers, "threads": config.http_threads,
        "worker_class": "gthread", "timeout": 30, "graceful_timeout": 10, "keepalive": 5,
        "proc_name": "privacy-bot", "control_socket_disable": True, "on_reload": on_reload,
    }).run()
    return 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `serve`."""
    serve = sub.add_parser("serve", parents=[common], help="run the Slack bot (HTTP with gunicorn, or Socket Mode)")
    mode = serve.add_mutually_exclusive_group(required=True)
    mode.add_argument("--http", action="store_true", help="serve Slack's HTTP requests on /slack/events")
    mode.add_argument("--socket", action="store_true", help="connect over Socket Mode (SLACK_APP_TOKEN)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; Socket Mode: for /healthz, /readyz, /metrics)")
    serve.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    serve.set_defaults(func=cmd_serve)
