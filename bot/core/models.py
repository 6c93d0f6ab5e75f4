"""The answer model and the decision the matcher returns: frozen pydantic, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

NOT_SPECIFIED = "not publicly specified"
NOT_SPECIFIED_FACET = "not-publicly-specified"
LANGUAGES = ("de", "fr", "es", "pt", "it", "nl", "ja")
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


def _https(value: HttpUrl) -> HttpUrl:
    if value.scheme != "https":
        raise ValueError("must be an https:// URL")
    return value


HttpsUrl = Annotated[HttpUrl, AfterValidator(_https)]


class Reference(Frozen):
    """A source that the entry's statements are taken from."""

    title: Text
    url: HttpsUrl = Field(description="Public https URL of the source (unverified third-party pages are not "
                                      "references: name them in caveats).")
    date: dt.date | None = Field(default=None, description="Date shown on the page, where there is one.")
    retrieved: dt.date | None = Field(default=None, description="When the page was read.")


V = TypeVar("V")


class Facet(Frozen, Generic[V]):
    """One facet value and the reference URL it is taken from."""

    value: V
    source: HttpsUrl = Field(description="URL of the reference (listed under references) that says it.")


Training = Literal["no", "yes", "opt-out", "opt-in", "varies", "not-publicly-specified"]
ZeroRetention = Literal["available", "on-request", "no", "not-applicable", "not-publicly-specified"]
HumanReview = Literal["no", "flagged-only", "yes", "opt-in", "varies", "not-publicly-specified"]
ShortText = Annotated[str, AfterValidator(_non_blank), Field(max_length=120)]


class Facets(Frozen):
    """A structured summary of an entry, for side-by-side comparison; each value follows from the entry's text."""

    processor: Facet[ShortText] = Field(description="Who processes prompts and outputs, in a few words.")
    default_retention: Facet[ShortText] = Field(
        description=f"How long prompts/outputs are kept by default, in a few words, or '{NOT_SPECIFIED_FACET}'.")
    trains_on_customer_data: Facet[Training] = Field(
        description=f"Whether customer data trains models by default, or '{NOT_SPECIFIED_FACET}' where the sources "
                    "are silent.")
    zero_retention: Facet[ZeroRetention] = Field(description="Whether zero data retention can be had.")
    data_residency: Facet[tuple[ShortText, ...] | Literal["not-publicly-specified"]] = Field(
        description=f"Where data can be kept (regions or options), or '{NOT_SPECIFIED_FACET}'.")
    human_review: Facet[HumanReview] = Field(description="Whether people at the vendor may read content.")


class Change(Frozen):
    """What changed in an entry at a review, for earlier askers and the lifecycle tools."""

    date: dt.date
    summary: Text = Field(max_length=600, description="What changed, in a sentence or two.")
    material: bool = Field(default=False, description="True when people who got the old answer should be told.")


class Translation(Frozen):
    """The entry's title and summary in another language (the rest is shown in English)."""

    title: Text = Field(max_length=150)
    summary: Text


class Entry(Frozen):
    """One curated answer: the structure of the accepted answer, made explicit."""

    id: str = Field(description="Slug, unique across the answer set; equals the file name without .yaml.")
    status: Literal["draft", "published"] = Field(
        description="Only published entries are served; `privacy-bot new` and `drafts export` write drafts.")
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
    facets: Facets | None = Field(default=None, description="Required once the entry is published.")
    changes: tuple[Change, ...] = Field(default=(), description="What changed at each review, newest first.")
    translations: dict[Literal["de", "fr", "es", "pt", "it", "nl", "ja"], Translation] = Field(
        default_factory=dict, description="Title and summary in other languages (language code -> text).")
    owner: Text = Field(description="Who answers for this entry (a person or team, e.g. @privacy-team).")
    owner_slack: str | None = Field(
        default=None, pattern=r"^[UWS][A-Z0-9]{2,31}$",
        description="The owner's Slack user id (U...) or user-group id (S...), for review reminders.")
    reviewed_on: dt.date
    review_every_days: int = Field(default=180, ge=1, le=3650)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("must be a lowercase slug like claude-microsoft-foundry")
        return value

    @model_validator(mode="after")
    def _facet_sources(self) -> Entry:
        if self.facets is None:
            if self.status == "published":
                raise ValueError("facets: required for a published entry")
            return self
        urls = {str(r.url) for r in self.references}
        for name in Facets.model_fields:
            facet = getattr(self.facets, name)
            if str(facet.source) not in urls:
                raise ValueError(f"facets.{name}.source: must be the URL of one of the references")
        return self

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
    COMPARE = "compare"  # two or more offerings side by side
    HELP = "help"  # what the bot can answer


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
    intent: float | None = Field(default=None, description="How likely the message asks the privacy team something.")
    intent_features: tuple[tuple[str, float], ...] = Field(
        default=(), description="The features that moved the intent score most, with their contribution.")
    compared: tuple[str, ...] = Field(default=(), description="Entry ids shown side by side (compare).")
    missing: tuple[str, ...] = Field(default=(), description="Names compared that no entry covers.")
    reading: str | None = Field(default=None, description="How a follow-up was read ('Anthropic on Vertex AI').")
    lead: str | None = Field(default=None, description="The aspect asked about most, shown first.")
    not_covered: tuple[str, ...] = Field(default=(), description="What was asked that the entry never mentions.")
    asked: tuple[str, ...] = Field(default=(), description="What was asked that the entry mentions (a BAA, ...), "
                                   "each as its phrases: the governance line leads with the document about it.")
    language: str | None = Field(default=None, description="The asker's language when not English.")
    known: bool = Field(default=False, description="It reads as one of an entry's own example questions (answered "
                                                    "whatever the intent model says).")
