"""The privacy-bot command line: thin; each command parses arguments and calls into the package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from bot.cli import ask, curate, matrix, ops, serve, sources, triage
from bot.cli.common import Failure

Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand; global options work before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS,
                        help="answer set directory (default: PRIVACY_BOT_KNOWLEDGE_DIR, else ./knowledge if it "
                             "holds an answer set, else the bundled set)")
    parser = argparse.ArgumentParser(prog="privacy-bot", description=__doc__, parents=[common])
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (ask, curate, matrix, triage, ops, serve, sources):
        module.add_commands(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    func: Command = args.func
    try:
        return func(args)
    except Failure as exc:
        print(f"privacy-bot: {exc}", file=sys.stderr)
        return exc.status
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0
