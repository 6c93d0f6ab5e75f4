"""Serving processes: gunicorn for HTTP (one Bot per worker, built after the fork) and Socket Mode."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from flask import Flask

from bot.bootstrap import Bot, build
from bot.config import Settings
from bot.knowledge.loader import Knowledge
from bot.runtime.observability import configure_logging, metrics_text
from bot.runtime.reload import Fingerprint
from bot.slack.server import make_flask, run_socket_mode

log = logging.getLogger("privacy-bot")


def wsgi(bot: Bot, *, http: bool = True, ready: Callable[[], None] | None = None) -> Flask:
    """Return the WSGI app of a Bot: the Slack path (HTTP mode), probes, metrics, and the pages when enabled."""
    pages = None
    if bot.settings.pages:
        from bot.runtime.pages import register_pages

        def pages(app: Flask) -> None:
            register_pages(app, bot.answers.current)

    signing = bot.settings.slack_signing_secret
    return make_flask(bot.app(http=True) if http else None,
                      signing_secret=signing.get_secret_value() if http and signing else None,
                      health=bot.health, ready=ready or bot.ready, metrics=lambda: metrics_text(bot.state),
                      pages=pages)


def http_worker_app(settings: Settings | None = None, knowledge: Knowledge | None = None,
                    seen: Fingerprint | None = None) -> Flask:
    """Return the WSGI app of one gunicorn worker (called after the fork, with the master's current answer set)."""
    # Hand the GIL over more often than every 5 ms, so a request thread acking Slack is not stuck behind the
    # worker threads building answers (measured with tests/bench/bench_http.py).
    sys.setswitchinterval(0.0005)
    bot = build(settings, answers=knowledge, checked=True)  # a database outage must not stop a worker booting
    configure_logging(bot.settings.log_level)
    if seen is not None:
        bot.reloader.seen = seen
    app = wsgi(bot)
    bot.start()  # in each worker; SIGHUP goes through gunicorn's master
    return app


def gunicorn(current: Callable[[], tuple[Settings, Knowledge, Fingerprint]], options: dict[str, Any]) -> Any:
    """Return the gunicorn application; each worker builds its own Bot (no threads or connections cross a fork)."""
    from gunicorn.app.base import BaseApplication

    class Gunicorn(BaseApplication):  # type: ignore[misc]
        """gunicorn configured in code."""

        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:  # control_socket_disable is new in gunicorn 24
                    self.cfg.set(key, value)

        def load(self) -> Any:
            settings, knowledge, seen = current()
            return http_worker_app(settings, knowledge=knowledge, seen=seen)

    return Gunicorn()


def socket_mode(bot: Bot, *, host: str, port: int) -> None:
    """Serve over Socket Mode until interrupted, with /healthz, /readyz and /metrics on host:port."""
    app = bot.app(http=False)
    bot.start()
    bot.reloader.install_sighup()  # SIGHUP: reload the answer set now, keeping it if invalid
    token = bot.settings.slack_app_token
    run_socket_mode(app, token.get_secret_value() if token else "", host=host, port=port,
                    probes=lambda connected: wsgi(bot, http=False, ready=connected), ready=bot.ready)
