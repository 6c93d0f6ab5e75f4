"""Turn a queued Reply into the Slack call that sends it, rendered when it is sent.

Answers carry the entry as it was when decided; escalation messages are rendered from the escalation's state
now (bot/slack/escalation_messages.py), so a late update shows the latest state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from bot.core.answer_set import AnswerSet
from bot.core.ports import EscalationStore, QuestionLog
from bot.core.questions import Source
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
    TooLongBody,
)
from bot.slack.blocks import (
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
from bot.slack.escalation_messages import EscalationMessages
from bot.slack.mrkdwn import escape, lines_within
from bot.slack.note_blocks import build_note
from bot.slack.outgoing import Outgoing

RELOAD_TEXT = 3500


class Composer:
    """Renders queued replies; reads escalations, questions and the answer set at send time."""

    def __init__(self, *, escalations: EscalationStore, questions: QuestionLog, answers: Callable[[], AnswerSet],
                 client: Any, reminder: dt.timedelta, usergroup: str | None = None, entry_url: str | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self._questions = questions
        self._entry_url = entry_url
        self._today = today
        self._escalation_messages = EscalationMessages(
            escalations=escalations, questions=questions, answers=answers, client=client, reminder=reminder,
            usergroup=usergroup, entry_url=entry_url, today=today)

    def compose(self, item: Pending) -> Outgoing | None:
        """Return what to send for a queued reply, or None when it is no longer needed."""
        body, target = item.reply.body, item.reply.target
        if isinstance(body, EscalationBody):
            return self._escalation_messages.compose(item, body)
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
