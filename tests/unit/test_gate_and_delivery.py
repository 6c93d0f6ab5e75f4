"""Who may act (membership, cached, looked up again before refusing) and the delivery worker's pieces: how a
Slack failure is retried, and how an earlier copy of a post is found. Hand-written fakes, no network."""

from __future__ import annotations

import datetime as dt

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.core.escalations import Notice
from bot.core.replies import EscalationBody, Pending, Reply, Target
from bot.slack.blocks import build_notice
from bot.slack.delivery import EVENT_TYPE, Sender, classify
from bot.slack.gate import TriageGate
from bot.slack.outgoing import Outgoing


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Directory:
    """conversations.members in pages of two, and usergroups.users.list."""

    def __init__(self, members: list[str], group: list[str] | None = None) -> None:
        self.members = members
        self.group = group or []
        self.calls: list[str] = []

    def conversations_members(self, *, channel: str, limit: int, cursor: str | None) -> dict:
        self.calls.append("members")
        start = int(cursor or 0)
        more = start + 2 < len(self.members)
        return {"members": self.members[start:start + 2], "response_metadata": {"next_cursor": str(start + 2) if more
                                                                                else ""}}

    def usergroups_users_list(self, *, usergroup: str) -> dict:
        self.calls.append("group")
        return {"users": self.group}


def test_members_of_the_channel_and_the_user_group_may_act_across_pages():
    directory = Directory(["U1", "U2", "U3", "U4", "U5"], group=["U9"])
    gate = TriageGate(directory, channel="CT", usergroup="S1", clock=Clock())
    assert all(gate.allows(u) for u in ("U1", "U5", "U9"))
    assert directory.calls == ["members", "members", "members", "group"]  # fetched once, all pages
    assert gate.describe() == {"channel": "CT", "usergroup": "S1"}


def test_membership_is_cached_and_looked_up_again_before_a_refusal():
    directory, clock = Directory(["U1"]), Clock()
    gate = TriageGate(directory, channel="CT", ttl=60, recheck_after=5, clock=clock)
    assert gate.allows("U1") and not gate.allows("U2")
    assert len(directory.calls) == 1  # a fresh cache is trusted for the refusal too
    directory.members.append("U2")  # just invited
    clock.now += 6
    assert gate.allows("U2") and len(directory.calls) == 2
    directory.members.remove("U1")  # removed: still allowed until the cache expires
    clock.now += 30
    assert gate.allows("U1")
    clock.now += 31
    assert not gate.allows("U1")


def api_error(status: int, body: dict, headers: dict | None = None) -> SlackApiError:
    response = SlackResponse(client=None, http_verb="POST", api_url="x", req_args={}, data=body, headers=headers or {},
                             status_code=status)
    return SlackApiError("failed", response)


@pytest.mark.parametrize("exc, uncertain, retry_after", [
    (api_error(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "7"}), False, 7.0),
    (api_error(500, {"ok": False, "error": "internal_error"}), True, None),
    (api_error(200, {"ok": False, "error": "channel_not_found"}), False, None),
    (TimeoutError("timed out"), True, None),
    (ConnectionResetError("reset"), True, None),
])
def test_failures_are_classified_for_the_retry(exc, uncertain, retry_after):
    error = classify(exc)
    assert (error.uncertain, error.retry_after) == (uncertain, retry_after)


class History:
    """conversations.history/replies in pages of one, and conversations.open."""

    def __init__(self, messages: list[dict]) -> None:
        self.messages = messages
        self.calls: list[tuple[str, dict]] = []

    def _page(self, name: str, kwargs: dict) -> dict:
        self.calls.append((name, kwargs))
        start = int(kwargs.get("cursor") or 0)
        more = start + 1 < len(self.messages)
        return {"messages": self.messages[start:start + 1],
                "response_metadata": {"next_cursor": str(start + 1) if more else ""}}

    def conversations_history(self, **kwargs) -> dict:
        return self._page("history", kwargs)

    def conversations_replies(self, **kwargs) -> dict:
        return self._page("replies", kwargs)

    def conversations_open(self, *, users: str) -> dict:
        self.calls.append(("open", {"users": users}))
        return {"channel": {"id": "D" + users[1:]}}


def pending(item_id: int = 7, *, attempts: int = 2, maybe_sent: bool = True) -> Pending:
    at = dt.datetime(2026, 11, 25, 12, tzinfo=dt.timezone.utc)
    reply = Reply(key="q3:asker_answer", body=EscalationBody(question_id=3, notice=Notice.ASKER_ANSWER))
    return Pending(id=item_id, reply=reply, worker="w", attempts=attempts, maybe_sent=maybe_sent,
                   first_attempt_at=at, created_at=at)


def meta(outbox_id: int) -> dict:
    return {"event_type": EVENT_TYPE, "event_payload": {"outbox_id": outbox_id}}


def test_an_earlier_copy_is_found_by_its_outbox_id_in_a_thread_across_pages():
    history = History([{"ts": "1.1", "metadata": meta(6)}, {"ts": "1.2"}, {"ts": "1.3", "metadata": meta(7)}])
    sender = Sender(history, webhook=lambda url: None)
    found = sender.find(pending(), Target(channel="C1", thread_ts="1.0"))
    assert found == ("C1", "1.3")
    name, first = history.calls[0]
    assert name == "replies" and first["ts"] == "1.0" and first["include_all_metadata"] is True
    assert float(first["oldest"]) == pending().first_attempt_at.timestamp() - 120
    assert sender.find(pending(8), Target(channel="C1", thread_ts="1.0")) is None


def test_a_direct_message_by_user_id_is_looked_for_in_the_dm():
    history = History([{"ts": "2.1", "metadata": meta(7)}])
    found = Sender(history, webhook=lambda url: None).find(pending(), Target(channel="U0ASKER"))
    assert found == ("D0ASKER", "2.1")
    assert [name for name, _ in history.calls] == ["open", "history"]


class Updates:
    def __init__(self, error: str, status: int = 200) -> None:
        self.error, self.status = error, status

    def chat_update(self, **kwargs) -> dict:
        raise api_error(self.status, {"ok": False, "error": self.error})


def test_an_update_of_a_deleted_message_is_dropped_but_other_failures_are_retried():
    out = Outgoing(build_notice("x"), Target(channel="CT", update_ts="1.1"))
    assert Sender(Updates("message_not_found"), webhook=lambda url: None).send(pending(), out) == ("CT", "1.1")
    with pytest.raises(SlackApiError):
        Sender(Updates("ratelimited", 429), webhook=lambda url: None).send(pending(), out)
    with pytest.raises(SlackApiError):
        Sender(Updates("invalid_blocks"), webhook=lambda url: None).send(pending(), out)


class Hook:
    """A response_url that answers with a status, recording what was sent."""

    def __init__(self, status: int) -> None:
        self.status_code, self.body, self.sent = status, "", []

    def send(self, **kwargs) -> Hook:
        self.sent.append(kwargs)
        return self


class Posts(History):
    def __init__(self) -> None:
        super().__init__([])
        self.posted: list[dict] = []

    def chat_postMessage(self, **kwargs) -> dict:
        self.posted.append(kwargs)
        return {"channel": "D0ASKER", "ts": "9.9"}


def test_a_response_url_reply_goes_to_the_dm_after_an_uncertain_failure_and_never_twice_there():
    hook, posts = Hook(200), Posts()
    sender = Sender(posts, webhook=lambda url: hook)
    out = Outgoing(build_notice("x"), Target(url="https://hooks.slack.com/r/1", channel="U0ASKER"))
    assert sender.send(pending(attempts=1, maybe_sent=False), out) == (None, None)
    assert hook.sent[0]["response_type"] == "ephemeral" and not posts.posted
    assert sender.send(pending(attempts=2, maybe_sent=True), out) == ("D0ASKER", "9.9")
    assert [name for name, _ in posts.calls] == ["open", "history"]  # looked for it in the DM first
    assert posts.posted[0]["channel"] == "U0ASKER" and len(hook.sent) == 1


def test_a_response_url_that_keeps_failing_is_retried_then_a_note_without_fallback_is_dropped():
    sender = Sender(Posts(), webhook=lambda url: Hook(404))
    note = Outgoing(build_notice("x"), Target(url="https://hooks.slack.com/r/1"))
    with pytest.raises(Exception, match="response_url answered 404"):
        sender.send(pending(attempts=1, maybe_sent=False), note)
    assert sender.send(pending(attempts=6, maybe_sent=False), note) == (None, None)  # dropped, logged


def test_after_a_timeout_a_post_not_found_yet_is_looked_for_again_until_the_settle_time_then_posted():
    at = pending().first_attempt_at
    unsure = pending().model_copy(update={"unsure_since": at})
    out = Outgoing(build_notice("x"), Target(channel="C1", thread_ts="1.0"))
    posts = Posts()
    early = Sender(posts, webhook=lambda url: None, settle=15, now=lambda: at + dt.timedelta(seconds=5))
    with pytest.raises(Exception, match="Slack may still be posting it") as raised:
        early.send(unsure, out)
    assert classify(raised.value).uncertain and classify(raised.value).at_most == pytest.approx(10.5)
    assert not posts.posted and [name for name, _ in posts.calls] == ["replies"]  # looked, did not post
    late = Sender(posts, webhook=lambda url: None, settle=15, now=lambda: at + dt.timedelta(seconds=16))
    assert late.send(unsure, out) == ("D0ASKER", "9.9") and len(posts.posted) == 1
    # a 5xx (Slack answered) or a lapsed lease: looked for once, then posted, as before
    assert early.send(pending(), out) == ("D0ASKER", "9.9") and len(posts.posted) == 2


def test_a_timeout_is_unanswered_but_a_5xx_is_not():
    assert classify(TimeoutError("read timed out")).unanswered
    assert not classify(api_error(500, {"ok": False, "error": "fatal_error"})).unanswered


def test_a_queued_reply_leaves_out_this_releases_new_fields_while_unset_so_the_previous_release_reads_it():
    import json

    from bot.store.outbox import payload

    plain = Reply(key="q1:asker_notice", body=EscalationBody(question_id=1, notice=Notice.ASKER_NOTICE),
                  target=Target(channel="C1"), question_id=1)
    stored = json.loads(payload(plain))
    assert "moved_from" not in stored and "moved_to" not in stored and "added" not in stored["body"]
    assert Reply.model_validate_json(payload(plain)) == plain
    moved = plain.model_copy(update={"moved_from": "C1", "moved_to": "U1"})
    assert json.loads(payload(moved))["moved_to"] == "U1" and Reply.model_validate_json(payload(moved)) == moved
    told = Reply(key="q1:delivered_by_dm", body=EscalationBody(question_id=1, notice=Notice.DELIVERED_BY_DM,
                                                               about=Notice.ASKER_ANSWER))
    assert json.loads(payload(told))["body"]["about"] == "asker_answer" and "added" not in json.loads(payload(told))[
        "body"]
    assert Reply.model_validate_json(payload(told)) == told


class Queue:
    """The outbox as the delivery worker sees it, recording each result (and what was queued with it)."""

    def __init__(self) -> None:
        self.results: list[tuple[str, Reply, list[Reply]]] = []

    def take(self, **kwargs) -> list[Pending]:
        return []

    def delivered(self, item: Pending, *, channel=None, ts=None, notify=()) -> None:
        self.results.append(("delivered", item.reply, list(notify)))

    def retry(self, item: Pending, **kwargs) -> None:
        self.results.append(("retry", item.reply, []))

    def redirect(self, item: Pending, reply: Reply, *, error: str, also=()) -> None:
        self.results.append(("redirect", reply, list(also)))

    def give_up(self, item: Pending, *, error: str, notify=()) -> None:
        self.results.append(("give_up", item.reply, list(notify)))


class Archived(Posts):
    """chat.postMessage refuses the archived channel C0GONE and the DM of the deactivated U0GONE."""

    def chat_postMessage(self, **kwargs) -> dict:
        if kwargs["channel"] in ("C0GONE", "U0GONE"):
            raise api_error(200, {"ok": False, "error": "is_archived"})
        return super().chat_postMessage(**kwargs)


class AskerIn:
    """A composer whose posts go to the archived channel's thread, for the asker given."""

    def __init__(self, asker: str) -> None:
        self.asker = asker

    def compose(self, item: Pending) -> Outgoing:
        return Outgoing(build_notice("for the asker"), Target(channel="C0GONE", thread_ts="1.0"))

    def dm_instead(self, item: Pending, out: Outgoing) -> list[Reply]:
        return [item.reply.model_copy(update={"moved_from": out.target.channel, "moved_to": self.asker})]


def deliver(asker: str, item: Pending) -> tuple[str, Reply, list[Reply]]:
    from bot.slack.delivery import Delivery

    queue = Queue()
    Delivery(outbox=queue, escalations=None, composer=AskerIn(asker), sender=Sender(Archived(), webhook=lambda u: None),
             lease=dt.timedelta(seconds=60)).deliver(item)
    [result] = queue.results
    return result


@pytest.mark.parametrize("notice, told", [(Notice.ASKER_ANSWER, True), (Notice.ASKER_CLOSED, True),
                                          (Notice.ASKER_NOTICE, False)])
def test_the_triage_thread_hears_that_the_answer_went_to_the_askers_dm_once_it_is_there(notice, told):
    item = pending(maybe_sent=False).model_copy(update={"reply": Reply(
        key=f"q3:{notice.value}", body=EscalationBody(question_id=3, notice=notice), question_id=3,
        stream="q3:asker")})
    kind, moved, _ = deliver("U0ASKER", item)  # refused in the archived channel: to the asker's DM instead
    assert kind == "redirect" and (moved.moved_from, moved.moved_to) == ("C0GONE", "U0ASKER")
    kind, _, news = deliver("U0ASKER", item.model_copy(update={"reply": moved}))
    assert kind == "delivered"
    if not told:  # the notice that the team has the question: nothing for the team to act on
        assert news == []
        return
    [note] = news
    assert note.key == f"q3:delivered_by_dm:{notice.value}" and note.stream == "q3:triage"
    assert note.body == EscalationBody(question_id=3, notice=Notice.DELIVERED_BY_DM, about=notice)


def test_an_answer_its_dm_refuses_too_is_given_up_and_the_triage_message_updated_with_a_note_in_its_thread():
    moved = pending(maybe_sent=False).reply.model_copy(update={"moved_from": "C0GONE", "moved_to": "U0GONE",
                                                               "question_id": 3})
    kind, _, news = deliver("U0GONE", pending(maybe_sent=False).model_copy(update={"reply": moved}))
    assert kind == "give_up"
    assert [(n.key, n.body.notice, n.stream) for n in news] == [
        ("q3:undelivered:asker_answer", Notice.UNDELIVERED, "q3:triage"),
        ("q3:triage_refresh:undelivered:asker_answer", Notice.TRIAGE_REFRESH, "q3:triage")]
