"""Updates to earlier askers, the pure part: change keys, one update per thread or DM, pacing, what App Home lists,
the weekly digest, the buttons (over in-memory ports), and the Slack messages they render to."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from bot.core.answer_set import AnswerSet
from bot.core.digest import build_digest, digest_replies, iso_week, sources_notice
from bot.core.inbox import Action, ActionItem, Container, HomeItem, Received
from bot.core.models import Change, Entry
from bot.core.questions import Handling, Question, QuestionRecord, Source
from bot.core.update_cases import Dispatch, UpdateCases
from bot.core.updates import (
    HomeUpdates,
    Pacer,
    RecordedChange,
    changed_since,
    material_changes,
    new_changes,
    updates_for,
)
from bot.slack.update_blocks import build_answer_update, build_sources_changed, home_blocks
from bot.slack.update_blocks import build_digest as render_digest
from tests.fakes import NOW, FakeAnswers, FakeQuestions, FakeReplies, FakeUpdates

FOUNDRY = "claude-microsoft-foundry"
DEC3 = dt.date(2026, 12, 3)
ASKED = dt.datetime(2026, 5, 12, 9, 30, tzinfo=dt.timezone.utc)


def with_changes(entry: Entry, *changes: Change) -> Entry:
    return entry.model_copy(update={"changes": changes})


def one_entry_set(answers: AnswerSet, entry: Entry, version: str = "v2") -> AnswerSet:
    return AnswerSet.build([entry], answers.entities, versions={entry.id: version})


def test_change_keys_are_stable_under_new_changes_and_reworded_summaries(answers):
    base = answers.entries[FOUNDRY]
    old = Change(date=DEC3, summary="ZDR documented", material=True)
    first = material_changes(one_entry_set(answers, with_changes(base, old)))
    reworded = Change(date=DEC3, summary="ZDR is now documented (typo fixed)", material=True)
    newer_same_day = Change(date=DEC3, summary="Covered models updated", material=True)
    minor = Change(date=dt.date(2026, 12, 9), summary="Wording", material=False)
    later = material_changes(one_entry_set(answers, with_changes(base, minor, newer_same_day, reworded)))
    assert [c.key for c in first] == [f"{FOUNDRY}@2026-12-03#0"]
    assert {c.key for c in later} == {f"{FOUNDRY}@2026-12-03#0", f"{FOUNDRY}@2026-12-03#1"}  # non-material: none
    assert {c.version for c in later} == {"v2"}
    assert new_changes(first, known_entries=set()) == [(first[0], "baseline")]  # a database's first load: quiet
    assert new_changes(first, known_entries={FOUNDRY}) == [(first[0], "pending")]


def record(qid: int, *, channel: str = "C1", ts: str | None = "1.1", thread: str | None = None, asker: str = "U1",
           source: Source = Source.MENTION, asked: dt.datetime = ASKED) -> QuestionRecord:
    q = Question(team="T1", channel=channel, ts=None if source is Source.COMMAND else ts, thread_ts=thread,
                 asker=asker, text="q", source=source)
    return QuestionRecord(id=qid, question=q, handling=Handling.ANSWER, entry_id=FOUNDRY, entry_version="v1",
                          created_at=asked, replied_at=asked)


CHANGE = RecordedChange(key=f"{FOUNDRY}@2026-12-03#0", entry_id=FOUNDRY, date=DEC3, summary="ZDR <documented>",
                        version="v2", status="pending", seen_at=dt.datetime(2026, 12, 3, 10, tzinfo=dt.timezone.utc))


def test_one_update_per_thread_and_dm_none_for_muted_or_purged_askers():
    answered = [
        record(1, ts="1.1"), record(2, ts="1.2", thread="1.1", asker="U2"),  # one thread, two askers
        record(3, ts="2.1", asker="U3"),  # another thread in C1
        record(4, channel="D9", ts="3.1", asker="U4", source=Source.DM),
        record(5, source=Source.COMMAND, asker="U5"), record(6, source=Source.COMMAND, asker="U5"),  # one DM
        record(7, ts="4.1", asker="U7"),  # muted
        record(8, ts="5.1", asker=""),  # purged
    ]
    replies = updates_for(CHANGE, "Claude in Foundry", answered, muted={"U7"})
    where = [(r.target.channel, r.target.thread_ts) for r in replies]
    assert sorted(where, key=str) == sorted([("C1", "1.1"), ("C1", "2.1"), ("D9", "3.1"), ("U5", None)], key=str)
    assert len({r.key for r in replies}) == 4
    by_thread = {r.target.thread_ts: r.body for r in replies}
    assert by_thread["1.1"].question_ids == (1, 2)
    assert by_thread["1.1"].asked_on == dt.date(2026, 5, 12) and by_thread["1.1"].changed_on == DEC3
    assert [r.target.channel for r in replies][:3] in (["C1", "D9", "U5"], ["C1", "U5", "D9"])  # interleaved
    assert updates_for(CHANGE, "t", answered, muted={"U7"})[0].key == replies[0].key  # same keys every run


def test_a_back_dated_change_says_when_it_arrived():
    asked = dt.datetime(2026, 12, 10, tzinfo=dt.timezone.utc)
    late = RecordedChange(**{**CHANGE.__dict__, "seen_at": dt.datetime(2026, 12, 20, tzinfo=dt.timezone.utc)})
    [reply] = updates_for(late, "t", [record(1, asked=asked)])
    assert reply.body.changed_on == dt.date(2026, 12, 20)


def test_pacer_spaces_each_channel_by_a_second_and_all_by_the_rate():
    start = dt.datetime(2026, 12, 3, tzinfo=dt.timezone.utc)
    pacer = Pacer(start, per_minute=120)
    slots = [(c, pacer.slot(c)) for c in ["C1", "C2", "C1", "C1", "D1", "C2"]]
    times = [t for _, t in slots]
    assert times == sorted(times) and all((b - a).total_seconds() >= 0.5 for a, b in itertools.pairwise(times))
    for channel in ("C1", "C2"):
        mine = [t for c, t in slots if c == channel]
        assert all((b - a).total_seconds() >= 1.0 for a, b in itertools.pairwise(mine))


def test_app_home_lists_answers_changed_after_the_asker_got_them():
    seen = CHANGE.seen_at
    early = record(1, asked=seen - dt.timedelta(days=3))
    after = record(2, asked=seen + dt.timedelta(hours=1))
    current = record(3, asked=seen - dt.timedelta(days=1)).model_copy(update={"entry_version": "v2"})
    baseline_old = RecordedChange(**{**CHANGE.__dict__, "key": "k0", "status": "baseline",
                                     "date": dt.date(2026, 1, 1)})
    listed = changed_since([(after, CHANGE), (current, CHANGE), (early, baseline_old), (early, CHANGE)],
                           {FOUNDRY: "Claude in Foundry"})
    assert [(c.entry_id, c.asked_on, c.changed_on) for c in listed] == [(FOUNDRY, early.created_at.date(), DEC3)]
    assert changed_since([(early, baseline_old)], {}) == ()  # baseline dated before the answer: not news


def entry(answers, entry_id: str, **changes) -> Entry:
    return answers.entries[entry_id].model_copy(update=changes)


def test_digest_lists_overdue_changed_and_drafts_and_reaches_each_owner(answers):
    today = dt.date(2027, 12, 6)
    person = entry(answers, FOUNDRY, owner_slack="U0OWNER1")
    group = entry(answers, "openai-api", owner_slack="S0PRIVACY", reviewed_on=today)
    nobody = entry(answers, "gemini-api", owner_slack=None)
    draft = entry(answers, "cursor", id="cursor-draft", status="draft", owner_slack="U0OWNER1")
    triage, owners = build_digest(published=[person, group, nobody], drafts=[draft],
                                  source_flags={"openai-api": "2 of the 3 sources of openai-api changed since they "
                                                "were recorded:\nchanged: https://a.example\n  + x\n"
                                                "gone: https://b.example (404)"},
                                  today=today)
    assert triage.week == "2027-W49" == iso_week(today)
    assert [x.entry_id for x in triage.overdue] == [FOUNDRY, "gemini-api"]  # group's entry reviewed today
    assert [(x.entry_id, x.detail) for x in triage.sources] == [("openai-api",
                                                                 "1 changed, 1 gone, of its 3 sources")]
    assert [x.entry_id for x in triage.drafts] == ["cursor-draft"]
    assert set(owners) == {"U0OWNER1"}  # a user group is mentioned, not messaged
    assert [x.entry_id for x in owners["U0OWNER1"].overdue + owners["U0OWNER1"].drafts] == [FOUNDRY, "cursor-draft"]
    replies = digest_replies(triage, owners, channel="C0TRIAGE")
    assert [(r.key, r.target.channel) for r in replies] == [("digest:2027-W49", "C0TRIAGE"),
                                                             ("digest:2027-W49:U0OWNER1", "U0OWNER1")]
    text = json.dumps([b.to_dict() for b in render_digest(triage).blocks])
    assert "<!subteam^S0PRIVACY>" in text and "<@U0OWNER1>" not in text  # the person gets a DM instead
    quiet, none = build_digest(published=[group], drafts=[], source_flags={}, today=today)
    assert quiet.empty() and none == {} and digest_replies(quiet, none, channel="C0TRIAGE") == []


def test_messages_read_as_promised_and_fit_block_kit(answers):
    body = updates_for(CHANGE, "Claude <b> in Foundry", [record(1)])[0].body
    message = build_answer_update(body, entry_url="https://git.example/{id}.yaml")
    blocks = [b.to_dict() for b in message.blocks]  # to_dict validates Block Kit's limits
    text = json.dumps(blocks)
    assert "The answer you got on 12 May changed on 3 Dec: ZDR &lt;documented&gt;" in message.text
    assert "<b>" not in text and "&lt;b&gt;" in text
    assert "https://git.example/claude-microsoft-foundry.yaml|Full entry" in text
    assert {e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]} == {
        "updates_show", "updates_mute"}
    notice = sources_notice(entry(answers, FOUNDRY, owner_slack="S0GROUP1"), "x <!channel>", "f" * 64,
                            channel="C0TRIAGE")
    rendered = json.dumps([b.to_dict() for b in build_sources_changed(notice.body).blocks])
    assert "<!subteam^S0GROUP1>" in rendered and "<!channel>" not in rendered
    home = [b.to_dict() for b in home_blocks(HomeUpdates(muted=True))]
    assert any(b.get("accessory", {}).get("action_id") == "updates_unmute" for b in home)


@pytest.fixture
def cases(answers):
    homes: list[str] = []
    questions, replies = FakeQuestions(), FakeReplies()
    questions.record(Question(team="T1", channel="C1", ts="1.1", asker="U1", text="q", source=Source.MENTION))
    made = UpdateCases(updates=FakeUpdates(), questions=questions, replies=replies, answers=FakeAnswers(answers),
                       home=lambda item: homes.append(item.user) or None, retention=dt.timedelta(days=90),
                       now=lambda: NOW)
    return made, replies, homes


def click(action: Action, *, url: str | None = "https://hooks.slack.com/x", user: str = "U1", entry_id: str = "",
          message_ts: str | None = "9.9") -> ActionItem:
    return ActionItem(action=action, user=user, question_id=1, entry_id=entry_id, response_url=url,
                      container=Container(channel="C1", message_ts=message_ts, thread_ts="1.1"))


def test_mute_from_a_message_tells_the_clicker_and_from_app_home_republishes_it(cases):
    made, replies, homes = cases
    made.action(click(Action.MUTE_UPDATES), origin=7)
    assert made.updates.muted("U1") and replies.sent["in7:note"].body.note == "muted"
    made.action(click(Action.UNMUTE_UPDATES, url=None, message_ts=None), origin=8)
    assert not made.updates.muted("U1") and homes == ["U1"] and "in8:note" not in replies.sent
    assert made.home_updates("U1") == HomeUpdates(changed=(), muted=False, enabled=True)
    asked = CHANGE.seen_at - dt.timedelta(days=2)
    made.updates.changed["U1"] = [(record(1, asked=asked), CHANGE)]
    [listed] = made.home_updates("U1").changed
    assert (listed.title, listed.asked_on, listed.summary) == ("Claude models in Microsoft Foundry (Azure AI Foundry)",
                                                               asked.date(), CHANGE.summary)


def test_show_updated_posts_the_current_answer_once_per_update_message(cases):
    made, replies, _ = cases
    for origin in (1, 2):  # two clicks (or a redelivery): one answer in the thread
        made.action(click(Action.SHOW_UPDATED, entry_id=FOUNDRY, user=f"U{origin}"), origin=origin)
    [shown] = replies.bodies("answer")
    assert shown.key == "upd-show:C1:9.9" and shown.target.thread_ts == "1.1"
    assert shown.body.entry.id == FOUNDRY
    made.action(click(Action.SHOW_UPDATED, entry_id="no-such-entry"), origin=3)
    assert replies.sent["in3:note"].body.note == "gone"


def test_dispatch_routes_update_buttons_and_leaves_the_rest_to_the_service(cases):
    made, _, _ = cases

    class Service:
        def __init__(self) -> None:
            self.handled: list[int] = []
            self.woken = 0

        def handle(self, received):
            self.handled.append(received.id)

        def wake(self):
            self.woken += 1

        def failed(self, received):
            pass

    service = Service()
    dispatch = Dispatch(service, made)  # type: ignore[arg-type]
    dispatch.handle(Received(id=1, item=click(Action.MUTE_UPDATES), attempts=1, worker="w", created_at=NOW))
    dispatch.handle(Received(id=2, item=HomeItem(user="U1"), attempts=1, worker="w", created_at=NOW))
    assert service.handled == [2] and service.woken == 1 and made.updates.muted("U1")


def test_an_update_whose_askers_all_muted_since_it_was_queued_is_dropped_when_sent():
    from bot.core.replies import Note, NoteBody, Pending
    from bot.slack.notices import NoticeComposer

    class Inner:
        def compose(self, item):
            return "composed by the Composer"

    muted: set[int] = set()
    composer = NoticeComposer(Inner(), all_muted=lambda ids: set(ids) <= muted, questions=FakeQuestions())
    [reply] = updates_for(CHANGE, "Claude in Foundry", [record(1), record(2, ts="1.2", thread="1.1", asker="U2")])

    def pending(r):
        return Pending(id=1, reply=r, worker="w", attempts=1, maybe_sent=False, created_at=NOW)

    assert composer.compose(pending(reply)).target.thread_ts == "1.1"
    muted.add(1)
    assert composer.compose(pending(reply)) is not None  # one asker of the thread still wants them
    muted.add(2)
    assert composer.compose(pending(reply)) is None
    other = reply.model_copy(update={"body": NoteBody(note=Note.THANKS)})
    assert composer.compose(pending(other)) == "composed by the Composer"


def test_an_update_its_channel_refuses_for_good_goes_to_each_asker_still_told_by_dm_about_their_own_questions():
    from bot.core.replies import Pending, Target
    from bot.slack.notices import NoticeComposer
    from bot.slack.outgoing import Outgoing

    answered = [record(1), record(2, ts="1.2", thread="1.1", asker="U2"), record(3, ts="1.3", thread="1.1"),
                record(4, ts="1.4", thread="1.1", asker="U4"), record(5, ts="1.5", thread="1.1", asker="U5")]
    questions = FakeQuestions(rows={r.id: r for r in answered})
    questions.rows[5] = answered[4].model_copy(update={"question": answered[4].question.model_copy(
        update={"asker": ""})})  # purged since
    muted = {4}  # U4 muted since the update was queued
    composer = NoticeComposer(object(), all_muted=lambda ids: set(ids) <= muted, questions=questions)  # type: ignore
    [reply] = updates_for(CHANGE, "Claude in Foundry", answered)
    assert reply.body.question_ids == (1, 2, 3, 4, 5)
    item = Pending(id=9, reply=reply, worker="w", attempts=1, maybe_sent=False, created_at=NOW)
    first, second = composer.dm_instead(item, composer.compose(item))
    assert (first.key, first.stream, first.moved_from, first.moved_to) == (reply.key, reply.stream, "C1", "U1")
    assert first.body.question_ids == (1, 3) and first.question_id == 1 and first.target == reply.target
    assert (second.key, second.stream, second.moved_to) == (f"{reply.key}:dm:U2", f"{reply.key}:dm:U2", "U2")
    assert second.body.question_ids == (2,) and second.question_id == 2
    shown = render(composer.compose(item.model_copy(update={"reply": second})).message)
    assert "You asked me about this in <#C1>." in shown and "update:2" in shown  # its buttons: their question
    # In a DM already (the DM asked in, a /privacy asker's): nowhere else to go
    dm = reply.model_copy(update={"target": Target(channel="D9", thread_ts="3.1")})
    assert composer.dm_instead(item.model_copy(update={"reply": dm}), Outgoing(None, dm.target)) == []  # type: ignore
    by_id = reply.model_copy(update={"target": Target(channel="U1")})
    assert composer.dm_instead(item.model_copy(update={"reply": by_id}), Outgoing(None, by_id.target)) == []  # type: ignore


def render(message) -> str:
    return json.dumps([b if isinstance(b, dict) else b.to_dict() for b in message.blocks])
