"""Sources watch, the pure parts: main text to sentences, what counts as a change, the lock file, the report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.cli.main import build_parser
from bot.knowledge.loader import KnowledgeError
from bot.knowledge.sources import (
    LOCK_FILE,
    MAX_SENTENCES,
    Snapshot,
    SourcesReport,
    UrlCheck,
    check_sources,
    cited,
    compare,
    diff_sentences,
    load_entries,
    lock_text,
    read_lock,
    snapshot,
    write_lock,
)
from bot.knowledge.sources_fetch import Fetched, is_date_only, main_text, split_sentences, text_hash

URL = "https://vendor.example/privacy"
NOW = dt.datetime(2026, 11, 25, 12, 0, 10, tzinfo=dt.timezone.utc)
PAGE = """<html><head><title>Privacy</title></head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/docs">Docs</a></li>
<li><a href="/pricing">Pricing</a></li></ul></nav>
<main><article><h1>API data retention</h1><p>Last updated: March 4, 2026</p>
<p>We retain API inputs and outputs for 30 days. After that they are deleted automatically unless flagged by
our trust and safety classifiers for review by a small team.</p>
<p>Zero data retention is available on request for eligible customers. Contact sales to arrange it for your
organisation; it covers every endpoint except the batch API.</p></article></main>
<aside class="advertisement">Try our new product today! Buy now and save 20 percent.</aside>
<footer>Copyright 2026 Example Inc. All rights reserved.</footer></body></html>"""


@pytest.mark.parametrize("sentence", [
    "Updated 3 days ago", "Last updated: March 4, 2026", "Last updated 2026-03-04T10:00:00Z", "5h ago",
    "Posted on Tue, 4 Mar 2026 10:30 UTC", "Effective date: January 1, 2026", "May 2026", "Published 10am today",
    "Updated yesterday.", "12/03/2026", "_Last updated 2 days ago_", "*Updated:* 2026-03-04", "Updated just now"])
def test_date_only_sentences_are_recognised(sentence):
    assert is_date_only(sentence)


@pytest.mark.parametrize("sentence", [
    "30 days.", "Retention: 30 days", "We may retain data until 2026.", "In March 2026 we changed our policy.",
    "Logs are kept for 2 years.", "Updated models are trained on opted-in data.",
    "Just now we changed our retention to 30 days."])
def test_sentences_with_content_are_kept(sentence):
    assert not is_date_only(sentence)


def test_split_sentences_normalises_whitespace_markup_and_drops_dates():
    text = ("# Heading\n- item  one. Item Two\tis here!\nUpdated 3 days ago\n\n| Data | 30 days |\n---\n"
            "U.S. users. A. Smith")
    assert split_sentences(text) == ["Heading", "item one.", "Item Two is here!", "| Data | 30 days |",
                                     "U.S. users.", "A. Smith"]
    assert split_sentences('He said "Stop." Then (it) ended. e.g. this stays') == [
        'He said "Stop."', "Then (it) ended. e.g. this stays"]


def test_main_text_of_html_leaves_out_navigation_banners_ads_and_dates():
    sentences = split_sentences(main_text(PAGE.encode(), "text/html; charset=utf-8", URL) or "")
    assert "We retain API inputs and outputs for 30 days." in sentences
    assert "Zero data retention is available on request for eligible customers." in sentences
    joined = " ".join(sentences)
    for noise in ("cookies", "Pricing", "Buy now", "March 4", "All rights reserved"):
        assert noise not in joined


def test_main_text_of_plain_text_markdown_and_binary():
    assert main_text(b"# Title\nPlain body.", "text/plain", URL) == "# Title\nPlain body."
    assert main_text(b"# Guide\nSome text.", "application/octet-stream", URL + "/guide.md") == "# Guide\nSome text."
    assert main_text(b"%PDF-1.7\x00\x01\x02\xff\xfe", "application/pdf", URL + "/dpa.pdf") is None
    assert main_text("caf\xe9 ok".encode("latin-1"), "text/plain; charset=latin-1", URL) == "caf\xe9 ok"


def test_text_hash_is_stable_and_sensitive():
    assert text_hash(["a.", "b."]) == text_hash(["a.", "b."]) != text_hash(["a.", "c."])
    assert text_hash([]).startswith("sha256:")


def page(sentences: list[str], **kw: object) -> Fetched:
    fields: dict[str, object] = {"url": URL, "final_url": URL, "status": 200, "sentences": tuple(sentences),
                                 "hash": text_hash(sentences), **kw}
    return Fetched(**fields)  # type: ignore[arg-type]


def locked(sentences: list[str], **kw: object) -> Snapshot:
    return snapshot(page(sentences, **kw), ["entry-a"], NOW)


def test_diff_sentences_ignores_moves_and_keeps_page_order():
    assert diff_sentences(["a", "b", "c"], ["c", "a", "d", "b", "e"]) == (("d", "e"), ())
    assert diff_sentences(["a", "b", "c"], ["a", "x"]) == (("x",), ("b", "c"))


def test_compare_unchanged_changed_gone_new_redirected():
    old = ["Prompts are kept for 30 days.", "ZDR is available."]
    row = locked(old, etag='"v1"')
    assert compare(URL, row, page(old), ["entry-a"]).state == "unchanged"
    assert compare(URL, row, Fetched(url=URL, final_url=URL, status=304, not_modified=True)).state == "unchanged"
    changed = compare(URL, row, page(["Prompts are kept for 90 days.", "ZDR is available."]))
    assert (changed.state, changed.added, changed.removed) == (
        "changed", ("Prompts are kept for 90 days.",), ("Prompts are kept for 30 days.",))
    gone = compare(URL, row, Fetched(url=URL, final_url=URL, status=404, error="HTTP 404"))
    assert (gone.state, gone.detail) == ("gone", "HTTP 404")
    assert compare(URL, None, page(old)).state == "new"
    assert compare(URL, None, Fetched(url=URL, error="timed out (3 attempts)")).state == "gone"
    moved = compare(URL, row, page(old, final_url=URL + "/v2"))
    assert moved.state == "redirected" and URL + "/v2" in moved.detail and not moved.text_changed


def test_compare_reorder_and_binary_changes_are_changes_without_sentences():
    row = locked(["a.", "b."])
    reordered = compare(URL, row, page(["b.", "a."]))
    assert reordered.state == "changed" and reordered.added == reordered.removed == () and "order" in reordered.detail
    pdf = snapshot(Fetched(url=URL, final_url=URL, status=200, hash="sha256:1"), ["e"], NOW)
    assert "not text" in compare(URL, pdf, Fetched(url=URL, final_url=URL, status=200, hash="sha256:2")).detail


def test_snapshot_caps_sentences_and_added_counts_only_within_the_cap():
    many = [f"Sentence number {i}." for i in range(MAX_SENTENCES + 50)]
    row = locked(many)
    assert len(row.sentences) == MAX_SENTENCES and row.hash == text_hash(many)
    assert row.fetched == "2026-11-25T12:00:10Z" and row.entries == ("entry-a",)
    grown = compare(URL, row, page([*many, "One more at the end."]))
    assert grown.state == "changed" and grown.added == () and grown.removed == ()


def report() -> SourcesReport:
    long = "x" * 500
    return SourcesReport((
        UrlCheck("https://a.example/1", "changed", ("entry-a",), added=tuple(f"new {i} {long}" for i in range(12)),
                 removed=("old one.",)),
        UrlCheck("https://a.example/2", "unchanged", ("entry-a", "entry-b")),
        UrlCheck("https://a.example/3", "gone", ("entry-a",), detail="HTTP 410"),
        UrlCheck("https://b.example/1", "new", ("entry-b",)),
    ), ("entry-a", "entry-b"))


def test_report_flags_entries_and_fails_on_change_or_gone():
    rep = report()
    assert set(rep.flagged()) == {"entry-a"} and len(rep.flagged()["entry-a"]) == 2
    assert rep.failed and rep.counts() == {"unchanged": 1, "changed": 1, "gone": 1, "redirected": 0, "new": 1}
    assert not SourcesReport(rep.checks[1:2] + rep.checks[3:], rep.entry_ids).failed
    data = rep.as_json()
    assert [c["url"] for c in data["entries"]["entry-b"]] == ["https://a.example/2", "https://b.example/1"]


def test_summary_for_shows_at_most_ten_sentences_each_cut_to_200_chars():
    text = report().summary_for("entry-a")
    lines = text.splitlines()
    assert lines[0] == "2 of the 3 sources of entry-a changed since they were recorded:"
    assert "gone: https://a.example/3 (HTTP 410)" in lines
    added = [line for line in lines if line.startswith("  + ")]
    assert len(added) == 10 and all(len(line) <= 204 for line in added) and added[0].endswith("…")
    assert "  - old one." in lines and lines[-1] == "(2 more added and 0 more removed sentences not shown)"
    assert report().summary_for("entry-b") == "The sources of entry-b are unchanged (2 pages)."


def test_lock_text_is_sorted_and_round_trips(tmp_path):
    rows = {u: snapshot(page(["Zeta: a sentence with: colons.", "Alpha #1"], url=u, etag='"e"'), ["b", "a"], NOW)
            for u in ("https://z.example/", "https://a.example/x#frag")}
    text = lock_text(rows)
    assert text == lock_text(dict(reversed(rows.items())))
    assert text.index("https://a.example/x#frag:") < text.index("https://z.example/:")
    assert "  - Zeta: a sentence with: colons.\n" in text or "  - 'Zeta: a sentence with: colons.'\n" in text
    write_lock(tmp_path, rows)
    assert read_lock(tmp_path) == rows
    assert next(iter(yaml.safe_load((tmp_path / LOCK_FILE).read_text()))) == "https://a.example/x#frag"
    assert read_lock(tmp_path / "nowhere") == {}


def test_an_unreadable_lock_is_a_knowledge_error(tmp_path):
    (tmp_path / LOCK_FILE).write_text("- just\n- a list\n")
    with pytest.raises(KnowledgeError, match="mapping"):
        read_lock(tmp_path)


def test_cited_urls_of_the_shipped_answer_set(answers):
    entries = load_entries(Path(__file__).resolve().parents[2] / "knowledge")
    urls = cited(entries.values())
    assert set(entries) >= set(answers.entries)
    assert all(u.startswith("https://") for u in urls) and list(urls) == sorted(urls)
    shared = [u for u, ids in urls.items() if len(ids) > 1]
    assert shared and all(list(urls[u]) == sorted(urls[u]) for u in shared)


def test_unknown_entry_ids_are_refused_before_anything_is_fetched(knowledge_copy):
    with pytest.raises(ValueError, match="no-such-entry"):
        check_sources(knowledge_copy, entry_ids=["no-such-entry"])


def test_the_command_line_parses_sources_commands():
    args = build_parser().parse_args(["sources", "check", "a", "b", "--format", "json", "--knowledge", "k"])
    assert (args.entry_ids, args.format, args.knowledge) == (["a", "b"], "json", "k")
    assert build_parser().parse_args(["sources", "update"]).entry_ids == []
