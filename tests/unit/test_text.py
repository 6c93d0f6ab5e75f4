"""Normalisation of Slack text and the privacy / off-topic signals."""

from __future__ import annotations

import pytest

from bot.core.matching.text import MAX_QUESTION_CHARS, clean, normalise
from bot.core.matching.vocabulary import VOCABULARY
from bot.core.models import Outcome

aspects_of = VOCABULARY.aspects_of
privacy_strength = VOCABULARY.privacy_strength
off_topic_strength = VOCABULARY.off_topic_strength


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<@U0123ABC> Does Anthropic keep prompts?", "does anthropic keep prompts"),
        ("see <#C024BE7LR|privacy-help> please", "see privacy help please"),
        ("docs: <https://platform.claude.com/docs|Claude docs> say so", "docs claude docs say so"),
        ("review <https://github.com/acme/web/pull/4312> :eyes:", "review"),
        ("<!channel> `claude` on *Bedrock*?", "claude on bedrock"),
        ("Anthropic’s API &amp; Vertex’s", "anthropic api vertex"),
        ("Zürich résidency", "zurich residency"),
        ("GPT-4o\u0007 via AOAI\x00", "gpt 4o via aoai"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_clean_keeps_urls_and_bounds_length():
    assert clean("see <https://example.com/x>") == "see https://example.com/x"
    assert len(clean("a" * 40_000)) == MAX_QUESTION_CHARS
    assert clean("line\x00one\x1b[31m") == "line one [31m"


def test_aspects_and_signals():
    words = normalise("how long does bedrock retain prompts, and is it used for training?").split()
    found = aspects_of(words)
    assert set(found) == {"retention", "training"}
    assert privacy_strength(words) >= 2.0
    assert off_topic_strength(words) == 0
    ops = normalise("we get 429 errors and a quota limit on bedrock").split()
    assert off_topic_strength(ops) >= 3 > privacy_strength(ops)


def test_clean_keeps_line_breaks_so_a_post_keeps_its_title():
    from bot.core.matching.segments import segment

    raw = "Retention on Bedrock?\r\n\r\n  We   send <@U0123ABC> tickets.\n\n\nThanks  "
    cleaned = clean(raw)
    assert cleaned == "Retention on Bedrock?\nWe send tickets.\nThanks"
    assert segment(cleaned).title == "Retention on Bedrock?"
    assert clean("one   line\tonly") == "one line only"


def test_a_lone_carriage_return_breaks_a_line():
    assert clean("Retention on Bedrock?\rWe send tickets.") == "Retention on Bedrock?\nWe send tickets."


def test_the_arabic_scripts_question_mark_asks_like_any_other(answers):
    assert clean("هل تحتفظ Anthropic ببياناتنا؟").endswith("?")
    d = answers.decide("هل تحتفظ Anthropic ببياناتنا عند استخدام Claude عبر Microsoft Foundry؟")
    assert d.outcome is not Outcome.DECLINE  # a question for the privacy team, in a language the bot does not read
