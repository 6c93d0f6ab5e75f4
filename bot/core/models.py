"""The answer model and the decision the matcher returns: frozen pydantic, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, field_validator

NOT_SPECIFIED = "not publicly specified"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


Text = Annotated[str, AfterValidator(_non_blank)]


class Frozen(BaseModel):
    """Base for every domain model: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class AppliesTo(Frozen):
    """Which providers and platforms an entry is about (canonical ids from entities.yaml)."""

    providers: tuple[str, ...] = Field(default=(), description="Provider ids, e.g. anthropic.")
    platforms: tuple[str, ...] = Field(default=(), description="Platform ids, e.g. microsoft-foundry.")


class Party(Frozen):
    """One organisation that touches the data, and in what role."""

    name: Text = Field(description="Who, e.g. Anthropic.")
    role: Text = Field(description="Their role, e.g. 'data processor for prompts and outputs'.")
    data: Text = Field(description="Which data they handle in that role.")


class Retention(Frozen):
    """What is kept, for how long, why, and how to keep less."""

    what: Text = Field(description="What is retained.")
    duration: Text = Field(
        description=f"How long, as the sources say it, or exactly '{NOT_SPECIFIED}' where they are silent."
    )
    purposes: tuple[Text, ...] = Field(default=(), description="Why it is retained.")
    how_to_reduce: str | None = Field(
        default=None, description="Zero data retention, settings or contracts that reduce retention."
    )

    @property
    def duration_specified(self) -> bool:
        """Return whether the sources give a duration."""
        return self.duration.strip().lower() != NOT_SPECIFIED


class Document(Frozen):
    """A document that governs the processing (terms, DPA, policy)."""

    title: Text
    url: HttpUrl | None = Field(default=None, description="Public URL, where there is one.")
    note: str | None = Field(default=None, description="What it governs.")


class Reference(Frozen):
    """A source that the entry's statements are taken from."""

    title: Text
    url: HttpUrl | None = None
    date: dt.date | None = Field(default=None, description="Date shown on the page, where there is one.")
    retrieved: dt.date | None = Field(default=None, description="When the page was read.")


class Entry(Frozen):
    """One curated answer: the structure of the accepted answer, made explicit."""

    id: str = Field(description="Slug, unique across the answer set; equals the file name without .yaml.")
    title: Text = Field(max_length=150)
    summary: Text = Field(description="Two or three sentences.")
    applies_to: AppliesTo
    questions: tuple[Text, ...] = Field(
        min_length=3, description="Example phrasings; used for matching and as golden tests."
    )
    processor: tuple[Party, ...] = Field(min_length=1)
    retention: Retention
    training_use: str | None = None
    data_location: str | None = None
    governance: tuple[Document, ...] = Field(min_length=1)
    caveats: tuple[Text, ...] = Field(
        default=(), description="Conflicting or dated sources, and what the sources do not say."
    )
    references: tuple[Reference, ...] = Field(min_length=1)
    owner: Text = Field(description="Who answers for this entry (a person or team, e.g. @privacy-team).")
    reviewed_on: dt.date
    review_every_days: int = Field(default=180, ge=1, le=3650)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("must be a lowercase slug like claude-microsoft-foundry")
        return value

    def review_due(self) -> dt.date:
        """Return the date by which the entry must be reviewed again."""
        return self.reviewed_on + dt.timedelta(days=self.review_every_days)

    def is_overdue(self, today: dt.date) -> bool:
        """Return whether the review date has passed."""
        return today > self.review_due()


class Outcome(str, Enum):
    """What the bot does with a question."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    ESCALATE = "escalate"
    DECLINE = "decline"


class Candidate(Frozen):
    """An entry the matcher considered, with its score (0..1)."""

    entry_id: str
    score: float


class Decision(Frozen):
    """The matcher's verdict on one question."""

    question: str
    outcome: Outcome
    entry_id: str | None = None
    confidence: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    options: tuple[str, ...] = Field(default=(), description="Entry ids offered when clarifying.")
    reason: str = ""
    providers: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
