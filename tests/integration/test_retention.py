"""Data retention on SQLite and PostgreSQL: old question text and people's ids are purged, counts are kept; the
bot's own answer-set entry says what the database keeps and what the purge removes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from sqlalchemy import func, select

from bot.core.escalations import Opening
from bot.core.inbox import HomeItem
from bot.core.questions import Feedback, Handling, Question, Source
from bot.core.replies import Note, Reply
from bot.store import connect, open_store, upgrade
from bot.store.retention import purge
from bot.store.schema import escalations, feedback, inbox, metadata, outbox, questions


def test_purge_keeps_counts_and_recent_rows(db_url, clock):
    engine = connect(db_url)
    upgrade(engine)
    store = open_store(db_url, clock=clock)
    ids = []
    for n, (text, handling, entry) in enumerate([
        ("Does Anthropic keep prompts in Foundry? my email is ann@example.com", Handling.ANSWER, "claude-foundry"),
        ("does mistral keep prompts on vertex", Handling.ESCALATE, None),
    ]):
        q = Question(team="T1", channel="C1", ts=f"1700000000.00000{n}", asker=f"U0OLD{n}", text=text,
                     source=Source.MENTION)
        record = store.questions.record(q)
        assert record is not None
        store.questions.record_reply(record.id, handling, entry_id=entry, entry_version="v1" if entry else None)
        ids.append(record.id)
    store.feedback.record(Feedback(question_id=ids[0], entry_id="claude-foundry", entry_version="v1", user="U0VOTER",
                                   helpful=False, reason="I am Ann from accounting"))
    store.feedback.record(Feedback(question_id=ids[1], entry_id="claude-foundry", entry_version="v1", user="U0OTHER",
                                   helpful=True))
    assert store.escalations.open(Opening(question_id=ids[1], why="the answer did not help: I am Ann",
                                          requested_by="U0OLD1", triage_channel="C0TRIAGE"))
    store.inbox.put("msg:old", HomeItem(user="U0OLD1"))
    [taken] = store.inbox.take(worker="w", lease=dt.timedelta(seconds=30))
    store.inbox.done(taken)
    clock.advance(days=100)
    recent = store.questions.record(Question(team="T1", channel="C1", ts="1700009999.000001", asker="U0NEW",
                                            text="is claude.ai pro ok for work docs", source=Source.DM))
    assert recent is not None
    store.questions.record_reply(recent.id, Handling.ANSWER, entry_id="claude-consumer-apps", entry_version="v1")

    counts = purge(engine, before=clock() - dt.timedelta(days=90), now=clock())
    assert counts["questions"] == 2 and counts["feedback"] == 2 and counts["escalations"] == 1
    assert counts["expired"] == 1 and counts["inbox"] == 1

    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(questions)).all()}
        assert all(rows[i].text == "" and rows[i].asker == "" for i in ids)
        assert rows[recent.id].text == "is claude.ai pro ok for work docs" and rows[recent.id].asker == "U0NEW"
        by_outcome = dict(conn.execute(select(questions.c.outcome, func.count()).group_by(questions.c.outcome)).all())
        assert by_outcome == {"answer": 2, "escalate": 1}
        votes = conn.execute(select(feedback.c.user, feedback.c.reason, feedback.c.helpful)).all()
        assert {v.user.startswith("purged:") for v in votes} == {True} and {v.reason for v in votes} == {None}
        assert sorted(v.helpful for v in votes) == [False, True]
        esc = conn.execute(select(escalations)).one()
        assert esc.requested_by is None and esc.status == "expired" and "Ann" not in esc.why
        assert conn.execute(select(func.count()).select_from(inbox)).scalar_one() == 0
    with engine.connect() as conn:  # the triage message will say it expired, and the asker's thread that no answer
        rows = {r.key: r.payload for r in conn.execute(select(outbox).where(outbox.c.question_id == ids[1]))}
    assert f"q{ids[1]}:triage_refresh:expire" in rows
    told = Reply.model_validate_json(rows[f"q{ids[1]}:expired"])  # will come: by channel and message, no person
    assert told.body.note is Note.EXPIRED_UNANSWERED and (told.target.channel, told.target.thread_ts) == (
        "C1", "1700000000.000001") and "U0OLD1" not in rows[f"q{ids[1]}:expired"]
    again = purge(engine, before=clock() - dt.timedelta(days=90), now=clock())
    assert again["questions"] == 0 and again["expired"] == 0  # idempotent
    store.close()
    engine.dispose()


def test_purge_command(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    env = {**os.environ, "PRIVACY_BOT_DATABASE_URL": url, "PRIVACY_BOT_RETENTION_DAYS": "30"}
    missing = subprocess.run([sys.executable, "-m", "bot", "purge"], capture_output=True, text=True, env=env,
                             timeout=60, check=False)
    assert missing.returncode == 1 and "db upgrade" in missing.stderr
    engine = connect(url)
    upgrade(engine)
    engine.dispose()
    out = subprocess.run([sys.executable, "-m", "bot", "purge"], capture_output=True, text=True, env=env, timeout=60,
                         check=False)
    assert out.returncode == 0 and "older than 30 days" in out.stdout and "questions 0" in out.stdout


def test_serving_processes_purge_in_the_background(tmp_path):
    import time

    from bot.runtime.housekeeping import Purger

    url = f"sqlite:///{tmp_path / 'bot.db'}"
    engine = connect(url)
    upgrade(engine)
    purger = Purger(engine, days=90, first=0.05, every=0.05)
    purger.start()
    try:
        deadline = time.monotonic() + 10
        while purger.runs < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert purger.runs >= 2  # a first run soon after start, then on schedule
    finally:
        purger.stop()
        engine.dispose()


def test_purge_days_zero_means_everything(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    engine = connect(url)
    upgrade(engine)
    engine.dispose()
    env = {**os.environ, "PRIVACY_BOT_DATABASE_URL": url}
    out = subprocess.run([sys.executable, "-m", "bot", "purge", "--days", "0"], capture_output=True, text=True,
                         env=env, timeout=60, check=False)
    assert out.returncode == 0 and "older than 0 days" in out.stdout
    bad = subprocess.run([sys.executable, "-m", "bot", "purge", "--days", "-1"], capture_output=True, text=True,
                         env=env, timeout=60, check=False)
    assert bad.returncode == 2 and "must be a whole number of days from 0 to 36500" in bad.stderr


# Where the bot's own entry (knowledge/answers/privacy-bot.yaml) names each table, and each kind of data the purge
# removes. A new table or purge step fails this test until the entry (and README) say what happens to it.
TABLES = {"questions": "Question records", "inbox": "incoming requests", "feedback": "feedback",
          "escalations": "escalation records", "outbox": "outbox of Slack messages",
          "rate_limits": "rate-limit counters", "leases": "job leases", "seen_entries": "answer entries",
          "entry_changes": "material changes seen", "update_mutes": "who muted updates",
          "source_flags": "entries whose sources changed"}
PURGED = {"questions": "Question text and asker ids", "feedback": "voters' ids and feedback reasons",
          "escalations": "the asker and reason on escalations", "expired": "closed as expired",
          "inbox": "incoming requests: deleted", "outbox": "delivered outbox messages",
          "rate_limits": "old rate-limit counters", "update_mutes": "who muted updates about changed answers: deleted"}


def test_the_bots_own_entry_says_what_the_database_keeps_and_purges(answers, tmp_path):
    entry = answers.entries["privacy-bot"]
    assert set(TABLES) == set(metadata.tables)
    for phrase in TABLES.values():
        assert phrase.lower() in entry.retention.what.lower(), phrase
    engine = connect(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade(engine)
    kinds = purge(engine, before=dt.datetime.now(dt.timezone.utc))
    engine.dispose()
    assert set(PURGED) == set(kinds)
    for phrase in PURGED.values():
        assert phrase.lower() in entry.retention.duration.lower(), phrase
