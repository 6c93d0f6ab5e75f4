"""Block Kit for conversation: the aspect asked first, how a follow-up was read, the asker's language, the part
an answer does not cover (with a button that asks exactly that), comparisons side by side, and help."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.answering import FACET_ROWS, IN_ENGLISH, REST_IN_ENGLISH, facet_text, lead_parts, translation_of
from bot.core.models import Entry
from bot.core.phrases import HELP as HELP_IN
from bot.core.phrases import WHICH as WHICH_IN
from bot.core.phrases import line
from bot.slack.blocks import (
    ACTION_ESCALATE,
    BUTTON_TEXT_LIMIT,
    FALLBACK_LIMIT,
    HEADER_LIMIT,
    MAX_BLOCKS,
    SECTION_LIMIT,
    Message,
    button_value,
    in_language,
    link,
)
from bot.slack.mrkdwn import escape, lines_within, shorten

ACTION_ESCALATE_PART = "escalate_part"
LEAD_TEXT = 600


def before_answer(entry: Entry, *, lead: str | None, reading: str | None, language: str | None,
                  asked: tuple[str, ...] = ()) -> list[Block]:
    """Return the blocks under an answer's header: how it was read, the aspect asked, the asker's language."""
    blocks: list[Block] = []
    if reading:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"Reading this as: *{escape(reading)}*")]))
    found = lead_parts(entry, lead, asked) if lead else None
    if found:
        blocks.append(SectionBlock(text=shorten(f"*{found[0]}* (what you asked): {escape(found[1])}", LEAD_TEXT)))
    if language:
        translated = translation_of(entry, language)
        if translated is not None:
            blocks.append(SectionBlock(text=shorten(f"*{escape(translated.title)}*\n{escape(translated.summary)}\n_"
                                                    f"{REST_IN_ENGLISH[language]}_", SECTION_LIMIT)))
        elif language in IN_ENGLISH:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"_{IN_ENGLISH[language]}_")]))
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
                  lead: str | None = None, language: str | None = None, entry_url: str | None = None,
                  reading: str | None = None) -> Message:
    """Return offerings side by side, one section per facet (the aspect asked first), with sources and links, and
    how a follow-up was read ("both" after a question back)."""
    names = [e.title for e in entries]  # a side no entry covers is named in the header too ("Side by side" of one)
    blocks: list[Block] = [HeaderBlock(text=shorten("Side by side: " + " · ".join(
        [*names, *(f"{m} (no entry)" for m in missing)]), HEADER_LIMIT))]
    if reading:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=shorten(f"Reading this as: *{escape(reading)}*", SECTION_LIMIT))]))
    if language in IN_ENGLISH:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"_{IN_ENGLISH[language or '']}_")]))
    rows = sorted(FACET_ROWS, key=lambda row: row[2] != lead)
    for field, title, _ in rows:
        lines = []
        for e in entries:
            facet = getattr(e.facets, field) if e.facets else None
            value = f"{escape(facet_text(facet))} ({link(facet.source, 'source')})" if facet else "_not summarised_"
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


WHICH = ("*Which product do you mean?* Your question names none I know, and the answer differs between them, so "
         "I won't guess: ask again with its name, or reply here with it.")


def build_help(offerings: Sequence[tuple[str, Sequence[str]]], *, which: bool = False,
               language: str | None = None) -> Message:
    """Return a short guide and the offerings covered, grouped by vendor (first asking which product, for a
    question that names none)."""
    guide = ("I answer data-privacy questions about AI vendors and platforms from answers the privacy team curates: "
             "who processes the data, what is kept and for how long, training use, where data is stored, and the "
             "documents that govern it. Name the product for the best answer, e.g. _Does Anthropic keep our "
             "prompts if we use Claude through Microsoft Foundry?_ Compare two (_Bedrock vs the Anthropic API, "
             "which keeps less?_) or follow up in the thread (_and on Vertex?_). Anything I cannot answer with "
             "confidence goes to the privacy team.")
    lines = [f"• *{escape(vendor)}*: " + "; ".join(escape(t) for t in titles) for vendor, titles in offerings]
    covered = "*What I cover*\n" + lines_within(lines, SECTION_LIMIT - 20, "… and {n} more")
    blocks = [*in_language(line(WHICH_IN if which else HELP_IN, language)), SectionBlock(text=guide),
              SectionBlock(text=covered)]
    if which:
        return Message(text="Which product do you mean? Your question names none I know.",
                       blocks=[*blocks[:-2], SectionBlock(text=WHICH), *blocks[-2:]])
    return Message(text="What I can answer: data-privacy questions about AI vendors and platforms.", blocks=blocks)
