"""Watch the vendors' pages that entries cite: a lock of what each page said when reviewed, and what changed since.

`update_sources` records every reference URL's main text in <answer set>/sources.lock.yaml (committed with the
answer set); `check_sources` fetches again and compares: unchanged, changed (sentences added and removed), gone,
redirected, or new (no lock row yet). Comparing is pure (`compare`, `diff_sentences`); fetching and reducing a
page to sentences is in sources_fetch.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import httpx
import yaml

from bot.core.models import Entry
from bot.knowledge.loader import KnowledgeError, LoadError, answer_files, load_entities, load_entry
from bot.knowledge.sources_fetch import Fetched, FetchOptions, fetch_all

LOCK_FILE = "sources.lock.yaml"
MAX_SENTENCES = 400  # per page in the lock; the hash covers the whole main text
SHOW = 10            # sentences added (and removed) shown per entry in a summary
CUT = 200            # characters shown per sentence
HEADER = ("# What the pages cited by the answer set said when last recorded: `privacy-bot sources update` writes it,\n"
          "# `privacy-bot sources check` compares against it. Commit it with the answer set.\n")
State = Literal["unchanged", "changed", "gone", "redirected", "new"]
STATES: tuple[State, ...] = ("unchanged", "changed", "gone", "redirected", "new")
FLAGGED: tuple[State, ...] = ("changed", "gone", "redirected")
HttpClient = httpx.Client

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Snapshot:
    """One lock row: what a URL said when it was recorded."""

    url: str
    entries: tuple[str, ...]
    fetched: str
    final_url: str
    status: int
    etag: str | None
    last_modified: str | None
    hash: str
    sentences: tuple[str, ...]

    def row(self) -> dict[str, Any]:
        """Return the row as written to the lock file."""
        return {"entries": list(self.entries), "fetched": self.fetched, "final_url": self.final_url,
                "status": self.status, "etag": self.etag, "last_modified": self.last_modified, "hash": self.hash,
                "sentences": list(self.sentences)}

    @classmethod
    def from_row(cls, url: str, row: Mapping[str, Any]) -> Snapshot:
        """Return the snapshot of a lock row."""
        fetched = row.get("fetched", "")
        return cls(url=url, entries=tuple(str(e) for e in row.get("entries") or ()),
                   fetched=fetched.isoformat() if isinstance(fetched, dt.datetime) else str(fetched),
                   final_url=str(row.get("final_url") or url), status=int(row.get("status") or 0),
                   etag=row.get("etag"), last_modified=row.get("last_modified"), hash=str(row.get("hash") or ""),
                   sentences=tuple(str(s) for s in row.get("sentences") or ()))


def snapshot(page: Fetched, entries: Iterable[str], now: dt.datetime) -> Snapshot:
    """Return the lock row for a page that was read (its first MAX_SENTENCES sentences)."""
    stamp = now.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Snapshot(url=page.url, entries=tuple(sorted(set(entries))), fetched=stamp,
                    final_url=page.final_url or page.url, status=page.status or 0, etag=page.etag,
                    last_modified=page.last_modified, hash=page.hash or "", sentences=page.sentences[:MAX_SENTENCES])


@dataclass(frozen=True)
class UrlCheck:
    """What became of one URL since it was recorded."""

    url: str
    state: State
    entries: tuple[str, ...] = ()
    detail: str = ""
    final_url: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def text_changed(self) -> bool:
        """Return whether the page's main text differs from the lock (changed, or redirected to other text)."""
        return self.state == "changed" or bool(self.added or self.removed)

    def as_json(self) -> dict[str, Any]:
        """Return the check as a JSON-ready mapping."""
        return {"url": self.url, "state": self.state, "detail": self.detail, "final_url": self.final_url,
                "entries": list(self.entries), "added": list(self.added), "removed": list(self.removed)}


def diff_sentences(old: Iterable[str], new: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (sentences added, sentences removed), in page order; a moved sentence is neither."""
    before, after = list(old), list(new)
    known, kept = set(before), set(after)
    return (tuple(dict.fromkeys(s for s in after[:MAX_SENTENCES] if s not in known)),  # the lock holds no more
            tuple(dict.fromkeys(s for s in before if s not in kept)))


def compare(url: str, locked: Snapshot | None, page: Fetched, entries: Iterable[str] = ()) -> UrlCheck:
    """Return what became of a URL, given its lock row (None: never recorded) and what fetching it gave now."""
    base = UrlCheck(url=url, state="unchanged", entries=tuple(sorted(set(entries))), final_url=page.final_url)
    if not page.ok:
        return replace(base, state="gone", detail=page.error or "")
    if locked is None:
        return replace(base, state="new", detail="no lock row yet: run `privacy-bot sources update`")
    cut = " (cut at the size limit)" if page.truncated else ""
    added: tuple[str, ...] = ()
    removed = added
    detail = "304 Not Modified" if page.not_modified else ""
    if not page.not_modified and page.hash != locked.hash:
        added, removed = diff_sentences(locked.sentences, page.sentences)
        if not (added or removed):
            detail = ("the file changed (not text)" if not (page.sentences or locked.sentences)
                      else "the text changed (order, or past the sentences recorded)")
    if page.final_url and page.final_url != locked.final_url:
        return replace(base, state="redirected", detail=f"now {page.final_url} (was {locked.final_url}){cut}",
                       added=added, removed=removed)
    if page.not_modified or page.hash == locked.hash:
        return replace(base, detail=detail)
    return replace(base, state="changed", detail=detail + cut, added=added, removed=removed)


def _cut(sentence: str) -> str:
    return sentence if len(sentence) <= CUT else sentence[: CUT - 1].rstrip() + "…"


@dataclass(frozen=True)
class SourcesReport:
    """Every URL checked, and for which entries; entries with changed, gone or redirected sources are flagged."""

    checks: tuple[UrlCheck, ...]
    entry_ids: tuple[str, ...]

    def for_entry(self, entry_id: str) -> tuple[UrlCheck, ...]:
        """Return the checks of the URLs an entry cites."""
        return tuple(c for c in self.checks if entry_id in c.entries)

    def flagged(self) -> dict[str, tuple[UrlCheck, ...]]:
        """Return, per entry whose sources changed, are gone or redirected, those URLs' checks."""
        out = {e: tuple(c for c in self.for_entry(e) if c.state in FLAGGED) for e in self.entry_ids}
        return {e: checks for e, checks in out.items() if checks}

    @property
    def failed(self) -> bool:
        """Return whether any page's text changed or a page is gone (the check's exit status 1)."""
        return any(c.state == "gone" or c.text_changed for c in self.checks)

    def counts(self) -> dict[str, int]:
        """Return how many URLs are in each state."""
        return {s: sum(c.state == s for c in self.checks) for s in STATES}

    def summary_for(self, entry_id: str) -> str:
        """Return plain text saying which of an entry's sources changed, with some sentences added and removed."""
        checks = self.for_entry(entry_id)
        flagged = [c for c in checks if c.state in FLAGGED]
        if not flagged:
            return f"The sources of {entry_id} are unchanged ({len(checks)} pages)."
        lines = [f"{len(flagged)} of the {len(checks)} sources of {entry_id} changed since they were recorded:"]
        shown, hidden = {"+": 0, "-": 0}, {"+": 0, "-": 0}
        for check in flagged:
            lines.append(f"{check.state}: {check.url}" + (f" ({check.detail})" if check.detail else ""))
            for mark, sentences in (("+", check.added), ("-", check.removed)):
                for sentence in sentences:
                    if shown[mark] < SHOW:
                        lines.append(f"  {mark} {_cut(sentence)}")
                        shown[mark] += 1
                    else:
                        hidden[mark] += 1
        if hidden["+"] or hidden["-"]:
            lines.append(f"({hidden['+']} more added and {hidden['-']} more removed sentences not shown)")
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        """Return the report as a JSON-ready mapping: per entry, every URL's check."""
        return {"entries": {e: [c.as_json() for c in self.for_entry(e)] for e in self.entry_ids},
                "counts": self.counts(), "failed": self.failed}


# -- the lock file ---------------------------------------------------------------------------------------------


def lock_path(directory: Path) -> Path:
    """Return where an answer set's sources lock lives."""
    return Path(directory) / LOCK_FILE


def lock_text(rows: Mapping[str, Snapshot]) -> str:
    """Return the lock file's text: URLs and keys sorted, one sentence per line, so git diffs read well."""
    data = {url: rows[url].row() for url in sorted(rows)}
    return HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=True, allow_unicode=True, width=2**31 - 1,
                              default_flow_style=False)


def read_lock(directory: Path) -> dict[str, Snapshot]:
    """Return the lock rows by URL ({} when there is no lock yet); raise KnowledgeError if it is unreadable."""
    path = lock_path(directory)
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError([LoadError(str(path), 1, "", f"cannot read the sources lock: {exc}")]) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(row, dict) for row in data.values()):
        raise KnowledgeError([LoadError(str(path), 1, "", "expected a mapping of URL -> fields")])
    return {str(url): Snapshot.from_row(str(url), row) for url, row in data.items()}


def write_lock(directory: Path, rows: Mapping[str, Snapshot]) -> Path:
    """Write the lock file atomically; return its path."""
    path = lock_path(directory)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(lock_text(rows), encoding="utf-8")
    os.replace(temporary, path)
    return path


# -- over an answer set ----------------------------------------------------------------------------------------


def load_entries(directory: Path) -> dict[str, Entry]:
    """Return every entry that validates, published or draft, by id (`privacy-bot check` reports the rest)."""
    entities = load_entities(Path(directory))
    entries: dict[str, Entry] = {}
    for path in answer_files(Path(directory)):
        try:
            entry, _, _ = load_entry(path, entities)
        except KnowledgeError:
            continue
        if entry is not None:
            entries.setdefault(entry.id, entry)
    return entries


def cited(entries: Iterable[Entry]) -> dict[str, tuple[str, ...]]:
    """Return, per reference URL, the ids of the entries citing it."""
    out: dict[str, set[str]] = {}
    for entry in entries:
        for reference in entry.references:
            out.setdefault(str(reference.url), set()).add(entry.id)
    return {url: tuple(sorted(ids)) for url, ids in sorted(out.items())}


def _selected(directory: Path, entry_ids: Iterable[str] | None
              ) -> tuple[dict[str, tuple[str, ...]], list[str], list[str]]:
    """Return (cited URLs with their entries, the selected entries' URLs, their ids); ValueError: unknown id."""
    entries = load_entries(directory)
    wanted = sorted(set(entry_ids)) if entry_ids else sorted(entries)
    unknown = [e for e in wanted if e not in entries]
    if unknown:
        raise ValueError(f"unknown entry id(s): {', '.join(unknown)}")
    urls = cited(entries.values())
    return urls, [u for u, ids in urls.items() if set(ids) & set(wanted)], wanted


@dataclass(frozen=True)
class Update:
    """What `update_sources` recorded, and which URLs could not be read (their old rows are kept)."""

    path: Path
    recorded: tuple[str, ...]
    failed: dict[str, str]


def update_sources(directory: Path, *, entry_ids: Iterable[str] | None = None, client: HttpClient | None = None,
                   options: FetchOptions | None = None, now: dt.datetime | None = None) -> Update:
    """Fetch the given entries' references (all entries' by default) and record them in the lock."""
    urls, selected, _ = _selected(directory, entry_ids)
    pages = fetch_all(selected, client=client, options=options)
    rows, moment = read_lock(directory), now or dt.datetime.now(dt.timezone.utc)
    recorded = [u for u in selected if pages[u].ok and not pages[u].not_modified]
    rows.update({u: snapshot(pages[u], urls[u], moment) for u in recorded})
    if not entry_ids:  # a full update forgets the URLs no entry cites any more
        rows = {u: row for u, row in rows.items() if u in urls}
    rows = {u: replace(row, entries=urls.get(u, row.entries)) for u, row in rows.items()}
    path = write_lock(directory, rows)
    return Update(path, tuple(recorded), {u: pages[u].error or "" for u in selected if u not in recorded})


def check_sources(directory: Path, *, entry_ids: Iterable[str] | None = None, client: HttpClient | None = None,
                  options: FetchOptions | None = None) -> SourcesReport:
    """Fetch the given entries' references again (all entries' by default) and compare them with the lock."""
    urls, selected, wanted = _selected(directory, entry_ids)
    rows = read_lock(directory)
    validators = {u: (rows[u].etag, rows[u].last_modified) for u in selected if u in rows}
    pages = fetch_all(selected, client=client, validators=validators, options=options)
    checks = tuple(compare(u, rows.get(u), pages[u], urls[u]) for u in selected)
    return SourcesReport(checks, tuple(wanted))
