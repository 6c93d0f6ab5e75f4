"""A triager's written answer: the structured fields of the Answer… form, checked field by field (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import HttpUrl, TypeAdapter, ValidationError

from bot.core.models import NOT_SPECIFIED, Frozen

TITLE_LIMIT = 150
SUMMARY_RANGE = (20, 2000)
TEXT_LIMIT = 2000
MAX_LINES = 20
LIST_LIMIT = 3000
FIELDS = ("title", "summary", "processor", "retention_what", "retention_duration", "training_use", "data_location",
          "governance", "references")
REQUIRED = frozenset({"title", "summary", "processor", "retention_what", "retention_duration", "references"})

_URL = re.compile(r"https?://\S+")
_URLS: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)


class DraftParty(Frozen):
    """Who processes data, in which role, and (if the triager said) which data."""

    name: str
    role: str
    data: str | None = None


class Link(Frozen):
    """A document or source: a title and, where there is one, a URL."""

    title: str
    url: str | None = None


class Draft(Frozen):
    """An answer written by the privacy team, structured like a curated entry; kept for curation."""

    title: str
    summary: str
    processor: tuple[DraftParty, ...]
    retention_what: str
    retention_duration: str
    training_use: str | None = None
    data_location: str | None = None
    governance: tuple[Link, ...] = ()
    references: tuple[Link, ...]


class _Invalid(ValueError):
    """One field's problem, worded for the person filling in the form."""


def _lines(text: str, field: str) -> list[str]:
    lines = [line.strip().lstrip("•*-– ").strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > MAX_LINES:
        raise _Invalid(f"At most {MAX_LINES} lines, please.")
    if len(text) > LIST_LIMIT:
        raise _Invalid(f"Please keep it under {LIST_LIMIT:,} characters.")
    return lines


def _party(line: str, number: int) -> DraftParty:
    name, colon, role = line.partition(":")
    if not colon or not name.strip() or not role.strip():
        raise _Invalid(f"Line {number}: write one party per line as `Name: role (which data)`, "
                       "e.g. `Anthropic: data processor (prompts and outputs)`.")
    role, data = role.strip(), None
    if role.endswith(")") and "(" in role:
        role, _, data = role[:-1].rpartition("(")
        role, data = role.strip(), data.strip() or None
    return DraftParty(name=name.strip(), role=role or "not stated", data=data)


def _link(line: str, number: int, *, need_url: bool) -> Link:
    found = _URL.search(line)
    url = found.group(0).rstrip(".,;)>") if found else None
    if url is not None:
        try:
            _URLS.validate_python(url)
        except ValidationError:
            raise _Invalid(f"Line {number}: {url} is not a valid web address.") from None
        if need_url and not url.startswith("https://"):
            raise _Invalid(f"Line {number}: use the page's https:// address (sources are cited over https).")
    elif need_url:
        raise _Invalid(f"Line {number}: add the source's web address (https://…) after its title.")
    title = (line.replace(found.group(0), " ") if found else line).strip(" -–—:|,;()")
    return Link(title=" ".join(title.split()) or (url or line), url=url)


def _text(value: str, field: str) -> str:
    if field == "title" and len(value) > TITLE_LIMIT:
        raise _Invalid(f"Please keep the title under {TITLE_LIMIT} characters.")
    if field == "summary" and not SUMMARY_RANGE[0] <= len(value) <= SUMMARY_RANGE[1]:
        raise _Invalid(f"Two or three sentences, please ({SUMMARY_RANGE[0]}–{SUMMARY_RANGE[1]:,} characters).")
    if len(value) > TEXT_LIMIT:
        raise _Invalid(f"Please keep it under {TEXT_LIMIT:,} characters.")
    return " ".join(value.split()) if field in ("title", "retention_duration") else value.strip()


def _field(field: str, value: str) -> object:
    if field == "processor":
        return tuple(_party(line, n) for n, line in enumerate(_lines(value, field), start=1))
    if field in ("governance", "references"):
        need_url = field == "references"
        links = tuple(_link(line, n, need_url=need_url) for n, line in enumerate(_lines(value, field), start=1))
        return links
    return _text(value, field)


def parse_draft(values: Mapping[str, str | None]) -> tuple[Draft | None, dict[str, str]]:
    """Return the draft, or None and a message per field that is missing or malformed."""
    parsed: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field in FIELDS:
        value = (values.get(field) or "").strip()
        if not value:
            if field in REQUIRED:
                errors[field] = (f"Required: if the sources are silent, write \"{NOT_SPECIFIED}\"."
                                 if field == "retention_duration" else "Required.")
            continue
        try:
            parsed[field] = _field(field, value)
        except _Invalid as exc:
            errors[field] = str(exc)
    if errors:
        return None, errors
    return Draft.model_validate(parsed), {}


def draft_fields(draft: Draft) -> dict[str, str]:
    """Return the form's text for a draft (the inverse of parse_draft), e.g. to edit it again."""
    def link(item: Link) -> str:
        return f"{item.title} {item.url}" if item.url and item.url != item.title else item.title

    return {
        "title": draft.title, "summary": draft.summary,
        "processor": "\n".join(f"{p.name}: {p.role}" + (f" ({p.data})" if p.data else "") for p in draft.processor),
        "retention_what": draft.retention_what, "retention_duration": draft.retention_duration,
        "training_use": draft.training_use or "", "data_location": draft.data_location or "",
        "governance": "\n".join(link(d) for d in draft.governance),
        "references": "\n".join(link(r) for r in draft.references),
    }
