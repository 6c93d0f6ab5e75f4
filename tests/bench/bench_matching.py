"""Benchmark decide() on synthetic answer sets of 100, 1,000 and 10,000 entries.

Prints, per size: load time (YAML files on disk -> validated answer set with its index), p50/p99 of
decide(), peak RSS, and the same latencies for a naive rapidfuzz extractOne over every example question.
Each size runs in a fresh subprocess so peak RSS is its own; with --runs N, N of them, and the row is the run
with the median load time (the spread follows it). Sets of 1,500 files or more load in worker processes as
well as the main one, unless --processes says how many processes load them (1: the main one only).

    python tests/bench/bench_matching.py [--sizes 100 1000 10000] [--queries 400] [--runs 3] [--processes N]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
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


def make_set(root: Path, size: int, seed: int = 7) -> list[str]:
    """Write a synthetic answer set; return sample questions (half covered, half not)."""
    rng = random.Random(seed)
    n_prov, n_plat = max(20, size // 20), max(10, size // 40)
    provs = sorted({name(rng, 3) for _ in range(n_prov * 2)})[:n_prov]
    plats = sorted({name(rng, 3) + "cloud" for _ in range(n_plat * 2)})[:n_plat]
    entities = {
        "providers": {p: {"name": p.title(), "aliases": [p + "ai"], "model_aliases": [p + "gpt"]} for p in provs},
        "platforms": {p: {"name": p.title(), "operator": rng.choice(provs), "aliases": [p + " ai"]} for p in plats},
    }
    (root / "answers").mkdir(parents=True)
    (root / "entities.yaml").write_text(yaml.safe_dump(entities))
    pairs = rng.sample([(p, q) for p in provs for q in plats], size)
    samples = []
    for i, (prov, plat) in enumerate(pairs):
        verb, aspect = rng.choice(ASPECTS)
        questions = [t.format(prov=prov, plat=plat, verb=verb, aspect=aspect) for t in TEMPLATES]
        entry = {
            "id": f"e{i:05d}-{prov}-{plat}", "title": f"{prov.title()} on {plat.title()}",
            "summary": f"What {prov} does with data sent through {plat}.",
            "applies_to": {"providers": [prov], "platforms": [plat]}, "questions": questions,
            "processor": [{"name": prov.title(), "role": "processor", "data": "prompts and outputs"}],
            "retention": {"what": "prompts", "duration": "not publicly specified"},
            "governance": [{"title": "Terms", "url": "https://example.com/terms"}],
            "references": [{"title": "Docs", "url": f"https://example.com/{prov}/{plat}"}],
            "owner": "@bench", "reviewed_on": "2026-11-01",
        }
        (root / "answers" / f"{entry['id']}.yaml").write_text(yaml.safe_dump(entry, sort_keys=False))
        samples.append(rng.choice(questions).replace(prov, prov[:-1] + prov[-1] * 2, 1))
    uncovered = [(p, q) for p in provs for q in plats if (p, q) not in set(pairs)]
    for prov, plat in rng.sample(uncovered, min(len(uncovered), len(samples))):
        samples.append(f"does {prov} keep our prompts on {plat}?")
    samples += ["where is the vpn guide", "thanks!", "how long do you keep our data?"] * 10
    rng.shuffle(samples)
    return samples


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run_one(size: int, queries: int, processes: int | None = None) -> dict[str, float]:
    from rapidfuzz import process

    from bot.knowledge.loader import load_answer_set

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        samples = make_set(root, size)[:queries]
        t0 = time.perf_counter()
        answers = load_answer_set(root, processes=processes)
        load_s = time.perf_counter() - t0
    ours = []
    outcomes: dict[str, int] = {}
    for q in samples:
        t = time.perf_counter()
        d = answers.decide(q)
        ours.append((time.perf_counter() - t) * 1000)
        outcomes[d.outcome.value] = outcomes.get(d.outcome.value, 0) + 1
    choices = [q for e in answers.entries.values() for q in e.questions]
    naive = []
    for q in samples[: min(len(samples), 200)]:
        t = time.perf_counter()
        process.extractOne(q, choices)
        naive.append((time.perf_counter() - t) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "size": size, "examples": len(choices), "load_s": load_s, "p50_ms": statistics.median(ours),
        "p99_ms": pct(ours, 0.99), "naive_p50_ms": statistics.median(naive), "naive_p99_ms": pct(naive, 0.99),
        "peak_rss_mb": rss_mb, **{f"n_{k}": v for k, v in outcomes.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--runs", type=int, default=1, help="fresh processes per size; the median load is shown")
    parser.add_argument("--processes", type=int, help="processes that load the files (default: by set size)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.queries, args.processes)))
        return
    print(f"{'entries':>8}{'examples':>10}{'load s':>9}{'p50 ms':>9}{'p99 ms':>9}{'naive p50':>11}"
          f"{'naive p99':>11}{'peak RSS MB':>13}   outcomes")
    extra = ["--processes", str(args.processes)] if args.processes else []
    for size in args.sizes:
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--one", str(size), "--queries", str(args.queries), *extra],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        runs.sort(key=lambda r: r["load_s"])
        r = runs[(len(runs) - 1) // 2]
        spread = ""
        if len(runs) > 1:
            spread = f"   load {runs[0]['load_s']:.2f}-{runs[-1]['load_s']:.2f} s over {len(runs)} runs"
        outcomes = {k[2:]: v for k, v in r.items() if k.startswith("n_")}
        print(f"{r['size']:>8}{r['examples']:>10}{r['load_s']:>9.2f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
              f"{r['naive_p50_ms']:>11.2f}{r['naive_p99_ms']:>11.2f}{r['peak_rss_mb']:>13.0f}   {outcomes}{spread}")


if __name__ == "__main__":
    main()
