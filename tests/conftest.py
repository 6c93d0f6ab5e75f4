"""Shared fixtures: the real answer set (and a writable copy), a clock tests move, and databases.

Store tests run on SQLite and on PostgreSQL (PRIVACY_BOT_TEST_POSTGRES_URL). Without that variable the PostgreSQL
cases skip locally; with PRIVACY_BOT_REQUIRE_POSTGRES=1 (as .ci/run sets) they fail instead, so CI never passes
without having run them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.core.answer_set import AnswerSet
from bot.knowledge.loader import load_answer_set

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"


@pytest.fixture(scope="session")
def answers() -> AnswerSet:
    return load_answer_set(KNOWLEDGE)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 25, 12, 0, 10, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def postgres_url() -> str:
    url = os.environ.get("PRIVACY_BOT_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("PRIVACY_BOT_REQUIRE_POSTGRES") == "1":
        pytest.fail("PRIVACY_BOT_REQUIRE_POSTGRES=1 but PRIVACY_BOT_TEST_POSTGRES_URL is not set")
    pytest.skip("PRIVACY_BOT_TEST_POSTGRES_URL is not set (CI sets it; see README)")


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """Return a URL whose search_path is a fresh schema, dropped afterwards."""
    base = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of an empty database: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    return str(request.getfixturevalue("pg_schema_url"))
