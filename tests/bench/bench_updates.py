"""Benchmark updates to earlier askers: 1,000 earlier answers, one material change, through `serve --http`.

The database holds 1,000 questions answered with the Foundry entry (version v1): 800 in 40 channels (100 of them
follow-ups in an existing thread), 100 in DMs and 100 by /privacy; so 900 threads and DMs should get one update
each. Then the entry gains a material change and `privacy-bot serve --http` (two workers) starts against the fake
Slack. Printed: updates queued and sent, duplicates, time to queue them (in-process, the same data), time until the
last one arrived, Slack calls per second overall and the most in any one second, and the most posts into one
channel within any second (Slack's guidance: about one per second per channel).

    python tests/bench/bench_updates.py [--answers 1000] [--per-minute 600] [--database-url postgresql+psycopg://...]

The default PRIVACY_BOT_UPDATES_PER_MINUTE is 60, which would take 15 minutes for 900 updates; the bench runs at
--per-minute (default 600) and prints what the default would take. It talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.core.questions import Handling, Question, Source
from bot.core.updates import material_changes
from bot.knowledge.loader import load_knowledge
from bot.store import open_store
from tests.botserver import BotServer, make_knowledge
from tests.fakeslack import FakeSlack

ENTRY = "claude-microsoft-foundry"
SUMMARY = "Anthropic now keeps Foundry prompts for 7 days, not 30."


def seed(url: str, knowledge: Path, answers: int) -> int:
    """Record the answer set as known and `answers` earlier answers; return how many threads and DMs they are in."""
    store = open_store(url, migrate=True)
    loaded = load_knowledge(knowledge).answers
    store.updates.record_load(material_changes(loaded), list(loaded.entries))
    version = loaded.version(ENTRY)
    places = set()
    for n in range(answers):
        kind, channel, asker = n % 10, f"C{n // 10 % 40:08d}", f"U{n:08d}"  # ten in a row share a channel
        source = {8: Source.DM, 9: Source.COMMAND}.get(kind, Source.MENTION)
        if source is Source.DM:
            channel = f"D{n:08d}"
        ts = f"{1764000000 + n}.000100"
        thread = f"{1764000000 + n - 1}.000100" if kind == 7 else None  # a follow-up in the thread just before
        q = Question(team="T0FAKE", channel=channel, ts=None if source is Source.COMMAND else ts, thread_ts=thread,
                     asker=asker, text="Does Anthropic keep our prompts in Foundry?", source=source)
        record = store.questions.record(q, origin=f"bench:{n}")
        store.questions.record_reply(record.id, Handling.ANSWER, entry_id=ENTRY, entry_version=version)
        places.add(asker if source is Source.COMMAND else f"{channel}:{thread or ts}")
    store.close()
    return len(places)


def add_change(knowledge: Path) -> None:
    path = knowledge / "answers" / f"{ENTRY}.yaml"
    item = f"changes:\n  - date: {dt.date.today().isoformat()}\n    summary: {SUMMARY}\n    material: true\n"
    path.write_text(path.read_text().replace("changes:\n", item, 1))


def queue_time(knowledge: Path, answers: int, per_minute: int) -> tuple[int, float]:
    """Return (updates queued, seconds) for queueing them in-process on a fresh SQLite copy of the same data."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = make_knowledge(Path(tmp) / "knowledge")
        url = f"sqlite:///{Path(tmp) / 'bot.db'}"
        seed(url, copy, answers)
        add_change(copy)
        store = open_store(url)
        loaded = load_knowledge(copy).answers
        store.updates.record_load(material_changes(loaded), list(loaded.entries))
        started = time.perf_counter()
        queued = store.updates.fan_out(titles={ENTRY: "t"}, retention=dt.timedelta(days=90), per_minute=per_minute)
        took = time.perf_counter() - started
        store.close()
    return queued, took


def most_in_a_second(times: list[float]) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--per-minute", type=int, default=600)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temporary directory")
    args = parser.parse_args()
    queued, took = queue_time(make_knowledge(Path(tempfile.mkdtemp()) / "k"), args.answers, args.per_minute)
    print(f"queueing {queued} updates for {args.answers} earlier answers took {took:.2f} s (in-process, SQLite)")

    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        knowledge = make_knowledge(workdir / "knowledge")
        url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
        places = seed(url, knowledge, args.answers)
        add_change(knowledge)
        server = BotServer(fake, workdir, env={"PRIVACY_BOT_DATABASE_URL": url, "PRIVACY_BOT_OUTBOX_POLL": "0.2",
                                               "PRIVACY_BOT_UPDATES_PER_MINUTE": str(args.per_minute),
                                               "PRIVACY_BOT_LOG_LEVEL": "WARNING"})
        started = time.monotonic()
        server.start()
        try:
            deadline = started + places * 60 / args.per_minute * 1.5 + 60
            while time.monotonic() < deadline:
                sent = fake.calls("chat.postMessage", lambda c: SUMMARY in str(c.body.get("text")), ok=True)
                if len(sent) >= places:
                    break
                time.sleep(0.5)
            time.sleep(2)  # anything doubled would arrive now
            sent = fake.calls("chat.postMessage", lambda c: SUMMARY in str(c.body.get("text")), ok=True)
            elapsed = max(c.at for c in sent) - started if sent else float("nan")
        finally:
            server.stop()
    fake.stop()
    where = Counter((str(c.body["channel"]), c.body.get("thread_ts")) for c in sent)
    times = [c.at for c in sent]
    per_channel = max((most_in_a_second([c.at for c in sent if c.body["channel"] == ch])
                       for ch in {str(c.body["channel"]) for c in sent}), default=0)
    span = max(times) - min(times) if len(times) > 1 else float("nan")
    print(f"{args.answers} earlier answers in {places} threads and DMs; updates sent {len(sent)}, "
          f"duplicates {sum(n - 1 for n in where.values())}, missing {places - len(where)}")
    print(f"from serve start to the last update: {elapsed:.1f} s at {args.per_minute}/min; "
          f"chat.postMessage {len(sent) / span:.2f}/s on average, at most {most_in_a_second(times)} in one second; "
          f"at most {per_channel} into one channel in one second")
    print(f"at the default 60/min, {places} updates take about {places / 60:.0f} min")


if __name__ == "__main__":
    main()
