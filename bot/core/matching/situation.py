"""What the decision rules look at (Situation) and what one of them decides (Verdict)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.matching.analysis import Analysis
from bot.core.matching.index import TermIndex, Vector, specific
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import ASPECT_WEIGHT, VOCABULARY
from bot.core.models import Entry, Outcome
from bot.core.thresholds import Thresholds


@dataclass(frozen=True)
class Verdict:
    """What a rule decided."""

    outcome: Outcome
    reason: str
    entry_id: str | None = None
    confidence: float = 0.0
    options: tuple[str, ...] = ()
    compared: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass
class Situation:
    """Everything the rules look at for one question."""

    analysis: Analysis
    allowed: set[str] | None  # entries consistent with every name asked about (None: nothing named)
    ranked: list[tuple[str, float]]  # candidates by text score, best first
    vector: Vector
    entries: dict[str, Entry]
    index: TermIndex
    t: Thresholds
    intent: float | None = None  # the intent model's probability that this asks the privacy team something
    intent_decline: float = 0.5
    intent_answer: float = 0.5
    intent_pinned: float = 0.5  # a question the names pin to one entry may be answered from here
    ours: float | None = None  # the own-organisation head's probability (None: no head)
    ours_threshold: float = 1.0
    asks: bool = True  # a question sentence, or one line (a Slack question may skip the question mark)
    short_question: bool = False  # one short line that asks (a question mark, or a question's first words)
    question_sentence: bool = False  # some sentence (or the title) asks a question
    own_product: bool = False  # a company (or its model) named alone leaves one entry, on a platform it runs
    how_to: bool = False  # it asks only for instructions ("how do I share…"), and names no privacy topic
    credentials: bool = False  # it asks about an API key or a password, and no other data
    off_title: bool = False  # under a title of names and privacy words, it asks about something else
    foreign: bool = False  # written in another language than English
    silent: bool = False  # a follow-up that says nothing of data or privacy itself, and speaks of something else
    operator: dict[str, str] = field(default_factory=dict)  # platform -> the company running it
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def named(self) -> bool:
        return bool(self.analysis.positive)

    @property
    def top(self) -> float:
        return self.ranked[0][1] if self.ranked else 0.0

    @property
    def unread_names(self) -> list[str]:
        """Return the words of a product's name that were not read as a name ("zoom" in "IA di Zoom")."""
        return [w for w in specific(self.vector) if w in self.index.name_words and not VOCABULARY.is_generic(w)]

    @property
    def lead(self) -> float:
        return self.top - (self.ranked[1][1] if len(self.ranked) > 1 else 0.0)


def about_its_data(s: Situation, beyond: float = 0.0) -> bool:
    """Return whether a question asks more than where a product is offered: a location question needs a word for
    data ("which regions have X", "… for our customers" ask where it is offered; "does our data leave the region",
    "are the prompts processed in the EU?" about the data), or `beyond` more privacy strength when nothing else
    makes it sure."""
    a, words = s.analysis, normalise(s.analysis.text).split()  # (people, "for our customers", are no data there)
    return set(a.aspects) != {"location"} or not VOCABULARY.moved.isdisjoint(words) or VOCABULARY.privacy_strength(
        [w for w in words if w not in _PEOPLE]) > ASPECT_WEIGHT["location"] + beyond  # the data itself: "prompts"


_PEOPLE = frozenset("customer customers client clients employee employees user users staff kunden mitarbeiter clientes "
                    "empleados usuarios funcionarios clienti dipendenti utenti klanten medewerkers gebruikers".split())


def asks_which(s: Situation) -> bool:
    """Return whether a short question the model is unsure of (between the pinned and the answer thresholds) names a
    vendor whose names leave several entries and asks about an aspect of their data, and the own-organisation head
    reads it as a vendor question ("gebruikt openai onze data?"; not "do we have a BAA with OpenAI?"): asking back
    which product is meant answers nothing wrongly, so it needs no more certainty than one pinned entry does."""
    return s.short_question and s.named and len(s.ranked) > 1 and bool(s.analysis.aspects) and about_its_data(
        s, beyond=s.t.min_privacy) and s.intent is not None and s.intent_pinned <= s.intent < s.intent_answer and (
        s.ours is not None and s.ours < VENDOR_SIDE)


VENDOR_SIDE = 0.5  # the own-organisation head's score under which a question reads as one about the vendor
