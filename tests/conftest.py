"""Shared fixtures: the real answer set, and a writable copy of it for tests that break things."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.answer_set import AnswerSet
from bot.knowledge import load_answer_set

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
