"""Block Kit for conversation: the aspect asked first, how a follow-up was read, the asker's language, the part
an answer does not cover (with a button that asks exactly that), comparisons side by side, and help."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.models import NOT_SPECIFIED_FACET, Entry, Facet
from bot.slack.blocks import (
    ACTION_ESCALATE,
    BUTTON_TEXT_LIMIT,
    FALLBACK_LIMIT,
    HEADER_LIMIT,
    MAX_BLOCKS,
    SECTION_LIMIT,
    Message,
    button_value,
    link,
)
from bot.slack.mrkdwn import escape, lines_within, shorten

ACTION_ESCALATE_PART = "escalate_part"
LEAD_TEXT = 600

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
            "opt-in": "Only if you opt in", "varies": "It depends (see below)"}
ASPECT_TITLES = {"retention": "Retention", "training": "Training use", "location": "Data location",
                 "processor": "Processor", "governance": "Governance"}
# The facets of a comparison, in order; the aspect asked about comes first.
FACET_ROWS = (("processor", "Processor", "processor"), ("default_retention", "Default retention", "retention"),
              ("zero_retention", "Zero data retention", "retention"),
              ("trains_on_customer_data", "Trains on customer data", "training"),
              ("data_residency", "Data residency", "location"), ("human_review", "Human review", "governance"))


def _value(facet: Facet[Any]) -> str:
    value = facet.value
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value).replace("-", " ") if value in (NOT_SPECIFIED_FACET,) else str(value)


def _first_sentence(text: str | None) -> str:
    if not text:
        return "The sources do not say."
    head = text.split(". ")[0].rstrip(".")
    return head + "."


def lead_line(entry: Entry, aspect: str) -> str | None:
    """Return the one-line direct answer to the aspect asked, from the entry's facet and its text."""
    f = entry.facets
    if aspect == "retention":
        direct = f"{_value(f.default_retention)}; zero data retention: {_value(f.zero_retention)}" if f else ""
        text = entry.retention.duration
    elif aspect == "training":
        direct = TRAINING.get(str(f.trains_on_customer_data.value), "") if f else ""
        text = _first_sentence(entry.training_use)
    elif aspect == "location":
        direct = _value(f.data_residency) if f else ""
        text = _first_sentence(entry.data_location)
    elif aspect == "processor":
        direct = _value(f.processor) if f else ""
        text = "; ".join(f"{p.name}: {p.role}" for p in entry.processor)
    elif aspect == "governance":
        direct = ", ".join(d.title for d in entry.governance[:3])
        text = ""
    else:
        return None
    title = ASPECT_TITLES[aspect]
    body = " — ".join(part for part in (direct, text) if part)
    return shorten(f"*{title}* (what you asked): {escape(body)}", LEAD_TEXT)


def before_answer(entry: Entry, *, lead: str | None, reading: str | None, language: str | None) -> list[Block]:
    """Return the blocks under an answer's header: how it was read, the asker's language, the aspect asked."""
    blocks: list[Block] = []
    if reading:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"Reading this as: *{escape(reading)}*")]))
    if language:
        translated = next((t for code, t in entry.translations.items() if code == language), None)
        if translated is not None:
            blocks.append(SectionBlock(text=shorten(f"*{escape(translated.title)}*\n{escape(translated.summary)}\n_"
                                                    f"{REST_IN_ENGLISH[language]}_", SECTION_LIMIT)))
        elif language in IN_ENGLISH:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"_{IN_ENGLISH[language]}_")]))
    line = lead_line(entry, lead) if lead else None
    if line:
        blocks.append(SectionBlock(text=line))
    return blocks


def not_covered_blocks(question_id: int, entry: Entry, parts: str) -> list[Block]:
    """Return the line that says what the answer does not cover, and a button that asks exactly that."""
    text = (f":grey_question: This answer covers {escape(entry.title)}, but not *{escape(parts)}*: the entry says "
            "nothing about it.")
    button = ButtonElement(text=shorten(f"Ask the privacy team about {parts}", BUTTON_TEXT_LIMIT),
                           action_id=ACTION_ESCALATE_PART, value=button_value(question_id, entry.id))
    return [SectionBlock(text=shorten(text, SECTION_LIMIT)),
            ActionsBlock(block_id=f"part:{question_id}", elements=[button])]


def build_compare(entries: Sequence[Entry], *, question_id: int, missing: Sequence[str] = (),
                  lead: str | None = None, language: str | None = None, entry_url: str | None = None) -> Message:
    """Return offerings side by side, one section per facet (the aspect asked first), with sources and links."""
    names = [e.title for e in entries]
    blocks: list[Block] = [HeaderBlock(text=shorten("Side by side: " + " · ".join(names), HEADER_LIMIT))]
    if language in IN_ENGLISH:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"_{IN_ENGLISH[language or '']}_")]))
    rows = sorted(FACET_ROWS, key=lambda row: row[2] != lead)
    for field, title, _ in rows:
        lines = []
        for e in entries:
            facet = getattr(e.facets, field) if e.facets else None
            value = f"{escape(_value(facet))} ({link(facet.source, 'source')})" if facet else "_not summarised_"
            lines.append(f"• *{escape(shorten(e.title, 80))}*: {value}")
        blocks.append(SectionBlock(text=f"*{title}*\n" + lines_within(lines, SECTION_LIMIT - 40, "… {n} more")))
    full = " · ".join((f"<{entry_url.format(id=e.id)}|{escape(e.title)}>" if entry_url else f"`{e.id}`")
                      for e in entries)
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=shorten(
        f"Full answers: {full} · each line links the page it rests on", 2000))]))
    buttons = [ButtonElement(text="Ask the privacy team", action_id=ACTION_ESCALATE, value=button_value(question_id))]
    if missing:
        gap = ", ".join(missing)
        blocks.append(SectionBlock(text=shorten(f":grey_question: No curated answer covers *{escape(gap)}*, so it is "
                                                "not in the comparison. The privacy team can answer that part.",
                                                SECTION_LIMIT)))
        buttons = [ButtonElement(text=shorten(f"Ask the privacy team about {gap}", BUTTON_TEXT_LIMIT),
                                 action_id=ACTION_ESCALATE, value=button_value(question_id))]
    blocks.append(ActionsBlock(block_id=f"compare:{question_id}", elements=buttons))
    text = shorten("Side by side: " + "; ".join(names) + (f" (no entry: {', '.join(missing)})" if missing else ""),
                   FALLBACK_LIMIT)
    return Message(text=text, blocks=blocks[:MAX_BLOCKS])


def build_help(offerings: Sequence[tuple[str, Sequence[str]]]) -> Message:
    """Return a short guide and the offerings covered, grouped by vendor."""
    guide = ("I answer data-privacy questions about AI vendors and platforms from answers the privacy team curates: "
             "who processes the data, what is kept and for how long, training use, where data is stored, and the "
             "documents that govern it. Name the product for the best answer, e.g. _Does Anthropic keep our "
             "prompts if we use Claude through Microsoft Foundry?_ Compare two (_Bedrock vs the Anthropic API, "
             "which keeps less?_) or follow up in the thread (_and on Vertex?_). Anything I cannot answer with "
             "confidence goes to the privacy team.")
    lines = [f"• *{escape(vendor)}*: " + "; ".join(escape(t) for t in titles) for vendor, titles in offerings]
    covered = "*What I cover*\n" + lines_within(lines, SECTION_LIMIT - 20, "… and {n} more")
    return Message(text="What I can answer: data-privacy questions about AI vendors and platforms.",
                   blocks=[SectionBlock(text=guide), SectionBlock(text=covered)])
