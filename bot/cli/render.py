"""Render entries and decisions as readable terminal text and as JSON-ready dicts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from typing import TYPE_CHECKING, Any

from bot.core.answer_set import AnswerSet
from bot.core.answering import (
    FACET_ROWS,
    IN_ENGLISH,
    REST_IN_ENGLISH,
    facet_text,
    lead_parts,
    offerings,
    translation_of,
)
from bot.core.matching.rules import HELP_UNNAMED
from bot.core.models import Decision, Entry, Outcome
from bot.core.phrases import CLARIFY, DECLINE, HELP, WHICH, line

if TYPE_CHECKING:  # the database is not needed to render an answer: `privacy-bot ask` stays fast
    from bot.store.report import Report, Rows

WIDTH = 100


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), width=WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def _bullet(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=WIDTH, initial_indent="  - ", subsequent_indent="    ",
                         break_long_words=False, break_on_hyphens=False)


def render_entry(entry: Entry, *, today: dt.date | None = None) -> str:
    """Return the structured answer of an entry as terminal text."""
    today = today or dt.date.today()
    out = [entry.title, "=" * min(len(entry.title), WIDTH), "", "Summary", _wrap(entry.summary), "", "Processor"]
    out += [_bullet(f"{p.name} - {p.role}. Data: {p.data}") for p in entry.processor]
    r = entry.retention
    out += ["", "Retention", _bullet(f"What: {r.what}"), _bullet(f"How long: {r.duration}")]
    if r.purposes:
        out.append(_bullet("Why: " + "; ".join(r.purposes)))
    if r.how_to_reduce:
        out.append(_bullet(f"Reducing it: {r.how_to_reduce}"))
    out += ["", "Training use", _wrap(entry.training_use or "Not stated by the sources.")]
    out += ["", "Data location", _wrap(entry.data_location or "Not stated by the sources.")]
    out += ["", "Governance"]
    for doc in entry.governance:
        line = doc.title + (f" <{doc.url}>" if doc.url else "") + (f": {doc.note}" if doc.note else "")
        out.append(_bullet(line))
    if entry.caveats:
        out += ["", "Caveats"] + [_bullet(c) for c in entry.caveats]
    out += ["", "References"]
    for ref in entry.references:
        dated = f" ({ref.date.isoformat()})" if ref.date else ""
        out.append(_bullet(f"{ref.title}{dated}" + (f" <{ref.url}>" if ref.url else "")))
    overdue = " - OVERDUE for review" if entry.is_overdue(today) else ""
    out += ["", f"Reviewed {entry.reviewed_on.isoformat()} by {entry.owner} (entry {entry.id}){overdue}"]
    return "\n".join(out)


def render_decision(decision: Decision, answers: AnswerSet) -> str:
    """Return what the bot would reply, as terminal text."""
    if decision.outcome is Outcome.ANSWER and decision.entry_id:
        entry = answers.entries[decision.entry_id]
        head = [f"Reading this as: {decision.reading}"] if decision.reading else []
        if decision.language:
            translated = translation_of(entry, decision.language)
            head += ([translated.title, _wrap(translated.summary, ""), REST_IN_ENGLISH[decision.language]]
                     if translated else [IN_ENGLISH.get(decision.language, "")])
        lead = lead_parts(entry, decision.lead, decision.asked) if decision.lead else None
        if lead:
            head.append(_wrap(f"{lead[0]} (what you asked): {lead[1]}", ""))
        tail = (["", f"Not covered by this entry: {', '.join(decision.not_covered)} - the bot offers to ask the "
                 "privacy team exactly that."] if decision.not_covered else [])
        title, rule, *rest = render_entry(entry).split("\n")
        return "\n".join([title, rule, *([""] if head else []), *head, *rest, *tail])
    if decision.outcome is Outcome.COMPARE:
        shown = render_compare([answers.entries[e] for e in decision.compared], decision.missing, decision.lead,
                               decision.language)
        return f"Reading this as: {decision.reading}\n{shown}" if decision.reading else shown
    if decision.outcome is Outcome.HELP:
        lines = ["I answer data-privacy questions about AI vendors and platforms from the privacy team's curated "
                 "answers. Name the product; compare two with 'vs'; follow up in the thread.", "", "What I cover:"]
        which = decision.reason == HELP_UNNAMED.reason  # a question naming no product: which one?
        if which:
            lines[:0] = ["Which product do you mean? Your question names none I know, so the bot would not guess.", ""]
        return _said(WHICH if which else HELP, decision, "\n".join(
            lines + [_bullet(f"{vendor}: {'; '.join(titles)}") for vendor, titles in offerings(answers)]))
    if decision.outcome is Outcome.CLARIFY:
        lines = ["Which product do you mean? The answer differs between them:" if not decision.compared else
                 f"Which one do you mean, to compare with {answers.entries[decision.compared[0]].title}?"]
        lines += [f"  - {answers.entries[e].title} ({e})" for e in decision.options]
        return _said(CLARIFY, decision, "\n".join(lines))
    if decision.outcome is Outcome.ESCALATE:
        return ("No curated answer fits this question with confidence, so the bot would not guess: it would "
                f"ask the privacy team.\nWhy: {decision.reason}.")
    return _said(DECLINE, decision, "This does not look like a data-privacy question about an AI vendor or platform, "
                 f"so the bot would decline (and offer to ask the privacy team anyway).\nWhy: {decision.reason}.")


def _said(phrases: dict[str, str], decision: Decision, text: str) -> str:
    """Return a reply with the line Slack shows above it in the asker's language."""
    said = line(phrases, decision.language)
    return f"{said}\n{text}" if said else text


def render_compare(entries: list[Entry], missing: tuple[str, ...], lead: str | None,
                   language: str | None = None) -> str:
    """Return offerings side by side as terminal text, one block per facet (the aspect asked first), with the line
    in the asker's language that Slack shows too."""
    out = ["Side by side: " + " | ".join([*(e.title for e in entries), *(f"{m} (no entry)" for m in missing)])]
    if language in IN_ENGLISH:
        out.append(IN_ENGLISH[language or ""])
    for field, title, _ in sorted(FACET_ROWS, key=lambda row: row[2] != lead):
        out += ["", title]
        for e in entries:
            facet = getattr(e.facets, field) if e.facets else None
            out.append(_bullet(f"{e.title}: {facet_text(facet)} <{facet.source}>" if facet else f"{e.title}: -"))
    out += ["", "Full answers: " + ", ".join(e.id for e in entries)]
    if missing:
        out.append(f"No curated answer covers {', '.join(missing)}: the bot offers to ask the privacy team.")
    return "\n".join(out)


def decision_json(decision: Decision, answers: AnswerSet) -> dict[str, Any]:
    """Return the JSON object of `privacy-bot ask --json`."""
    applies: dict[str, list[str]] | None = None
    if decision.entry_id:
        entry = answers.entries[decision.entry_id]
        applies = {"providers": list(entry.applies_to.providers), "platforms": list(entry.applies_to.platforms)}
    return {
        "question": decision.question,
        "outcome": decision.outcome.value,
        "entry_id": decision.entry_id,
        "applies_to": applies,
        "confidence": decision.confidence,
        "candidates": [{"entry_id": c.entry_id, "score": c.score} for c in decision.candidates],
        "options": list(decision.options),
        "reason": decision.reason,
        "names": {"providers": list(decision.providers), "platforms": list(decision.platforms)},
        "compared": list(decision.compared),
        "missing": list(decision.missing),
        "reading": decision.reading,
        "lead": decision.lead,
        "not_covered": list(decision.not_covered),
        "language": decision.language,
        "aspects": list(decision.aspects),
        "intent": None if decision.intent is None else {
            "score": decision.intent,
            "thresholds": None if answers.intent is None else {"decline": answers.intent.decline,
                                                              "answer": answers.intent.answer,
                                                              "pinned": answers.intent.pinned},
            "features": [{"feature": f, "contribution": c} for f, c in decision.intent_features]},
    }


def table(rows: Rows, width: int = 70) -> str:
    """Return rows as an aligned terminal table (cells cut at width)."""
    if not rows:
        return "  (none)"
    cols = list(rows[0])
    cells = [[str(r[c])[:width] for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  " + "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines.append("  " + "  ".join("-" * w for w in widths))
    lines += ["  " + "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def render_report(report: Report, fmt: str) -> str:
    """Return the report as text (terminal tables), csv (one section column) or json."""
    sections = report.sections()
    if fmt == "json":
        return json.dumps({"since": report.since.isoformat(),
                           **{k.replace(" ", "_"): v for k, v in sections.items()}}, indent=2, default=str)
    if fmt == "csv":
        out = io.StringIO()
        for name, rows in sections.items():
            if not rows:
                continue
            writer = csv.DictWriter(out, fieldnames=["section", *rows[0]], lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({"section": name, **row})
        return out.getvalue()
    parts = [f"privacy-bot report since {report.since.date().isoformat()}"]
    for name, rows in sections.items():
        parts += ["", f"{name} ({len(rows)})", table(rows)]
    return "\n".join(parts) + "\n"
