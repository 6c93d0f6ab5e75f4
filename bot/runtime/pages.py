"""Read-only pages: the vendor matrix at /matrix and each entry at /entries/<id> (enabled by PRIVACY_BOT_PAGES)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, abort

from bot.core.answer_set import AnswerSet


def register_pages(app: Flask, answers: Callable[[], AnswerSet]) -> None:
    """Add /matrix and /entries/<id> to a WSGI app."""
    from bot.knowledge.matrix import entry_page, matrix_html

    @app.get("/matrix")
    def matrix() -> Response:
        return Response(matrix_html(answers()), mimetype="text/html")

    @app.get("/entries/<entry_id>")
    def entry(entry_id: str) -> Response:
        current = answers()
        if entry_id not in current.entries:
            abort(404)
        return Response(entry_page(current, entry_id), mimetype="text/html")
