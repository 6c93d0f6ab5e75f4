"""Benchmark `privacy-bot serve --http` while Slack misbehaves: exactly-once answers and ack latency.

The fake Slack answers 20% of chat.postMessage calls with 429 (Retry-After 1 s) and 20% with 500, half of the
500s after posting the message anyway (the caller cannot tell). N questions arrive as app_mention events, 10% of
them again as Slack retries; during the same burst /privacy commands and button clicks (Helpful) arrive too.
Printed: answers delivered exactly once / lost / doubled, and the ack latency p50/p99/max of events, commands
and clicks (Slack gives each 3 seconds).

    python tests/bench/bench_faults.py [--questions 200] [--senders 20] [--database-url URL]

It talks only to 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.bench_http import Sender, events, percentile
from tests.botserver import BotServer, payload, sign, unique_ts, unique_user
from tests.fakeslack import FakeSlack


def form(fields: dict) -> bytes:
    return urlencode(fields).encode()


def commands(fake: FakeSlack, count: int) -> list[bytes]:
    out = []
    for n in range(count):
        fields = payload("slash_command")
        fields.update(user_id=unique_user(), trigger_id=f"{unique_ts()}.{n}", response_url=fake.webhook_url(),
                      text="Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?")
        out.append(form(fields))
    return out


def clicks(count: int) -> list[bytes]:
    out = []
    for n in range(count):
        body = payload("block_actions")
        body["actions"][0].update(value=f"{n + 1}:claude-microsoft-foundry", action_ts=unique_ts())
        body["user"]["id"] = unique_user()
        out.append(form({"payload": json.dumps(body)}))
    return out


class RawSender(Sender):
    """Sends pre-encoded form bodies (commands, interactions) on keep-alive connections."""

    async def _worker(self, queue, latencies, errors) -> None:  # type: ignore[no-untyped-def]
        import asyncio

        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            while not queue.empty():
                raw, _ = queue.get_nowait()
                head = {"Host": "127.0.0.1", "Content-Type": "application/x-www-form-urlencoded",
                        "Content-Length": str(len(raw)), **sign(raw)}
                start = time.perf_counter()
                writer.write(("POST /slack/events HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items())
                              + "\r\n").encode() + raw)
                await writer.drain()
                status = int((await reader.readline()).split()[1])
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - start)
                if status != 200:
                    errors[f"HTTP {status}"] += 1
        finally:
            writer.close()


def summary(name: str, latencies: list[float]) -> str:
    if not latencies:
        return f"{name:>9}: none"
    return (f"{name:>9}: {len(latencies):>4} acks  p50 {1000 * statistics.median(latencies):6.1f} ms  "
            f"p99 {1000 * percentile(latencies, 0.99):6.1f} ms  max {1000 * max(latencies):6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--senders", type=int, default=20, help="concurrent connections for events")
    parser.add_argument("--commands", type=int, default=40)
    parser.add_argument("--clicks", type=int, default=40)
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    args = parser.parse_args()

    import threading

    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"PRIVACY_BOT_RATE_LIMIT_PER_MINUTE": "10000", "PRIVACY_BOT_OUTBOX_POLL": "0.2"}
        if args.database_url:
            env["PRIVACY_BOT_DATABASE_URL"] = args.database_url
        server = BotServer(fake, Path(tmp), env=env).start()
        try:
            fake.chaos("chat.postMessage", rate_limited=0.2, server_error=0.2, processed=0.5, seed=7)
            batch = events(args.questions)
            retries = [(batch[i], True) for i in range(0, len(batch), 10)]
            jobs = [(b, False) for b in batch] + retries
            wanted = {b["event"]["ts"] for b in batch}
            results: dict[str, tuple[list[float], Counter]] = {}

            def run(name: str, sender: Sender, work: list, senders: int) -> None:
                results[name] = sender.send_all(work, senders)

            threads = [threading.Thread(target=run, args=("events", Sender(server.port), jobs, args.senders)),
                       threading.Thread(target=run, args=("commands", RawSender(server.port),
                                                          [(c, False) for c in commands(fake, args.commands)], 5)),
                       threading.Thread(target=run, args=("clicks", RawSender(server.port),
                                                          [(c, False) for c in clicks(args.clicks)], 5))]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                per_thread = Counter(m["thread_ts"] for m in fake.posted("C0GENERAL")
                                     if m.get("thread_ts") in wanted)
                if len(per_thread) == len(wanted):
                    break
                time.sleep(0.2)
            settled_after = time.perf_counter() - started
            time.sleep(3)  # anything still in flight that could double an answer
            per_thread = Counter(m["thread_ts"] for m in fake.posted("C0GENERAL") if m.get("thread_ts") in wanted)
            calls = fake.calls("chat.postMessage")
            failed = Counter(c.status for c in calls if c.status != 200)
            print(f"serve --http, 2 workers, SQLite unless --database-url; {args.questions} questions "
                  f"(+{len(retries)} Slack retries), {args.commands} /privacy commands, {args.clicks} clicks")
            print(f"chat.postMessage calls: {len(calls)}, failed: {dict(failed)} (20% 429, 20% 500, half of the 500s "
                  "after posting)")
            once = sum(1 for n in per_thread.values() if n == 1)
            print(f"answers: {once} delivered exactly once, {len(wanted) - len(per_thread)} lost, "
                  f"{sum(1 for n in per_thread.values() if n > 1)} doubled; all delivered after {settled_after:.1f} s")
            for name in ("events", "commands", "clicks"):
                latencies, errors = results[name]
                print(summary(name, latencies) + (f"  errors {dict(errors)}" if errors else ""))
        finally:
            server.stop()
            fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
