"""What the asker hears for a decision: the body of the one reply and what is recorded, the thread's context a
follow-up continues, and the guide for "help". Pure; the service queues what this returns."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, get_args

from bot.core.answer_set import AnswerSet
from bot.core.matching.conversation import LANGUAGE_NAMES, Context, asked_lead
from bot.core.matching.rules import HELP_UNNAMED, UNCOVERED_NAMES
from bot.core.matching.segments import ACKNOWLEDGES
from bot.core.matching.text import clean, fold, normalise
from bot.core.matching.uncovered import not_covered
from bot.core.models import (
    NOT_SPECIFIED_FACET,
    Decision,
    Entry,
    Facet,
    HumanReview,
    Outcome,
    Training,
    Translation,
    ZeroRetention,
)
from bot.core.ports import QuestionLog
from bot.core.questions import Handling, QuestionRecord
from bot.core.replies import AnswerBody, Body, Choice, ClarifyBody, CompareBody, DeclineBody, HelpBody

CONTEXT_DEPTH = 3  # questions before the earlier one that a follow-up may take its aspect from
FOLLOW_UP_WINDOW = dt.timedelta(minutes=30)  # a DM message this long after the last answer starts afresh

# One line in the asker's language: the vetted answer is in English (or: the rest is).
IN_ENGLISH = {
    "de": "Die geprüfte Antwort des Datenschutzteams ist auf Englisch.",
    "fr": "La réponse validée par l'équipe de protection des données est en anglais.",
    "es": "La respuesta validada por el equipo de privacidad está en inglés.",
    "pt": "A resposta validada pela equipe de privacidade está em inglês.",
    "it": "La risposta verificata dal team privacy è in inglese.",
    "nl": "Het gecontroleerde antwoord van het privacyteam is in het Engels.",
    "ja": "プライバシーチームが確認した回答は英語です。",
}
REST_IN_ENGLISH = {
    "de": "Der Rest der geprüften Antwort ist auf Englisch.",
    "fr": "Le reste de la réponse validée est en anglais.",
    "es": "El resto de la respuesta validada está en inglés.",
    "pt": "O restante da resposta validada está em inglês.",
    "it": "Il resto della risposta verificata è in inglese.",
    "nl": "De rest van het gecontroleerde antwoord is in het Engels.",
    "ja": "確認済みの回答の残りは英語です。",
}

TRAINING = {"no": "No, not by default", "yes": "Yes", "opt-out": "Yes, unless you opt out",
            "opt-in": "Only if you opt in", "varies": "It depends (see below)",
            NOT_SPECIFIED_FACET: "Not publicly specified (see below)"}
ASPECT_TITLES = {"retention": "Retention", "training": "Training use", "location": "Data location",
                 "processor": "Processor", "governance": "Governance"}
# The facets of a comparison, in order; the aspect asked about comes first.
FACET_ROWS = (("processor", "Processor", "processor"), ("default_retention", "Default retention", "retention"),
              ("zero_retention", "Zero data retention", "retention"),
              ("trains_on_customer_data", "Trains on customer data", "training"),
              ("data_residency", "Data residency", "location"), ("human_review", "Human review", "governance"))


def translation_of(entry: Entry, language: str | None) -> Translation | None:
    """Return the entry's own translation into the asker's language, if it has one."""
    return next((t for code, t in entry.translations.items() if code == language), None)


_WORDED = {*get_args(Training), *get_args(ZeroRetention), *get_args(HumanReview), NOT_SPECIFIED_FACET}


def facet_text(facet: Facet[Any]) -> str:
    """Return a facet's value as text: a fixed value in words ("on request", "not applicable", "opt out"), free
    text as written ("30-day")."""
    value = facet.value
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value).replace("-", " ") if value in _WORDED else str(value)


def _first_sentence(text: str | None) -> str:
    if not text:
        return "The sources do not say."
    head = text.split(". ")[0].rstrip(".")
    return head + "."


def lead_parts(entry: Entry, aspect: str, asked: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """Return (field title, one-line direct answer) for the aspect asked, from the entry's facet and its text (for
    governance, the document about what was asked first, with its note: "Will Anthropic sign a BAA?")."""
    f = entry.facets
    if aspect == "retention":
        direct = f"{facet_text(f.default_retention)}; zero data retention: {facet_text(f.zero_retention)}" if f else ""
        text = entry.retention.duration if entry.retention.duration_specified else (  # silent on how long: what
            f"what is kept: {_first_sentence(entry.retention.what)}")  # is kept, not "not publicly specified" again
    elif aspect == "training":
        direct = TRAINING.get(str(f.trains_on_customer_data.value), "") if f else ""
        text = _first_sentence(entry.training_use)
    elif aspect == "location":
        direct = facet_text(f.data_residency) if f else ""
        text = _first_sentence(entry.data_location)
    elif aspect == "processor":
        direct = facet_text(f.processor) if f else ""
        text = "; ".join(f"{p.name}: {p.role}" for p in entry.processor)
    elif aspect == "governance":
        phrases = [f" {p} " for group in asked for p in group.split(" / ")]
        about = [d for d in entry.governance if any(p in " " + normalise(d.title + " " + (d.note or "")) + " "
                                                    for p in phrases)]
        direct = ", ".join(d.title for d in (about or entry.governance)[:3])
        text = (about[0].note or "") if about else ""
    else:
        return None
    said = direct.casefold()  # the text only when it says more than the facet ("not publicly specified" once)
    return ASPECT_TITLES[aspect], " — ".join(
        part for part in (direct, "" if text.casefold().strip(" .") in said else text) if part)




@dataclass(frozen=True)
class Plan:
    """The reply to queue (None: escalate instead) and what to record."""

    body: Body | None
    handling: Handling
    entry_id: str | None = None
    version: str | None = None


def context_of(questions: QuestionLog, record: QuestionRecord) -> Context | None:
    """Return what a follow-up continues: the earlier answered question of its thread, or of its DM lately."""
    since = record.created_at - FOLLOW_UP_WINDOW
    earlier = questions.earlier(record, since=since)
    if earlier is None or not earlier.question.text:
        return None
    chain = [earlier]  # newest first
    while len(chain) <= CONTEXT_DEPTH and (prior := questions.earlier(chain[-1], since=since)) is not None:
        chain.append(prior)
    context: Context | None = None  # built from the oldest: each question's own context is the one before it
    for k in range(len(chain) - 1, -1, -1):
        context = Context(text=clean(chain[k].question.text), entry_id=chain[k].entry_id,  # links as their labels
                          older=tuple(clean(r.question.text) for r in chain[k + 1:]), before=context,
                          handed_over=chain[k].handling is Handling.ESCALATE)
    return context


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
                          not_covered=", ".join(decision.not_covered) or None, asked=decision.asked)
        return Plan(body, Handling.ANSWER, entry.id, version)
    compared = tuple(answers.entries[e] for e in decision.compared if e in answers.entries)
    if decision.outcome is Outcome.COMPARE and compared:
        return Plan(CompareBody(question_id=question_id, entries=compared, missing=decision.missing,
                                lead=decision.lead, language=decision.language, reading_as=decision.reading),
                    Handling.COMPARE)
    if decision.outcome is Outcome.CLARIFY and decision.options:
        options = tuple(Choice(entry_id=e, title=answers.entries[e].title)
                        for e in decision.options if e in answers.entries)
        earlier = answers.entries.get(decision.compared[0]) if decision.compared else None
        return Plan(ClarifyBody(question_id=question_id, options=options, compare_with=earlier and earlier.title,
                                language=decision.language), Handling.CLARIFY)
    if decision.outcome is Outcome.HELP:
        return Plan(HelpBody(offerings=offerings(answers), which=decision.reason == HELP_UNNAMED.reason,
                             language=decision.language), Handling.HELP)
    if decision.outcome is Outcome.DECLINE:
        return Plan(DeclineBody(question_id=question_id, language=decision.language,
                                thanked=only_thanks(decision.question)), Handling.DECLINE)
    return Plan(None, Handling.ESCALATE)


def chosen(answers: AnswerSet, record: QuestionRecord, entry: Entry, context: Context | None, *,
           shareable: bool) -> Body:
    """Return the reply to the option a button picks on a question asked back: its entry, or, when that question
    compared the earlier answer with a name several entries fit ("compared to Copilot?"), the two side by side."""
    asked = answers.decide(record.question.text, context)
    compared = tuple(answers.entries[e] for e in asked.compared if e in answers.entries and e != entry.id)
    if asked.outcome is Outcome.CLARIFY and compared:
        reading = " vs ".join(" and ".join(answers.entity_name(p) for p in e.applies_to.platforms)
                              for e in (*compared, entry)) + (f" — {asked.lead}" if asked.lead else "")
        return CompareBody(question_id=record.id, entries=(*compared, entry), lead=asked.lead,
                           language=asked.language, reading_as=reading)
    missing = uncovered(record, entry)  # the picked entry's answer as if it had been named: the aspect asked first,
    lead = asked.lead if not (missing and asked.lead == "governance") else asked_lead(  # the asker's language, what
        dict.fromkeys(asked.aspects, 1.0), normalise(clean(record.question.text)).split(), missing)  # it leaves out
    return AnswerBody(question_id=record.id, entry=entry, version=answers.version(entry.id), shareable=shareable,
                      lead=lead, language=asked.language, not_covered=", ".join(missing) or None)


def uncovered(record: QuestionRecord, entry: Entry) -> tuple[str, ...]:
    """Return what a stored question asks that the entry never mentions (read as the matcher reads it: links as
    their labels)."""
    text = clean(record.question.text)
    return not_covered(normalise(text).split(), entry, text)


def as_written(names: str, question: str) -> str:
    """Return names a reason joins as the matcher reads them ("perplexity + vertex ai") as the question wrote them
    ("Perplexity + Vertex AI"); a name the question does not spell the same way stays as it is."""
    text = clean(question)
    shown = []
    for name in names.split(" + "):
        words = name.split()
        found = re.search(r"(?<!\w)" + r"\W{0,3}".join(map(re.escape, words)) + r"(?!\w)", text,
                          re.IGNORECASE) if words else None
        shown.append(found.group() if found else name)
    return " + ".join(shown)


def only_thanks(text: str) -> bool:
    """Return whether a message only thanks or acknowledges ("thanks!", "ok great", "Danke!", "merci"): it gets a
    "you're welcome", not a decline with a button to ask the privacy team."""
    found = ACKNOWLEDGES.match(fold(text.strip())) if "\n" not in text.strip() else None
    rest = re.sub(r":[\w+-]+:|[\W_]+", " ", found["rest"]).strip() if found is not None else "?"
    return not rest or (rest != text and only_thanks(rest))  # "ok great", "thanks :+1:"


def escalation_why(decision: Decision, question: str = "") -> str:
    """Return why a question goes to the privacy team, with the language it was asked in (the names no entry
    covers as the question wrote them)."""
    why = decision.reason or "no curated entry fits"
    if question and why.startswith(UNCOVERED_NAMES + " "):
        why = f"{UNCOVERED_NAMES} {as_written(why[len(UNCOVERED_NAMES) + 1:], question)}"
    if decision.reading:
        why += f" (read as a follow-up: {decision.reading})"
    if decision.language in LANGUAGE_NAMES:
        why += f" (asked in {LANGUAGE_NAMES[decision.language or '']})"
    return why


def partial_why(entry_title: str, parts: tuple[str, ...]) -> str:
    """Return why the part of a question an answer did not cover goes to the privacy team."""
    return (f"answered in part with '{entry_title}'; the asker wants the part it does not cover: "
            f"{', '.join(parts) or 'the rest of the question'}")
