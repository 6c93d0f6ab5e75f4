"""The daily source check and the weekly digest in the real `serve --http`: a vendor page (a local web server)
changes after the lock was recorded -> one triage notice per entry citing it, with the diff and the owner; a second
replica, and the next day's check of the same diff, post nothing more; with every page unreachable nothing is
posted (a warning is logged); the digest goes out once a week, to the triage channel and to each owner by DM."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text

from bot.knowledge.sources import update_sources
from bot.knowledge.sources_fetch import MappedTransport, make_client
from tests.botserver import TRIAGE, BotServer, make_knowledge
from tests.fakeslack import Call, FakeSlack
from tests.integration.test_sources_fetch import FAST, PARAGRAPHS, VENDOR, Page, Site, html
from tests.integration.test_sources_fetch import site as site  # the local web server fixture
from tests.triage import rows, settled

FOUNDRY, TWIN = "claude-microsoft-foundry", "claude-aws-bedrock-test"
OWNER, GROUP = "U0OWNER01", "S0PRIVGRP"
CHANGED = "Prompts are now kept for seven days and then deleted."


def point_at_vendor(knowledge: Path) -> list[str]:
    """Make both entries cite pages on https://vendor.example/ (the twin overdue, owned by a user group)."""
    urls = [str(r["url"]) for r in yaml.safe_load((knowledge / "answers" / f"{FOUNDRY}.yaml").read_text())[
        "references"]]
    paths = [f"page/{n}" for n in range(len(urls))]
    for entry, owner, reviewed in ((FOUNDRY, OWNER, None), (TWIN, GROUP, "2025-01-05")):
        path = knowledge / "answers" / f"{entry}.yaml"
        body = path.read_text()
        for url, page in zip(urls, paths, strict=True):
            body = body.replace(url, VENDOR + page)
        body = body.replace('owner: "@privacy-team"\n', f'owner: "@privacy-team"\nowner_slack: {owner}\n')
        if reviewed:
            body = re.sub(r"^reviewed_on: .*$", f"reviewed_on: {reviewed}", body, flags=re.M)
        path.write_text(body)
    return paths


def sources_notices(fake: FakeSlack) -> list[Call]:
    return fake.calls("chat.postMessage", lambda c: c.body.get("channel") == TRIAGE and
                      str(c.body.get("text")).startswith("Sources changed"), ok=True)


def digests(fake: FakeSlack) -> list[Call]:
    return fake.calls("chat.postMessage", lambda c: "weekly review" in str(c.body.get("text")) or
                      "Your entries to look at" in str(c.body.get("text")), ok=True)


def execute(url: str, sql: str, **params: object) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def until_logged(server: BotServer, needle: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while needle not in server.log_path.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"{needle!r} not logged:\n{server.log()}"
        time.sleep(0.1)


@pytest.fixture
def watched(fake: FakeSlack, site: Site, tmp_path: Path) -> Iterator[tuple[Path, dict[str, str], Site]]:
    """An answer set whose pages are served by `site`, recorded in its lock; then one page's text changes."""
    fake.reset()
    knowledge = make_knowledge(tmp_path / "knowledge")
    paths = point_at_vendor(knowledge)
    for path in paths:
        site.pages["/" + path] = Page(html([f"This is {path}.", *PARAGRAPHS]))
    with make_client(FAST, transport=MappedTransport({VENDOR: site.base})) as client:
        assert update_sources(knowledge, client=client, options=FAST).failed == {}
    site.pages["/" + paths[1]] = Page(html([f"This is {paths[1]}.", CHANGED, *PARAGRAPHS[1:]],
                                           nav="Home Blog", date="Updated 2 hours ago"))
    env = {"PRIVACY_BOT_SOURCE_CHECK": "true", "PRIVACY_BOT_WEEKLY_DIGEST": "true",
           "PRIVACY_BOT_SOURCES_MIRROR": f"{VENDOR}={site.base}", "PRIVACY_BOT_KNOWLEDGE_DIR": str(knowledge),
           "PRIVACY_BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PRIVACY_BOT_OUTBOX_POLL": "0.2",
           "PRIVACY_BOT_ESCALATION_REMINDER": "0"}
    yield knowledge, env, site


def start(fake: FakeSlack, workdir: Path, env: dict[str, str]) -> BotServer:
    workdir.mkdir(exist_ok=True)
    return BotServer(fake, workdir, env=env).start()


def test_a_changed_page_gives_one_notice_per_entry_once_across_replicas_and_days(watched, fake, tmp_path):
    _, env, site = watched
    a = start(fake, tmp_path / "a", env)
    try:
        fake.wait_for("chat.postMessage", lambda c: str(c.body.get("text")).startswith("Sources changed"), count=2)
        fake.wait_for("chat.postMessage", lambda c: "weekly review" in str(c.body.get("text")))
        settled(a.database_url)
        notices = {json.dumps(c.body["blocks"]).split("(`")[1].split("`)")[0]: json.dumps(c.body["blocks"])
                   for c in sources_notices(fake)}
        assert set(notices) == {FOUNDRY, TWIN} and len(sources_notices(fake)) == 2
        assert f"<@{OWNER}>" in notices[FOUNDRY] and f"<!subteam^{GROUP}>" in notices[TWIN]
        assert f"+ {CHANGED}" in notices[FOUNDRY] and "page/1" in notices[FOUNDRY]
        assert "2 hours ago" not in notices[FOUNDRY] and "Blog" not in notices[FOUNDRY]  # not a change

        # The digest: the triage channel's (overdue twin, both flagged, the group mentioned) and the owner's DM.
        [triage] = [c for c in digests(fake) if c.body["channel"] == TRIAGE]
        body = json.dumps(triage.body["blocks"])
        assert "Overdue for review* (1)" in body and "Sources changed* (2)" in body and f"<!subteam^{GROUP}>" in body
        assert "changed, of its" in body and "recorded:" not in body  # each line stands alone (no dangling colon)
        [mine] = [c for c in digests(fake) if c.body["channel"] == OWNER]
        assert "Sources changed* (1)" in json.dumps(mine.body["blocks"]) and "Overdue" not in json.dumps(
            mine.body["blocks"])
        assert len(digests(fake)) == 2  # no DM to a user group

        # A second replica on the same database: the check and the digest already ran today, this week.
        b = start(fake, tmp_path / "b", env)
        try:
            time.sleep(2.0)  # its first scheduled round has run
            assert len(sources_notices(fake)) == 2 and len(digests(fake)) == 2

            # The next day's check finds the same diff: nothing new is posted (the same keys).
            b.stop()
            now = dt.datetime.now(dt.timezone.utc)
            yesterday, last_week = now - dt.timedelta(days=1, minutes=1), now - dt.timedelta(days=7, minutes=1)
            execute(a.database_url, "UPDATE leases SET last_run_at = :t WHERE name = 'sources'", t=yesterday)
            execute(a.database_url, "UPDATE leases SET last_run_at = :t WHERE name = 'digest'", t=last_week)
            b.start()
            until_logged(b, "source check: ")
            until_logged(b, "weekly digest ")  # run again: this week's key, nothing new
            settled(a.database_url)
            assert len(sources_notices(fake)) == 2 and len(digests(fake)) == 2
            assert sorted(rows(a.database_url, "SELECT entry_id FROM source_flags")) == sorted([(FOUNDRY,), (TWIN,)])

            # Every page unreachable (the network, not the vendors): nothing posted, a warning, tried again later.
            b.stop()
            site.close()
            execute(a.database_url, "UPDATE leases SET last_run_at = :t WHERE name = 'sources'", t=yesterday)
            b.start()
            until_logged(b, "reference URLs could be fetched")
            assert len(sources_notices(fake)) == 2
            [(last_run,)] = rows(a.database_url, "SELECT last_run_at FROM leases WHERE name = 'sources'")
            assert str(last_run).startswith(str(yesterday.date()))  # not recorded as done
        finally:
            b.stop()
    finally:
        a.stop()
