"""Drafts become curated entries: each answer the privacy team wrote, as an entry YAML file ready for review.

The file is a valid entry (the schema `privacy-bot check` loads), with the asker's question (contacts masked)
as its first example question. What the triager did not give is a TODO placeholder, which `check` reports
as unfinished until a curator replaces it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.escalations import Escalation
from bot.core.masking import mask_contacts
from bot.core.matching.text import readable
from bot.core.models import Entry
from bot.core.questions import QuestionRecord
from bot.knowledge.curation import SCHEMA_COMMENT

SLUG_LIMIT = 60
TODO_QUESTIONS = ("TODO another way people ask this, naming the product",
                  "TODO a third way people ask this, naming the product")


class _PlainDumper(yaml.SafeDumper):
    """Safe YAML without anchors: a date used twice is written twice, as people write it."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@dataclass(frozen=True)
class Export:
    """One draft written (or left alone because the file exists)."""

    question_id: int
    path: Path
    written: bool


def slugify(title: str) -> str:
    """Return an entry id from a title: lowercase ASCII words joined by dashes."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > SLUG_LIMIT:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def entry_data(esc: Escalation, record: QuestionRecord, *, entry_id: str, providers: Collection[str],
               platforms: Collection[str]) -> dict[str, Any]:
    """Return the entry for an escalation's written answer, as the mapping its YAML file holds."""
    draft = esc.draft
    if draft is None:
        raise ValueError(f"escalation {esc.question_id} has no written answer")
    answered = (esc.answered_at or esc.created_at).date()
    asked = " ".join(mask_contacts(readable(record.question.text, people=False)).split())
    first = asked or "TODO the asker's question was purged (data retention): write how people ask this"
    return {
        "id": entry_id,
        "status": "draft",
        "title": draft.title,
        "summary": draft.summary,
        "applies_to": {"providers": [p for p in esc.providers if p in providers],
                       "platforms": [p for p in esc.platforms if p in platforms]},
        "questions": [first, *TODO_QUESTIONS],
        "processor": [{"name": p.name, "role": p.role, "data": p.data or "TODO which data"} for p in draft.processor],
        "retention": {"what": draft.retention_what, "duration": draft.retention_duration, "purposes": [],
                      "how_to_reduce": None},
        "training_use": draft.training_use or "TODO what the sources say about training on this data",
        "data_location": draft.data_location or "TODO where the data is processed and stored",
        "governance": ([{"title": d.title, "url": d.url, "note": None} for d in draft.governance]
                       or [{"title": "TODO the document that governs the processing", "url": None, "note": None}]),
        "caveats": [],
        "references": [{"title": r.title, "url": r.url, "date": None, "retrieved": answered} for r in draft.references],
        "owner": f"@{esc.answered_by_name}" if esc.answered_by_name else "@privacy-team",
        "reviewed_on": answered,
        "review_every_days": 180,
    }


def render(esc: Escalation, data: dict[str, Any]) -> str:
    """Return the file's text: header comments, then the entry (validated against the schema first)."""
    Entry.model_validate(data)  # raises if the draft would not load
    who = f"<@{esc.answered_by}>" + (f" (@{esc.answered_by_name})" if esc.answered_by_name else "")
    header = [
        SCHEMA_COMMENT,
        f"# Draft from the privacy team's answer to escalation #{esc.question_id}, by {who} on "
        f"{(esc.answered_at or esc.created_at).date().isoformat()}.",
        "# Review it against the sources, replace every TODO, then run `privacy-bot check --strict`.",
    ]
    body = yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    return "\n".join(header) + "\n" + body


def export_drafts(drafts: list[tuple[Escalation, QuestionRecord]], directory: Path, *, taken: Collection[str],
                  providers: Collection[str], platforms: Collection[str], overwrite: bool = False) -> list[Export]:
    """Write each written answer to DIRECTORY/<entry id>.yaml; an existing file is kept unless overwrite."""
    directory.mkdir(parents=True, exist_ok=True)
    used = set(taken)
    out = []
    for esc, record in drafts:
        assert esc.draft is not None
        entry_id = slugify(esc.draft.title) or f"escalation-{esc.question_id}"
        if entry_id in used:
            entry_id = f"{entry_id}-{esc.question_id}"
        used.add(entry_id)
        path = directory / f"{entry_id}.yaml"
        if path.exists() and not overwrite:
            out.append(Export(esc.question_id, path, written=False))
            continue
        data = entry_data(esc, record, entry_id=entry_id, providers=providers, platforms=platforms)
        path.write_text(render(esc, data), encoding="utf-8")
        out.append(Export(esc.question_id, path, written=True))
    return out


def today() -> dt.date:
    """Return today's date (UTC)."""
    return dt.datetime.now(dt.timezone.utc).date()
