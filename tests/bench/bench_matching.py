"""Benchmark loading and decide() at realistic sizes: the real answer set, grown to 100 and 1,000 entries.

The set is the shipped answer set plus synthetic entries (distinct providers and platforms) up to the size. The
questions are every text of the evaluation sets that are not held out (questions, holdout, real/train,
multilingual/train: people's real wording, naming a product or none, and off-topic messages), plus synthetic
questions naming the synthetic products. Printed per size: load time (YAML on disk -> validated set with its
index), decide() p50/p99 for questions that name a product, that name none, and for off-topic ones, peak RSS,
and a naive rapidfuzz extractOne over every example question for comparison; then the cold start of
`privacy-bot ask` (a new process, median of 5). Targets: 1,000 entries load <= 1 s; p99 <= 5 ms for named and
unnamed questions; cold ask <= 1 s. Each size runs in a fresh subprocess so peak RSS is its own.

    python tests/bench/bench_matching.py [--sizes 100 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

SYLLABLES = "ka lo mi ra ven tor sel dar qu ix zen bro fal nor pyx vel tam gor lys".split()
ASPECTS = [
    ("keep", "retention"), ("store our prompts", "retention"), ("train on", "training"),
    ("log requests from", "retention"), ("process data in the EU for", "location"),
    ("act as processor for", "processor"), ("sign a DPA for", "governance"), ("delete chats from", "retention"),
]
TEMPLATES = [
    "does {prov} {verb} our data on {plat}?",
    "{prov} via {plat} - {aspect}?",
    "how does {plat} handle {aspect} when we use {prov} models",
    "is {prov} on {plat} ok for customer data ({aspect})",
    "{aspect} for {prov} through {plat}??",
    "can {prov} {verb} what we send through {plat}",
    "quick q: {plat} + {prov}, what about {aspect}",
    "what is the {aspect} story for {prov} models in {plat}",
    "our legal team asks whether {prov} will {verb} inputs sent via {plat}",
    "{prov} {plat} {aspect} policy",
]


def name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


REPO = Path(__file__).resolve().parents[2]
SETS = ("questions", "holdout", "real/train", "multilingual/train")  # never the held-out test splits


def make_set(root: Path, size: int, seed: int = 7) -> list[str]:
    """Copy the real answer set, add synthetic entries up to size; return the questions to time."""
    rng = random.Random(seed)
    shutil.copytree(REPO / "knowledge", root)
    entities = yaml.safe_load((root / "entities.yaml").read_text())
    real = len(list((root / "answers").glob("*.yaml")))
    extra = max(0, size - real)
    n_prov, n_plat = max(10, extra // 20), max(10, extra // 40 + 5)
    provs = sorted({name(rng, 3) for _ in range(n_prov * 2)})[:n_prov]
    plats = sorted({name(rng, 3) + "cloud" for _ in range(n_plat * 2)})[:n_plat]
    for p in provs:
        entities["providers"][p] = {"name": p.title(), "aliases": [p + "ai"], "model_aliases": [p + "gpt"]}
    for p in plats:
        entities["platforms"][p] = {"name": p.title(), "operator": rng.choice(provs), "aliases": [p + " ai"]}
    (root / "entities.yaml").write_text(yaml.safe_dump(entities))
    samples = []
    for i, (prov, plat) in enumerate(rng.sample([(p, q) for p in provs for q in plats], extra)):
        verb, aspect = rng.choice(ASPECTS)
        questions = [t.format(prov=prov, plat=plat, verb=verb, aspect=aspect) for t in TEMPLATES]
        url = f"https://example.com/{prov}/{plat}"
        facet = {"source": url}
        entry = {
            "id": f"e{i:05d}-{prov}-{plat}", "status": "published", "title": f"{prov.title()} on {plat.title()}",
            "summary": f"What {prov} does with data sent through {plat}.",
            "applies_to": {"providers": [prov], "platforms": [plat]}, "questions": questions,
            "processor": [{"name": prov.title(), "role": "processor", "data": "prompts and outputs"}],
            "retention": {"what": "prompts", "duration": "not publicly specified"},
            "training_use": "Not used to train models.",
            "governance": [{"title": "Terms", "url": "https://example.com/terms"}],
            "references": [{"title": "Docs", "url": url}],
            "facets": {"processor": {**facet, "value": prov},
                       "default_retention": {**facet, "value": "not-publicly-specified"},
                       "trains_on_customer_data": {**facet, "value": "no"}, "zero_retention": {**facet, "value": "no"},
                       "data_residency": {**facet, "value": "not-publicly-specified"},
                       "human_review": {**facet, "value": "not-publicly-specified"}},
            "owner": "@bench", "reviewed_on": "2026-11-01",
        }
        (root / "answers" / f"{entry['id']}.yaml").write_text(yaml.safe_dump(entry, sort_keys=False))
        samples.append(rng.choice(questions).replace(prov, prov[:-1] + prov[-1] * 2, 1))
    for name_ in SETS:
        samples += [item["q"] for item in yaml.safe_load((REPO / "tests" / "eval" / f"{name_}.yaml").read_text())[
            "questions"]]
    rng.shuffle(samples)
    return samples


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run_one(size: int, queries: int) -> dict[str, float]:
    from rapidfuzz import process

    from bot.core.matching.analysis import analyse
    from bot.core.matching.text import clean
    from bot.knowledge.loader import load_answer_set

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        samples = make_set(root, size)[:queries]
        t0 = time.perf_counter()
        answers = load_answer_set(root)
        load_s = time.perf_counter() - t0
    times: dict[str, list[float]] = {"named": [], "unnamed": [], "off-topic": []}
    for q in samples:
        t = time.perf_counter()
        d = answers.decide(q)
        took = (time.perf_counter() - t) * 1000
        kind = "off-topic" if d.outcome.value == "decline" else (
            "named" if analyse(clean(q), answers.matcher.index).positive else "unnamed")
        times[kind].append(took)
    choices = [q for e in answers.entries.values() for q in e.questions]
    naive = []
    for q in samples[: min(len(samples), 200)]:
        t = time.perf_counter()
        process.extractOne(q, choices)
        naive.append((time.perf_counter() - t) * 1000)
    out: dict[str, float] = {"size": len(answers.entries), "examples": len(choices), "load_s": load_s,
                             "naive_p99_ms": pct(naive, 0.99),
                             "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    for kind, values in times.items():
        out[f"{kind}_n"] = len(values)
        out[f"{kind}_p50"] = statistics.median(values) if values else 0.0
        out[f"{kind}_p99"] = pct(values, 0.99) if values else 0.0
    return out


def cold_ask(runs: int = 5) -> list[float]:
    """Return the wall times of `privacy-bot ask` in fresh processes (bytecode cached, as after an install)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "bot", "ask", "warm up the bytecode cache"], capture_output=True, env=env,
                   check=True, cwd=tempfile.gettempdir())
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "ask", "Does Anthropic keep our prompts in Microsoft Foundry?"],
                       capture_output=True, check=True, cwd=tempfile.gettempdir(), env=env)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=1, help="fresh processes per size; the median load is shown")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.queries)))
        return
    print(f"{'entries':>8}{'examples':>9}{'load s':>8}  {'named p50/p99 ms (n)':>24}  {'unnamed p50/p99 ms (n)':>24}  "
          f"{'off-topic p50/p99 ms (n)':>25}{'naive p99':>10}{'RSS MB':>8}")
    for size in args.sizes:
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--one", str(size), "--queries", str(args.queries)],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        runs.sort(key=lambda r: r["load_s"])
        r = runs[(len(runs) - 1) // 2]
        spread = f"  (load {runs[0]['load_s']:.2f}-{runs[-1]['load_s']:.2f} s)" if len(runs) > 1 else ""
        cells = "  ".join(f"{r[k + '_p50']:>7.2f} / {r[k + '_p99']:>5.2f} ({r[k + '_n']:>4.0f})"
                          for k in ("named", "unnamed", "off-topic"))
        print(f"{r['size']:>8.0f}{r['examples']:>9.0f}{r['load_s']:>8.2f}  {cells}{r['naive_p99_ms']:>10.1f}"
              f"{r['peak_rss_mb']:>8.0f}{spread}")
    times = cold_ask()
    print(f"cold `privacy-bot ask` (new process, shipped set): median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} runs")


if __name__ == "__main__":
    main()
