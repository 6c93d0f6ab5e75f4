"""Data retention on SQLite and PostgreSQL: old question text and people's ids are purged, counts are kept."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from sqlalchemy import func, select

from bot.core.escalations import Opening
from bot.core.questions import Feedback, Handling, Question, Source
from bot.store import connect, open_store, upgrade
from bot.store.retention import purge
from bot.store.schema import escalations, feedback, questions


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
        record = store.questions.claim(q)
        assert record is not None
        store.questions.record_reply(record.id, handling, entry_id=entry, entry_version="v1" if entry else None)
        ids.append(record.id)
    store.feedback.record(Feedback(question_id=ids[0], entry_id="claude-foundry", entry_version="v1", user="U0VOTER",
                                   helpful=False, reason="I am Ann from accounting"))
    store.feedback.record(Feedback(question_id=ids[0], entry_id="claude-foundry", entry_version="v1", user="U0OTHER",
                                   helpful=True))
    assert store.escalations.open(Opening(question_id=ids[1], why="uncovered", requested_by="U0OLD1",
                                          triage_channel="C0TRIAGE"))
    clock.advance(days=100)
    recent = store.questions.claim(Question(team="T1", channel="C1", ts="1700009999.000001", asker="U0NEW",
                                            text="is claude.ai pro ok for work docs", source=Source.DM))
    assert recent is not None
    store.questions.record_reply(recent.id, Handling.ANSWER, entry_id="claude-consumer-apps", entry_version="v1")

    counts = purge(engine, before=clock() - dt.timedelta(days=90))
    assert counts["questions"] == 2 and counts["feedback"] == 2 and counts["escalations"] == 1

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
        assert esc.requested_by is None and esc.status == "open"
    assert purge(engine, before=clock() - dt.timedelta(days=90))["questions"] == 0  # idempotent
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

    from bot.housekeeping import Purger

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
    assert bad.returncode == 2 and "must be 0 or more" in bad.stderr
