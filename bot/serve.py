"""`privacy-bot serve` and `privacy-bot db upgrade`: check everything first, then serve with gunicorn or Socket Mode.

A missing or malformed setting, an invalid answer set, an unreachable database or a token Slack rejects stops the
start with one line on stderr and exit status 1, before any server starts.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from typing import Any

from bot.config import Settings, SettingsError, load_settings

log = logging.getLogger("privacy-bot")


def _fail(message: str) -> int:
    print(f"privacy-bot: {message}", file=sys.stderr)
    return 1


class DatabaseError(Exception):
    """Stand-in until bot.store is imported (kept lazy so `privacy-bot ask` starts fast)."""


def _migrate(settings: Settings) -> str:
    from bot.store import DatabaseError as StoreError
    from bot.store import connect, current_revision, upgrade

    try:
        engine = connect(settings.database_url)
    except StoreError as exc:
        raise DatabaseError(str(exc)) from None
    try:
        upgrade(engine)
        return current_revision(engine) or "?"
    except Exception as exc:
        raise DatabaseError(f"cannot migrate the database: {type(exc).__name__}: {str(exc).splitlines()[0]}") from None
    finally:
        engine.dispose()


def _check_tokens(settings: Settings, *, http: bool) -> None:
    from bot.app import require  # keeps `privacy-bot ask` free of Slack imports

    if not require(settings.slack_bot_token, "SLACK_BOT_TOKEN", "the bot token, xoxb-...").startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
    if http:
        require(settings.slack_signing_secret, "SLACK_SIGNING_SECRET", "needed in HTTP mode")
    elif not require(settings.slack_app_token, "SLACK_APP_TOKEN", "needed in Socket Mode").startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """Apply the database migrations."""
    try:
        settings = load_settings()
        revision = _migrate(settings)
    except (SettingsError, DatabaseError) as exc:
        return _fail(str(exc))
    print(f"database is at revision {revision}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve Slack over HTTP (gunicorn) or Socket Mode."""
    if args.http and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Before prometheus_client is imported: every gunicorn worker then writes its samples here and
        # /metrics in any worker reports all of them. A fresh directory per start: no stale samples.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="privacy-bot-metrics-")
    from bot.app import build_app, build_reloader, build_services, ready, start_background
    from bot.observability import configure_logging
    from bot.store.state import state_counts

    try:
        settings = load_settings()
        _check_tokens(settings, http=args.http)
        revision = _migrate(settings)
        services = build_services(settings)
        app = build_app(services, http=args.http)  # calls auth.test: a rejected token stops here
    except (SettingsError, DatabaseError) as exc:
        return _fail(str(exc))
    except Exception as exc:  # auth.test failed: unreachable API or a rejected token
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _fail(f"cannot start: Slack auth.test at SLACK_API_URL failed: {detail}")
    configure_logging(settings.log_level)
    log.info("database at revision %s; %d entries loaded", revision, len(services.answers.get().entries))
    if args.socket:
        from bot.slack.server import run_socket_mode

        reloader = start_background(services, app)
        reloader.install_sighup()  # SIGHUP: reload the answer set now, keeping it if invalid
        token = str(settings.slack_app_token.get_secret_value() if settings.slack_app_token else "")
        run_socket_mode(app, token, host=args.host, port=args.port, health=services.health,
                        ready=lambda: ready(services), state=lambda: state_counts(services.store.engine))
        return 0
    reloader = build_reloader(services, app)  # used by the master on SIGHUP; workers poll on their own
    services.store.close()

    def on_reload(_server: Any) -> None:
        # gunicorn's master restarts its workers on SIGHUP; they are forked from here, so reload (and validate)
        # here first: an invalid edit keeps the old set in the new workers instead of failing their boot.
        reloader.check(force=True)

    _gunicorn(lambda: (services.answers.get(), reloader.seen), {
        "bind": f"{args.host}:{args.port}", "workers": settings.http_workers, "threads": settings.http_threads,
        "worker_class": "gthread", "timeout": 30, "graceful_timeout": 10, "keepalive": 5,
        "proc_name": "privacy-bot", "control_socket_disable": True, "on_reload": on_reload,
    }).run()
    return 0


def _gunicorn(current_answers: Any, options: dict[str, Any]) -> Any:
    from gunicorn.app.base import BaseApplication

    class Gunicorn(BaseApplication):  # type: ignore[misc]
        """gunicorn configured in code; each worker builds its own app (no threads or connections cross a fork)."""

        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:  # control_socket_disable is new in gunicorn 24
                    self.cfg.set(key, value)

        def load(self) -> Any:
            from bot.app import build_http_app  # built in the worker, after the fork

            answers, seen = current_answers()
            return build_http_app(answers=answers, seen=seen)

    return Gunicorn()


def add_commands(sub: Any) -> None:
    """Add `serve` and `db upgrade` to the privacy-bot subcommands."""
    serve = sub.add_parser("serve", help="run the Slack bot (HTTP with gunicorn, or Socket Mode)")
    mode = serve.add_mutually_exclusive_group(required=True)
    mode.add_argument("--http", action="store_true", help="serve Slack's HTTP requests on /slack/events")
    mode.add_argument("--socket", action="store_true", help="connect over Socket Mode (SLACK_APP_TOKEN)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; Socket Mode: for /healthz, /readyz, /metrics)")
    serve.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    serve.set_defaults(func=cmd_serve)
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply the migrations (serve also does this at start)").set_defaults(
        func=cmd_db_upgrade)
