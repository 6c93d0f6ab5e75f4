"""Sources watch over the shipped answer set, against a local mirror of every reference URL.

There is no internet here, so each reference URL gets a generated page on a local server: navigation, a cookie
banner, a date line and a few paragraphs made from the citing entries' own statements (Markdown URLs get
Markdown). https://HOST/PATH is served as http://127.0.0.1:PORT/HOST/PATH through MappedTransport, as in
tests/integration/test_sources_fetch.py. Printed: URLs, time and peak memory of `sources update` and
`sources check`, then what `sources check` says after every page's navigation and date line changed and 3 pages'
text changed (expected: 3 changed, the rest unchanged).

    python tests/bench/bench_sources.py [--latency-ms 50] [--workers 4]
"""

from __future__ import annotations

import argparse
import contextlib
import html
import io
import resource
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.cli import sources as cli
from bot.core.models import Entry
from bot.knowledge.sources import LOCK_FILE, cited, load_entries
from bot.knowledge.sources_fetch import FetchOptions, MappedTransport, make_client

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


def statements(entry: Entry) -> list[str]:
    """Return what an entry says, as the paragraphs a vendor page might have."""
    out = [entry.summary, f"{entry.retention.what} Retention: {entry.retention.duration}."]
    out += [text for text in (entry.retention.how_to_reduce, entry.training_use, entry.data_location) if text]
    out += [f"{party.name} acts as {party.role} for {party.data}" for party in entry.processor]
    return out


class Mirror:
    """Generated pages for every URL; `edition` changes every page's navigation and date line."""

    def __init__(self, entries: dict[str, Entry], urls: dict[str, tuple[str, ...]], latency: float):
        self.latency = latency
        self.edition = 1
        self.text: dict[str, list[str]] = {}
        self.titles: dict[str, str] = {}
        for url, ids in urls.items():
            key = url.removeprefix("https://").split("#")[0]
            self.titles[key] = next(r.title for r in entries[ids[0]].references if str(r.url) == url)
            self.text[key] = [p for i in ids for p in statements(entries[i])][:8]
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                time.sleep(mirror.latency)
                status, headers, body = mirror.page(self.path.lstrip("/"), self.headers.get("If-None-Match"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def page(self, key: str, if_none_match: str | None) -> tuple[int, dict[str, str], bytes]:
        if key not in self.text:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        etag = f'"{abs(hash((key, tuple(self.text[key])))):x}"'  # the text's version: nav and dates do not count
        if if_none_match == etag and hash(key) % 2:  # half the servers answer conditional requests
            return 304, {"ETag": etag}, b""
        headers = {"ETag": etag, "Last-Modified": "Wed, 04 Mar 2026 10:00:00 GMT"}
        if key.split("?")[0].endswith(".md"):
            body = f"# {self.titles[key]}\n\n_Last updated {self.edition} days ago_\n\n" + "\n\n".join(self.text[key])
            return 200, {**headers, "Content-Type": "text/markdown; charset=utf-8"}, body.encode()
        nav = "".join(f'<li><a href="/{n}">{n.title()}</a></li>' for n in ("docs", "pricing", "blog", "careers")[
            : 2 + self.edition % 3])
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in self.text[key])
        body = (f"<html><head><title>{html.escape(self.titles[key])}</title></head><body>"
                f'<div class="cookie-banner">We use cookies (edition {self.edition}). Accept all?</div>'
                f"<nav><ul>{nav}</ul></nav><main><article><h1>{html.escape(self.titles[key])}</h1>"
                f"<p>Last updated: March {self.edition}, 2026</p>{paragraphs}</article></main>"
                f'<aside class="ad">Edition {self.edition} of our newsletter!</aside>'
                f"<footer>Copyright 2026</footer></body></html>")
        return 200, {**headers, "Content-Type": "text/html; charset=utf-8"}, body.encode()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(command: Any, args: argparse.Namespace, **kw: Any) -> tuple[int, float, str]:
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = command(args, **kw)
    return status, time.perf_counter() - started, out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0, help="server delay per request (a far server)")
    parser.add_argument("--workers", type=int, default=4)
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sources-"))
    try:
        directory = work / "knowledge"
        shutil.copytree(KNOWLEDGE, directory, ignore=shutil.ignore_patterns(LOCK_FILE))
        entries = load_entries(directory)
        urls = cited(entries.values())
        mirror = Mirror(entries, urls, opts.latency_ms / 1000)
        options = FetchOptions(workers=opts.workers)
        print(f"{len(entries)} entries, {len(urls)} reference URLs ({sum(map(len, urls.values()))} citations), "
              f"{opts.latency_ms:.0f} ms per request, {opts.workers} at a time; peak RSS at start {peak_mb():.0f} MB")
        with make_client(options, transport=MappedTransport({"https://": mirror.base})) as client:
            base = {"knowledge": str(directory), "entry_ids": []}
            status, took, out = run(cli.cmd_update, argparse.Namespace(**base), client=client, options=options)
            size = (directory / LOCK_FILE).stat().st_size
            print(f"sources update: exit {status}, {took:.2f} s, lock {size / 1024:.0f} KB, "
                  f"peak RSS {peak_mb():.0f} MB ({out.strip().splitlines()[-1]})")
            check = argparse.Namespace(**base, format="text")
            status, took, out = run(cli.cmd_check, check, client=client, options=options)
            print(f"sources check:  exit {status}, {took:.2f} s, peak RSS {peak_mb():.0f} MB "
                  f"({out.strip().splitlines()[-1]})")
            mirror.edition = 2  # every page: other navigation, banner, ad and date line
            changed = sorted(mirror.text)[::max(len(mirror.text) // 3, 1)][:3]
            for key in changed:
                first = mirror.text[key][0]
                mirror.text[key][0] = first.replace(" not ", " ", 1) if " not " in first else first + " Revised."
            status, took, out = run(cli.cmd_check, check, client=client, options=options)
            print(f"after changing every page's navigation and date and 3 pages' text ({', '.join(changed)}):")
            print(f"sources check:  exit {status}, {took:.2f} s, peak RSS {peak_mb():.0f} MB "
                  f"({out.strip().splitlines()[-1]})")
            blocks: dict[str, list[str]] = {}  # one block per URL (a URL cited by two entries is listed twice)
            current: list[str] = []
            for line in out.splitlines():
                if line.startswith(("      +", "      -")):
                    current += [line if len(line) <= 150 else line[:149] + "…"][: 4 - len(current)]
                elif line.startswith("  "):
                    current = blocks.setdefault(line, []) if line not in blocks else []
            for head, lines in blocks.items():
                if head.startswith("  changed"):
                    print("\n".join([head, *lines]))
        mirror.server.shutdown()
        mirror.server.server_close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
