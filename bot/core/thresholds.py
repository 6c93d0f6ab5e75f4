"""The matcher's tunable thresholds (settings: PRIVACY_BOT_MATCHING__<NAME>)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Thresholds(BaseModel):
    """Tunable decision thresholds; defaults chosen on tests/eval (see README)."""

    min_privacy: float = Field(default=0.8, description="Privacy strength needed to treat a question as ours.")
    min_privacy_named: float = Field(
        default=0.5, description="Privacy strength needed when the question names a provider or platform.")
    answer_score: float = Field(default=0.35, description="Text score an entry needs to be answered alone.")
    unnamed_answer_score: float = Field(
        default=0.62, description="Text score needed to answer a question that names no provider or platform."
    )
    margin: float = Field(default=0.12, description="Lead over the runner-up needed when a platform is named.")
    strict_margin: float = Field(
        default=0.25, description="Lead needed when only a provider or model is named, or nothing at all.")
    specific_margin: float = Field(
        default=0.1, description="Lead needed on product-specific words (not generic privacy words) to answer.")
    clarify_score: float = Field(
        default=0.35, description="Text score an entry needs to be offered when the question names no product.")
    max_options: int = Field(default=5, description="Most options offered when clarifying.")
    known_question_score: float = Field(
        default=0.9, description="Text score at which a question reads as one of an entry's own example questions: "
        "answered even when the intent model is unsure.")
