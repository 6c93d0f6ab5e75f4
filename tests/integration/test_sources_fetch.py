"""Sources watch against a local web server: update, check, 304s, changes, 404s, redirects, huge and slow pages,
retries and bounded concurrency.

References must be https URLs, so the answer set cites https://vendor.example/...; the fetch layer takes an httpx
client, and these tests give it one whose transport (MappedTransport) sends https://vendor.example/ to the local
http://127.0.0.1:PORT/ server and maps Location headers back. Everything above the transport (conditional
requests, redirects, size limit, timeouts, retries, the thread pool) runs as it would against the vendors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from bot.cli import sources as cli
from bot.knowledge.sources import LOCK_FILE, check_sources, read_lock, update_sources
from bot.knowledge.sources_fetch import USER_AGENT, FetchOptions, MappedTransport, fetch, fetch_all, make_client

VENDOR = "https://vendor.example/"
FAST = FetchOptions(timeout=2.0, deadline=10.0, retries=2, backoff=0.01)
NOW = dt.datetime(2026, 11, 25, 12, 0, 10, tzinfo=dt.timezone.utc)


def html(paragraphs: list[str], *, nav: str = "Home Docs Pricing", date: str = "Updated 3 days ago",
         banner: str = "We use cookies. Accept all?", ad: str = "Try our new product today!") -> bytes:
    links = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in nav.split())
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><title>Docs</title></head><body><div class="cookie-consent">{banner}</div>'
            f"<nav><ul>{links}</ul></nav><main><article><h1>Data privacy</h1><p>{date}</p>{body}</article></main>"
            f'<aside class="ad">{ad}</aside><footer>Copyright 2026 Vendor Inc.</footer></body></html>').encode()


PARAGRAPHS = [
    "The vendor retains prompts and outputs for 30 days to detect abuse. After 30 days they are deleted "
    "automatically unless a safety investigation requires a longer period.",
    "Customer content is not used to train models unless the customer opts in. Enterprise administrators can "
    "turn off feedback sharing for the whole organisation from the admin console.",
    "Zero data retention is available on request for eligible customers with an enterprise agreement. "
    "Data at rest stays in the region that the customer selects when creating the project.",
]


@dataclass
class Page:
    body: bytes | Callable[[BaseHTTPRequestHandler], None] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    fail_first: int = 0  # answer 503 to this many requests first


class Site:
    """A local web server whose pages the tests change between runs; it counts requests in flight."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.active = self.peak = 0
        self.sent_bytes = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with site.lock:
                    site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                    site.active += 1
                    site.peak = max(site.peak, site.active)
                try:
                    site.serve(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with site.lock:
                        site.active -= 1

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        page = self.pages.get(handler.path)
        if page is None:
            page = Page(b"not here", status=404, headers={"Content-Type": "text/plain"})
        if page.delay:
            self.stop.wait(page.delay)
        if page.fail_first:
            page.fail_first -= 1
            page = Page(b"busy", status=503, headers={"Content-Type": "text/plain"})
        etag = page.headers.get("ETag")
        if etag and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if callable(page.body):
            page.body(handler)
            return
        handler.send_response(page.status)
        for name, value in page.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(page.body)))
        handler.end_headers()
        handler.wfile.write(page.body)

    def seen(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


@pytest.fixture
def client(site: Site) -> Iterator[httpx.Client]:
    with make_client(FAST, transport=MappedTransport({VENDOR: site.base})) as http:
        yield http


@pytest.fixture
def answer_set(knowledge_copy: Path, site: Site) -> Path:
    """Two entries whose references point at the local site (one page cited by both); the others removed."""
    answers = knowledge_copy / "answers"
    keep = {"claude-microsoft-foundry": "a", "gemini-api": "b"}
    for path in answers.glob("*.yaml"):
        if path.stem not in keep:
            path.unlink()
    for stem, prefix in keep.items():
        path = answers / f"{stem}.yaml"
        text = path.read_text()
        urls = [str(r["url"]) for r in yaml.safe_load(text)["references"]]
        for i, url in enumerate(urls):
            text = text.replace(url, f"{VENDOR}shared" if i == 0 else f"{VENDOR}{prefix}/{i}")
        path.write_text(text)
    for path in ["shared", *(f"{p}/{i}" for p in keep.values() for i in range(1, 12))]:
        site.pages["/" + path] = Page(html([f"This page is {path}.", *PARAGRAPHS]),
                                      headers={"Content-Type": "text/html; charset=utf-8", "ETag": f'"{path}-1"',
                                               "Last-Modified": "Wed, 04 Mar 2026 10:00:00 GMT"})
    return knowledge_copy


def urls_of(directory: Path, entry: str) -> list[str]:
    return [str(r["url"]) for r in yaml.safe_load((directory / "answers" / f"{entry}.yaml").read_text())["references"]]


def states(report: Any) -> dict[str, str]:
    return {c.url: c.state for c in report.checks}


def test_update_writes_the_lock_with_hash_sentences_and_validators(answer_set, site, client):
    update = update_sources(answer_set, client=client, options=FAST, now=NOW)
    assert update.failed == {} and update.path == answer_set / LOCK_FILE
    rows = read_lock(answer_set)
    assert set(rows) == set(urls_of(answer_set, "claude-microsoft-foundry")) | set(urls_of(answer_set, "gemini-api"))
    shared = rows[f"{VENDOR}shared"]
    assert shared.entries == ("claude-microsoft-foundry", "gemini-api") and shared.status == 200
    assert shared.etag == '"shared-1"' and shared.last_modified == "Wed, 04 Mar 2026 10:00:00 GMT"
    assert shared.hash.startswith("sha256:") and shared.fetched == "2026-11-25T12:00:10Z"
    assert shared.final_url == f"{VENDOR}shared" and "This page is shared." in shared.sentences
    assert "The vendor retains prompts and outputs for 30 days to detect abuse." in shared.sentences
    assert not any(w in " ".join(shared.sentences) for w in ("cookies", "Pricing", "3 days ago", "new product"))
    first = (answer_set / LOCK_FILE).read_text()
    update_sources(answer_set, client=client, options=FAST, now=NOW)
    assert (answer_set / LOCK_FILE).read_text() == first  # deterministic
    assert {h["user-agent"] for _, h in site.requests} == {USER_AGENT}


def test_check_unchanged_sends_conditional_requests_and_takes_304(answer_set, site, client):
    update_sources(answer_set, client=client, options=FAST)
    site.requests.clear()
    report = check_sources(answer_set, client=client, options=FAST)
    assert set(states(report).values()) == {"unchanged"} and not report.failed
    headers = site.seen("/shared")[0]
    assert headers["if-none-match"] == '"shared-1"'
    assert headers["if-modified-since"] == "Wed, 04 Mar 2026 10:00:00 GMT"
    assert all(c.detail == "304 Not Modified" for c in report.checks)


def test_navigation_date_banner_and_ad_changes_are_not_changes(answer_set, site, client):
    update_sources(answer_set, client=client, options=FAST)
    site.pages["/a/1"] = Page(html(["This page is a/1.", *PARAGRAPHS], nav="Start Guides API Blog Careers",
                                   date="Last updated: November 24, 2026", banner="Cookies! Reject or accept?",
                                   ad="A completely different advert."),
                              headers={"Content-Type": "text/html", "ETag": '"a1-2"'})
    report = check_sources(answer_set, entry_ids=["claude-microsoft-foundry"], client=client, options=FAST)
    check = next(c for c in report.checks if c.url == f"{VENDOR}a/1")
    assert check.state == "unchanged" and check.detail == ""  # read in full (new ETag), same text
    assert not report.failed


def test_a_changed_paragraph_is_reported_with_its_sentences_and_exit_1(answer_set, site, client, capsys):
    update_sources(answer_set, client=client, options=FAST)
    changed = [PARAGRAPHS[0].replace("30 days to detect abuse", "90 days to detect abuse"), *PARAGRAPHS[1:]]
    site.pages["/b/1"] = Page(html(["This page is b/1.", *changed]), headers={"Content-Type": "text/html"})
    report = check_sources(answer_set, client=client, options=FAST)
    check = next(c for c in report.checks if c.url == f"{VENDOR}b/1")
    assert check.state == "changed" and report.failed
    assert check.added == ("The vendor retains prompts and outputs for 90 days to detect abuse.",)
    assert check.removed == ("The vendor retains prompts and outputs for 30 days to detect abuse.",)
    assert set(report.flagged()) == {"gemini-api"}
    summary = report.summary_for("gemini-api")
    assert f"changed: {VENDOR}b/1" in summary and "  + The vendor retains prompts and outputs for 90 days" in summary
    args = argparse.Namespace(knowledge=str(answer_set), entry_ids=["gemini-api"], format="text")
    assert cli.cmd_check(args, client=client, options=FAST) == 1
    out = capsys.readouterr().out
    assert out.startswith("gemini-api\n") and f"  changed     {VENDOR}b/1" in out
    assert "      - The vendor retains prompts and outputs for 30 days to detect abuse." in out
    assert cli.cmd_check(argparse.Namespace(knowledge=str(answer_set), entry_ids=[], format="json"),
                         client=client, options=FAST) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["failed"] and data["counts"]["changed"] == 1
    assert {c["state"] for c in data["entries"]["claude-microsoft-foundry"]} == {"unchanged"}


def test_404_410_and_a_refused_connection_are_gone(answer_set, site):
    unused = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    closed = f"http://127.0.0.1:{unused.server_address[1]}/"
    unused.server_close()
    mapping = {f"{VENDOR}b/2": closed + "b/2", VENDOR: site.base}
    with make_client(FAST, transport=MappedTransport(mapping)) as http:
        update_sources(answer_set, client=http, options=FAST)
        site.pages["/a/1"] = Page(b"gone", status=404, headers={"Content-Type": "text/plain"})
        site.pages["/a/2"] = Page(b"gone for good", status=410, headers={"Content-Type": "text/plain"})
        report = check_sources(answer_set, client=http, options=FAST)
    checks = {c.url: c for c in report.checks}
    assert (checks[f"{VENDOR}a/1"].state, checks[f"{VENDOR}a/1"].detail) == ("gone", "HTTP 404")
    assert (checks[f"{VENDOR}a/2"].state, checks[f"{VENDOR}a/2"].detail) == ("gone", "HTTP 410")
    assert checks[f"{VENDOR}b/2"].state == "gone" and "unreachable (3 attempts)" in checks[f"{VENDOR}b/2"].detail
    assert report.failed and len(site.seen("/a/1")) == 2  # 404 is not retried (one at update, one at check)


def test_a_redirect_to_another_path_is_reported(answer_set, site, client):
    update_sources(answer_set, client=client, options=FAST)
    site.pages["/a/2-moved"] = site.pages["/a/2"]
    site.pages["/a/2"] = Page(b"", status=301, headers={"Location": "/a/2-moved", "Content-Type": "text/plain"})
    report = check_sources(answer_set, entry_ids=["claude-microsoft-foundry"], client=client, options=FAST)
    check = next(c for c in report.checks if c.url == f"{VENDOR}a/2")
    assert check.state == "redirected" and check.final_url == f"{VENDOR}a/2-moved" and not check.text_changed
    assert not report.failed and "redirected" in report.summary_for("claude-microsoft-foundry")


def test_urls_without_a_lock_row_are_new_and_a_partial_update_keeps_other_rows(answer_set, site, client):
    report = check_sources(answer_set, client=client, options=FAST)
    assert set(states(report).values()) == {"new"} and not report.failed
    update_sources(answer_set, client=client, options=FAST, now=NOW)
    before = read_lock(answer_set)
    site.pages["/b/1"] = Page(html(["Something else entirely is said here now."]),
                              headers={"Content-Type": "text/html"})
    later = NOW + dt.timedelta(days=1)
    update_sources(answer_set, entry_ids=["claude-microsoft-foundry"], client=client, options=FAST, now=later)
    after = read_lock(answer_set)
    assert after[f"{VENDOR}b/1"] == before[f"{VENDOR}b/1"]
    assert after[f"{VENDOR}a/1"].fetched == "2026-11-26T12:00:10Z"
    assert after[f"{VENDOR}shared"].fetched == "2026-11-26T12:00:10Z"  # cited by both, fetched for the one given


def test_a_failed_fetch_keeps_the_old_row_and_update_exits_1(answer_set, site, client, capsys):
    args = argparse.Namespace(knowledge=str(answer_set), entry_ids=["gemini-api"])
    assert cli.cmd_update(args, client=client, options=FAST) == 0
    before = read_lock(answer_set)[f"{VENDOR}b/1"]
    site.pages["/b/1"] = Page(b"no", status=404)
    assert cli.cmd_update(args, client=client, options=FAST) == 1
    assert f"not recorded: {VENDOR}b/1: HTTP 404" in capsys.readouterr().err
    assert read_lock(answer_set)[f"{VENDOR}b/1"] == before


def test_a_huge_page_is_cut_at_the_size_limit_without_reading_it_all(site, client):
    sentence = b"Line %d of an endless page says something new. "
    total = 200_000_000

    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(total))
        handler.end_headers()
        sent, n = 0, 0
        while sent < total and not site.stop.is_set():
            chunk = b"".join(sentence % i for i in range(n, n + 1000))
            handler.wfile.write(chunk)
            sent, n = sent + len(chunk), n + 1000
            site.sent_bytes = sent

    site.pages["/huge"] = Page(endless)
    options = FetchOptions(max_bytes=1_000_000, timeout=5, retries=0)
    tracemalloc.start()
    started = time.monotonic()
    page = fetch(client, f"{VENDOR}huge", options=options)
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert page.ok and page.truncated and 20_000 < len(page.sentences) < 22_000
    assert peak < 30_000_000 and elapsed < 20
    time.sleep(0.2)
    assert site.sent_bytes < total / 10  # the connection was closed, not drained


def test_a_slow_server_times_out_as_gone_instead_of_hanging(site, client):
    site.pages["/slow"] = Page(html(PARAGRAPHS), delay=30)

    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        while not site.stop.wait(0.05):
            handler.wfile.write(b"x ")
            handler.wfile.flush()

    site.pages["/trickle"] = Page(trickle)
    options = FetchOptions(timeout=0.3, deadline=0.6, retries=1, backoff=0.01)
    started = time.monotonic()
    pages = fetch_all([f"{VENDOR}slow", f"{VENDOR}trickle"], client=client, options=options)
    assert time.monotonic() - started < 5
    assert pages[f"{VENDOR}slow"].error == pages[f"{VENDOR}trickle"].error == "timed out (2 attempts)"
    assert len(site.seen("/slow")) == 2


def test_5xx_is_retried_with_backoff_then_reported(site, client):
    site.pages["/flaky"] = Page(html(PARAGRAPHS), fail_first=2)
    site.pages["/down"] = Page(b"down", status=500, headers={"Content-Type": "text/plain"})
    pages = fetch_all([f"{VENDOR}flaky", f"{VENDOR}down"], client=client, options=FAST)
    assert pages[f"{VENDOR}flaky"].ok and len(site.seen("/flaky")) == 3
    assert pages[f"{VENDOR}down"].error == "HTTP 500 (3 attempts)" and len(site.seen("/down")) == 3


def test_concurrency_is_bounded(site, client):
    for i in range(12):
        site.pages[f"/p{i}"] = Page(html([f"Page {i}.", *PARAGRAPHS]), delay=0.15)
    pages = fetch_all([f"{VENDOR}p{i}" for i in range(12)], client=client,
                      options=FetchOptions(workers=3, timeout=5))
    assert all(p.ok for p in pages.values())
    assert 2 <= site.peak <= 3



def test_markdown_text_and_binary_pages_and_a_redirect_loop(site, client):
    site.pages["/guide.md"] = Page(b"# Guide\n\n_Last updated 2 days ago_\n\n- Prompts are kept for 30 days.\n",
                                   headers={"Content-Type": "text/markdown"})
    site.pages["/dpa.pdf"] = Page(b"%PDF-1.7\x00\x01\x02\xff", headers={"Content-Type": "application/pdf"})
    site.pages["/loop"] = Page(b"", status=302, headers={"Location": "/loop", "Content-Type": "text/plain"})
    pages = fetch_all([f"{VENDOR}guide.md", f"{VENDOR}dpa.pdf", f"{VENDOR}loop"], client=client, options=FAST)
    assert pages[f"{VENDOR}guide.md"].sentences == ("Guide", "Prompts are kept for 30 days.")
    pdf = pages[f"{VENDOR}dpa.pdf"]
    assert pdf.ok and pdf.sentences == () and pdf.hash and pdf.hash.startswith("sha256:")
    assert pages[f"{VENDOR}loop"].error == "more than 5 redirects"


def test_the_sources_commands_fetch_through_the_mirror_setting(answer_set, site, monkeypatch, capsys):
    from bot.cli.main import main

    monkeypatch.setenv("PRIVACY_BOT_SOURCES_MIRROR", f"{VENDOR}={site.base}")  # as the daily check in serve reads it
    urls = set(urls_of(answer_set, "claude-microsoft-foundry")) | set(urls_of(answer_set, "gemini-api"))
    assert main(["--knowledge", str(answer_set), "sources", "update"]) == 0
    assert f"recorded {len(urls)} of {len(urls)} URLs" in capsys.readouterr().out
    rows = read_lock(answer_set)
    assert set(rows) == urls and {row.status for row in rows.values()} == {200}  # vendor.example itself never resolves
    assert len(site.requests) == len(urls) and {h["user-agent"] for _, h in site.requests} == {USER_AGENT}
    assert main(["--knowledge", str(answer_set), "sources", "check", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["unchanged"] == len(urls) and not data["failed"] and len(site.requests) == 2 * len(urls)
