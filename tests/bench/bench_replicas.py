"""Benchmark two `privacy-bot serve --http` replicas on one PostgreSQL: exactly one answer per question.

1,000 signed app_mention events go alternately to replica A and B; 20% of them are delivered a second time
to the *other* replica as a Slack retry (same event_id, X-Slack-Retry-Num: 1), as happens when Slack's first
delivery times out behind a load balancer. Printed: events per second (acks), ack latency p50/p99, and per
question how many answers the fake Slack received: lost (0) and duplicates (>1). Target: 0 lost, 0 duplicates.

    python tests/bench/bench_replicas.py [--events 1000] [--senders 20] [--database-url postgresql+psycopg://...]

The database URL defaults to PRIVACY_BOT_TEST_POSTGRES_URL (`source .ci/postgres.sh` starts one). It talks
only to 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.bench_http import events, percentile, post
from tests.botserver import BotServer
from tests.fakeslack import FakeSlack


def send(jobs: list[tuple[int, dict, bool]], senders: int) -> tuple[list[float], Counter]:
    """Send (port, body, retry) jobs over keep-alive connections to both replicas."""
    latencies: list[float] = []
    errors: Counter = Counter()

    async def worker(queue: asyncio.Queue, ports: list[int]) -> None:
        conns = {p: await asyncio.open_connection("127.0.0.1", p) for p in ports}
        try:
            while not queue.empty():
                port, body, retry = queue.get_nowait()
                try:
                    latencies.append(await post(conns[port], port, body, retry))
                except (OSError, RuntimeError, asyncio.IncompleteReadError) as exc:
                    errors[type(exc).__name__] += 1
                    conns[port][1].close()
                    conns[port] = await asyncio.open_connection("127.0.0.1", port)
        finally:
            for _, writer in conns.values():
                writer.close()

    async def run() -> None:
        queue: asyncio.Queue = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)
        ports = sorted({job[0] for job in jobs})
        await asyncio.gather(*(worker(queue, ports) for _ in range(senders)))

    asyncio.run(run())
    return latencies, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=20, help="concurrent connections (default 20)")
    parser.add_argument("--twice", type=float, default=0.2, help="share delivered again to the other replica")
    parser.add_argument("--database-url", default=os.environ.get("PRIVACY_BOT_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        print("bench_replicas: needs PostgreSQL: --database-url or PRIVACY_BOT_TEST_POSTGRES_URL "
              "(`source .ci/postgres.sh`)", file=sys.stderr)
        return 2

    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"PRIVACY_BOT_RATE_LIMIT_PER_MINUTE": "10000", "PRIVACY_BOT_DATABASE_URL": args.database_url}
        a = BotServer(fake, Path(tmp) / "a", env=env)
        (Path(tmp) / "a").mkdir()
        b = BotServer(fake, Path(tmp) / "b", env=env)
        (Path(tmp) / "b").mkdir()
        a.start()  # migrates first; then B finds the schema in place
        b.start()
        try:
            batch = events(args.events)
            ports = [a.port, b.port]
            jobs = [(ports[i % 2], body, False) for i, body in enumerate(batch)]
            step = max(1, round(1 / args.twice)) if args.twice > 0 else 0
            twice = list(range(0, len(batch), step)) if step else []
            for i in twice:  # right after the first delivery, to the other replica
                jobs.insert(jobs.index((ports[i % 2], batch[i], False)) + 1, (ports[(i + 1) % 2], batch[i], True))
            wanted = {body["event"]["ts"] for body in batch}
            start = time.perf_counter()
            latencies, errors = send(jobs, args.senders)
            acked = time.perf_counter() - start
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                answered = {c.body.get("thread_ts") for c in fake.calls("chat.postMessage", ok=True)} & wanted
                if len(answered) == len(wanted):
                    break
                time.sleep(0.05)
            answered_at = time.perf_counter() - start
            time.sleep(2.0)  # anything still in flight would show up as a duplicate now
            per_thread = Counter(c.body["thread_ts"] for c in fake.calls("chat.postMessage", ok=True)
                                 if c.body.get("thread_ts") in wanted)
            by_replica = Counter("A" if job[0] == a.port else "B" for job in jobs)
            print(f"2 replicas (serve --http, 2 gunicorn workers each) on one PostgreSQL; {len(batch)} events, "
                  f"{len(twice)} delivered again to the other replica; {args.senders} concurrent connections; "
                  f"requests A={by_replica['A']} B={by_replica['B']}")
            p50, p99 = 1000 * statistics.median(latencies), 1000 * percentile(latencies, 0.99)
            print(f"acks: {len(latencies)} in {acked:.1f}s = {len(latencies) / acked:.0f} events/s; "
                  f"ack p50 {p50:.1f} ms, p99 {p99:.1f} ms; errors {dict(errors) or 0}")
            lost = len(wanted - set(per_thread))
            dupes = sum(n - 1 for n in per_thread.values() if n > 1)
            print(f"answers: {len(per_thread)} questions in {answered_at:.1f}s; lost {lost}, duplicates {dupes}")
        finally:
            a.stop()
            b.stop()
            fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
