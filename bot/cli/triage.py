"""`privacy-bot escalations list [--open]` and `privacy-bot drafts export DIR`: the workflow from the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import bot, load, store
from bot.core.answer_set import AnswerSet
from bot.core.escalations import CloseReason, Escalation, Status
from bot.core.masking import mask_contacts
from bot.core.matching.text import readable
from bot.core.replies import Undelivered

QUESTION_WIDTH = 70


def _row(esc: Escalation, question_text: str, asker: str, pending: list[Undelivered]) -> dict[str, Any]:
    return {
        "id": esc.question_id, "status": esc.status.value, "asked": esc.created_at.isoformat(timespec="minutes"),
        "asker": asker, "claimed_by": esc.claimed_by or "", "answered_by": esc.answered_by or "",
        "closed_by": esc.closed_by or "",
        "close_reason": esc.close_reason.value if isinstance(esc.close_reason, CloseReason) else "",
        "duplicate_of": esc.duplicate_of,
        "answer": "draft" if esc.draft else esc.entry_id or "",
        "question": " ".join(mask_contacts(readable(question_text)).split()),
        "undelivered": len(pending), "last_error": next((p.last_error for p in pending if p.last_error), "") or "",
        "not_delivered": esc.undelivered.value if esc.undelivered else "",  # given up: reached the asker nowhere
    }


def cmd_list(args: argparse.Namespace) -> int:
    """List escalations (oldest first), with anything still undelivered."""
    the_store = store(bot(args))
    listing = the_store.escalations.listing(unanswered_only=args.open)
    pending: dict[int, list[Undelivered]] = {}
    for item in the_store.outbox.undelivered():
        if item.question_id is not None:
            pending.setdefault(item.question_id, []).append(item)
    rows = [_row(esc, rec.question.text, rec.question.asker, pending.get(esc.question_id, [])) for esc, rec in listing]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("no escalations" + (" waiting for an answer" if args.open else ""))
        return 0
    from bot.cli.render import table

    shown = [{"id": r["id"], "status": r["status"], "asked": r["asked"][:16].replace("T", " "),
              "who": _who_row(r), "question": r["question"][:QUESTION_WIDTH],
              "undelivered": f"{r['undelivered']} ({r['last_error']})" if r["last_error"] else r["undelivered"]}
             for r in rows]
    waiting = sum(1 for r in rows if Status(r["status"]).unanswered)
    print(table(shown, width=QUESTION_WIDTH))
    print(f"\n{len(rows)} escalation(s), {waiting} waiting for an answer")
    return 0


def _who_row(row: dict[str, Any]) -> str:
    return str(row["answered_by"] or row["closed_by"] or row["claimed_by"])


def cmd_export(args: argparse.Namespace) -> int:
    """Write each written answer as an entry YAML file for review in git."""
    from bot.knowledge.drafts import export_drafts

    answers: AnswerSet = load(args)
    drafts = store(bot(args, answers=answers)).escalations.listing(answered_with_draft=True)
    results = export_drafts(drafts, Path(args.dir), taken=set(answers.entries),
                            providers=set(answers.entities.providers), platforms=set(answers.entities.platforms),
                            overwrite=args.overwrite)
    for result in results:
        action = "wrote" if result.written else "kept (exists; --overwrite to replace)"
        print(f"{action} {result.path}  (escalation #{result.question_id})")
    written = sum(r.written for r in results)
    print(f"{written} draft(s) written to {args.dir}; review them, replace every TODO, then "
          "`privacy-bot check --strict`", file=sys.stderr)
    return 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `escalations list` and `drafts export`."""
    esc = sub.add_parser("escalations", parents=[common], help="questions handed to the privacy team")
    esc_sub = esc.add_subparsers(dest="escalations_command", required=True)
    listing = esc_sub.add_parser("list", parents=[common],
                                 help="every escalation, oldest first, with undelivered messages")
    listing.add_argument("--open", action="store_true", help="only those waiting for an answer (open or claimed)")
    listing.add_argument("--json", action="store_true", help="one JSON array")
    listing.set_defaults(func=cmd_list)
    drafts = sub.add_parser("drafts", parents=[common], help="the privacy team's written answers")
    drafts_sub = drafts.add_subparsers(dest="drafts_command", required=True)
    export = drafts_sub.add_parser("export", parents=[common],
                                   help="write each written answer as an entry YAML file to DIR")
    export.add_argument("dir", help="where to write (e.g. knowledge/answers, to review in git)")
    export.add_argument("--overwrite", action="store_true", help="replace files that exist")
    export.set_defaults(func=cmd_export)
