"""`privacy-bot ask` and `privacy-bot eval`: the bot's decisions from the terminal, and how good they are."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from bot.cli.common import Failure, load
from bot.cli.render import decision_json, render_decision
from bot.core.answer_set import AnswerSet
from bot.core.answering import CONTEXT_DEPTH
from bot.core.matching.conversation import Context
from bot.core.matching.intent import IntentModel
from bot.core.matching.text import MAX_QUESTION_CHARS, scrub
from bot.core.models import Outcome
from bot.core.questions import CONTINUED, Handling
from bot.core.replies import TooLongBody


def _stdin() -> TextIO:
    """Return stdin decoded leniently: bytes that are not UTF-8 become U+FFFD."""
    return open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)


def _lines(source: str) -> Iterator[str]:
    """Yield the lines of FILE or stdin; bytes that are not UTF-8 become U+FFFD instead of ending the run."""
    if source == "-":
        stream = _stdin()
    else:
        try:
            stream = open(source, encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError as exc:
            raise Failure(f"cannot read {source}: {exc.strerror}") from None
    with stream:
        for line in stream:
            yield scrub(line.rstrip("\n"))


def _thread(answers: AnswerSet, earlier: list[str]) -> Context | None:
    """Return the context a thread of EARLIER questions (oldest first) gives the next one, as the bot keeps it: each
    question answered, asked back, compared or escalated continues the thread (with its entry when answered)."""
    context: Context | None = None
    kept: list[str] = []  # the questions that continue the thread, newest first
    for text in earlier:
        if _too_long(text):  # the bot only said it was too long: no thread to continue
            continue
        decision = answers.decide(text, context)
        if Handling.of(decision.outcome) in CONTINUED:
            entry = decision.entry_id if decision.outcome is Outcome.ANSWER else None
            context = Context(text=text, entry_id=entry, older=tuple(kept[:CONTEXT_DEPTH]), before=context,
                              handed_over=decision.outcome is Outcome.ESCALATE)
            kept.insert(0, text)
    return context


def _too_long(question: str) -> TooLongBody | None:
    """Return the bot's reply to a question longer than it reads (as in Slack), else None."""
    return TooLongBody(length=len(question), limit=MAX_QUESTION_CHARS) if len(question) > MAX_QUESTION_CHARS else None


def _too_long_json(question: str, body: TooLongBody) -> dict[str, Any]:
    return {"question": question, "outcome": body.kind, "length": body.length, "limit": body.limit,
            "reply": body.text(emphasis="")}


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or a batch (one per line), as text or JSON."""
    if args.batch:
        if not args.json:
            raise Failure("--batch needs --json (one JSON object per line)", status=2)
        if args.question or args.after:
            raise Failure("--batch reads every question from FILE: give no QUESTION or --after beside it", status=2)
    answers = load(args)
    if args.batch:
        for line in _lines(args.batch):
            if line.strip():
                body = _too_long(line)
                out = _too_long_json(line, body) if body else decision_json(answers.decide(line), answers)
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
                sys.stdout.flush()
        return 0
    question = scrub(" ".join(args.question).strip())
    if not question:
        raise Failure("ask needs a QUESTION (or --json --batch FILE)", status=2)
    body = _too_long(question)
    if body is not None:  # the bot reads no further: it says so, and answers nothing
        print(json.dumps(_too_long_json(question, body), ensure_ascii=False, indent=2) if args.json
              else body.text(emphasis=""))
        return 0
    decision = answers.decide(question, _thread(answers, [scrub(t) for t in args.after or ()]))
    if args.json:
        print(json.dumps(decision_json(decision, answers), ensure_ascii=False, indent=2))
    else:
        print(render_decision(decision, answers))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Evaluate decide() and the baselines on the labelled sets (all shipped sets when no file is given)."""
    from bot.knowledge.evaluation import EvalFileError, format_sets, shipped_sets

    answers = load(args)
    paths: list[tuple[str, Path]] = [(Path(f).stem, Path(f)) for f in args.file] if args.file else shipped_sets()
    if not paths:
        raise Failure("no evaluation sets found: give a FILE")
    try:
        text, worst = format_sets(answers, paths, show_misses=not args.no_misses, baselines=not args.no_baselines)
    except EvalFileError as exc:
        raise Failure(str(exc)) from None
    print(text)
    if args.max_wrong is not None and worst > args.max_wrong:
        raise Failure(f"wrong answers {worst:.1f}% > --max-wrong {args.max_wrong:g}% on at least one set")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    """Learn the intent model from the labelled train splits and write it (or compare it with a file)."""
    try:
        from bot.knowledge import training
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise Failure(f"training needs scikit-learn: pip install 'privacy-bot[train]' ({exc})") from None
    target = Path(args.output) if args.output else training.shipped_path()
    if args.check:  # a file that is no model at all is stale without training (a minute or two)
        try:
            IntentModel.load(target.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            raise Failure(f"{target} holds no intent model: retrain with `privacy-bot train`") from None
    answers = load(args)
    model = training.train(answers)
    text = training.dumps(model)
    about = model["about"]
    cv = about["cross_validated"]
    summary = (f"{len(model['weights'])} features, strength {about['strength']}, thresholds decline "
               f"{model['thresholds']['decline']} / answer {model['thresholds']['answer']} / pinned question "
               f"{model['thresholds']['pinned']}; cross-validated on the "
               f"real train splits: wrong {cv['wrong_pct']}%, covered {cv['covered_pct']}%, out-of-scope handled "
               f"{cv['out_of_scope_handled_pct']}%; on the gathered extra texts: wrong {cv['gathered']['wrong_pct']}%, "
               f"covered {cv['gathered']['covered_pct']}%; on the written sets: wrong {cv['written']['wrong_pct']}%, "
               f"covered {cv['written']['covered_pct']}%")
    if (ours := model.get("ours")) is not None:
        held = ours["about"]["cross_validated"]
        summary += (f"; own-organisation head: {len(ours['weights'])} features, threshold {ours['threshold']}, "
                    f"cross-validated: {held['ours_caught_pct']}% of its questions caught, "
                    f"{held['not_ours_sent_pct']}% of vendor questions sent to a person")
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            raise Failure(f"{target} is not what `privacy-bot train` makes from the current data: retrain")
        print(f"{target}: up to date ({summary})")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}: {summary}")
    return 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `ask`, `eval` and `train`."""
    ask = sub.add_parser("ask", parents=[common], help="answer a question from the answer set")
    ask.add_argument("question", nargs="*", help="the question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--batch", metavar="FILE", help="one question per line (- for stdin); needs --json")
    ask.add_argument("--after", action="append", metavar="EARLIER",
                     help="an earlier question of the same thread, oldest first (repeat for more): the question is "
                          "read as a follow-up, as in Slack")
    ask.set_defaults(func=cmd_ask)
    ev = sub.add_parser("eval", parents=[common], help="measure matching on labelled sets, against baselines")
    ev.add_argument("file", nargs="*", help="questions YAML files (default: every set shipped with the package)")
    ev.add_argument("--no-misses", action="store_true", help="do not list the misses")
    ev.add_argument("--no-baselines", action="store_true", help="skip the baselines (faster)")
    ev.add_argument("--max-wrong", type=float, metavar="PCT",
                    help="exit 1 when any set's wrong-answer rate passes PCT (the guard for curators' CI)")
    ev.set_defaults(func=cmd_eval)
    tr = sub.add_parser("train", parents=[common], help="learn the intent model from the labelled train splits")
    tr.add_argument("--output", metavar="FILE", help="where to write it (default: the model shipped with the "
                    "package; an answer set's own model is <answer set>/intent.json)")
    tr.add_argument("--check", action="store_true", help="exit 1 unless FILE already holds what training makes")
    tr.set_defaults(func=cmd_train)
