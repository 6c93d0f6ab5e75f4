"""Clicks on the buttons of the bot's own messages: a product picked after a clarifying question, a verdict on an
answer, a question handed to the privacy team, a private answer shared in the channel.

Only the asker acts on their question's buttons (a bystander who clicks is told so, privately, and nothing
changes): a verdict or an escalation by someone else would remove the asker's buttons and speak for them. A click
either completes or leaves nothing behind: a "Not helpful" whose form cannot be opened withdraws its verdict (or puts
back the earlier one it replaced), so the failure is retried, then reported, and the buttons still work.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.core.answering import chosen, context_of, partial_why, uncovered
from bot.core.inbox import Action, ActionItem, Handled
from bot.core.matching.conversation import language_of
from bot.core.matching.text import clean
from bot.core.ports import TriggerExpired
from bot.core.questions import Feedback, QuestionRecord, Source
from bot.core.replies import AnswerBody, Note, NoteBody, Reply, Resolution, ResolvedBody, Target

if TYPE_CHECKING:
    from bot.core.ports import AnswerSource, EscalationStore, FeedbackLog, QuestionLog, ReplyQueue, Screens
    from bot.core.triage import TriageCases

log = logging.getLogger(__name__)

TRIAGE_ACTIONS = (Action.CLAIM, Action.CLOSE, Action.ANSWER_FORM, Action.SEND_ENTRY_FORM)
ASKERS_ACTIONS = (Action.CLARIFY, Action.HELPFUL, Action.NOT_HELPFUL, Action.ESCALATE, Action.ESCALATE_PART)


def asker_language(record: QuestionRecord) -> str | None:
    """Return the language the asker wrote their question in, when not English (a note to them has a line in it)."""
    return language_of(clean(record.question.text))


def stream(question_id: int) -> str:
    """Return the delivery stream of what the asker of a question hears (in order)."""
    return f"q{question_id}:asker"


class Clicks:
    """The button handlers of bot.core.service.Service (mixed in: they use its ports, where() and escalate())."""

    answers: AnswerSource
    questions: QuestionLog
    replies: ReplyQueue
    feedback: FeedbackLog
    escalations: EscalationStore
    screens: Screens
    triage: TriageCases

    def where(self, record: QuestionRecord, response_url: str | None) -> Target:
        raise NotImplementedError

    def escalate(self, record: QuestionRecord, *, why: str, requested_by: str | None = None,
                 reply_url: str | None = None) -> bool:
        raise NotImplementedError

    def ask_again(self, record: QuestionRecord, *, why: str, requested_by: str, reply_url: str | None = None) -> bool:
        raise NotImplementedError

    def action(self, item: ActionItem, *, origin: int) -> Handled:
        """Act on a button of one of the bot's messages."""
        if item.action in TRIAGE_ACTIONS:
            return self.triage.action(item, origin=origin)
        record = self.questions.get(item.question_id)
        if record is None:
            self._note(origin, item, Note.GONE)
            return Handled("gone", item.question_id)
        if item.action in ASKERS_ACTIONS and not record.question.asker:  # purged (data retention): nobody's now
            self._note(origin, item, Note.GONE)
            return Handled("gone", record.id)
        if item.action in ASKERS_ACTIONS and item.user != record.question.asker:
            note = Note.NOT_ASKER if item.action is Action.CLARIFY else Note.NOT_ASKERS_ANSWER
            self._note(origin, item, note, asker=record.question.asker)
            return Handled("not_asker", record.id)
        if item.action is Action.CLARIFY:
            return self._clarified(record, item, origin)
        if item.action in (Action.HELPFUL, Action.NOT_HELPFUL):
            return self._voted(record, item, origin)
        if item.action in (Action.ESCALATE, Action.ESCALATE_PART):
            private = item.container.ephemeral and item.response_url is not None
            why, url = self._asked_why(record, item), item.response_url if private else None
            if not (self.escalate(record, why=why, requested_by=item.user, reply_url=url)
                    or self.ask_again(record, why=why, requested_by=item.user, reply_url=url)):
                self._note(origin, item, Note.ALREADY_ESCALATED, language=asker_language(record))
                return Handled("already_escalated", record.id)
            self._resolve(item, record.id, "escalated")
            return Handled("escalate", record.id)
        return self._shared(record, item)

    def _asked_why(self, record: QuestionRecord, item: ActionItem) -> str:
        """Return why a click hands a question over (the part an answer did not cover, for that button)."""
        entry = self.answers.current().entries.get(item.entry_id)
        if item.action is not Action.ESCALATE_PART or entry is None:
            return "the asker asked for the privacy team"
        asked = self.answers.current().decide(record.question.text, context_of(self.questions, record))
        parts = asked.not_covered if asked.entry_id == entry.id else uncovered(record, entry)  # a follow-up's too
        return partial_why(entry.title, parts)

    def _clarified(self, record: QuestionRecord, item: ActionItem, origin: int) -> Handled:
        answers = self.answers.current()
        entry = answers.entries.get(item.entry_id)
        if entry is None:
            self._note(origin, item, Note.GONE)
            return Handled("gone", record.id)
        version = answers.version(entry.id)
        if not self.questions.choose(record.id, entry.id, version):  # a double click, or a stale message's button
            self._note(origin, item, Note.ALREADY_CHOSEN, language=asker_language(record))
            return Handled("already_chosen", record.id)
        target = self.where(record, item.response_url if item.container.ephemeral else None)
        body = chosen(answers, record, entry, context_of(self.questions, record),
                      shareable=record.question.source is Source.COMMAND and target.url is not None)
        self.replies.queue([Reply(key=f"q{record.id}:chosen", body=body, target=target, stream=stream(record.id),
                                  question_id=record.id)])
        self._resolve(item, record.id, "chosen", detail=entry.title)
        return Handled("answer", record.id, entry.id)

    def _voted(self, record: QuestionRecord, item: ActionItem, origin: int) -> Handled:
        helpful = item.action is Action.HELPFUL
        answers = self.answers.current()
        if item.entry_id not in answers.entries:
            self._note(origin, item, Note.GONE)
            return Handled("gone", record.id)
        version = record.entry_version if record.entry_id == item.entry_id else answers.version(item.entry_id)
        vote = Feedback(question_id=record.id, entry_id=item.entry_id, entry_version=version or "", user=item.user,
                        helpful=helpful)
        feedback_id = self.feedback.record(vote)
        esc = self.escalations.get(record.id) if feedback_id is None else None
        earlier = None
        if esc is not None and esc.answered_at is not None and esc.entry_id == item.entry_id:
            # the privacy team sent the entry the asker had rated: their verdict on it replaces the earlier one
            earlier = self.feedback.revise(vote, given_before=esc.answered_at)
            feedback_id = earlier.id if earlier is not None else None
        if feedback_id is None:  # a second click (or a stale message): say so, the first verdict stands
            self._note(origin, item, Note.ALREADY_VOTED, language=asker_language(record))
            return Handled("already_voted", record.id)
        if not helpful and item.trigger_id:
            try:
                self.screens.feedback_form(item.trigger_id, feedback_id=feedback_id, question_id=record.id)
            except Exception as exc:  # the verdict goes with its form: retried (a fresh click opens a fresh form)
                if earlier is not None:  # the verdict it replaced stands, as it was
                    self.feedback.restore(earlier)
                else:
                    self.feedback.withdraw(feedback_id)
                if not isinstance(exc, TriggerExpired):
                    raise
                self._note(origin, item, Note.FORM_EXPIRED)  # no retry can open it: the asker clicks again
                return Handled("form_expired", record.id)
        self._resolve(item, record.id, "helpful" if helpful else "not_helpful")
        return Handled(item.action.value, record.id, item.entry_id)

    def _shared(self, record: QuestionRecord, item: ActionItem) -> Handled:
        answers = self.answers.current()
        entry = answers.entries.get(item.entry_id)
        if entry is None or not item.response_url:
            return Handled("gone", record.id)
        body = AnswerBody(question_id=record.id, entry=entry, version=answers.version(entry.id), shared_by=item.user)
        self.replies.queue([
            Reply(key=f"q{record.id}:share", body=body, target=Target(url=item.response_url, in_channel=True),
                  stream=f"q{record.id}:share", question_id=record.id),
            Reply(key=f"q{record.id}:share:delete", body=NoteBody(note=Note.SHARED),
                  target=Target(url=item.response_url, delete_original=True), stream=f"q{record.id}:share",
                  question_id=record.id),
        ])
        return Handled("share", record.id, entry.id)

    def _resolve(self, item: ActionItem, question_id: int, action: Resolution, *, detail: str = "") -> None:
        """Update the clicked message in place: its buttons go, a line says who did what."""
        c = item.container
        if c.ephemeral and item.response_url:
            target = Target(url=item.response_url, replace_original=True)
        elif c.channel and c.message_ts:
            target = Target(channel=c.channel, update_ts=c.message_ts)
        else:
            return
        body = ResolvedBody(original=c.blocks, action=action, user=item.user, detail=detail)
        self.replies.queue([Reply(key=f"q{question_id}:resolved:{c.message_ts or item.response_url}", body=body,
                                  target=target, stream=f"q{question_id}:resolved", question_id=question_id)])

    def _note(self, origin: int, item: ActionItem, note: Note, *, language: str | None = None, **args: str) -> None:
        """Tell only the clicker (response_url works for people outside the channel too); language: the asker's."""
        if item.response_url:
            self.replies.queue([Reply(key=f"in{origin}:note", body=NoteBody(note=note, args=args, language=language),
                                      target=Target(url=item.response_url), stream=f"in{origin}")])
