"""End-to-end: the real `privacy-bot serve` in a subprocess against the fake Slack on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakeslack import FakeSlack


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    """A fake Slack (Web API, response_url, Socket Mode) per test module."""
    fake = FakeSlack().start()
    yield fake
    fake.stop()
