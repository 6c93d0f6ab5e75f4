"""PostgreSQL limits: a serving process's statements are bounded (statement_timeout), migrations and the daily purge
are not, and a server that takes the connection but never answers fails the connect instead of holding it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.store import DatabaseUnreachable, Timeouts, open_store
from bot.store.retention import purge
from tests.tcpproxy import Proxy

pytestmark = pytest.mark.postgres


def shown(store) -> str:
    with store.engine.connect() as conn:
        return str(conn.execute(text("SHOW statement_timeout")).scalar_one())


def test_a_serving_store_cancels_a_statement_longer_than_its_limit_and_migrations_have_none(pg_schema_url):
    migrating = open_store(pg_schema_url, migrate=True)
    assert shown(migrating) == "0"  # migrations (and the CLI) are not limited
    migrating.close()
    serving = open_store(pg_schema_url, timeouts=Timeouts(statement=0.05))
    try:
        with pytest.raises(OperationalError, match="statement timeout"), serving.engine.connect() as conn:
            conn.execute(text("SELECT pg_sleep(30)"))
        assert shown(serving) == "50ms"  # every connection of the pool, after a rollback too
        purge(serving.engine, before=dt.datetime.now(dt.timezone.utc))  # SET LOCAL: the purge alone is unlimited
        assert shown(serving) == "50ms"
        serving.ping()
    finally:
        serving.close()


def test_a_server_that_never_answers_fails_the_connect_as_unreachable(pg_schema_url):
    open_store(pg_schema_url, migrate=True).close()
    proxy = Proxy(pg_schema_url).start()
    try:
        proxy.hang()  # takes the connection, answers nothing: only a client-side limit ends the wait
        with pytest.raises(DatabaseUnreachable, match="cannot"):
            open_store(proxy.url, timeouts=Timeouts(connect=2))
        proxy.up()
        open_store(proxy.url, timeouts=Timeouts(connect=2)).close()
    finally:
        proxy.stop()


def test_an_unreachable_sqlite_file_is_not_worth_waiting_for(tmp_path):
    from bot.store import DatabaseError

    with pytest.raises(DatabaseError) as caught:
        open_store(f"sqlite:///{tmp_path}/missing/dir/bot.db", migrate=True)
    assert not isinstance(caught.value, DatabaseUnreachable)
