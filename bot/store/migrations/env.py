"""Alembic environment: runs on the connection bot.store.engine.upgrade() passes in (or on sqlalchemy.url)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool, text

from bot.store.schema import metadata

# Any constant works: it only has to be the same for every replica running migrations at once.
_PG_MIGRATION_LOCK = 7_241_865_301


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        # Two processes starting at once (replicas, or gunicorn workers on one SQLite file): the second waits for
        # the first's lock, then finds nothing left to do.
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        elif connection.dialect.name == "sqlite" and not getattr(connection.connection.dbapi_connection,
                                                                  "in_transaction", True):
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite's write lock, before the version is read
        context.run_migrations()


def main() -> None:
    """Run the migrations online (offline SQL generation is not supported)."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


main()
