"""The triage team's use-cases: claim, close, open a form, answer in writing or with a curated entry.

Only the question id travels in buttons and forms; the clicker is checked against the triage team on every
click and submission. A move is one conditional update (one concurrent winner) that queues its messages.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from bot.core.drafts import Draft
from bot.core.escalations import CloseReason, Escalation, Move, Status, refusal
from bot.core.inbox import Action, ActionItem, Form, Handled, SubmissionItem
from bot.core.matching.text import normalise
from bot.core.ports import TriggerExpired
from bot.core.questions import QuestionRecord
from bot.core.replies import Note, NoteBody, Reply, Target

if TYPE_CHECKING:
    from bot.core.ports import AnswerSource, EscalationStore, QuestionLog, ReplyQueue, Screens, TriageTeam

log = logging.getLogger(__name__)

CHAIN = 5  # duplicates of duplicates followed at most, to the question that gets the answer


def likeliest(text: str, others: Sequence[tuple[Escalation, QuestionRecord]], *, first: int = 5
              ) -> list[tuple[Escalation, str]]:
    """Return the escalations a question may duplicate, with their questions' text: the `first` most alike in wording
    first, then the rest newest first (as given)."""
    query = normalise(text)
    score = {esc.question_id: fuzz.token_set_ratio(query, normalise(r.question.text)) for esc, r in others}
    alike = sorted(others, key=lambda pair: -score[pair[0].question_id])[:first]
    ordered = alike + [pair for pair in others if pair not in alike]
    return [(esc, record.question.text) for esc, record in ordered]


def already(esc: Escalation) -> dict[str, str]:
    """Return the arguments of the note that says who got there first."""
    by = {Status.CLAIMED: esc.claimed_by, Status.CLOSED: esc.closed_by, Status.ANSWERED: esc.answered_by}
    return {"status": esc.status.value, "by": by.get(esc.status) or "",
            "reason": esc.close_reason.value if esc.close_reason else ""}


class TriageCases:
    """Claim, close, forms and their submissions."""

    def __init__(self, *, escalations: EscalationStore, questions: QuestionLog, replies: ReplyQueue,
                 team: TriageTeam, screens: Screens, answers: AnswerSource) -> None:
        self.escalations = escalations
        self.questions = questions
        self.replies = replies
        self.team = team
        self.screens = screens
        self.answers = answers

    def _tell(self, origin: int, user: str, url: str | None, note: Note, args: dict[str, str] | None = None) -> None:
        """Tell only the person who acted: through the click's response_url, or in a DM after a form."""
        target = Target(url=url) if url else Target(channel=user)
        self.replies.queue([Reply(key=f"in{origin}:note", body=NoteBody(note=note, args=args or {}), target=target,
                                  stream=f"in{origin}")])

    def _refused(self, origin: int, user: str, url: str | None) -> None:
        self._tell(origin, user, url, Note.TRIAGE_REFUSED, self.team.describe())

    def action(self, item: ActionItem, *, origin: int) -> Handled:
        """Claim or close (one concurrent winner), or open a form."""

        qid, user = item.question_id, item.user
        if item.action in (Action.ANSWER_FORM, Action.SEND_ENTRY_FORM):
            return self._form(item, origin)
        if not self.team.allows(user):
            self._refused(origin, user, item.response_url)
            return Handled("refused", qid)
        if item.action is Action.CLAIM:
            result = self.escalations.claim(qid, user)
        else:
            try:
                reason = CloseReason(item.detail)
            except ValueError:
                return Handled("malformed", qid)
            if reason is CloseReason.DUPLICATE:  # of which question? its answer goes to this asker too
                return self._duplicate_form(item, origin)
            result = self.escalations.close(qid, user, reason)
        return self._moved(item.action.value, result, qid=qid, origin=origin, user=user, url=item.response_url)

    def _moved(self, move: str, result: tuple[bool, Escalation | None], *, qid: int, origin: int, user: str,
               url: str | None) -> Handled:
        """Say who got there first when a claim or close lost (claiming one's own claim did not lose)."""
        won, esc = result
        if esc is None:
            return Handled("gone", qid)
        mine = move == Action.CLAIM.value and esc.status is Status.CLAIMED and esc.claimed_by == user
        if not won and not mine:
            self._tell(origin, user, url, Note.TRIAGE_ALREADY, already(esc))
        if won:
            log.info("escalation %s: %s by %s", qid, move, user)
        return Handled(move if won else "already", qid)

    def _duplicate_form(self, item: ActionItem, origin: int) -> Handled:
        """Open the form that asks which question this one duplicates: the likeliest first."""
        esc = self.escalations.get(item.question_id)
        record = self.questions.get(item.question_id)
        if esc is None or record is None:
            return Handled("gone", item.question_id)
        if refusal(esc, Move.CLOSE, item.user) is not None:
            self._tell(origin, item.user, item.response_url, Note.TRIAGE_ALREADY, already(esc))
            return Handled("already", esc.question_id)
        others = likeliest(record.question.text, self.escalations.others(esc.question_id))
        if not others:
            self._tell(origin, item.user, item.response_url, Note.NO_DUPLICATE)
            return Handled("no_duplicate", esc.question_id)
        if not item.trigger_id:
            return Handled("malformed", esc.question_id)
        try:
            self.screens.duplicate_form(item.trigger_id, esc, record.question.text, others, user=item.user)
        except TriggerExpired:  # no retry can open it: the triager clicks again
            self._tell(origin, item.user, item.response_url, Note.FORM_EXPIRED)
            return Handled("form_expired", esc.question_id)
        return Handled("form", esc.question_id)

    def _close_duplicate(self, item: SubmissionItem, origin: int) -> Handled:
        """Close a question as a duplicate of the one chosen (or what that one was closed as a duplicate of)."""
        chosen = int(item.values.get("of") or 0)
        original = self.escalations.get(chosen)
        for _ in range(CHAIN):
            if original is None or original.duplicate_of is None or original.status is not Status.CLOSED:
                break
            original = self.escalations.get(original.duplicate_of)
        if original is None or original.question_id == item.question_id or original.status not in (
                Status.OPEN, Status.CLAIMED, Status.ANSWERED):  # itself, or settled since without an answer
            self._tell(origin, item.user, None, Note.NOT_A_DUPLICATE, {"of": str(chosen)})
            return Handled("not_a_duplicate", item.question_id)
        result = self.escalations.close(item.question_id, item.user, CloseReason.DUPLICATE,
                                        duplicate_of=original.question_id)
        return self._moved(Action.CLOSE.value, result, qid=item.question_id, origin=origin, user=item.user, url=None)

    def _form(self, item: ActionItem, origin: int) -> Handled:

        esc = self.escalations.get(item.question_id)
        if esc is None:
            return Handled("gone", item.question_id)
        move = Move.ANSWER if item.action is Action.ANSWER_FORM else Move.SEND_ENTRY
        if refusal(esc, move, item.user) is not None:
            self._tell(origin, item.user, item.response_url, Note.TRIAGE_ALREADY, already(esc))
            return Handled("already", esc.question_id)
        if not self.team.allows(item.user):
            self._refused(origin, item.user, item.response_url)
            return Handled("refused", esc.question_id)
        if not item.trigger_id:
            return Handled("malformed", esc.question_id)
        record = self.questions.get(esc.question_id)
        text = record.question.text if record else ""
        try:
            if move is Move.ANSWER:
                self.screens.answer_form(item.trigger_id, esc, text, user=item.user)
            else:
                entries = list(self.answers.current().entries.values())
                self.screens.send_entry_form(item.trigger_id, esc, text, entries, user=item.user)
        except TriggerExpired:  # no retry can open it: the triager clicks again
            self._tell(origin, item.user, item.response_url, Note.FORM_EXPIRED)
            return Handled("form_expired", esc.question_id)
        return Handled("form", esc.question_id)

    def submission(self, item: SubmissionItem, *, origin: int) -> Handled:
        """Send the written answer or the chosen entry to the asker (the form was checked before it was recorded)."""

        qid, user = item.question_id, item.user
        if not self.team.allows(user):
            self._refused(origin, user, None)
            return Handled("refused", qid)
        if item.form is Form.TRIAGE_DUPLICATE:
            return self._close_duplicate(item, origin)
        if item.form is Form.TRIAGE_ANSWER:
            draft = Draft.model_validate(item.values.get("draft"))
            won, esc = self.escalations.answer(qid, user, draft, user_name=item.user_name)
        else:
            answers = self.answers.current()
            entry = answers.entries.get(str(item.values.get("entry_id")))
            if entry is None:
                self._tell(origin, user, None, Note.GONE)
                return Handled("gone", qid)
            won, esc = self.escalations.send_entry(qid, user, entry, answers.version(entry.id))
        if esc is None:
            return Handled("gone", qid)
        if not won:
            self._tell(origin, user, None, Note.TRIAGE_ALREADY, already(esc))
            return Handled("already", qid)
        log.info("escalation %s answered by %s", qid, user)
        return Handled("answered", qid)
