"""Operators' commands: `db upgrade`, `purge`, `report`, `config`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from bot.cli.common import Failure, bot, load, settings, store
from bot.config import MAX_DAYS


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """Apply the database migrations."""
    from bot.store import DatabaseError, open_store
    from bot.store.engine import HEAD

    try:
        the_store = open_store(settings().database_url, migrate=True)
    except DatabaseError as exc:
        raise Failure(str(exc)) from None
    the_store.close()
    print(f"database is at revision {HEAD}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Purge question text and people's ids older than the retention period (serve also does this daily)."""
    from bot.store.retention import purge

    the_bot = bot(args)
    days = the_bot.settings.retention_days if args.days is None else args.days
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    counts = purge(store(the_bot).engine, before=before)
    print(f"purged data older than {days} days (before {before.isoformat(timespec='seconds')}): "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Print the curators' report from the database."""
    from bot.cli.render import render_report
    from bot.store.report import build_report

    answers = load(args)
    the_bot = bot(args, answers=answers)
    now = dt.datetime.now(dt.timezone.utc)
    report = build_report(store(the_bot).engine, answers, since=now - dt.timedelta(days=args.days), today=now.date())
    sys.stdout.write(render_report(report, args.format))
    return 0


def _days(least: int) -> Any:
    """Return an argparse type for a number of days from least to MAX_DAYS (further back is before year 1)."""

    def days(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = -1
        if not least <= value <= MAX_DAYS:
            raise argparse.ArgumentTypeError(f"must be a whole number of days from {least} to {MAX_DAYS}")
        return value

    return days


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `db upgrade`, `purge`, `report` and `config`."""
    from bot.cli.config import cmd_config

    db = sub.add_parser("db", parents=[common], help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", parents=[common], help="apply the migrations (serve also does this at start)"
                      ).set_defaults(func=cmd_db_upgrade)
    rep = sub.add_parser("report", parents=[common],
                         help="curators' report: questions per entry, unanswered, feedback, overdue")
    rep.add_argument("--days", type=_days(1), default=90, help="questions asked in the last N days (default 90)")
    rep.add_argument("--format", choices=["table", "csv", "json"], default="table")
    rep.set_defaults(func=cmd_report)
    pur = sub.add_parser("purge", parents=[common], help="purge question text and ids past PRIVACY_BOT_RETENTION_DAYS")
    pur.add_argument("--days", type=_days(0), help="override PRIVACY_BOT_RETENTION_DAYS for this run (0: all)")
    pur.set_defaults(func=cmd_purge)
    config = sub.add_parser("config", parents=[common], help="list every setting: environment name, default, meaning")
    config.add_argument("--markdown", action="store_true", help="as README's Markdown table")
    config.set_defaults(func=cmd_config)
