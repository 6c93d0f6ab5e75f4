"""Hot reload of the answer set: poll file fingerprints (and SIGHUP), swap atomically, keep the old set when any
file has a problem."""

from __future__ import annotations

import hashlib
import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from bot.knowledge.loader import ANSWERS_DIR, ENTITIES_FILE, Knowledge, KnowledgeError

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(directory: Path) -> Fingerprint:
    """Return (path, size, mtime) of every file the answer set is made of; any edit changes it."""
    files = [directory / ENTITIES_FILE, *sorted((directory / ANSWERS_DIR).rglob("*.yaml"))]
    out = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)


def left_out(knowledge: Knowledge) -> list[str]:
    """Return the drafts a load left out of serving (a set with invalid files is never served)."""
    return [f"{d}: draft (not served until published)" for d in knowledge.drafts]


class Reloader:
    """Watches an answer set directory and swaps a new, valid set in; an edit leaving any file invalid keeps the
    whole old set (an entry is never dropped from service because its file broke).

    Args:
        directory: the answer set directory.
        load: loads the directory (raises KnowledgeError when nothing can be served); a load that lists problems
            is refused like one that raises.
        swap: installs what was loaded atomically (e.g. AnswerHolder.swap).
        report: called once per distinct set of problems, with the file:line lines (e.g. post to triage): why the
            new set was refused and the old one kept, or the drafts a new set leaves out.
        interval: seconds between polls (0: never poll; reload only when request() is called).
        seen: the fingerprint of the files the current set was loaded from (default: the files as they are now).
    """

    def __init__(self, directory: Path, *, load: Callable[[Path], Knowledge], swap: Callable[[Knowledge], None],
                 report: Callable[[list[str], bool], None], interval: float = 5.0,
                 seen: Fingerprint | None = None) -> None:
        self.directory = directory
        self._load = load
        self._swap = swap
        self._report = report
        self.interval = interval
        self._seen = fingerprint(directory) if seen is None else seen
        self._reported: str | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.reloads = 0

    def check(self, *, force: bool = False) -> bool:
        """Reload if the files changed (or force); return whether a new set was swapped in."""
        with self._lock:
            current = fingerprint(self.directory)
            if current == self._seen and not force:
                return False
            self._seen = current
            try:
                knowledge = self._load(self.directory)
                if knowledge.problems:
                    raise KnowledgeError(knowledge.problems)
            except KnowledgeError as exc:
                lines = [str(e) for e in exc.errors]
                log.error("answer set reload failed; keeping the previous set:\n%s", "\n".join(lines))
                self.tell(lines, kept_previous=True)
                return False
            self._swap(knowledge)
            self.reloads += 1
            log.info("answer set reloaded: %d entries from %s", len(knowledge.answers.entries), self.directory)
            self.tell(left_out(knowledge), kept_previous=False)
            return True

    def tell(self, lines: list[str], *, kept_previous: bool = False) -> None:
        """Report problems once per distinct set of them (none: nothing to say, and forget the last report)."""
        if not lines:
            self._reported = None
            return
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        if digest != self._reported:
            self._reported = digest
            log.error("answer set problems (%s):\n%s", "previous set kept" if kept_previous else "drafts left out",
                      "\n".join(lines))
            try:
                self._report(lines, kept_previous)
            except Exception:  # the set keeps serving even when the notice cannot be sent
                log.exception("could not report the answer set's problems")

    @property
    def seen(self) -> Fingerprint:
        """Return the fingerprint of the files the current answer set was loaded from."""
        return self._seen

    @seen.setter
    def seen(self, value: Fingerprint) -> None:
        self._seen = value

    def request(self) -> None:
        """Ask the watcher thread to reload now (safe from a signal handler)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            forced = self._wake.wait(min(self.interval, threading.TIMEOUT_MAX) or None)  # 0: SIGHUP only
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.check(force=forced)
            except Exception:  # a watcher that dies silently would freeze the answer set
                log.exception("answer set reload check failed")

    def start(self) -> None:
        """Start polling in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="answer-set-reloader", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the polling thread."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def install_sighup(self) -> bool:
        """Reload on SIGHUP (main thread only); return whether the handler was installed."""
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGHUP"):
            return False

        def handler(_signum: int, _frame: FrameType | None) -> None:
            self.request()

        signal.signal(signal.SIGHUP, handler)
        return True
