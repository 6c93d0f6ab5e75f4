"""Answers that stay true, in the store, on SQLite and PostgreSQL: material changes recorded once across replicas
(the first load quiet), updates queued once per thread and paced, mutes, App Home's list, the source check's
flags and notices, the daily and weekly job leases, and the 0003 -> 0004 migration."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select, text

from bot.core.answer_set import AnswerSet
from bot.core.digest import sources_notice
from bot.core.escalations import Opening
from bot.core.models import Change
from bot.core.questions import Handling, Question, Source
from bot.core.replies import Reply
from bot.core.updates import material_changes
from bot.runtime.jobs import AnswerUpdates, WeeklyDigest
from bot.store import Store, open_store, upgrade
from bot.store.retention import purge
from bot.store.schema import metadata, outbox

FOUNDRY = "claude-microsoft-foundry"


@pytest.fixture
def store(db_url: str, clock) -> Iterator[Store]:
    store = open_store(db_url, clock=clock, migrate=True)
    yield store
    store.close()


def answer_set(answers: AnswerSet, *changes: Change, version: str = "v1") -> AnswerSet:
    entry = answers.entries[FOUNDRY].model_copy(update={"changes": changes})
    others = [e for e in answers.entries.values() if e.id != FOUNDRY]
    return AnswerSet.build([entry, *others], answers.entities,
                           versions={**{e.id: "x" for e in others}, FOUNDRY: version})


OLD = Change(date=dt.date(2026, 6, 1), summary="Retention went from 90 to 30 days", material=True)
NEW = Change(date=dt.date(2026, 11, 26), summary="ZDR is now available by arrangement", material=True)
MINOR = Change(date=dt.date(2026, 11, 26), summary="Wording", material=False)


def record_load(store: Store, answers: AnswerSet) -> int:
    return store.updates.record_load(material_changes(answers), list(answers.entries))


def ask(store: Store, n: int, *, channel: str = "C1", thread: str | None = None, asker: str | None = None,
        source: Source = Source.MENTION, version: str = "v1", entry: str = FOUNDRY) -> int:
    q = Question(team="T1", channel=channel, ts=None if source is Source.COMMAND else f"1700000000.{n:06d}",
                 thread_ts=thread, asker=asker or f"U{n}", text="q", source=source)
    record = store.questions.record(q, origin=f"inbox:{n}")
    store.questions.record_reply(record.id, Handling.ANSWER, entry_id=entry, entry_version=version)
    return record.id


def update_rows(store: Store) -> list[tuple[str, dt.datetime]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.payload, outbox.c.next_attempt_at)
                            .where(outbox.c.kind == "answer_update").order_by(outbox.c.next_attempt_at)).all()
    return [(r.payload, r.next_attempt_at) for r in rows]


def test_the_first_load_is_quiet_and_only_new_material_changes_are_pending(store, answers, clock):
    assert record_load(store, answer_set(answers, OLD)) == 0  # first load of this database: baseline
    assert [c.status for c in store.updates.changes()] and {c.status for c in store.updates.changes()} == {"baseline"}
    assert record_load(store, answer_set(answers, MINOR, OLD, version="v2")) == 0  # not material: nothing
    clock.advance(hours=1)
    loads = [answer_set(answers, NEW, MINOR, OLD, version="v3")] * 8
    with ThreadPoolExecutor(8) as pool:  # eight processes load the same edit at once
        pending = list(pool.map(lambda a: record_load(store, a), loads))
    assert sum(pending) == 1
    [new] = [c for c in store.updates.changes() if c.status == "pending"]
    assert (new.entry_id, new.date, new.version) == (FOUNDRY, NEW.date, "v3")


def test_updates_go_once_per_thread_and_dm_to_earlier_askers_paced(store, answers, clock):
    record_load(store, answer_set(answers, OLD))
    first = ask(store, 1, channel="C1")
    ask(store, 2, channel="C1", thread="1700000000.000001", asker="U9")  # same thread, another asker
    ask(store, 3, channel="C1")
    ask(store, 4, channel="D4", source=Source.DM)
    ask(store, 5, source=Source.COMMAND, asker="U5")
    ask(store, 6, source=Source.COMMAND, asker="U5")  # the same DM
    ask(store, 7, channel="C2", version="v2")  # already got the new answer
    ask(store, 8, channel="C2", entry="openai-api")  # another entry
    ask(store, 9, channel="C3", asker="U0MUTED")
    store.updates.set_muted("U0MUTED", True)
    opened = ask(store, 10, channel="C4")  # answered by a triager with "Send existing answer"
    store.questions.record_reply(opened, Handling.ESCALATE)
    store.escalations.open(Opening(question_id=opened, why="w", triage_channel="CT"))
    store.escalations.send_entry(opened, "UT1", answers.entries[FOUNDRY], "v1")
    clock.advance(minutes=5)
    record_load(store, answer_set(answers, NEW, OLD, version="v2"))
    titles = {FOUNDRY: "Claude in Foundry"}

    queued = store.updates.fan_out(titles=titles, retention=dt.timedelta(days=90), per_minute=120)
    assert queued == 5  # C1 thread of #1 (with #2), C1 #3, D4, U5's DM, C4
    rows = update_rows(store)
    replies = [Reply.model_validate_json(payload) for payload, _ in rows]
    where = {(r.target.channel, r.target.thread_ts): r.body.question_ids for r in replies}
    assert where == {("C1", "1700000000.000001"): (first, first + 1), ("C1", "1700000000.000003"): (first + 2,),
                     ("D4", "1700000000.000004"): (first + 3,), ("U5", None): (first + 4, first + 5),
                     ("C4", "1700000000.000010"): (opened,)}
    times = [t for _, t in rows]
    assert all((b - a).total_seconds() >= 0.5 - 1e-6 for a, b in itertools.pairwise(times))
    assert store.updates.fan_out(titles=titles, retention=dt.timedelta(days=90), per_minute=120) == 0  # again: none
    with ThreadPoolExecutor(4) as pool:
        again = list(pool.map(lambda _: store.updates.fan_out(titles=titles, retention=dt.timedelta(days=90),
                                                              per_minute=120), range(4)))
    assert sum(again) == 0 and len(update_rows(store)) == 5
    # A replica still serving the old version answers someone meanwhile: the follow-up round finds them.
    ask(store, 11, channel="C5")
    assert store.updates.fan_out(titles=titles, retention=dt.timedelta(days=90), per_minute=120) == 1
    later = update_rows(store)[-1][1]
    assert (later - times[-1]).total_seconds() <= 0.5 + 1e-6  # right after the others: no time kept for old keys
    clock.advance(minutes=30)  # past the follow-up window: done
    ask(store, 12, channel="C6")
    assert store.updates.fan_out(titles=titles, retention=dt.timedelta(days=90), per_minute=120) == 0


def test_askers_outside_the_retention_window_or_purged_get_none_and_off_means_skipped(store, answers, clock):
    record_load(store, answer_set(answers, OLD))
    ask(store, 1)
    clock.advance(days=100)
    purge(store.engine, before=clock() - dt.timedelta(days=90), now=clock())
    ask(store, 2, asker="U2")
    record_load(store, answer_set(answers, NEW, OLD, version="v2"))
    retention = dt.timedelta(days=90)
    assert store.updates.fan_out(titles={FOUNDRY: "t"}, retention=dt.timedelta(days=1), per_minute=60) == 1
    assert store.updates.skip_pending() == 0  # announced, not pending
    record_load(store, answer_set(answers, Change(date=dt.date(2026, 12, 1), summary="x", material=True), NEW, OLD,
                                  version="v3"))
    assert store.updates.skip_pending() == 1
    assert store.updates.fan_out(titles={FOUNDRY: "t"}, retention=retention, per_minute=60) == 0


def test_mutes_send_time_check_app_home_list_and_purge(store, answers, clock):
    record_load(store, answer_set(answers, OLD))
    mine, theirs = ask(store, 1, asker="U1"), ask(store, 2, asker="U2", channel="C2")
    store.updates.set_muted("U1", True)
    store.updates.set_muted("U1", True)  # twice: still one row
    assert store.updates.muted("U1") and not store.updates.muted("U2")
    assert store.updates.all_muted([mine]) and not store.updates.all_muted([mine, theirs])
    q = Question(team="T1", channel="C5", ts="1700000000.000050", asker="U2", text="q", source=Source.MENTION)
    sent = store.questions.record(q, origin="inbox:50").id  # answered by a triager with "Send existing answer"
    store.questions.record_reply(sent, Handling.ESCALATE)
    store.escalations.open(Opening(question_id=sent, why="w", triage_channel="CT"))
    store.escalations.send_entry(sent, "UT1", answers.entries[FOUNDRY], "v1")
    clock.advance(hours=1)
    record_load(store, answer_set(answers, NEW, OLD, version="v2"))
    pairs = store.updates.changed_for("U2", since=clock() - dt.timedelta(days=90))
    assert sorted((r.id, c.date) for r, c in pairs) == [(theirs, NEW.date), (sent, NEW.date)]
    store.updates.set_muted("U1", False)
    assert not store.updates.muted("U1")
    store.updates.set_muted("U1", True)
    store.updates.set_muted("U3", True)  # U3 never asked anything recent
    clock.advance(days=100)
    ask(store, 3, asker="U1")  # U1 asks again: their mute stays
    store.updates.set_muted("U4", True)  # a mute of today stays too
    counts = purge(store.engine, before=clock() - dt.timedelta(days=90), now=clock())
    assert counts["update_mutes"] == 1 and store.updates.muted("U1") and not store.updates.muted("U3")
    assert store.updates.muted("U4")


def test_source_flags_are_replaced_by_each_check_and_notices_queued_once(store, answers):
    first = sources_notice(answers.entries[FOUNDRY], "1 of 2 sources changed", "a" * 64, channel="C0TRIAGE")
    assert store.updates.record_source_check({FOUNDRY: "1 of 2 sources changed"}, [first]) == 1
    assert store.updates.record_source_check({FOUNDRY: "1 of 2 sources changed"}, [first]) == 0  # same diff
    assert store.updates.source_flags() == {FOUNDRY: "1 of 2 sources changed"}
    assert store.updates.record_source_check({}, []) == 0 and store.updates.source_flags() == {}


def test_updates_job_and_weekly_digest_run_once_across_replicas(store, answers, clock, tmp_path, knowledge_copy):
    jobs = [AnswerUpdates(answers=lambda: answer_set(answers, OLD), updates=store.updates, leases=store.leases,
                          enabled=True, per_minute=60, retention=dt.timedelta(days=90)) for _ in range(3)]
    assert [j.run_once() for j in jobs] == [0, 0, 0]
    ask(store, 1)
    clock.advance(minutes=1)
    edited = answer_set(answers, NEW, OLD, version="v2")
    for job in jobs:
        job._answers = lambda: edited  # each replica reloads the edit
    with ThreadPoolExecutor(3) as pool:
        assert sum(pool.map(lambda j: j.run_once(), jobs)) == 1

    stale = answers.entries[FOUNDRY].model_copy(update={"reviewed_on": dt.date(2025, 1, 1), "owner_slack": "U0OWN"})
    current = AnswerSet.build([stale], answers.entities)
    digests = [WeeklyDigest(directory=knowledge_copy, answers=lambda: current, updates=store.updates,
                            leases=store.leases, outbox=store.outbox, channel="C0TRIAGE", clock=clock)
               for _ in range(3)]
    with ThreadPoolExecutor(3) as pool:
        assert sum(pool.map(lambda d: d.run_once(), digests)) == 2  # the triage digest and the owner's DM
    ran = store.leases.last_run("digest")
    clock.advance(days=3)
    assert sum(d.run_once() for d in digests) == 0 and store.leases.last_run("digest") == ran  # not due again
    clock.advance(days=4, seconds=1)
    assert digests[0].run_once() == 2  # next week
    with store.engine.connect() as conn:
        keys = conn.execute(select(outbox.c.key).where(outbox.c.kind == "digest").order_by(outbox.c.id)).scalars()
        keys = list(keys)
    assert keys == ["digest:2026-W48", "digest:2026-W48:U0OWN", "digest:2026-W49", "digest:2026-W49:U0OWN"]


def test_0004_keeps_existing_rows_and_matches_the_schema(db_url):
    engine = create_engine(db_url)
    upgrade(engine, "0003")
    now = dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO questions (id, team, channel, ts, asker, text, source, original_length, "
                          "outcome, entry_id, entry_version, created_at, claimed_at, replied_at) VALUES (5, 'T1', "
                          "'C1', '1.1', 'U1', 'q', 'mention', 1, 'answer', :e, 'v0', :t, :t, :t)"),
                     {"t": now, "e": FOUNDRY})
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT entry_id FROM questions WHERE id = 5")).scalar_one() == FOUNDRY
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []  # the migrations build exactly the tables, columns and indexes of bot/store/schema.py
    engine.dispose()
