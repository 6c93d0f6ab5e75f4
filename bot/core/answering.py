"""What the asker hears for a decision: the body of the one reply and what is recorded, the thread's context a
follow-up continues, and the guide for "help". Pure; the service queues what this returns."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from bot.core.answer_set import AnswerSet
from bot.core.matching.conversation import LANGUAGE_NAMES, Context
from bot.core.models import Decision, Outcome
from bot.core.ports import QuestionLog
from bot.core.questions import Handling, QuestionRecord
from bot.core.replies import AnswerBody, Body, Choice, ClarifyBody, CompareBody, DeclineBody, HelpBody

FOLLOW_UP_WINDOW = dt.timedelta(minutes=30)  # a DM message this long after the last answer starts afresh


@dataclass(frozen=True)
class Plan:
    """The reply to queue (None: escalate instead) and what to record."""

    body: Body | None
    handling: Handling
    entry_id: str | None = None
    version: str | None = None


def context_of(questions: QuestionLog, record: QuestionRecord) -> Context | None:
    """Return what a follow-up continues: the earlier answered question of its thread, or of its DM lately."""
    earlier = questions.earlier(record, since=record.created_at - FOLLOW_UP_WINDOW)
    if earlier is None or not earlier.question.text:
        return None
    return Context(text=earlier.question.text, entry_id=earlier.entry_id)


def offerings(answers: AnswerSet) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return the entries' titles grouped by the vendor that runs their product."""
    groups: dict[str, list[str]] = defaultdict(list)
    for entry in answers.entries.values():
        platform = next(iter(entry.applies_to.platforms), "")
        operator = answers.entities.platforms[platform].operator if platform in answers.entities.platforms else ""
        groups[answers.entity_name(operator) if operator else "Other"].append(entry.title)
    return tuple((vendor, tuple(sorted(titles))) for vendor, titles in sorted(groups.items()))


def plan(decision: Decision, answers: AnswerSet, question_id: int, *, shareable: bool = False) -> Plan:
    """Return the reply for a decision on one question."""
    entry = answers.entries.get(decision.entry_id or "")
    if decision.outcome is Outcome.ANSWER and entry is not None:
        version = answers.version(entry.id)
        body = AnswerBody(question_id=question_id, entry=entry, version=version, shareable=shareable,
                          lead=decision.lead, reading_as=decision.reading, language=decision.language,
                          not_covered=", ".join(decision.not_covered) or None)
        return Plan(body, Handling.ANSWER, entry.id, version)
    compared = tuple(answers.entries[e] for e in decision.compared if e in answers.entries)
    if decision.outcome is Outcome.COMPARE and compared:
        return Plan(CompareBody(question_id=question_id, entries=compared, missing=decision.missing,
                                lead=decision.lead, language=decision.language), Handling.COMPARE)
    if decision.outcome is Outcome.CLARIFY and decision.options:
        options = tuple(Choice(entry_id=e, title=answers.entries[e].title)
                        for e in decision.options if e in answers.entries)
        return Plan(ClarifyBody(question_id=question_id, options=options), Handling.CLARIFY)
    if decision.outcome is Outcome.HELP:
        return Plan(HelpBody(offerings=offerings(answers)), Handling.HELP)
    if decision.outcome is Outcome.DECLINE:
        return Plan(DeclineBody(question_id=question_id), Handling.DECLINE)
    return Plan(None, Handling.ESCALATE)


def escalation_why(decision: Decision) -> str:
    """Return why a question goes to the privacy team, with the language it was asked in."""
    why = decision.reason or "no curated entry fits"
    if decision.reading:
        why += f" (read as a follow-up: {decision.reading})"
    if decision.language in LANGUAGE_NAMES:
        why += f" (asked in {LANGUAGE_NAMES[decision.language or '']})"
    return why


def partial_why(entry_title: str, parts: tuple[str, ...]) -> str:
    """Return why the part of a question an answer did not cover goes to the privacy team."""
    return (f"answered in part with '{entry_title}'; the asker wants the part it does not cover: "
            f"{', '.join(parts) or 'the rest of the question'}")
