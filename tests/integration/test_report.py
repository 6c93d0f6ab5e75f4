"""`privacy-bot report` on SQLite and PostgreSQL: questions per entry, grouped unanswered, feedback, overdue."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

from bot.core.escalations import Opening
from bot.core.grouping import group_questions
from bot.core.questions import Feedback, Handling, Question, Source
from bot.knowledge.loader import load_answer_set
from bot.store import connect, open_store, upgrade
from tests.conftest import KNOWLEDGE


def ask(store, n: int, text: str, handling: Handling, entry: str | None = None) -> int:
    q = Question(team="T1", channel="C1", ts=f"1700000000.{n:06d}", asker=f"U{n}", text=text, source=Source.MENTION)
    record = store.questions.record(q)
    assert record is not None
    store.questions.record_reply(record.id, handling, entry_id=entry, entry_version="v1" if entry else None)
    return record.id


def run_report(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRIVACY_BOT_DATABASE_URL": db_url}
    return subprocess.run([sys.executable, "-m", "bot", "report", *args], capture_output=True, text=True,
                          timeout=120, env=env, check=False)


def test_report_sections(db_url):
    engine = connect(db_url)
    upgrade(engine)
    engine.dispose()
    store = open_store(db_url)
    first = ask(store, 1, "Does Anthropic keep prompts in Foundry?", Handling.ANSWER, "claude-microsoft-foundry")
    ask(store, 2, "does anthropic keep our prompts on foundry", Handling.ANSWER, "claude-microsoft-foundry")
    ask(store, 3, "Does Mistral retain prompts on Vertex?", Handling.ESCALATE)
    ask(store, 4, "does mistral retain our prompts on vertex ai??", Handling.ESCALATE)
    perplexity = ask(store, 5, "is <https://perplexity.ai/enterprise|perplexity enterprise> ok for customer data, "
                               "@U0LEGAL01?", Handling.ESCALATE)
    ask(store, 6, "where is the vpn guide", Handling.DECLINE)
    answered = ask(store, 7, "Is Llama on Bedrock trained on our prompts?", Handling.ESCALATE)
    for qid in (perplexity, answered):
        store.escalations.open(Opening(question_id=qid, why="no entry", triage_channel="CT"))
    store.escalations.claim(perplexity, "UT1")
    bedrock = load_answer_set(KNOWLEDGE).entries["claude-amazon-bedrock"]
    store.escalations.send_entry(answered, "UT1", bedrock, "v1")  # answered: no longer listed
    store.feedback.record(Feedback(question_id=first, entry_id="claude-microsoft-foundry", entry_version="v1",
                                   user="U9", helpful=False, reason="does not say how long"))
    store.close()

    out = run_report(db_url, "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    per_entry = {r["entry"]: r for r in data["questions_per_entry"]}
    assert per_entry["claude-microsoft-foundry"]["answered"] == 2
    assert per_entry["claude-microsoft-foundry"]["not_helpful"] == 1
    assert per_entry["openai-api"]["answered"] == 0  # every entry is listed, asked or not
    groups = data["escalated_and_unanswered_questions"]
    assert [g["count"] for g in groups] == [2, 1]
    assert "mistral" in groups[0]["example"].lower()
    assert groups[1]["example"].startswith("is perplexity enterprise (https://perplexity.ai/enterprise) ok for")
    assert "U0LEGAL01" not in groups[1]["example"]  # a colleague named is "someone" in a report
    assert (groups[0]["outcomes"], groups[1]["outcomes"]) == ("escalate 2", "claimed 1")
    [down] = data["not_helpful_feedback"]
    assert (down["entry"], down["version"], down["reason"]) == ("claude-microsoft-foundry", "v1",
                                                                 "does not say how long")
    assert isinstance(data["entries_overdue_for_review"], list)

    table = run_report(db_url)
    assert "questions per entry" in table.stdout and "claude-microsoft-foundry" in table.stdout
    rows = list(csv.reader(io.StringIO(run_report(db_url, "--format", "csv").stdout)))
    assert ["section", "entry", "answered", "helpful", "not_helpful", "last_asked", "in_answer_set"] in rows
    assert any(r[0] == "escalated and unanswered questions" and r[1] == "2" for r in rows)


def test_report_without_tables_says_what_to_do(tmp_path):
    out = run_report(f"sqlite:///{tmp_path / 'empty.db'}")
    assert out.returncode == 1 and "privacy-bot db upgrade" in out.stderr


def test_grouping_is_by_similarity_not_exact_text():
    import datetime as dt

    t = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    groups = group_questions([("Does Llama on Bedrock log prompts?", t, "escalate"),
                              ("does llama on bedrok log our prompts", t, "escalate"),
                              ("what is our policy on PII in prompts", t, "escalate")])
    assert [g.count for g in groups] == [2, 1]


def test_report_time_to_answer_escalations_and_weekly_trends(db_url):
    import datetime as dt

    from tests.conftest import FakeClock

    engine = connect(db_url)
    upgrade(engine)
    engine.dispose()
    clock = FakeClock()
    clock.now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=20)  # inside the report's 90 days
    store = open_store(db_url, clock=clock)
    bedrock = load_answer_set(KNOWLEDGE).entries["claude-amazon-bedrock"]
    waits_hours = [1, 2, 3, 4, 30]  # median 3 h, p90 (nearest rank) 30 h
    for n, hours in enumerate(waits_hours, start=1):
        qid = ask(store, n, f"unknown question {n}", Handling.ESCALATE)
        store.escalations.open(Opening(question_id=qid, why="no entry", triage_channel="CT"))
        clock.advance(hours=hours)
        store.escalations.send_entry(qid, "UT1", bedrock, "v1")
        clock.advance(hours=-hours)
    waiting = ask(store, 9, "still open", Handling.ESCALATE)
    store.escalations.open(Opening(question_id=waiting, why="no entry", triage_channel="CT"))
    clock.advance(days=7)  # the next ISO week: two answered, one declined
    ask(store, 10, "Does Anthropic keep prompts in Foundry?", Handling.ANSWER, "claude-microsoft-foundry")
    ask(store, 11, "Does Anthropic keep prompts in Foundry again?", Handling.ANSWER, "claude-microsoft-foundry")
    ask(store, 12, "where is the vpn guide", Handling.DECLINE)
    store.close()

    out = run_report(db_url, "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    [timing] = data["time_to_answer_escalations"]
    assert (timing["answered"], timing["median_seconds"], timing["p90_seconds"], timing["still_open"]) == (
        5, 3 * 3600, 30 * 3600, 1)
    assert (timing["median"], timing["p90"]) == ("3h 00m", "1d 6h")
    weeks = data["weekly_trends"]
    first, second = (clock.now - dt.timedelta(days=7)).isocalendar(), clock.now.isocalendar()
    assert weeks == [
        {"week": f"{first[0]}-W{first[1]:02d}", "questions": 6, "answered": 0, "escalated": 6, "declined": 0},
        {"week": f"{second[0]}-W{second[1]:02d}", "questions": 3, "answered": 2, "escalated": 0, "declined": 1}]
    table = run_report(db_url).stdout
    assert "time to answer escalations (1)" in table and "weekly trends (2)" in table
