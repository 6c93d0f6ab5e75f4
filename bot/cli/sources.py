"""`privacy-bot sources update|check`: record what the pages cited by the answer set say, and see what changed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.common import Failure, knowledge_dir, settings
from bot.knowledge.loader import KnowledgeError

if TYPE_CHECKING:  # imported when used: httpx and trafilatura cost every other command 0.25 s at start
    from bot.knowledge.sources import HttpClient, SourcesReport, UrlCheck
    from bot.knowledge.sources_fetch import FetchOptions

CUT, SHOW = 200, 10  # characters per sentence, sentences added (and removed) shown per URL


def _failure(exc: KnowledgeError | ValueError) -> Failure:
    if isinstance(exc, KnowledgeError):
        return Failure(f"the answer set cannot be read ({len(exc.errors)} errors):\n{exc}")
    return Failure(str(exc), status=2)


@contextmanager
def _http(client: HttpClient | None, options: FetchOptions | None) -> Iterator[HttpClient | None]:
    """Yield the client to fetch with: the given one, else one through PRIVACY_BOT_SOURCES_MIRROR when it is set (as
    the serving bot's daily check fetches), else None (the fetch layer makes its own)."""
    mirror = settings().mirror() if client is None else {}
    if not mirror:
        yield client
        return
    from bot.knowledge.sources_fetch import MappedTransport, make_client

    with make_client(options, transport=MappedTransport(mirror)) as http:
        yield http


def cmd_update(args: argparse.Namespace, *, client: HttpClient | None = None,
               options: FetchOptions | None = None) -> int:
    """Fetch the entries' reference URLs and record them in <answer set>/sources.lock.yaml."""
    from bot.knowledge.sources import update_sources

    directory = knowledge_dir(args)
    try:
        with _http(client, options) as http:
            update = update_sources(directory, entry_ids=args.entry_ids or None, client=http, options=options)
    except (KnowledgeError, ValueError) as exc:
        raise _failure(exc) from None
    for url, error in sorted(update.failed.items()):
        print(f"not recorded: {url}: {error} (its previous row, if any, is kept)", file=sys.stderr)
    print(f"recorded {len(update.recorded)} of {len(update.recorded) + len(update.failed)} URLs in {update.path}")
    return 1 if update.failed else 0


def _lines(check: UrlCheck) -> list[str]:
    lines = [f"  {check.state:<10}  {check.url}" + (f" ({check.detail})" if check.detail else "")]
    for mark, sentences in (("+", check.added), ("-", check.removed)):
        lines += [f"      {mark} {s if len(s) <= CUT else s[: CUT - 1] + '…'}" for s in sentences[:SHOW]]
        if len(sentences) > SHOW:
            lines.append(f"      {mark} ... and {len(sentences) - SHOW} more")
    return lines


def render_text(report: SourcesReport) -> str:
    """Return the report per entry and URL, with a short diff of each changed page."""
    lines: list[str] = []
    for entry_id in report.entry_ids:
        lines.append(entry_id)
        for check in report.for_entry(entry_id):
            lines += _lines(check)
    counts = ", ".join(f"{n} {state}" for state, n in report.counts().items())
    entries = f"{len(report.entry_ids)} entr{'y' if len(report.entry_ids) == 1 else 'ies'}"
    lines.append(f"{len(report.checks)} URLs of {entries}: {counts}")
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace, *, client: HttpClient | None = None,
              options: FetchOptions | None = None) -> int:
    """Fetch the reference URLs again and report what changed since the lock; exit 1 if any changed or is gone."""
    from bot.knowledge.sources import check_sources

    directory = knowledge_dir(args)
    try:
        with _http(client, options) as http:
            report = check_sources(Path(directory), entry_ids=args.entry_ids or None, client=http, options=options)
    except (KnowledgeError, ValueError) as exc:
        raise _failure(exc) from None
    if args.format == "json":
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        print(render_text(report))
    return 1 if report.failed else 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `sources update` and `sources check`."""
    sources = sub.add_parser("sources", parents=[common], help="watch the vendors' pages the entries cite")
    actions = sources.add_subparsers(dest="sources_command", required=True)
    update = actions.add_parser("update", parents=[common],
                                help="fetch the entries' reference URLs and record them in sources.lock.yaml")
    check = actions.add_parser("check", parents=[common],
                               help="fetch again and report unchanged / changed / gone / redirected / new")
    for parser in (update, check):
        parser.add_argument("entry_ids", nargs="*", metavar="ENTRY_ID",
                            help="entries whose references to fetch (default: every published and draft entry)")
    check.add_argument("--format", choices=["text", "json"], default="text")
    update.set_defaults(func=cmd_update)
    check.set_defaults(func=cmd_check)
