"""The vendor matrix: offerings x facets, as text, CSV, JSON or one self-contained HTML page."""

from __future__ import annotations

from bot.core.answer_set import AnswerSet


def matrix_html(answers: AnswerSet) -> str:
    """Return the matrix as one HTML page."""
    raise NotImplementedError("the matrix page is not built yet")


def entry_page(answers: AnswerSet, entry_id: str) -> str:
    """Return one entry as an HTML page."""
    raise NotImplementedError("the entry page is not built yet")
