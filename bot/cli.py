"""The privacy-bot command line: thin; each command parses arguments and calls into the package."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from bot.config import Settings, SettingsError, load_settings
from bot.core.answer_set import AnswerSet
from bot.knowledge import KnowledgeError, default_knowledge_dir, load_answer_set
from bot.serve import add_commands as add_serve_commands
from bot.settings_doc import add_command as add_config_command
from bot.terminal import decision_json, render_decision
from bot.triage_cli import add_commands as add_triage_commands

Command = Callable[[argparse.Namespace], int]


class Failure(Exception):
    """A user-facing failure: printed as one message, exit status 1 (or .status)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def settings() -> Settings:
    """Return the settings, or fail with their one-line error."""
    try:
        return load_settings()
    except SettingsError as exc:
        raise Failure(str(exc)) from None


def knowledge_dir(args: argparse.Namespace) -> Path:
    """Return the answer set directory: --knowledge, else PRIVACY_BOT_KNOWLEDGE_DIR, else the bundled set."""
    if getattr(args, "knowledge", None):
        return Path(args.knowledge)
    return settings().knowledge_dir or default_knowledge_dir()


def load(args: argparse.Namespace) -> AnswerSet:
    """Return the answer set, or fail with every error listed."""
    try:
        return load_answer_set(knowledge_dir(args), thresholds=settings().matching)
    except KnowledgeError as exc:
        raise Failure(f"the answer set is invalid ({len(exc.errors)} errors):\n{exc}") from None


def _batch_lines(source: str) -> TextIO:
    if source == "-":
        return sys.stdin
    try:
        return open(source, encoding="utf-8")
    except OSError as exc:
        raise Failure(f"cannot read {source}: {exc.strerror}") from None


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or a batch (one per line), as text or JSON."""
    answers = load(args)
    if args.batch:
        if not args.json:
            raise Failure("--batch needs --json (one JSON object per line)", status=2)
        stream = _batch_lines(args.batch)
        try:
            for line in stream:
                if line.strip():
                    out = decision_json(answers.decide(line.rstrip("\n")), answers)
                    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
                    sys.stdout.flush()
        finally:
            if stream is not sys.stdin:
                stream.close()
        return 0
    question = " ".join(args.question).strip()
    if not question:
        raise Failure("ask needs a QUESTION (or --json --batch FILE)", status=2)
    decision = answers.decide(question)
    if args.json:
        print(json.dumps(decision_json(decision, answers), ensure_ascii=False, indent=2))
    else:
        print(render_decision(decision, answers))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate an answer set (errors: file:line: field: message), then lint it (warnings)."""
    from bot.curation import lint, unfinished

    directory = Path(args.dir) if args.dir else knowledge_dir(args)
    try:
        answers = load_answer_set(directory, thresholds=settings().matching)
    except KnowledgeError as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print(f"{len(exc.errors)} error(s) in {directory}", file=sys.stderr)
        return 1
    findings = lint(answers)
    # A golden question answered by another entry (or not at all) means a curator's edit broke matching: error.
    errors = unfinished(answers) + [str(w).replace(": warning [golden]:", ": error [golden]:")
                                    for w in findings if w.rule == "golden"]
    warnings = [w for w in findings if w.rule != "golden"]
    for line in errors:
        print(line, file=sys.stderr)
    for warning in warnings:
        print(warning, file=sys.stderr)
    summary = (f"{len(answers.entries)} entries, {len(answers.entities.providers)} providers, "
               f"{len(answers.entities.platforms)} platforms in {directory}; "
               f"{len(errors)} error(s), {len(warnings)} warning(s)")
    if errors or (warnings and args.strict):
        print(f"failed: {summary}" + (" (--strict: warnings are errors)" if not errors else ""), file=sys.stderr)
        return 1
    print(f"ok: {summary}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Purge question text and asker ids older than the retention period (serve also does this daily)."""
    import datetime as dt

    from sqlalchemy.exc import SQLAlchemyError

    from bot.store import DatabaseError, connect, current_revision
    from bot.store.retention import purge

    config = settings()
    days = config.retention_days if args.days is None else args.days
    try:
        engine = connect(config.database_url)
        if current_revision(engine) is None:
            raise Failure(f"the database at {config.database_url} has no tables yet: run `privacy-bot db upgrade`")
        before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
        counts = purge(engine, before=before)
        engine.dispose()
    except (DatabaseError, SQLAlchemyError) as exc:
        raise Failure(f"cannot purge: {str(exc).splitlines()[0]}") from None
    print(f"purged data older than {days} days (before {before.isoformat(timespec='seconds')}): "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of an answer entry (commit it as knowledge/answer.schema.json)."""
    from bot.curation import schema_text

    sys.stdout.write(schema_text())
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Write a commented skeleton entry to answers/ENTRY_ID.yaml of the answer set."""
    from bot.curation import skeleton

    directory = Path(args.dir) if args.dir else knowledge_dir(args)
    try:
        text = skeleton(args.entry_id)
    except ValueError as exc:
        raise Failure(str(exc), status=2) from None
    path = directory / "answers" / f"{args.entry_id}.yaml"
    if path.exists():
        raise Failure(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}: fill in every TODO, then run `privacy-bot check --strict`")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Evaluate decide() and two lexical baselines on a labelled question set."""
    from bot.evaluation import (
        DEFAULT_EVAL_FILE,
        EvalFileError,
        baselines,
        evaluate,
        format_report,
        load_questions,
    )

    answers = load(args)
    path = Path(args.file) if args.file else DEFAULT_EVAL_FILE
    try:
        items = load_questions(path, answers)
    except EvalFileError as exc:
        raise Failure(str(exc)) from None
    report = evaluate(answers, items)
    print(format_report(report, baselines(answers, items), show_misses=not args.no_misses))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Print the curators' report from the database."""
    import datetime as dt

    from sqlalchemy.exc import SQLAlchemyError

    from bot.report import build_report, render
    from bot.store import DatabaseError, connect, current_revision

    answers = load(args)
    url = settings().database_url
    try:
        engine = connect(url)
        if current_revision(engine) is None:
            raise Failure(f"the database at {url} has no tables yet: run `privacy-bot db upgrade`")
        now = dt.datetime.now(dt.timezone.utc)
        report = build_report(engine, answers, since=now - dt.timedelta(days=args.days), today=now.date())
    except (DatabaseError, SQLAlchemyError) as exc:
        raise Failure(f"cannot read the database: {str(exc).splitlines()[0]}") from None
    sys.stdout.write(render(report, args.format))
    return 0


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="privacy-bot", description=__doc__)
    parser.add_argument("--knowledge", metavar="DIR", help="answer set directory (default: bundled set)")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer a question from the answer set")
    ask.add_argument("question", nargs="*", help="the question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--batch", metavar="FILE", help="one question per line (- for stdin); needs --json")
    ask.set_defaults(func=cmd_ask)

    check = sub.add_parser("check", help="validate the answer set")
    check.add_argument("dir", nargs="?", help="answer set directory (default: --knowledge or bundled)")
    check.add_argument("--strict", action="store_true",
                       help="treat lint warnings (overdue, alike, references without URL...) as errors")
    check.set_defaults(func=cmd_check)

    rep = sub.add_parser("report", help="curators' report: questions per entry, unanswered, feedback, overdue")
    rep.add_argument("--days", type=int, default=90, help="questions asked in the last N days (default 90)")
    rep.add_argument("--format", choices=["table", "csv", "json"], default="table")
    rep.set_defaults(func=cmd_report)

    pur = sub.add_parser("purge", help="purge question text and asker ids past PRIVACY_BOT_RETENTION_DAYS")
    pur.add_argument("--days", type=_non_negative, help="override PRIVACY_BOT_RETENTION_DAYS for this run (0: all)")
    pur.set_defaults(func=cmd_purge)

    sch = sub.add_parser("schema", help="print the answer entry JSON Schema")
    sch.set_defaults(func=cmd_schema)

    new = sub.add_parser("new", help="write a commented skeleton entry")
    new.add_argument("entry_id", help="slug, e.g. mistral-la-plateforme")
    new.add_argument("--dir", help="answer set directory (default: --knowledge or bundled)")
    new.set_defaults(func=cmd_new)

    ev = sub.add_parser("eval", help="measure matching on a labelled question set, against two baselines")
    ev.add_argument("file", nargs="?", help="questions YAML (default: tests/eval/questions.yaml)")
    ev.add_argument("--no-misses", action="store_true", help="do not list the misses")
    ev.set_defaults(func=cmd_eval)
    add_serve_commands(sub)
    add_triage_commands(sub)
    add_config_command(sub)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
