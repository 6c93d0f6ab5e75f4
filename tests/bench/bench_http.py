"""Benchmark `privacy-bot serve --http` (gunicorn) with the fake Slack API: ack latency and answers per second.

N signed app_mention events are sent by 1, 10 and 50 concurrent senders (keep-alive connections, like
Slack's, driven by one asyncio loop); 10% of them are sent a second time as Slack retries (same event_id,
X-Slack-Retry-Num: 1). Printed
per level: ack latency p50/p99, answered events per second (first send to last answer), lost answers (no
chat.postMessage in the event's thread) and duplicate answers (more than one). Target: p99 ack <= 100 ms at
50 senders, 0 lost, 0 duplicates.

    python tests/bench/bench_http.py [--events 300] [--levels 1,10,50] [--database-url URL]

It talks only to 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.botserver import BotServer, payload, sign, unique_ts, unique_user
from tests.fakeslack import BOT_USER_ID, FakeSlack

QUESTION = "Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?"


def events(count: int) -> list[dict]:
    out = []
    for _ in range(count):
        body = payload("app_mention")
        ts = unique_ts()
        body["event"].update(text=f"<@{BOT_USER_ID}> {QUESTION}", ts=ts, event_ts=ts, user=unique_user())
        body["event_id"] = f"EvBench{ts.replace('.', '')}"
        out.append(body)
    return out


async def post(streams: tuple[asyncio.StreamReader, asyncio.StreamWriter], port: int, body: dict,
               retry: bool) -> float:
    """POST one signed event on a keep-alive connection; return the time to its acknowledgement."""
    reader, writer = streams
    raw = json.dumps(body).encode()
    headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json",
               "Content-Length": str(len(raw)), **sign(raw)}
    if retry:
        headers.update({"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    head = "POST /slack/events HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    start = time.perf_counter()
    writer.write(head.encode() + raw)
    await writer.drain()
    status_line = await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    elapsed = time.perf_counter() - start
    status = int(status_line.split()[1])
    if status != 200:
        raise RuntimeError(f"HTTP {status}")
    return elapsed


class Sender:
    """Keep-alive HTTP/1.1 connections driven by one asyncio loop, so the client itself adds little latency."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def _worker(self, queue: asyncio.Queue, latencies: list[float], errors: Counter) -> None:
        streams = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            while not queue.empty():
                body, retry = queue.get_nowait()
                try:
                    latencies.append(await post(streams, self.port, body, retry))
                except (OSError, RuntimeError, asyncio.IncompleteReadError) as exc:
                    errors[type(exc).__name__] += 1
                    streams[1].close()
                    streams = await asyncio.open_connection("127.0.0.1", self.port)
        finally:
            streams[1].close()

    def send_all(self, jobs: list[tuple[dict, bool]], senders: int) -> tuple[list[float], Counter]:
        """Send every job through `senders` concurrent connections; return the ack latencies and errors."""
        latencies: list[float] = []
        errors: Counter = Counter()

        async def run() -> None:
            queue: asyncio.Queue = asyncio.Queue()
            for job in jobs:
                queue.put_nowait(job)
            await asyncio.gather(*(self._worker(queue, latencies, errors) for _ in range(senders)))

        asyncio.run(run())
        return latencies, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_level(server: BotServer, fake: FakeSlack, senders: int, count: int, retry_share: float) -> dict:
    batch = events(count)
    retries = set(range(0, count, max(1, round(1 / retry_share)))) if retry_share > 0 else set()
    jobs = [(body, False) for body in batch] + [(batch[i], True) for i in sorted(retries)]
    jobs.sort(key=lambda job: batch.index(job[0]) if job[1] is False else batch.index(job[0]) + 0.5)
    wanted = {body["event"]["ts"] for body in batch}
    start = time.perf_counter()
    latencies, errors = Sender(server.port).send_all(jobs, senders)
    deadline = time.monotonic() + 120
    last_answer = start
    while time.monotonic() < deadline:
        answered = fake.calls("chat.postMessage", lambda c: c.body.get("thread_ts") in wanted, ok=True)
        if len({c.body["thread_ts"] for c in answered}) == len(wanted):
            last_answer = time.perf_counter()
            break
        time.sleep(0.02)
    else:
        last_answer = time.perf_counter()
    time.sleep(1.0)  # let any duplicate that is still in flight arrive before counting
    per_thread = Counter(c.body["thread_ts"] for c in fake.calls("chat.postMessage", ok=True)
                         if c.body.get("thread_ts") in wanted)
    return {
        "senders": senders, "requests": len(jobs), "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * percentile(latencies, 0.99), "max_ms": 1000 * max(latencies),
        "answers_per_s": len(per_thread) / (last_answer - start),
        "lost": len(wanted - set(per_thread)), "duplicates": sum(n - 1 for n in per_thread.values() if n > 1),
        "errors": dict(errors),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=300, help="events per level (default 300)")
    parser.add_argument("--levels", default="1,10,50", help="concurrent senders per level (default 1,10,50)")
    parser.add_argument("--retries", type=float, default=0.1, help="share of events also sent as a retry")
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args()

    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"PRIVACY_BOT_RATE_LIMIT_PER_MINUTE": "10000", "PRIVACY_BOT_HTTP_WORKERS": str(args.workers)}
        if args.database_url:
            env["PRIVACY_BOT_DATABASE_URL"] = args.database_url
        server = BotServer(fake, Path(tmp), env=env).start()
        try:
            db = args.database_url.split(":", 1)[0] if args.database_url else "sqlite"
            print(f"serve --http: gunicorn gthread, {args.workers} workers x 8 threads, {db}; "
                  f"{args.events} events per level, {args.retries:.0%} also sent as Slack retries")
            print(f"{'senders':>7} {'requests':>8} {'ack p50':>9} {'ack p99':>9} {'ack max':>9} {'answers/s':>10} "
                  f"{'lost':>5} {'dupes':>6}  errors")
            for level in (int(n) for n in args.levels.split(",")):
                r = run_level(server, fake, level, args.events, args.retries)
                print(f"{r['senders']:>7} {r['requests']:>8} {r['p50_ms']:>7.1f}ms {r['p99_ms']:>7.1f}ms "
                      f"{r['max_ms']:>7.1f}ms {r['answers_per_s']:>10.1f} {r['lost']:>5} {r['duplicates']:>6}  "
                      f"{r['errors'] or '-'}")
        finally:
            server.stop()
            fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
