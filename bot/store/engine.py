"""Engines and migrations: SQLite (a file, the default) or PostgreSQL (postgresql+psycopg://)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Table, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0004"  # the newest migration; the bot refuses to serve on an older database
BACKENDS = ("sqlite", "postgresql")


class DatabaseError(Exception):
    """The database URL is unusable or the database unreachable; the message is one line for people."""


_BUSY_WAIT = 30.0  # seconds a connection waits for another's write lock


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """Put the file in WAL mode, waiting for other processes doing the same.

    Switching reads the file header, then writes it: when two processes open a new file at once, the second's
    upgrade from reading to writing fails at once with "database is locked" (SQLite's busy timeout does not cover
    it, to avoid a deadlock), so the switch is retried here until the first has finished.
    """
    deadline = time.monotonic() + _BUSY_WAIT
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # The connection's timeout (connect() passes _BUSY_WAIT) makes writers wait instead of failing; WAL lets readers
    # and one writer work at once.
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: consistent after a crash, no fsync per commit
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def connect(url: str) -> Engine:
    """Return an engine for a database URL (SQLite or PostgreSQL only); raise DatabaseError with one line."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() not in BACKENDS:
            raise DatabaseError(f"PRIVACY_BOT_DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL, not "
                                f"{parsed.get_backend_name()}://")
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": _BUSY_WAIT, "check_same_thread": False})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise DatabaseError(f"PRIVACY_BOT_DATABASE_URL is not a usable database URL: {exc}") from None


def _one_line(exc: Exception) -> str:
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to revision (idempotent; safe to run at every start)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot migrate the database: {_one_line(exc)}") from None


def current_revision(engine: Engine) -> str | None:
    """Return the database's migration revision, or None before the first upgrade."""
    try:
        with engine.connect() as connection:
            try:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
            except SQLAlchemyError:  # no table before the first upgrade
                return None
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot reach the database: {_one_line(exc)}") from None
    return str(row[0]) if row else None


def upsert(engine: Engine, table: Table) -> Any:
    """Return an INSERT for table that supports on_conflict_do_nothing/do_update on this dialect."""
    if engine.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """Return a UTC-aware datetime (SQLite gives back naive ones)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.timezone.utc)
