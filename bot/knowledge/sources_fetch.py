"""Fetch the pages that entries cite and reduce each to the sentences of its main text.

What must not count as a change is dropped before anything is compared: navigation, cookie banners and ads
(trafilatura keeps the main text only), whitespace, and sentences that are only a date ("Updated 3 days ago",
"Last updated: March 4, 2026"). A page that is not text (a PDF) is compared by the hash of its bytes.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from urllib.parse import urldefrag

import httpx
import trafilatura

USER_AGENT = "privacy-bot-sources/1.0 (+https://github.com/privacy-bot/privacy-bot)"
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.5"
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how long to fetch: per-request timeout, size limit, retries, concurrency."""

    timeout: float = 10.0        # connect, and each read of the socket
    deadline: float = 30.0       # one whole attempt, however slowly the bytes come
    max_bytes: int = 5_000_000   # the body is read in a stream and cut here
    retries: int = 2             # more attempts after a 5xx, 429, timeout or connection failure
    backoff: float = 0.5         # seconds before the first retry, doubled for each further one
    workers: int = 4             # requests in flight at once
    max_redirects: int = 5       # for the client built here (a client passed in keeps its own)
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    """What one URL gave: the sentences of its main text, or why there is none."""

    url: str
    final_url: str | None = None
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    sentences: tuple[str, ...] = ()
    hash: str | None = None
    not_modified: bool = False
    truncated: bool = False
    error: str | None = None  # None when the page was read (2xx) or is unchanged (304)

    @property
    def ok(self) -> bool:
        """Return whether the page was read or confirmed unchanged."""
        return self.error is None


# -- main text to sentences (pure) -----------------------------------------------------------------------------

_MONTH = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DAY = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_FILLER = (r"last|updated?|modified|published|posted|reviewed|revised|edited|changed|created|effective|date[ds]?|"
           r"on|at|as|of|by|in|the|ago|today|yesterday|just|now|an?|one|few|about|over|"
           r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|read|time|"
           r"am|pm|utc|gmt|[ecmp][sd]t|cet|cest|bst|z")
_ISO = r"\d{4}-\d\d-\d\d(?:t\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:z|[+-]\d\d:?\d\d)?)?"
_DATE_TOKEN = re.compile(rf"{_ISO}\b|(?:{_MONTH}|{_DAY}|{_FILLER})\b\.?|\d+(?:st|nd|rd|th|am|pm|[smhdwy])?\b|\W+",
                         re.IGNORECASE)
_DATE_SIGNAL = re.compile(rf"\b(?:{_MONTH})\b|\b(?:19|20)\d\d\b|\bago\b|\btoday\b|\byesterday\b|\bjust now\b|\d:\d\d",
                          re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(\s+)(?=[\"'“‘(]?[A-Z0-9])")
_MARKUP = re.compile(r"^(?:[#>*+\-]+\s+|\d+[.)]\s+)+")
_LETTER = re.compile(r"[^\W\d_]")


def is_date_only(sentence: str) -> bool:
    """Return whether a sentence says nothing but when ("Updated 3 days ago", "Last updated: 4 March 2026")."""
    sentence = sentence.replace("_", " ")  # Markdown emphasis: _Last updated 2 days ago_
    if not _DATE_SIGNAL.search(sentence):
        return False
    position = 0
    while position < len(sentence):
        match = _DATE_TOKEN.match(sentence, position)
        if match is None or match.end() == position:
            return False
        position = match.end()
    return True


def _split_line(line: str) -> Iterator[str]:
    start = 0
    for match in _SENTENCE_END.finditer(line):
        before = line[max(match.start() - 2, 0):match.start()]
        if before[-1:].isupper() and not before[:1].isalpha():  # an initial: "U.S. Government", "A. Smith"
            continue
        yield line[start:match.start(1)]
        start = match.end(1)
    yield line[start:]


def split_sentences(text: str) -> list[str]:
    """Return the sentences of a text: whitespace normalised, list and heading marks dropped, dates left out."""
    out: list[str] = []
    for raw in text.splitlines():
        for part in _split_line(_MARKUP.sub("", " ".join(raw.split()))):
            sentence = part.strip()
            if sentence and _LETTER.search(sentence) and not is_date_only(sentence):
                out.append(sentence)
    return out


def text_hash(sentences: Iterable[str]) -> str:
    """Return the sha256 of normalised main text (one sentence per line)."""
    return "sha256:" + hashlib.sha256("\n".join(sentences).encode()).hexdigest()


def main_text(body: bytes, content_type: str, url: str) -> str | None:
    """Return the main text of a response body (HTML through trafilatura, text as is), or None for binary."""
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    charset = re.search(r"charset=[\"']?([\w.:-]+)", params, re.IGNORECASE)
    encoding = charset[1] if charset else "utf-8"
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    if mime in HTML_TYPES or (not mime and text.lstrip()[:1] == "<"):
        extracted = trafilatura.extract(text, include_comments=False, include_tables=True, favor_precision=True)
        return extracted or trafilatura.html2txt(text)
    path = urldefrag(url).url.split("?")[0].lower()
    if mime.startswith("text/") or path.endswith(TEXT_SUFFIXES) or (b"\0" not in body[:4096] and "\ufffd" not in text):
        return text
    return None


# -- fetching (I/O) --------------------------------------------------------------------------------------------


class _Deadline(Exception):
    """One attempt took longer than FetchOptions.deadline."""


def make_client(options: FetchOptions | None = None, *, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """Return an HTTP client for fetching sources (pass a transport to serve the pages from elsewhere)."""
    options = options or FetchOptions()
    return httpx.Client(headers={"User-Agent": options.user_agent, "Accept": ACCEPT},
                        timeout=httpx.Timeout(options.timeout), follow_redirects=True,
                        max_redirects=options.max_redirects, transport=transport,
                        limits=httpx.Limits(max_connections=max(options.workers, 1) * 2))


def _read(response: httpx.Response, limit: int, deadline: float) -> tuple[bytes, bool]:
    """Return at most `limit` bytes of the (decoded) body, and whether it was cut."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        if time.monotonic() > deadline:
            raise _Deadline
        if size + len(chunk) > limit:
            chunks.append(chunk[: limit - size])
            return b"".join(chunks), True
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks), False


def _attempt(client: httpx.Client, url: str, headers: dict[str, str], options: FetchOptions) -> Fetched:
    deadline = time.monotonic() + options.deadline
    with client.stream("GET", urldefrag(url).url, headers=headers, timeout=httpx.Timeout(options.timeout),
                       follow_redirects=True) as response:
        meta = Fetched(url=url, final_url=str(response.url), status=response.status_code,
                       etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))
        if response.status_code == 304:
            return replace(meta, not_modified=True)
        if not 200 <= response.status_code < 300:
            return replace(meta, error=f"HTTP {response.status_code}")
        body, truncated = _read(response, options.max_bytes, deadline)
        content_type = response.headers.get("content-type", "")
    text = main_text(body, content_type, str(meta.final_url))
    if text is None:  # not text: compare the bytes
        return replace(meta, hash="sha256:" + hashlib.sha256(body).hexdigest(), truncated=truncated)
    sentences = split_sentences(text)
    return replace(meta, sentences=tuple(sentences), hash=text_hash(sentences), truncated=truncated)


def fetch(client: httpx.Client, url: str, *, etag: str | None = None, last_modified: str | None = None,
          options: FetchOptions | None = None) -> Fetched:
    """Fetch one URL (conditionally, given a validator), retrying 5xx, 429, timeouts and connection failures."""
    options = options or FetchOptions()
    headers = {"User-Agent": options.user_agent, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    attempts = options.retries + 1
    failure = Fetched(url=url, error="not fetched")
    for attempt in range(attempts):
        if attempt:
            time.sleep(options.backoff * 2 ** (attempt - 1))
        try:
            result = _attempt(client, url, headers, options)
        except httpx.TooManyRedirects:
            return Fetched(url=url, error=f"more than {client.max_redirects} redirects")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            return Fetched(url=url, error=f"cannot fetch: {exc}")
        except (httpx.TimeoutException, _Deadline):
            failure = Fetched(url=url, error=f"timed out ({attempts} attempts)")
            continue
        except httpx.TransportError as exc:
            failure = Fetched(url=url, error=f"unreachable ({attempts} attempts): {exc or type(exc).__name__}")
            continue
        if result.status is not None and (result.status >= 500 or result.status == 429):
            failure = replace(result, error=f"HTTP {result.status} ({attempts} attempts)")
            continue
        return result
    return failure


def fetch_all(urls: Iterable[str], *, client: httpx.Client | None = None,
              validators: Mapping[str, tuple[str | None, str | None]] | None = None,
              options: FetchOptions | None = None) -> dict[str, Fetched]:
    """Fetch many URLs, at most options.workers at a time; validators: url -> (etag, last_modified)."""
    options = options or FetchOptions()
    validators = validators or {}
    todo = sorted(set(urls))
    own = client is None
    http = client or make_client(options)
    try:
        with ThreadPoolExecutor(max_workers=max(options.workers, 1), thread_name_prefix="sources") as pool:
            results: Iterator[Fetched] = pool.map(
                lambda url: fetch(http, url, etag=validators.get(url, (None, None))[0],
                                  last_modified=validators.get(url, (None, None))[1], options=options), todo)
            return {result.url: result for result in results}
    finally:
        if own:
            http.close()


class MappedTransport(httpx.BaseTransport):
    """Serve URLs from a mirror: requests to a mapped prefix go to another one (tests, benches, an archive).

    Responses keep the original URL, and Location headers that point into the mirror are mapped back, so
    redirects and final URLs read as if the original site had answered.
    """

    def __init__(self, mapping: Mapping[str, str], *, transport: httpx.BaseTransport | None = None):
        self.mapping = dict(mapping)
        self.transport = transport or httpx.HTTPTransport()

    @staticmethod
    def _swap(url: str, pairs: Iterable[tuple[str, str]]) -> str:
        for source, target in pairs:
            if url.startswith(source):
                return target + url[len(source):]
        return url

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request to the mirror; map a Location header back."""
        target = self._swap(str(request.url), self.mapping.items())
        mirrored = httpx.Request(request.method, target, headers=request.headers, stream=request.stream,
                                 extensions=request.extensions)
        response = self.transport.handle_request(mirrored)
        location = response.headers.get("location")
        if location:
            response.headers["location"] = self._swap(location, ((t, s) for s, t in self.mapping.items()))
        return response

    def close(self) -> None:
        """Close the underlying transport."""
        self.transport.close()
