"""Curators' commands: `check`, `new`, `schema`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import LOCAL_KNOWLEDGE, Failure, knowledge_dir, settings
from bot.knowledge.loader import KnowledgeError, load_knowledge


def cmd_check(args: argparse.Namespace) -> int:
    """Validate an answer set (errors: file:line: field: message), then lint it (warnings)."""
    from bot.knowledge.curation import lint

    directory = Path(args.dir) if args.dir else knowledge_dir(args)
    try:
        knowledge = load_knowledge(directory, thresholds=settings().matching)
    except KnowledgeError as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print(f"{len(exc.errors)} error(s) in {directory}: nothing can be served", file=sys.stderr)
        return 1
    answers = knowledge.answers
    findings = lint(answers)
    # A file left out of serving is an error; so is a golden question answered by another entry (or not at
    # all): a curator's edit broke matching.
    errors = [str(p) for p in knowledge.problems] + [str(w).replace(": warning [golden]:", ": error [golden]:")
                                                     for w in findings if w.rule == "golden"]
    warnings = [w for w in findings if w.rule != "golden"]
    for line in errors:
        print(line, file=sys.stderr)
    for warning in warnings:
        print(warning, file=sys.stderr)
    for draft in knowledge.drafts:
        print(f"{draft}: draft (not served until its status is published)")
    summary = (f"{len(answers.entries)} published entries, {len(knowledge.drafts)} draft(s), "
               f"{len(answers.entities.providers)} providers, {len(answers.entities.platforms)} platforms in "
               f"{directory}; {len(errors)} error(s), {len(warnings)} warning(s)")
    if errors or (warnings and args.strict):
        print(f"failed: {summary}" + (" (--strict: warnings are errors)" if not errors else ""), file=sys.stderr)
        return 1
    print(f"ok: {summary}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of an answer entry (commit it as knowledge/answer.schema.json)."""
    from bot.knowledge.curation import schema_text

    sys.stdout.write(schema_text())
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Write a commented skeleton entry (a draft) to answers/ENTRY_ID.yaml of the answer set."""
    from bot.knowledge.curation import skeleton

    directory = Path(args.dir) if args.dir else Path(args.knowledge) if getattr(args, "knowledge", None) else None
    if directory is None:
        directory = settings().knowledge_dir or LOCAL_KNOWLEDGE  # never into the installed package
    try:
        text = skeleton(args.entry_id)
    except ValueError as exc:
        raise Failure(str(exc), status=2) from None
    path = directory / "answers" / f"{args.entry_id}.yaml"
    if path.exists():
        raise Failure(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    same = directory.resolve() == knowledge_dir(args).resolve()  # what `check` alone would look at
    check = "privacy-bot check --strict" if same else f"privacy-bot check {directory} --strict"
    print(f"wrote {path} (a draft, not served): fill in every TODO, set status: published, then run `{check}`")
    return 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `check`, `new` and `schema`."""
    check = sub.add_parser("check", parents=[common], help="validate and lint the answer set")
    check.add_argument("dir", nargs="?", help="answer set directory (default: --knowledge, PRIVACY_BOT_KNOWLEDGE_DIR, "
                                              "./knowledge if it holds an answer set, else the bundled one)")
    check.add_argument("--strict", action="store_true",
                       help="treat lint warnings (overdue, alike, references without URL...) as errors")
    check.set_defaults(func=cmd_check)
    new = sub.add_parser("new", parents=[common], help="write a commented skeleton entry (a draft)")
    new.add_argument("entry_id", help="slug, e.g. mistral-la-plateforme")
    new.add_argument("--dir", help="answer set directory (default: --knowledge, PRIVACY_BOT_KNOWLEDGE_DIR or "
                                   "./knowledge)")
    new.set_defaults(func=cmd_new)
    sch = sub.add_parser("schema", parents=[common], help="print the answer entry JSON Schema")
    sch.set_defaults(func=cmd_schema)
