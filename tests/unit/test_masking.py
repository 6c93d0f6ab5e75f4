"""Contact masking, both ways: what people write as contacts is masked; ids, versions, dates and numbers are not."""

from __future__ import annotations

import pytest

from bot.core.masking import EMAIL_MASK, PHONE_MASK, mask_contacts

MASKED = [
    ("mail jo.doe+x@example.co.uk now", f"mail {EMAIL_MASK} now"),
    ("jane.o'neil@example.com wrote", f"{EMAIL_MASK} wrote"),
    ("first.last+tag@sub.example.co.uk", EMAIL_MASK),
    ("ping me at a_b-c@corp-mail.example.org.", f"ping me at {EMAIL_MASK}."),
    ("Émile.Zola@exemple.fr", EMAIL_MASK),
    ("<jo@example.com>", f"<{EMAIL_MASK}>"),
    ("two: a@b.io, c@d.io", f"two: {EMAIL_MASK}, {EMAIL_MASK}"),
    ("call +44 20 7946 0958 or (555) 123-4567", f"call {PHONE_MASK} or {PHONE_MASK}"),
    ("call 0049-30-1234567.", f"call {PHONE_MASK}."),
    ("mobile 0170/1234567", f"mobile {PHONE_MASK}"),
    ("+49 170 1234567", PHONE_MASK),
    ("+4917012345678", PHONE_MASK),
    ("tel:+4917012345678", f"tel:{PHONE_MASK}"),
    ("555-123-4567 ok", f"{PHONE_MASK} ok"),
    ("(0170) 123 45 67", PHONE_MASK),
    ("0044 20 7946 0958", PHONE_MASK),
    ("+33 1 23 45 67 89", PHONE_MASK),
    ("+1 (415) 555-0123", PHONE_MASK),
    ("030 12345678", PHONE_MASK),
    ("01701234567", PHONE_MASK),
    ("+81 3-1234-5678", PHONE_MASK),
    ("+49 (0) 30 1234567", PHONE_MASK),
    ("call 415.555.0123 today", f"call {PHONE_MASK} today"),
]
KEPT = [
    "claude-3-5-sonnet-20241022",
    "gpt-4o-2024-08-06",
    "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
    "claude-3-5-sonnet@20240620",
    "o1-2024-12-17",
    "gemini-1.5-pro-002",
    "text-embedding-3-large",
    "since 2026-11-25, GPT-4, v1.2.3, port 8080, 10.0.0.1",
    "on 2026-12-01 we",
    "01.12.2026",
    "12/01/2026",
    "2026/12/01",
    "order 20241022",
    "192.168.1.100",
    "version 3.11.7",
    "30 days",
    "1,000,000 tokens",
    "HTTP 429 and 503",
    "4096 tokens, 128000 context",
    "ticket PRIV-12345678",
    "https://example.com/issues/12345678",
    "see docs/2024-05-13/retention",
    "support@ in the text but no domain",
]


@pytest.mark.parametrize("text, expected", MASKED)
def test_contacts_are_masked(text, expected):
    assert mask_contacts(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_ids_versions_dates_and_numbers_are_kept(text):
    assert mask_contacts(text) == text


def test_at_least_forty_cases_both_ways():
    assert len(MASKED) + len(KEPT) >= 40 and len(MASKED) >= 15 and len(KEPT) >= 15
