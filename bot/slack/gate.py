"""Who may claim, answer or close escalations: members of the triage channel, or of a configured user group.

Anyone who can see a triage message can click its buttons, so every click and submission is checked here.
Membership is cached for a minute; someone the cache says no to is looked up again once it is a few seconds
old, so a person just added to the channel is not refused.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

PAGE = 200
MAX_PAGES = 50


class TriageGate:
    """Answers "is this person on the triage team?" from conversations.members and usergroups.users.list."""

    def __init__(self, client: Any, *, channel: str, usergroup: str | None = None, ttl: float = 60.0,
                 recheck_after: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self.channel = channel
        self.usergroup = usergroup
        self._ttl = ttl
        self._recheck_after = recheck_after
        self._clock = clock
        self._lock = threading.Lock()
        self._members: frozenset[str] = frozenset()
        self._fetched_at: float | None = None

    def allows(self, user: str) -> bool:
        """Return whether user may act on escalations (raises if Slack cannot tell us)."""
        members, age = self._current()
        if user in members:
            return True
        if age > self._recheck_after:
            members, _ = self._current(refresh=True)
        return user in members

    def _current(self, *, refresh: bool = False) -> tuple[frozenset[str], float]:
        with self._lock:
            now = self._clock()
            if refresh or self._fetched_at is None or now - self._fetched_at > self._ttl:
                self._members = self._fetch()
                self._fetched_at = now
            return self._members, now - self._fetched_at

    def _fetch(self) -> frozenset[str]:
        members: set[str] = set()
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            page = self._client.conversations_members(channel=self.channel, limit=PAGE, cursor=cursor)
            members.update(page.get("members") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        if self.usergroup:
            members.update(self._client.usergroups_users_list(usergroup=self.usergroup).get("users") or [])
        log.info("triage team: %d people (channel %s%s)", len(members), self.channel,
                 f", user group {self.usergroup}" if self.usergroup else "")
        return frozenset(members)

    def describe(self) -> dict[str, str]:
        """Return who may act, for refusals: the triage channel and, if set, the user group."""
        return {"channel": self.channel, "usergroup": self.usergroup or ""}
