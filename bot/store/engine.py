"""Engines and migrations: SQLite (a file, the default) or PostgreSQL (postgresql+psycopg://)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Table, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError, SQLAlchemyError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0007"  # the newest migration; the bot refuses to serve on an older database
BACKENDS = ("sqlite", "postgresql")


class DatabaseError(Exception):
    """The database URL is unusable or the database unreachable; the message is one line for people."""


class DatabaseUnreachable(DatabaseError):
    """The PostgreSQL server could not be reached or did not answer in time: trying again later may work."""


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


@dataclass(frozen=True)
class Timeouts:
    """PostgreSQL's limits, so a database that hangs fails requests and probes instead of holding them forever."""

    connect: float = 10.0  # seconds to open a connection (libpq connect_timeout) or wait for one from the pool
    statement: float | None = None  # seconds one statement may run (statement_timeout); None: no limit (migrations)


DEFAULT_TIMEOUTS = Timeouts()


def _statement_timeout(milliseconds: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        autocommit = dbapi_connection.autocommit  # outside a transaction, so the pool's rollback keeps it
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(milliseconds)}")
        dbapi_connection.autocommit = autocommit

    return on_connect


def _postgresql(parsed: Any, timeouts: Timeouts) -> Engine:
    connect_args = {} if "connect_timeout" in parsed.query else {"connect_timeout": max(int(timeouts.connect), 2)}
    engine = create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_timeout=timeouts.connect,
                           connect_args=connect_args)
    if timeouts.statement:
        event.listen(engine, "connect", _statement_timeout(max(int(timeouts.statement * 1000), 1)))
    return engine


def connect(url: str, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> Engine:
    """Return an engine for a database URL (SQLite or PostgreSQL only); raise DatabaseError with one line.

    On PostgreSQL, connecting (and waiting for a pooled connection) is bounded by timeouts.connect, and, when
    timeouts.statement is set (a serving process, not a migration), every statement by it."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() not in BACKENDS:
            raise DatabaseError(f"PRIVACY_BOT_DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL, not "
                                f"{parsed.get_backend_name()}://")
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": _BUSY_WAIT, "check_same_thread": False})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return _postgresql(parsed, timeouts)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise DatabaseError(f"PRIVACY_BOT_DATABASE_URL is not a usable database URL: {exc}") from None


def _one_line(exc: Exception) -> str:
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}"


def _failed(engine: Engine, what: str, exc: SQLAlchemyError) -> DatabaseError:
    """Return the error to raise: DatabaseUnreachable for a PostgreSQL server that cannot be reached (a SQLite
    file that cannot be opened will not become openable by waiting)."""
    unreachable = engine.dialect.name == "postgresql" and isinstance(exc, (OperationalError, InterfaceError))
    return (DatabaseUnreachable if unreachable else DatabaseError)(f"{what}: {_one_line(exc)}")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to revision (idempotent; safe to run at every start)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise _failed(engine, "cannot migrate the database", exc) from None


def current_revision(engine: Engine) -> str | None:
    """Return the database's migration revision, or None before the first upgrade."""
    try:
        with engine.connect() as connection:
            try:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
            except SQLAlchemyError:  # no table before the first upgrade
                return None
    except SQLAlchemyError as exc:
        raise _failed(engine, "cannot reach the database", exc) from None
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
