"""Fuzz what hostile text reaches, with many more examples than the property tests: clean(), normalise(), the
entity scan, decide() on the real answer set, contact masking and payload parsing.

Prints how many inputs each step took, every exception (there should be none), the slowest input of each step
and its time, and clean()'s time on 4,000 characters of the worst patterns known (target: <= 5 ms each).

    python tests/bench/bench_fuzz.py [--examples 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.core.inbox import Action
from bot.core.masking import mask_contacts
from bot.core.matching.text import clean, normalise
from bot.core.questions import Source
from bot.knowledge.loader import default_knowledge_dir, load_answer_set
from bot.slack import parsing
from bot.slack.parsing import PayloadError

PIECES = ["<", ">", "<@U123ABC>", "<@U1|x", "<!channel>", "<#C1|gen>", "<https://x.example|a>", "&lt;", "&amp;",
          "&#x3c;", "`", ":smile:", "\x00", "\x07", "\ud800", "\udfff", "\u202e", "🙂", "日本語", "Ärger", "claude",
          "bedrock", "foundry", "azure openai", "retention", "train", "not", " ", "\n", "gpt-4o-2024-08-06",
          "+49 170 1234567", "jane.o'neil@example.com", "<<<<", "|||", "@@@", "::::", "1-2-3-4-5-", "((((", "ZDR?"]
HOSTILE = {
    "unclosed <": "<" * 4000, "unclosed <@U": "<@U1|" * 800, "unclosed <http": "<https://x|" * 400,
    "entities": "&lt;" * 1000, "colons": ":a" * 2000, "digits and dashes": "1-" * 2000,
    "at signs": "a@" * 2000, "surrogates": "\ud800a" * 2000, "mixed": "<@U1|&lt;:x:\ud800" * 300,
}


def sample(rng: random.Random) -> str:
    size = rng.choice((1, 5, 20, 80, 400))
    parts = []
    for _ in range(size):
        if rng.random() < 0.7:
            parts.append(rng.choice(PIECES))
        else:
            parts.append("".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(1, 12))))
    return "".join(parts)[: rng.choice((50, 500, 4000, 40_000))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    answers = load_answer_set(default_knowledge_dir())
    index = answers.matcher.index

    def parse(text: str) -> object:
        event = {"text": text, "user": "U1", "channel": "C1", "ts": "1700000000.000100", "team": "T1"}
        try:
            return parsing.message(event, team="T1", bot_user_id="UBOT", source=Source.MENTION)
        except PayloadError:
            return None

    def click(text: str) -> object:
        try:
            return parsing.action({"user": {"id": "U1"}, "response_url": text}, {"value": text[:300]},
                                  Action.CLARIFY, hooks="https://hooks.slack.com/")
        except PayloadError:
            return None

    steps: dict[str, Callable[[str], object]] = {
        "clean": clean, "normalise": normalise, "scan": lambda t: index.scan(normalise(t).split()),
        "decide": answers.decide, "mask": mask_contacts, "parse message": parse, "parse click": click,
    }
    slowest: dict[str, tuple[float, str]] = {name: (0.0, "") for name in steps}
    errors: Counter[str] = Counter()
    for _ in range(args.examples):
        text = sample(rng)
        for name, step in steps.items():
            started = time.perf_counter()
            try:
                step(text)
            except Exception as exc:
                errors[f"{name}: {type(exc).__name__}: {str(exc)[:80]}"] += 1
            took = time.perf_counter() - started
            if took > slowest[name][0]:
                slowest[name] = (took, text)
    print(f"{args.examples} inputs (seed {args.seed}) through {', '.join(steps)}")
    print(f"exceptions: {sum(errors.values())}")
    for line, count in errors.most_common():
        print(f"  {count:>6}  {line}")
    print("slowest input per step:")
    for name, (took, text) in slowest.items():
        print(f"  {name:<14} {took * 1000:8.2f} ms  ({len(text)} chars: {text[:40]!r}...)")
    print("clean() on 4,000 characters of known worst cases (target <= 5 ms):")
    for name, text in HOSTILE.items():
        text = text[:4000]
        started = time.perf_counter()
        for _ in range(20):
            clean(text)
        print(f"  {name:<18} {(time.perf_counter() - started) / 20 * 1000:6.2f} ms")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
