"""Turn a queued Reply into the Slack call that sends it, rendered when it is sent.

Answers carry the entry as it was when decided; escalation messages are rendered from the escalation's state
now (so a late update shows the latest state).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.core.answer_set import AnswerSet
from bot.core.escalations import CloseReason, Escalation, Notice, Status
from bot.core.matching.conversation import language_of
from bot.core.matching.text import clean
from bot.core.ports import EscalationStore, QuestionLog
from bot.core.questions import Handling, QuestionRecord, Source
from bot.core.replies import (
    AnswerBody,
    ClarifyBody,
    CompareBody,
    DeclineBody,
    EscalationBody,
    HelpBody,
    NoteBody,
    Pending,
    RateLimitedBody,
    ReloadErrorsBody,
    Reply,
    ResolvedBody,
    Target,
    TooLongBody,
)
from bot.slack.blocks import (
    FALLBACK_LIMIT,
    MAX_BLOCKS,
    Message,
    build_answer,
    build_clarify,
    build_decline,
    build_notice,
    build_rate_limited,
    build_resolved,
    build_too_long,
)
from bot.slack.conversation_blocks import before_answer, build_compare, build_help, not_covered_blocks
from bot.slack.followup_blocks import build_added_for_asker, build_added_for_triage
from bot.slack.mrkdwn import escape, lines_within
from bot.slack.note_blocks import build_note
from bot.slack.triage_blocks import (
    COMPARED,
    asked_block,
    build_closed_for_asker,
    build_delivered_by_dm,
    build_escalated,
    build_escalated_privately,
    build_reminder,
    build_triage_message,
    build_undelivered,
    build_written_answer,
)

log = logging.getLogger(__name__)

# After this many failed attempts through a private reply's response_url (they expire after 30 minutes),
# the asker is told by direct message instead.
REPLY_URL_ATTEMPTS = 3
RELOAD_TEXT = 3500


@dataclass(frozen=True)
class Outgoing:
    """One Slack call: a post (channel, maybe a thread), an update of a message, or a response_url reply."""

    message: Message
    target: Target


class NotReady(Exception):
    """The message needs one that is not delivered yet (e.g. the triage post, for its ts)."""


class Gone(Exception):
    """What the message is about no longer exists (deleted or purged); the message is dropped."""


def _answered(record: QuestionRecord) -> str | None:
    """Return the entry the asker was answered with (they asked the privacy team for more), if any; COMPARED for
    entries shown side by side."""
    if record.handling is Handling.COMPARE:
        return COMPARED
    return record.entry_id if record.handling in (Handling.ANSWER, Handling.CLARIFY) else None


def moved(out: Outgoing, channel: str, asker: str) -> Outgoing:
    """Return a post its conversation refused for good as a DM to its asker, saying why it comes there."""
    line = (f":information_source: I couldn't post this in <#{channel}> (it is archived, or I'm no longer in it), "
            "so here it is as a direct message.")
    blocks = list(out.message.blocks)
    if len(blocks) < MAX_BLOCKS:
        blocks.insert(0, build_notice(line).blocks[0])
    return Outgoing(Message(text=f"{line}\n{out.message.text}"[:FALLBACK_LIMIT], blocks=blocks),
                    Target(channel=asker))


def asker_target(record: QuestionRecord) -> Target:
    """Return where the asker of an escalated question hears back: its thread, or their DM for /privacy."""
    q = record.question
    if q.source is Source.COMMAND:
        return Target(channel=q.asker)
    return Target(channel=q.channel, thread_ts=q.reply_thread())


class Composer:
    """Renders queued replies; reads escalations, questions and the answer set at send time."""

    def __init__(self, *, escalations: EscalationStore, questions: QuestionLog, answers: Callable[[], AnswerSet],
                 client: Any, reminder: dt.timedelta, usergroup: str | None = None, entry_url: str | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self._escalations = escalations
        self._questions = questions
        self._answers = answers
        self._client = client
        self._reminder = reminder
        self._usergroup = usergroup
        self._entry_url = entry_url
        self._today = today

    def compose(self, item: Pending) -> Outgoing | None:
        """Return what to send for a queued reply, or None when it is no longer needed."""
        body, target = item.reply.body, item.reply.target
        if isinstance(body, EscalationBody):
            return self._escalation(item, body)
        return Outgoing(self.render(body), target)

    def dm_instead(self, item: Pending, out: Outgoing) -> list[Reply] | None:
        """Return a post its conversation refused for good as a DM to its asker: [] when it went to their DM already
        (nowhere else to go: given up), None when it is not for an asker (retried)."""
        found = self.asker_of(item, out)
        if found is None:
            return None
        asker, direct = found
        return [] if direct else [item.reply.model_copy(update={"moved_from": out.target.channel, "moved_to": asker})]

    def asker_of(self, item: Pending, out: Outgoing) -> tuple[str, bool] | None:
        """Return the asker of a post for them (in their question's conversation, or their DM; never a triage
        message) and whether it goes to their DM already (a /privacy question's, or the DM it was asked in: when
        refused, there is nowhere else to go); None when the post is not for its asker."""
        body, question_id = item.reply.body, item.reply.question_id
        if question_id is None or out.target.url or out.target.update_ts or (
                isinstance(body, EscalationBody) and body.notice.stream == "triage"):
            return None
        record = self._questions.get(question_id)
        if record is None or not record.question.asker:
            return None
        q = record.question
        dm = out.target.channel == q.asker or (q.source is Source.DM and out.target.channel == q.channel)
        return (q.asker, dm) if dm or out.target.channel == q.channel else None

    def render(self, body: Any) -> Message:
        """Return the message of a reply body (not escalation messages, which depend on state)."""
        if isinstance(body, AnswerBody):
            note = f"sent by <@{body.sent_by}> of the privacy team" if body.sent_by else None
            before = before_answer(body.entry, lead=body.lead, reading=body.reading_as, language=body.language,
                                   asked=body.asked)
            if body.not_covered:  # said near the top, right after what was asked: never buried under the entry
                before += not_covered_blocks(body.question_id, body.entry, body.not_covered)
            return build_answer(body.entry, question_id=body.question_id, today=self._today(),
                                entry_url=self._entry_url, shareable=body.shareable, shared_by=body.shared_by,
                                note=note, before=before)
        if isinstance(body, CompareBody):
            return build_compare(body.entries, question_id=body.question_id, missing=body.missing, lead=body.lead,
                                 language=body.language, entry_url=self._entry_url, reading=body.reading_as)
        if isinstance(body, HelpBody):
            return build_help(body.offerings, which=body.which, language=body.language)
        if isinstance(body, ClarifyBody):
            return build_clarify(body.options, question_id=body.question_id, compare_with=body.compare_with,
                                 language=body.language)
        if isinstance(body, DeclineBody):
            return build_decline(question_id=body.question_id, language=body.language, thanked=body.thanked)
        if isinstance(body, TooLongBody):
            return build_too_long(body.length, body.limit)
        if isinstance(body, RateLimitedBody):
            return build_rate_limited(body.limit)
        if isinstance(body, NoteBody):
            return build_note(body.note, body.args, language=body.language)
        if isinstance(body, ResolvedBody):
            return build_resolved(body.original, action=body.action, user=body.user, detail=body.detail,
                                  text=body.text)
        if isinstance(body, ReloadErrorsBody):
            head = (":warning: An edit to the answer set could not be loaded, so the bot keeps answering from the "
                    "previous version. Fix these and the bot picks the change up by itself:" if body.kept_previous
                    else ":warning: These draft answer files are not served until they are published; the rest of "
                         "the answer set is:")
            lines = lines_within([f"• `{escape(line)}`" for line in body.lines], RELOAD_TEXT - len(head),
                                 "…and {n} more")
            return build_notice(f"{head}\n{lines}")
        raise TypeError(f"no renderer for {type(body).__name__}")

    def _escalation(self, item: Pending, body: EscalationBody) -> Outgoing | None:
        esc = self._escalations.get(body.question_id)
        record = self._questions.get(body.question_id)
        if esc is None or record is None:
            raise Gone(f"escalation {body.question_id} is gone")
        if body.notice.stream == "triage":
            return self._triage(body, esc, record)
        if not record.question.asker:
            raise Gone(f"the asker of question {body.question_id} was removed (data retention)")
        return self._asker(item, body, esc, record)

    def _triage(self, body: EscalationBody, esc: Escalation, record: QuestionRecord) -> Outgoing | None:
        if body.notice is Notice.TRIAGE_POST:
            return Outgoing(self.triage_message(esc, record), Target(channel=esc.triage_channel))
        if esc.triage_ts is None:
            raise NotReady("the triage message is not posted yet")
        if body.notice is Notice.UNDELIVERED:
            return Outgoing(build_undelivered(record.question.asker, esc.undelivered),
                            Target(channel=esc.triage_channel, thread_ts=esc.triage_ts))
        if body.notice is Notice.DELIVERED_BY_DM:
            return Outgoing(build_delivered_by_dm(record.question.asker, record.question.channel, body.about),
                            Target(channel=esc.triage_channel, thread_ts=esc.triage_ts))
        if body.notice is Notice.TRIAGE_ADDED:
            added = self._questions.get(body.added or 0)
            if added is None or not added.question.asker:
                return None  # purged (data retention) before it reached the triage thread
            return Outgoing(build_added_for_triage(added.question.asker, added.question.text),
                            Target(channel=esc.triage_channel, thread_ts=esc.triage_ts))
        if body.notice is Notice.REMINDER:
            # unclaimed, or claimed already when the reminder was queued (the claimer is reminded); else the
            # question was claimed or settled since
            claim = esc.claimed_at if esc.status is Status.CLAIMED else None
            stale = claim is not None and esc.reminded_at is not None and claim <= esc.reminded_at - self._reminder
            if esc.status is not Status.OPEN and not stale:
                return None
            return Outgoing(build_reminder(self._reminder, usergroup=self._usergroup,
                                           claimed_by=esc.claimed_by if stale else None),
                            Target(channel=esc.triage_channel, thread_ts=esc.triage_ts))
        return Outgoing(self.triage_message(esc, record), Target(channel=esc.triage_channel, update_ts=esc.triage_ts))

    def triage_message(self, esc: Escalation, record: QuestionRecord) -> Message:
        """Return the triage message for the escalation's current state."""
        titles = {e.id: e.title for e in self._answers().entries.values()}
        permalink = self._permalink(record) if record.question.source is Source.MENTION else None
        earlier = self._questions.get(esc.follows) if esc.follows is not None else None
        return build_triage_message(esc, record.question, titles=titles, permalink=permalink,
                                    answered=_answered(record), earlier=earlier.question if earlier else None)

    def _permalink(self, record: QuestionRecord) -> str | None:
        q = record.question
        if not q.ts:
            return None
        try:
            link = self._client.chat_getPermalink(channel=q.channel, message_ts=q.ts).get("permalink")
        except Exception as exc:  # the message is still worth posting without its link
            log.warning("no permalink for question %s: %s", record.id, exc)
            return None
        return link if isinstance(link, str) and link.startswith("https://") else None

    def _asker(self, item: Pending, body: EscalationBody, esc: Escalation, record: QuestionRecord) -> Outgoing:
        target = asker_target(record)
        if body.notice is Notice.ASKER_NOTICE:
            answered, language = _answered(record) is not None, language_of(clean(record.question.text))
            if body.reply_url and item.attempts <= REPLY_URL_ATTEMPTS:
                return Outgoing(build_escalated_privately(esc.triage_channel, answered=answered, language=language,
                                                          again=esc.again),
                                Target(url=body.reply_url))
            if record.question.source is Source.COMMAND or body.reply_url:
                return Outgoing(build_escalated_privately(esc.triage_channel, answered=answered, language=language,
                                                          again=esc.again),
                                Target(channel=record.question.asker))
            return Outgoing(build_escalated(esc.triage_channel, answered=answered, language=language,
                                            again=esc.again), target)
        if body.notice is Notice.ASKER_ADDED:
            added = self._questions.get(body.added or 0)
            language = language_of(clean(added.question.text)) if added else None
            return Outgoing(build_added_for_asker(esc, language=language), item.reply.target)
        if body.notice is Notice.ASKER_CLOSED:
            return Outgoing(build_closed_for_asker(esc.close_reason or CloseReason.NOT_PRIVACY), target)
        return Outgoing(self._answer(esc, record, body), target)

    def _answer(self, esc: Escalation, record: QuestionRecord, body: EscalationBody) -> Message:
        # a /privacy asker gets the answer in a DM, away from the question: it is quoted there
        asked = [asked_block(record.question.text)] if record.question.source is Source.COMMAND else []
        if esc.draft is not None:
            return build_written_answer(esc.draft, answered_by=esc.answered_by or "", answered_at=esc.answered_at,
                                        before=asked)
        entry = body.entry or self._answers().entries.get(esc.entry_id or "")
        if entry is None:  # sent before 0003 and removed from the answer set since
            return build_notice(f"The privacy team answered with the entry `{escape(esc.entry_id or '')}`, which has "
                                "since been withdrawn. Please ask them directly.")
        return build_answer(entry, question_id=record.id, today=self._today(), entry_url=self._entry_url,
                            note=f"sent by <@{esc.answered_by}> of the privacy team", before=asked)
