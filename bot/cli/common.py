"""What every command shares: the one-line failure, settings, the bot, and where the answer set is."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings, SettingsError, load_settings
from bot.core.answer_set import AnswerSet
from bot.knowledge.loader import ENTITIES_FILE, KnowledgeError, default_knowledge_dir, load_answer_set

if TYPE_CHECKING:  # imported when used: `privacy-bot ask` loads neither Slack nor the database
    from bot.bootstrap import Bot
    from bot.store import Store


class Failure(Exception):
    """A user-facing failure: printed as one message, exit status 1 (or .status)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def settings() -> Settings:
    """Return the settings, or fail with their one-line error."""
    try:
        return load_settings()
    except SettingsError as exc:
        raise Failure(str(exc)) from None


LOCAL_KNOWLEDGE = Path("knowledge")  # where `new` writes drafts when no directory is given


def knowledge_dir(args: argparse.Namespace) -> Path:
    """Return the answer set directory: --knowledge, else PRIVACY_BOT_KNOWLEDGE_DIR, else ./knowledge when the working
    directory holds an answer set (so `new` then `check` look at the same files), else the bundled set."""
    if getattr(args, "knowledge", None):
        return Path(args.knowledge)
    if (configured := settings().knowledge_dir) is not None:
        return configured
    return LOCAL_KNOWLEDGE if (LOCAL_KNOWLEDGE / ENTITIES_FILE).is_file() else default_knowledge_dir()


def load(args: argparse.Namespace) -> AnswerSet:
    """Return the answer set, or fail with every error listed."""
    try:
        return load_answer_set(knowledge_dir(args), thresholds=settings().matching)
    except KnowledgeError as exc:
        raise Failure(f"the answer set is invalid ({len(exc.errors)} errors):\n{exc}") from None


def bot(args: argparse.Namespace | None = None, *, answers: AnswerSet | None = None) -> Bot:
    """Return the bot, built from the settings (with the answer set directory the command line picks)."""
    from bot.bootstrap import build

    config = settings()
    if args is not None:
        config = config.model_copy(update={"knowledge_dir": knowledge_dir(args)})
    return build(config, answers=answers)


def store(the_bot: Bot) -> Store:
    """Return the bot's database, or fail with one line (unreachable, or not migrated)."""
    from bot.store import DatabaseError

    try:
        return the_bot.store
    except DatabaseError as exc:
        raise Failure(str(exc)) from None
