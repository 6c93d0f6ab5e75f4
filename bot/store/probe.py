"""A database check bounded in time, for probes: a PostgreSQL server that hangs (no answer, no error) fails the
check after a few seconds instead of holding the probe, and a second hung check is never started beside it."""

from __future__ import annotations

import threading
from collections.abc import Callable


class _Attempt:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: BaseException | None = None


class BoundedCheck:
    """Run check in a thread of its own and wait at most timeout seconds for it. While one attempt hangs, every
    caller waits on that one (no more threads, no more pooled connections held) until it ends."""

    def __init__(self, check: Callable[[], None], *, timeout: float, what: str = "the database") -> None:
        self._check = check
        self._timeout = timeout
        self._what = what
        self._lock = threading.Lock()
        self._attempt: _Attempt | None = None

    def _run(self, attempt: _Attempt) -> None:
        try:
            self._check()
        except BaseException as exc:  # handed to the caller
            attempt.error = exc
        finally:
            attempt.done.set()

    def __call__(self) -> None:
        """Raise what check raised, or TimeoutError when it has not ended within the timeout."""
        with self._lock:
            attempt = self._attempt
            if attempt is None:
                attempt = self._attempt = _Attempt()
                threading.Thread(target=self._run, args=(attempt,), name="db-check", daemon=True).start()
        if not attempt.done.wait(self._timeout):
            raise TimeoutError(f"{self._what} did not answer within {self._timeout:g} s")
        with self._lock:
            if self._attempt is attempt:
                self._attempt = None
        if attempt.error is not None:
            raise attempt.error


def bounded_read(read: Callable[[], dict[str, int]], *, timeout: float) -> Callable[[], dict[str, int]]:
    """Return read bounded like BoundedCheck (the gauges of /metrics: a hung database omits them, it does not hold the
    scrape; TimeoutError, which the collector treats as the database being away)."""
    box: dict[str, dict[str, int]] = {}
    check = BoundedCheck(lambda: box.__setitem__("state", read()), timeout=timeout)

    def bounded() -> dict[str, int]:
        check()
        return box.pop("state", {})

    return bounded
