"""Read-only pages: the vendor matrix at /matrix and each entry at /entries/<id> (enabled by PRIVACY_BOT_PAGES)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, abort

from bot.core.answer_set import AnswerSet

# Relative links, so the pages also work behind a path prefix: from /matrix, entries/<id> is /entries/<id>.
ENTRY_LINK = "entries/{id}"
MATRIX_LINK = "../matrix"


def register_pages(app: Flask, answers: Callable[[], AnswerSet]) -> None:
    """Add /matrix and /entries/<id> to a WSGI app."""
    from bot.knowledge.pages_html import entry_page, matrix_html

    @app.get("/matrix")
    def matrix() -> Response:
        return Response(matrix_html(answers(), entry_url=ENTRY_LINK), mimetype="text/html")

    @app.get("/entries/<entry_id>")
    def entry(entry_id: str) -> Response:
        current = answers()
        if entry_id not in current.entries:
            abort(404)
        return Response(entry_page(current, entry_id, back_url=MATRIX_LINK), mimetype="text/html")
