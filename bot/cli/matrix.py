"""The `matrix` command: offerings x facets as text, CSV, JSON or one self-contained HTML page."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bot.cli.common import Failure, load, settings
from bot.core.answer_set import AnswerSet

FORMATS = ("text", "csv", "json", "html")


def _relative(target: Path, start: Path) -> str:
    """Return target relative to the directory start, as a URL path."""
    return quote(Path(os.path.relpath(target.resolve(), start.resolve())).as_posix(), safe="/")


def entry_url(args: argparse.Namespace) -> str | None:
    """Return the entry link template: --entry-url, else next to --entries, else PRIVACY_BOT_ENTRY_URL, else None."""
    if args.entry_url:
        if "{id}" not in args.entry_url:
            raise Failure("--entry-url must contain {id}, e.g. https://wiki.example.com/privacy/{id}", status=2)
        return str(args.entry_url)
    if args.entries:
        page_dir = Path(args.output).parent if args.output else Path.cwd()
        return _relative(Path(args.entries), page_dir) + "/{id}.html"
    return settings().entry_url  # None: the page links to entries/<id>.html


def write_entry_pages(answers: AnswerSet, directory: Path, *, today: dt.date, matrix: Path | None) -> int:
    """Write DIR/<id>.html for every entry, each linking back to the matrix page when it is a file."""
    from bot.knowledge.pages_html import entry_page

    directory.mkdir(parents=True, exist_ok=True)
    back = _relative(matrix, directory) if matrix is not None else None
    for entry_id in sorted(answers.entries):
        page = entry_page(answers, entry_id, today=today, back_url=back)
        (directory / f"{entry_id}.html").write_text(page, encoding="utf-8")
    return len(answers.entries)


def render(answers: AnswerSet, fmt: str, *, today: dt.date, link: str | None) -> str:
    """Return the matrix in one format."""
    from bot.knowledge import matrix
    from bot.knowledge.pages_html import matrix_html

    if fmt == "html":
        return matrix_html(answers, today=today, entry_url=link)
    renderers = {"text": matrix.matrix_text, "csv": matrix.matrix_csv, "json": matrix.matrix_json}
    return renderers[fmt](answers, today)


def cmd_matrix(args: argparse.Namespace) -> int:
    """Print or write the vendor matrix; with --entries, also write one page per entry."""
    if args.entries and args.format != "html":
        raise Failure("--entries writes the entry pages the HTML matrix links to: use it with --format html",
                      status=2)
    link = entry_url(args) if args.format == "html" else None
    answers = load(args)
    today = dt.date.today()
    text = render(answers, args.format, today=today, link=link)
    output = Path(args.output) if args.output else None
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise Failure(f"cannot write {output}: {exc.strerror or exc}") from None
        print(f"wrote {output} ({args.format}, {len(answers.entries)} published entries)")
    if args.entries:
        try:
            count = write_entry_pages(answers, Path(args.entries), today=today, matrix=output)
        except OSError as exc:
            raise Failure(f"cannot write entry pages to {args.entries}: {exc.strerror or exc}") from None
        print(f"wrote {count} entry pages to {args.entries}", file=sys.stderr if output is None else sys.stdout)
    return 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `matrix`."""
    mat = sub.add_parser(
        "matrix", parents=[common], help="offerings x facets (processor, retention, training, ...) with sources",
        description="Every published entry with its six facets, each value's source and the review dates. "
                    "--format html writes one self-contained page with filters; "
                    "`privacy-bot matrix --format html --output matrix.html --entries entries` also writes "
                    "entries/<id>.html for every entry, which the page links to.")
    mat.add_argument("--format", choices=FORMATS, default="text",
                     help="text (an aligned table and a legend; default), csv, json or html")
    mat.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    mat.add_argument("--entry-url", metavar="TEMPLATE",
                     help="html: where an offering links, with {id} (default: the pages --entries writes, else "
                          "PRIVACY_BOT_ENTRY_URL, else entries/<id>.html next to the page)")
    mat.add_argument("--entries", metavar="DIR",
                     help="html: also write DIR/<id>.html for every entry (the full entry pages the matrix links to)")
    mat.set_defaults(func=cmd_matrix)
