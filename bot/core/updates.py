"""Changed answers reach earlier askers, the pure part: which material changes are new, which threads and DMs get
which update, at what pace, and which changed answers someone's App Home lists.

The rule that keeps a database's first load quiet: a material change announces itself only when its entry was
known to the database before the load that brought the change. At the first load every entry is new, so the
material changes already in the answer set are recorded as seen ("baseline") and announce nothing; an entry
added later is known from its first load on, so its later changes are announced. A change is identified by its
entry, its date and its place among the entry's changes of that date counted from the oldest (`changes:` lists
the newest first), so fixing the wording of a summary later does not announce it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Literal

from bot.core.answer_set import AnswerSet
from bot.core.notices import AnswerUpdateBody
from bot.core.questions import Question, QuestionRecord, Source
from bot.core.replies import Reply, Target

ChangeStatus = Literal["baseline", "pending", "announced", "skipped"]
# After a change is first recorded, further rounds look for askers answered with the old version a while longer:
# other replicas (or old pods during a rolling restart) serve the old answer until they load the new one.
FOLLOW_UP = dt.timedelta(minutes=15)
PER_CHANNEL = dt.timedelta(seconds=1)  # Slack: chat.postMessage about one message a second per channel
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class LoadedChange:
    """A material change as an answer set states it."""

    key: str
    entry_id: str
    date: dt.date
    summary: str
    version: str = ""  # the entry's version that brought the change


@dataclass(frozen=True)
class RecordedChange(LoadedChange):
    """A material change as the database recorded it when some process first loaded it."""

    status: ChangeStatus = "pending"
    seen_at: dt.datetime = EPOCH


def material_changes(answers: AnswerSet) -> list[LoadedChange]:
    """Return every material change of the served entries, with its key."""
    out: list[LoadedChange] = []
    for entry in answers.entries.values():
        seen: dict[dt.date, int] = {}
        for change in reversed(entry.changes):  # oldest first: a change added later never renumbers older ones
            number = seen.get(change.date, 0)
            seen[change.date] = number + 1
            if change.material:
                out.append(LoadedChange(key=f"{entry.id}@{change.date.isoformat()}#{number}", entry_id=entry.id,
                                        date=change.date, summary=change.summary, version=answers.version(entry.id)))
    return out


def target_of(question: Question) -> Target:
    """Return where the asker heard the answer: the question's thread, or their DM for /privacy."""
    if question.source is Source.COMMAND:
        return Target(channel=question.asker)
    return Target(channel=question.channel, thread_ts=question.reply_thread())


def asked_at(record: QuestionRecord) -> dt.datetime:
    """Return when someone got their answer."""
    return record.replied_at or record.created_at


def changed_on(change: RecordedChange, asked: dt.datetime) -> dt.date:
    """Return the day the answer changed for someone who asked at `asked` (a back-dated change: when it arrived)."""
    return change.date if change.date >= asked.date() else change.seen_at.date()


def short_hash(text: str) -> str:
    """Return 16 hex digits identifying text (in outbox keys)."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def updates_for(change: RecordedChange, title: str, answered: Iterable[QuestionRecord], *,
                muted: Collection[str] = ()) -> list[Reply]:
    """Return one update per thread or DM where the entry was answered (askers who muted updates left out).

    The replies come interleaved by conversation, so posting them in order spreads each channel's posts out.
    """
    groups: dict[str, list[QuestionRecord]] = {}
    for record in sorted(answered, key=lambda r: r.id):
        asker = record.question.asker
        if asker and asker not in muted:
            groups.setdefault(target_of(record.question).lookup_key, []).append(record)
    digest = short_hash(change.key)
    by_channel: dict[str, list[Reply]] = {}
    for where, records in groups.items():
        asked = min(asked_at(r) for r in records)
        target = target_of(records[0].question)
        body = AnswerUpdateBody(entry_id=change.entry_id, title=title, summary=change.summary,
                                changed_on=changed_on(change, asked), asked_on=asked.date(),
                                question_ids=tuple(r.id for r in records))
        key = f"upd:{digest}:{where}"
        by_channel.setdefault(str(target.channel), []).append(
            Reply(key=key, body=body, target=target, stream=key, question_id=records[0].id))
    return [r for row in zip_longest(*by_channel.values()) for r in row if r is not None]


def by_dm(reply: Reply, askers: Mapping[int, str], refused: str) -> list[Reply]:
    """Return an update whose conversation refused it for good (`refused`: archived, the bot removed) as one direct
    message per asker of its questions, each about their own questions (askers: question id -> asker, those left to
    tell). The first keeps the update's key and place in its stream; the others are new, each in a stream of its
    own."""
    mine: dict[str, list[int]] = {}
    body = reply.body
    if not isinstance(body, AnswerUpdateBody):
        return []
    for question_id in body.question_ids:
        if askers.get(question_id):
            mine.setdefault(askers[question_id], []).append(question_id)
    out = []
    for n, (asker, ids) in enumerate(mine.items()):
        key = reply.key if n == 0 else f"{reply.key}:dm:{asker}"[:200]
        out.append(reply.model_copy(update={
            "key": key, "stream": reply.stream if n == 0 else key, "question_id": ids[0], "moved_from": refused,
            "moved_to": asker, "body": body.model_copy(update={"question_ids": tuple(ids)})}))
    return out


class Pacer:
    """Hands out send times: at most one post a second per conversation, and per_minute posts in all."""

    def __init__(self, start: dt.datetime, *, per_minute: int, per_channel: dt.timedelta = PER_CHANNEL) -> None:
        self._next = start
        self._gap = dt.timedelta(seconds=60 / max(per_minute, 1))
        self._per_channel = per_channel
        self._channels: dict[str, dt.datetime] = {}

    def slot(self, channel: str) -> dt.datetime:
        """Return when the next post into channel may go."""
        at = max(self._next, self._channels.get(channel, self._next))
        self._next = at + self._gap
        self._channels[channel] = at + self._per_channel
        return at


@dataclass(frozen=True)
class ChangedAnswer:
    """One answer someone got that has changed since: for their App Home."""

    entry_id: str
    title: str
    asked_on: dt.date
    changed_on: dt.date
    summary: str


@dataclass(frozen=True)
class HomeUpdates:
    """What App Home shows about updates: the answers that changed since, and whether the person muted updates."""

    changed: tuple[ChangedAnswer, ...] = ()
    muted: bool = False
    enabled: bool = True


def changed_since(pairs: Iterable[tuple[QuestionRecord, RecordedChange]], titles: Mapping[str, str], *,
                  limit: int = 10) -> tuple[ChangedAnswer, ...]:
    """Return, per entry, the newest change made after someone was answered with it (newest first)."""
    found: dict[str, ChangedAnswer] = {}
    for record, change in sorted(pairs, key=lambda p: (p[1].seen_at, p[1].date, asked_at(p[0])), reverse=True):
        asked = asked_at(record)
        if record.entry_version == change.version or asked >= change.seen_at or change.entry_id in found:
            continue
        if change.status == "baseline" and change.date <= asked.date():
            continue  # recorded at the first load: only a change dated after the answer is news to them
        found[change.entry_id] = ChangedAnswer(entry_id=change.entry_id, title=titles.get(change.entry_id,
                                                                                            change.entry_id),
                                               asked_on=asked.date(), changed_on=changed_on(change, asked),
                                               summary=change.summary)
    return tuple(found.values())[:limit]


def new_changes(loaded: Sequence[LoadedChange], known_entries: Collection[str]) -> list[tuple[LoadedChange,
                                                                                               ChangeStatus]]:
    """Return each loaded change with the status it is recorded with if it was not seen before."""
    return [(c, "pending" if c.entry_id in known_entries else "baseline") for c in loaded]
