"""The triage modals: Answer… (the structured fields of a curated answer) and Send existing answer… (pick an
entry), and the view that replaces either when the person may not act. Only the question id travels in
private_metadata."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.core.drafts import FIELDS, REQUIRED, TEXT_LIMIT, TITLE_LIMIT
from bot.core.escalations import Escalation, Status
from bot.core.masking import mask_contacts
from bot.core.matching.text import readable
from bot.core.models import Entry
from bot.slack.mrkdwn import shorten
from bot.slack.triage_blocks import quoted_question

VIEW_ANSWER = "triage_answer_form"
VIEW_SEND_ENTRY = "triage_send_entry_form"
VIEW_DUPLICATE = "triage_duplicate_form"
BLOCK_ENTRY = "entry"
BLOCK_ORIGINAL = "original"
INPUT_SUFFIX = "_input"
OPTION_TEXT_LIMIT = 75
OPTIONS_PER_GROUP = 100

# field -> (label, multiline, placeholder, hint)
_FORM: dict[str, tuple[str, bool, str, str]] = {
    "title": ("Title", False, "Mistral models on Vertex AI", "The product and the vendor, like a curated entry's."),
    "summary": ("Answer", True, "Two or three sentences: who processes the data, what is kept and for how long.",
                "The asker reads this first."),
    "processor": ("Who processes the data", True, "Google: data processor (prompts and outputs)",
                  "One party per line: Name: role (which data)."),
    "retention_what": ("What is kept", True, "Prompts and outputs, abuse-monitoring logs", "Retention: what."),
    "retention_duration": ("For how long", False, "not publicly specified",
                           "As the sources say it, or \"not publicly specified\"."),
    "training_use": ("Training use", True, "Not used to train models without permission", "Optional."),
    "data_location": ("Data location", True, "The region you select", "Optional."),
    "governance": ("Governing documents", True, "Google Cloud Data Processing Addendum https://cloud.google.com/…",
                   "Optional. One per line: title and URL."),
    "references": ("Sources", True, "Vertex AI data governance https://cloud.google.com/…",
                   "One per line: title and URL (https://…)."),
}


def _question_block(esc: Escalation, question_text: str) -> SectionBlock:
    return SectionBlock(text=quoted_question(f"*Question #{esc.question_id}*\n", question_text, 2000))


def _claim_note(esc: Escalation, user: str) -> list[Block]:
    if esc.status is Status.CLAIMED and esc.claimed_by != user:
        return [ContextBlock(elements=[MarkdownTextObject(
            text=f":eyes: <@{esc.claimed_by}> has claimed this; what you send goes out in their place.")])]
    return []


def build_answer_form(esc: Escalation, question_text: str, *, user: str) -> View:
    """Return the Answer… modal: the question, then one input per structured field."""
    inputs: list[Block] = []
    for field in FIELDS:
        label, multiline, placeholder, hint = _FORM[field]
        limit = TITLE_LIMIT if field == "title" else TEXT_LIMIT if not multiline or field == "summary" else 3000
        inputs.append(InputBlock(
            block_id=field, label=label, hint=hint, optional=field not in REQUIRED,
            element=PlainTextInputElement(action_id=field + INPUT_SUFFIX, multiline=multiline,
                                          placeholder=shorten(placeholder, 150), max_length=limit)))
    return View(type="modal", callback_id=VIEW_ANSWER, private_metadata=str(esc.question_id),
                title="Answer question", submit="Send to asker", close="Cancel",
                blocks=[_question_block(esc, question_text), *_claim_note(esc, user), *inputs])


def _option(entry: Entry) -> Option:
    return Option(value=entry.id, text=shorten(entry.title, OPTION_TEXT_LIMIT))


def build_send_entry_form(esc: Escalation, question_text: str, entries: Sequence[Entry], *, user: str) -> View:
    """Return the Send existing answer… modal: pick a curated entry, the bot's nearest ones first."""
    nearest_ids = [m.entry_id for m in esc.near_misses]
    by_id = {e.id: e for e in entries}
    nearest = [by_id[i] for i in nearest_ids if i in by_id]
    rest = sorted((e for e in entries if e.id not in nearest_ids), key=lambda e: e.title.lower())
    groups = [OptionGroup(label="Nearest to this question", options=[_option(e) for e in nearest])] if nearest else []
    for start in range(0, len(rest), OPTIONS_PER_GROUP):
        chunk = rest[start:start + OPTIONS_PER_GROUP]
        label = "All entries" if len(rest) <= OPTIONS_PER_GROUP else f"All entries ({start + 1}–{start + len(chunk)})"
        groups.append(OptionGroup(label=label, options=[_option(e) for e in chunk]))
    select = StaticSelectElement(action_id=BLOCK_ENTRY + INPUT_SUFFIX, placeholder="Choose an entry",
                                 option_groups=groups, initial_option=_option(nearest[0]) if nearest else None)
    return View(type="modal", callback_id=VIEW_SEND_ENTRY, private_metadata=str(esc.question_id),
                title="Send existing answer", submit="Send to asker", close="Cancel",
                blocks=[_question_block(esc, question_text), *_claim_note(esc, user),
                        InputBlock(block_id=BLOCK_ENTRY, label="Curated entry", element=select,
                                   hint="The asker gets this entry in their thread, like any answer of mine.")])


def _other(esc: Escalation, text: str) -> Option:
    said = " ".join(mask_contacts(readable(text)).split()) or "(removed after the retention period)"
    return Option(value=str(esc.question_id), text=shorten(f"#{esc.question_id} · {esc.status.value} · {said}",
                                                           OPTION_TEXT_LIMIT))


def build_duplicate_form(esc: Escalation, question_text: str, others: Sequence[tuple[Escalation, str]], *,
                         user: str) -> View:
    """Return the Close as a duplicate… modal: which question (waiting or answered) this one duplicates, the
    likeliest first; its answer goes to this asker too."""
    options = [_other(other, text) for other, text in others[:OPTIONS_PER_GROUP]]
    select = StaticSelectElement(action_id=BLOCK_ORIGINAL + INPUT_SUFFIX, placeholder="Choose a question",
                                 options=options, initial_option=options[0])
    return View(type="modal", callback_id=VIEW_DUPLICATE, private_metadata=str(esc.question_id),
                title="Close as a duplicate", submit="Close", close="Cancel",
                blocks=[_question_block(esc, question_text), *_claim_note(esc, user),
                        InputBlock(block_id=BLOCK_ORIGINAL, label="Duplicate of", element=select,
                                   hint="The asker is told, and gets that question's answer too: at once if it has "
                                        "one, else when it is answered.")])


def build_refused(text: str) -> View:
    """Return a modal that only says why the person cannot act (it replaces a form just opened)."""
    return View(type="modal", title="Privacy questions", close="Close", blocks=[SectionBlock(text=text)])


def form_values(view: Mapping[str, Any]) -> dict[str, str | None]:
    """Return the Answer… form's text per field from a view_submission's state."""
    values = (view.get("state") or {}).get("values") or {}
    return {field: ((values.get(field) or {}).get(field + INPUT_SUFFIX) or {}).get("value") for field in FIELDS}


def chosen_original(view: Mapping[str, Any]) -> int | None:
    """Return the question id picked in the Close as a duplicate… form."""
    values = (view.get("state") or {}).get("values") or {}
    selected = (((values.get(BLOCK_ORIGINAL) or {}).get(BLOCK_ORIGINAL + INPUT_SUFFIX) or {})
                .get("selected_option") or {})
    value = selected.get("value")
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) <= 12 else None


def chosen_entry(view: Mapping[str, Any]) -> str | None:
    """Return the entry id picked in the Send existing answer… form."""
    values = (view.get("state") or {}).get("values") or {}
    selected = ((values.get(BLOCK_ENTRY) or {}).get(BLOCK_ENTRY + INPUT_SUFFIX) or {}).get("selected_option") or {}
    value = selected.get("value")
    return value if isinstance(value, str) else None
